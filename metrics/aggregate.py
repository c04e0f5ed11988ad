"""The one aggregation: from a catalog entry to its per-group sufficient statistics.

:func:`aggregate` builds the metric's source for the spec, adds the entry's conditions and asks
the engine for the measure's statistics per group (the columns :mod:`metrics.results` reads):

- in the engine: one aggregate per :class:`~metrics.measures.Statistic` (a count of rows, a
  count of rows where a condition holds, a sum, a sum of squares);
- ``tallied``: the number of rows per group × distinct value of the columns the measure reads;
  the measure is evaluated on those values and its statistics summed per group, weighted by the
  counts (:mod:`metrics.tally`);
- a rate adds its exposure, aggregated from the exposure's source by the same groups.

:func:`statements` gives the SQLAlchemy statements themselves (to compile for an engine).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, or_
from sqlalchemy.sql import ColumnElement, Select

from metrics import tally
from metrics.catalog import MetricDef
from metrics.measures import COUNT, DISTINCT, MEDIAN, SUM, SUM_OF_SQUARES, Rate, Statistic
from metrics.plan import date_conditions, fetch, grouped_select, keys
from metrics.sources import DateOf, SqlRow
from metrics.spec import Period, QuerySpec

_TALLY_PREFIX = "_by_"
_ROWS = "_rows"
SPAN = ("first_day", "last_day")
"""The columns of a group's first and last date (``aggregate(…, span=True)``)."""
SIDE = "_side"
"""The column saying which stretch a row of :func:`by_sides` belongs to (1 current, 0 compared)."""


def statements(
    reader,
    metric: MetricDef,
    spec: QuerySpec,
    period: Period,
    span: bool = False,
    sides: tuple[Period, Period] | None = None,
) -> list[Select]:
    """The statements :func:`aggregate` runs for ``metric``: its own, then a rate's exposure.

    ``span`` adds each group's first and last date (columns :data:`SPAN`) to its own statement.
    ``sides`` (current, compared; the compared stretch ends before the current one starts) reads
    both stretches in one statement instead of ``period``, each row marked with its side in
    :data:`SIDE` (1 current, 0 compared); not for rates.
    """
    source = metric.source.build(reader, spec)
    row = SqlRow(source.columns, source.rows)
    where = [condition(row) for condition in metric.where]
    side_groups = []
    if sides is not None:
        current, compared = sides
        if compared.end >= current.start:
            raise ValueError("the compared stretch must end before the current one starts")
        period = Period(compared.start, current.end)
        if compared.end + timedelta(days=1) < current.start:  # a gap between them: read neither
            in_current, in_compared = (and_(*date_conditions(source, side)) for side in sides)
            where.append(or_(in_current, in_compared))
        starts = datetime.combine(current.start, time()) if source.timestamp else current.start
        side_groups = [case((source.date >= starts, 1), else_=0).label(SIDE)]
    if metric.tallied:
        values = [
            metric.source.tallied(name, source).label(_TALLY_PREFIX + name) for name in metric.measure.reads()
        ]
        aggregates, groups = [func.count().label(_ROWS)], values
    else:
        where += [condition(row) for condition in metric.measure.filters]
        aggregates = [_sql(statistic, row).label(statistic.name) for statistic in metric.measure.statistics()]
        groups = []
    if span:
        aggregates += [func.min(source.date).label(SPAN[0]), func.max(source.date).label(SPAN[1])]
    found = [grouped_select(source, spec, period, aggregates, groups + side_groups, metric.dimensions, where)]
    if isinstance(metric.measure, Rate):
        if sides is not None:
            raise ValueError(f"{metric.id}: a rate's exposure is not read by sides")
        exposure = metric.measure.exposure
        source = exposure.source.build(reader, spec)
        total = _sql(Statistic("_exposure", SUM, exposure.value), SqlRow(source.columns, source.rows))
        found.append(
            grouped_select(source, spec, period, [total.label("_exposure")], dimensions=metric.dimensions)
        )
    return found


