"""Open311 GeoReport v2 as Helsinki's API serves it: status semantics, later pulls, no internal export.

The pulls (tests/fixtures/ingest/open311_pull_*.json) follow GeoReport v2 with Helsinki's
``extensions=true`` attributes and its documented ``detailed_status`` values; the second pull is the
first one a month later, ten open requests having been closed since.
"""

from __future__ import annotations

import argparse
from datetime import datetime

import pandas as pd
import pytest
from ingest_support import FIXTURES, table

from commands import imports
from data_access.ingest import open311
from data_access.ingest.pipeline import Options, import_file

PULL_1 = FIXTURES / "open311_pull_1.json"
PULL_2 = FIXTURES / "open311_pull_2.json"
CLOSED_LATER = [f"2024-20{n:02d}" for n in range(2, 12)]


@pytest.mark.parametrize(
    ("status", "detailed", "expected"),
    [
        ("closed", "PROCESSED", "closed"),
        ("closed", "IN_PROCESS", "closed"),  # a detail never reopens a closed request
        ("closed", None, "closed"),
        ("CLOSED", "RECEIVED", "closed"),
        ("open", "RECEIVED", "received"),
        ("open", "IN_PROCESS", "in_process"),
        ("open", "IN_PROCESS,PUBLIC_WORKS_NEW", "in_process"),
        ("open", "RECEIVED, PUBLIC_WORKS_IN_PROGRESS", "in_process"),
        ("open", None, "open"),
        ("open", "SOMETHING_NEW", "open"),  # an undocumented detail says nothing
        ("pending", "RECEIVED", None),
        (None, "PROCESSED", None),
    ],
)
def test_request_status(status, detailed, expected):
    assert open311.request_status(status, detailed) == expected


def test_a_pull_without_the_internal_export(warehouse):
    result = import_file(warehouse, "open311", PULL_1)
    assert (result.status, result.rows_in, result.rows_rejected) == ("ok", 12, 0)
    assert result.notes == [
        "ilman sisäistä vientiä: tyyppi palvelukoodista 0, tuntematon 12; luokka palvelukoodista 10,"
        " tuntematon 2 / without the internal export: type from the service mapping 0, unknown 12;"
        " category from the service mapping 10, unknown 2"
    ]
    rows = table(warehouse, "feedback").set_index("feedback_id").sort_index()
    assert rows["status"].to_dict() == {
        "2024-2001": "closed",
        "2024-2002": "received",
        "2024-2003": "received",
        "2024-2004": "in_process",
        "2024-2005": "in_process",
        "2024-2006": "in_process",
        "2024-2007": "in_process",
        "2024-2008": "in_process",
        "2024-2009": "in_process",
        "2024-2010": "open",
        "2024-2011": "open",
        "2024-2012": "closed",
    }
    assert rows.loc["2024-2001", ["received_at", "answered_at", "closed_at", "updated_at"]].tolist() == [
        datetime(2024, 3, 1, 9, 0),
        datetime(2024, 3, 4, 10, 30),  # closed with a reply (status_notes): answered when closed
        datetime(2024, 3, 4, 10, 30),
        datetime(2024, 3, 4, 10, 30),
    ]
    assert pd.isna(rows.loc["2024-2012", "answered_at"])  # closed without a reply
    assert rows.loc["2024-2012", "closed_at"] == datetime(2024, 3, 11, 8, 0)
    assert rows.loc["2024-2004", "updated_at"] == datetime(2024, 3, 4, 9, 0)
    assert rows.loc[CLOSED_LATER, "closed_at"].isna().all()
    assert pd.isna(rows.loc["2024-2010", "updated_at"])
    assert set(rows["feedback_type"]) == {"unknown"}  # the Helsinki codes name a subject, not a type
    assert rows["category"].value_counts().to_dict() == {"Tilat ja välineet": 8, "Muu": 2, "unknown": 2}
    assert rows.loc["2024-2007", "category"] == "Tilat ja välineet"  # code 2999 unknown, name Roskaaminen
    assert rows.loc[["2024-2010", "2024-2011"], "category"].tolist() == ["unknown", "unknown"]
    assert rows.loc[
        ["2024-2001", "2024-2004", "2024-2005"], ["unit_id", "service_area_id"]
    ].values.tolist() == [
        ["U001", "tpp"],
        ["U004", "pso"],
        ["U001", "tpp"],
    ]
    assert rows.loc["2024-2002", ["unit_id", "service_area_id", "channel", "language"]].isna().all()
    assert rows.loc["2024-2003", "topic"] == "Soittakaa [PHONE]"  # the title, masked
    assert rows.loc["2024-2005", "topic"] == "Asiakas [HETU]"
    assert pd.isna(rows.loc["2024-2011", "topic"])
    notes = table(warehouse, "open_text").set_index("record_id")["text"]
    assert len(notes) == 12
    assert notes["2024-2003"] == "Soittakaa minulle, puh. [PHONE]."
    assert notes["2024-2005"] == "Asiakkaan hetu [HETU], ovi ei aukea."
    assert notes["2024-2007"] == "Roska-astia on täynnä, [EMAIL]"


