"""Customer surveys (long format, one row per answered statement).

Statement means (raw and normalised to 0–100), agree share, school grade and NPS. "En osaa
sanoa" is stored as a null value and excluded everywhere. The engine returns n, Σscore and
Σscore² (or the counts of agreeing answers, promoters and detractors) per group.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Float, case, cast, func

from metrics.catalog import MetricDef
from metrics.plan import ORG_DIMENSIONS, Source, fetch, grouped_select, used_dimensions
from metrics.spec import Period, QuerySpec

MEAN_KINDS = ("likert", "grade")
"""Item kinds that statement means cover (NPS items are reported as NPS only)."""
PROMOTER_MIN = 9
DETRACTOR_MAX = 6


def source(reader, spec: QuerySpec) -> Source:
    """survey_answer joined to survey_item (scale, kind) and, when needed, to unit."""
    answers = reader.table("survey_answer")
    item = reader.table("survey_item")
    from_ = answers.join(item, item.c.item_id == answers.c.item_id)
    dims = {
        "unit": answers.c.unit_id,
        "survey": item.c.survey_id,
        "item": answers.c.item_id,
        "theme": item.c.theme,
        "channel": answers.c.channel,
        "language": answers.c.language,
        "respondent_role": answers.c.respondent_role,
        "age_group": answers.c.age_group,
        "provider": answers.c.provider,
    }
    if used_dimensions(spec) & ORG_DIMENSIONS:
        unit = reader.table("unit")
        from_ = from_.outerjoin(unit, unit.c.unit_id == answers.c.unit_id)
        dims |= {"service": unit.c.service_id, "service_area": unit.c.service_area_id}
    conditions = [answers.c.value.is_not(None)]
    return Source(from_, answers, answers.c.answered_on, False, answers.c.year, dims, conditions)


def _count_if(condition):
    return func.sum(case((condition, 1), else_=0))


def aggregate(reader, metric: MetricDef, spec: QuerySpec, period: Period, as_of: date) -> pd.DataFrame:
    """Per-group sufficient statistics of a survey metric over ``period``."""
    src = source(reader, spec)
    item = reader.table("survey_item")
    value = cast(src.fact.c.value, Float)
    if metric.id in ("statement_mean", "statement_mean_normalized", "school_grade"):
        kinds = ("grade",) if metric.id == "school_grade" else MEAN_KINDS
        src.conditions.append(item.c.kind.in_(list(kinds)))
        score = value
        if metric.id == "statement_mean_normalized":
            src.conditions.append(item.c.scale_max > item.c.scale_min)
            score = 100.0 * (value - item.c.scale_min) / (item.c.scale_max - item.c.scale_min)
        aggregates = [
            func.count().label("n"),
            func.sum(score).label("_sum"),
            func.sum(score * score).label("_sumsq"),
        ]
    elif metric.id == "agree_share":
        src.conditions.append(item.c.kind == "likert")
        aggregates = [func.count().label("n"), _count_if(value >= item.c.scale_max - 1).label("_k")]
    elif metric.id == "nps":
        src.conditions.append(item.c.kind == "nps")
        aggregates = [
            func.count().label("n"),
            _count_if(value >= PROMOTER_MIN).label("_prom"),
            _count_if(value <= DETRACTOR_MAX).label("_detr"),
        ]
    else:
        raise ValueError(f"not a survey metric: {metric.id}")
    return fetch(reader, grouped_select(src, spec, period, aggregates, dimensions=metric.dimensions))
