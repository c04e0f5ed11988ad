"""Plotly chart builders, free of Streamlit: the dashboard, the presentation mode and the reports draw alike.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies), and
meaning never rests on colour alone: series differ by marker symbol and dash too, partial
periods have open markers, a dashed segment and a legend entry, and every hover names n. A
hidden cell is never drawn as 0: it leaves a gap, and the chart says why with the cell's mark
("n < 5", "suojattu"). A bucket of the period without any data is a gap too, shaded and named
"ei tietoja": a line is never drawn straight across months without data. Axes of shares,
indexes and counts start at 0, bars carry their values, and every figure names itself for
screen readers (``layout.meta``). Input frames have the metrics query interface's columns.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

import texts
from figures.tables import count_text, hiding, mark_text, row_marks
from metrics.catalog import MetricDef
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


ZERO_BASED_UNITS = frozenset(
    {"index", "percent", "count", "per_10k_visits", "days", "matters_per_contact", "nps"}
)
"""Units with a true 0 (shares, indexes, counts, rates): their value axes start at 0."""


def from_zero(unit: str) -> bool:
    """Whether a metric unit's value axis starts at 0 (not a statement scale or a school grade,
    whose scales start at 1 and 4)."""
    return unit in ZERO_BASED_UNITS


TEMPLATE = {
    "layout": {"colorway": list(OKABE_ITO)},
    "data": {"scatter": [{"marker": {"line": {"width": 0}}}]},
}
"""The figures' own template: Plotly.js's defaults, with the dashboard's colours for any series
not coloured by its builder. Without it Plotly embeds its default template in every figure, which
is Streamlit's once Streamlit is imported and Plotly's own in the command-line reports (charts
then looked different in the two), 3–6.5 KB of defaults for polar, 3-D, map and ternary plots
in each chart's JSON, which the browser applied to every chart on every run of a page
(≈10 ms a chart, issue 13)."""


LEGEND_PER_ROW = 3
"""Legend entries a row holds (long unit names): the rows under the plot get their own room."""
LEGEND_ROW = 24
"""Pixels of one legend row at the screen's type size."""


def legend_rows(figure: go.Figure, per_row: int = LEGEND_PER_ROW) -> int:
    """Rows the figure's horizontal legend takes (0 without a legend)."""
    traces = [(trace.name, trace.showlegend, trace.x is not None) for trace in figure.data]
    return _legend_rows(traces, figure.layout.showlegend, per_row)


