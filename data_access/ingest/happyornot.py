"""HappyOrNot Customer API v2: button feedback (JSON or CSV), surveys and the experience-point tree.

Documents are read as the API returns them: top-level JSON arrays (``/surveys.json``,
``/experience-points.json``, ``/results/button-feedbacks.json``), the same arrays wrapped in an
object (``{"surveys": [...]}``) or the CSV variants (columns named like the JSON properties). A
metadata record is recognised by its own fields: ``feedbackScale`` makes it a survey,
``experiencePointId`` an experience point or group.

A press's ``buttonIndex`` is read on its survey's ``feedbackScale``: ``four`` (0..3), ``five``
(0..4), ``five_reversed`` (0 = most positive, stored flipped so 0 is most negative) and ``nps``
(0..10). The experience point is mapped to our unit through ``source_unit_map`` (source
``happyornot``), walking up the experience-point tree to the nearest mapped group.

Surveys and points given with the import (``--surveys``/``--points``) are stored in the warehouse
(``happyornot_survey``, ``happyornot_point``); a later import without them uses the stored ones,
and given ones win over stored ones with the same id.

Channels: ``ui`` physical and touchless are the terminal; digital, link, email and qr are channels
of their own; the labels of older exports (SMILEY_TERMINAL, WEB_SURVEY, SMS, QR_CODE, MOBILE_APP)
are read too. An empty ``ui`` falls back to ``smileyType`` (SMILEY_DIGITAL → digital, the
terminals → terminal); any other ``ui`` is a row error. A press is misuse when the API's
``misuse`` or the widget history export's ``spam`` flag is true.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import FILE, Parsed, Reference, labelled, record_shape_errors, records_frame
from data_access.ingest.privacy import open_text_rows
from data_access.ingest.validation import Errors, RowError, check_not_future, check_required
from data_access.vocabulary import QUICK_FEEDBACK_SCALES

SOURCE = "happyornot"

FEEDBACK_SCALES = {
    "four": ("four", False),
    "five": ("five", False),
    "five_reversed": ("five", True),
    "nps": ("nps", False),
}
"""HappyOrNot ``feedbackScale`` → (our scale, reversed)."""

UI_CHANNELS = {
    "physical": "terminal",
    "touchless": "terminal",
    "digital": "digital",
    "link": "link",
    "email": "email",
    "qr": "qr",
    "smiley_terminal": "terminal",
    "smiley_touch": "terminal",
    "web_survey": "web",
    "sms": "sms",
    "qr_code": "qr",
    "mobile_app": "app",
}
"""``ui`` values (Customer API v2, then older exports' labels), case-insensitive → our channel."""
SMILEY_CHANNELS = {"smiley_terminal": "terminal", "smiley_touch": "terminal", "smiley_digital": "digital"}
"""``smileyType`` → channel, used where ``ui`` is empty."""

FEEDBACK_KEYS = ("feedbacks", "feedback", "buttonfeedbacks", "data", "items", "results")
METADATA_KEYS = ("surveys", "experiencepoints", "points", "data", "items", "results")
"""Keys under which a wrapped document carries its array (compared without case, ``_`` or ``-``)."""
REQUIRED = ("feedbackid", "localtime", "experiencepointid", "buttonindex")

_SEPARATORS = re.compile(r"[\s_\-]+")


def _canonical(name: object) -> str:
    """A field or header name without case, spaces, ``_`` or ``-`` (``Feedback ID`` → ``feedbackid``)."""
    return _SEPARATORS.sub("", str(name)).lower()


def _key(value: object) -> str | None:
    """An id as text (``77`` and ``77.0`` → ``"77"``); empty → None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


@dataclass
class Metadata:
    """Surveys (id → feedbackScale) and the experience-point tree (id → parent), with rows to store."""

    scales: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    surveys: list[dict] = field(default_factory=list)
    """``happyornot_survey`` rows read from the given files (with ``_row``/``_file``)."""
    points: list[dict] = field(default_factory=list)
    """``happyornot_point`` rows read from the given files (with ``_row``/``_file``)."""
    records: list[dict] = field(default_factory=list)
    """Every record read, its cells under canonical names (the raw rows of a metadata import)."""
    bad_scales: list[tuple[str, int, str]] = field(default_factory=list)
    """(file, row, feedbackScale) of surveys whose scale is not one of :data:`FEEDBACK_SCALES`."""

    @classmethod
    def stored(cls, reference: Reference) -> Metadata:
        """The surveys and points an earlier import stored in the warehouse."""
        surveys, points = reference.happyornot_surveys, reference.happyornot_points
        return cls(
            scales=dict(zip(surveys["survey_id"].astype(str), surveys["feedback_scale"], strict=True)),
            parents={
                str(point): _key(parent)
                for point, parent in zip(points["point_id"], points["parent_id"], strict=True)
            },
        )

    def updated(self, given: Metadata) -> Metadata:
        """These (stored) entries with the given ones on top; only the given rows are to be stored."""
        return Metadata(
            scales={**self.scales, **given.scales},
            parents={**self.parents, **given.parents},
            surveys=given.surveys,
            points=given.points,
        )


def _unwrap(document: object, keys: tuple[str, ...], label: str) -> list:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        wrapped = {_canonical(k): v for k, v in document.items()}
        for key in keys:
            if isinstance(wrapped.get(key), list):
                return wrapped[key]
    raise fc.UnreadableFile(
        f"{label}: JSON-rakenne ei ole odotettu (lista tai olio, jossa lista)",
        f"{label}: unexpected JSON structure (an array, or an object holding one)",
    )


def _metadata_records(path: Path) -> list[tuple[int, dict]]:
    """(row, record with canonical keys) of a surveys or experience-points document, JSON or CSV."""
    data = path.read_bytes()
    if path.suffix.lower() == ".json":
        records = _unwrap(fc.read_json(data), METADATA_KEYS, path.name)
        return [
            (row, {_canonical(k): v for k, v in record.items()} if isinstance(record, dict) else {})
            for row, record in enumerate(records, start=1)
        ]
    sheet = next(iter(fc.read_table_file(path, data).values()))
    broken = sheet.refused_lines()
    if broken:
        raise fc.UnreadableFile(
            f"{path.name}: rivi {broken[0]} on rikki (liian pitkä tai väärä määrä sarakkeita)",
            f"{path.name}: line {broken[0]} is broken (too long or the wrong number of columns)",
        )
    frame = sheet.frame
    columns = [c for c in frame.columns if c != fc.ROW]
    return [
        (int(row), {_canonical(c): value for c, value in zip(columns, values, strict=True)})
        for row, *values in frame[[fc.ROW, *columns]].itertuples(index=False)
    ]


def read_metadata(paths: list[Path]) -> Metadata:
    """Surveys and experience points from Customer API documents (JSON or CSV, any order or mix)."""
    meta = Metadata()
    for path in paths:
        for row, record in _metadata_records(path):
            meta.records.append({**record, fc.ROW: row, FILE: path.name})
            if "feedbackscale" in record:
                survey = _key(record.get("surveyid", record.get("id")))
                if survey is None:
                    raise _bad_record(path, row, "surveyId")
                scale = (_key(record["feedbackscale"]) or "").lower()
                meta.scales[survey] = scale
                if scale not in FEEDBACK_SCALES:
                    meta.bad_scales.append((path.name, row, scale))
                else:
                    meta.surveys.append(
                        {
                            "survey_id": survey,
                            "feedback_scale": scale,
                            "index_type": _key(record.get("indextype")),
                            "name": _key(record.get("questiontextindefaultlocale", record.get("name"))),
                            fc.ROW: row,
                            FILE: path.name,
                        }
                    )
            elif "experiencepointid" in record:
                point = _key(record["experiencepointid"])
                if point is None:
                    raise _bad_record(path, row, "experiencePointId")
                parent = _key(record.get("parent"))
                meta.parents[point] = parent
                meta.points.append(
                    {
                        "point_id": point,
                        "name": _key(record.get("name")),
                        "parent_id": parent,
                        "point_type": _key(record.get("type")),
                        fc.ROW: row,
                        FILE: path.name,
                    }
                )
            else:
                raise fc.UnreadableFile(
                    f"{path.name}, rivi {row}: ei kysely (feedbackScale) eikä kosketuspiste "
                    "(experiencePointId)",
                    f"{path.name}, line {row}: neither a survey (feedbackScale) nor an experience point "
                    "(experiencePointId)",
                )
    return meta


def read_metadata_file(path: Path, data: bytes, reference: Reference) -> Parsed:
    """A surveys or experience-points document imported on its own: stored for later feedback imports."""
    meta = read_metadata([path])
    raw = pd.DataFrame(meta.records, dtype=object).reindex(
        columns=list(dict.fromkeys(k for r in meta.records for k in r if k not in (fc.ROW, FILE)))
        + [fc.ROW, FILE]
    )
    errors = Errors(path.name)
    for file, row, scale in meta.bad_scales:
        errors.items.append(
            RowError(file, row, "feedbackScale", "bad_value", scale, ", ".join(FEEDBACK_SCALES))
        )
    parsed = Parsed(SOURCE, path.name, raw, errors)
    if meta.surveys:
        parsed.tables["happyornot_survey"] = pd.DataFrame(meta.surveys)
    if meta.points:
        parsed.tables["happyornot_point"] = pd.DataFrame(meta.points)
    return parsed


def _bad_record(path: Path, row: int, column: str) -> fc.UnreadableFile:
    return fc.UnreadableFile(
        f"{path.name}, rivi {row}: tunniste {column} puuttuu", f"{path.name}, line {row}: {column} is missing"
    )


def _point_units(reference: Reference, points: pd.Series, meta: Metadata) -> pd.Series:
    codes = points.dropna().astype(str).unique()
    candidates = list(dict.fromkeys([*meta.parents, *codes]))
    direct = reference.resolve_units(pd.Series(candidates, dtype=object), SOURCE)
    known = {k: v for k, v in zip(candidates, direct, strict=True) if isinstance(v, str)}
    resolved: dict[str, str | None] = {}
    for code in codes:
        node, seen = code, set()
        while node is not None and node not in seen and known.get(node) is None:
            seen.add(node)
            node = meta.parents.get(node)
        resolved[code] = known.get(node) if node is not None else None
    return _per_value(points, lambda codes: codes.map(resolved))


def read(path: Path, data: bytes, reference: Reference, given: Metadata) -> Parsed:
    """Button feedback from a Customer API JSON document or a CSV/XLSX export (or widget history)."""
    errors = Errors(path.name)
    if path.suffix.lower() == ".json":
        raw = records_frame(_unwrap(fc.read_json(data), FEEDBACK_KEYS, path.name), path.name)
    else:
        sheet = next(iter(fc.read_table_file(path, data).values()))
        record_shape_errors(errors, sheet, path.name)
        raw = labelled(sheet, path.name)
    names = pd.Index([c if c in (fc.ROW, FILE) else _canonical(c) for c in raw.columns])
    if names.duplicated().any():
        raw = raw.loc[:, ~names.duplicated()]
        names = names[~names.duplicated()]
    raw.columns = names
    parsed = Parsed(SOURCE, path.name, raw, errors)
    missing = [name for name in REQUIRED if name not in raw.columns]
    if missing:
        for name in missing:
            errors.add(None, name, "missing_column")
        return parsed
    stored = Metadata.stored(reference)
    if stored.scales or stored.parents:
        parsed.notes.append(
            f"tallennetut kyselyt {len(stored.scales)} ja kosketuspisteet {len(stored.parents)} käytössä"
            f" (annetut korvaavat samat tunnisteet) / stored surveys ({len(stored.scales)}) and experience"
            f" points ({len(stored.parents)}) used (given ones replace the same ids)"
        )
    meta = stored.updated(given)
    _build(parsed, reference, meta)
    if meta.surveys:
        parsed.tables["happyornot_survey"] = pd.DataFrame(meta.surveys)
    if meta.points:
        parsed.tables["happyornot_point"] = pd.DataFrame(meta.points)
    return parsed


def _per_value(series: pd.Series, parse) -> pd.Series:
    """``parse`` applied once per distinct cell and spread back, sharing the results between rows.

    Survey, point, ``ui`` and flag columns repeat a handful of values over a million rows: parsing
    each distinct value once keeps one string object per value instead of one per row.
    """
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    parsed = parse(pd.Series(uniques, dtype=object)).to_numpy(dtype=object)
    spread = parsed[codes] if len(parsed) else np.full(len(codes), None, dtype=object)
    spread[codes < 0] = None
    return pd.Series(spread, index=series.index, dtype=object)


def _column(raw: pd.DataFrame, name: str, parse=fc.text) -> pd.Series:
    """A repeated-value column parsed per distinct value (None where the file lacks the column)."""
    if name not in raw:
        return pd.Series(None, index=raw.index, dtype=object)
    return _per_value(raw[name], parse)


def _folded(values: pd.Series) -> pd.Series:
    return fc.text(values).str.lower()


def _non_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _shown(value: object) -> object:
    """A non-finite JSON number as the file spells it in errors (``NaN``, ``inf``)."""
    if _non_finite(value):
        return "NaN" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def _buttons(errors: Errors, raw: pd.DataFrame) -> pd.Series:
    """``buttonIndex`` as numbers; unreadable, NaN and infinite cells are row errors."""
    cells = raw["buttonindex"]
    values = _column(raw, "buttonindex", lambda v: fc.numbers(v)[0]).astype("float64")
    bad = _column(raw, "buttonindex", lambda v: fc.numbers(v)[1]).eq(True)
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        infinite = pd.Series(False, index=cells.index)  # text cells: NaN and inf are unreadable text
    else:
        infinite = cells.map(_non_finite).astype(bool)  # JSON numbers: NaN and 1e999 are floats
    errors.mask(raw, bad & ~infinite, "buttonIndex", "bad_number", cells)
    errors.mask(raw, infinite, "buttonIndex", "not_finite", cells.map(_shown))
    unreadable = bad | infinite
    errors.mask(raw, values.isna() & ~unreadable, "buttonIndex", "missing_value")
    return values.where(~unreadable)


def _channels(errors: Errors, raw: pd.DataFrame) -> pd.Series:
    ui = _column(raw, "ui")
    channel = _column(raw, "ui", lambda v: _folded(v).map(UI_CHANNELS))
    errors.mask(raw, ui.notna() & channel.isna(), "ui", "bad_value", ui, ", ".join(UI_CHANNELS))
    fallback = _column(raw, "smileytype", lambda v: _folded(v).map(SMILEY_CHANNELS).fillna("terminal"))
    return channel.where(ui.notna(), fallback.fillna("terminal")).astype(object)


def _flag(errors: Errors, raw: pd.DataFrame, column: str, label: str) -> pd.Series:
    if column not in raw:
        return pd.Series(False, index=raw.index)
    values = _column(raw, column, lambda v: fc.booleans(v)[0])
    bad = _column(raw, column, lambda v: fc.booleans(v)[1]).eq(True)
    errors.mask(raw, bad, label, "bad_boolean", raw[column])
    return values.eq(True)


def _build(parsed: Parsed, reference: Reference, meta: Metadata) -> None:
    raw, errors = parsed.raw, parsed.errors
    ids = fc.text(raw["feedbackid"])
    check_required(errors, raw, ids, "feedbackId")
    ts, bad_ts = fc.timestamps(raw["localtime"])
    errors.mask(raw, bad_ts, "localTime", "bad_date", raw["localtime"])
    errors.mask(raw, ts.isna() & ~bad_ts, "localTime", "missing_value")
    check_not_future(errors, raw, ts, "localTime", reference.now, raw["localtime"])
    points = _column(raw, "experiencepointid")
    check_required(errors, raw, points, "experiencePointId")
    units = _point_units(reference, points, meta)
    errors.mask(raw, points.notna() & units.isna(), "experiencePointId", "unknown_unit", points)
    surveys = _column(raw, "surveyid")
    scale_codes = surveys.map(meta.scales, na_action="ignore").astype(object)
    if "feedbackscale" in raw:
        own = _column(raw, "feedbackscale", _folded)
        scale_codes = own.where(own.notna(), scale_codes).astype(object)
    errors.mask(raw, scale_codes.isna(), "surveyId", "unknown_scale", surveys)
    known_scale = scale_codes.isin(list(FEEDBACK_SCALES))
    errors.mask(
        raw,
        scale_codes.notna() & ~known_scale,
        "feedbackScale",
        "bad_value",
        scale_codes,
        ", ".join(FEEDBACK_SCALES),
    )
    scale = scale_codes.map({code: ours for code, (ours, _) in FEEDBACK_SCALES.items()}).astype(object)
    reversed_ = scale_codes.map({code: flip for code, (_, flip) in FEEDBACK_SCALES.items()}).eq(True)
    points_on_scale = scale.map(QUICK_FEEDBACK_SCALES, na_action="ignore").astype("float64")
    buttons = _buttons(errors, raw)
    outside = (
        buttons.notna()
        & points_on_scale.notna()
        & ((buttons < 0) | (buttons >= points_on_scale) | (buttons != buttons.round()))
    )
    shown = _column(raw, "buttonindex")
    for code, points_count in QUICK_FEEDBACK_SCALES.items():
        errors.mask(
            raw, outside & (scale == code), "buttonIndex", "out_of_scale", shown, f"0–{points_count - 1}"
        )
    buttons = buttons.where(~outside & points_on_scale.notna())
    button = buttons.where(~reversed_, points_on_scale - 1 - buttons)
    misuse = _flag(errors, raw, "misuse", "misuse") | _flag(errors, raw, "spam", "spam")
    facts = pd.DataFrame(
        {
            "feedback_id": ids,
            "ts": ts,
            "unit_id": units,
            "touchpoint_id": points,
            "question_id": surveys,
            "scale": scale,
            "button_index": button.astype("Int64"),
            "channel": _channels(errors, raw),
            "misuse": misuse,
            fc.ROW: raw[fc.ROW],
            FILE: raw[FILE],
        }
    )
    parsed.tables["quick_feedback"] = facts
    if "text" in raw:
        texts = fc.text(raw["text"])
        keep = texts.notna() & ts.notna()
        notes = open_text_rows(SOURCE, ids[keep], ts[keep], texts[keep], units[keep])
        notes[fc.ROW] = raw.loc[keep, fc.ROW].to_numpy()
        notes[FILE] = raw.loc[keep, FILE].to_numpy()
        parsed.tables["open_text"] = notes
