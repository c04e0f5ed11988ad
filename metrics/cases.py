"""Formal cases (muistutus, kantelu, muutoksenhaku), cases per 10 000 visits, ombudsman contacts."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Float, cast, func

from metrics.catalog import MetricDef
from metrics.plan import ORG_DIMENSIONS, Source, fetch, grouped_select, keys, used_dimensions
from metrics.spec import CALENDAR_GRAINS, Period, QuerySpec

RATE_GRAINS = ("month", "quarter", "year")


def case_source(reader) -> Source:
    """The case table joined to unit (the area from the row, else from its unit)."""
    rows = reader.table("case")
    unit = reader.table("unit")
    dims = {
        "service_area": func.coalesce(rows.c.service_area_id, unit.c.service_area_id),
        "service": unit.c.service_id,
        "unit": rows.c.unit_id,
        "case_kind": rows.c.case_kind,
        "reason": rows.c.reason,
        "outcome": rows.c.outcome,
    }
    from_ = rows.outerjoin(unit, unit.c.unit_id == rows.c.unit_id)
    return Source(from_, rows, rows.c.received_on, False, rows.c.year, dims)


def visits_source(reader, spec: QuerySpec) -> Source:
    """The visits table (monthly visits per unit), joined to unit when needed."""
    rows = reader.table("visits")
    dims = {"unit": rows.c.unit_id}
    from_ = rows
    if used_dimensions(spec) & ORG_DIMENSIONS:
        unit = reader.table("unit")
        from_ = rows.join(unit, unit.c.unit_id == rows.c.unit_id)
        dims |= {"service": unit.c.service_id, "service_area": unit.c.service_area_id}
    return Source(from_, rows, rows.c.month, False, rows.c.year, dims)


def ombudsman_source(reader) -> Source:
    """The ombudsman_contact table."""
    rows = reader.table("ombudsman_contact")
    dims = {"service_area": rows.c.service_area_id, "sector": rows.c.sector, "topic": rows.c.topic}
    return Source(rows, rows, rows.c.contacted_on, False, rows.c.year, dims)


def aggregate(reader, metric: MetricDef, spec: QuerySpec, period: Period, as_of: date) -> pd.DataFrame:
    """Per-group sufficient statistics of a case or ombudsman metric over ``period``."""
    if metric.id == "case_count":
        src = case_source(reader)
        return fetch(
            reader, grouped_select(src, spec, period, [func.count().label("n")], dimensions=metric.dimensions)
        )
    if metric.id == "cases_per_10k_visits":
        return _per_visits(reader, metric, spec, period)
    src = ombudsman_source(reader)
    matters = cast(src.fact.c.matters, Float)
    if metric.id == "ombudsman_contacts":
        aggregates = [func.count().label("n")]
    elif metric.id == "ombudsman_matters":
        aggregates = [func.coalesce(func.sum(matters), 0).label("n")]
    elif metric.id == "matters_per_contact":
        aggregates = [
            func.count().label("n"),
            func.sum(matters).label("_sum"),
            func.sum(matters * matters).label("_sumsq"),
        ]
    else:
        raise ValueError(f"not a case or ombudsman metric: {metric.id}")
    return fetch(reader, grouped_select(src, spec, period, aggregates, dimensions=metric.dimensions))


def _per_visits(reader, metric: MetricDef, spec: QuerySpec, period: Period) -> pd.DataFrame:
    if spec.grain is not None and (spec.grain not in CALENDAR_GRAINS or spec.grain not in RATE_GRAINS):
        raise ValueError(f"cases per visits need a grain of {RATE_GRAINS} (visits are monthly)")
    cases_src = case_source(reader)
    cases_src.conditions.append(cases_src.fact.c.unit_id.is_not(None))
    counted = fetch(
        reader,
        grouped_select(cases_src, spec, period, [func.count().label("n")], dimensions=metric.dimensions),
    )
    visits_src = visits_source(reader, spec)
    exposure = fetch(
        reader,
        grouped_select(
            visits_src,
            spec,
            period,
            [func.sum(visits_src.fact.c.visits).label("_exposure")],
            dimensions=metric.dimensions,
        ),
    )
    key_columns = keys(spec)
    if not key_columns:
        counted["_exposure"] = exposure["_exposure"].iloc[0] if len(exposure) else float("nan")
        return counted
    merged = exposure.merge(counted, on=key_columns, how="left")
    merged["n"] = merged["n"].fillna(0)
    return merged
