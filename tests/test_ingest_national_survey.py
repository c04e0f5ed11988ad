"""The national customer feedback survey as its vendors export it: wide or long, units by SOTE OID,
phone numbers never kept."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from ingest_support import FIXTURES, errors_of, table

from data_access.ingest import national_survey
from data_access.ingest.pipeline import import_file
from data_access.vocabulary import SURVEY_THEMES

PHONES = (
    "111 2222",
    "222 3333",
    "0401234567",
    "0405556666",
    "0407778888",
    "765 4321",
    "0401112222",
    "999 8888",
)


@pytest.fixture
def oids(warehouse):
    """U001 and U002 carry their register OID; U003's comes from the unit map."""
    for kind, name in (("organisation", "units_oid.csv"), ("unit-map", "unit_map_oid.csv")):
        result = import_file(warehouse, kind, FIXTURES / name)
        assert result.status == "ok", result.errors
    return warehouse


def _answers(root) -> pd.DataFrame:
    frame = table(root, "survey_answer").drop(columns="batch_id")
    return frame.set_index(["response_id", "item_id"]).sort_index()


def _every_stored_text(root) -> str:
    """All text the warehouse holds: Parquet cells and quarantine files."""
    parts = [p.read_text(encoding="utf-8-sig") for p in (root / "_quarantine").glob("*.csv")]
    for folder in root.iterdir():
        if folder.is_dir() and not folder.name.startswith("_"):
            frame = table(root, folder.name)
            if not frame.empty:
                parts.append(frame.astype(str).to_csv())
    return "\n".join(parts)


def test_one_row_per_response(oids):
    result = import_file(oids, "survey-national", FIXTURES / "national_survey_wide.csv")
    assert (result.status, result.rows_in, result.rows_rejected) == ("ok", 4, 0)
    assert result.notes == [
        "puhelinnumerosarakkeet poistettiin lukematta: puhelinnumero"
        " / phone number columns dropped unread: puhelinnumero"
    ]
    answers = _answers(oids)
    assert len(answers) == 31  # E-1004 left one statement empty: no row
    assert answers.loc[("E-1001", "kap-nps"), ["value", "answered_on", "unit_id"]].tolist() == [
        10.0,
        date(2024, 9, 2),
        "U001",
    ]
    assert answers.loc[("E-1001", "kap-osallisuus"), "value"] == 4.0
    context = ["unit_id", "language", "channel", "age_group"]
    assert answers.xs("kap-nps", level="item_id")[context].values.tolist() == [
        ["U001", "fin", "visit", "65-74"],  # "65–74" with an en dash
        ["U001", "swe", "remote", "30-49"],
        ["U002", "eng", "phone", "18-29"],
        ["U003", "fin", "digital", "75+"],  # OID through the unit map, "75 +"
    ]
    assert pd.isna(answers.loc[("E-1002", "kap-osallisuus"), "value"])  # en osaa sanoa
    assert pd.isna(answers.loc[("E-1004", "kap-tiedonsaanti"), "value"])  # EOS
    assert ("E-1004", "kap-sujuvuus") not in answers.index
    assert answers.xs("E-1003", level="response_id")["value"].to_dict() == {
        "kap-hyodyllisyys": 2.0,
        "kap-kohtaaminen": 3.0,
        "kap-nps": 3.0,
        "kap-oikea-aika": 1.0,
        "kap-osallisuus": 2.0,
        "kap-sujuvuus": 2.0,
        "kap-tiedonsaanti": 2.0,
        "kap-turvallisuus": 3.0,
    }
    notes = table(oids, "open_text").set_index("record_id")["text"].to_dict()
    assert notes == {"E-1001/avoin": "Kiitos, hyvä hoitaja!", "E-1003/avoin": "Soittakaa takaisin [PHONE]"}
    stored = _every_stored_text(oids)
    assert not [phone for phone in PHONES if phone in stored]


def test_the_national_items_are_defined_once(oids):
    import_file(oids, "survey-national", FIXTURES / "national_survey_wide.csv")
    items = table(oids, "survey_item").set_index("item_id")
    national = items.loc[items["survey_id"] == "kansallinen"]
    assert national[["scale_min", "scale_max", "kind", "theme"]].values.tolist() == [
        [0, 10, "nps", "kokonaisarvio"],
        [1, 5, "likert", "saatavuus"],
        [1, 5, "likert", "saatavuus"],
        [1, 5, "likert", "kohtaaminen"],
        [1, 5, "likert", "osallistuminen"],
        [1, 5, "likert", "turvallisuus"],
        [1, 5, "likert", "tiedonsaanti"],
        [1, 5, "likert", "hyodyllisyys"],
    ]
    assert national.loc["kap-sujuvuus", ["text_fi", "text_sv", "text_en"]].tolist() == [
        "Asiointi oli sujuvaa.",
        "Ärendet sköttes smidigt.",
        "The service went smoothly.",
    ]
    assert set(national["theme"]) == set(SURVEY_THEMES)  # one statement per theme at least
    survey = table(oids, "survey").set_index("survey_id").loc["kansallinen"]
    assert survey[["name_fi", "name_sv", "name_en"]].tolist() == list(national_survey.SURVEY_NAMES)
    again = import_file(oids, "survey-national", FIXTURES / "national_survey_long.csv")
    assert again.rows_written == 5  # the answers only: the items are stored already
    assert len(table(oids, "survey_item")) == len(items)


