"""Comparisons that say only what is true: like-for-like basis, same-stretch windows,
meaningful changes, truthful marks — on tiny warehouses with every expectation worked by hand."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from metrics.catalog import CATALOG
from metrics.comparison import Basis, Comparison, Window
from metrics.findings import findings_of
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from tests.metrics_helpers import everything, spread, write

Q4_2019 = Period(date(2019, 10, 1), date(2019, 12, 31))
Q4_2020 = Period(date(2020, 10, 1), date(2020, 12, 31))
YEAR_2020 = Period(date(2020, 1, 1), date(2020, 12, 31))


@pytest.fixture(scope="module")
def channels(tmp_path_factory):
    """Q4/2019: terminals (index 66.7) and the app (66.7); Q4/2020: the app only (86.1)."""
    rows = pd.concat(
        [
            spread({3: 60, 1: 60}, "kallio", "terminal", datetime(2019, 10, 1), 92, "t19"),
            spread({3: 60, 2: 30, 0: 30}, "kotihoito_ita", "app", datetime(2019, 10, 1), 92, "a19"),
            spread({3: 90, 2: 20, 0: 10}, "kotihoito_ita", "app", datetime(2020, 10, 1), 92, "a20"),
        ]
    )
    return write(tmp_path_factory.mktemp("channels"), quick_feedback=rows)


def test_a_channel_missing_in_the_period_is_left_out_of_the_change(channels):
    spec = QuerySpec("happy_index", Q4_2020, compare="last_year")
    frame = run_query(everything(channels), spec)
    row = frame.iloc[0]
    # headline: the app in Q4/2020, (90·3 + 20·2) / 120 / 3 = 310 / 360 → 86.11
    assert row["value"] == pytest.approx(100 * 310 / 360)
    # the change only on the app: Q4/2019 app (60·3 + 30·2) / 120 / 3 = 240 / 360 → 66.67
    assert row["value_cmp"] == pytest.approx(100 * 240 / 360) and row["n_cmp"] == 120
    assert row["value_basis"] == row["value"] and row["n_basis"] == 120
    assert row["delta"] == pytest.approx(100 * 70 / 360)
    assert row["change"] == "rise" and pd.isna(row["not_assessed"])
    basis = frame.attrs["comparison"].basis
    assert basis == Basis("channel", ("app",), (("terminal", "no_current_data"),))
    assert frame.attrs["comparison"].window == Window(Q4_2020, Q4_2019, cut=False)


def test_a_channel_covering_a_short_stretch_is_left_out(tmp_path):
    """2020: terminals only until 15.3. (75 of 366 days) against all of 2019: not comparable."""
    rows = pd.concat(
        [
            spread({3: 300, 0: 65}, "kallio", "terminal", datetime(2019, 1, 1), 365, "t19"),
            spread({3: 200, 0: 25}, "kallio", "terminal", datetime(2020, 1, 1), 75, "t20"),
            spread({3: 300, 0: 65}, "kotihoito_ita", "app", datetime(2019, 1, 1), 365, "a19"),
            spread({3: 300, 0: 66}, "kotihoito_ita", "app", datetime(2020, 1, 1), 366, "a20"),
        ]
    )
    warehouse = write(tmp_path, quick_feedback=rows)
    frame = run_query(everything(warehouse), QuerySpec("happy_index", YEAR_2020, compare="last_year"))
    assert frame.attrs["comparison"].basis.dropped == (("terminal", "coverage"),)
    row = frame.iloc[0]
    assert row["n"] == 225 + 366 and row["n_basis"] == 366 and row["n_cmp"] == 365
    # by service: health stations have only terminals, so their change is not assessed at all
    by_service = run_query(
        everything(warehouse), QuerySpec("happy_index", YEAR_2020, group_by=("service",), compare="last_year")
    ).set_index("service_id")
    assert by_service.loc["terveysasemat", "change"] == "not_assessed"
    assert by_service.loc["terveysasemat", "not_assessed"] == "outside_basis"
    assert by_service.loc["terveysasemat", "value"] == pytest.approx(100 * 200 / 225)


def test_a_unit_that_opens_mid_year_is_left_out_of_its_service_comparison(tmp_path):
    rows = pd.concat(
        [
            spread({3: 100, 0: 20}, "kallio", "terminal", datetime(2019, 1, 1), 365, "k19"),
            spread({3: 100, 0: 20}, "kallio", "terminal", datetime(2020, 1, 1), 366, "k20"),
            spread({0: 120}, "malmi", "terminal", datetime(2020, 7, 1), 184, "m20"),
        ]
    )
    warehouse = write(tmp_path, quick_feedback=rows)
    spec = QuerySpec("happy_index", YEAR_2020, group_by=("service",), compare="last_year")
    frame = run_query(everything(warehouse), spec)
    row = frame.set_index("service_id").loc["terveysasemat"]
    assert row["value"] == pytest.approx(100 * 300 / 240 / 3)  # both units: 50.0
    assert row["value_basis"] == pytest.approx(100 * 300 / 360)  # kallio only: 83.3
    assert row["delta"] == pytest.approx(0.0) and row["change"] == "no_change"
    basis = frame.attrs["comparison"].basis
    assert basis.units_kept == ("kallio",) and basis.units_dropped == (("malmi", "no_comparison_data"),)
    # the city figure is not a list: its basis keeps every unit and the fall is real
    city = run_query(everything(warehouse), spec.with_(group_by=())).iloc[0]
    assert city["change"] == "fall" and city["delta"] == pytest.approx(100 * 1.25 / 3 - 100 * 2.5 / 3)


def test_a_partial_year_is_compared_with_the_same_days_a_year_earlier(tmp_path):
    def feedback(start: date, days: int, per_day: int, tag: str) -> pd.DataFrame:
        received = [
            datetime.combine(start + timedelta(days=d), datetime.min.time()) + timedelta(hours=9 + k)
            for d in range(days)
            for k in range(per_day)
        ]
        return pd.DataFrame(
            {
                "feedback_id": [f"{tag}-{i}" for i in range(len(received))],
                "received_at": received,
                "service_area_id": "tpp",
                "feedback_type": "moite",
                "category": "Hoitoonpääsy",
                "channel": "web",
                "language": "fin",
                "contact_requested": False,
                "status": "closed",
            }
        )

    rows = pd.concat([feedback(date(2020, 1, 1), 366, 2, "y20"), feedback(date(2021, 1, 1), 90, 2, "y21")])
    warehouse = write(tmp_path, feedback=rows)
    spec = QuerySpec("feedback_count", Period(date(2021, 1, 1), date(2021, 12, 31)), compare="last_year")
    frame = run_query(everything(warehouse), spec, today=date(2021, 6, 1))
    row = frame.iloc[0]
    window = frame.attrs["comparison"].window
    assert window == Window(
        Period(date(2021, 1, 1), date(2021, 3, 31)), Period(date(2020, 1, 1), date(2020, 3, 31)), cut=True
    )
    # 90 days × 2 in 2021 against 91 days × 2 (leap year) in 2020: −1.1 %, no change (not "fell by 3/4")
    assert row["value"] == 180 and row["n_cmp"] == 182
    assert row["relative"] == pytest.approx((180 / 90) / (182 / 91) - 1)
    assert row["change"] == "no_change" and bool(row["partial"])


def test_a_significant_tenth_of_a_point_at_half_a_million_is_a_small_change(tmp_path):
    rows = pd.concat(
        [
            spread({3: 398_000, 2: 102_000}, "kallio", "terminal", datetime(2019, 1, 1), 365, "a"),
            spread({3: 400_000, 2: 100_000}, "kallio", "terminal", datetime(2020, 1, 1), 366, "b"),
        ]
    )
    warehouse = write(tmp_path, quick_feedback=rows)
    row = run_query(everything(warehouse), QuerySpec("happy_index", YEAR_2020, compare="last_year")).iloc[0]
    # 100 × 2.8 / 3 = 93.333 against 100 × 2.796 / 3 = 93.2: +0.133 points, z ≈ 5
    assert row["delta"] == pytest.approx(0.4 / 3)
    assert row["p_value"] < 1e-5 and bool(row["significant"])
    assert row["change"] == "small_change"
    assert CATALOG["happy_index"].smallest_change == 1.0


def test_a_complementary_hidden_count_is_marked_protected_and_the_total_stays_true(tmp_path):
    def contacts(sector: str, count: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "contact_id": [f"{sector}-{i}" for i in range(count)],
                "contacted_on": date(2020, 11, 2),
                "sector": sector,
                "matters": 1,
                "service_area_id": "tpp",
            }
        )

    warehouse = write(
        tmp_path,
        ombudsman_contact=pd.concat([contacts("health", 4), contacts("social", 18), contacts("both", 181)]),
    )
    spec = QuerySpec("ombudsman_contacts", Q4_2020, group_by=("sector",), public=True)
    frame = run_query(everything(warehouse), spec).set_index("sector")
    assert frame.loc["health", "mark"] == "small" and pd.isna(frame.loc["health", "n"])
    assert frame.loc["social", "mark"] == "protected" and pd.isna(frame.loc["social", "n"])
    assert frame.loc["both", "n"] == 181 and pd.isna(frame.loc["both", "mark"])
    assert (frame["n_total"] == 203).all()


def test_a_survey_not_run_in_the_comparison_period_is_not_assessed_as_such(tmp_path):
    items = pd.DataFrame(
        {
            "item_id": ["suosittelu"],
            "survey_id": ["thl"],
            "text_fi": ["Suosittelisin"],
            "scale_min": [0],
            "scale_max": [10],
            "kind": ["nps"],
        }
    )
    values = [10] * 30 + [8] * 10 + [3] * 10
    answers = pd.DataFrame(
        {
            "response_id": [f"r{i}" for i in range(len(values))],
            "item_id": "suosittelu",
            "value": values,
            "answered_on": date(2020, 11, 3),
            "unit_id": "kallio",
        }
    )
    survey = pd.DataFrame({"survey_id": ["thl"], "name_fi": ["THL"], "name_sv": ["THL"], "name_en": ["THL"]})
    warehouse = write(tmp_path, survey=survey, survey_item=items, survey_answer=answers)
    frame = run_query(everything(warehouse), QuerySpec("nps", Q4_2020, compare="last_year"))
    row = frame.iloc[0]
    assert row["value"] == pytest.approx(100 * (30 - 10) / 50)
    assert row["change"] == "not_assessed" and row["not_assessed"] == "not_asked"
    assert row["n_cmp"] == 0 and row["mark_cmp"] == "no_data"
    (finding,) = findings_of(frame, CATALOG["nps"])
    assert finding.kind == "not_assessed" and finding.reason == "not_asked"


def test_weeks_are_compared_with_the_same_weekdays():
    week = Period(date(2019, 12, 9), date(2019, 12, 15))
    assert week.last_year() == Period(date(2018, 12, 10), date(2018, 12, 16))
    assert week.last_year().start.weekday() == 0
    partial = week.same_stretch(week.previous(), date(2019, 12, 11))
    assert partial == Period(date(2019, 12, 2), date(2019, 12, 4))


def test_a_results_comparison_facts_are_shared_not_copied_by_pandas_operations():
    facts = Comparison("previous", None, Basis("channel", ("terminal",), (("app", "one_side"),)))
    frame = pd.DataFrame({"unit": ["kallio", "malmi"], "value": [1.0, 2.0]})
    frame.attrs["comparison"] = facts
    assert copy.deepcopy(facts) is facts
    assert frame.astype({"unit": "str"}).sort_values("value").attrs["comparison"] is facts