def aggregate(
    reader, metric: MetricDef, spec: QuerySpec, period: Period, as_of: date, span: bool = False
) -> pd.DataFrame:
    """Per-group sufficient statistics of ``metric`` over ``period``.

    ``as_of`` is the last day the data run to (what a tallied expression reads as ``data_end``).
    ``span`` adds the first and last date of each group's rows the measure counts (:data:`SPAN`).
    """
    own, *exposure = statements(reader, metric, spec, period, span)
    rows = _dated(metric, fetch(reader, own))
    stats = finish(metric, in_fixed_order(rows) if metric.tallied else rows, as_of, keys(spec), span)
    if exposure:
        return _with_exposure(stats, fetch(reader, exposure[0]), keys(spec))
    return stats


def by_sides(
    reader, metric: MetricDef, spec: QuerySpec, sides: tuple[Period, Period], span: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of one statement over both stretches, split into (current, compared).

    The rows are the engine's groups before :func:`finish` (tallied counts, or the statistics);
    :func:`roll_up` sums them to coarser groups. Only for metrics :func:`additive` holds for.
    """
    (own,) = statements(reader, metric, spec, sides[0], span, sides)
    rows = _dated(metric, fetch(reader, own))
    side = rows.pop(SIDE).astype(int)
    return rows[side == 1].reset_index(drop=True), rows[side == 0].reset_index(drop=True)


def _dated(metric: MetricDef, rows: pd.DataFrame) -> pd.DataFrame:
    """The engine's rows with a tallied metric's dates as ``datetime64``, converted once from the
    date objects the engine gives: grouped and measured, they then cost one NumPy call, not one
    per object (thousands of received × answered dates a statement)."""
    if metric.tallied:
        for name, derived in metric.source.derived.items():
            column = _TALLY_PREFIX + name
            if isinstance(derived, DateOf) and column in rows.columns:
                rows[column] = derived.values(rows[column])
    return rows


def additive(metric: MetricDef) -> bool:
    """Whether the engine's groups of ``metric`` add up to coarser ones (:func:`roll_up`): no
    rate's exposure, and no count of distinct values computed in the engine."""
    if isinstance(metric.measure, Rate):
        return False
    return metric.tallied or all(s.aggregation != DISTINCT for s in metric.measure.statistics())


def roll_up(metric: MetricDef, rows: pd.DataFrame, key_columns: list[str]) -> pd.DataFrame:
    """Engine rows of ``metric`` summed to the groups of ``key_columns`` (tallied values kept
    apart; the other key columns summed over)."""
    tallies = [c for c in rows.columns if c.startswith(_TALLY_PREFIX)]
    groups = key_columns + tallies
    summed = [_ROWS] if metric.tallied else [s.name for s in metric.measure.statistics()]
    how = dict.fromkeys(summed, "sum")
    how.update({SPAN[0]: "min", SPAN[1]: "max"} if SPAN[0] in rows.columns else {})
    return tally.group_totals(rows, groups, how)


def in_fixed_order(rows: pd.DataFrame) -> pd.DataFrame:
    """Tallied engine rows sorted by every column but the count: the engine returns its groups in
    any order, and a fixed one makes the floating-point sums the same on every engine and run."""
    return rows.sort_values(list(rows.columns.drop(_ROWS)), kind="stable", ignore_index=True)


def finish(
    metric: MetricDef, rows: pd.DataFrame, as_of: date, key_columns: list[str], span: bool
) -> pd.DataFrame:
    """Per-group sufficient statistics from the engine's rows (see :func:`aggregate`); a tallied
    metric's rows come :func:`in_fixed_order` or from :func:`roll_up`, which sorts its groups."""
    if metric.tallied:
        return _from_counts(metric, rows, as_of, key_columns, span)
    rows["n"] = rows["n"].fillna(0)  # a sum over no rows
    return rows


def _sql(statistic: Statistic, row: SqlRow) -> ColumnElement:
    """The engine's aggregate of one statistic."""
    if statistic.aggregation == COUNT:
        if statistic.expression is None:
            return func.count()
        return func.sum(case((statistic.expression(row), 1), else_=0))
    value = statistic.expression(row)
    if statistic.aggregation == SUM:
        return func.sum(value)
    if statistic.aggregation == SUM_OF_SQUARES:
        return func.sum(value * value)
    if statistic.aggregation == DISTINCT:
        return func.count(value.distinct())
    raise ValueError(f"{statistic.name}: a {statistic.aggregation} needs a tallied metric")


def _from_counts(
    metric: MetricDef, counts: pd.DataFrame, as_of: date, key_columns: list[str], span: bool = False
) -> pd.DataFrame:
    """The measure's statistics per group from tallied counts (rows outside its filters dropped);
    with ``span`` also the first and last date of each group's counted rows."""
    read = metric.measure.reads()
    row = tally.TallyRow(
        {name: metric.source.values(name, counts[_TALLY_PREFIX + name]) for name in read}, as_of
    )
    weights = counts[_ROWS].to_numpy(dtype=float)
    kept = np.ones(len(counts), dtype=bool)
    for condition in metric.measure.filters:
        kept &= np.broadcast_to(np.asarray(condition(row), dtype=bool), kept.shape)
    counted = counts if kept.all() else counts[kept]
    work = counted[key_columns].copy()
    weights = weights[kept]
    medians = []
    for statistic in metric.measure.statistics():
        if statistic.aggregation == MEDIAN:
            medians.append((statistic.name, _evaluated(statistic, row, kept)))
        elif statistic.aggregation == DISTINCT:
            work[statistic.name] = _first_of_each(statistic, row, kept, work[key_columns])
        else:
            work[statistic.name] = _weighted(statistic, row, kept, weights)
    how = dict.fromkeys(work.columns.drop(key_columns), "sum")
    if span:
        for column in SPAN:
            work[column] = counted[column].to_numpy()
        how.update({SPAN[0]: "min", SPAN[1]: "max"})
    summed = tally.group_totals(work, key_columns, how)
    for name, values in medians:
        summed[name] = tally.group_medians(work, key_columns, values, weights)
    return summed


def _evaluated(statistic: Statistic, row: tally.TallyRow, kept: np.ndarray) -> np.ndarray:
    values = np.asarray(statistic.expression(row), dtype=float)
    return np.broadcast_to(values, kept.shape)[kept]


def _first_of_each(
    statistic: Statistic, row: tally.TallyRow, kept: np.ndarray, key_frame: pd.DataFrame
) -> np.ndarray:
    """1 on the first tallied value of each group × distinct value of the expression, else 0.

    Summed per group this is SQL's ``count(distinct …)``: the counts are not weights here, and
    unknown values are not counted.
    """
    values = np.broadcast_to(np.asarray(statistic.expression(row), dtype=object), kept.shape)[kept]
    frame = key_frame.assign(_value=values)
    first = ~frame.duplicated(keep="first") & frame["_value"].notna()
    return first.to_numpy(dtype=float)


def _weighted(statistic: Statistic, row: tally.TallyRow, kept: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """One statistic per tallied value: the count times the expression (or where it holds)."""
    if statistic.aggregation == COUNT:
        if statistic.expression is None:
            return weights
        holds = np.broadcast_to(np.asarray(statistic.expression(row), dtype=bool), kept.shape)[kept]
        return np.where(holds, weights, 0.0)
    values = _evaluated(statistic, row, kept)
    if statistic.aggregation == SUM:
        return weights * values
    if statistic.aggregation == SUM_OF_SQUARES:
        return weights * values**2
    raise ValueError(f"unknown aggregation {statistic.aggregation!r} of {statistic.name}")



def _with_exposure(counted: pd.DataFrame, exposure: pd.DataFrame, key_columns: list[str]) -> pd.DataFrame:
    """A rate's counts beside the exposure of the same groups; the exposure's groups are the rows."""
    if not key_columns:
        counted["_exposure"] = exposure["_exposure"].iloc[0] if len(exposure) else float("nan")
        return counted
    merged = exposure.merge(counted, on=key_columns, how="left")
    merged["n"] = merged["n"].fillna(0)
    return merged
