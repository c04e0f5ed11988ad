"""Plotly chart builders, free of Streamlit: the dashboard, the presentation mode and the reports draw alike.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies), and
meaning never rests on colour alone: series differ by marker symbol and dash too, partial
periods have open markers and a legend entry, suppressed cells are labelled "n < 5", and
every hover names n. Input frames have the metrics query interface's columns.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

import texts
from texts import t

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
        separators=", " if texts.current_language() in ("fi", "sv") else ".,",
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
    days = [texts.label("weekday", d) for d in range(7)]
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
            text[day][hour] = texts.number(row.value, 0)
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


PRESENTATION_FONT = 20
"""Base type size of presentation mode and the exported slides, readable from the back of a room."""


def _value_text(values: list) -> list[str]:
    numbers = [v for v in values if v is not None and not pd.isna(v)]
    decimals = 0 if all(float(v).is_integer() for v in numbers) else 1
    return ["" if v is None or pd.isna(v) else texts.number(float(v), decimals) for v in values]


def for_presentation(figure: go.Figure, height: int = 620) -> go.Figure:
    """A copy of ``figure`` for a shared screen or a slide: large type, thick lines, values written
    on the bars and at the end of each line (nothing depends on hovering), black on white."""
    shown = go.Figure(figure)
    for trace in shown.data:
        if isinstance(trace, go.Bar) and trace.orientation == "h" and trace.x is not None:
            written = _value_text(list(trace.x))
            trace.text = [
                old or new for old, new in zip(trace.text or [""] * len(written), written, strict=True)
            ]
            trace.textfont = {"size": PRESENTATION_FONT}
        elif (
            isinstance(trace, go.Scatter)
            and trace.y is not None
            and len(trace.y)
            and "lines" in (trace.mode or "")
        ):
            labels = [""] * len(trace.y)
            labels[-1] = _value_text([trace.y[-1]])[0]
            trace.update(
                mode="lines+markers+text",
                text=labels,
                textposition="middle right",
                textfont={"size": PRESENTATION_FONT},
                line={"width": 4},
                marker={"size": 12},
            )
    shown.update_layout(
        height=height,
        font={"size": PRESENTATION_FONT, "color": "#000000"},
        title={"font": {"size": PRESENTATION_FONT + 8}},
        legend={"font": {"size": PRESENTATION_FONT - 2}},
        margin={"l": 24, "r": 96, "t": 80, "b": 48},
        uniformtext={"minsize": PRESENTATION_FONT - 6, "mode": "show"},
    )
    shown.update_xaxes(tickfont={"size": PRESENTATION_FONT - 2}, gridcolor="#bbbbbb", linecolor="#000000")
    shown.update_yaxes(tickfont={"size": PRESENTATION_FONT - 2}, gridcolor="#bbbbbb", linecolor="#000000")
    return shown
