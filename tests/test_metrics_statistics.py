"""Statistics against known values: Wilson, NPS, Welch, Poisson, Benjamini–Hochberg, working days, ranking."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from metrics import statistics as st
from metrics.ranking import rank_units
from metrics.workdays import is_working_day, working_days_between


def test_wilson_known_values():
    low, high = st.wilson([8, 0, 10], [10, 10, 10])
    assert low == pytest.approx([0.4902, 0.0, 0.7225], abs=1e-4)
    assert high == pytest.approx([0.9433, 0.2775, 1.0], abs=1e-4)


def test_nps_and_its_variance_interval():
    # 50 promoters, 30 passives, 20 detractors: NPS 30, var = .5 + .2 − .3² = .61
    value, se = st.nps_value_se(100, 50, 20)
    assert value == pytest.approx(30.0)
    assert se == pytest.approx(100 * np.sqrt(0.61 / 100))
    low, high = st.nps_interval(100, 50, 20)
    assert (low, high) == pytest.approx((30 - 1.959964 * 7.81025, 30 + 1.959964 * 7.81025), abs=1e-4)


def test_welch_from_summaries_equals_scipy_on_raw_values():
    a = np.array([4, 5, 5, 3, 4, 5, 2, 4], dtype=float)
    b = np.array([3, 2, 4, 3, 1, 2], dtype=float)
    mean_a, sd_a = st.mean_sd(len(a), a.sum(), (a**2).sum())
    mean_b, sd_b = st.mean_sd(len(b), b.sum(), (b**2).sum())
    p = st.welch_p(mean_a, sd_a, len(a), mean_b, sd_b, len(b))
    assert p == pytest.approx(stats.ttest_ind(a, b, equal_var=False).pvalue)


def test_two_proportion_test_known_value():
    # 60/100 vs 45/100: pooled p = .525, z = .15 / sqrt(.525 · .475 · .02) = 2.1239
    assert st.two_proportion_p(60, 100, 45, 100) == pytest.approx(2 * stats.norm.sf(2.12394), abs=1e-5)


def test_poisson_interval_known_value():
    low, high = st.poisson_interval([10])
    assert low == pytest.approx([4.7954], abs=1e-4) and high == pytest.approx([18.3904], abs=1e-4)


def test_benjamini_hochberg():
    q = st.benjamini_hochberg([0.01, 0.04, 0.03, 0.005, np.nan])
    assert q[:4] == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert np.isnan(q[4])


def test_working_days_across_easter_and_christmas():
    starts = ["2020-04-09", "2020-12-23", "2020-12-22", "2020-12-21", "2021-03-05", "2021-03-05"]
    ends = ["2020-04-14", "2020-12-28", "2020-12-31", "2021-01-04", "2021-03-05", "2021-03-08"]
    # Easter: Good Friday 10.4. and Easter Monday 13.4.; Christmas Eve, Christmas and Boxing Day; New Year
    assert working_days_between(starts, ends).tolist() == [1, 1, 5, 7, 0, 1]
    assert not is_working_day(date(2020, 4, 13)) and is_working_day(date(2020, 4, 14))


def test_ranking_shrinks_small_units_towards_the_city():
    frame = pd.DataFrame(
        {"unit_id": ["tiny", "big", "mid"], "value": [100.0, 90.0, 80.0], "n": [4, 1000, 500]}
    )
    ranked = rank_units(frame, city_value=85.0, weight=50)
    assert ranked["unit_id"].tolist() == ["big", "tiny", "mid"]
    assert ranked.loc[ranked["unit_id"] == "tiny", "score"].item() == pytest.approx((50 * 85 + 4 * 100) / 54)
    assert ranked["rank"].tolist() == [1, 2, 3]
