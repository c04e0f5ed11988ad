"""Quick feedback (button presses): happy index, positive shares, response counts.

The engine returns presses per group × scale × button; the happy index's per-press scores
(``100 × button / (points − 1)``) and their sums and sums of squares are formed from those
counts here, so the t-interval and the Welch test use the per-response variance.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import func

from data_access.vocabulary import QUICK_FEEDBACK_SCALES
from metrics.catalog import MetricDef
from metrics.plan import ORG_DIMENSIONS, Source, fetch, grouped_select, keys, used_dimensions
from metrics.spec import Period, QuerySpec

SCORED_SCALES = ("four", "five")


def source(reader, spec: QuerySpec) -> Source:
    """The quick_feedback table, joined to the unit dimension when service or area is used."""
    presses = reader.table("quick_feedback")
    dims = {
        "unit": presses.c.unit_id,
        "channel": presses.c.channel,
        "scale": presses.c.scale,
        "button": presses.c.button_index,
    }
    from_ = presses
    if used_dimensions(spec) & ORG_DIMENSIONS:
        unit = reader.table("unit")
        from_ = presses.outerjoin(unit, unit.c.unit_id == presses.c.unit_id)
        dims |= {"service": unit.c.service_id, "service_area": unit.c.service_area_id}
    conditions = [] if spec.include_misuse else [presses.c.misuse.is_not(True)]
    return Source(from_, presses, presses.c.ts, True, presses.c.year, dims, conditions)


def aggregate(reader, metric: MetricDef, spec: QuerySpec, period: Period, as_of: date) -> pd.DataFrame:
    """Per-group sufficient statistics of ``metric`` over ``period``."""
    src = source(reader, spec)
    scale, button = src.dims["scale"], src.fact.c.button_index
    if metric.id == "response_count":
        statement = grouped_select(src, spec, period, [func.count().label("n")], dimensions=metric.dimensions)
        return fetch(reader, statement)
    src.conditions.append(scale.in_(list(SCORED_SCALES)))
    statement = grouped_select(
        src,
        spec,
        period,
        [func.count().label("presses")],
        extra_groups=[scale.label("_scale"), button.label("_button")],
        dimensions=metric.dimensions,
    )
    return from_button_counts(metric.id, fetch(reader, statement), keys(spec))


def from_button_counts(metric_id: str, counts: pd.DataFrame, key_columns: list[str]) -> pd.DataFrame:
    """Per-group statistics from presses per scale × button."""
    points = counts["_scale"].map(QUICK_FEEDBACK_SCALES).astype(float)
    button = counts["_button"].astype(float)
    presses = counts["presses"].astype(float)
    work = counts[key_columns].copy()
    work["n"] = presses
    if metric_id == "happy_index":
        score = 100 * button / (points - 1)
        work["_sum"] = presses * score
        work["_sumsq"] = presses * score**2
    elif metric_id == "share_positive":
        work["_k"] = np.where(button >= points - 2, presses, 0.0)
    elif metric_id == "very_positive_share":
        work["_k"] = np.where(button == points - 1, presses, 0.0)
    else:
        raise ValueError(f"not a quick-feedback score: {metric_id}")
    if not key_columns:
        return work.sum(numeric_only=True).to_frame().T if len(work) else work
    return work.groupby(key_columns, dropna=False, as_index=False).sum()
