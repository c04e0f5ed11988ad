"""Write a warehouse slice back out in each source system's format (for round-trip checks).

The files look like the real exports the readers take: the organisation files and the unit
map as stored; a HappyOrNot Customer API CSV with the stored surveys and experience-point tree
(five-button surveys stored as ``five_reversed`` are written reversed, as such terminals do);
Open311 GeoReport JSON plus the internal ``;``/latin-1 export; a long survey CSV with decimal
commas and "en osaa sanoa"; the case register in Windows-1252; the ombudsman's statistics and
the visits register. Units appear under the source's own code from the unit map where there
is one. Every text cell that a spreadsheet would run as a formula is neutralised.

Importing all of it into an empty warehouse gives back every stored row of the slice (the
``survey`` names, which no importer reads, and the audit tables excepted). Two things a source
format cannot carry come back differently: a press without a touchpoint comes back under its
unit's experience point, and a case's update time that differs from its decision date comes
back as the decision date (the register export has no update time).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from data_access import schema
from data_access.ingest.pipeline import neutralise
from data_access.journal import committed

_DETAILED = {
    "received": "RECEIVED",
    "in_process": "IN_PROCESS",
    "answered": "IN_PROCESS",
    "closed": "PROCESSED",
}
"""Our status → Helsinki's ``detailed_status`` (an answered request is still open in Open311)."""
_UI = {
    "terminal": "PHYSICAL",
    "digital": "DIGITAL",
    "link": "LINK",
    "email": "EMAIL",
    "qr": "QR",
    "web": "WEB_SURVEY",
    "sms": "SMS",
    "app": "MOBILE_APP",
}
"""Our channel → the HappyOrNot ``ui`` value the reader maps back to it."""
_POINTS_ON_SCALE = {"four": 4, "five": 5, "nps": 11}