def test_one_row_per_answer(oids):
    result = import_file(oids, "survey-national", FIXTURES / "national_survey_long.csv")
    assert (result.status, result.rows_in, result.rows_rejected) == ("ok", 5, 0)
    assert result.notes == [
        "puhelinnumerosarakkeet poistettiin lukematta: matkapuhelin"
        " / phone number columns dropped unread: matkapuhelin"
    ]
    answers = _answers(oids)
    assert answers["value"].dropna().to_dict() == {
        ("E-2001", "kap-hyodyllisyys"): 4.0,  # the item id itself as the question
        ("E-2001", "kap-nps"): 8.0,
        ("E-2001", "kap-turvallisuus"): 5.0,
        ("E-2002", "kap-sujuvuus"): 3.0,  # "Asiointi oli sujuvaa." with its full stop
    }
    assert pd.isna(answers.loc[("E-2002", "kap-nps"), "value"])  # en osaa sanoa
    assert answers.loc[
        ("E-2001", "kap-nps"), ["answered_on", "unit_id", "language", "channel", "age_group"]
    ].tolist() == [
        date(2024, 9, 5),
        "U002",
        "fin",
        "visit",
        "75+",
    ]
    assert answers.loc[("E-2002", "kap-sujuvuus"), ["unit_id", "language", "channel"]].tolist() == [
        "U001",
        "swe",
        "remote",
    ]
    assert not [phone for phone in PHONES if phone in _every_stored_text(oids)]


def test_every_hazard_is_a_row_error_and_no_phone_number_is_kept(oids):
    result = import_file(oids, "survey-national", FIXTURES / "national_survey_rows.csv")
    assert (result.status, result.rows_in, result.rows_rejected) == ("partial", 11, 10)
    assert [e.describe() for e in result.errors] == [
        "national_survey_rows.csv, rivi/line 3, sarake/column oid: tuntematon toimipisteen koodi"
        " 1.2.246.10.9999999.10.1 / unknown unit code 1.2.246.10.9999999.10.1",
        "national_survey_rows.csv, rivi/line 4, sarake/column oid: tunniste OID-101 ei ole OID-muotoinen"
        " (esim. 1.2.246.10.12345678.10.1) / OID-101 is not an OID (e.g. 1.2.246.10.12345678.10.1)",
        "national_survey_rows.csv, rivi/line 5, sarake/column suositteluindeksi: arvo 11 ei ole asteikolla"
        " 0–10 / value 11 is outside the scale 0–10",
        "national_survey_rows.csv, rivi/line 6, sarake/column asiointi oli sujuvaa: arvo 0 ei ole asteikolla"
        " 1–5 / value 0 is outside the scale 1–5",
        "national_survey_rows.csv, rivi/line 7, sarake/column suositteluindeksi: arvo 7,5 ei ole asteikolla"
        " 0–10 / value 7,5 is outside the scale 0–10",
        "national_survey_rows.csv, rivi/line 8, sarake/column suositteluindeksi: lukua ei voi lukea: kolme"
        " / cannot read the number: kolme",
        "national_survey_rows.csv, rivi/line 9, sarake/column channel: arvo Kirje ei ole sallittu (visit,"
        " remote, digital, phone) / value Kirje is not allowed (visit, remote, digital, phone)",
        "national_survey_rows.csv, rivi/line 10, sarake/column age_group: arvo 10-12 ei ole sallittu (0-17,"
        " 18-29, 30-49, 50-64, 65-74, 75+) / value 10-12 is not allowed (0-17, 18-29, 30-49, 50-64, 65-74,"
        " 75+)",
        "national_survey_rows.csv, rivi/line 11, sarake/column visit_date: päivämäärä 2.9.2099 10:00 on"
        " tulevaisuudessa / date 2.9.2099 10:00 is in the future",
        "national_survey_rows.csv, rivi/line 12, sarake/column response_id: pakollinen arvo puuttuu"
        " / required value is missing",
    ]
    assert _answers(oids)["value"].to_dict() == {("E-3001", "kap-nps"): 10.0, ("E-3001", "kap-sujuvuus"): 5.0}
    quarantine = result.quarantine.read_text(encoding="utf-8-sig")
    assert "puhelinnumero" not in quarantine
    assert ";Soita [PHONE]" in quarantine  # the open answer of the rejected row 3, masked
    assert not [phone for phone in (*PHONES, "0401112230", "0401112231") if phone in _every_stored_text(oids)]


def test_without_an_oid_or_unit_column_nothing_is_read(oids, tmp_path):
    path = tmp_path / "kysely.csv"
    path.write_text(
        "Tapahtumatunnus;Käyntipäivä;Kunta;Suositteluindeksi\nE-1;2.9.2024;Helsinki;9\n", encoding="utf-8"
    )
    result = import_file(oids, "survey-national", path)
    assert (result.status, errors_of(result)) == ("unreadable", [(None, "oid", "missing_column", "")])
    assert table(oids, "survey_answer").empty


def test_unrecognised_columns_are_named_and_a_unit_code_works_instead_of_an_oid(oids, tmp_path):
    path = tmp_path / "kysely.csv"
    path.write_text(
        "Tapahtumatunnus;Käyntipäivä;Toimipiste;Kunta;Suositteluindeksi;Oma väittämä 1\n"
        "E-1;2.9.2024;101;Helsinki;9;4\n",
        encoding="utf-8",
    )
    result = import_file(oids, "survey-national", path)
    assert result.status == "ok"
    assert result.notes == [
        "sarakkeita ei tunnistettu eikä tuotu: oma väittämä 1"
        " / columns not recognised, not imported: oma väittämä 1"
    ]
    assert _answers(oids).loc[("E-1", "kap-nps"), ["value", "unit_id"]].tolist() == [9.0, "U001"]
