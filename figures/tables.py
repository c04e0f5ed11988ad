"""Metric values and tables as shown: formatted in the language, "n < 5" where suppressed."""

from __future__ import annotations

import math

import pandas as pd

import texts
from metrics.catalog import DIMENSIONS, MetricDef
from texts import t


def id_column(dim: str) -> str:
    """The result column holding a dimension's ids (``unit`` → ``unit_id``)."""
    return DIMENSIONS.get(dim, dim)


def unit_title(definition: MetricDef) -> str:
    """The axis title of a metric's unit."""
    return t(f"unit.{definition.unit}")


def format_value(value: object, definition: MetricDef) -> str:
    """A metric value in the UI language: percent as ``86,4 %``, with the metric's decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    if definition.unit == "percent":
        return texts.percent(float(value), definition.decimals)
    return texts.number(float(value), definition.decimals)


def cell_text(value: object, suppressed: bool, n: object, definition: MetricDef) -> str:
    """A metric cell as shown: "–" without answers, "n < 5" when suppressed, else the value."""
    if n is None or pd.isna(n) or int(n) == 0:
        return "–"
    if bool(suppressed):
        return t("chart.suppressed")
    return format_value(value, definition)


def display_table(frame: pd.DataFrame, columns: dict[str, str], definition: MetricDef) -> pd.DataFrame:
    """The data table shown beside a chart: named columns, formatted values, "n < 5" where suppressed."""
    table = pd.DataFrame()
    suppressed = (
        frame["suppressed"].astype(bool) if "suppressed" in frame else pd.Series(False, index=frame.index)
    )
    for column, heading in columns.items():
        if column not in frame:
            continue
        if column in ("value", "ci_low", "ci_high", "value_cmp", "delta"):
            hidden = suppressed
            if column in ("value_cmp", "delta") and "n_cmp" in frame:
                # The comparison cell is hidden on its own terms: a value is missing although n is not 0.
                hidden_cmp = frame["value_cmp"].isna() & (frame["n_cmp"].fillna(1) > 0)
                hidden = hidden_cmp if column == "value_cmp" else hidden_cmp | suppressed
            formatted = [format_value(v, definition) for v in frame[column]]
            table[heading] = [
                t("chart.suppressed") if h else v for v, h in zip(formatted, hidden, strict=True)
            ]
        elif column in ("n", "n_cmp"):
            table[heading] = [texts.number(v, 0) for v in frame[column]]
        elif column == "period":
            table[heading] = [
                texts.day(pd.Timestamp(v).date()) if pd.notna(v) else "–" for v in frame[column]
            ]
        elif column in ("partial", "significant"):
            table[heading] = [t("common.yes") if bool(v) else "" for v in frame[column]]
        else:
            table[heading] = frame[column].astype(str).to_numpy()
    return table


def empty_reason(frame: pd.DataFrame, out_of_scope: bool = False) -> str | None:
    """Why a result shows nothing (``out_of_scope``, ``no_data``, ``suppressed``); None if it shows."""
    if out_of_scope:
        return "out_of_scope"
    if frame.empty:
        return "no_data"
    if "suppressed" in frame and frame["suppressed"].astype(bool).all():
        return "suppressed"
    return None
