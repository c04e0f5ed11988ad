"""Quick feedback: the happy-index checks of DESIGN.md §4, shares, misuse, grains, Welch, foreign files."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scipy import stats

from data_access.scope import Scope
from data_access.warehouse import Warehouse
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from tests.metrics_helpers import UNITS, everything, presses, write

YEAR_2017 = Period(date(2017, 1, 1), date(2017, 12, 31))
FOUR = {3: 126, 2: 60, 1: 16, 0: 17}  # very positive → very negative
FIVE = {4: 51, 3: 23, 2: 12, 1: 2, 0: 4}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    rows = pd.concat(
        [
            presses(FOUR, unit="kallio"),
            presses(FIVE, unit="kotihoito_ita", scale="five", channel="app"),
            presses({0: 40}, unit="kallio", misuse=True, prefix="misuse"),
            presses({3: 3, 0: 2}, unit="kallio", start=datetime(2016, 3, 1, 12), prefix="y2016"),
        ]
    )
    return write(tmp_path_factory.mktemp("qf"), quick_feedback=rows)


def _half_up(value: float) -> Decimal:
    return Decimal(str(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _by_unit(warehouse, metric, **changes):
    frame = run_query(everything(warehouse), QuerySpec(metric, YEAR_2017, group_by=("unit",), **changes))
    return frame.set_index("unit_id")


def test_happy_index_matches_the_design_checks(warehouse):
    frame = _by_unit(warehouse, "happy_index")
    assert _half_up(frame.loc["kallio", "value"]) == Decimal("78.2")
    assert frame.loc["kotihoito_ita", "value"] == pytest.approx(81.25)  # 299 / 92 / 4
    assert _half_up(frame.loc["kotihoito_ita", "value"]) == Decimal("81.3")  # as reports round
    assert frame.loc["kallio", "n"] == 219 and frame.loc["kotihoito_ita", "n"] == 92
    assert frame.loc["kallio", "unit_name"] == "Kallion terveysasema"


def test_happy_index_interval_is_the_t_interval_of_per_press_scores(warehouse):
    scores = np.repeat([100, 200 / 3, 100 / 3, 0], [126, 60, 16, 17])
    low, high = stats.t.interval(0.95, len(scores) - 1, loc=scores.mean(), scale=stats.sem(scores))
    row = _by_unit(warehouse, "happy_index").loc["kallio"]
    assert row["ci_low"] == pytest.approx(low) and row["ci_high"] == pytest.approx(high)


def test_shares_and_counts(warehouse):
    positive = _by_unit(warehouse, "share_positive")
    assert positive.loc["kallio", "value"] == pytest.approx(100 * 186 / 219)
    assert positive.loc["kotihoito_ita", "value"] == pytest.approx(100 * 74 / 92)
    very = _by_unit(warehouse, "very_positive_share")
    assert very.loc["kotihoito_ita", "value"] == pytest.approx(100 * 51 / 92)  # home care: top button
    assert _by_unit(warehouse, "response_count").loc["kallio", "value"] == 219


def test_answer_distribution_by_button(warehouse):
    spec = QuerySpec("response_count", YEAR_2017, group_by=("scale", "button"))
    frame = run_query(everything(warehouse), spec).set_index(["scale", "button_index"])["value"]
    assert {button: frame[("four", button)] for button in range(4)} == FOUR
    assert {button: frame[("five", button)] for button in range(5)} == FIVE


def test_misuse_is_excluded_unless_asked(warehouse):
    assert _by_unit(warehouse, "response_count", include_misuse=True).loc["kallio", "n"] == 259
    with_misuse = _by_unit(warehouse, "happy_index", include_misuse=True).loc["kallio", "value"]
    assert with_misuse == pytest.approx(100 * 514 / 3 / 259)


def test_names_in_the_chosen_language(warehouse):
    frame = _by_unit(warehouse, "happy_index", name_language="sv")
    assert frame.loc["kallio", "unit_name"] == "Berghälls hälsostation"
    services = run_query(everything(warehouse), QuerySpec("happy_index", YEAR_2017, group_by=("service",)))
    assert list(services["service_name"]) == ["Kotihoito", "Terveysasemat"]


def test_welch_p_value_matches_scipy_on_raw_scores(warehouse):
    spec = QuerySpec(
        "happy_index", Period(date(2017, 3, 1), date(2017, 3, 31)), unit=("kallio",), compare="last_year"
    )
    row = run_query(everything(warehouse), spec).iloc[0]
    now = np.repeat([100, 200 / 3, 100 / 3, 0], [126, 60, 16, 17])
    before = np.repeat([100, 0], [3, 2])
    expected = stats.ttest_ind(now, before, equal_var=False).pvalue
    assert row["p_value"] == pytest.approx(expected, rel=1e-9)
    assert row["value_cmp"] == pytest.approx(60.0) and row["n_cmp"] == 5
    assert row["delta"] == pytest.approx(row["value"] - 60.0)
    assert not row["significant"]  # comparison side below the minimum n


def test_hour_and_weekday_grains(warehouse):
    spec = QuerySpec("response_count", YEAR_2017, unit=("kallio",), grain="hour")
    hours = run_query(everything(warehouse), spec).set_index("hour")["n"]
    assert hours.to_dict() == {8: 60, 9: 60, 10: 60, 11: 39}  # presses one minute apart from 8:00
    weekdays = run_query(everything(warehouse), spec.with_(grain="weekday"))
    assert weekdays["weekday"].tolist() == [2] and weekdays["n"].tolist() == [219]  # 1.3.2017 was a Wednesday


def test_a_warehouse_written_by_another_tool_is_read(tmp_path):
    unit_folder = tmp_path / "unit"
    unit_folder.mkdir()
    pq.write_table(pa.Table.from_pandas(UNITS, preserve_index=False), unit_folder / "units.parquet")
    buttons = np.repeat([3, 2, 1, 0], [126, 60, 16, 17])
    folder = tmp_path / "quick_feedback" / "year=2017"
    folder.mkdir(parents=True)
    table = pa.table(
        {
            "feedback_id": [f"x{i}" for i in range(len(buttons))],
            "ts": [datetime(2017, 5, 2, 9)] * len(buttons),
            "unit_id": ["malmi"] * len(buttons),
            "scale": ["four"] * len(buttons),
            "button_index": buttons.astype("int32"),
            "channel": ["terminal"] * len(buttons),
            "misuse": [False] * len(buttons),
            "batch_id": ["etl"] * len(buttons),
            "experience_point": ["ep-1"] * len(buttons),
        }
    )
    pq.write_table(table, folder / "export.parquet")
    reader = Warehouse(tmp_path).reader(Scope.everything())
    frame = run_query(reader, QuerySpec("happy_index", YEAR_2017, group_by=("service",)))
    assert frame["service_id"].tolist() == ["terveysasemat"]
    assert round(frame["value"].iloc[0], 1) == 78.2 and frame["n"].iloc[0] == 219


def test_hour_by_weekday_grid(warehouse):
    spec = QuerySpec("response_count", YEAR_2017, unit=("kallio",), group_by=("weekday",), grain="hour")
    grid = run_query(everything(warehouse), spec)
    assert list(grid.columns[:2]) == ["weekday", "hour"]
    assert grid[["weekday", "hour", "n"]].values.tolist() == [
        [2, 8, 60],
        [2, 9, 60],
        [2, 10, 60],
        [2, 11, 39],
    ]


def test_a_given_data_date_marks_partial_periods_without_a_query(warehouse):
    reader = everything(warehouse)
    spec = QuerySpec("happy_index", YEAR_2017, grain="year")
    complete = run_query(reader, spec, today=date(2020, 1, 1), through={"quick_feedback": date(2017, 12, 31)})
    marked = run_query(reader, spec, today=date(2020, 1, 1), through={"quick_feedback": date(2017, 6, 30)})
    assert not complete["partial"].any()
    assert marked["partial"].all()
    assert marked["value"].iloc[0] == run_query(reader, spec)["value"].iloc[0]