def _legend_rows(
    traces: Iterable[tuple[object, object, bool]], showlegend: object = None, per_row: int = LEGEND_PER_ROW
) -> int:
    """Rows a horizontal legend takes for traces given as (name, showlegend, has x): a named trace
    with x and not left out of the legend is an entry; ``showlegend`` is the layout's."""
    entries = sum(1 for name, shows, has_x in traces if name and shows is not False and has_x)
    shown = entries > 1 or (showlegend is True and entries)
    return -(-entries // per_row) if shown else 0


def _figure(
    traces: list[dict],
    title: str,
    y_title: str = "",
    height: int = 360,
    xaxis: dict | None = None,
    yaxis: dict | None = None,
    shapes: Sequence[dict] = (),
    annotations: Sequence[dict] = (),
    **layout: object,
) -> go.Figure:
    """``traces`` in the dashboard's look; a legend sits in rows of its own under the axis labels
    (it never covers them), and the figure grows by its rows. ``xaxis``, ``yaxis``, ``shapes``,
    ``annotations`` and ``layout`` are the chart's own.

    The traces (dicts with their ``type``) and the layout are validated once, building the figure:
    each ``update_layout``, ``update_xaxes`` or ``add_annotation`` on a built figure validates and
    lays out again (≈5 ms a call)."""
    rows = _legend_rows(
        (trace.get("name"), trace.get("showlegend"), trace.get("x") is not None) for trace in traces
    )
    grid = {"gridcolor": "#dddddd", "linecolor": "#555555", "automargin": True}
    layout |= {
        "template": TEMPLATE,
        "title": {"text": title, "font": {"size": 16}},
        "height": height + LEGEND_ROW * rows,
        "margin": {"l": 48, "r": 16, "t": 56, "b": 40 + LEGEND_ROW * rows},
        "font": {"size": 13, "color": "#1a1a1a"},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
        "separators": ", " if texts.current_language() in ("fi", "sv") else ".,",
        "xaxis": {**(xaxis or {}), **grid},
        "yaxis": {**(yaxis or {}), "title": {"text": y_title}, **grid, "zerolinecolor": "#999999"},
    }
    if shapes:
        layout["shapes"] = list(shapes)
    if annotations:
        layout["annotations"] = list(annotations)
    return go.Figure(data=traces, layout=layout)


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


PARTIAL_DASH = "dash"
"""The dash of a line's segment into (or out of) a partial bucket; ``dot`` where the series is dashed."""


def _partial_dash(dash: str) -> str:
    return "dot" if dash == PARTIAL_DASH else PARTIAL_DASH


def _hover(name_label: str = "") -> str:
    prefix = f"<b>{name_label}</b><br>" if name_label else ""
    return (
        prefix
        + "%{x}<br>"
        + t("chart.value")
        + ": %{y:.1f}<br>n = %{customdata[0]}%{customdata[1]}<extra></extra>"
    )


def _shown(group: pd.DataFrame, min_n: int) -> tuple[pd.Series, list[str], pd.Series]:
    """A group's values with its marked cells emptied (a gap, never a 0), each row's n as
    shown, and its marks."""
    marks = row_marks(group)
    values = group["value"].astype(float).where(marks.isna())
    counts = [count_text(n, m, min_n) for n, m in zip(group["n"], marks, strict=True)]
    return values, counts, marks


def _partial(group: pd.DataFrame) -> pd.Series:
    if "partial" not in group:
        return pd.Series(False, index=group.index)
    return group["partial"].fillna(False).astype(bool)


def _partial_runs(values: pd.Series, partial: pd.Series) -> list[list[int]]:
    """Positions of each run of shown partial points with their shown neighbours either side."""
    shown = values.notna().to_list()
    flags = [p and s for p, s in zip(partial.to_list(), shown, strict=True)]
    runs: list[list[int]] = []
    position = 0
    while position < len(flags):
        if not flags[position]:
            position += 1
            continue
        end = position
        while end + 1 < len(flags) and flags[end + 1]:
            end += 1
        before = [position - 1] if position > 0 and shown[position - 1] else []
        after = [end + 1] if end + 1 < len(flags) and shown[end + 1] else []
        runs.append(before + list(range(position, end + 1)) + after)
        position = end + 1
    return runs


def line_chart(
    frame: pd.DataFrame,
    x: str,
    series: str | None,
    title: str,
    y_title: str = "",
    min_n: int = MetricDef.min_n,
    categories: Sequence[str] | None = None,
    from_zero: bool = True,
    events: Sequence[tuple[str, str]] = (),
) -> go.Figure:
    """A trend: one line per ``series`` value. A partial bucket (``partial``) has an open marker
    and a dashed segment; a hidden cell leaves a gap, named at the foot of the plot ("n < 5",
    "suojattu"; ``min_n``: the n a ``small`` mark names).

    ``categories`` is every bucket of the period in order (labels of ``x``): a bucket a series
    lacks is a gap in its line, and a run of buckets no series has is shaded and named "ei
    tietoja". ``from_zero`` starts the value axis at 0 (shares, indexes, counts), so noise of a
    few tenths does not look like a cliff. ``events`` (bucket label, text) are drawn as labelled
    vertical lines, readable without hovering."""
    traces: list[dict] = []
    order = list(dict.fromkeys([*(categories or ()), *frame[x]]))
    groups = [(None, frame)] if series is None else list(frame.groupby(series, sort=False))
    groups = [(name, with_every_bucket(group, x, order)) for name, group in groups]
    gaps: dict[object, list[tuple[str, str]]] = {}
    for index, (name, group) in enumerate(groups):
        colour, dash, symbol = series_style(index)
        label = str(name) if name is not None else title
        values, counts, marks = _shown(group, min_n)
        partial = _partial(group)
        notes = [f"<br>{t('table.partial_cell')}" if p else "" for p in partial]
        customdata = [[n, note] for n, note in zip(counts, notes, strict=True)]
        hover = _hover(str(name) if name is not None else "")
        traces.append(
            {
                "type": "scatter",
                "x": group[x],
                "y": values.where(~partial),
                "name": label,
                "legendgroup": label,
                "mode": "lines+markers",
                "customdata": customdata,
                "line": {"color": colour, "dash": dash},
                "marker": {"symbol": symbol, "size": 9, "color": colour},
                "hovertemplate": hover,
            }
        )
        for rows in _partial_runs(values, partial):
            traces.append(
                {
                    "type": "scatter",
                    "x": group[x].iloc[rows],
                    "y": values.iloc[rows],
                    "name": label,
                    "legendgroup": label,
                    "showlegend": False,
                    "mode": "lines+markers",
                    "customdata": [customdata[r] for r in rows],
                    "line": {"color": colour, "dash": _partial_dash(dash)},
                    "marker": {
                        "symbol": [symbol + ("-open" if partial.iloc[r] else "") for r in rows],
                        "size": 9,
                        "color": colour,
                    },
                    "hovertemplate": hover,
                }
            )
        for at, mark in zip(group[x], marks, strict=True):
            if hiding(mark):
                gaps.setdefault(at, []).append((label if name is not None else "", mark_text(mark, min_n)))
    if _partial(frame).any():
        traces.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines+markers",
                "name": t("chart.partial_legend"),
                "line": {"color": "#555555", "dash": PARTIAL_DASH},
                "marker": {"symbol": "circle-open", "size": 9, "color": "#555555"},
                "hoverinfo": "skip",
            }
        )
    bands, gap_notes = _shade_empty(order, empty_runs(order, set(frame[x])))
    lines, event_notes = event_marks(order, gap_notes, events)
    return _figure(
        traces,
        title,
        y_title,
        xaxis=_category_axis(order),
        yaxis={"rangemode": "tozero"} if from_zero else None,
        shapes=[*bands, *lines],
        annotations=[*_name_gaps(gaps), *gap_notes, *event_notes],
    )


