"""Hard limits of the reading layer: encodings, quotes, JSON bounds, numbers, masked messages."""

from __future__ import annotations

import json
import math
from datetime import datetime

import pandas as pd
import pytest

from data_access.ingest import finnish_csv as fc
from data_access.ingest import scan
from data_access.ingest.encoding import detect
from data_access.ingest.validation import Errors, RowError, bounded_integers, check_records

TEXT = "nimi;ammatti\r\n1;Lääkäri\r\n2;Hoitaja\r\n"
ROWS = [{"nimi": "1", "ammatti": "Lääkäri", "_row": 2}, {"nimi": "2", "ammatti": "Hoitaja", "_row": 3}]


def _read(data: bytes) -> fc.RawTable:
    return fc.read_csv_bytes(data)


def _records(table: fc.RawTable) -> list[dict]:
    return table.frame.to_dict("records")


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.encode("cp1252").replace(b"Hoitaja", b"Hoitaja\x81"), "latin-1"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_each_encoding_is_detected_and_read_without_mojibake(data, codec):
    assert detect(data).codec == codec
    table = _read(data)
    expected = ROWS if codec != "latin-1" else [ROWS[0], {**ROWS[1], "ammatti": "Hoitaja\x81"}]
    assert _records(table) == expected
    assert table.problems == []


def test_a_stray_windows_1252_byte_is_a_row_error_and_the_rest_stays_utf8():
    data = TEXT.encode("utf-8") + b"3;L\xe4\xe4k\xe4ri\r\n4;Kuraattori\r\n"
    table = _read(data)
    assert [r["ammatti"] for r in _records(table)] == ["Lääkäri", "Hoitaja", "Kuraattori"]
    assert table.problems == [fc.Problem(4, "ammatti", "bad_encoding", "0xE4", "UTF-8")]


def test_utf8_sequences_in_a_windows_1252_file_are_row_errors():
    data = (TEXT + "3;Äitiysneuvola\r\n").encode("cp1252") + "4;Lääkäri\r\n".encode()
    table = _read(data)
    assert [r["ammatti"] for r in _records(table)] == ["Lääkäri", "Hoitaja", "Äitiysneuvola"]
    assert table.problems == [fc.Problem(5, "ammatti", "foreign_encoding", "0xC3 0xA4", "Windows-1252")]


def test_an_invalid_utf16_unit_is_a_row_error():
    data = b"\xff\xfe" + "a;b\r\n1;x\r\n2;".encode("utf-16-le") + b"\x00\xd8" + ";\r\n".encode("utf-16-le")
    table = _read(data)
    assert _records(table) == [{"a": "1", "b": "x", "_row": 2}]
    assert table.problems == [fc.Problem(3, "b", "bad_encoding", "0x00", "UTF-16")]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b" \r\n\t\n", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is not text (binary file)"),
        (b"a;b\r\n", "no rows: the file has only the header row"),
        (b"a;b", "no rows: the file has only the header row"),
        (b"a;b\n;\n\n  ;\n", "no rows: the file has only the header row"),
        ("a;b\n".encode("utf-16"), "no rows: the file has only the header row"),
    ],
)
def test_files_without_rows_are_unreadable(data, reason):
    with pytest.raises(fc.UnreadableFile) as caught:
        _read(data)
    assert caught.value.reason_en == reason


HEADER = b"id;text;n\n"