def test_an_admin_mapping_replaces_the_shipped_one(warehouse, tmp_path):
    services = tmp_path / "palvelut.toml"
    services.write_text(
        '[[service]]\ncode = "3100"\nname = "Terveysasemat"\nfeedback_type = "moite"\n'
        'category = "Hoitoonpääsy"\n\n'
        '[[service]]\ncode = 3101\nname = "Sosiaalipalvelut"\ncategory = "Palvelun hakeminen"\n',
        encoding="utf-8",
    )
    result = import_file(warehouse, "open311", PULL_1, options=Options(services=services))
    assert result.status == "ok"
    assert result.notes == [
        "ilman sisäistä vientiä: tyyppi palvelukoodista 1, tuntematon 11; luokka palvelukoodista 2,"
        " tuntematon 10 / without the internal export: type from the service mapping 1, unknown 11;"
        " category from the service mapping 2, unknown 10"
    ]
    rows = table(warehouse, "feedback").set_index("feedback_id")
    assert rows.loc["2024-2010", ["feedback_type", "category"]].tolist() == ["moite", "Hoitoonpääsy"]
    assert rows.loc["2024-2011", ["feedback_type", "category"]].tolist() == ["unknown", "Palvelun hakeminen"]
    assert rows.loc["2024-2001", ["feedback_type", "category"]].tolist() == ["unknown", "unknown"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            '[[service]]\ncode = "1"\nfeedback_type = "valitus"\n',
            "the service code mapping palvelut.toml, entry 1: feedback_type = 'valitus' is not allowed",
        ),
        (
            '[[service]]\ncode = "1"\n\n[[service]]\ncode = "2"\ncategory = "Parkkipaikat"\n',
            "the service code mapping palvelut.toml, entry 2: category = 'Parkkipaikat' is not allowed",
        ),
        (
            '[[service]]\nname = "Terveysasemat"\n',
            "the service code mapping palvelut.toml, entry 1: code is missing",
        ),
        (
            "[[service]\n",
            "cannot read the service code mapping palvelut.toml: Expected ']]' at the end of an array"
            " declaration (at line 1, column 10)",
        ),
    ],
)
def test_a_broken_mapping_imports_nothing(warehouse, tmp_path, text, reason):
    services = tmp_path / "palvelut.toml"
    services.write_text(text, encoding="utf-8")
    result = import_file(warehouse, "open311", PULL_1, options=Options(services=services))
    assert result.status == "unreadable"
    assert [e.allowed for e in result.errors] == [reason]
    assert table(warehouse, "feedback").empty


def test_the_shipped_mapping_holds_the_documented_helsinki_codes():
    mapping = open311.read_services()
    assert sorted(mapping.by_code, key=int) == [
        "171",
        "172",
        "174",
        "176",
        "180",
        "198",
        "199",
        "211",
        "234",
        "246",
    ]
    assert mapping.by_code["180"] == (None, "Muu")
    assert mapping.by_code["246"] == (None, "Tilat ja välineet")
    assert mapping.by_name["roskaaminen"] == (None, "Tilat ja välineet")


def test_a_later_pull_closes_the_requests_that_were_closed_since(warehouse):
    first = import_file(warehouse, "open311", PULL_1)
    assert first.status == "ok"
    later = import_file(warehouse, "open311", PULL_2)
    assert (later.status, later.rows_rejected, later.errors) == ("ok", 0, [])
    rows = table(warehouse, "feedback").set_index("feedback_id").sort_index()
    assert len(rows) == 12
    assert set(rows["status"]) == {"closed"}
    assert rows.loc[CLOSED_LATER, "closed_at"].tolist() == [
        datetime(2024, 4, 2, 9, 0),
        datetime(2024, 4, 2, 9, 30),
        datetime(2024, 4, 3, 10, 0),
        datetime(2024, 4, 3, 10, 15),
        datetime(2024, 4, 4, 8, 0),
        datetime(2024, 4, 4, 8, 20),
        datetime(2024, 4, 5, 13, 0),
        datetime(2024, 4, 5, 13, 30),
        datetime(2024, 4, 8, 9, 0),
        datetime(2024, 4, 8, 9, 45),
    ]
    assert (rows.loc[CLOSED_LATER, "updated_at"] == rows.loc[CLOSED_LATER, "closed_at"]).all()
    answered = rows.loc[CLOSED_LATER, "answered_at"]
    assert answered.isna().tolist() == [False] * 4 + [True] + [False] * 5  # 2024-2006 closed without a reply
    assert rows.loc["2024-2001", "closed_at"] == datetime(2024, 3, 4, 10, 30)  # unchanged request kept
    handling = (rows["closed_at"] - rows["received_at"]).dt.total_seconds() / 86400
    assert round(handling.loc["2024-2002"], 4) == round((31 * 24 + 0.75) / 24, 4)  # 2.3. 8:15 → 2.4. 9:00
    assert rows.loc["2024-2003", "topic"] == "Soittakaa [PHONE]"
    again = import_file(warehouse, "open311", PULL_1)  # the older pull changes nothing now
    assert again.rows_rejected == 0
    assert set(table(warehouse, "feedback")["status"]) == {"closed"}


