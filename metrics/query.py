"""``run_query(reader, spec)``: the one query interface of the dashboard, reports and CLI.

Public API::

    from metrics.query import run_query, data_through
    frame = run_query(reader, QuerySpec("happy_index", Period(date(2017, 1, 1), date(2017, 12, 31)),
                                        group_by=("service",), grain="month", compare="last_year"))

``reader`` is a ``data_access`` ScopedReader (``wh.reader(scope)``, or ``wh.benchmark_reader()``
for service/city figures — grouping by unit is refused there). The engine aggregates; only
per-group sufficient statistics reach pandas.

The result has one row per group, sorted by the keys:

- keys: ``<dim>_id``-style id column and ``<dim>_name`` (in ``spec.name_language``) for each
  ``group_by`` dimension (``catalog.DIMENSIONS``), then ``period`` (bucket start date),
  ``hour`` (0–23) or ``weekday`` (0 = Monday) when ``spec.grain`` is set (``hour`` and
  ``weekday`` may also be in ``group_by``: grain "hour" + group_by ("weekday",) is the grid);
- ``value`` (in the metric's unit: shares as per cent, deltas in percentage points), ``n``
  (answers / presses / items counted; nullable integer), ``ci_low``, ``ci_high`` (95 %),
  ``median`` for the handling-time metrics, ``suppressed``, ``partial``;
- ``n_total``: the n of the whole result (true even where cells are hidden, see suppression);
  ``mark``: why a cell shows no value (``no_data``, ``small``, ``protected``; None when shown);
- with ``spec.compare`` (see :mod:`metrics.comparison` for the rules): ``value_basis`` and
  ``n_basis`` (the current side on the comparison's basis: equal to ``value``/``n`` unless a
  channel, survey or unit missing on one side was left out), ``value_cmp``, ``n_cmp``, ``delta``
  (value_basis − value_cmp), ``relative`` (counts and rates: the change as a share), ``p_value``,
  ``significant`` (p < 0.05, both sides ≥ min n), ``q_value`` (Benjamini–Hochberg over the rows),
  ``significant_fdr``, ``suppressed_cmp``, ``mark_cmp``, ``change`` (rise, fall, small_change,
  no_change, not_assessed: significant — by q in grouped results — *and* at least the metric's
  smallest meaningful change) and ``not_assessed`` (the reason). ``frame.attrs["comparison"]``
  holds the :class:`~metrics.comparison.Comparison`: the stretches compared (a period the data
  cover only in part against the same stretch a year or a period earlier) and the basis.
  Comparison buckets are aligned to the current ones (a month of last year beside the month).

Filters or groups on a dimension the metric lacks (``MetricDef.dimensions``) raise ValueError.
With no grouping the frame always has exactly one row (n = 0 when there is no data).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from metrics import comparison, plan, results, suppression
from metrics.aggregate import additive, aggregate, by_sides, finish, roll_up
from metrics.catalog import CATALOG, TIME_DIMENSIONS, MetricDef, metric_def
from metrics.dimensions import add_names
from metrics.freshness import channel_through, complete_through, data_through
from metrics.spec import CALENDAR_GRAINS, Period, QuerySpec, _add_months

__all__ = ["CATALOG", "data_through", "run_query", "result_columns"]

MEASURES = ["value", "n", "ci_low", "ci_high"]
FLAGS = ["suppressed", "mark", "partial", "n_total"]
COMPARISON = [
    "value_basis",
    "n_basis",
    "value_cmp",
    "n_cmp",
    "delta",
    "relative",
    "p_value",
    "significant",
    "q_value",
    "significant_fdr",
    "suppressed_cmp",
    "mark_cmp",
    "change",
    "not_assessed",
]


def result_columns(spec: QuerySpec, catalog: dict[str, MetricDef] | None = None) -> list[str]:
    """The columns of ``run_query(reader, spec)``, in order."""
    columns: list[str] = []
    for dimension in spec.group_by:
        columns.append(plan.DIMENSIONS[dimension])
        if dimension not in TIME_DIMENSIONS:
            columns.append(f"{dimension}_name")
    columns += plan.time_keys(spec) + MEASURES
    if metric_def(spec.metric, catalog).has_median:
        columns.append("median")
    columns += FLAGS
    if spec.compare:
        columns += COMPARISON
    return columns


def run_query(
    reader,
    spec: QuerySpec,
    today: date | None = None,
    through: dict[str, date | None] | None = None,
    catalog: dict[str, MetricDef] | None = None,
) -> pd.DataFrame:
    """The tidy result frame of ``spec`` within the reader's scope (see the module docstring).

    ``today`` (default: the real date) marks buckets reaching past it as partial. ``through``
    is :func:`data_through` of the same reader when the caller already has it (saves a query).
    ``catalog`` holds the metric definitions (default :data:`~metrics.catalog.CATALOG`).
    """
    metric = metric_def(spec.metric, catalog)
    keys = plan.keys(spec)
    min_n = spec.min_n if spec.min_n is not None else metric.min_n
    last_day = through[metric.channel] if through is not None else channel_through(reader, metric.channel)
    as_of = complete_through(last_day, today)
    compared = _in_one(reader, metric, spec, as_of) if spec.compare else None
    if compared is None:
        frame = _summary(reader, metric, spec, spec.period, as_of)
        compared = _compared(reader, metric, spec, frame, as_of) if spec.compare else None
    if compared is not None:
        frame, facts = compared
    frame["partial"] = _partial(frame, spec, as_of)
    frame = suppression.apply(frame, keys, min_n, metric.is_score, spec.public)
    if compared is not None:
        frame = comparison.classify(frame, metric, min_n, listed=bool(keys))
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True) if keys else frame
    frame = add_names(reader, frame, spec.group_by, spec.name_language)
    for column in ("n", "n_cmp", "n_basis", "n_total"):
        if column in frame.columns:
            frame[column] = frame[column].round().astype("Int64")
    result = frame[result_columns(spec, catalog)]
    if compared is not None:
        result.attrs["comparison"] = facts
    return result


def _compared(reader, metric: MetricDef, spec: QuerySpec, frame: pd.DataFrame, as_of: date):
    """``frame`` with the comparison columns, and the :class:`~metrics.comparison.Comparison`."""
    stretches = comparison.window(spec, as_of)
    found = comparison.basis(reader, metric, spec, stretches) if stretches else comparison.Basis()
    compared_period = stretches.compared if stretches else spec.period.comparison(spec.compare)
    if found.empty or stretches is None:
        current = frame.iloc[0:0]
        previous = frame.iloc[0:0]
    else:
        based = found.apply(spec)
        unchanged = not found.restricted and not stretches.cut
        current = frame if unchanged else _summary(reader, metric, based, stretches.current, as_of)
        previous = _align(_summary(reader, metric, based, compared_period, as_of), spec, compared_period)
    return _with_comparison(metric, spec, frame, current, previous, stretches, found)


def _in_one(reader, metric: MetricDef, spec: QuerySpec, as_of: date):
    """What :func:`_compared` gives, from one statement over both stretches (grouped by the
    intake dimension too when the basis judges it): the coverage of each side, the headline and
    both sides on the basis are sums of its rows. None where that does not hold (a rate, a count
    of distinct values in the engine, a list whose units are judged, no data in the period, a
    comparison period overlapping the period): the caller then runs the statements one by one."""
    stretches = comparison.window(spec, as_of)
    if stretches is None or not additive(metric) or comparison.judges_units(reader, metric, spec):
        return None
    if stretches.compared.end >= stretches.current.start:  # overlapping (a custom period over a year)
        return None
    keys = plan.keys(spec)
    intake = comparison.judged(metric, spec)
    grouped = spec.with_(group_by=(*spec.group_by, intake[0])) if intake else spec
    timed = bool(intake and intake[1])
    sides = (stretches.current, stretches.compared)
    now, then = by_sides(reader, metric, grouped, sides, span=timed)

    def summary(rows: pd.DataFrame, period: Period, basis: comparison.Basis) -> pd.DataFrame:
        if basis.dropped:
            rows = rows[rows[plan.DIMENSIONS[basis.dimension]].isin(basis.kept)]
        return _summarized(
            metric, finish(metric, roll_up(metric, rows, keys), as_of, keys, False), keys, period
        )

    found = comparison.Basis()
    if intake:
        dimension = intake[0]
        key = [plan.DIMENSIONS[dimension]]
        now_cover, then_cover = (
            comparison.coverage_of(
                finish(metric, roll_up(metric, rows, key), period.end, key, timed), dimension, period, timed
            )
            for rows, period in ((now, stretches.current), (then, stretches.compared))
        )
        found = comparison.intake_basis(dimension, now_cover, then_cover, timed)
    whole = comparison.Basis()
    frame = (
        _summary(reader, metric, spec, spec.period, as_of)
        if stretches.cut
        else summary(now, stretches.current, whole)
    )
    if found.empty:
        current, previous = frame.iloc[0:0], frame.iloc[0:0]
    else:
        current = (
            frame if not found.restricted and not stretches.cut else summary(now, stretches.current, found)
        )
        previous = _align(summary(then, stretches.compared, found), spec, stretches.compared)
    return _with_comparison(metric, spec, frame, current, previous, stretches, found)


def _with_comparison(
    metric: MetricDef,
    spec: QuerySpec,
    frame: pd.DataFrame,
    current: pd.DataFrame,
    previous: pd.DataFrame,
    stretches: comparison.Window | None,
    found: comparison.Basis,
):
    """``frame`` with the comparison columns of ``current`` against ``previous``, and the facts."""
    keys = plan.keys(spec)
    min_n = spec.min_n if spec.min_n is not None else metric.min_n
    facts = comparison.Comparison(spec.compare, stretches, found)
    merged = results.compare(metric, current.copy(), previous, keys)
    sides = merged[[*keys, "value", "n", "value_cmp", "n_cmp", "delta", "relative", "p_value"]]
    sides = sides.rename(columns={"value": "value_basis", "n": "n_basis"})
    if keys:
        frame = frame.merge(sides, on=keys, how="left")
    else:
        frame = pd.concat([frame.reset_index(drop=True), sides.reset_index(drop=True)], axis=1)
    frame["n_basis"] = frame["n_basis"].fillna(0)
    frame = comparison.test_columns(frame, min_n)
    return frame, facts


def _summary(reader, metric: MetricDef, spec: QuerySpec, period: Period, as_of: date) -> pd.DataFrame:
    stats = aggregate(reader, metric, spec, period, as_of)
    return _summarized(metric, stats, plan.keys(spec), period)


def _summarized(metric: MetricDef, stats: pd.DataFrame, keys: list[str], period: Period) -> pd.DataFrame:
    """Values and intervals from per-group statistics (one row of zeros when ungrouped and empty)."""
    if not keys and stats.empty:
        stats = pd.DataFrame([dict.fromkeys(stats.columns, 0.0)])
    stats = stats.reset_index(drop=True)
    return results.summarize(metric, stats, period.days)


def _month_offset(spec: QuerySpec, compared: Period) -> int:
    if spec.compare == "last_year":
        return 12
    days = (spec.period.start - compared.start).days
    return max(1, round(days / 30.44))


def _align(previous: pd.DataFrame, spec: QuerySpec, compared: Period) -> pd.DataFrame:
    """Move comparison buckets onto the current period's buckets."""
    if spec.grain not in CALENDAR_GRAINS or previous.empty:
        return previous
    if spec.grain in ("month", "quarter", "year"):
        months = _month_offset(spec, compared)
        previous["period"] = [_add_months(d, months) for d in previous["period"]]
    else:
        days = (spec.period.start - compared.start).days
        if spec.grain == "week":
            days = 7 * round(days / 7)
        previous["period"] = [d + timedelta(days=days) for d in previous["period"]]
    return previous


def bucket_end(start: date, grain: str) -> date:
    """The last day of the ``grain`` bucket starting on ``start``."""
    if grain == "day":
        return start
    if grain == "week":
        return start + timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    return _add_months(start, months) - timedelta(days=1)


def _partial(frame: pd.DataFrame, spec: QuerySpec, as_of: date) -> np.ndarray:
    """Partial: the bucket (or the period) reaches past the data or today, or is cut by the period."""
    if spec.grain in CALENDAR_GRAINS and len(frame):
        starts = list(frame["period"])
        ends = [bucket_end(s, spec.grain) for s in starts]
        return np.array(
            [
                e > as_of or s < spec.period.start or e > spec.period.end
                for s, e in zip(starts, ends, strict=True)
            ],
            dtype=bool,
        )
    return np.full(len(frame), spec.period.end > as_of, dtype=bool)