EVENT_COLOUR = "#6b3fa0"
EVENT_FONT = 12
"""Type size of an event's label (px): it stays this size on a slide, where the axes grow."""
EVENT_ROW = 20
"""Pixels between rows of event labels: a crowded label steps down a row, never over another."""
LABEL_PLOT_WIDTH = 480
"""The narrowest plot (px) an event label is laid out for: two charts side by side on a laptop."""
CHARACTER_EMS = {**dict.fromkeys("ijl.,:;'|!", 0.32), **dict.fromkeys("frtI()[]-/ ", 0.44)}
CHARACTER_EMS |= dict.fromkeys("mwMW", 1.0)
"""Characters' widths in ems where they differ from the rest: a little over Verdana's (the widest
face of Plotly's font list, on Windows and macOS; Linux draws the narrower Arial metrics)."""
CAPITAL_EMS, OTHER_EMS = 0.8, 0.66


def label_width(text: str, size: float) -> float:
    """A one-line label's width in pixels at ``size`` px, with its box padding (an estimate on
    the wide side: under it two labels may be laid out a row apart where one would do)."""
    ems = sum(CHARACTER_EMS.get(c, CAPITAL_EMS if c.isupper() else OTHER_EMS) for c in text)
    return ems * size + 8


def label_rows(spans: Sequence[tuple[float, float]], taken: Sequence[tuple[float, float]] = ()) -> list[int]:
    """The row of each (left, right) span, in order: the first from the top where it meets no
    span placed before it there (``taken``: spans already in row 0, the "ei tietoja" labels)."""
    rows: list[list[tuple[float, float]]] = [list(taken)]
    chosen = []
    for left, right in spans:
        row = next(
            (at for at, placed in enumerate(rows) if all(right <= a or left >= b for a, b in placed)),
            len(rows),
        )
        if row == len(rows):
            rows.append([])
        rows[row].append((left, right))
        chosen.append(row)
    return chosen


def event_marks(
    order: Sequence[object], gap_notes: Sequence[dict], events: Sequence[tuple[str, str]]
) -> tuple[list[dict], list[dict]]:
    """The shapes and annotations of ``events`` on an axis of the buckets ``order``: a dotted
    vertical line at each event's bucket with its text written beside it (the ``event`` name on
    the shape and the annotation lets writers and tests find them). A label that would run into
    an earlier one or into an "ei tietoja" label (``gap_notes``) steps down a row (laid out for a
    plot :data:`LABEL_PLOT_WIDTH` px wide, so it holds on any wider one)."""
    order = list(order or dict.fromkeys(at for at, _ in events))
    step = LABEL_PLOT_WIDTH / max(len(order), 1)
    position = {label: at for at, label in enumerate(order)}

    def centre(at: object) -> float:
        return (float(position.get(at, 0)) + 0.5) * step

    gaps = []  # the "ei tietoja" labels, centred on their runs of buckets
    for note in gap_notes:
        middle, half = (float(note["x"]) + 0.5) * step, label_width(str(note["text"]), EVENT_FONT) / 2
        gaps.append((middle - half, middle + half))
    spans = [(centre(at), centre(at) + label_width(text, EVENT_FONT)) for at, text in events]
    lines, notes = [], []
    for (at, text), row in zip(events, label_rows(spans, gaps), strict=True):
        lines.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": at,
                "x1": at,
                "y0": 0,
                "y1": 1,
                "line": {"color": EVENT_COLOUR, "width": 2, "dash": "dot"},
                "name": "event",
            }
        )
        notes.append(
            {
                "x": at,
                "xref": "x",
                "yref": "paper",
                "y": 1,
                "yshift": -EVENT_ROW * row,
                "text": text,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "align": "left",
                "font": {"size": EVENT_FONT, "color": EVENT_COLOUR},
                "bgcolor": "rgba(255,255,255,0.85)",
                "name": "event",
            }
        )
    return lines, notes


def with_every_bucket(group: pd.DataFrame, x: str, order: Sequence[str]) -> pd.DataFrame:
    """``group``'s rows in ``order`` with an empty row (no value, mark ``no_data``) for each
    bucket it lacks: Plotly then leaves a gap there instead of joining the neighbours."""
    present = set(group[x])
    missing = [label for label in order if label not in present]
    if "mark" not in group:
        group = group.assign(mark=row_marks(group))
    if missing:
        filler = pd.DataFrame({x: missing, "value": float("nan"), "n": float("nan"), "mark": "no_data"})
        for column, empty in (("partial", False), ("suppressed", True)):
            if column in group:
                filler[column] = empty
        group = pd.concat([group, filler.astype({"mark": object})], ignore_index=True)
    position = {label: at for at, label in enumerate(order)}
    return group.sort_values(x, key=lambda labels: labels.map(position), kind="stable").reset_index(drop=True)


def empty_runs(order: Sequence[str], present: set) -> list[tuple[int, int]]:
    """(first, last) positions of each run of buckets in ``order`` without any data."""
    runs: list[tuple[int, int]] = []
    for at, label in enumerate(order):
        if label in present:
            continue
        if runs and runs[-1][1] == at - 1:
            runs[-1] = (runs[-1][0], at)
        else:
            runs.append((at, at))
    return runs