@pytest.mark.parametrize(
    ("body", "rows", "problems"),
    [
        (  # the quote swallows two full rows: the first line is the error, the others are read
            b'1;"hello;5\n2;world;6\n3;"foo";7\n4;bar;8\n',
            [("2", "world", 3), ("3", "foo", 4), ("4", "bar", 5)],
            [fc.Problem(2, None, "unbalanced_quote", "4")],
        ),
        (  # a swallowed line that is no row of its own: every swallowed line is an error
            b'1;"hello;5\nthis is text\n2;world";6\n4;bar;8\n',
            [("4", "bar", 5)],
            [
                fc.Problem(2, None, "unbalanced_quote", "4"),
                fc.Problem(3, None, "inside_quote", "2"),
                fc.Problem(4, None, "inside_quote", "2"),
            ],
        ),
        (  # a quote left open at the end of the file
            b'1;"hello;5\n2;world;6\n',
            [("2", "world", 3)],
            [fc.Problem(2, None, "unclosed_quote_at_end")],
        ),
        (  # a closing quote followed by something else than a separator
            b'1;"12" cm;5\n2;ok;6\n',
            [("2", "ok", 3)],
            [fc.Problem(2, None, "bad_quote")],
        ),
        (  # a real multi-line text (even with separators in it) is one row, numbered by its first line
            b'1;"Hei;\nhuono; ok; jotain";5\n2;x;6\n',
            [("1", "Hei;\nhuono; ok; jotain", 2), ("2", "x", 4)],
            [],
        ),
    ],
)
def test_a_quote_never_swallows_rows_silently(body, rows, problems):
    table = _read(HEADER + body)
    assert [(r["id"], r["text"], r["_row"]) for r in _records(table)] == rows
    assert table.problems == problems


EQUIVALENT = [
    b"a;b;c\n1;2;3\n4;5;6\n",
    b"a;b;c\r\n1;2;3\r\n4;5;6",
    b'a;b;c\n1;"2;x";3\n"4";"";"6"\n',
    b"a;b;c\n1;2;3;;\n4;5\n  ;  ;\n6;7;8;x\n\n\n;;\n",
    b'a,b\n"x""y",2\n"",3\n',
    b"a;b;c\n1;\xc2\xa0;3\n\xc2\xa0;\xc2\xa0;\n1;2;3;\xc2\xa0\n1;2;3;\x01\n\x01;;\n\t;;\n",
    b"a;b\n1;" + b"x" * 100_001 + b"\n2;" + b"y" * 99_990 + b";;\n3;4\n",
    "\ufeffa;b\n1;ä\n2;ö\n".encode(),
    "a;b\n1;ä\n2;ö\n".encode("cp1252"),
    b"a;b\n1;L\xc3\xa4\n2;\xe4\n3;\xc3\xa4\xc3\xa4\n",
    b"a\n1\n\n2\n",
    b"a;b;c\n1;2;3;" + b";" * 5000 + b"\n4;5;6\n",
]


@pytest.mark.parametrize("data", EQUIVALENT)
def test_the_fast_path_reads_exactly_what_the_line_reader_reads(data, monkeypatch):
    encoding = fc.encoding_of(data)
    assert fc._fast_table(data, encoding) is not None
    monkeypatch.setattr(scan, "CHUNK_BYTES", 7)
    fast = fc.read_csv_bytes(data)
    slow = fc.read_csv_text(*fc.decode(data))
    assert _records(fast) == _records(slow)
    assert (fast.long_rows, fast.bad_shape_rows, fast.problems) == (
        slow.long_rows,
        slow.bad_shape_rows,
        slow.problems,
    )


@pytest.mark.parametrize(
    "data",
    [
        b'a;b\n1;"x\ny"\n',
        b'a;b\n1;x"y\n',
        b'a;b\n"1" ;2\n',
        b"a;b\n1;2\r3;4\n",
        "a;b\n1;2\n".encode("utf-16"),
    ],
)
def test_irregular_quotes_and_line_ends_take_the_line_reader(data):
    encoding = fc.encoding_of(data)
    assert not encoding.single_byte_ascii or fc._fast_table(data, encoding) is None


def test_an_excel_row_with_an_over_long_cell_is_refused():
    rows = [("id", "text"), ("1", "x" * (fc.MAX_LINE_CHARS + 1)), ("2", "ok")]
    table = fc._sheet_table(iter(rows))
    assert (table.frame["id"].tolist(), table.long_rows) == (["2"], [2])


