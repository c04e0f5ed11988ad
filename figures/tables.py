"""Metric values and tables as shown: formatted in the language, each hidden or empty cell by its mark.

A cell's mark comes from ``run_query`` (``mark`` for the period's side, ``mark_cmp`` for the
comparison's): ``no_data`` "–", ``small`` "n < 5" (with the real minimum n), ``protected``
"suojattu" (hidden to protect another small cell). A count of 0 shows "0". The words are the
catalog's ``mark.*`` messages, the same in tables, charts, CSV and speaker notes.
"""

from __future__ import annotations

import math

import pandas as pd

import texts
from metrics.catalog import DIMENSIONS, MetricDef
from metrics.suppression import HIDING_MARKS
from texts import t

VALUE_COLUMNS = ("value", "ci_low", "ci_high", "median")
"""Columns of the period's side, hidden by the row's ``mark``."""
BASIS_COLUMNS = ("value_basis", "n_basis")
"""The period's side on the comparison's basis: shown "ei arvioitu" where it is not shown."""


def id_column(dim: str) -> str:
    """The result column holding a dimension's ids (``unit`` → ``unit_id``)."""
    return DIMENSIONS.get(dim, dim)


def unit_title(definition: MetricDef) -> str:
    """The axis title of a metric's unit."""
    return t(f"unit.{definition.unit}")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or bool(pd.isna(value))


def is_zero(value: object, decimals: int) -> bool:
    """Whether ``value`` shows as 0 at ``decimals`` (−0.04 at one decimal): written as 0, never
    "−0,0", and no change has a direction."""
    return not _missing(value) and abs(float(value)) <= 0.5 * 10.0**-decimals


def format_value(value: object, definition: MetricDef) -> str:
    """A metric value in the UI language: percent as ``86,4 %``, with the metric's decimals; a
    value that rounds to 0 is "0,0", never "−0,0"."""
    if _missing(value):
        return "–"
    if is_zero(value, definition.decimals):
        value = 0.0
    if definition.unit == "percent":
        return texts.percent(float(value), definition.decimals)
    return texts.number(float(value), definition.decimals)


def mark_text(mark: str, min_n: int) -> str:
    """The cell text of a mark (``no_data``, ``small``, ``protected``, ``not_assessed``)."""
    return t(f"mark.{mark}", min_n=min_n)


def mark_of(value: object) -> str | None:
    """A mark cell's code, None where the cell shows its value."""
    return None if _missing(value) else str(value)


def hiding(mark: object) -> bool:
    """Whether a mark hides a cell that has data (fewer than min n, or protecting another cell)."""
    return mark_of(mark) in HIDING_MARKS


def cell_text(value: object, mark: object, definition: MetricDef, min_n: int | None = None) -> str:
    """A metric cell as shown: its mark's text where it shows no value, else the value
    (a count of 0 is "0")."""
    code = mark_of(mark)
    if code is not None:
        return mark_text(code, definition.min_n if min_n is None else min_n)
    return format_value(value, definition)


def count_text(n: object, mark: object, min_n: int) -> str:
    """An n as shown: the number, or the mark's text where the count itself is hidden."""
    if _missing(n) and hiding(mark):
        return mark_text(str(mark), min_n)
    return texts.number(n, 0)


def row_marks(frame: pd.DataFrame, column: str = "mark") -> pd.Series:
    """Each row's mark: the ``column`` of ``run_query``, or for frames without one "small"
    where ``suppressed`` is set."""
    if column in frame:
        codes = [mark_of(value) for value in frame[column]]
    elif column == "mark" and "suppressed" in frame:
        codes = ["small" if hidden else None for hidden in frame["suppressed"].astype(bool)]
    else:
        codes = [None] * len(frame)
    return pd.Series(codes, index=frame.index, dtype=object)


def display_table(
    frame: pd.DataFrame, columns: dict[str, str], definition: MetricDef, min_n: int | None = None
) -> pd.DataFrame:
    """The data table shown beside a chart: named columns, formatted values, marks where hidden.

    ``min_n`` is the n a ``small`` mark names (default: the metric's minimum n). The change
    (``delta``) is hidden by the mark of whichever side is hidden, never by a rule of its own.
    """
    min_n = definition.min_n if min_n is None else min_n
    marks, marks_cmp = row_marks(frame), row_marks(frame, "mark_cmp")
    hidden_delta = [
        mark if hiding(mark) else (other if hiding(other) else None)
        for mark, other in zip(marks, marks_cmp, strict=True)
    ]
    table: dict[str, list[str]] = {}
    for column, heading in columns.items():
        if column not in frame:
            continue
        if column in VALUE_COLUMNS:
            cells = _values(frame[column], marks, definition, min_n)
        elif column == "value_cmp":
            cells = _values(frame[column], marks_cmp, definition, min_n)
        elif column == "delta":
            cells = _values(frame[column], pd.Series(hidden_delta, index=frame.index), definition, min_n)
        elif column == "n":
            cells = [count_text(n, m, min_n) for n, m in zip(frame[column], marks, strict=True)]
        elif column == "n_cmp":
            cells = [count_text(n, m, min_n) for n, m in zip(frame[column], marks_cmp, strict=True)]
        elif column in BASIS_COLUMNS:
            cells = _basis(frame, column, marks, definition, min_n)
        elif column == "period":
            cells = [texts.day(pd.Timestamp(v).date()) if pd.notna(v) else "–" for v in frame[column]]
        elif column == "partial":
            cells = [t("table.partial_cell") if bool(v) else "" for v in frame[column]]
        else:
            cells = frame[column].astype(str).to_list()
        table[heading] = cells
    return pd.DataFrame(table)  # built once: a column added to a DataFrame costs ≈1 ms


def _values(values: pd.Series, marks: pd.Series, definition: MetricDef, min_n: int) -> list[str]:
    return [cell_text(v, m, definition, min_n) for v, m in zip(values, marks, strict=True)]


def _basis(
    frame: pd.DataFrame, column: str, marks: pd.Series, definition: MetricDef, min_n: int
) -> list[str]:
    """The basis side: the row's own mark where it has one, "ei arvioitu" where the basis is
    not shown (the change column says why)."""
    cells = []
    for value, mark in zip(frame[column], marks, strict=True):
        if mark is not None:
            cells.append(mark_text(mark, min_n))
        elif _missing(value):
            cells.append(mark_text("not_assessed", min_n))
        else:
            cells.append(texts.number(value, 0) if column == "n_basis" else format_value(value, definition))
    return cells


def empty_reason(frame: pd.DataFrame, out_of_scope: bool = False) -> str | None:
    """Why a result shows nothing (``out_of_scope``, ``no_data``, ``suppressed``); None if it shows."""
    if out_of_scope:
        return "out_of_scope"
    if frame.empty:
        return "no_data"
    if "suppressed" in frame and frame["suppressed"].astype(bool).all():
        return "no_data" if row_marks(frame).eq("no_data").all() else "suppressed"
    return None
