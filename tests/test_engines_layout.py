"""The layout contract ``<table>/[year=YYYY/]*.parquet``: a table written without ``year=`` folders
reads exactly like a partitioned one (the year from the table's date column), on DuckDB; the Spark
side is in test_engines_spark.py."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

import cli
from data_access import schema
from data_access.scope import Scope
from data_access.warehouse import Layout, Warehouse, table_layout
from metrics.catalog import CATALOG
from metrics.query import run_query
from metrics.spec import QuerySpec
from tests.engines_helpers import TODAY, assert_same, catalog_specs, fact_rows, write_plain


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    """The same rows by plain pyarrow, with and without ``year=`` folders."""
    root = tmp_path_factory.mktemp("layouts")
    return write_plain(root / "partitioned", True), write_plain(root / "flat", False)


def test_the_two_layouts_are_what_they_say(layouts):
    partitioned, flat = layouts
    assert table_layout(partitioned, "quick_feedback") == Layout(partitioned=True, flat=False)
    assert table_layout(flat, "quick_feedback") == Layout(partitioned=False, flat=True)
    assert table_layout(flat, "unit") == table_layout(partitioned, "unit") == Layout(False, True)
    assert table_layout(flat, "open_text").empty


@pytest.mark.parametrize("metric_id", sorted(CATALOG))
def test_every_metric_reads_the_same_from_both_layouts(layouts, metric_id):
    partitioned, flat = (Warehouse(root).reader(Scope.everything()) for root in layouts)
    for spec in catalog_specs(metric_id):
        expected = run_query(partitioned, spec, today=TODAY)
        assert expected["n_total"].max() > 0, spec  # not n = 0 on both sides
        assert_same(expected, run_query(flat, spec, today=TODAY), str(spec))


def test_the_cli_query_prints_the_same_for_both_layouts(layouts, monkeypatch, capsys):
    monkeypatch.delenv("JOHDON_ENGINE", raising=False)
    for metric_id in sorted(CATALOG):
        outputs = []
        for root in layouts:
            argv = [
                "query",
                metric_id,
                "--warehouse",
                str(root),
                "--from",
                "2019-01-01",
                "--to",
                "2019-12-31",
            ]
            assert cli.main([*argv, "--compare", "last-year", "--format", "csv"]) == 0
            outputs.append(capsys.readouterr().out)
        printed = [pd.read_csv(io.StringIO(output)) for output in outputs]
        assert len(printed[0]) == 1 and printed[0]["n"].iloc[0] > 0, metric_id  # the one total row
        # the same text but for the last digits of sums DuckDB adds in another order over other files
        assert_same(printed[0], printed[1], metric_id)


def test_the_seed_report_counts_leave_out_appeals_and_count_respondents(layouts):
    """2019 of the engines rows: 13 cases, 2 of them appeals; 12 respondents behind the answer rows."""
    for root in layouts:
        reader = Warehouse(root).reader(Scope.everything())
        year = catalog_specs("case_count")[0].period
        totals = {
            metric_id: run_query(reader, QuerySpec(metric_id, year), today=TODAY)["n"].iloc[0]
            for metric_id in ("case_count", "complaint_count", "survey_respondents")
        }
        assert totals["case_count"] == 13 and totals["complaint_count"] == 11
        assert totals["survey_respondents"] == 12


def test_the_year_of_a_flat_table_comes_from_its_date_column(layouts):
    reader = Warehouse(layouts[1]).reader(Scope.everything())
    expected = {"quick_feedback": "ts", "survey_answer": "answered_on", "feedback": "received_at"}
    expected |= {"case": "received_on", "visits": "month", "ombudsman_contact": "contacted_on"}
    for name, column in expected.items():
        assert schema.TABLES[name].date_column == column
        table = reader.table(name)
        counts = reader.fetch(select(table.c.year, func.count().label("n")).group_by(table.c.year))
        years = fact_rows()[name][column].map(lambda value: value.year).value_counts()
        assert dict(zip(counts["year"], counts["n"], strict=True)) == years.to_dict(), name


def test_files_of_both_kinds_in_one_table_are_all_read(tmp_path):
    root = write_plain(tmp_path / "wh", True)
    folder = root / "quick_feedback"
    extra = {
        "feedback_id": ["x1", "x2"],
        "ts": [datetime(2019, 12, 31, 23, 59), datetime(2020, 1, 1, 0, 0)],
        "unit_id": ["kallio", "kallio"],
        "scale": ["four", "four"],
        "button_index": [3, 0],
        "channel": ["terminal", "terminal"],
        "misuse": [False, False],
        "batch_id": ["other-tool", "other-tool"],
    }
    pq.write_table(pa.table(extra), folder / "loose.parquet")
    assert table_layout(root, "quick_feedback") == Layout(partitioned=True, flat=True)
    reader = Warehouse(root).reader(Scope.everything())
    table = reader.table("quick_feedback")
    statement = select(table.c.year, func.count().label("n")).where(table.c.batch_id == "other-tool")
    counts = reader.fetch(statement.group_by(table.c.year).order_by(table.c.year))
    assert counts.to_dict("records") == [{"year": 2019, "n": 1}, {"year": 2020, "n": 1}]
    total = reader.scalar(select(func.count()).select_from(table))
    assert total == len(fact_rows()["quick_feedback"]) + 2
