"""From per-group sufficient statistics to values, intervals and comparison tests.

The aggregation (metrics/aggregate.py) returns the key columns plus, by the metric's kind:
``mean``: ``n``, ``_sum``, ``_sumsq`` (optionally ``median``); ``share``: ``n``, ``_k``;
``nps``: ``n``, ``_prom``, ``_detr``; ``count``: ``n``; ``rate``: ``n``, ``_exposure``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import statistics as st
from metrics.catalog import MetricDef


def summarize(metric: MetricDef, frame: pd.DataFrame, exposure_days: int) -> pd.DataFrame:
    """Add ``value``, ``ci_low``, ``ci_high`` (and the internals the tests need)."""
    n = frame["n"].astype(float)
    kind = metric.kind
    if kind == "mean":
        mean, sd = st.mean_sd(n, frame["_sum"], frame["_sumsq"])
        low, high = st.t_interval(mean, sd, n)
        frame["value"], frame["_sd"] = mean, sd
    elif kind == "share":
        low, high = st.wilson(frame["_k"], n)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["value"] = 100 * frame["_k"].astype(float) / n
        low, high = 100 * low, 100 * high
    elif kind == "nps":
        frame["value"], _ = st.nps_value_se(n, frame["_prom"], frame["_detr"])
        low, high = st.nps_interval(n, frame["_prom"], frame["_detr"])
    elif kind == "count":
        frame["value"] = n
        frame["_exposure"] = float(exposure_days)
        low, high = st.poisson_interval(n)
    elif kind == "rate":
        exposure = frame["_exposure"].astype(float)
        per = metric.measure.per
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["value"] = per * n / exposure
            poisson_low, poisson_high = st.poisson_interval(n)
            low, high = per * poisson_low / exposure, per * poisson_high / exposure
    else:
        raise ValueError(f"unknown metric kind {kind!r}")
    frame["ci_low"], frame["ci_high"] = low, high
    return frame


def p_values(metric: MetricDef, merged: pd.DataFrame) -> np.ndarray:
    """p of the difference between the current (plain columns) and comparison (``*_c``) sides."""
    c = merged
    if metric.kind == "mean":
        return st.welch_p(c["value"], c["_sd"], c["n"], c["value_c"], c["_sd_c"], c["n_c"])
    if metric.kind == "share":
        return st.two_proportion_p(c["_k"], c["n"], c["_k_c"], c["n_c"])
    if metric.kind == "nps":
        return st.nps_p(c["n"], c["_prom"], c["_detr"], c["n_c"], c["_prom_c"], c["_detr_c"])
    return st.rate_p(c["n"], c["_exposure"], c["n_c"], c["_exposure_c"])


def compare(
    metric: MetricDef, current: pd.DataFrame, previous: pd.DataFrame, keys: list[str]
) -> pd.DataFrame:
    """The comparison side joined onto ``current``: ``value_cmp``, ``n_cmp``, ``delta``,
    ``relative`` (the rate's change as a share, for counts and rates) and ``p_value``."""
    if keys:
        merged = current.merge(previous, on=keys, how="left", suffixes=("", "_c"))
    else:
        merged = current.join(previous.add_suffix("_c").reset_index(drop=True))
    if "n_c" not in merged.columns:
        for column in [c for c in previous.columns if c not in keys]:
            merged[f"{column}_c"] = np.nan
    merged["value_cmp"] = merged["value_c"]
    merged["n_cmp"] = merged["n_c"]
    merged["delta"] = merged["value"] - merged["value_cmp"]
    with np.errstate(divide="ignore", invalid="ignore"):
        merged["p_value"] = p_values(metric, merged)
        merged["relative"] = _relative(metric, merged)
    return merged.drop(columns=[c for c in merged.columns if c.endswith("_c")])


def _relative(metric: MetricDef, merged: pd.DataFrame) -> pd.Series:
    """value / value_cmp − 1, per day of exposure for counts (None from zero, or for scores)."""
    if metric.kind == "count":
        now = merged["n"].astype(float) / merged["_exposure"].astype(float)
        then = merged["n_c"].astype(float) / merged["_exposure_c"].astype(float)
    elif metric.kind == "rate" or metric.unit in ("days", "matters_per_contact"):
        now, then = merged["value"].astype(float), merged["value_cmp"].astype(float)
    else:
        return pd.Series(np.nan, index=merged.index)
    return (now / then - 1).where(then > 0)
