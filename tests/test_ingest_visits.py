"""The ``visits`` importer: units by id or register code, Finnish month forms, counts checked."""

from __future__ import annotations

import argparse
from datetime import date, datetime

import pytest
from ingest_support import errors_of, table
from openpyxl import Workbook

from commands import imports
from data_access.ingest.pipeline import KINDS, import_file
from data_access.ingest.visits import MAX_VISITS


@pytest.fixture
def mapped(warehouse, tmp_path):
    """The organised warehouse plus register codes for two units."""
    mapping = tmp_path / "register_map.csv"
    mapping.write_text("source;source_key;unit_id\nregister;SOTE-1100;U001\nregister;SOTE-1101;U002\n")
    assert import_file(warehouse, "unit-map", mapping).status == "ok"
    return warehouse


def _stored(root) -> list[tuple[str, date, int]]:
    frame = table(root, "visits").sort_values(["unit_id", "month"])
    return list(zip(frame["unit_id"], frame["month"], frame["visits"], strict=True))


def test_visits_is_an_import_kind_of_the_cli():
    assert "visits" in KINDS
    parser = argparse.ArgumentParser()
    imports.register(parser.add_subparsers())
    assert parser.parse_args(["import", "visits", "käynnit.csv"]).kind == "visits"


def test_a_finnish_register_export_is_read_in_every_month_form(mapped, tmp_path):
    path = tmp_path / "käynnit.csv"
    path.write_bytes(
        (
            "Toimipiste;Kuukausi;Käyntimäärä\r\n"
            "SOTE-1100;1.1.2024;7 412\r\n"
            "SOTE-1100;2/2024;6 980\r\n"
            "U001;2024-03;7 105\r\n"
            "SOTE-1101;04.2024;3 050\r\n"
            "U003;31.5.2024;0\r\n"
            ";;\r\n"
        ).encode("cp1252")
    )
    result = import_file(mapped, "visits", path)
    assert (result.status, result.rows_in, result.rows_written) == ("ok", 5, 5)
    assert _stored(mapped) == [
        ("U001", date(2024, 1, 1), 7412),
        ("U001", date(2024, 2, 1), 6980),
        ("U001", date(2024, 3, 1), 7105),
        ("U002", date(2024, 4, 1), 3050),
        ("U003", date(2024, 5, 1), 0),
    ]
    assert sorted(p.parent.name for p in (mapped / "visits").rglob("*.parquet")) == ["year=2024"]
    again = import_file(mapped, "visits", path)
    assert (again.status, again.rows_written, again.rows_already_stored) == ("ok", 0, 5)


def test_an_excel_workbook_with_date_cells(mapped, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Yksikkö", "Kuukausi", "Käynnit"])
    sheet.append(["U002", datetime(2023, 11, 1), 2210])
    sheet.append(["SOTE-1101", datetime(2023, 12, 1), 1984.0])
    path = tmp_path / "visits.xlsx"
    workbook.save(path)
    result = import_file(mapped, "visits", path)
    assert result.status == "ok", [e.describe() for e in result.errors]
    assert _stored(mapped) == [("U002", date(2023, 11, 1), 2210), ("U002", date(2023, 12, 1), 1984)]


def test_bad_rows_name_the_file_row_column_and_reason(mapped, tmp_path):
    path = tmp_path / "visits.csv"
    path.write_text(
        "unit_id;month;visits\n"
        "U001;1/2024;100\n"
        "U999;1/2024;100\n"
        "U001;13/2024;100\n"
        "U001;maaliskuu 2024;100\n"
        "U001;1/2999;100\n"
        "U002;1/2024;-5\n"
        "U002;2/2024;1 000 001\n"
        "U002;3/2024;12,5\n"
        "U002;4/2024;paljon\n"
        "U002;5/2024;\n"
        ";6/2024;10\n",
        encoding="utf-8",
    )
    result = import_file(mapped, "visits", path)
    assert (result.status, result.rows_written, result.rows_rejected) == ("partial", 1, 10)
    assert errors_of(result) == [
        (3, "unit_id", "unknown_unit", "U999"),
        (4, "month", "bad_month", "13/2024"),
        (5, "month", "bad_month", "maaliskuu 2024"),
        (6, "month", "future_date", "1/2999"),
        (7, "visits", "visits_out_of_range", "-5"),
        (8, "visits", "visits_out_of_range", "1 000 001"),
        (9, "visits", "bad_number", "12,5"),
        (10, "visits", "bad_number", "paljon"),
        (11, "visits", "missing_value", ""),
        (12, "unit_id", "missing_value", ""),
    ]
    described = {e.row: e.describe() for e in result.errors}
    assert described[4] == (
        "visits.csv, rivi/line 4, sarake/column month: kuukautta ei voi lukea: 13/2024 (muoto k/vvvv, "
        "vvvv-kk tai p.k.vvvv) / cannot read the month: 13/2024 (write m/yyyy, yyyy-mm or d.m.yyyy)"
    )
    assert described[8] == (
        f"visits.csv, rivi/line 8, sarake/column visits: käyntimäärä 1 000 001 ei ole sallitulla välillä "
        f"0–{MAX_VISITS} / visit count 1 000 001 is outside the allowed range 0–{MAX_VISITS}"
    )
    assert _stored(mapped) == [("U001", date(2024, 1, 1), 100)]
    assert result.quarantine.exists()


def test_the_same_unit_and_month_twice_or_changed_later_is_an_error(mapped, tmp_path):
    twice = tmp_path / "twice.csv"
    twice.write_text("Toimipiste;Kuukausi;Käynnit\nSOTE-1100;1/2024;100\nU001;1.1.2024;120\nU002;1/2024;50\n")
    result = import_file(mapped, "visits", twice)
    assert errors_of(result) == [
        (2, "unit_id/month", "duplicate_in_file", "U001/2024-01-01"),
        (3, "unit_id/month", "duplicate_in_file", "U001/2024-01-01"),
    ]
    changed = tmp_path / "changed.csv"
    changed.write_text("Toimipiste;Kuukausi;Käynnit\nU002;1/2024;55\n")
    later = import_file(mapped, "visits", changed)
    assert errors_of(later) == [(2, "unit_id/month", "conflict_with_warehouse", "U002/2024-01-01")]
    assert _stored(mapped) == [("U002", date(2024, 1, 1), 50)]


def test_a_file_without_the_visits_column_is_not_imported(mapped, tmp_path):
    path = tmp_path / "visits.csv"
    path.write_text("Toimipiste;Kuukausi\nU001;1/2024\n")
    result = import_file(mapped, "visits", path)
    assert result.status == "unreadable"
    assert errors_of(result) == [(None, "visits", "missing_column", "")]
    assert not (mapped / "visits").exists()
    assert result.batch_id is None
