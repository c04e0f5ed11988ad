"""Shared SQL building: a built :class:`Source`, the spec's filters, groups and time keys.

A source declaration (metrics/sources.py) builds its fact table as a Source (the scoped
subquery from ``reader.table``, joins to dimensions, one expression per dimension, the columns
measures read) and the generic aggregation (metrics/aggregate.py) asks :func:`grouped_select`
for a GROUP BY statement of a metric's aggregates. The statement filters the ``year``
partition column so DuckDB prunes partitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.sql import ColumnElement, FromClause, Select

from metrics import dialect
from metrics.dimensions import DIMENSIONS, TIME_DIMENSIONS
from metrics.spec import CALENDAR_GRAINS, Period, QuerySpec

_FILTER_FIELDS = (
    "service_area",
    "service",
    "unit",
    "channel",
    "language",
    "respondent_role",
    "survey",
    "item",
)
RESOLUTIONS = ("timestamp", "day", "month")
"""How fine a source's dates are, finest first."""
GRAIN_RESOLUTION = {
    "hour": "timestamp",
    "day": "day",
    "week": "day",
    "weekday": "day",
    "month": "month",
    "quarter": "month",
    "year": "month",
}
"""The coarsest date resolution each time grain needs."""


@dataclass
class Source:
    """One fact table ready for querying."""

    from_: FromClause
    fact: FromClause
    """The scoped fact subquery (``reader.table(name)``)."""
    date: ColumnElement
    resolution: str
    """``timestamp``, ``day`` or ``month``: how fine :attr:`date` is."""
    year: ColumnElement
    dims: dict[str, ColumnElement]
    conditions: list[ColumnElement] = field(default_factory=list)
    columns: dict[str, ColumnElement] = field(default_factory=dict)
    """The columns measures read, by name (fact, joined and derived)."""
    rows: str = "rows"
    """What one row is (``presses``), for messages."""

    @property
    def timestamp(self) -> bool:
        """Whether :attr:`date` has times of day."""
        return self.resolution == "timestamp"


def filters(spec: QuerySpec) -> dict[str, tuple[str, ...]]:
    """Dimension → allowed ids, from the spec's filter fields and its ``extra`` pairs."""
    chosen: dict[str, tuple[str, ...]] = {}
    for name in _FILTER_FIELDS:
        values = getattr(spec, name)
        if values:
            chosen[name] = tuple(values)
    for dimension, value in spec.extra:
        if dimension not in DIMENSIONS:
            raise ValueError(f"unknown dimension {dimension!r} in extra filters")
        chosen[dimension] = (*chosen.get(dimension, ()), value)
    return chosen


def used_dimensions(spec: QuerySpec) -> set[str]:
    """Dimensions the spec groups or filters by."""
    return set(spec.group_by) | set(filters(spec))


def time_keys(spec: QuerySpec) -> list[str]:
    """The time key columns a grain adds to the result."""
    if spec.grain in CALENDAR_GRAINS:
        return ["period"]
    if spec.grain == "hour":
        return ["hour"]
    if spec.grain == "weekday":
        return ["weekday"]
    return []


def keys(spec: QuerySpec) -> list[str]:
    """The key columns of a result: dimension id columns, then the time key."""
    return [DIMENSIONS[d] for d in spec.group_by] + time_keys(spec)


def _check_resolution(source: Source, grain: str) -> None:
    """Refuse a grain finer than the source's dates."""
    if RESOLUTIONS.index(source.resolution) <= RESOLUTIONS.index(GRAIN_RESOLUTION[grain]):
        return
    if grain == "hour":
        raise ValueError("this metric's data has dates only: hour of day is not available")
    raise ValueError(
        f"the {source.rows} are monthly: a grain of month, quarter or year is needed, not {grain!r}"
    )


def _time_group(source: Source, spec: QuerySpec) -> list[ColumnElement]:
    if spec.grain is not None:
        _check_resolution(source, spec.grain)
    if spec.grain in CALENDAR_GRAINS:
        return [dialect.bucket(source.date, spec.grain).label("period")]
    if spec.grain == "hour":
        return [dialect.hour(source.date).label("hour")]
    if spec.grain == "weekday":
        return [dialect.isodow(source.date).label("isodow")]
    return []


def date_conditions(source: Source, period: Period) -> list[ColumnElement]:
    """The period as conditions on the date column and on the ``year`` partition."""
    conditions = [source.year.between(period.start.year, period.end.year)]
    if source.timestamp:
        conditions += [
            source.date >= datetime.combine(period.start, time()),
            source.date < datetime.combine(period.end + timedelta(days=1), time()),
        ]
    else:
        conditions.append(source.date.between(period.start, period.end))
    return conditions


def grouped_select(
    source: Source,
    spec: QuerySpec,
    period: Period,
    aggregates: list[ColumnElement],
    extra_groups: list[ColumnElement] = (),
    dimensions: tuple[str, ...] = (),
    where: list[ColumnElement] = (),
) -> Select:
    """SELECT groups…, aggregates… with the spec's filters over ``period``, grouped.

    ``dimensions`` are the metric's allowed dimensions: grouping or filtering by any other
    raises ValueError. ``where`` adds the metric's own conditions to the source's.
    """
    for dimension in used_dimensions(spec) - set(TIME_DIMENSIONS):
        if dimension not in dimensions or dimension not in source.dims:
            raise ValueError(f"{spec.metric} cannot be grouped or filtered by {dimension!r}")
    groups = []
    for dimension in spec.group_by:
        if dimension in TIME_DIMENSIONS:
            groups += _time_group(source, spec.with_(grain=dimension))
        else:
            groups.append(source.dims[dimension].label(DIMENSIONS[dimension]))
    groups += _time_group(source, spec) + list(extra_groups)
    conditions = date_conditions(source, period) + list(source.conditions) + list(where)
    for dimension, values in filters(spec).items():
        if dimension in TIME_DIMENSIONS:
            raise ValueError(f"{dimension!r} is for grouping, not filtering")
        conditions.append(source.dims[dimension].in_(list(values)))
    statement = select(*groups, *aggregates).select_from(source.from_).where(*conditions)
    return statement.group_by(*groups) if groups else statement


def fetch(reader, statement: Select) -> pd.DataFrame:
    """Run ``statement`` and normalise time keys: ``period`` as dates, ``weekday`` 0 = Monday."""
    frame = reader.fetch(statement)
    if "period" in frame.columns:
        frame["period"] = pd.to_datetime(frame["period"]).dt.date
    if "isodow" in frame.columns:
        frame["weekday"] = frame.pop("isodow").astype(int) - 1
    if "hour" in frame.columns:
        frame["hour"] = frame["hour"].astype(int)
    return frame