def test_json_nesting_is_refused_before_parsing():
    deep = "[" * (fc.MAX_JSON_DEPTH + 1) + "]" * (fc.MAX_JSON_DEPTH + 1)
    with pytest.raises(fc.UnreadableFile) as caught:
        fc.read_json(deep.encode())
    assert caught.value.reason_en == "JSON nested too deep (65 levels, at most 64)"
    assert fc.read_json(("[" * 64 + "]" * 64).encode()) == json.loads("[" * 64 + "]" * 64)
    tricky = {"a": '[[[[[[\\"]]]]', "b": ["{{{{", {"c": '\\"[['}]}
    assert fc.read_json(json.dumps(tricky).encode()) == tricky


def test_json_recursion_is_a_file_error_even_past_the_scan(monkeypatch):
    monkeypatch.setattr(fc, "MAX_JSON_DEPTH", 10**9)
    with pytest.raises(fc.UnreadableFile) as caught:
        fc.read_json(("[" * 100_000 + "]" * 100_000).encode())
    assert caught.value.reason_en == "JSON nested too deep (> 1000000000 levels, at most 1000000000)"


def test_json_size_and_value_count_are_bounded(monkeypatch):
    monkeypatch.setattr(fc, "MAX_JSON_BYTES", 2 * 2**20)
    with pytest.raises(fc.UnreadableFile) as caught:
        fc.read_json(b"[" + b"1," * 2**20 + b"1]")
    assert caught.value.reason_en == "the JSON file is too large (2 MB, at most 2 MB)"
    monkeypatch.setattr(fc, "MAX_JSON_VALUES", 3)
    assert fc.read_json(b'[1, "a,b,c,d", 2]') == [1, "a,b,c,d", 2]
    with pytest.raises(fc.UnreadableFile) as caught:
        fc.read_json(b"[1, 2, 3, 4]")
    assert caught.value.reason_en == "the JSON file holds too many values (over 3)"


def test_json_strings_over_the_cell_limit_or_with_foreign_bytes_are_refused():
    long = "x" * (fc.MAX_CELL_CHARS + 1)
    document = json.dumps({"rows": [{"id": 1, "text": long}, {"id": 2, "tags": ["ok", long]}, {"id": 3}]})
    rows = fc.read_json(document.encode())["rows"]
    assert rows[0]["text"] == fc.Refused("text", "too_long_text", "100001", "100000")
    assert rows[1]["tags"] == ["ok", fc.Refused("tags", "too_long_text", "100001", "100000")]
    assert rows[2] == {"id": 3}
    stray = fc.read_json('[{"t": "Lääkäri", "u": "L'.encode() + b"\xe4" + b'kari"}]')
    assert stray == [{"t": "Lääkäri", "u": fc.Refused("u", "bad_encoding", "0xE4", "UTF-8")}]
    escaped = fc.read_json(b'[{"t": "\\ud800x", "pair": "\\ud83d\\ude00"}]')
    assert escaped == [{"t": fc.Refused("t", "bad_encoding", "U+D800", "UTF-8"), "pair": "\U0001f600"}]
    assert str(escaped[0]["t"]) == ""


def test_json_numbers_never_raise():
    values = fc.read_json(b"[NaN, Infinity, -Infinity, 1e999, 99999999999999999999, 1" + b"0" * 5000 + b"]")
    assert [math.isnan(values[0]), *values[1:4]] == [True, math.inf, -math.inf, math.inf]
    assert values[4:] == [99999999999999999999, math.inf]


def test_the_json_scan_is_the_same_whatever_the_chunks(monkeypatch):
    text = json.dumps({"a": ['x\\"]]', {"b": "\\\\"}, [[["y" * 40]]]], "c": "{" * 30}).encode()
    whole = scan.json_shape(text)
    monkeypatch.setattr(scan, "CHUNK_BYTES", 3)
    assert scan.json_shape(text) == whole == scan.JsonShape(5, 4, 40, False)


