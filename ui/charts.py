"""Plotly chart builders and the helper that shows each chart with its data table and CSV.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies), and
meaning never rests on colour alone: series differ by marker symbol and dash too, partial
periods have open markers and a legend entry, suppressed cells are labelled "n < 5", and
every hover names n. Input frames have the metrics query interface's columns.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics.catalog import DIMENSIONS, MetricDef
from ui import i18n
from ui.i18n import t

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
ORDINAL = {
    4: ("#D55E00", "#E69F00", "#56B4E9", "#0072B2"),
    5: ("#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"),
}
"""Colour-blind-safe vermillion → blue scales for answer buttons (most negative first)."""
SEQUENTIAL = ((0.0, "#f7fbff"), (0.5, "#6baed6"), (1.0, "#08306b"))
"""A single-hue blue scale for heat maps: order by lightness, readable in greyscale."""


def _layout(figure: go.Figure, title: str, y_title: str = "", height: int = 360) -> go.Figure:
    figure.update_layout(
        title={"text": title, "font": {"size": 16}},
        height=height,
        margin={"l": 48, "r": 16, "t": 56, "b": 40},
        font={"size": 13, "color": "#1a1a1a"},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        legend={"orientation": "h", "y": -0.2},
        separators=", " if i18n.current_language() in ("fi", "sv") else ".,",
        yaxis_title=y_title,
    )
    figure.update_xaxes(gridcolor="#dddddd", linecolor="#555555")
    figure.update_yaxes(gridcolor="#dddddd", linecolor="#555555", zerolinecolor="#999999")
    return figure


def series_style(index: int) -> tuple[str, str, str]:
    """The (colour, dash, symbol) of line series ``index``.

    Dash and symbol shift by a different step on each pass through the colours, so every series
    up to 24 gets its own dash for its colour and up to 64 its own symbol for its colour.
    """
    cycle = index // len(OKABE_ITO)
    return (
        OKABE_ITO[index % len(OKABE_ITO)],
        DASHES[(index + 2 * cycle) % len(DASHES)],
        SYMBOLS[(index + 3 * cycle) % len(SYMBOLS)],
    )


def _hover(name_label: str = "") -> str:
    prefix = f"<b>{name_label}</b><br>" if name_label else ""
    return prefix + "%{x}<br>" + t("chart.value") + ": %{y:.1f}<br>n = %{customdata[0]}<extra></extra>"


def line_chart(frame: pd.DataFrame, x: str, series: str | None, title: str, y_title: str = "") -> go.Figure:
    """A trend: one line per ``series`` value; partial periods open-marked, suppressed ones labelled."""
    figure = go.Figure()
    groups = [(None, frame)] if series is None else list(frame.groupby(series, sort=False))
    for index, (name, group) in enumerate(groups):
        colour, dash, symbol = series_style(index)
        shown = group[~group["suppressed"].astype(bool)]
        partial = shown["partial"].astype(bool) if "partial" in shown else pd.Series(False, index=shown.index)
        figure.add_trace(
            go.Scatter(
                x=shown[x],
                y=shown["value"],
                name=str(name) if name is not None else title,
                mode="lines+markers",
                customdata=shown[["n"]],
                line={"color": colour, "dash": dash},
                marker={
                    "symbol": [symbol + ("-open" if p else "") for p in partial],
                    "size": 9,
                    "color": colour,
                },
                hovertemplate=_hover(str(name) if name is not None else ""),
            )
        )
        _suppressed_markers(figure, group, x, colour)
    if "partial" in frame and frame["partial"].astype(bool).any():
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=t("chart.partial_legend"),
                marker={"symbol": "circle-open", "size": 9, "color": "#555555"},
                hoverinfo="skip",
            )
        )
    _keep_x_order(figure, frame[x])
    return _layout(figure, title, y_title)


def _keep_x_order(figure: go.Figure, labels: pd.Series) -> None:
    """Category labels in the frame's order (chronological), not in the order traces meet them.

    The axis stays categorical: Plotly would otherwise read ``2025`` or ``2025-01-01`` as numbers or
    dates and label them itself, in English.
    """
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=list(dict.fromkeys(labels)))


def _suppressed_markers(figure: go.Figure, group: pd.DataFrame, x: str, colour: str) -> None:
    hidden = group[group["suppressed"].astype(bool)]
    if hidden.empty:
        return
    figure.add_trace(
        go.Scatter(
            x=hidden[x],
            y=[0] * len(hidden),
            mode="markers+text",
            text=[t("chart.suppressed")] * len(hidden),
            textposition="top center",
            name=t("chart.suppressed"),
            showlegend=False,
            marker={"symbol": "x-thin-open", "size": 10, "color": colour},
            hovertemplate="%{x}<br>" + t("chart.suppressed") + "<extra></extra>",
        )
    )


def bar_chart(
    frame: pd.DataFrame,
    x: str,
    title: str,
    series: str | None = None,
    y_title: str = "",
    horizontal: bool = False,
) -> go.Figure:
    """Bars of ``value`` by ``x`` (grouped by ``series``); suppressed bars say "n < 5"."""
    figure = go.Figure()
    groups = [(None, frame)] if series is None else list(frame.groupby(series, sort=False))
    patterns = ("", "/", ".", "x", "-", "|", "+", "\\")
    for index, (name, group) in enumerate(groups):
        values = group["value"].where(~group["suppressed"].astype(bool), 0)
        text = [t("chart.suppressed") if s else "" for s in group["suppressed"].astype(bool)]
        axis = (
            {"x": values, "y": group[x], "orientation": "h"} if horizontal else {"x": group[x], "y": values}
        )
        figure.add_trace(
            go.Bar(
                **axis,
                name=str(name) if name is not None else title,
                text=text,
                textposition="outside",
                customdata=group[["n"]],
                marker={
                    "color": OKABE_ITO[index % len(OKABE_ITO)],
                    "pattern": {"shape": patterns[index % len(patterns)]},
                },
                hovertemplate=(
                    "%{y}<br>" + t("chart.value") + ": %{x:.1f}"
                    if horizontal
                    else "%{x}<br>" + t("chart.value") + ": %{y:.1f}"
                )
                + "<br>n = %{customdata[0]}<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    if horizontal:
        figure.update_yaxes(autorange="reversed")
    return _layout(
        figure,
        title,
        y_title,
        height=max(320, 28 * frame[x].nunique() * (1 + len(groups) // 2) + 120) if horizontal else 360,
    )


def stacked_shares(frame: pd.DataFrame, x: str, series: str, title: str) -> go.Figure:
    """Counts of each ``series`` value per ``x`` as 100 % stacked bars (Plotly normalises), n in hovers."""
    figure = go.Figure()
    groups = list(frame.groupby(series, sort=False))
    colours = ORDINAL.get(len(groups), OKABE_ITO)
    negative_patterns = ("x", "/")  # hatch the negative answers: meaning not by colour alone
    for index, (name, group) in enumerate(groups):
        figure.add_trace(
            go.Bar(
                x=group[x],
                y=group["value"].fillna(0),
                name=str(name),
                customdata=group[["value"]],
                marker={
                    "color": colours[index % len(colours)],
                    "pattern": {"shape": negative_patterns[index] if index < len(negative_patterns) else ""},
                },
                hovertemplate="%{x}<br>%{fullData.name}: %{y:.1f} %<br>n = %{customdata[0]}<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack", barnorm="percent")
    _keep_x_order(figure, frame[x])
    return _layout(figure, title, t("unit.percent"))


def heatmap(frame: pd.DataFrame, title: str) -> go.Figure:
    """Hour × weekday: value per cell, suppressed cells blank and labelled, n in the hover."""
    days = [i18n.label("weekday", d) for d in range(7)]
    hours = list(range(24))
    values = [[None] * 24 for _ in range(7)]
    counts = [[0] * 24 for _ in range(7)]
    text = [[""] * 24 for _ in range(7)]
    for row in frame.itertuples(index=False):
        day, hour = int(row.weekday), int(row.hour)
        counts[day][hour] = int(row.n)
        if bool(row.suppressed):
            text[day][hour] = t("chart.suppressed")
        else:
            values[day][hour] = float(row.value)
            text[day][hour] = i18n.number(row.value, 0)
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=hours,
            y=days,
            text=text,
            texttemplate="%{text}",
            customdata=counts,
            colorscale=SEQUENTIAL,
            hovertemplate="%{y} %{x}:00<br>"
            + t("chart.value")
            + ": %{z:.1f}<br>n = %{customdata}<extra></extra>",
            colorbar={"title": {"text": t("chart.value")}},
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title=t("chart.hour"), dtick=1)
    return _layout(figure, title, height=380)


def sparkline(frame: pd.DataFrame, x: str = "period") -> go.Figure:
    """A small trend line without axes, for the KPI tiles."""
    shown = frame[~frame["suppressed"].astype(bool)]
    figure = go.Figure(
        go.Scatter(
            x=shown[x],
            y=shown["value"],
            mode="lines+markers",
            customdata=shown[["n"]],
            line={"color": OKABE_ITO[0], "width": 2},
            marker={"size": 4, "color": OKABE_ITO[0]},
            hovertemplate=_hover(),
        )
    )
    figure.update_layout(
        height=70,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
    )
    return figure


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
        return i18n.percent(float(value), definition.decimals)
    return i18n.number(float(value), definition.decimals)


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
            formatted = [format_value(v, definition) for v in frame[column]]
            table[heading] = [
                t("chart.suppressed") if s else v for v, s in zip(formatted, suppressed, strict=True)
            ]
        elif column in ("n", "n_cmp"):
            table[heading] = [i18n.number(v, 0) for v in frame[column]]
        elif column == "period":
            table[heading] = [i18n.day(pd.Timestamp(v).date()) if pd.notna(v) else "–" for v in frame[column]]
        elif column in ("partial", "significant"):
            table[heading] = [t("common.yes") if bool(v) else "" for v in frame[column]]
        else:
            table[heading] = frame[column].astype(str).to_numpy()
    return table


def show(figure: go.Figure, table: pd.DataFrame, key: str, csv: pd.DataFrame | None = None) -> None:
    """Render a chart with its data table and a CSV download beside it (the text alternative)."""
    st.plotly_chart(figure, key=f"chart_{key}", config={"displaylogo": False}, width="stretch")
    with st.expander(t("chart.data_table")):
        st.dataframe(table, hide_index=True, width="stretch", key=f"table_{key}")
        st.download_button(
            t("chart.download_csv"),
            (csv if csv is not None else table).to_csv(index=False, sep=";").encode("utf-8-sig"),
            file_name=f"{key}.csv",
            mime="text/csv",
            key=f"csv_{key}",
        )


def empty_reason(frame: pd.DataFrame, out_of_scope: bool = False) -> str | None:
    """Why a result shows nothing (``out_of_scope``, ``no_data``, ``suppressed``); None if it shows."""
    if out_of_scope:
        return "out_of_scope"
    if frame.empty:
        return "no_data"
    if "suppressed" in frame and frame["suppressed"].astype(bool).all():
        return "suppressed"
    return None


def say_empty(reason: str) -> None:
    """The message for an empty result."""
    st.info(t(f"empty.{reason}"))
