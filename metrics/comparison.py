"""Comparisons that say only what is true: the one place that decides whether a figure changed.

Every tile, table, list, caption, report sentence and speaker note reads its comparison from
here (through ``run_query``'s comparison columns or :mod:`metrics.findings`):

- :func:`window`: the stretches compared. A period the data covers only in part (the current
  quarter, a year "tilanne 31.3.") is compared with the same stretch of the comparison period
  (1.1.–31.3.2021 against 1.1.–31.3.2020), never with the whole of it.
- :func:`basis`: what both stretches share, detected from the data. For the intake channels
  (terminal, app, sms, … for quick feedback and the feedback system) and the surveys (for survey
  metrics), a value with answers on one side only, or — for continuous channels with at least
  :data:`COVERAGE_MIN_N` answers on both sides — covering less than :data:`COVERAGE_RATIO` of
  the other side's span, is left out of the comparison on both sides. Lists of services or
  service areas also leave out the units not present on both sides. The headline value stays
  the whole figure; the change is computed on the basis and says so.
- :func:`classify`: the one definition of a real change. Significant: p (or, in lists, the
  Benjamini–Hochberg q over the list) below :data:`ALPHA` with both sides at least the minimum
  n; meaningful: at least the metric's smallest change (``MetricDef.smallest_change``). A
  significant change below it is a ``small_change``; neither is marked as a finding.

``change`` values: ``rise``, ``fall``, ``small_change``, ``no_change``, ``not_assessed``; the
``not_assessed`` column then names why (:data:`NOT_ASSESSED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from metrics.aggregate import SPAN, aggregate
from metrics.catalog import DIMENSIONS, MetricDef
from metrics.spec import Period, QuerySpec
from metrics.statistics import benjamini_hochberg
from metrics.suppression import HIDING_MARKS

ALPHA = 0.05
"""A change is significant when its p-value (q-value in lists) is below this."""
COVERAGE_RATIO = 0.5
"""A channel covering less than this share of its span on the other side is not comparable."""
COVERAGE_MIN_N = 100
"""Coverage is judged only for channels with at least this many answers on both sides."""
CHANGES = ("rise", "fall", "small_change", "no_change", "not_assessed")
NOT_ASSESSED = (
    "no_current_data",
    "no_comparison_data",
    "not_asked",
    "outside_basis",
    "small_n",
    "hidden",
    "hidden_comparison",
    "no_test",
)
"""Why a change is not assessed: no data in the period; none in the comparison period; a survey
question not asked in the comparison period; the row's data lie outside the shared basis;
fewer answers than the minimum n on a side; the current or comparison cell is hidden; no test."""
DROP_REASONS = ("no_current_data", "no_comparison_data", "coverage")
INTAKE = {"quick_feedback": ("channel", True), "feedback": ("channel", True), "survey": ("survey", False)}
"""Channel of a metric → (the intake dimension, whether its coverage in time is judged)."""
UNIT_BASIS = frozenset({"quick_feedback", "survey"})
"""Channels whose lists of services leave out units missing on one side (every row has a unit)."""
LIST_DIMENSIONS = frozenset({"service", "service_area"})


@dataclass(frozen=True)
class Window:
    """The stretches compared: ``current`` (the period, cut at the data's end) and ``compared``."""

    current: Period
    compared: Period
    cut: bool
    """True when the period reaches past the data and only its first part is compared."""


@dataclass(frozen=True)
class Basis:
    """What both stretches share (see the module docstring)."""

    dimension: str | None = None
    """The intake dimension judged (``channel`` or ``survey``), None when the metric has none."""
    kept: tuple[str, ...] = ()
    dropped: tuple[tuple[str, str], ...] = ()
    """(value, reason) pairs left out of the comparison; reason one of :data:`DROP_REASONS`."""
    units_kept: tuple[str, ...] = ()
    units_dropped: tuple[tuple[str, str], ...] = ()
    """(unit id, reason) pairs left out of a list of services."""

    @property
    def restricted(self) -> bool:
        """Whether the comparison covers less than the headline figure."""
        return bool(self.dropped or self.units_dropped)

    @property
    def empty(self) -> bool:
        """Whether nothing is comparable: every value was left out."""
        return bool(self.dropped) and not self.kept

    def apply(self, spec: QuerySpec) -> QuerySpec:
        """``spec`` limited to the basis (call only when it is not :attr:`empty`)."""
        changes: dict[str, tuple[str, ...]] = {}
        if self.dropped:
            changes[self.dimension] = self.kept
        if self.units_dropped:
            changes["unit"] = self.units_kept
        return spec.with_(**changes)


@dataclass(frozen=True)
class Comparison:
    """A compared result's frame-level facts: the window and the basis (``frame.attrs``)."""

    kind: str
    window: Window | None
    basis: Basis

    def __deepcopy__(self, memo: dict) -> Comparison:
        """Itself: the facts are immutable, and pandas deep-copies a frame's ``attrs`` in every
        operation on it (column by column: ≈0.1 s of a worker's time for each run of the overview)."""
        return self


def window(spec: QuerySpec, as_of: date) -> Window | None:
    """The stretches compared, or None when the data do not reach the period at all."""
    compared = spec.period.comparison(spec.compare)
    if as_of < spec.period.start:
        return None
    if as_of >= spec.period.end:
        return Window(spec.period, compared, cut=False)
    current = Period(spec.period.start, as_of)
    return Window(current, spec.period.same_stretch(compared, as_of), cut=True)


def basis(reader, metric: MetricDef, spec: QuerySpec, stretches: Window) -> Basis:
    """What the two stretches share for ``spec`` (see the module docstring).

    When one side has no data at all the basis is left whole: each row then says so itself.
    """
    found = Basis()
    intake = judged(metric, spec)
    if intake:
        dimension, timed = intake
        now = _coverage(reader, metric, spec, stretches.current, dimension, timed)
        then = _coverage(reader, metric, spec, stretches.compared, dimension, timed)
        found = intake_basis(dimension, now, then, timed)
    if judges_units(reader, metric, spec) and not found.empty:
        timed = metric.channel == "quick_feedback"
        units, units_dropped = _shared(reader, metric, found.apply(spec), stretches, "unit", timed)
        if units_dropped and units:
            found = Basis(found.dimension, found.kept, found.dropped, units, units_dropped)
    return found


def judged(metric: MetricDef, spec: QuerySpec) -> tuple[str, bool] | None:
    """The intake dimension whose values the basis judges for ``spec`` and whether their coverage
    in time is judged; None when the metric has none or the spec groups by it."""
    intake = INTAKE.get(metric.channel)
    if intake and intake[0] in metric.dimensions and intake[0] not in spec.group_by:
        return intake
    return None


def judges_units(reader, metric: MetricDef, spec: QuerySpec) -> bool:
    """Whether the basis of ``spec`` (a list of services or areas) also leaves out units."""
    lists = LIST_DIMENSIONS & set(spec.group_by)
    by_units = lists and "unit" not in spec.group_by and metric.channel in UNIT_BASIS
    return bool(by_units) and not _aggregate_only(reader)


def intake_basis(dimension: str, now: dict, then: dict, timed: bool) -> Basis:
    """The basis of the intake dimension from each side's coverage (see :func:`coverage_of`)."""
    kept, dropped = _split(now, then, timed)
    # One side without any data is said by each row itself; values present on one side each
    # (a channel swapped for another) share nothing, and the basis is empty.
    reasons = {reason for _, reason in dropped}
    one_side_empty = not kept and len(reasons) == 1 and "coverage" not in reasons
    return Basis() if one_side_empty else Basis(dimension, kept, dropped)


def _aggregate_only(reader) -> bool:
    return bool(getattr(reader, "aggregate_only", False))


def _shared(
    reader, metric: MetricDef, spec: QuerySpec, stretches: Window, dimension: str, timed: bool
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Values of ``dimension`` present on both sides, and the dropped ones with their reason."""
    now = _coverage(reader, metric, spec, stretches.current, dimension, timed)
    then = _coverage(reader, metric, spec, stretches.compared, dimension, timed)
    return _split(now, then, timed)


def _split(now: dict, then: dict, timed: bool) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Values present on both sides' coverage, and the dropped ones with their reason."""
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    for value in sorted(set(now) | set(then), key=str):
        n_now, span_now = now.get(value, (0, 0.0))
        n_then, span_then = then.get(value, (0, 0.0))
        if n_now == 0:
            dropped.append((value, "no_current_data"))
        elif n_then == 0:
            dropped.append((value, "no_comparison_data"))
        elif (
            timed
            and min(n_now, n_then) >= COVERAGE_MIN_N
            and (min(span_now, span_then) < COVERAGE_RATIO * max(span_now, span_then))
        ):
            dropped.append((value, "coverage"))
        else:
            kept.append(value)
    return tuple(kept), tuple(dropped)


def _coverage(
    reader, metric: MetricDef, spec: QuerySpec, period: Period, dimension: str, timed: bool
) -> dict:
    """Value of ``dimension`` → (the metric's answers, share of the period between the first and
    last day of the value's answers; 1.0 where coverage in time is not judged). One statement."""
    plain = spec.with_(group_by=(dimension,), grain=None, compare=None)
    answers = aggregate(reader, metric, plain, period, period.end, span=timed)
    return coverage_of(answers, dimension, period, timed)


def coverage_of(answers: pd.DataFrame, dimension: str, period: Period, timed: bool) -> dict:
    """Value → (answers, share of ``period`` spanned) from per-value statistics (with :data:`SPAN`
    when ``timed``)."""
    # Rows without a value (NULL) are one value, None, whichever way the engine's groups arrive.
    values = [None if pd.isna(value) else value for value in answers[DIMENSIONS[dimension]]]
    if not timed:
        return {value: (int(n), 1.0) for value, n in zip(values, answers["n"], strict=True) if n}
    first, last = SPAN
    rows = zip(values, answers["n"], answers[first], answers[last], strict=True)
    return {value: (int(n), _days(start, end) / period.days) for value, n, start, end in rows if n}


def _days(start, end) -> int:
    """Days from ``start`` to ``end``, both counted."""
    return (_day(end) - _day(start)).days + 1


def _day(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def meaningful(delta: np.ndarray, relative: np.ndarray, metric: MetricDef) -> np.ndarray:
    """Whether each change is at least the metric's smallest meaningful change."""
    size = np.abs(relative) if metric.relative_change else np.abs(delta)
    # A rise from zero has no relative size; it is meaningful when the count itself is.
    if metric.relative_change:
        size = np.where(np.isnan(relative), np.inf, size)
    return (size + 1e-9 >= metric.smallest_change) & ~np.isnan(delta) & (delta != 0)


def test_columns(frame: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """``significant`` (p < ALPHA), ``q_value`` (BH over the frame's rows) and ``significant_fdr``."""
    enough = (frame["n_basis"].fillna(0) >= min_n) & (frame["n_cmp"].fillna(0) >= min_n)
    frame["significant"] = (frame["p_value"] < ALPHA) & enough
    frame["q_value"] = benjamini_hochberg(frame["p_value"].where(enough))
    frame["significant_fdr"] = (frame["q_value"] < ALPHA) & enough
    return frame


def classify(frame: pd.DataFrame, metric: MetricDef, min_n: int, listed: bool) -> pd.DataFrame:
    """Set ``change`` and ``not_assessed`` on a compared frame whose hidden cells are emptied.

    ``listed``: the rows are a list tested together, so the FDR-controlled ``significant_fdr``
    decides; a lone figure's q equals its p. A row's reason is the first rule below that holds.
    """
    n_now = np.nan_to_num(_floats(frame["n"]), nan=-1)
    basis, compared = _floats(frame["n_basis"]), np.nan_to_num(_floats(frame["n_cmp"]))
    n_basis = np.nan_to_num(basis)
    rules = (
        (frame["mark"].isin(HIDING_MARKS).to_numpy(), "hidden"),
        (frame["suppressed_cmp"].to_numpy(dtype=bool), "hidden_comparison"),
        (n_now == 0, "no_current_data"),
        (np.isnan(basis) & (n_now > 0), "hidden"),
        ((n_basis == 0) & (n_now > 0), "outside_basis"),
        ((compared == 0) & (metric.channel == "survey"), "not_asked"),
        (compared == 0, "no_comparison_data"),
        ((n_basis < min_n) | (compared < min_n), "small_n"),
        (np.isnan(_floats(frame["p_value"])), "no_test"),
    )
    reason = np.select([holds for holds, _ in rules], [code for _, code in rules], default="")
    significant = frame["significant_fdr" if listed else "significant"].to_numpy(dtype=bool)
    delta = _floats(frame["delta"])
    large = meaningful(delta, _floats(frame["relative"]), metric)
    direction = np.where(delta > 0, "rise", "fall")
    change = np.where(significant & large, direction, np.where(significant, "small_change", "no_change"))
    frame["change"] = np.where(reason == "", change, "not_assessed")
    frame["not_assessed"] = pd.Series([code or None for code in reason], index=frame.index, dtype=object)
    return frame


def _floats(column: pd.Series) -> np.ndarray:
    """A numeric column as floats, NaN where unknown (nullable integers included)."""
    return column.to_numpy(dtype=float, na_value=np.nan)


def adjust_list(frame: pd.DataFrame, definitions: list[MetricDef], min_ns: list[int]) -> pd.DataFrame:
    """Reclassify rows gathered from several compared frames as one list: BH over all of them.

    ``definitions`` and ``min_ns`` give each row's metric and minimum n.
    """
    frame = frame.reset_index(drop=True)
    tested = frame["change"] != "not_assessed"
    frame["q_value"] = benjamini_hochberg(frame["p_value"].where(tested))
    frame["significant_fdr"] = (frame["q_value"] < ALPHA) & tested
    parts = []
    for position in pd.Series(range(len(frame))).groupby([d.id for d in definitions], sort=False):
        rows = list(position[1])
        parts.append(classify(frame.iloc[rows].copy(), definitions[rows[0]], min_ns[rows[0]], listed=True))
    return pd.concat(parts).sort_index() if parts else frame
