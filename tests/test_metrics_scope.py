"""Scope: a unit manager's query never counts another unit; the benchmark reader gives service/city only."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from data_access.guard import ScopeViolation
from data_access.scope import Scope
from metrics.freshness import data_through
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from tests.metrics_helpers import presses, write

YEAR = Period(date(2018, 1, 1), date(2018, 12, 31))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    quick = pd.concat(
        [
            presses({3: 30, 0: 10}, unit="kallio", start=datetime(2018, 2, 1, 9)),
            presses({3: 5, 0: 15}, unit="malmi", start=datetime(2018, 8, 1, 9)),
            presses({3: 10}, unit="kamppi_hammas", start=datetime(2018, 3, 1, 9)),
        ]
    )
    feedback = pd.DataFrame(
        {
            "feedback_id": ["a", "b", "c"],
            "received_at": [datetime(2018, 5, 2, 9)] * 3,
            "unit_id": ["kallio", "malmi", None],
            "service_area_id": ["tpp"] * 3,
            "feedback_type": ["moite", "moite", "kiitos"],
        }
    )
    return write(tmp_path_factory.mktemp("scope"), quick_feedback=quick, feedback=feedback)


def test_a_unit_manager_never_counts_another_unit(warehouse):
    reader = warehouse.reader(Scope.of_units(["kallio"]))
    total = run_query(reader, QuerySpec("response_count", YEAR)).iloc[0]
    assert total["n"] == 40
    by_service = run_query(reader, QuerySpec("happy_index", YEAR, group_by=("service",)))
    assert by_service["n"].tolist() == [40] and by_service["value"].iloc[0] == pytest.approx(75.0)
    asked_for_malmi = run_query(
        reader, QuerySpec("response_count", YEAR, group_by=("unit",), unit=("malmi",))
    )
    assert asked_for_malmi.empty
    assert run_query(reader, QuerySpec("feedback_count", YEAR)).iloc[0]["n"] == 1
    assert data_through(reader)["quick_feedback"] == date(2018, 2, 1)  # malmi's August data is not theirs


def test_the_benchmark_reader_gives_service_and_city_but_not_units(warehouse):
    benchmark = warehouse.benchmark_reader()
    services = run_query(benchmark, QuerySpec("happy_index", YEAR, group_by=("service",))).set_index(
        "service_id"
    )
    assert services.loc["terveysasemat", "n"] == 60
    assert services.loc["terveysasemat", "value"] == pytest.approx(100 * 35 / 60)
    city = run_query(benchmark, QuerySpec("happy_index", YEAR, service_area=("tpp",))).iloc[0]
    assert city["n"] == 70
    with pytest.raises(ScopeViolation):
        run_query(benchmark, QuerySpec("happy_index", YEAR, group_by=("unit",)))


def test_dimensions_a_metric_lacks_are_refused(warehouse):
    reader = warehouse.reader(Scope.everything())
    with pytest.raises(ValueError, match="respondent_role"):
        run_query(reader, QuerySpec("happy_index", YEAR, respondent_role=("client",)))
    with pytest.raises(ValueError, match="category"):
        run_query(reader, QuerySpec("happy_index", YEAR, group_by=("category",)))
