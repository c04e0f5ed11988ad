"""Write a warehouse slice back out in each source system's format (for round-trip checks).

The files look like the real exports the readers take: a HappyOrNot Customer API CSV with
its surveys JSON (five-button scales written reversed, as ``five_reversed`` terminals do),
Open311 GeoReport JSON plus the internal ``;``/latin-1 export, a long survey CSV with
decimal commas and "en osaa sanoa", the case register in Windows-1252 and the ombudsman's
statistics. Every text cell that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from data_access import schema
from data_access.ingest.pipeline import neutralise

_DETAILED = {
    "received": "RECEIVED",
    "in_process": "PROCESSING",
    "answered": "RESPONSE_GIVEN",
    "closed": "CLOSED",
}
_SCALE_SURVEYS = {
    "four": ("HON-four", "four"),
    "five": ("HON-five", "five_reversed"),
    "nps": ("HON-nps", "nps"),
}


def _read(root: Path, name: str, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    files = sorted((root / name).glob("**/*.parquet")) if (root / name).is_dir() else []
    if not files:
        return pd.DataFrame(columns=schema.TABLES[name].stored_columns)
    frame = pd.concat([pq.read_table(f).to_pandas() for f in files], ignore_index=True)
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


def _write_csv(
    path: Path, header: list[str], rows: list[list[object]], delimiter: str, encoding: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))


def export_organisation(root: Path, folder: Path) -> list[Path]:
    """Service areas, services, units (Finnish headers) and a unit map for every source code."""
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
        ]
        for u in units.itertuples()
    ]
    _write_csv(path, header, rows, ";", "cp1252")
    paths.append(path)
    mapping = folder / "unit_map.csv"
    rows = [
        [source, f"{prefix}{u}", u]
        for u in units["unit_id"]
        for source, prefix in (("happyornot", "EP-"), ("open311", "SO-"))
    ]
    _write_csv(mapping, ["source", "source_key", "unit_id"], rows, ";", "utf-8")
    paths.append(mapping)
    return paths


def export_happyornot(
    root: Path, folder: Path, start: date | None = None, end: date | None = None
) -> tuple[Path, Path]:
    """A Customer API v2 CSV export and its surveys JSON (five-button scales reversed)."""
    folder.mkdir(parents=True, exist_ok=True)
    presses = _read(root, "quick_feedback", start, end)
    surveys = folder / "happyornot_surveys.json"
    surveys.write_text(
        json.dumps(
            {
                "surveys": [
                    {"surveyId": sid, "feedbackScale": scale, "indexType": "HAPPY_INDEX"}
                    for sid, scale in _SCALE_SURVEYS.values()
                ]
            }
        ),
        encoding="utf-8",
    )
    ui = {
        "terminal": "SMILEY_TERMINAL",
        "app": "MOBILE_APP",
        "sms": "SMS",
        "qr": "QR_CODE",
        "web": "WEB_SURVEY",
    }
    rows = []
    for p in presses.itertuples():
        button = 4 - int(p.button_index) if p.scale == "five" else int(p.button_index)
        rows.append(
            [
                p.feedback_id,
                pd.Timestamp(p.ts).strftime("%Y-%m-%dT%H:%M:%S"),
                _SCALE_SURVEYS[p.scale][0],
                f"EP-{p.unit_id}",
                button,
                "true" if p.misuse else "false",
                ui[p.channel],
                "HAPPY_FACES",
            ]
        )
    path = folder / "happyornot_feedback.csv"
    header = [
        "feedbackId",
        "localTime",
        "surveyId",
        "experiencePointId",
        "buttonIndex",
        "misuse",
        "ui",
        "smileyType",
    ]
    _write_csv(path, header, rows, ",", "utf-8")
    return path, surveys


def _iso_local(value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    stamp = pd.Timestamp(value).tz_localize("Europe/Helsinki", ambiguous=True, nonexistent="shift_forward")
    return stamp.isoformat()


def export_open311(
    root: Path, folder: Path, start: date | None = None, end: date | None = None
) -> tuple[Path, Path]:
    """GeoReport v2 JSON requests and the internal export (type, category, reply times)."""
    folder.mkdir(parents=True, exist_ok=True)
    feedback = _read(root, "feedback", start, end)
    texts = _read(root, "open_text")
    texts = texts.loc[texts["source"] == "feedback"].set_index("record_id")["text"].to_dict()
    requests = []
    for f in feedback.itertuples():
        record = {
            "service_request_id": f.feedback_id,
            "status": "closed" if f.status == "closed" else "open",
            "service_code": "2809",
            "description": texts.get(f.feedback_id),
            "requested_datetime": _iso_local(f.received_at),
            "updated_datetime": _iso_local(f.closed_at),
            "agency_responsible": "Sosiaali- ja terveystoimiala",
        }
        extended = {"detailed_status": _DETAILED.get(f.status, "")}
        if isinstance(f.unit_id, str):
            extended["service_object_id"] = f"SO-{f.unit_id}"
        record["extended_attributes"] = extended
        requests.append(record)
    geo = folder / "open311_requests.json"
    geo.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    header = [
        "Palautteen tunnus",
        "Vastaanotettu",
        "Vastattu",
        "Suljettu",
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
            f.feedback_type,
            f.category,
            f.topic,
            f.channel,
            f.language,
            "" if pd.isna(f.contact_requested) else ("kyllä" if f.contact_requested else "ei"),
            f.status,
            f.service_area_id,
            f.unit_id,
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
    rows = [
        [
            a.response_id,
            a.item_id,
            _fi_number(a.value),
            _fi_date(a.answered_on),
            a.unit_id,
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
            c.unit_id,
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
    }
