"""Row errors in plain Finnish and English, and the vectorised checks that produce them.

Every rejected row names the file, its line number, the column and the reason. Checks take
a column of parsed values and a mask of bad rows, so a million-row file is checked in a few
vectorised passes. Personal data (identity codes, phone numbers, e-mail addresses) in a
rejected cell never reaches a message: values are masked when an error is recorded and again
when a message is formatted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from data_access.ingest.finnish_csv import (
    FILE,
    NO_RECORDS,
    ROW,
    UnreadableFile,
    non_finite,
    raw_numbers,
    refused_in,
)
from data_access.ingest.privacy import mask_personal_data

MESSAGES: dict[str, tuple[str, str]] = {
    "unreadable_file": ("tiedostoa ei voi lukea: {value}", "the file cannot be read: {allowed}"),
    "missing_column": ("pakollinen sarake puuttuu", "required column is missing"),
    "missing_value": ("pakollinen arvo puuttuu", "required value is missing"),
    "bad_date": ("päivämäärää ei voi lukea: {value}", "cannot read the date: {value}"),
    "bad_number": ("lukua ei voi lukea: {value}", "cannot read the number: {value}"),
    "bad_boolean": ("kyllä/ei-arvoa ei voi lukea: {value}", "cannot read the yes/no value: {value}"),
    "not_finite": ("luku {value} ei ole äärellinen luku", "{value} is not a finite number"),
    "bad_oid": (
        "tunniste {value} ei ole OID-muotoinen (esim. 1.2.246.10.12345678.10.1)",
        "{value} is not an OID (e.g. 1.2.246.10.12345678.10.1)",
    ),
    "bad_value": ("arvo {value} ei ole sallittu ({allowed})", "value {value} is not allowed ({allowed})"),
    "unknown_unit": ("tuntematon toimipisteen koodi {value}", "unknown unit code {value}"),
    "unknown_service_area": ("tuntematon palvelukokonaisuus {value}", "unknown service area {value}"),
    "unknown_reference": ("tuntematon viittaus {value}", "unknown reference {value}"),
    "unknown_item": ("tuntematon kysymys (väittämä) {value}", "unknown survey item {value}"),
    "unknown_scale": (
        "kyselyn {value} asteikkoa ei tunneta (anna kyselyt tai feedbackScale-sarake)",
        "the scale of survey {value} is unknown (give the surveys or a feedbackScale column)",
    ),
    "out_of_scale": (
        "arvo {value} ei ole asteikolla {allowed}",
        "value {value} is outside the scale {allowed}",
    ),
    "future_date": ("päivämäärä {value} on tulevaisuudessa", "date {value} is in the future"),
    "date_order": ("päivämäärä {value} on ennen saapumista", "date {value} is before the date received"),
    "duplicate_in_file": (
        "sama tunniste {value} eri sisällöllä myös rivillä {allowed}",
        "the same id {value} with different content also on line {allowed}",
    ),
    "conflict_with_warehouse": (
        "tunniste {value} on jo tallennettu eri sisällöllä",
        "id {value} is already stored with different content",
    ),
    "joined_row_rejected": (
        "sisäisen viennin rivi {value} hylättiin, joten tätäkään ei tuoda",
        "the internal export's line {value} was rejected, so this row is not imported either",
    ),
    "too_long": ("rivi on liian pitkä", "the line is too long"),
    "bad_shape": ("rivillä on väärä määrä sarakkeita", "the line has the wrong number of columns"),
    "too_long_text": (
        "teksti on liian pitkä ({value} merkkiä, enintään {allowed})",
        "the text is too long ({value} characters, at most {allowed})",
    ),
    "bad_encoding": (
        "virheellinen tavu {value} ({allowed}-tiedostossa); korjaa merkki, muu tiedosto luettiin",
        "invalid byte {value} (in a {allowed} file); fix the character, the rest of the file was read",
    ),
    "foreign_encoding": (
        "UTF-8-merkki {value} {allowed}-tiedostossa; korjaa merkki, muu tiedosto luettiin",
        "a UTF-8 character {value} in a {allowed} file; fix the character, the rest of the file was read",
    ),
    "unbalanced_quote": (
        "lainausmerkki jää sulkematta (kenttä jatkuisi riville {value}); seuraavat rivit luettiin erikseen",
        "unclosed quote (the field would run on to line {value}); the following lines were read on their own",
    ),
    "inside_quote": (
        "rivi jää rivin {value} sulkematta jääneen lainausmerkin sisään",
        "the line is inside the unclosed quote of line {value}",
    ),
    "unclosed_quote_at_end": (
        "lainausmerkki jää sulkematta tiedoston loppuun asti",
        "a quote is left open to the end of the file",
    ),
    "bad_quote": (
        "lainausmerkki väärässä kohdassa (lainattu kenttä ei pääty erottimeen)",
        "misplaced quote (a quoted field does not end at a separator)",
    ),
    "out_of_range": (
        "luku {value} ei ole välillä {allowed}",
        "number {value} is outside the range {allowed}",
    ),
    "not_whole": ("luku {value} ei ole kokonaisluku", "number {value} is not a whole number"),
    "not_joined": (
        "tunnistetta {value} ei löydy sisäisestä viennistä",
        "id {value} is not in the internal export",
    ),
    "strict": (
        "tiedosto hylättiin kokonaan (--strict), koska siinä oli virheitä",
        "the whole file was rejected (--strict) because it had errors",
    ),
    "older_version": (
        "tietueesta {value} on jo tallennettu uudempi versio ({allowed}); tätä vanhempaa ei tuotu",
        "a newer version ({allowed}) of record {value} is already stored; this older one was skipped",
    ),
    "older_versions_skipped": (
        "{value} riviä ohitettiin, koska niiden tietueista on jo tallennettu uudempi versio",
        "{value} rows were skipped because a newer version of their records is already stored",
    ),
    "bad_month": (
        "kuukautta ei voi lukea: {value} (muoto k/vvvv, vvvv-kk tai p.k.vvvv)",
        "cannot read the month: {value} (write m/yyyy, yyyy-mm or d.m.yyyy)",
    ),
    "visits_out_of_range": (
        "käyntimäärä {value} ei ole sallitulla välillä {allowed}",
        "visit count {value} is outside the allowed range {allowed}",
    ),
}


@dataclass(frozen=True)
class RowError:
    """Why one row (or, with ``row`` None, the whole file) was rejected."""

    file: str
    row: int | None
    column: str | None
    code: str
    value: str = ""
    allowed: str = ""

    @property
    def message_fi(self) -> str:
        """The reason in Finnish (personal data masked)."""
        return mask_personal_data(MESSAGES[self.code][0].format(value=self.value, allowed=self.allowed))

    @property
    def message_en(self) -> str:
        """The reason in English (personal data masked)."""
        return mask_personal_data(MESSAGES[self.code][1].format(value=self.value, allowed=self.allowed))

    def describe(self) -> str:
        """One line for people: ``file, rivi/line N, sarake/column C: fi / en``."""
        where = [self.file]
        if self.row is not None:
            where.append(f"rivi/line {self.row}")
        if self.column:
            where.append(f"sarake/column {self.column}")
        return f"{', '.join(where)}: {self.message_fi} / {self.message_en}"


class Errors:
    """Collects row errors of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[RowError] = []

    def add(
        self, row: int | None, column: str | None, code: str, value: object = "", allowed: str = ""
    ) -> None:
        """Record one error."""
        self.items.append(RowError(self.file, row, column, code, _short(value), allowed))

    def mask(
        self,
        frame: pd.DataFrame,
        bad: pd.Series,
        column: str | None,
        code: str,
        values: pd.Series | None = None,
        allowed: str = "",
    ) -> None:
        """Record ``code`` for every row where ``bad`` is true (``values`` name the offending cells)."""
        bad = bad.fillna(False).astype(bool)
        if not bad.any():
            return
        rows = frame.loc[bad, ROW].tolist()
        files = frame.loc[bad, FILE].tolist() if FILE in frame else [self.file] * len(rows)
        shown = values[bad].tolist() if values is not None else [""] * len(rows)
        for file, row, value in zip(files, rows, shown, strict=True):
            self.items.append(RowError(file, int(row), column, code, _short(value), allowed))

    def rows(self) -> set[int]:
        """Line numbers with at least one error."""
        return {e.row for e in self.items if e.row is not None}


