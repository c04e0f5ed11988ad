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
INK = "#000000"
"""Text on a shared screen or a slide: black, whatever the dashboard theme's greys."""


def _value_text(values: list, alike: list | None = None) -> list[str]:
    """``values`` written with one decimal, or none where they (and ``alike``) are all whole."""
    numbers = [v for v in (alike if alike is not None else values) if v is not None and not pd.isna(v)]
    decimals = 0 if all(float(v).is_integer() for v in numbers) else 1
    return ["" if v is None or pd.isna(v) else texts.number(float(v), decimals) for v in values]


def _numbers(values: object) -> list[float]:
    return [float(v) for v in (values if values is not None else ()) if v is not None and not pd.isna(v)]


def _stack_shares(traces: tuple) -> list[list[float | None]]:
    """Each bar trace's segments as percentages of their stack (what ``barnorm="percent"`` draws)."""
    totals: dict[object, float] = {}
    for trace in traces:
        for x, y in zip(trace.x, trace.y, strict=True):
            totals[x] = totals.get(x, 0.0) + (0.0 if y is None or pd.isna(y) else float(y))
    return [
        [
            100 * float(y) / totals[x] if totals[x] and y is not None and not pd.isna(y) else None
            for x, y in zip(trace.x, trace.y, strict=True)
        ]
        for trace in traces
    ]


def _write_on_bar(trace: go.Bar, written: list[str], font: int, inside: bool) -> None:
    """Values on the bars; a label already there ("n < 5") is kept."""
    old = list(trace.text) if trace.text is not None and not isinstance(trace.text, str) else []
    old += [""] * (len(written) - len(old))
    trace.update(text=[o or w for o, w in zip(old, written, strict=True)], cliponaxis=False)
    if inside:
        trace.update(textposition="inside", insidetextanchor="middle", textfont={"size": font - 2})
    else:
        trace.update(textposition="outside", textfont={"size": font, "color": INK})


def _spread(values: list[float], gap: float) -> list[float]:
    """Positions for labels at ascending ``values``, at least ``gap`` apart and each run of
    crowded labels centred on its values."""
    blocks = [[v] for v in values]

    def start(block: list[float]) -> float:
        return sum(block) / len(block) - (len(block) - 1) * gap / 2

    merged = True
    while merged:
        merged = False
        for i in range(1, len(blocks)):
            if start(blocks[i - 1]) + len(blocks[i - 1]) * gap > start(blocks[i]) + 1e-12:
                blocks[i - 1 : i + 1] = [blocks[i - 1] + blocks[i]]
                merged = True
                break
    return [start(block) + j * gap for block in blocks for j in range(len(block))]


def _separate_line_ends(figure: go.Figure, height: int, font: int) -> None:
    """Move the values written at line ends apart where they would overprint each other."""
    lines = [
        trace
        for trace in figure.data
        if isinstance(trace, go.Scatter) and trace.mode == "lines+markers+text" and trace.text is not None
    ]
    ends = sorted(
        ((float(trace.y[-1]), trace) for trace in lines if trace.text[-1] and _numbers([trace.y[-1]])),
        key=lambda end: end[0],
    )
    values = [v for trace in lines for v in _numbers(trace.y)]
    if len(ends) < 2:
        return
    span = (max(values) - min(values)) or 1.0
    gap = span * 1.1 * font * 1.25 / (0.55 * height)  # a label's height in data units (plot ≈ 55 %)
    for (value, trace), position in zip(ends, _spread([v for v, _ in ends], gap), strict=True):
        if abs(position - value) < gap * 1e-3:
            continue
        labels = list(trace.text)
        written, labels[-1] = labels[-1], ""
        trace.text = labels
        figure.add_trace(
            go.Scatter(
                x=[trace.x[-1]],
                y=[position],
                mode="markers+text",
                text=[written],
                textposition="middle right",
                textfont={"size": font, "color": INK},
                marker={"size": trace.marker.size, "opacity": 0},
                showlegend=False,
                hoverinfo="skip",
                cliponaxis=False,
            )
        )


def for_presentation(
    figure: go.Figure, height: int = 620, font: int = PRESENTATION_FONT, title: bool = True
) -> go.Figure:
    """A copy of ``figure`` for a shared screen, a slide or print: type of ``font`` px in black,
    thick lines, values written on the bars (shares on 100 % stacks) and at the end of each line,
    apart where they would collide (nothing depends on hovering). ``title=False`` leaves the
    figure's title out where a heading above names it."""
    shown = go.Figure(figure)
    bars = tuple(trace for trace in shown.data if isinstance(trace, go.Bar))
    stacked = bool(bars) and shown.layout.barmode == "stack" and shown.layout.barnorm == "percent"
    for trace, shares in zip(bars, _stack_shares(bars) if stacked else [None] * len(bars), strict=True):
        if shares is not None:
            _write_on_bar(trace, [texts.percent(s, 0) if s else "" for s in shares], font, inside=True)
        else:
            values = list(trace.x if trace.orientation == "h" else trace.y)
            _write_on_bar(trace, _value_text(values), font, inside=False)
    lines = [
        trace
        for trace in shown.data
        if isinstance(trace, go.Scatter)
        and trace.y is not None
        and len(trace.y)
        and "lines" in (trace.mode or "")
    ]
    every_point = [v for trace in lines for v in trace.y]
    for trace in lines:
        labels = [""] * len(trace.y)
        labels[-1] = _value_text([trace.y[-1]], every_point)[0]
        trace.update(
            mode="lines+markers+text",
            text=labels,
            textposition="middle right",
            textfont={"size": font, "color": INK},
            cliponaxis=False,
            line={"width": max(2, font // 5)},
            marker={"size": max(8, font // 2 + 2)},
        )
    for trace in shown.data:
        if isinstance(trace, go.Heatmap):
            trace.update(
                textfont={"size": font - 2},
                colorbar={"tickfont": {"size": font - 2, "color": INK}, "title": {"font": {"color": INK}}},
            )
    _separate_line_ends(shown, height, font)
    if bars and not stacked:
        _make_room_for_values(shown, bars)
    shown.update_layout(
        height=height,
        font={"size": font, "color": INK},
        title={
            "text": shown.layout.title.text if title else "",
            "font": {"size": font + 8, "color": INK},
            "automargin": True,
        },
        legend={"font": {"size": font - 2, "color": INK}},
        margin={"l": 24, "r": 5 * font, "t": font, "b": 48},  # a title pushes the top margin itself
        uniformtext={"minsize": font - 6, "mode": "hide" if stacked else "show"},
    )
    axes = {
        "tickfont": {"size": font - 2, "color": INK},
        "title_font": {"color": INK},
        "gridcolor": "#bbbbbb",
        "linecolor": INK,
    }
    shown.update_xaxes(**axes)
    shown.update_yaxes(**axes)
    return shown


def _make_room_for_values(figure: go.Figure, bars: tuple) -> None:
    """Stretch the value axis so the values written past the longest bars stay inside the figure."""
    horizontal = bars[0].orientation == "h"
    values = [v for trace in bars for v in _numbers(trace.x if horizontal else trace.y)]
    if not values:
        return
    low, high = min(0.0, *values), max(0.0, *values)
    extent = [low * 1.18, high * 1.18]
    if horizontal:
        figure.update_xaxes(range=extent)
    else:
        figure.update_yaxes(range=extent)
