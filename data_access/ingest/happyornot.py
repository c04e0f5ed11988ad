"""HappyOrNot Customer API v2 exports: button feedback (JSON or CSV), experience points, surveys.

A press's ``buttonIndex`` is read on its survey's ``feedbackScale``: ``four`` (0..3), ``five``
(0..4), ``five_reversed`` (0 = most positive, stored flipped so 0 is most negative) and ``nps``
(0..10). The experience point is mapped to our unit through ``source_unit_map`` (source
``happyornot``), walking up the experience-point tree to the nearest mapped group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import FILE, Parsed, Reference, labelled, record_shape_errors, records_frame
from data_access.ingest.privacy import open_text_rows
from data_access.ingest.validation import Errors, check_not_future, check_required
from data_access.vocabulary import QUICK_FEEDBACK_SCALES

SOURCE = "happyornot"

FEEDBACK_SCALES = {
    "four": ("four", False),
    "five": ("five", False),
    "five_reversed": ("five", True),
    "nps": ("nps", False),
}
"""HappyOrNot ``feedbackScale`` → (our scale, reversed)."""

_CHANNELS = (("web", "web"), ("sms", "sms"), ("qr", "qr"), ("app", "app"), ("mobile", "app"))


@dataclass
class Metadata:
    """Surveys (id → feedbackScale) and the experience-point tree (id → parent)."""

    scales: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)


def _records(document: object, *keys: str) -> list:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in keys:
            if isinstance(document.get(key), list):
                return document[key]
    raise fc.UnreadableFile("JSON-rakenne ei ole odotettu", "unexpected JSON structure")


def read_metadata(paths: list[Path]) -> Metadata:
    """Surveys and experience points from Customer API JSON documents (either may be given)."""
    meta = Metadata()
    for path in paths:
        document = fc.read_json(path.read_bytes())
        if isinstance(document, dict) and "surveys" in document:
            for survey in _records(document, "surveys"):
                key = str(survey.get("surveyId", survey.get("id")))
                meta.scales[key] = str(survey.get("feedbackScale", ""))
        else:
            for point in _records(document, "experiencePoints", "experience_points"):
                key = str(point.get("experiencePointId", point.get("id")))
                parent = point.get("parent")
                meta.parents[key] = None if parent in (None, "") else str(parent)
    return meta


def _point_units(reference: Reference, points: pd.Series, meta: Metadata) -> pd.Series:
    codes = points.dropna().astype(str).unique()
    direct = reference.resolve_units(pd.Series(list(meta.parents) + list(codes), dtype=object), SOURCE)
    known = {
        k: v for k, v in zip(list(meta.parents) + list(codes), direct, strict=True) if isinstance(v, str)
    }
    resolved: dict[str, str | None] = {}
    for code in codes:
        node, seen = code, set()
        while node is not None and node not in seen and known.get(node) is None:
            seen.add(node)
            node = meta.parents.get(node)
        resolved[code] = known.get(node) if node is not None else None
    return points.map(lambda p: resolved.get(str(p)), na_action="ignore").astype(object)


def _channel(ui: object) -> str:
    text = str(ui or "").lower()
    return next((channel for token, channel in _CHANNELS if token in text), "terminal")


def read(path: Path, data: bytes, reference: Reference, meta: Metadata) -> Parsed:
    """Button feedback from a Customer API JSON document or a CSV/XLSX export."""
    errors = Errors(path.name)
    if path.suffix.lower() == ".json":
        raw = records_frame(_records(fc.read_json(data), "feedbacks", "feedback", "data"), path.name)
    else:
        sheet = next(iter(fc.read_table_file(path, data).values()))
        record_shape_errors(errors, sheet, path.name)
        raw = labelled(sheet, path.name)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    columns = {"feedbackid", "localtime", "experiencepointid", "buttonindex"}
    missing = sorted(columns - set(raw.columns))
    if missing:
        for name in missing:
            errors.add(None, name, "missing_column")
        return parsed
    _build(parsed, reference, meta)
    return parsed


def _build(parsed: Parsed, reference: Reference, meta: Metadata) -> None:
    raw, errors = parsed.raw, parsed.errors
    ids = fc.text(raw["feedbackid"])
    check_required(errors, raw, ids, "feedbackId")
    ts, bad_ts = fc.timestamps(raw["localtime"])
    errors.mask(raw, bad_ts, "localTime", "bad_date", raw["localtime"])
    check_required(errors, raw.loc[~bad_ts], ts[~bad_ts], "localTime")
    check_not_future(errors, raw, ts, "localTime", reference.now, raw["localtime"])
    points = fc.text(raw["experiencepointid"])
    check_required(errors, raw, points, "experiencePointId")
    units = _point_units(reference, points, meta)
    errors.mask(raw, points.notna() & units.isna(), "experiencePointId", "unknown_unit", points)
    surveys = (
        fc.text(raw["surveyid"]) if "surveyid" in raw else pd.Series(None, index=raw.index, dtype=object)
    )
    if "feedbackscale" in raw:
        scale_codes = fc.text(raw["feedbackscale"])
    else:
        scale_codes = surveys.map(lambda s: meta.scales.get(s), na_action="ignore").astype(object)
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
    scale = scale_codes.map(lambda c: FEEDBACK_SCALES.get(c, (None, False))[0], na_action="ignore").astype(
        object
    )
    reversed_ = scale_codes.map(lambda c: FEEDBACK_SCALES.get(c, (None, False))[1], na_action="ignore")
    reversed_ = reversed_.fillna(False).astype(bool)
    points_on_scale = scale.map(lambda s: QUICK_FEEDBACK_SCALES.get(s), na_action="ignore").astype("float64")
    buttons, bad_button = fc.numbers(raw["buttonindex"], integer=True)
    errors.mask(raw, bad_button, "buttonIndex", "bad_number", raw["buttonindex"])
    check_required(errors, raw.loc[~bad_button], buttons[~bad_button], "buttonIndex")
    outside = buttons.notna() & points_on_scale.notna() & ((buttons < 0) | (buttons >= points_on_scale))
    for code, points_count in QUICK_FEEDBACK_SCALES.items():
        errors.mask(
            raw,
            outside & (scale == code),
            "buttonIndex",
            "out_of_scale",
            fc.text(raw["buttonindex"]),
            f"0–{points_count - 1}",
        )
    button = buttons.where(~reversed_, points_on_scale - 1 - buttons)
    if "misuse" in raw:
        misuse, bad_misuse = fc.booleans(raw["misuse"])
        errors.mask(raw, bad_misuse, "misuse", "bad_boolean", raw["misuse"])
        misuse = misuse.fillna(False).astype(bool)
    else:
        misuse = pd.Series(False, index=raw.index)
    channel = raw["ui"].map(_channel) if "ui" in raw else pd.Series("terminal", index=raw.index)
    facts = pd.DataFrame(
        {
            "feedback_id": ids,
            "ts": ts,
            "unit_id": units,
            "touchpoint_id": points,
            "question_id": surveys,
            "scale": scale,
            "button_index": button.astype("Int64"),
            "channel": channel.astype(object),
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
