"""Each reader imports its realistic sample file with the values a person would read from it."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from ingest_support import FIXTURES, HON, table

from data_access.ingest.pipeline import Options, import_file


def test_organisation_reads_windows_1252_finnish_headers_and_dates(organised):
    units = table(organised, "unit").set_index("unit_id")
    assert list(units.index) == ["U001", "U002", "U003", "U004", "U005"]
    assert units.loc["U001", "name_sv"] == "Berghälls hälsostation"
    assert units.loc["U003", "name_fi"] == "Itäkeskuksen hammashoitola"
    assert units.loc["U004", "valid_from"] == date(2016, 6, 1)
    assert units.loc["U005", "valid_to"] == date(2017, 12, 31)
    assert units.loc["U004", "service_area_id"] == "pso"
    mapping = table(organised, "source_unit_map")
    assert len(mapping) == 8
    items = table(organised, "survey_item").set_index("item_id")
    assert items.loc["arvosana", ["scale_min", "scale_max"]].tolist() == [4, 10]
    assert items.loc["pm1", "text_sme"] == "Ožžon bálvalusa rivttes áigái"


def test_happyornot_json_maps_the_tree_and_flips_reversed_scales(warehouse):
    result = import_file(warehouse, "happyornot", FIXTURES / "happyornot_feedback.json", options=HON)
    assert (result.status, result.rows_in, result.rows_rejected) == ("ok", 8, 0)
    rows = table(warehouse, "quick_feedback").set_index("feedback_id")
    assert rows.loc["f-0001", "unit_id"] == "U001"  # EP-101 → its group EP-100 → U001
    assert rows.loc["f-0005", ["unit_id", "scale", "button_index"]].tolist() == ["U002", "five", 4]
    assert rows.loc["f-0006", "button_index"] == 0  # five_reversed index 4 = most negative
    assert rows.loc["f-0007", ["scale", "button_index", "channel"]].tolist() == ["nps", 9, "sms"]
    assert bool(rows.loc["f-0003", "misuse"]) is True
    assert rows.loc["f-0001", "ts"] == datetime(2024, 3, 4, 8, 15, 2)
    assert "text" not in rows.columns
    notes = table(warehouse, "open_text")
    assert notes[["source", "record_id", "text"]].values.tolist() == [
        ["happyornot", "f-0004", "Hyvä palvelu, soittakaa [PHONE] tai [EMAIL]"]
    ]


def test_happyornot_csv(warehouse):
    result = import_file(warehouse, "happyornot", FIXTURES / "happyornot_feedback.csv", options=HON)
    assert (result.status, result.rows_written) == ("ok", 6)
    rows = table(warehouse, "quick_feedback").set_index("feedback_id")
    assert rows.loc["f-1005", "button_index"] == 3  # reversed 1 → 3
    assert rows.loc["f-1006", ["unit_id", "channel", "button_index"]].tolist() == ["U003", "qr", 10]


def test_open311_joins_the_internal_export_and_keeps_text_apart(warehouse):
    options = Options(internal=FIXTURES / "feedback_internal.csv")
    result = import_file(warehouse, "open311", FIXTURES / "open311_requests.json", options=options)
    assert (result.status, result.rows_in) == ("ok", 4)
    rows = table(warehouse, "feedback").set_index("feedback_id")
    assert list(rows.index) == ["2024-1001", "2024-1002", "2024-1003", "2024-1004"]
    first = rows.loc["2024-1001"]
    assert first["received_at"] == datetime(2024, 2, 5, 8, 12)  # +02:00 is Helsinki winter time
    assert rows.loc["2024-1003", "received_at"] == datetime(2024, 7, 1, 10, 0)  # summer time +03:00
    assert (first["feedback_type"], first["category"], first["unit_id"]) == (
        "moite",
        "Takaisinsoitto",
        "U001",
    )
    assert (first["status"], first["channel"], first["language"]) == ("closed", "web", "fin")
    assert first["answered_at"] == datetime(2024, 2, 8, 14, 30)
    assert (first["closed_at"], first["updated_at"]) == (
        datetime(2024, 2, 8, 14, 30),
        datetime(2024, 2, 8, 14, 30),
    )
    assert rows.loc["2024-1002", "status"] == "in_process"  # open, detailed_status IN_PROCESS
    assert rows.loc["2024-1004", "status"] == "open"  # open, no detailed status
    assert rows.loc["2024-1003", ["unit_id", "service_area_id", "status", "language"]].tolist() == [
        "U004",
        "pso",
        "closed",
        "swe",
    ]
    assert pd.isna(rows.loc["2024-1004", "unit_id"])  # no service object: the service area only
    assert rows.loc["2024-1004", ["feedback_type", "service_area_id"]].tolist() == ["idea", "tpp"]
    assert "description" not in rows.columns
    notes = table(warehouse, "open_text").set_index("record_id")
    assert notes.loc["2024-1001", "text"] == "Takaisinsoittoa ei tullut, hetu [HETU], puh. [PHONE]."


def test_feedback_export_alone_reads_latin1_and_finnish_times(warehouse):
    result = import_file(warehouse, "feedback-export", FIXTURES / "feedback_internal.csv")
    assert (result.status, result.rows_written) == ("ok", 5)
    rows = table(warehouse, "feedback").set_index("feedback_id")
    assert rows.loc["2024-1005", "received_at"] == datetime(2024, 7, 3, 7, 50)
    assert rows.loc["2024-1005", ["feedback_type", "category", "topic", "channel", "language"]].tolist() == [
        "kysymys",
        "Neuvonta ja ohjaus",
        "influenssarokotus",
        "phone",
        "eng",
    ]
    assert bool(rows.loc["2024-1005", "contact_requested"]) is True
    assert rows.loc["2024-1003", "category"] == "Sähköiset palvelut"


def test_survey_long_with_bom_decimal_comma_and_no_answer(warehouse):
    result = import_file(warehouse, "survey-long", FIXTURES / "survey_long.csv")
    assert (result.status, result.rows_in, result.rows_written) == ("ok", 8, 8)
    rows = table(warehouse, "survey_answer").set_index(["response_id", "item_id"])
    assert rows.loc[
        ("R-1", "pm1"), ["unit_id", "value", "respondent_role", "channel", "provider"]
    ].tolist() == [
        "U001",
        4.0,
        "client",
        "visit",
        "own",
    ]
    assert pd.isna(rows.loc[("R-2", "pm1"), "value"])  # "en osaa sanoa" → null
    assert rows.loc[("R-2", "arvosana"), "value"] == 7.5
    assert rows.loc[("R-2", "pm2"), ["language", "respondent_role", "provider"]].tolist() == [
        "swe",
        "relative",
        "purchased",
    ]
    assert rows.loc[("R-3", "pm1"), ["unit_id", "language", "channel"]].tolist() == ["U003", "sme", "remote"]
    assert rows.loc[("R-1", "pm1"), "answered_on"] == date(2024, 9, 3)


def test_survey_wide_excel_with_mapping_and_serial_dates(warehouse):
    options = Options(mapping=FIXTURES / "survey_wide_mapping.csv")
    result = import_file(warehouse, "survey-wide", FIXTURES / "survey_wide.xlsx", options=options)
    assert (result.status, result.rows_in) == ("ok", 3)
    rows = table(warehouse, "survey_answer").set_index(["response_id", "item_id"]).sort_index()
    assert len(rows) == 8  # W-3 left the grade empty: no row
    assert rows.loc[("W-1", "arvosana"), "value"] == 9
    assert rows.loc[("W-2", "arvosana"), "value"] == 8.5
    assert pd.isna(rows.loc[("W-2", "pm2"), "value"])  # EOS → null
    assert rows.loc[("W-2", "pm1"), "answered_on"] == date(2024, 10, 2)  # Excel serial 45567
    notes = table(warehouse, "open_text").set_index("record_id")
    assert notes["text"].to_dict() == {
        "W-1/vapaa sana": "Hyvä palvelu, soittakaa [PHONE]",
        "W-2/vapaa sana": '=HYPERLINK("http://evil.example","klikkaa")',  # the formula's text, never run
    }
    assert notes.loc["W-1/vapaa sana", ["source", "unit_id"]].tolist() == ["survey", "U001"]
    assert rows.loc[("W-3", "pm1"), ["answered_on", "unit_id", "language"]].tolist() == [
        date(2024, 10, 3),
        "U003",
        "eng",
    ]


def test_survey_wide_needs_its_mapping(warehouse):
    result = import_file(warehouse, "survey-wide", FIXTURES / "survey_wide.xlsx")
    assert result.status == "unreadable"
    assert table(warehouse, "survey_answer").empty


@pytest.mark.parametrize("name", ["cases.csv", "cases.xlsx"])
def test_cases_csv_and_xlsx(warehouse, name):
    result = import_file(warehouse, "cases", FIXTURES / name)
    assert result.status == "ok", result.errors
    rows = table(warehouse, "case").set_index("case_id")
    if name == "cases.csv":
        assert len(rows) == 4
        assert rows.loc[
            "HEL 2024-000101", ["case_kind", "unit_id", "service_area_id", "outcome"]
        ].tolist() == [
            "muistutus",
            "U001",
            "tpp",
            "remark",
        ]
        assert rows.loc["HEL 2024-000102", ["case_kind", "service_area_id", "outcome"]].tolist() == [
            "kantelu_avi",
            "pso",
            "pending",
        ]
        assert rows.loc["HEL 2024-000103", "service_area_id"] == "tpp"  # from the unit
        assert rows.loc["HEL 2024-000104", "decided_on"] == date(2024, 9, 30)
    else:
        assert rows.loc["HEL 2024-000201", ["case_kind", "outcome", "received_on"]].tolist() == [
            "kantelu_eoa",
            "guidance",
            date(2024, 5, 6),
        ]
        assert rows.loc["HEL 2024-000202", ["received_on", "service_area_id"]].tolist() == [
            date(2024, 6, 7),
            "pso",
        ]


def test_ombudsman_xlsx(warehouse):
    result = import_file(warehouse, "ombudsman", FIXTURES / "ombudsman.xlsx")
    assert result.status == "ok", result.errors
    rows = table(warehouse, "ombudsman_contact").set_index("contact_id")
    assert rows["sector"].tolist() == ["health", "social", "both", "health"]
    assert rows["matters"].tolist() == [1, 2, 3, 1]
    assert rows.loc["SPA-2024-2", "contacted_on"] == date(2024, 1, 10)
    assert rows.loc["SPA-2024-3", "contacted_on"] == date(2024, 2, 15)
    assert rows.loc["SPA-2024-4", "service_area_id"] == "skh"


def test_the_audit_row_names_file_hash_user_and_counts(warehouse):
    import_file(warehouse, "cases", FIXTURES / "cases.csv", user="anna.admin")
    audit = table(warehouse, "import_batch").set_index("file_name").loc["cases.csv"]
    assert (audit["source"], audit["imported_by"], audit["rows_in"], audit["rows_accepted"]) == (
        "cases",
        "anna.admin",
        4,
        4,
    )
    assert audit["status"] == "committed" and len(audit["sha256"]) == 64


def test_an_organisation_workbook_with_one_sheet_per_table(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    areas = workbook.active
    areas.title = "Palvelukokonaisuudet"
    areas.append(["service_area_id", "name_fi", "name_sv", "name_en"])
    areas.append(
        ["pso", "Perhe- ja sosiaalipalvelut", "Familje- och socialtjänster", "Family and social services"]
    )
    units = workbook.create_sheet("Toimipisteet")
    units.append(["Toimipiste", "Nimi", "Palvelu", "Alkaen"])
    units.append(["S01", "Kalasataman sosiaaliasema", "sosiaaliasemat", datetime(2016, 6, 1)])
    units.append(["S02", "Tuntematon palvelu", "ei-ole", 42370])
    services = workbook.create_sheet("Palvelut")
    services.append(["service_id", "service_area_id", "name_fi"])
    services.append(["sosiaaliasemat", "pso", "Sosiaaliasemat"])
    workbook.save(tmp_path / "organisaatio.xlsx")
    result = import_file(tmp_path / "wh", "organisation", tmp_path / "organisaatio.xlsx")
    assert [(e.file, e.row, e.column, e.code, e.value) for e in result.errors] == [
        ("organisaatio.xlsx[Toimipisteet]", 3, "service_id", "unknown_reference", "ei-ole")
    ]
    units = table(tmp_path / "wh", "unit").set_index("unit_id")
    assert units.loc["S01", ["name_sv", "service_area_id", "valid_from"]].tolist() == [
        "Kalasataman sosiaaliasema",
        "pso",
        date(2016, 6, 1),
    ]
    assert table(tmp_path / "wh", "service")["service_id"].tolist() == ["sosiaaliasemat"]


def test_units_carry_their_sote_register_oid_and_the_unit_map_takes_oids(warehouse):
    result = import_file(warehouse, "organisation", FIXTURES / "units_oid.csv")
    assert (result.status, result.errors) == ("ok", [])
    units = table(warehouse, "unit").set_index("unit_id")
    assert units.loc["U001", ["oid", "name_sv"]].tolist() == [
        "1.2.246.10.2345678.10.101",
        "Berghälls hälsostation",
    ]
    assert units.loc["U002", "oid"] == "1.2.246.10.2345678.10.102"
    assert pd.isna(units.loc["U003", "oid"])
    result = import_file(warehouse, "unit-map", FIXTURES / "unit_map_oid.csv")
    assert (result.status, result.rows_written) == ("ok", 1)
    mapping = table(warehouse, "source_unit_map").set_index(["source", "source_key"])
    assert mapping.loc[("oid", "1.2.246.10.2345678.10.103"), "unit_id"] == "U003"


def test_a_malformed_oid_is_a_row_error(warehouse, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(
        "Toimipiste;Nimi;Palvelu;Alkaen;OID\nU001;Kallion terveysasema;terveysasemat;1.1.2015;1.2.246.10.1\n"
        "U002;Vuosaaren terveysasema;terveysasemat;1.1.2015;1.2.246.10.x\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.csv"
    mapping.write_text(
        "source;source_key;unit_id\noid;OID 1.2.3;U003\nhappyornot;OID 1.2.3;U003\n", encoding="utf-8"
    )
    result = import_file(warehouse, "organisation", units)
    assert [e.describe() for e in result.errors] == [
        "units.csv, rivi/line 3, sarake/column oid: tunniste 1.2.246.10.x ei ole OID-muotoinen "
        "(esim. 1.2.246.10.12345678.10.1) / 1.2.246.10.x is not an OID (e.g. 1.2.246.10.12345678.10.1)"
    ]
    assert table(warehouse, "unit").set_index("unit_id").loc["U001", "oid"] == "1.2.246.10.1"
    result = import_file(warehouse, "unit-map", mapping)
    assert [(e.row, e.column, e.code, e.value) for e in result.errors] == [
        (2, "source_key", "bad_oid", "OID 1.2.3")
    ]
    stored = table(warehouse, "source_unit_map").set_index(["source", "source_key"])
    assert stored.loc[("happyornot", "OID 1.2.3"), "unit_id"] == "U003"  # other sources keep their own codes