def test_the_internal_export_still_wins_for_type_times_and_status(warehouse):
    options = Options(internal=FIXTURES / "feedback_internal.csv")
    result = import_file(warehouse, "open311", FIXTURES / "open311_requests.json", options=options)
    assert (result.status, result.notes) == ("ok", [])
    rows = table(warehouse, "feedback").set_index("feedback_id")
    assert rows.loc["2024-1003", ["status", "closed_at", "answered_at"]].tolist() == [
        "closed",
        datetime(2024, 7, 3, 12, 0),
        datetime(2024, 7, 2, 9, 5),  # the internal export's reply time, not the close time
    ]
    assert rows.loc["2024-1003", "topic"] == "ajanvaraus"  # the internal Aihe, not the request title


def test_a_status_outside_georeport_is_a_row_error(warehouse, tmp_path):
    path = tmp_path / "requests.json"
    path.write_text(
        '[{"service_request_id": "X-1", "status": "pending", "service_code": "171",'
        ' "requested_datetime": "2024-03-01T09:00:00+02:00"},'
        ' {"service_request_id": "X-2", "status": "open", "service_code": "171",'
        ' "requested_datetime": "2024-03-01T09:00:00+02:00", "updated_datetime": "2024-02-01T09:00:00+02:00",'
        ' "closed_datetime": "2024-02-01T09:00:00+02:00"},'
        ' {"service_request_id": "X-3", "status": "closed", "service_code": "171",'
        ' "requested_datetime": "2024-03-01T09:00:00+02:00", "updated_datetime": "2024-03-09T09:00:00+02:00",'
        ' "closed_datetime": "2024-03-05T12:00:00+02:00"}]',
        encoding="utf-8",
    )
    result = import_file(warehouse, "open311", path)
    assert [e.describe() for e in result.errors] == [
        "requests.json, rivi/line 1, sarake/column status: arvo pending ei ole sallittu (open, closed)"
        " / value pending is not allowed (open, closed)",
        "requests.json, rivi/line 2, sarake/column closed_at: päivämäärä 2024-02-01 on ennen saapumista"
        " / date 2024-02-01 is before the date received",
    ]
    stored = table(warehouse, "feedback").set_index("feedback_id")
    assert stored.loc["X-3", "closed_at"] == datetime(2024, 3, 5, 12, 0)  # the explicit close time


def test_the_internal_topic_is_masked(warehouse, tmp_path):
    path = tmp_path / "vienti.csv"
    path.write_bytes(
        "Palautteen tunnus;Vastaanotettu;Palautetyyppi;Aihe;Palaute\r\n"
        "T-1;5.2.2024 8:12;Moite;hetu 131052-308T;Soitin 040 765 4321\r\n"
        "T-2;5.2.2024 9:00;Kysymys;soita 040 765 4321 tai maija@example.fi;\r\n"
        "T-3;5.2.2024 9:30;Kiitos;influenssarokotus;\r\n".encode("latin-1")
    )
    result = import_file(warehouse, "feedback-export", path)
    assert result.status == "ok"
    rows = table(warehouse, "feedback").set_index("feedback_id")
    assert rows["topic"].to_dict() == {
        "T-1": "hetu [HETU]",
        "T-2": "soita [PHONE] tai [EMAIL]",
        "T-3": "influenssarokotus",
    }
    assert table(warehouse, "open_text")["text"].tolist() == ["Soitin [PHONE]"]


def test_the_cli_summary_counts_the_mapped_and_the_unknown(warehouse, capsys):
    parser = argparse.ArgumentParser()
    imports.register(parser.add_subparsers())
    arguments = parser.parse_args(["import", "open311", str(PULL_1), "--warehouse", str(warehouse)])
    assert arguments.handler(arguments) == 0
    out = capsys.readouterr().out.splitlines()
    # 12 feedback rows, their 12 masked texts and the 4 theme rows derived from the texts
    assert out[1].split()[:6] == ["open311_pull_1.json", "ok", "12", "28", "0", "0"]
    assert out[2] == (
        "open311_pull_1.json: ilman sisäistä vientiä: tyyppi palvelukoodista 0, tuntematon 12; luokka"
        " palvelukoodista 10, tuntematon 2 / without the internal export: type from the service mapping 0,"
        " unknown 12; category from the service mapping 10, unknown 2"
    )