def _short(value: object) -> str:
    """A cell as shown in a message: personal data masked first, then cut to 60 characters."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = mask_personal_data(str(value))
    return text if len(text) <= 60 else text[:57] + "..."


def check_records(raw: pd.DataFrame, errors: Errors) -> None:
    """What the reading layer refused in ``raw`` becomes row errors; a file without records is unreadable.

    A JSON cell holding a :class:`~finnish_csv.Refused` string (too long, foreign bytes) is an
    error of its record naming the JSON key; the cell is emptied in place, so the 200 MB text or
    the broken bytes go no further (not even to quarantine). A ``raw`` with no records and no
    refused lines has "no rows" (exit 2).
    """
    if raw.empty and not errors.items:
        raise UnreadableFile(*NO_RECORDS)
    found: list[RowError] = []
    for column in raw.columns:
        cells = raw[column]
        if cells.dtype != object or pd.api.types.infer_dtype(cells, skipna=True) in _PLAIN_KINDS:
            continue
        markers = cells.map(refused_in)
        hit = markers.notna()
        if not hit.any():
            continue
        for index in markers.index[hit.to_numpy()]:
            marker = markers.at[index]
            label = raw.at[index, FILE] if FILE in raw else errors.file
            found.append(
                RowError(
                    label, int(raw.at[index, ROW]), marker.key, marker.code, marker.value, marker.allowed
                )
            )
        raw[column] = cells.where(~hit, None)
    errors.items.extend(sorted(found, key=lambda e: (e.row or 0, e.column or "")))


_PLAIN_KINDS = ("string", "empty", "integer", "floating", "boolean")
"""Column kinds that cannot hold a refused marker (skipped without looking at each cell)."""


def bounded_integers(
    errors: Errors,
    frame: pd.DataFrame,
    cells: pd.Series,
    column: str,
    minimum: int,
    maximum: int,
    *,
    required: bool = False,
) -> pd.Series:
    """Whole numbers in ``minimum..maximum`` as nullable ``Int64``; every other cell is a row error.

    Unreadable text (``kolme``, ``1e20``) → ``bad_number``; NaN and infinities (JSON ``NaN``,
    ``1e999``) → ``not_finite``; fractions → ``not_whole``; numbers outside the range
    (``99999999999999999999``, a negative count) → ``out_of_range``; an empty cell is <NA>, or
    ``missing_value`` when ``required``. The result casts to ``int64`` without overflow. Vectorised:
    one pass of :func:`finnish_csv.raw_numbers` plus a few comparisons, whatever the number of rows.
    """
    if not -(2**53) <= minimum <= maximum <= 2**53:
        raise ValueError("bounds must lie within ±2**53, where every whole float is exact")
    values, bad = raw_numbers(cells, integer=True)
    infinite = non_finite(cells)
    errors.mask(frame, bad & ~infinite, column, "bad_number", cells)
    errors.mask(frame, infinite, column, "not_finite", cells)
    fractional = values.notna() & (values != np.floor(values))
    errors.mask(frame, fractional, column, "not_whole", cells)
    outside = values.notna() & ~fractional & ((values < minimum) | (values > maximum))
    errors.mask(frame, outside, column, "out_of_range", cells, f"{minimum}–{maximum}")
    if required:
        errors.mask(frame, values.isna() & ~bad, column, "missing_value")
    return values.where(~(bad | fractional | outside)).astype("Int64")


def check_enum(
    errors: Errors,
    frame: pd.DataFrame,
    values: pd.Series,
    column: str,
    allowed: Iterable[str],
    required: bool,
) -> None:
    """Values must come from a closed set (data_access/vocabulary.py)."""
    allowed = tuple(allowed)
    present = values.notna()
    errors.mask(frame, present & ~values.isin(allowed), column, "bad_value", values, ", ".join(allowed))
    if required:
        errors.mask(frame, ~present, column, "missing_value")


def check_required(errors: Errors, frame: pd.DataFrame, values: pd.Series, column: str) -> None:
    """The cell must not be empty."""
    errors.mask(frame, values.isna(), column, "missing_value")


def check_not_future(
    errors: Errors, frame: pd.DataFrame, values: pd.Series, column: str, now: datetime, shown: pd.Series
) -> None:
    """Dates later than now are rejected (a clock or format error in the export)."""
    stamps = pd.to_datetime(values)
    errors.mask(frame, stamps.notna() & (stamps > pd.Timestamp(now)), column, "future_date", shown)


def lenient_choice(values: pd.Series, synonyms: dict[str, str]) -> pd.Series:
    """Map labels to codes case-insensitively (``Kantelu (AVI)`` → ``kantelu_avi``); unknown kept."""
    folded = {k.casefold(): v for k, v in synonyms.items()}

    def pick(value: str) -> str:
        return folded.get(value.casefold().strip(), value)

    return values.map(pick, na_action="ignore").astype(object)
