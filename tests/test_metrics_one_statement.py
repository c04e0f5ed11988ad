"""A compared query in one statement says exactly what the statement-by-statement path says.

``run_query`` reads both stretches of a comparison in one statement where the sufficient
statistics add up (metrics/query.py ``_in_one``). On the engines' hand-made warehouse — every
metric kind, grain, grouping and comparison, a cut period, a channel on one side only, a
custom period longer than a year — its result equals, value for value and mark for mark, the
result of the path that runs the current period, each side's coverage and the comparison period
one by one; and it runs one statement where that path runs four or more.
"""

from __future__ import annotations

from datetime import date

import pytest
from engines_helpers import SPECS, TODAY, assert_same, build

import data_access.warehouse as warehouse_module
import metrics.query as query
from data_access.warehouse import Warehouse
from metrics.catalog import CATALOG
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from tests.metrics_helpers import everything

YEAR_2019 = Period(date(2019, 1, 1), date(2019, 12, 31))
MIDSUMMER = date(2019, 7, 1)
"""A "today" at which the data reach 2019 only in part: compared on the same days a year earlier."""
TWO_YEARS = Period(date(2018, 1, 1), date(2019, 12, 31))
"""A custom period longer than a year: last year's stretch overlaps it (the one-by-one path)."""
CUT = (
    QuerySpec("happy_index", YEAR_2019, compare="last_year"),
    QuerySpec("happy_index", YEAR_2019, grain="month", group_by=("unit",), compare="previous"),
    QuerySpec("feedback_count", YEAR_2019, group_by=("feedback_type",), compare="last_year"),
    QuerySpec("response_count", YEAR_2019, group_by=("channel",), compare="last_year"),
    QuerySpec("handling_days", YEAR_2019, compare="previous", public=True),
)
COMPARED = [
    *((spec, TODAY) for spec in SPECS if spec.compare),
    *((spec, MIDSUMMER) for spec in CUT),
    (QuerySpec("happy_index", TWO_YEARS, compare="last_year"), TODAY),
]


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    return everything(Warehouse(build(tmp_path_factory.mktemp("one_statement"))))


def _one_by_one(monkeypatch, reader, spec: QuerySpec, today: date):
    with monkeypatch.context() as patched:
        patched.setattr(query, "_in_one", lambda *arguments: None)
        return run_query(reader, spec, today=today)


@pytest.mark.parametrize(("spec", "today"), COMPARED, ids=lambda v: getattr(v, "metric", str(v)))
def test_one_statement_says_what_the_one_by_one_path_says(reader, spec, today, monkeypatch):
    expected = _one_by_one(monkeypatch, reader, spec, today)
    assert_same(expected, run_query(reader, spec, today=today), repr(spec))


def _statements(monkeypatch, reader, spec: QuerySpec) -> int:
    counted = []
    fetch = warehouse_module.ScopedReader.fetch

    def counting(self, statement, *arguments, **options):
        counted.append(statement)
        return fetch(self, statement, *arguments, **options)

    with monkeypatch.context() as patched:
        patched.setattr(warehouse_module.ScopedReader, "fetch", counting)
        run_query(reader, spec, today=TODAY, through={CATALOG[spec.metric].channel: date(2020, 12, 31)})
    return len(counted)


def test_a_whole_year_against_last_year_is_one_statement(reader, monkeypatch):
    spec = QuerySpec("happy_index", YEAR_2019, compare="last_year")
    assert _statements(monkeypatch, reader, spec) == 1
    monkeypatch.setattr(query, "_in_one", lambda *arguments: None)
    # the year, the coverage of each side, the year without the QR codes (new in 2019, so left
    # out of the change) and last year
    assert _statements(monkeypatch, reader, spec) == 5
