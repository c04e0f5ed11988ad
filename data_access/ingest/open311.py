"""The city feedback system: Open311 GeoReport v2 JSON plus the internal export.

The public API lacks type and category; they come from the internal export (``;``-separated,
latin-1 or UTF-8, ``d.m.yyyy H:mm`` times), joined on ``service_request_id``. The internal
export can also be imported on its own (kind ``feedback-export``). Descriptions go to
``open_text`` (masked), never to the facts. ``service_object_id`` maps to our unit through
``source_unit_map`` (source ``open311``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import (
    FILE,
    Parsed,
    Reference,
    first_sheet,
    records_frame,
    require_columns,
    with_position,
)
from data_access.ingest.privacy import open_text_rows
from data_access.ingest.registers import (
    LANGUAGE_SYNONYMS,
    choice_column,
    not_before,
    service_area_column,
    timestamp_column,
    unit_column,
)
from data_access.ingest.validation import Errors, check_required
from data_access.vocabulary import (
    FEEDBACK_CATEGORIES,
    FEEDBACK_CHANNELS,
    FEEDBACK_STATUSES,
    FEEDBACK_TYPES,
    LANGUAGES,
)

SOURCE = "open311"
TEXT_SOURCE = "feedback"

ALIASES = {
    "feedback_id": ("service_request_id", "palautteen tunnus", "tunnus", "palautenumero"),
    "received_at": ("vastaanotettu", "saapunut", "jätetty", "requested_datetime"),
    "answered_at": ("vastattu", "vastauspäivä"),
    "closed_at": ("suljettu", "sulkemispäivä"),
    "feedback_type": ("palautetyyppi", "tyyppi"),
    "category": ("palauteluokka", "luokka"),
    "topic": ("aihe", "asiasana"),
    "channel": ("kanava", "palautekanava"),
    "language": ("kieli",),
    "contact_requested": ("yhteydenottopyyntö", "vastausta toivotaan", "yhteydenotto"),
    "status": ("tila",),
    "service_area_id": ("palvelukokonaisuus",),
    "unit_id": ("toimipiste", "yksikkö", "service_object_id"),
    "description": ("palaute", "kuvaus", "palautteen teksti"),
}

TYPE_SYNONYMS = {
    "kehitysehdotus": "idea",
    "kehitysidea": "idea",
    "kiitos ja kehu": "kiitos",
    "valitus": "moite",
}
CHANNEL_SYNONYMS = {
    "verkko": "web",
    "internet": "web",
    "verkkolomake": "web",
    "sähköposti": "email",
    "puhelin": "phone",
    "kirje": "letter",
    "käynti": "in_person",
    "henkilökohtainen": "in_person",
}
STATUS_SYNONYMS = {
    "vastaanotettu": "received",
    "käsittelyssä": "in_process",
    "vastattu": "answered",
    "suljettu": "closed",
}
_DETAILED_STATUS = (
    ("RECEIVED", "received"),
    ("PROCESS", "in_process"),
    ("RESPONSE", "answered"),
    ("ANSWER", "answered"),
    ("CLOSED", "closed"),
    ("DONE", "closed"),
)


def _internal(raw: pd.DataFrame, errors: Errors, reference: Reference) -> pd.DataFrame | None:
    c = fc.pick_columns(raw, ALIASES)
    if not require_columns(raw, errors, c, ("feedback_id", "received_at", "feedback_type")):
        return None
    ids = fc.text(raw[c["feedback_id"]])
    check_required(errors, raw, ids, "feedback_id")
    received = timestamp_column(errors, raw, c["received_at"], "received_at", reference, required=True)
    answered = timestamp_column(errors, raw, c.get("answered_at"), "answered_at", reference, required=False)
    closed = timestamp_column(errors, raw, c.get("closed_at"), "closed_at", reference, required=False)
    not_before(errors, raw, answered, received, "answered_at")
    not_before(errors, raw, closed, received, "closed_at")
    units = unit_column(errors, raw, c.get("unit_id"), "unit_id", reference, SOURCE)
    if "contact_requested" in c:
        contact, bad = fc.booleans(raw[c["contact_requested"]])
        errors.mask(raw, bad, "contact_requested", "bad_boolean", raw[c["contact_requested"]])
    else:
        contact = pd.Series(None, index=raw.index, dtype=object)
    frame = pd.DataFrame(
        {
            "feedback_id": ids,
            "received_at": received,
            "answered_at": answered,
            "closed_at": closed,
            "unit_id": units,
            "service_area_id": service_area_column(
                errors, raw, c.get("service_area_id"), "service_area_id", reference, units
            ),
            "feedback_type": choice_column(
                errors, raw, c["feedback_type"], "feedback_type", FEEDBACK_TYPES, TYPE_SYNONYMS, True
            ),
            "category": choice_column(errors, raw, c.get("category"), "category", FEEDBACK_CATEGORIES),
            "topic": fc.text(raw[c["topic"]]) if "topic" in c else None,
            "channel": choice_column(
                errors, raw, c.get("channel"), "channel", FEEDBACK_CHANNELS, CHANNEL_SYNONYMS
            ),
            "language": choice_column(
                errors, raw, c.get("language"), "language", LANGUAGES, LANGUAGE_SYNONYMS
            ),
            "contact_requested": contact,
            "status": choice_column(
                errors, raw, c.get("status"), "status", FEEDBACK_STATUSES, STATUS_SYNONYMS
            ),
        }
    )
    frame["description"] = fc.text(raw[c["description"]]) if "description" in c else None
    return with_position(frame, raw)


def _texts(frame: pd.DataFrame) -> pd.DataFrame:
    keep = frame["description"].notna() & frame["received_at"].notna() & frame["feedback_id"].notna()
    part = frame.loc[keep]
    notes = open_text_rows(
        TEXT_SOURCE,
        part["feedback_id"],
        part["received_at"],
        part["description"],
        part["unit_id"],
        part["service_area_id"],
    )
    notes[fc.ROW] = part[fc.ROW].to_numpy()
    notes[FILE] = part[FILE].to_numpy()
    return notes


def read_internal(path: Path, data: bytes, reference: Reference) -> Parsed:
    """The internal feedback export alone: every row is a ``feedback`` fact."""
    errors = Errors(path.name)
    raw = first_sheet(path, data, errors)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    frame = _internal(raw, errors, reference)
    if frame is not None:
        parsed.tables["feedback"] = frame.drop(columns=["description"])
        parsed.tables["open_text"] = _texts(frame)
    return parsed


def _status(status: object, detailed: object) -> str | None:
    detail = str(detailed or "").upper()
    for token, code in _DETAILED_STATUS:
        if token in detail:
            return code
    return {"closed": "closed", "open": "in_process"}.get(str(status or "").lower())


def read_georeport(path: Path, data: bytes, reference: Reference, internal: Path | None) -> Parsed:
    """GeoReport v2 requests joined with the internal export (type, category, reply times)."""
    if internal is None:
        raise fc.UnreadableFile(
            "Open311-tuonti tarvitsee sisäisen viennin (--internal), josta tulevat tyyppi ja luokka",
            "an Open311 import needs the internal export (--internal) for type and category",
        )
    document = fc.read_json(data)
    records = document.get("requests", document) if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise fc.UnreadableFile("JSON-rakenne ei ole odotettu", "unexpected JSON structure")
    flat = [{**r, **(r.get("extended_attributes") or {})} if isinstance(r, dict) else r for r in records]
    for record in flat:
        if isinstance(record, dict):
            record.pop("extended_attributes", None)
    raw = records_frame(flat, path.name)
    errors = Errors(path.name)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    if not require_columns(
        raw, errors, {c: c for c in raw.columns}, ("service_request_id", "requested_datetime")
    ):
        return parsed
    internal_errors = Errors(internal.name)
    internal_frame = _internal(
        first_sheet(internal, internal.read_bytes(), internal_errors), internal_errors, reference
    )
    if internal_frame is None:
        raise fc.UnreadableFile(
            "sisäisestä viennistä puuttuu pakollisia sarakkeita", "the internal export lacks required columns"
        )
    ids = fc.text(raw["service_request_id"])
    check_required(errors, raw, ids, "service_request_id")
    received = timestamp_column(
        errors, raw, "requested_datetime", "requested_datetime", reference, required=True
    )
    updated = timestamp_column(
        errors,
        raw,
        "updated_datetime" if "updated_datetime" in raw else None,
        "updated_datetime",
        reference,
        required=False,
    )
    units = unit_column(
        errors,
        raw,
        "service_object_id" if "service_object_id" in raw else None,
        "service_object_id",
        reference,
        SOURCE,
    )
    status = pd.Series(
        [
            _status(s, d)
            for s, d in zip(
                raw.get("status", [None] * len(raw)),
                raw.get("detailed_status", [None] * len(raw)),
                strict=True,
            )
        ],
        index=raw.index,
        dtype=object,
    )
    bad_internal = {e.row for e in internal_errors.items}
    lookup = internal_frame.drop_duplicates("feedback_id").set_index("feedback_id")
    joined = lookup.reindex(ids.to_numpy())
    joined.index = raw.index
    missing = ids.notna() & joined[fc.ROW].isna()
    errors.mask(raw, missing, "service_request_id", "not_joined", ids)
    rejected = joined[fc.ROW].isin(list(bad_internal))
    for index in raw.index[rejected]:
        errors.add(
            int(raw.at[index, fc.ROW]),
            "service_request_id",
            "joined_row_rejected",
            f"{internal.name}:{int(joined.at[index, fc.ROW])}",
        )
    own_units = units.where(units.notna(), joined["unit_id"]).astype(object)
    description = fc.text(raw["description"]) if "description" in raw else joined["description"]
    frame = pd.DataFrame(
        {
            "feedback_id": ids,
            "received_at": received,
            "answered_at": joined["answered_at"],
            "closed_at": updated.where(status == "closed", joined["closed_at"]),
            "unit_id": own_units,
            "service_area_id": joined["service_area_id"]
            .where(joined["service_area_id"].notna(), reference.unit_service_area(own_units))
            .astype(object),
            "feedback_type": joined["feedback_type"],
            "category": joined["category"],
            "topic": joined["topic"],
            "channel": joined["channel"],
            "language": joined["language"],
            "contact_requested": joined["contact_requested"],
            "status": status.where(status.notna(), joined["status"]).astype(object),
            "description": description,
        }
    )
    frame = with_position(frame, raw)
    parsed.tables["feedback"] = frame.drop(columns=["description"])
    parsed.tables["open_text"] = _texts(frame)
    return parsed