def _read(root: Path, name: str, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """A table's stored rows (facts limited to ``start``..``end``), read from one committed state."""
    with committed(root):
        folder = root / name
        files = sorted(folder.glob("**/*.parquet")) if folder.is_dir() else []
        if not files:
            return pd.DataFrame(columns=schema.TABLES[name].stored_columns)
        frame = pd.concat([pq.read_table(f).to_pandas() for f in files], ignore_index=True)
    frame = frame.reindex(columns=list(dict.fromkeys([*schema.TABLES[name].stored_columns, *frame.columns])))
    column = schema.TABLES[name].date_column
    if column and (start or end):
        days = pd.to_datetime(frame[column]).dt.date
        keep = pd.Series(True, index=frame.index)
        if start:
            keep &= days >= start
        if end:
            keep &= days <= end
        frame = frame.loc[keep]
    return frame.reset_index(drop=True)


def _fi_date(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    return f"{stamp.day}.{stamp.month}.{stamp.year}"


def _fi_time(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    return f"{stamp.day}.{stamp.month}.{stamp.year} {stamp.hour}:{stamp.minute:02d}:{stamp.second:02d}"


def _fi_number(value: object) -> str:
    if value is None or pd.isna(value):
        return "en osaa sanoa"
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number).replace(".", ",")


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return neutralise(value)


def _text(value: object) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _write_csv(
    path: Path, header: list[str], rows: list[list[object]], delimiter: str, encoding: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))


def _source_codes(root: Path, source: str) -> dict[str, str]:
    """Each unit's code in a source system (the first mapped one); units without one are left out."""
    mapping = _read(root, "source_unit_map")
    mapped = mapping.loc[mapping["source"] == source].sort_values("source_key")
    return mapped.drop_duplicates("unit_id").set_index("unit_id")["source_key"].to_dict()


def _code(codes: dict[str, str], unit: object) -> str | None:
    """A unit's code in the source (its own id where the map has none); None for no unit."""
    unit = _text(unit)
    return None if unit is None else codes.get(unit, unit)


def export_organisation(root: Path, folder: Path) -> list[Path]:
    """Service areas, services, units (Finnish headers) and the unit map, as stored."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in ("service_area", "service"):
        frame = _read(root, name)
        columns = [c for c in schema.TABLES[name].stored_columns if c != "batch_id"]
        path = folder / f"{name}.csv"
        _write_csv(path, columns, frame[columns].values.tolist(), ";", "utf-8-sig")
        paths.append(path)
    units = _read(root, "unit")
    path = folder / "units.csv"
    header = [
        "Toimipiste",
        "Nimi",
        "Nimi ruotsiksi",
        "Nimi englanniksi",
        "Palvelu",
        "Palvelukokonaisuus",
        "Alue",
        "Alkaen",
        "Päättyen",
        "SOTE-OID",
    ]
    rows = [
        [
            u.unit_id,
            u.name_fi,
            u.name_sv,
            u.name_en,
            u.service_id,
            u.service_area_id,
            u.district,
            _fi_date(u.valid_from),
            _fi_date(u.valid_to),
            u.oid if "oid" in units else None,
        ]
        for u in units.itertuples()
    ]
    _write_csv(path, header, rows, ";", "cp1252")
    paths.append(path)
    mapping = folder / "unit_map.csv"
    stored = _read(root, "source_unit_map")
    _write_csv(
        mapping,
        ["source", "source_key", "unit_id"],
        stored[["source", "source_key", "unit_id"]].values.tolist(),
        ";",
        "utf-8",
    )
    paths.append(mapping)
    return paths


def _point_resolver(root: Path) -> Callable[[str], str | None]:
    """A function telling which unit an experience point reaches (as the HappyOrNot reader walks)."""
    mapping = _read(root, "source_unit_map")
    mapped = mapping.loc[mapping["source"] == "happyornot"]
    lookup = {str(k): u for k, u in zip(mapped["source_key"], mapped["unit_id"], strict=True)}
    for unit in _read(root, "unit")["unit_id"]:
        lookup.setdefault(str(unit), unit)
    points = _read(root, "happyornot_point")
    parents = {str(p): _text(q) for p, q in zip(points["point_id"], points["parent_id"], strict=True)}

    def reaches(point: str) -> str | None:
        node, seen = point, set()
        while node is not None and node not in seen and node not in lookup:
            seen.add(node)
            node = parents.get(node)
        return lookup.get(node) if node is not None else None

    return reaches


def export_happyornot(
    root: Path, folder: Path, start: date | None = None, end: date | None = None
) -> tuple[Path, Path, Path]:
    """A Customer API v2 CSV export with the stored surveys and experience points (JSON)."""
    folder.mkdir(parents=True, exist_ok=True)
    presses = _read(root, "quick_feedback", start, end)
    stored_surveys = _read(root, "happyornot_survey")
    surveys = folder / "happyornot_surveys.json"
    surveys.write_text(
        json.dumps(
            {
                "surveys": [
                    {
                        "surveyId": s.survey_id,
                        "feedbackScale": s.feedback_scale,
                        "indexType": _text(s.index_type),
                        "name": _text(s.name),
                    }
                    for s in stored_surveys.itertuples()
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    points = folder / "happyornot_points.json"
    points.write_text(
        json.dumps(
            [
                {
                    "experiencePointId": p.point_id,
                    "name": _text(p.name),
                    "parent": _text(p.parent_id),
                    "type": p.point_type,
                }
                for p in _read(root, "happyornot_point").itertuples()
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    scales = dict(zip(stored_surveys["survey_id"], stored_surveys["feedback_scale"], strict=True))
    codes = _source_codes(root, "happyornot")
    reaches = _point_resolver(root)
    texts = _read(root, "open_text")
    texts = texts.loc[texts["source"] == "happyornot"].set_index("record_id")["text"].to_dict()
    rows, own_scale = [], False
    for p in presses.itertuples():
        survey = _text(p.question_id)
        stated = scales.get(survey) if survey is not None else None
        if stated is None or stated.removesuffix("_reversed") != p.scale:
            stated, own_scale = p.scale, True
        button = int(p.button_index)
        if stated.endswith("_reversed"):
            button = _POINTS_ON_SCALE[p.scale] - 1 - button
        point = _text(p.touchpoint_id)
        if point is None or reaches(point) != p.unit_id:
            point = _code(codes, p.unit_id)
        rows.append(
            [
                p.feedback_id,
                pd.Timestamp(p.ts).strftime("%Y-%m-%dT%H:%M:%S"),
                survey,
                stated,
                point,
                button,
                "true" if p.misuse else "false",
                _UI[p.channel],
                "HAPPY_FACES",
                texts.get(p.feedback_id),
            ]
        )
    header = [
        "feedbackId",
        "localTime",
        "surveyId",
        "feedbackScale",
        "experiencePointId",
        "buttonIndex",
        "misuse",
        "ui",
        "smileyType",
        "text",
    ]
    if not own_scale:
        header.pop(3)
        rows = [row[:3] + row[4:] for row in rows]
    path = folder / "happyornot_feedback.csv"
    _write_csv(path, header, rows, ",", "utf-8")
    return path, surveys, points


def _iso_local(value: object) -> str | None:
    """Helsinki local time with its UTC offset; a wall time that DST skips stays without one."""
    if value is None or pd.isna(value):
        return None
    stamp = pd.Timestamp(value)
    try:
        return stamp.tz_localize("Europe/Helsinki", ambiguous=True, nonexistent="raise").isoformat()
    except ValueError:
        return stamp.isoformat()


def export_open311(
    root: Path, folder: Path, start: date | None = None, end: date | None = None
) -> tuple[Path, Path]:
    """GeoReport v2 JSON requests and the internal export (type, category, reply times)."""
    folder.mkdir(parents=True, exist_ok=True)
    feedback = _read(root, "feedback", start, end)
    texts = _read(root, "open_text")
    texts = texts.loc[texts["source"] == "feedback"].set_index("record_id")["text"].to_dict()
    codes = _source_codes(root, "open311")
    requests = []
    for f in feedback.itertuples():
        record = {
            "service_request_id": f.feedback_id,
            "status": "closed" if f.status == "closed" else "open",
            "service_code": "2809",
            "description": texts.get(f.feedback_id),
            "requested_datetime": _iso_local(f.received_at),
            "updated_datetime": _iso_local(f.updated_at),
            "agency_responsible": "Sosiaali- ja terveystoimiala",
        }
        extended = {"detailed_status": _DETAILED.get(f.status, "")}
        if isinstance(f.unit_id, str):
            extended["service_object_id"] = _code(codes, f.unit_id)
        record["extended_attributes"] = extended
        requests.append(record)
    geo = folder / "open311_requests.json"
    geo.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    header = [
        "Palautteen tunnus",
        "Vastaanotettu",
        "Vastattu",
        "Suljettu",
        "Päivitetty",
        "Palautetyyppi",
        "Palauteluokka",
        "Aihe",
        "Kanava",
        "Kieli",
        "Yhteydenottopyyntö",
        "Tila",
        "Palvelukokonaisuus",
        "Toimipiste",
    ]
    rows = [
        [
            f.feedback_id,
            _fi_time(f.received_at),
            _fi_time(f.answered_at),
            _fi_time(f.closed_at),
            _fi_time(f.updated_at),
            f.feedback_type,
            f.category,
            f.topic,
            f.channel,
            f.language,
            "" if pd.isna(f.contact_requested) else ("kyllä" if f.contact_requested else "ei"),
            f.status,
            f.service_area_id,
            _code(codes, f.unit_id),
        ]
        for f in feedback.itertuples()
    ]
    internal = folder / "feedback_internal.csv"
    _write_csv(internal, header, rows, ";", "latin-1")
    return geo, internal


def export_surveys(
    root: Path, folder: Path, start: date | None = None, end: date | None = None
) -> tuple[Path, Path]:
    """Survey item definitions and a long answers CSV (``;``, decimal comma, BOM)."""
    folder.mkdir(parents=True, exist_ok=True)
    items = _read(root, "survey_item")
    columns = [c for c in schema.TABLES["survey_item"].stored_columns if c != "batch_id"]
    items_path = folder / "survey_items.csv"
    _write_csv(items_path, columns, items[columns].values.tolist(), ";", "utf-8-sig")
    answers = _read(root, "survey_answer", start, end)
    header = [
        "Vastaustunnus",
        "Kysymys",
        "Arvo",
        "Vastauspäivä",
        "Toimipiste",
        "Vastaaja",
        "Kieli",
        "Asiointitapa",
        "Ikäryhmä",
        "Tuottaja",
    ]
    codes = _source_codes(root, "survey")
    rows = [
        [
            a.response_id,
            a.item_id,
            _fi_number(a.value),
            _fi_date(a.answered_on),
            _code(codes, a.unit_id),
            a.respondent_role,
            a.language,
            a.channel,
            a.age_group,
            a.provider,
        ]
        for a in answers.itertuples()
    ]
    path = folder / "survey_long.csv"
    _write_csv(path, header, rows, ";", "utf-8-sig")
    return items_path, path


def export_cases(root: Path, folder: Path, start: date | None = None, end: date | None = None) -> Path:
    """The case register in Windows-1252 with Finnish headers and dates."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = _read(root, "case", start, end)
    codes = _source_codes(root, "cases")
    header = [
        "Asianumero",
        "Asian laji",
        "Saapunut",
        "Ratkaistu",
        "Palvelukokonaisuus",
        "Toimipiste",
        "Syy",
        "Ratkaisu",
    ]
    rows = [
        [
            c.case_id,
            c.case_kind,
            _fi_date(c.received_on),
            _fi_date(c.decided_on),
            c.service_area_id,
            _code(codes, c.unit_id),
            c.reason,
            c.outcome,
        ]
        for c in cases.itertuples()
    ]
    path = folder / "cases.csv"
    _write_csv(path, header, rows, ";", "cp1252")
    return path


def export_ombudsman(root: Path, folder: Path, start: date | None = None, end: date | None = None) -> Path:
    """The ombudsman's contact statistics (``;``, UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    contacts = _read(root, "ombudsman_contact", start, end)
    rows = [
        [c.contact_id, _fi_date(c.contacted_on), c.sector, c.topic, int(c.matters), c.service_area_id]
        for c in contacts.itertuples()
    ]
    path = folder / "ombudsman.csv"
    _write_csv(
        path, ["Tunnus", "Päivämäärä", "Sektori", "Aihe", "Asioita", "Palvelukokonaisuus"], rows, ";", "utf-8"
    )
    return path


def export_visits(root: Path, folder: Path, start: date | None = None, end: date | None = None) -> Path:
    """The visits register: unit code, month as ``m/yyyy``, visits (``;``, Windows-1252)."""
    folder.mkdir(parents=True, exist_ok=True)
    visits = _read(root, "visits", start, end)
    codes = _source_codes(root, "register")
    months = pd.to_datetime(visits["month"])
    rows = [
        [_code(codes, unit), f"{month.month}/{month.year}", int(count)]
        for unit, month, count in zip(visits["unit_id"], months, visits["visits"], strict=True)
    ]
    path = folder / "visits.csv"
    _write_csv(path, ["Toimipiste", "Kuukausi", "Käyntimäärä"], rows, ";", "cp1252")
    return path


def export_all(
    root: Path, folder: Path, start: date | None = None, end: date | None = None
) -> dict[str, object]:
    """Every source format of a slice; returns the paths by import kind."""
    return {
        "organisation": export_organisation(root, folder),
        "happyornot": export_happyornot(root, folder, start, end),
        "open311": export_open311(root, folder, start, end),
        "surveys": export_surveys(root, folder, start, end),
        "cases": export_cases(root, folder, start, end),
        "ombudsman": export_ombudsman(root, folder, start, end),
        "visits": export_visits(root, folder, start, end),
    }
