"""Tallied measures: the engine counts rows per distinct value, NumPy computes the measure.

A metric declared ``tallied`` asks the engine only for the number of rows per group and per
distinct value of the columns its measure reads (presses per scale × button, feedback per
received × answered date). The measure is then evaluated once per distinct value on a
:class:`TallyRow` and its statistics are summed per group, weighted by those counts. This is
exact and engine-independent (the engine returns integer counts, summed here in a fixed order,
so every engine gives the same figures to the last bit), keeps the per-row variance of a mean,
and is the only way to compute what SQL cannot: working days need the Finnish holiday calendar.

Tallied expressions may also call :data:`FUNCTIONS` on the row and read :data:`CONSTANTS`.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from metrics.workdays import working_days_between

FUNCTIONS = ("days", "working_days", "known")
"""Functions a tallied expression may call on its row (see :class:`TallyRow`)."""
CONSTANTS = ("data_end",)
"""Constants a tallied expression may read from its row."""


class TallyRow:
    """Distinct values of the columns a tallied measure reads, one array entry per tallied group.

    Numbers come as floats, dates as ``datetime64[D]`` (NaT where unknown), codes as objects.
    """

    def __init__(self, values: dict[str, np.ndarray], data_end: date) -> None:
        self._values = values
        self.data_end = np.datetime64(data_end, "D")
        """The last day the data run to (a reply still missing then is measured up to it)."""

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a tallied column") from None

    @staticmethod
    def days(start, end) -> np.ndarray:
        """Calendar days from ``start`` to ``end`` (never negative; NaN where either is unknown)."""
        start, end, known = _date_pairs(start, end)
        days = np.full(start.shape, np.nan)
        days[known] = np.clip((end[known] - start[known]).astype(int), 0, None)
        return days

    @staticmethod
    def working_days(start, end) -> np.ndarray:
        """Working days after ``start`` up to ``end`` (metrics/workdays.py; NaN where unknown)."""
        start, end, known = _date_pairs(start, end)
        days = np.full(start.shape, np.nan)
        days[known] = working_days_between(start[known], end[known])
        return days

    @staticmethod
    def known(values) -> np.ndarray:
        """Whether each value is known (not null)."""
        values = np.asarray(values)
        return ~np.isnat(values) if values.dtype.kind == "M" else ~pd.isna(values)


def _date_pairs(start, end) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    start, end = np.broadcast_arrays(np.asarray(start, "datetime64[D]"), np.asarray(end, "datetime64[D]"))
    return start, end, ~(np.isnat(start) | np.isnat(end))


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The median of values repeated by integer weights (as numpy.median would give)."""
    order = np.argsort(values, kind="stable")
    values, cumulative = values[order], np.cumsum(weights[order])
    total = cumulative[-1]
    lower = values[np.searchsorted(cumulative, (total - 1) // 2 + 1)]
    upper = values[np.searchsorted(cumulative, total // 2 + 1)]
    return (lower + upper) / 2


def group_totals(work: pd.DataFrame, key_columns: list[str], how: dict[str, str]) -> pd.DataFrame:
    """The columns of ``how`` totalled per group of ``key_columns`` by its functions (``sum``,
    ``min``, ``max``), summed in the rows' order; one row without keys; none from no rows.

    The groups come sorted by their keys (unknown keys last), each key column in its own type,
    as ``DataFrame.groupby(dropna=False).agg`` gives them, computed in NumPy: the frames here
    hold tens of rows, where pandas' grouping machinery cost milliseconds a call (issue 13)."""
    if not len(work):
        return work[[*key_columns, *how]].reset_index(drop=True)
    groups, firsts = _group_numbers(work, key_columns)
    totals = {column: work[column].array.take(firsts) for column in key_columns}
    for column, function in how.items():
        totals[column] = _total(work[column].to_numpy(), groups, len(firsts), function)
    return pd.DataFrame(totals)


def _group_numbers(work: pd.DataFrame, key_columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group number (groups numbered in key order) and the first row of each group."""
    groups = np.zeros(len(work), dtype=np.int64)
    firsts = np.zeros(1, dtype=np.int64)
    for column in key_columns:
        codes, uniques = pd.factorize(work[column], sort=True, use_na_sentinel=False)
        _, firsts, groups = np.unique(groups * len(uniques) + codes, return_index=True, return_inverse=True)
    return groups.reshape(-1), firsts


def _total(values: np.ndarray, groups: np.ndarray, count: int, function: str) -> np.ndarray:
    """``function`` of ``values`` per group, unknown values skipped (a sum of none is 0)."""
    if function == "sum":
        if values.dtype.kind in "iub":
            summed = np.zeros(count, dtype=np.int64)
            np.add.at(summed, groups, values)
            return summed
        values = values.astype(float)
        return np.bincount(groups, weights=np.where(np.isnan(values), 0.0, values), minlength=count)
    order, starts = _by_group(groups)
    reduce = {"min": np.fmin, "max": np.fmax}[function]
    return reduce.reduceat(values[order], starts)


def _by_group(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows in group order (stable) and where each group starts in that order."""
    order = np.argsort(groups, kind="stable")
    return order, np.flatnonzero(np.diff(groups[order], prepend=-1))


def group_medians(
    work: pd.DataFrame, key_columns: list[str], values: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """The weighted median of ``values`` per group of ``work``'s ``key_columns``, in the order of
    :func:`group_totals`' groups (one value without keys; none from no rows)."""
    if not len(work):
        return np.array([], dtype=float)
    order, starts = _by_group(_group_numbers(work, key_columns)[0])
    bounds = [*starts, len(order)]
    return np.array(
        [
            weighted_median(values[order[start:end]], weights[order[start:end]])
            for start, end in zip(bounds[:-1], bounds[1:], strict=True)
        ],
        dtype=float,
    )
