"""Small-number suppression, public complementary suppression and partial-period flags."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from metrics.suppression import apply, public_hidden
from tests.metrics_helpers import everything, presses, write

CELLS = {("Hoitoonpääsy", "kiitos"): 3, ("Hoitoonpääsy", "moite"): 10, ("Hoitoonpääsy", "idea"): 12,
         ("Viestintä", "kiitos"): 20, ("Viestintä", "moite"): 7, ("Viestintä", "idea"): 30}  # fmt: skip
YEAR_2021 = Period(date(2021, 1, 1), date(2021, 12, 31))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    rows = []
    for (category, feedback_type), cells in CELLS.items():
        for i in range(cells):
            rows.append(
                {
                    "feedback_id": f"{category}-{feedback_type}-{i}",
                    "received_at": datetime(2021, 2, 1) + timedelta(days=i),
                    "service_area_id": "tpp",
                    "feedback_type": feedback_type,
                    "category": category,
                }
            )
    quick = pd.concat(
        [
            presses({3: 2, 2: 2}, unit="malmi", start=datetime(2021, 3, 1, 9)),  # n = 4 < 5
            presses({3: 20, 0: 5}, unit="kallio", start=datetime(2021, 6, 15, 9)),  # data run to 15.6.
            presses({3: 10}, unit="kallio", start=datetime(2021, 1, 4, 9)),
        ]
    )
    return write(tmp_path_factory.mktemp("suppression"), feedback=pd.DataFrame(rows), quick_feedback=quick)


def test_score_cells_below_min_n_are_suppressed(warehouse):
    spec = QuerySpec("happy_index", YEAR_2021, group_by=("unit",))
    frame = run_query(everything(warehouse), spec).set_index("unit_id")
    assert frame.loc["malmi", "suppressed"] and pd.isna(frame.loc["malmi", "value"])
    assert pd.isna(frame.loc["malmi", "ci_low"]) and frame.loc["malmi", "n"] == 4
    assert not frame.loc["kallio", "suppressed"] and frame.loc["kallio", "value"] == pytest.approx(
        100 * 90 / 105
    )
    public = run_query(everything(warehouse), spec.with_(public=True)).set_index("unit_id")
    assert pd.isna(public.loc["malmi", "n"])  # public: the count 1–4 is hidden too
    lowered = run_query(everything(warehouse), spec.with_(min_n=4)).set_index("unit_id")
    assert lowered.loc["malmi", "value"] == pytest.approx(100 * 10 / 12)


def test_counts_are_shown_internally_and_hidden_with_complements_in_public(warehouse):
    spec = QuerySpec("feedback_count", YEAR_2021, group_by=("category", "feedback_type"))
    internal = run_query(everything(warehouse), spec)
    assert not internal["suppressed"].any() and internal["n"].min() == 3
    public = run_query(everything(warehouse), spec.with_(public=True))
    hidden = {(r.category, r.feedback_type) for r in public.itertuples() if r.suppressed}
    # 3 is hidden; its row and column each need a second hidden cell (moite 10, Viestintä kiitos 20),
    # which in turn leaves Viestintä's moite column with one hidden cell → moite 7 too.
    assert hidden == {
        ("Hoitoonpääsy", "kiitos"),
        ("Hoitoonpääsy", "moite"),
        ("Viestintä", "kiitos"),
        ("Viestintä", "moite"),
    }
    assert public.loc[public["suppressed"], ["value", "n"]].isna().all().all()
    assert public.loc[~public["suppressed"], "value"].tolist() == [12, 30]


def test_no_line_of_a_public_table_has_a_single_hidden_cell():
    frame = pd.DataFrame(
        {"a": ["x", "x", "y", "y", "z", "z"], "b": ["p", "q"] * 3, "n": [2, 9, 8, 50, 6, 40]}
    )
    hidden = public_hidden(frame, ["a", "b"])
    # x·p = 2 hidden → column p hides its smallest other (z·p 6), row x hides x·q 9, then column q z·q 40
    assert hidden.tolist() == [True, True, False, False, True, True]
    for column in ("a", "b"):
        assert all(group.sum() != 1 for _, group in hidden.groupby(frame[column]))


def test_partial_buckets_and_periods(warehouse):
    reader = everything(warehouse)
    monthly = run_query(reader, QuerySpec("response_count", YEAR_2021, grain="month", unit=("kallio",)))
    flags = dict(zip(monthly["period"], monthly["partial"], strict=True))
    assert flags == {date(2021, 1, 1): False, date(2021, 6, 1): True}  # quick feedback runs to 15.6.2021
    yearly = run_query(reader, QuerySpec("response_count", YEAR_2021, unit=("kallio",)))
    assert yearly["partial"].tolist() == [True]
    first_half = Period(date(2021, 1, 1), date(2021, 5, 31))
    assert run_query(reader, QuerySpec("response_count", first_half))["partial"].tolist() == [False]
    before_today = run_query(reader, QuerySpec("response_count", first_half), today=date(2021, 5, 20))
    assert before_today["partial"].tolist() == [True]
    # a week cut by the period end (4.1.2021 is a Monday; the period ends on Wednesday 6.1.)
    cut = run_query(
        reader, QuerySpec("response_count", Period(date(2021, 1, 4), date(2021, 1, 6)), grain="week")
    )
    assert cut["partial"].tolist() == [True]


def test_a_hidden_cell_carries_no_test_result():
    frame = pd.DataFrame(
        {
            "unit_id": ["a", "b", "c"],
            "value": [3.0, 40.0, 50.0],
            "n": [3, 40, 50],
            "value_basis": [3.0, 40.0, 50.0],
            "n_basis": [3, 40, 50],
            "value_cmp": [30.0, 41.0, 20.0],
            "n_cmp": [30, 41, 20],
            "delta": [-27.0, -1.0, 30.0],
            "relative": [np.nan] * 3,
            "p_value": [1e-6, 0.9, 1e-4],
            "significant": [True, False, True],
            "q_value": [3e-6, 0.9, 1.5e-4],
            "significant_fdr": [True, False, True],
        }
    )
    shown = apply(frame, ["unit_id"], min_n=5, score=True, public=False)
    assert shown["suppressed"].tolist() == [True, False, False]
    assert shown["mark"].tolist() == ["small", None, None]
    assert pd.isna(shown.iloc[0]["value_basis"]) and shown.iloc[1]["value_basis"] == 40.0
    hidden = shown.iloc[0]
    assert pd.isna(hidden["p_value"]) and pd.isna(hidden["q_value"]) and pd.isna(hidden["delta"])
    assert not hidden["significant"] and not hidden["significant_fdr"]
    assert bool(shown.iloc[2]["significant_fdr"]) and shown.iloc[2]["q_value"] == 1.5e-4
