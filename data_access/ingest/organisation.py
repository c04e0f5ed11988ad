"""The organisation (service areas, services, units) and the source unit mapping.

Each CSV file, or each sheet of a workbook, holds one table, recognised by its id column:
``unit_id`` → units, ``service_id`` → services, ``service_area_id`` → service areas. Names in
Swedish and English fall back to the Finnish name. Dimensions are upserted (organisations
change); references must point at rows in the file or the warehouse. A unit may carry its OID in
the SOTE organisation register (``oid``, e.g. ``1.2.246.10.12345678.10.1``); the unit map takes
``oid`` as a source too, for units whose register OID the organisation file does not give.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import FILE, Parsed, Reference, labelled, record_shape_errors, require_columns
from data_access.ingest.registers import choice_column
from data_access.ingest.validation import Errors, check_required

SOURCE = "organisation"
MAPPED_SOURCES = ("happyornot", "open311", "survey", "cases", "oid", "register")
"""The systems whose own codes ``source_unit_map`` translates (``oid``: SOTE register OIDs;
``register``: the unit codes of the patient and client registers, e.g. in a visits file)."""
OID = re.compile(r"[0-2](?:\.(?:0|[1-9]\d*))+")
"""An ISO object identifier in dot notation; SOTE register OIDs begin ``1.2.246.10.``."""

NAMES = {
    "name_fi": ("nimi", "nimi suomeksi"),
    "name_sv": ("nimi ruotsiksi", "namn"),
    "name_en": ("nimi englanniksi",),
}
ALIASES = {
    "service_area": {"service_area_id": ("palvelukokonaisuus", "palvelukokonaisuuden tunnus"), **NAMES},
    "service": {
        "service_id": ("palvelu", "palvelun tunnus"),
        "service_area_id": ("palvelukokonaisuus", "palvelukokonaisuuden tunnus"),
        **NAMES,
    },
    "unit": {
        "unit_id": ("toimipiste", "toimipisteen tunnus", "yksikkö"),
        "service_id": ("palvelu", "palvelun tunnus"),
        "service_area_id": ("palvelukokonaisuus", "palvelukokonaisuuden tunnus"),
        "district": ("alue", "suuralue"),
        "valid_from": ("alkaen", "voimassa alkaen"),
        "valid_to": ("päättyen", "asti", "voimassa asti"),
        "oid": ("sote-oid", "oid-tunniste", "organisaatiotunniste", "sote-organisaatiorekisterin oid"),
        **NAMES,
    },
}
MAP_ALIASES = {
    "source": ("lähde", "järjestelmä"),
    "source_key": ("lähdeavain", "koodi", "lähteen koodi"),
    "unit_id": ("toimipiste", "toimipisteen tunnus"),
}


def check_oids(errors: Errors, raw: pd.DataFrame, oids: pd.Series, column: str) -> None:
    """OIDs must be dot-separated numbers (``1.2.246.10.12345678.10.1``); anything else is a row error."""
    present = oids.notna()
    valid = oids.where(present, "").astype(str).str.fullmatch(OID.pattern)
    errors.mask(raw, present & ~valid, column, "bad_oid", oids)


def _table_of(frame: pd.DataFrame) -> str:
    for name in ("unit", "service", "service_area"):
        id_column = f"{name}_id"
        if fc.pick_columns(frame, {id_column: ALIASES[name][id_column]}):
            return name
    return "service_area"


def _dimension(
    name: str, raw: pd.DataFrame, errors: Errors, known: dict[str, set[str]]
) -> pd.DataFrame | None:
    c = fc.pick_columns(raw, ALIASES[name])
    required = {
        "service_area": ("service_area_id", "name_fi"),
        "service": ("service_id", "service_area_id", "name_fi"),
        "unit": ("unit_id", "service_id", "name_fi"),
    }[name]
    if not require_columns(raw, errors, c, required):
        return None
    frame = pd.DataFrame(index=raw.index)
    for column in ALIASES[name]:
        if column in ("valid_from", "valid_to"):
            continue
        frame[column] = fc.text(raw[c[column]]) if column in c else None
    if "oid" in frame:
        check_oids(errors, raw, frame["oid"], "oid")
    for column in required:
        check_required(errors, raw, frame[column], column)
    for column in ("name_sv", "name_en"):
        frame[column] = frame[column].where(frame[column].notna(), frame["name_fi"])
    if name in ("service", "unit"):
        areas = known["service_area"]
        given = frame["service_area_id"].notna()
        errors.mask(
            raw,
            given & ~frame["service_area_id"].isin(areas),
            "service_area_id",
            "unknown_service_area",
            frame["service_area_id"],
        )
    if name == "unit":
        services = known["service"]
        errors.mask(
            raw,
            frame["service_id"].notna() & ~frame["service_id"].isin(services),
            "service_id",
            "unknown_reference",
            frame["service_id"],
        )
        area_of_service = known["service_area_of"]
        missing_area = frame["service_area_id"].isna()
        frame.loc[missing_area, "service_area_id"] = frame.loc[missing_area, "service_id"].map(
            area_of_service
        )
        for column, required_date in (("valid_from", True), ("valid_to", False)):
            if column not in c:
                frame[column] = None
                if required_date:
                    errors.add(None, column, "missing_column")
                continue
            values, bad = fc.dates(raw[c[column]])
            errors.mask(raw, bad, column, "bad_date", raw[c[column]])
            if required_date:
                errors.mask(raw, values.isna() & ~bad, column, "missing_value")
            frame[column] = values
        later = pd.to_datetime(frame["valid_to"])
        errors.mask(
            raw,
            later.notna() & (later < pd.to_datetime(frame["valid_from"])),
            "valid_to",
            "date_order",
            later.dt.date,
        )
    frame[fc.ROW] = raw[fc.ROW]
    frame[FILE] = raw[FILE]
    return frame


def read(path: Path, data: bytes, reference: Reference) -> Parsed:
    """Units, services and service areas from a CSV file or every sheet of a workbook."""
    errors = Errors(path.name)
    sheets = fc.read_table_file(path, data)
    raws = {}
    for sheet_name, sheet in sheets.items():
        label = f"{path.name}[{sheet_name}]" if sheet_name else path.name
        record_shape_errors(errors, sheet, label)
        raws[label] = labelled(sheet, label)
    raw = pd.concat(list(raws.values()), ignore_index=True)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    kinds = {label: _table_of(frame) for label, frame in raws.items()}
    known = {
        "service_area": set(reference.service_areas["service_area_id"]),
        "service": set(reference.services["service_id"]),
        "service_area_of": dict(
            zip(reference.services["service_id"], reference.services["service_area_id"], strict=True)
        ),
    }
    for name in ("service_area", "service", "unit"):
        for label, frame in raws.items():
            if kinds[label] != name:
                continue
            rows = _dimension(name, frame.reset_index(drop=True), errors, known)
            if rows is None:
                continue
            parsed.tables[name] = pd.concat([parsed.tables[name], rows]) if name in parsed.tables else rows
            if name == "service_area":
                known["service_area"] |= set(rows["service_area_id"].dropna())
            if name == "service":
                known["service"] |= set(rows["service_id"].dropna())
                known["service_area_of"].update(zip(rows["service_id"], rows["service_area_id"], strict=True))
    return parsed


def read_unit_map(path: Path, data: bytes, reference: Reference) -> Parsed:
    """``source_unit_map`` rows: (source, source_key) → our unit id, which must exist."""
    errors = Errors(path.name)
    sheet = next(iter(fc.read_table_file(path, data).values()))
    record_shape_errors(errors, sheet, path.name)
    raw = labelled(sheet, path.name)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    c = fc.pick_columns(raw, MAP_ALIASES)
    if not require_columns(raw, errors, c, ("source", "source_key", "unit_id")):
        return parsed
    units = fc.text(raw[c["unit_id"]])
    keys = fc.text(raw[c["source_key"]])
    check_required(errors, raw, keys, "source_key")
    check_required(errors, raw, units, "unit_id")
    errors.mask(
        raw, units.notna() & ~units.isin(set(reference.units["unit_id"])), "unit_id", "unknown_unit", units
    )
    sources = choice_column(errors, raw, c["source"], "source", MAPPED_SOURCES, required=True)
    check_oids(errors, raw, keys.where(sources == "oid"), "source_key")
    frame = pd.DataFrame(
        {
            "source": sources,
            "source_key": keys,
            "unit_id": units,
            fc.ROW: raw[fc.ROW],
            FILE: raw[FILE],
        }
    )
    parsed.tables["source_unit_map"] = frame
    return parsed
