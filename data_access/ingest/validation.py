"""Row errors in plain Finnish and English, and the vectorised checks that produce them.

Every rejected row names the file, its line number, the column and the reason. Checks take
a column of parsed values and a mask of bad rows, so a million-row file is checked in a few
vectorised passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from data_access.ingest.finnish_csv import FILE, ROW

MESSAGES: dict[str, tuple[str, str]] = {
    "unreadable_file": ("tiedostoa ei voi lukea: {value}", "the file cannot be read: {allowed}"),
    "missing_column": ("pakollinen sarake puuttuu", "required column is missing"),
    "missing_value": ("pakollinen arvo puuttuu", "required value is missing"),
    "bad_date": ("päivämäärää ei voi lukea: {value}", "cannot read the date: {value}"),
    "bad_number": ("lukua ei voi lukea: {value}", "cannot read the number: {value}"),
    "bad_boolean": ("kyllä/ei-arvoa ei voi lukea: {value}", "cannot read the yes/no value: {value}"),
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
    "not_joined": (
        "tunnistetta {value} ei löydy sisäisestä viennistä",
        "id {value} is not in the internal export",
    ),
    "strict": (
        "tiedosto hylättiin kokonaan (--strict), koska siinä oli virheitä",
        "the whole file was rejected (--strict) because it had errors",
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
        return MESSAGES[self.code][0].format(value=self.value, allowed=self.allowed)

    @property
    def message_en(self) -> str:
        return MESSAGES[self.code][1].format(value=self.value, allowed=self.allowed)

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
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
