"""Honest statistics on per-group sufficient statistics (DESIGN.md §4).

Every function takes NumPy arrays (or scalars) of counts, sums and sums of squares as the
engine returns them, never the rows. Intervals are 95 %:

- :func:`wilson` for shares, :func:`t_interval` for means (the happy index from per-press
  scores), :func:`nps_interval` from the variance formula ``p + d − (p − d)²``,
  :func:`poisson_interval` (exact) for counts and rates;
- tests: :func:`two_proportion_p`, :func:`welch_p` (identical to
  ``scipy.stats.ttest_ind(equal_var=False)`` on the raw values), :func:`nps_p`,
  :func:`rate_p` (conditional binomial test of two Poisson counts with exposures);
- :func:`benjamini_hochberg` adjusted p-values (q-values) for lists over many units.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

LEVEL = 0.95
Z = float(stats.norm.ppf(0.5 + LEVEL / 2))


def _arrays(*values):
    return [np.asarray(v, dtype=float) for v in values]


def wilson(k, n) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of the proportion k/n (as proportions 0–1; NaN where n = 0)."""
    k, n = _arrays(k, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denominator = 1 + Z**2 / n
        centre = (p + Z**2 / (2 * n)) / denominator
        half = Z * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / denominator
    return centre - half, centre + half


def mean_sd(n, total, total_sq) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sample standard deviation from n, Σx and Σx² (sd NaN where n < 2)."""
    n, total, total_sq = _arrays(n, total, total_sq)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / n
        variance = np.where(n > 1, (total_sq - total * mean) / (n - 1), np.nan)
    return mean, np.sqrt(np.clip(variance, 0, None))


def t_interval(mean, sd, n) -> tuple[np.ndarray, np.ndarray]:
    """Student t interval of a mean (NaN where n < 2)."""
    mean, sd, n = _arrays(mean, sd, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        critical = stats.t.ppf(0.5 + LEVEL / 2, np.where(n > 1, n - 1, np.nan))
        half = critical * sd / np.sqrt(n)
    return mean - half, mean + half


def nps_value_se(n, promoters, detractors) -> tuple[np.ndarray, np.ndarray]:
    """NPS (−100…100) and its standard error from ``var = p + d − (p − d)²`` (× 100²)."""
    n, promoters, detractors = _arrays(n, promoters, detractors)
    with np.errstate(divide="ignore", invalid="ignore"):
        p, d = promoters / n, detractors / n
        variance = p + d - (p - d) ** 2
        return 100 * (p - d), 100 * np.sqrt(np.clip(variance, 0, None) / n)


def nps_interval(n, promoters, detractors) -> tuple[np.ndarray, np.ndarray]:
    """Normal-approximation NPS interval, clipped to −100…100."""
    value, se = nps_value_se(n, promoters, detractors)
    return np.clip(value - Z * se, -100, 100), np.clip(value + Z * se, -100, 100)


def poisson_interval(k) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a Poisson count."""
    (k,) = _arrays(k)
    alpha = 1 - LEVEL
    low = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
    high = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return low, high


def two_proportion_p(k1, n1, k2, n2) -> np.ndarray:
    """Two-sided p of the pooled two-proportion z-test."""
    k1, n1, k2, n2 = _arrays(k1, n1, k2, n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (k1 + k2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (k1 / n1 - k2 / n2) / se
        p = 2 * stats.norm.sf(np.abs(z))
    # identical shares with zero variance: no evidence of a difference
    return np.where((se == 0) & (k1 / n1 == k2 / n2), 1.0, p)


def welch_p(mean1, sd1, n1, mean2, sd2, n2) -> np.ndarray:
    """Two-sided p of Welch's unequal-variance t-test from summary statistics."""
    mean1, sd1, n1, mean2, sd2, n2 = _arrays(mean1, sd1, n1, mean2, sd2, n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = stats.ttest_ind_from_stats(mean1, sd1, n1, mean2, sd2, n2, equal_var=False)
    return np.asarray(result.pvalue, dtype=float)


def nps_p(n1, promoters1, detractors1, n2, promoters2, detractors2) -> np.ndarray:
    """Two-sided p of the z-test for the difference of two NPS values."""
    v1, se1 = nps_value_se(n1, promoters1, detractors1)
    v2, se2 = nps_value_se(n2, promoters2, detractors2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (v1 - v2) / np.sqrt(se1**2 + se2**2)
        return 2 * stats.norm.sf(np.abs(z))


def rate_p(k1, exposure1, k2, exposure2) -> np.ndarray:
    """Two-sided exact test that two Poisson counts have the same rate per exposure."""
    k1, exposure1, k2, exposure2 = _arrays(k1, exposure1, k2, exposure2)
    result = np.full(k1.shape, np.nan)
    for i in np.ndindex(k1.shape):
        total = k1[i] + k2[i]
        if np.isfinite(total) and total > 0 and exposure1[i] > 0 and exposure2[i] > 0:
            share = exposure1[i] / (exposure1[i] + exposure2[i])
            result[i] = stats.binomtest(int(k1[i]), int(total), share).pvalue
    return result


def benjamini_hochberg(p_values) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (NaN entries stay NaN and are not counted)."""
    (p,) = _arrays(p_values)
    adjusted = np.full(p.shape, np.nan)
    valid = np.flatnonzero(np.isfinite(p))
    if valid.size == 0:
        return adjusted
    order = valid[np.argsort(p[valid])]
    ranks = np.arange(1, order.size + 1)
    scaled = p[order] * order.size / ranks
    adjusted[order] = np.clip(np.minimum.accumulate(scaled[::-1])[::-1], 0, 1)
    return adjusted