def _shade_empty(order: Sequence[str], runs: list[tuple[int, int]]) -> tuple[list[dict], list[dict]]:
    """The shapes and annotations of a light band and "ei tietoja" (named ``gap``) over each run
    of buckets without data."""
    bands = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y domain",
            "x0": first - 0.5,
            "x1": last + 0.5,
            "y0": 0,
            "y1": 1,
            "fillcolor": "#eeeeee",
            "line": {"width": 0},
            "layer": "below",
        }
        for first, last in runs
    ]
    notes = [
        {
            "x": (first + last) / 2,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "yanchor": "top",
            "showarrow": False,
            "text": t("chart.no_data_gap"),
            "hovertext": span_text(order, first, last),
            "font": {"color": "#4d4d4d", "size": EVENT_FONT},
            "name": "gap",
        }
        for first, last in runs
    ]
    return bands, notes


def span_text(order: Sequence[str], first: int, last: int) -> str:
    """A run of buckets as "huhti 2020–elo 2022" (one bucket as itself)."""
    return str(order[first]) if first == last else f"{order[first]}–{order[last]}"


def _name_gaps(gaps: dict[object, list[tuple[str, str]]]) -> list[dict]:
    """Annotations saying at the foot of the plot which points are hidden and why (the line has a
    gap there)."""
    return [
        {
            "x": at,
            "y": 0,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "text": " / ".join(dict.fromkeys(mark for _, mark in found)),
            "hovertext": "<br>".join(f"{name}: {mark}" if name else mark for name, mark in found),
            "font": {"color": "#555555"},
        }
        for at, found in gaps.items()
    ]


def _category_axis(labels: Iterable[object]) -> dict:
    """A category axis of ``labels`` in their order (chronological), not in the order traces meet them.

    The axis stays categorical: Plotly would otherwise read ``2025`` or ``2025-01-01`` as numbers or
    dates and label them itself, in English.
    """
    return {"type": "category", "categoryorder": "array", "categoryarray": list(dict.fromkeys(labels))}


def _hidden_ticks(categories: list, hidden: dict[object, list[str]]) -> dict:
    """Category axis labels saying why a category's bar is missing: "Kallio (n < 5)" (none hidden: {})."""
    if not hidden:
        return {}
    labels = [f"{c} ({'; '.join(dict.fromkeys(hidden[c]))})" if c in hidden else str(c) for c in categories]
    return {"tickmode": "array", "tickvals": categories, "ticktext": labels}


def plain_value(value: float) -> str:
    """A bar's value as written on it when the caller gives no formatter: one decimal."""
    return texts.number(value, 1)


BAR_GROUP_GAP = 0.2
"""Gap between the bars of one group (share of a bar): Plotly keeps each value within its bar's
breadth, so with a gap the values of neighbouring bars never touch, however close they are."""
BAR_LABEL_MIN = 10
"""Smallest type (px) of the values on exported bars; a value that fits its bar only smaller is
left off (the data table has it) rather than written over its neighbour."""


