"""The city feedback system: volumes, share of moite, reply within target, handling time.

Handling metrics never load feedback rows: the engine counts feedback per group ×
received date × answered date, and working days are computed here on those pairs
(metrics/workdays.py). Reply within target: answered within 5 working days, over answered
feedback plus unanswered feedback already past the target on the date the data runs to;
unanswered feedback still within the target is not yet counted.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import case, func

from metrics import dialect
from metrics.catalog import MetricDef
from metrics.plan import Source, fetch, grouped_select, keys
from metrics.spec import Period, QuerySpec
from metrics.workdays import TARGET_WORKING_DAYS, working_days_between

HANDLING = ("reply_within_target", "handling_days", "handling_working_days")


def source(reader, spec: QuerySpec) -> Source:
    """feedback joined to unit (service; the area from the row, else from its unit)."""
    rows = reader.table("feedback")
    unit = reader.table("unit")
    from_ = rows.outerjoin(unit, unit.c.unit_id == rows.c.unit_id)
    dims = {
        "service_area": func.coalesce(rows.c.service_area_id, unit.c.service_area_id),
        "service": unit.c.service_id,
        "unit": rows.c.unit_id,
        "feedback_type": rows.c.feedback_type,
        "category": rows.c.category,
        "topic": rows.c.topic,
        "channel": rows.c.channel,
        "language": rows.c.language,
    }
    return Source(from_, rows, rows.c.received_at, True, rows.c.year, dims)


def aggregate(reader, metric: MetricDef, spec: QuerySpec, period: Period, as_of: date) -> pd.DataFrame:
    """Per-group sufficient statistics of a feedback metric over ``period``."""
    src = source(reader, spec)
    rows = src.fact.c
    if metric.id == "feedback_count":
        aggregates = [func.count().label("n")]
    elif metric.id == "moite_share":
        aggregates = [
            func.count().label("n"),
            func.sum(case((rows.feedback_type == "moite", 1), else_=0)).label("_k"),
        ]
    elif metric.id in HANDLING:
        pairs = [
            dialect.as_date(rows.received_at).label("_received"),
            dialect.as_date(rows.answered_at).label("_answered"),
        ]
        statement = grouped_select(
            src,
            spec,
            period,
            [func.count().label("_count")],
            extra_groups=pairs,
            dimensions=metric.dimensions,
        )
        return from_date_pairs(metric.id, fetch(reader, statement), keys(spec), as_of)
    else:
        raise ValueError(f"not a feedback metric: {metric.id}")
    return fetch(reader, grouped_select(src, spec, period, aggregates, dimensions=metric.dimensions))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The median of values repeated by integer weights (as numpy.median would give)."""
    order = np.argsort(values, kind="stable")
    values, cumulative = values[order], np.cumsum(weights[order])
    total = cumulative[-1]
    lower = values[np.searchsorted(cumulative, (total - 1) // 2 + 1)]
    upper = values[np.searchsorted(cumulative, total // 2 + 1)]
    return (lower + upper) / 2


def from_date_pairs(metric_id: str, pairs: pd.DataFrame, key_columns: list[str], as_of: date) -> pd.DataFrame:
    """Per-group statistics from feedback counts per received × answered date."""
    received = pd.to_datetime(pairs["_received"]).to_numpy(dtype="datetime64[D]")
    answered_at = pd.to_datetime(pairs["_answered"])
    answered = answered_at.notna().to_numpy()
    count = pairs["_count"].to_numpy(dtype=float)
    work = pairs[key_columns].copy()
    if metric_id == "reply_within_target":
        replied = np.where(answered, answered_at.to_numpy(dtype="datetime64[D]"), np.datetime64(as_of, "D"))
        days = working_days_between(received, replied)
        counted = answered | (days > TARGET_WORKING_DAYS)
        work["n"] = np.where(counted, count, 0.0)
        work["_k"] = np.where(answered & (days <= TARGET_WORKING_DAYS), count, 0.0)
        work = work[counted]
        return _sum_by(work, key_columns)
    work, count, received = work[answered], count[answered], received[answered]
    replied = answered_at[answered].to_numpy(dtype="datetime64[D]")
    if metric_id == "handling_days":
        days = np.clip((replied - received).astype(int), 0, None).astype(float)
    else:
        days = working_days_between(received, replied).astype(float)
    work["n"], work["_sum"], work["_sumsq"], work["_days"] = count, count * days, count * days**2, days
    summed = _sum_by(work.drop(columns="_days"), key_columns)
    if key_columns and len(work):
        medians = work.groupby(key_columns, dropna=False).apply(
            lambda g: _weighted_median(g["_days"].to_numpy(), g["n"].to_numpy())
        )
        summed = summed.merge(medians.rename("median").reset_index(), on=key_columns, how="left")
    elif key_columns:  # no answered feedback: grouping an empty frame yields no medians to merge
        summed["median"] = pd.Series(dtype=float)
    else:
        summed["median"] = [_weighted_median(days, count)] if len(summed) else []
    return summed


def _sum_by(work: pd.DataFrame, key_columns: list[str]) -> pd.DataFrame:
    if not key_columns:
        return work.sum(numeric_only=True).to_frame().T if len(work) else work.reset_index(drop=True)
    return work.groupby(key_columns, dropna=False, as_index=False).sum()
