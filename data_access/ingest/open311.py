"""The city feedback system: Open311 GeoReport v2 JSON, with or without the internal export.

Status (GeoReport v2 and Helsinki's API documentation, "Detailed status of service requests"):
``status`` is ``open`` or ``closed``; ``detailed_status`` is a comma-separated list of details
(RECEIVED, IN_PROCESS, PROCESSED, ARCHIVED, REJECTED, PUBLIC_WORKS_…). A closed request is
``closed`` whatever its details say; an open one is ``in_process`` when a detail says handling
has started, ``received`` when the only detail is RECEIVED, else ``open``. ``closed_at`` is an
explicit ``closed_datetime`` if the record has one, else ``updated_datetime`` of a closed request
("for requests with status=closed, this will be the date the request was closed"); ``answered_at``
is the close time of a closed request that carries a reply (``status_notes``). ``updated_at`` is
``updated_datetime``: a later pull replaces the stored version of a request it has updated.

The public API lacks type and category. With the internal export (``;``-separated, latin-1 or
UTF-8, ``d.m.yyyy H:mm`` times, joined on ``service_request_id``) they come from it, as do the
reply times, channel, language and status details it knows. Without it they come from the
service-code mapping (``open311_services.toml`` or the admin's own file), or are ``unknown`` and
counted in the import's notes. The internal export can also be imported on its own (kind
``feedback-export``). Descriptions go to ``open_text`` (masked), never to the facts; free text
kept as a dimension (the internal ``Aihe``, the request's ``title``) is masked too.
``service_object_id`` maps to our unit through ``source_unit_map`` (source ``open311``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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
from data_access.ingest.privacy import mask_personal_data, open_text_rows
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
    UNKNOWN,
)

SOURCE = "open311"
TEXT_SOURCE = "feedback"
SERVICES = Path(__file__).with_name("open311_services.toml")
"""The shipped service-code mapping (Helsinki's documented codes); ``--services`` replaces it."""

ALIASES = {
    "feedback_id": ("service_request_id", "palautteen tunnus", "tunnus", "palautenumero"),
    "received_at": ("vastaanotettu", "saapunut", "jätetty", "requested_datetime"),
    "answered_at": ("vastattu", "vastauspäivä"),
    "closed_at": ("suljettu", "sulkemispäivä"),
    "updated_at": ("muokattu", "päivitetty", "viimeksi muokattu", "updated_datetime"),
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
    "avoin": "open",
    "käsittelyssä": "in_process",
    "vastattu": "answered",
    "suljettu": "closed",
}
PUBLIC_STATUSES = ("open", "closed")
HANDLING_DETAILS = frozenset(
    {
        "IN_PROCESS",
        "PROCESSED",
        "ARCHIVED",
        "REJECTED",
        "PUBLIC_WORKS_NEW",
        "PUBLIC_WORKS_IN_PROGRESS",
        "PUBLIC_WORKS_COMPLETED",
        "PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER",
        "PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION",
        "PUBLIC_WORKS_INTERRUPTED",
    }
)
"""Helsinki's documented ``detailed_status`` values that say an open request is being handled."""


@dataclass(frozen=True)
class ServiceMapping:
    """Open311 ``service_code`` (or ``service_name``) → (feedback type, category); None = not given."""

    by_code: dict[str, tuple[str | None, str | None]]
    by_name: dict[str, tuple[str | None, str | None]]

    def lookup(self, codes: pd.Series, names: pd.Series) -> pd.DataFrame:
        """Type and category per request (``unknown`` where the mapping says nothing)."""
        pairs = [
            self.by_code.get(code)
            or (self.by_name.get(name.casefold()) if isinstance(name, str) else None)
            or (None, None)
            for code, name in zip(codes, names, strict=True)
        ]
        frame = pd.DataFrame(pairs, columns=["feedback_type", "category"], index=codes.index, dtype=object)
        return frame.where(frame.notna(), UNKNOWN)


def read_services(path: Path | None = None) -> ServiceMapping:
    """The service-code mapping (UTF-8 TOML, ``[[service]]`` entries); an invalid file imports nothing."""
    path = path or SERVICES
    try:
        document = tomllib.loads(path.read_bytes().decode("utf-8").lstrip("\ufeff"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise fc.UnreadableFile(
            f"palvelukoodien määritystä {path.name} ei voi lukea: {error}",
            f"cannot read the service code mapping {path.name}: {error}",
        ) from error
    by_code: dict[str, tuple[str | None, str | None]] = {}
    by_name: dict[str, tuple[str | None, str | None]] = {}
    for number, entry in enumerate(document.get("service", []), start=1):
        code = entry.get("code") if isinstance(entry, dict) else None
        if code is None or str(code).strip() == "":
            raise fc.UnreadableFile(
                f"palvelukoodien määrityksen {path.name} kohdasta {number} puuttuu code",
                f"the service code mapping {path.name}, entry {number}: code is missing",
            )
        kind, category = entry.get("feedback_type"), entry.get("category")
        if kind is not None and kind not in FEEDBACK_TYPES:
            raise _bad_entry(path, number, "feedback_type", kind)
        if category is not None and category not in FEEDBACK_CATEGORIES:
            raise _bad_entry(path, number, "category", category)
        by_code[str(code).strip()] = (kind, category)
        if entry.get("name"):
            by_name[str(entry["name"]).casefold()] = (kind, category)
    return ServiceMapping(by_code, by_name)


def _bad_entry(path: Path, number: int, key: str, value: object) -> fc.UnreadableFile:
    return fc.UnreadableFile(
        f"palvelukoodien määrityksen {path.name} kohdassa {number} arvo {key} = {value!r} ei kelpaa",
        f"the service code mapping {path.name}, entry {number}: {key} = {value!r} is not allowed",
    )


def _masked(values: pd.Series) -> pd.Series:
    return values.map(mask_personal_data, na_action="ignore").astype(object)


def _internal(raw: pd.DataFrame, errors: Errors, reference: Reference) -> pd.DataFrame | None:
    c = fc.pick_columns(raw, ALIASES)
    if not require_columns(raw, errors, c, ("feedback_id", "received_at", "feedback_type")):
        return None
    ids = fc.text(raw[c["feedback_id"]])
    check_required(errors, raw, ids, "feedback_id")
    received = timestamp_column(errors, raw, c["received_at"], "received_at", reference, required=True)
    answered = timestamp_column(errors, raw, c.get("answered_at"), "answered_at", reference, required=False)
    closed = timestamp_column(errors, raw, c.get("closed_at"), "closed_at", reference, required=False)
    updated = timestamp_column(errors, raw, c.get("updated_at"), "updated_at", reference, required=False)
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
            "updated_at": updated,
            "unit_id": units,
            "service_area_id": service_area_column(
                errors, raw, c.get("service_area_id"), "service_area_id", reference, units
            ),
            "feedback_type": choice_column(
                errors, raw, c["feedback_type"], "feedback_type", FEEDBACK_TYPES, TYPE_SYNONYMS, True
            ),
            "category": choice_column(errors, raw, c.get("category"), "category", FEEDBACK_CATEGORIES),
            "topic": _masked(fc.text(raw[c["topic"]])) if "topic" in c else None,
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


def request_status(status: object, detailed: object) -> str | None:
    """Our status of a GeoReport request: ``closed`` stays closed; details refine ``open`` only."""
    public = str(status or "").strip().lower()
    if public == "closed":
        return "closed"
    if public != "open":
        return None
    details = {token.strip().upper() for token in str(detailed or "").split(",") if token.strip()}
    if details & HANDLING_DETAILS:
        return "in_process"
    return "received" if "RECEIVED" in details else "open"


def _flat_records(data: bytes) -> list:
    document = fc.read_json(data)
    records = document.get("requests", document) if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise fc.UnreadableFile("JSON-rakenne ei ole odotettu", "unexpected JSON structure")
    flat = []
    for record in records:
        if isinstance(record, dict):
            extended = record.get("extended_attributes")
            record = {k: v for k, v in record.items() if k != "extended_attributes"}
            if isinstance(extended, dict):
                record.update(extended)
        flat.append(record)
    return flat


def _column(raw: pd.DataFrame, name: str) -> pd.Series:
    return fc.text(raw[name]) if name in raw else pd.Series(None, index=raw.index, dtype=object)


def read_georeport(
    path: Path, data: bytes, reference: Reference, internal: Path | None, services: Path | None = None
) -> Parsed:
    """GeoReport v2 requests, joined with the internal export when given, else the service mapping."""
    raw = records_frame(_flat_records(data), path.name)
    errors = Errors(path.name)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    if not require_columns(
        raw, errors, {c: c for c in raw.columns}, ("service_request_id", "requested_datetime")
    ):
        return parsed
    mapping = read_services(services) if internal is None else None
    ids = fc.text(raw["service_request_id"])
    check_required(errors, raw, ids, "service_request_id")
    received = timestamp_column(
        errors, raw, "requested_datetime", "requested_datetime", reference, required=True
    )
    updated = _timestamps(errors, raw, "updated_datetime", reference)
    explicit_close = _timestamps(errors, raw, "closed_datetime", reference)
    units = unit_column(
        errors,
        raw,
        "service_object_id" if "service_object_id" in raw else None,
        "service_object_id",
        reference,
        SOURCE,
    )
    public_status = _column(raw, "status")
    status = pd.Series(
        [request_status(s, d) for s, d in zip(public_status, _column(raw, "detailed_status"), strict=True)],
        index=raw.index,
        dtype=object,
    )
    errors.mask(
        raw,
        public_status.notna() & status.isna(),
        "status",
        "bad_value",
        public_status,
        ", ".join(PUBLIC_STATUSES),
    )
    frame = pd.DataFrame(
        {
            "feedback_id": ids,
            "received_at": received,
            "updated_at": updated,
            "unit_id": units,
            "service_area_id": reference.unit_service_area(units),
            "description": _column(raw, "description"),
        }
    )
    answered = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    closed_at = explicit_close
    if internal is None:
        agencies = reference.resolve_service_areas(_column(raw, "agency_responsible"))
        frame["service_area_id"] = frame["service_area_id"].where(frame["service_area_id"].notna(), agencies)
        kinds = mapping.lookup(_column(raw, "service_code"), _column(raw, "service_name"))
        frame["feedback_type"] = kinds["feedback_type"]
        frame["category"] = kinds["category"]
        frame["topic"] = _masked(_column(raw, "title"))
        parsed.notes.append(_mapping_note(kinds.loc[ids.notna()]))
    else:
        joined = _join_internal(ids, raw, errors, reference, internal)
        units = units.where(units.notna(), joined["unit_id"]).astype(object)
        frame["unit_id"] = units
        frame["service_area_id"] = (
            joined["service_area_id"]
            .where(joined["service_area_id"].notna(), reference.unit_service_area(units))
            .astype(object)
        )
        for column in ("feedback_type", "category", "topic", "channel", "language", "contact_requested"):
            frame[column] = joined[column]
        frame["description"] = frame["description"].where(frame["description"].notna(), joined["description"])
        status = status.where((status == "closed") | joined["status"].isna(), joined["status"]).astype(object)
        answered = joined["answered_at"]
        closed_at = closed_at.where(closed_at.notna(), joined["closed_at"])
    closed = status == "closed"
    closed_at = closed_at.where(closed_at.notna(), updated.where(closed))
    replied = closed & _column(raw, "status_notes").notna()
    frame["answered_at"] = answered.where(answered.notna(), closed_at.where(replied))
    frame["closed_at"] = closed_at
    frame["status"] = status
    not_before(errors, raw, frame["answered_at"], frame["received_at"], "answered_at")
    not_before(errors, raw, frame["closed_at"], frame["received_at"], "closed_at")
    frame = with_position(frame, raw)
    parsed.tables["feedback"] = frame.drop(columns=["description"])
    parsed.tables["open_text"] = _texts(frame)
    return parsed


def _timestamps(errors: Errors, raw: pd.DataFrame, column: str, reference: Reference) -> pd.Series:
    return timestamp_column(errors, raw, column if column in raw else None, column, reference, required=False)


def _mapping_note(kinds: pd.DataFrame) -> str:
    typed = int((kinds["feedback_type"] != UNKNOWN).sum())
    categorised = int((kinds["category"] != UNKNOWN).sum())
    total = len(kinds)
    return (
        f"ilman sisäistä vientiä: tyyppi palvelukoodista {typed}, tuntematon {total - typed}; luokka"
        f" palvelukoodista {categorised}, tuntematon {total - categorised} / without the internal export:"
        f" type from the service mapping {typed}, unknown {total - typed}; category from the service"
        f" mapping {categorised}, unknown {total - categorised}"
    )


def _join_internal(
    ids: pd.Series, raw: pd.DataFrame, errors: Errors, reference: Reference, internal: Path
) -> pd.DataFrame:
    """The internal export's rows aligned to the requests; unjoined or rejected ones are row errors."""
    internal_errors = Errors(internal.name)
    internal_frame = _internal(
        first_sheet(internal, internal.read_bytes(), internal_errors), internal_errors, reference
    )
    if internal_frame is None:
        raise fc.UnreadableFile(
            "sisäisestä viennistä puuttuu pakollisia sarakkeita", "the internal export lacks required columns"
        )
    lookup = internal_frame.drop_duplicates("feedback_id").set_index("feedback_id")
    joined = lookup.reindex(ids.to_numpy())
    joined.index = raw.index
    errors.mask(raw, ids.notna() & joined[fc.ROW].isna(), "service_request_id", "not_joined", ids)
    bad_internal = {e.row for e in internal_errors.items}
    for index in raw.index[joined[fc.ROW].isin(list(bad_internal))]:
        errors.add(
            int(raw.at[index, fc.ROW]),
            "service_request_id",
            "joined_row_rejected",
            f"{internal.name}:{int(joined.at[index, fc.ROW])}",
        )
    return joined