def test_refused_json_cells_become_row_errors_and_are_emptied():
    raw = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "text": ["ok", fc.Refused("text", "too_long_text", "200000", "100000"), None],
            "_row": [1, 2, 3],
            "_file": "f.json",
        }
    )
    errors = Errors("f.json")
    check_records(raw, errors)
    assert errors.items == [RowError("f.json", 2, "text", "too_long_text", "200000", "100000")]
    assert raw["text"].tolist() == ["ok", None, None] and raw["id"].tolist() == ["a", "b", "c"]
    assert errors.items[0].message_en == "the text is too long (200000 characters, at most 100000)"
    with pytest.raises(fc.UnreadableFile) as caught:
        check_records(raw.iloc[0:0].copy(), Errors("f.json"))
    assert caught.value.reason_en == "no rows: the file holds no records"


def test_bounded_integers_turn_every_out_of_range_value_into_a_row_error():
    cells = pd.Series(
        [
            "2",
            "1e20",
            "99999999999999999999",
            "NaN",
            "-1",
            "2,5",
            "1 000",
            "",
            math.inf,
            math.nan,
            10**400,
            7.0,
            "1.234",
        ],
        dtype=object,
    )
    raw = pd.DataFrame({"n": cells, "_row": range(2, 15), "_file": "x.csv"})
    errors = Errors("x.csv")
    values = bounded_integers(errors, raw, raw["n"], "n", 1, 2000)
    assert [None if pd.isna(v) else v for v in values] == [2, *[None] * 5, 1000, *[None] * 4, 7, 1234]
    assert str(values.dtype) == "Int64"
    assert [(e.row, e.code, e.value) for e in sorted(errors.items, key=lambda e: e.row)] == [
        (3, "bad_number", "1e20"),
        (4, "out_of_range", "99999999999999999999"),
        (5, "bad_number", "NaN"),
        (6, "out_of_range", "-1"),
        (7, "not_whole", "2,5"),
        (10, "not_finite", "inf"),
        (11, "not_finite", ""),
        (12, "out_of_range", "1" + "0" * 56 + "..."),
    ]
    assert errors.items[-1].allowed == "1–2000"
    with pytest.raises(ValueError):
        bounded_integers(errors, raw, raw["n"], "n", 0, 2**60)


def test_the_shared_parsers_reject_nan_and_infinity_instead_of_storing_them():
    cells = pd.Series(["5", math.nan, math.inf, None, 10**30], dtype=object)
    values, bad = fc.numbers(cells, integer=True)
    assert bad.tolist() == [False, True, True, False, True]
    assert values.iloc[0] == 5 and values.iloc[1:].isna().all()
    assert [None if pd.isna(v) else v for v in fc.text(cells)] == ["5", None, None, None, str(10**30)]
    stamps, bad_stamps = fc.timestamps(pd.Series(["2024-05-02T10:00:00", math.nan, math.inf], dtype=object))
    assert (stamps.iloc[0], bad_stamps.tolist()) == (datetime(2024, 5, 2, 10), [False, True, True])
    assert fc.booleans(pd.Series([True, math.nan], dtype=object))[1].tolist() == [False, True]


def test_messages_never_show_personal_data():
    errors = Errors("f.csv")
    errors.add(3, "received_on", "bad_date", "131052-308T")
    errors.add(4, "reason", "bad_value", "soita 040 123 4567 tai " + "x" * 80, "a, b")
    direct = RowError("f.csv", None, None, "unreadable_file", "hetu 010594Y9032", "hetu 010594Y9032")
    assert [e.value for e in errors.items] == ["[HETU]", "soita [PHONE] tai " + "x" * 39 + "..."]
    assert errors.items[0].describe() == (
        "f.csv, rivi/line 3, sarake/column received_on: päivämäärää ei voi lukea: [HETU]"
        " / cannot read the date: [HETU]"
    )
    assert (
        direct.describe()
        == "f.csv: tiedostoa ei voi lukea: hetu [HETU] / the file cannot be read: hetu [HETU]"
    )
