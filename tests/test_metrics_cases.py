"""Cases, cases per 10 000 visits and ombudsman contacts; comparison of counts."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from scipy import stats

from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from tests.metrics_helpers import everything, write

YEAR = Period(date(2019, 1, 1), date(2019, 12, 31))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    kinds = ["muistutus"] * 6 + ["kantelu_avi"] * 2
    cases = pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(11)],
            "case_kind": kinds + ["muistutus"] * 3,
            "received_on": [date(2019, 3, 1 + i) for i in range(8)] + [date(2018, 3, 1)] * 3,
            "service_area_id": "tpp",
            "unit_id": ["kallio"] * 4 + ["malmi"] * 2 + [None] * 2 + ["kallio"] * 3,
            "reason": "hoitoonpääsy",
        }
    )
    visits = pd.DataFrame(
        {
            "unit_id": ["kallio"] * 12 + ["malmi"] * 12,
            "month": [date(2019, m, 1) for m in range(1, 13)] * 2,
            "visits": [1000] * 12 + [500] * 12,
        }
    )
    ombudsman = pd.DataFrame(
        {
            "contact_id": ["o1", "o2", "o3", "o4"],
            "contacted_on": [date(2019, 4, 1)] * 4,
            "sector": ["health", "health", "social", "both"],
            "topic": ["kohtelu"] * 4,
            "matters": [1, 3, 2, 2],
            "service_area_id": "tpp",
        }
    )
    return write(tmp_path_factory.mktemp("cases"), case=cases, visits=visits, ombudsman_contact=ombudsman)


def test_case_counts_by_kind_with_last_year(warehouse):
    spec = QuerySpec("case_count", YEAR, group_by=("case_kind",), compare="last_year")
    frame = run_query(everything(warehouse), spec).set_index("case_kind")
    assert frame.loc["muistutus", "value"] == 6 and frame.loc["kantelu_avi", "value"] == 2
    assert frame.loc["muistutus", "value_cmp"] == 3 and frame.loc["muistutus", "delta"] == 3
    assert frame.loc["muistutus", "p_value"] == pytest.approx(stats.binomtest(6, 9, 365 / 730).pvalue)


def test_cases_per_10k_visits(warehouse):
    frame = run_query(
        everything(warehouse), QuerySpec("cases_per_10k_visits", YEAR, group_by=("unit",), min_n=1)
    )
    rates = frame.set_index("unit_id")["value"]
    assert rates.to_dict() == pytest.approx({"kallio": 4 / 12_000 * 10_000, "malmi": 2 / 6_000 * 10_000})
    city = run_query(everything(warehouse), QuerySpec("cases_per_10k_visits", YEAR, min_n=1)).iloc[0]
    assert city["value"] == pytest.approx(6 / 18_000 * 10_000) and city["n"] == 6  # unit-less cases left out


def test_ombudsman_contacts_and_matters(warehouse):
    reader = everything(warehouse)
    by_sector = run_query(reader, QuerySpec("ombudsman_contacts", YEAR, group_by=("sector",))).set_index(
        "sector"
    )
    assert by_sector["value"].to_dict() == {"both": 1, "health": 2, "social": 1}
    assert run_query(reader, QuerySpec("ombudsman_matters", YEAR)).iloc[0]["value"] == 8
    per_contact = run_query(reader, QuerySpec("matters_per_contact", YEAR, min_n=1)).iloc[0]
    assert per_contact["value"] == pytest.approx(2.0)