def bar_chart(
    frame: pd.DataFrame,
    x: str,
    title: str,
    series: str | None = None,
    y_title: str = "",
    horizontal: bool = False,
    min_n: int = MetricDef.min_n,
    value_text: Callable[[float], str] = plain_value,
    value_title: str = "",
) -> go.Figure:
    """Bars of ``value`` by ``x`` (grouped by ``series``) in the frame's order, each with its value
    written on it (``value_text``; ``value_title`` names the value axis). A hidden cell has no
    bar (never a 0); its category's label says why ("Kallio (Q4/2019: n < 5)")."""
    traces: list[dict] = []
    drawn: list[float] = []
    groups = [(None, frame)] if series is None else list(frame.groupby(series, sort=False))
    patterns = ("", "/", ".", "x", "-", "|", "+", "\\")
    hidden: dict[object, list[str]] = {}
    for index, (name, group) in enumerate(groups):
        values, counts, marks = _shown(group, min_n)
        for category, mark in zip(group[x], marks, strict=True):
            if mark is not None:
                shown = mark_text(mark, min_n)
                hidden.setdefault(category, []).append(f"{name}: {shown}" if name is not None else shown)
        axis = (
            {"x": values, "y": group[x], "orientation": "h"} if horizontal else {"x": group[x], "y": values}
        )
        traces.append(
            {
                "type": "bar",
                **axis,
                "name": str(name) if name is not None else title,
                "text": ["" if pd.isna(v) else value_text(float(v)) for v in values],
                "textposition": "outside",
                "cliponaxis": False,
                "textfont": {"color": "#1a1a1a"},
                "customdata": [[n] for n in counts],
                "marker": {
                    "color": OKABE_ITO[index % len(OKABE_ITO)],
                    "pattern": {"shape": patterns[index % len(patterns)]},
                },
                "hovertemplate": (
                    "%{y}<br>" + t("chart.value") + ": %{x:.1f}"
                    if horizontal
                    else "%{x}<br>" + t("chart.value") + ": %{y:.1f}"
                )
                + "<br>n = %{customdata[0]}<extra></extra>",
            }
        )
        drawn += _numbers(values)
    categories = list(dict.fromkeys(frame[x]))
    category_axis = _category_axis(categories) | _hidden_ticks(categories, hidden)
    value_axis = _room_for_values(drawn)
    return _figure(
        traces,
        title,
        y_title or ("" if horizontal else value_title),
        height=max(320, 28 * frame[x].nunique() * (1 + len(groups) // 2) + 120) if horizontal else 360,
        xaxis={"title": {"text": value_title}, **value_axis} if horizontal else category_axis,
        yaxis={"autorange": "reversed", **category_axis} if horizontal else value_axis,
        barmode="group",
        bargroupgap=BAR_GROUP_GAP,
    )


def stacked_shares(
    frame: pd.DataFrame,
    x: str,
    series: str,
    title: str,
    min_n: int = MetricDef.min_n,
    categories: Sequence[str] | None = None,
) -> go.Figure:
    """Counts of each ``series`` value per ``x`` as 100 % stacked bars (Plotly normalises), each
    segment's share written on it where it fits, n in hovers.

    A stack with a hidden count is left out whole (the visible shares of it would be wrong);
    its label says why. ``categories`` is every bucket of the period in order: a run of buckets
    without data keeps its place on the axis, shaded and named "ei tietoja".
    """
    traces: list[dict] = []
    marks = row_marks(frame)
    hidden_rows = marks.map(hiding).astype(bool)
    hidden = {
        at: [mark_text(m, min_n) for m in group_marks]
        for at, group_marks in marks[hidden_rows].groupby(frame.loc[hidden_rows, x], sort=False)
    }
    groups = list(frame.groupby(series, sort=False))
    colours = ORDINAL.get(len(groups), OKABE_ITO)
    negative_patterns = ("x", "/")  # hatch the negative answers: meaning not by colour alone
    for index, (name, group) in enumerate(groups):
        values = group["value"].astype(float).where(~group[x].isin(list(hidden)))
        counts = [count_text(n, m, min_n) for n, m in zip(group["n"], row_marks(group), strict=True)]
        traces.append(
            {
                "type": "bar",
                "x": group[x],
                "y": values,
                "name": str(name),
                "customdata": [[n] for n in counts],
                "marker": {
                    "color": colours[index % len(colours)],
                    "pattern": {"shape": negative_patterns[index] if index < len(negative_patterns) else ""},
                },
                "hovertemplate": (
                    "%{x}<br>%{fullData.name}: %{y:.1f} %<br>n = %{customdata[0]}<extra></extra>"
                ),
            }
        )
    shares_of = _stack_shares([(trace["x"], trace["y"]) for trace in traces])
    for trace, shares in zip(traces, shares_of, strict=True):
        trace["text"] = [texts.percent(share, 0) if share else "" for share in shares]
        trace["textposition"], trace["insidetextanchor"] = "inside", "middle"
    order = list(dict.fromkeys([*(categories or ()), *frame[x]]))
    bands, gap_notes = _shade_empty(order, empty_runs(order, set(frame[x])))
    return _figure(
        traces,
        title,
        t("unit.percent"),
        xaxis=_category_axis(order) | _hidden_ticks(list(dict.fromkeys(frame[x])), hidden),
        shapes=bands,
        annotations=gap_notes,
        barmode="stack",
        barnorm="percent",
        uniformtext={"minsize": 10, "mode": "hide"},
    )


def heatmap(frame: pd.DataFrame, title: str, min_n: int = MetricDef.min_n) -> go.Figure:
    """Hour × weekday: value per cell; a hidden cell blank and labelled with its mark, n in the hover."""
    days = [texts.label("weekday", d) for d in range(7)]
    hours = list(range(24))
    values = [[None] * 24 for _ in range(7)]
    counts = [["0"] * 24 for _ in range(7)]
    text = [[""] * 24 for _ in range(7)]
    marks = row_marks(frame)
    for row, mark in zip(frame.itertuples(index=False), marks, strict=True):
        day, hour = int(row.weekday), int(row.hour)
        counts[day][hour] = count_text(row.n, mark, min_n)
        if mark is not None:
            text[day][hour] = mark_text(mark, min_n)
        else:
            values[day][hour] = float(row.value)
            text[day][hour] = texts.number(row.value, 0)
    grid = {
        "type": "heatmap",
        "z": values,
        "x": hours,
        "y": days,
        "text": text,
        "texttemplate": "%{text}",
        "customdata": counts,
        "colorscale": SEQUENTIAL,
        "hovertemplate": "%{y} %{x}:00<br>"
        + t("chart.value")
        + ": %{z:.1f}<br>n = %{customdata}<extra></extra>",
        "colorbar": {"title": {"text": t("chart.value")}},
    }
    return _figure(
        [grid],
        title,
        height=380,
        xaxis={"title": {"text": t("chart.hour")}, "dtick": 1},
        yaxis={"autorange": "reversed"},
    )


def sparkline(
    frame: pd.DataFrame,
    x: str = "period",
    min_n: int = MetricDef.min_n,
    from_zero: bool = False,
    buckets: Sequence[object] | None = None,
) -> go.Figure:
    """A small trend line without axes, for the KPI tiles: it ends at the last complete bucket
    (partial buckets are left out) and a hidden bucket is a gap. ``buckets`` (the months of the
    line, as dates) make a month without data between two with data a gap too. ``from_zero``:
    the line's height is measured from 0 (shares and indexes), so a wobble of tenths stays flat."""
    complete = frame[~_partial(frame)]
    if buckets is not None and len(complete):
        complete = complete.assign(**{x: pd.to_datetime(complete[x])})
        first, last = complete[x].min(), complete[x].max()
        inside = [b for b in (pd.Timestamp(b) for b in buckets) if first <= b <= last]
        complete = with_every_bucket(complete, x, inside)
    values, counts, _ = _shown(complete, min_n)
    line = {
        "type": "scatter",
        "x": complete[x],
        "y": values,
        "mode": "lines+markers",
        "customdata": [[n, ""] for n in counts],
        "line": {"color": OKABE_ITO[0], "width": 2},
        "marker": {"size": 4, "color": OKABE_ITO[0]},
        "hovertemplate": _hover(),
    }
    layout = {
        "template": TEMPLATE,
        "height": 70,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "showlegend": False,
        "xaxis": {"visible": False},
        "yaxis": {"visible": False, "rangemode": "tozero" if from_zero else "normal"},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
    }
    return go.Figure(data=[line], layout=layout)


MAX_NAMED_SERIES = 8
"""Series named in a chart's accessible description; the rest are counted."""


def describe(figure: go.Figure, title: str) -> str:
    """A chart in words for screen readers: its title, its kind and extent, its series, and where
    the numbers are ("Happy-indeksi. Viivakaavio, 12 jaksoa (tammi 2025–joulu 2025); sarjat: …")."""
    kinds = {type(trace) for trace in figure.data}
    bars = [trace for trace in figure.data if isinstance(trace, go.Bar)]
    if go.Heatmap in kinds:
        kind = t("a11y.chart_heatmap")
    elif bars and figure.layout.barmode == "stack":
        kind = t("a11y.chart_stack", count=len({x for trace in bars for x in trace.x}))
    elif bars:
        categories = {c for trace in bars for c in (trace.y if trace.orientation == "h" else trace.x)}
        kind = t("a11y.chart_bar", count=len(categories))
    else:
        order = list(figure.layout.xaxis.categoryarray or ())
        if not order and figure.data:
            order = list(dict.fromkeys(figure.data[0].x if figure.data[0].x is not None else ()))
        kind = t(
            "a11y.chart_line",
            count=len(order),
            first=order[0] if order else "–",
            last=order[-1] if order else "–",
        )
    names = [
        str(trace.name)
        for trace in figure.data
        if trace.name and trace.showlegend is not False and trace.hoverinfo != "skip"
    ]
    names = list(dict.fromkeys(names))
    parts = [f"{title}. {kind}"]
    if len(names) > 1:
        shown = ", ".join(names[:MAX_NAMED_SERIES]) + (" …" if len(names) > MAX_NAMED_SERIES else "")
        parts.append(t("a11y.chart_series", names=shown))
    return "; ".join(parts) + ". " + t("a11y.chart_table")


def named(figure: go.Figure, label: str) -> go.Figure:
    """A copy of ``figure`` carrying its accessible name (``layout.meta.label``: the page's script
    gives the drawn SVG ``role="img"`` and this ``aria-label``)."""
    return _named_copy(figure, label)


def for_screen(figure: go.Figure, title: str) -> go.Figure:
    """The dashboard's copy of ``figure``: no title of its own (the heading above names it: one
    title per chart) and its accessible name and description."""
    margin = {"t": 24, **label_room(figure)}
    return _named_copy(figure, describe(figure, title), title={"text": ""}, margin=margin)


def _named_copy(figure: go.Figure, label: str, **changes: dict) -> go.Figure:
    """A copy of ``figure`` named ``label`` (``layout.meta``) with ``changes`` merged into its layout
    as ``update_layout`` merges them. The copy is built from the figure's properties and not
    validated again: ``figure`` was, and re-validating it cost ~50 ms a chart on every rerun."""
    layout = _merge(figure.layout.to_plotly_json(), changes)
    layout["meta"] = {"label": label}
    data = [trace.to_plotly_json() for trace in figure.data]
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _merge(target: dict, changes: dict) -> dict:
    """``target`` with ``changes`` merged in (in place) as Plotly's ``update`` merges them: a nested
    object key by key, any other value replaced."""
    for key, value in changes.items():
        if isinstance(value, dict):
            _merge(target[key] if isinstance(target.get(key), dict) else target.setdefault(key, {}), value)
        else:
            target[key] = value
    return target


LABEL_PAD = 12
"""Pixels Plotly keeps between an axis's labels and the figure's edge."""


def label_room(figure: go.Figure) -> dict[str, int]:
    """Margins that already hold the labels of a horizontal bar chart or a heatmap, so the browser
    draws it once: where its labels need more than the margins, Plotly widens them after a first
    draw and draws the whole chart again (≈40 ms a chart, issue 13). The category labels are
    measured as :func:`label_width` estimates them (on the wide side); an underestimate only
    costs that second draw, and so do labels wider than :data:`MOST_LEFT`. Empty for charts whose
    axis labels Plotly turns to fit the width (periods along x), which no margin set here could
    foresee."""
    size = figure.layout.font.size or 13
    legend = LEGEND_ROW * legend_rows(figure)
    heatmaps = [trace for trace in figure.data if isinstance(trace, go.Heatmap)]
    bars = [trace for trace in figure.data if isinstance(trace, go.Bar)]
    if heatmaps:
        labels, right = heatmaps[0].y, COLOURBAR_ROOM
    elif bars and all(trace.orientation == "h" for trace in bars):
        labels = figure.layout.yaxis.ticktext or [c for trace in bars for c in trace.y]
        right = VALUE_TICK_ROOM
    else:
        return {}
    widest = max((label_width(str(label), size) for label in labels), default=0)
    axis_below = 2 * size + 2 * LABEL_PAD + 6  # the tick labels and the axis title under the plot
    left = max(math.ceil(widest) + LABEL_PAD + 4, FEWEST_LEFT)
    return {"l": min(left, MOST_LEFT), "r": right, "b": axis_below + legend}


FEWEST_LEFT = 60
"""Left margin Plotly takes for a category axis of short labels (55 px measured for "ma"…"su")."""
MOST_LEFT = 200
"""The widest left margin set here. A set margin is kept whatever the chart's width, so a wider
one would leave a phone's bars no room; labels that need more are left to Plotly's own widening,
which always keeps some of the plot (and draws the chart twice)."""
VALUE_TICK_ROOM = 28
"""Right margin of a horizontal bar chart: half its last value tick label ("1 500") overhangs."""
COLOURBAR_ROOM = 100
"""Right margin of a heatmap: its colour bar with tick labels and title."""


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


def _stack_shares(bars: Sequence[tuple[Sequence, Sequence]]) -> list[list[float | None]]:
    """Each bar trace's segments (its x and y) as percentages of their stack (what
    ``barnorm="percent"`` draws)."""
    totals: dict[object, float] = {}
    for xs, ys in bars:
        for x, y in zip(xs, ys, strict=True):
            totals[x] = totals.get(x, 0.0) + (0.0 if y is None or pd.isna(y) else float(y))
    return [
        [
            100 * float(y) / totals[x] if totals[x] and y is not None and not pd.isna(y) else None
            for x, y in zip(xs, ys, strict=True)
        ]
        for xs, ys in bars
    ]


def _on_bar(trace: go.Bar, written: list[str], font: int, inside: bool) -> dict:
    """The changes that write values on a bar trace; a label already there ("n < 5") is kept."""
    old = list(trace.text) if trace.text is not None and not isinstance(trace.text, str) else []
    old += [""] * (len(written) - len(old))
    if inside:
        place = {"textposition": "inside", "insidetextanchor": "middle", "textfont": {"size": font - 2}}
    else:
        place = {"textposition": "outside", "textfont": {"size": font, "color": INK}}
    return {"text": [o or w for o, w in zip(old, written, strict=True)], "cliponaxis": False, **place}


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


def _separate_line_ends(lines: list[dict], from_zero: bool, height: int, font: int) -> list[dict]:
    """Move the values written at line ends apart where they would overprint each other: a moved
    value leaves its line (``lines``: traces as dicts, changed in place) for a trace of its own at
    its new height (the traces returned). ``from_zero``: the value axis runs from 0."""
    ends = sorted(
        ((float(line["y"][-1]), line) for line in lines if line["text"][-1] and _numbers([line["y"][-1]])),
        key=lambda end: end[0],
    )
    values = [v for line in lines for v in _numbers(line["y"])]
    if len(ends) < 2:
        return []
    low, high = min(values), max(values)
    if from_zero:  # so do the label heights
        low, high = min(low, 0.0), max(high, 0.0)
    span = (high - low) or 1.0
    gap = span * 1.1 * font * 1.25 / (0.55 * height)  # a label's height in data units (plot ≈ 55 %)
    positions = _spread([v for v, _ in ends], gap)
    overflow = positions[-1] - (high + 0.05 * span)  # keep the top label inside the plot
    if overflow > 0:
        positions = [position - overflow for position in positions]
    moved = []
    for (value, line), position in zip(ends, positions, strict=True):
        if abs(position - value) < gap * 1e-3:
            continue
        written, line["text"] = line["text"][-1], [*line["text"][:-1], ""]
        moved.append(
            {
                "type": "scatter",
                "x": [line["x"][-1]],
                "y": [position],
                "mode": "markers+text",
                "text": [written],
                "textposition": "middle right",
                "textfont": {"size": font, "color": INK},
                "marker": {"size": line["marker"]["size"], "opacity": 0},
                "showlegend": False,
                "hoverinfo": "skip",
                "cliponaxis": False,
            }
        )
    return moved


def for_presentation(
    figure: go.Figure, height: int = 620, font: int = PRESENTATION_FONT, title: bool = True
) -> go.Figure:
    """A copy of ``figure`` for a shared screen, a slide or print: type of ``font`` px in black,
    thick lines, values written on the bars (shares on 100 % stacks) and at the end of each line,
    apart where they would collide (nothing depends on hovering). ``title=False`` leaves the
    figure's title out where a heading above names it.

    The changes are merged into copies of the figure's traces and layout (dicts), read from
    ``figure`` itself, and the copy is built and validated once."""
    copies = [trace.to_plotly_json() for trace in figure.data]
    traces = list(zip(figure.data, copies, strict=True))
    bars = [(trace, shown) for trace, shown in traces if isinstance(trace, go.Bar)]
    stacked = bool(bars) and figure.layout.barmode == "stack" and figure.layout.barnorm == "percent"
    shares_of = _stack_shares([(trace.x, trace.y) for trace, _ in bars]) if stacked else [None] * len(bars)
    for (trace, shown), shares in zip(bars, shares_of, strict=True):
        if shares is not None:
            written = _on_bar(trace, [texts.percent(s, 0) if s else "" for s in shares], font, inside=True)
        else:
            values = list(trace.x if trace.orientation == "h" else trace.y)
            written = _on_bar(trace, _value_text(values), font, inside=False)
        _merge(shown, written)
    lines = [
        (trace, shown)
        for trace, shown in traces
        if isinstance(trace, go.Scatter)
        and trace.y is not None
        and len(trace.y)
        and "lines" in (trace.mode or "")
    ]
    every_point = [v for trace, _ in lines for v in trace.y]
    ends = _series_ends([trace for trace, _ in lines], list(figure.layout.xaxis.categoryarray or ()))
    for position, (trace, shown) in enumerate(lines):
        labels = [""] * len(trace.y)
        if position in ends:
            labels[-1] = _value_text([trace.y[-1]], every_point)[0]
        line = {
            "mode": "lines+markers+text",
            "text": labels,
            "textposition": "middle right",
            "textfont": {"size": font, "color": INK},
            "cliponaxis": False,
            "line": {"width": max(2, font // 5)},
            "marker": {"size": max(8, font // 2 + 2)},
        }
        _merge(shown, line)
    for trace, shown in traces:
        if isinstance(trace, go.Heatmap):
            colorbar = {"tickfont": {"size": font - 2, "color": INK}, "title": {"font": {"color": INK}}}
            _merge(shown, {"textfont": {"size": font - 2}, "colorbar": colorbar})
    from_zero = figure.layout.yaxis.rangemode == "tozero"
    copies += _separate_line_ends([shown for _, shown in lines], from_zero, height, font)
    layout = _presentation_layout(figure, height, font, title, stacked)
    if bars and not stacked:
        horizontal = bars[0][0].orientation == "h"
        values = [v for trace, _ in bars for v in _numbers(trace.x if horizontal else trace.y)]
        _merge(layout, {"xaxis" if horizontal else "yaxis": _room_for_values(values)})
    return go.Figure(data=copies, layout=layout)


def _presentation_layout(figure: go.Figure, height: int, font: int, title: bool, stacked: bool) -> dict:
    """A copy of ``figure``'s layout in presentation type (see :func:`for_presentation`; ``stacked``:
    its bars are 100 % stacks). The figure has one subplot: its axes are ``xaxis`` and ``yaxis``."""
    axes = {
        "tickfont": {"size": font - 2, "color": INK},
        "title": {"font": {"color": INK}},
        "gridcolor": "#bbbbbb",
        "linecolor": INK,
    }
    look = {
        "height": height,
        "font": {"size": font, "color": INK},
        "title": {
            "text": figure.layout.title.text if title else "",
            "font": {"size": font + 8, "color": INK},
            "automargin": True,
        },
        "legend": {"font": {"size": font - 2, "color": INK}},
        # a title pushes the top margin itself; the legend's rows keep their room under the axis
        "margin": {"l": 24, "r": 5 * font, "t": font, "b": 48 + int(font * 1.5) * legend_rows(figure)},
        # every value the same size, within its bar's breadth (never over a neighbour's)
        "uniformtext": {"minsize": font - 6 if stacked else min(BAR_LABEL_MIN, font - 6), "mode": "hide"},
        "xaxis": axes,
        "yaxis": axes,
    }
    return _merge(figure.layout.to_plotly_json(), look)


def _series_ends(lines: list[go.Scatter], order: list) -> set[int]:
    """Positions of the traces whose last point is their series' last shown point (a series drawn
    as a solid line and dashed partial segments has one end); every trace without a category order."""
    if not order:
        return set(range(len(lines)))
    rank = {category: at for at, category in enumerate(order)}
    best: dict[str, tuple[tuple[int, int], int]] = {}
    for position, trace in enumerate(lines):
        shown = [at for at, y in enumerate(trace.y) if y is not None and not pd.isna(y)]
        if not shown:
            continue
        last = shown[-1]
        key = (rank.get(trace.x[last], -1), int(last == len(trace.y) - 1))
        series = str(trace.legendgroup or trace.name)
        if series not in best or key > best[series][0]:
            best[series] = (key, position)
    return {position for (key, position) in best.values() if key[1]}


def _room_for_values(values: list[float]) -> dict:
    """A value axis's range, stretched so the values written past the longest bars stay inside the
    figure (without values: none)."""
    if not values:
        return {}
    low, high = min(0.0, *values), max(0.0, *values)
    return {"range": [low * 1.18, high * 1.18]}
