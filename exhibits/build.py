"""The exhibits: each asks the metrics (through the view's source) and returns a localised
:class:`Exhibit` — chart, data table, caption and speaker notes — for the screen and the reports.

What an exhibit says about a change is ``run_query``'s classification in the words of
:mod:`exhibits.notes` (a real rise or fall is significant *and* at least the metric's smallest
meaningful change); where the change covers less than the headline (a cut period, a channel or
unit left out) the exhibit's remarks, caption and notes say so. Hidden and empty cells show
their marks, with a legend; an exhibit's n is the true n of what it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

import texts
from exhibits import notes
from exhibits.events import chart_marks
from exhibits.memo import remembered
from exhibits.model import Exhibit, Kpi
from exhibits.selection import complete_months, month_start
from exhibits.view import View, metric
from figures import charts
from figures.tables import (
    cell_text,
    count_text,
    display_table,
    empty_reason,
    format_value,
    id_column,
    is_zero,
    mark_text,
    unit_title,
)
from metrics import comparison
from metrics.catalog import MetricDef
from metrics.freshness import complete_through
from metrics.spec import Period, QuerySpec
from texts import t

MAX_NOTE_ROWS = 20
"""Rows of a table spelled out in the speaker notes; the rest is summarised."""


def notes_of(table: pd.DataFrame) -> tuple[str, ...]:
    """The table's rows as sentences ("Heading: cell; …"), for speaker notes and screen readers."""
    lines = [
        "; ".join(f"{heading}: {cell}" for heading, cell in row.items() if str(cell) != "")
        for _, row in table.head(MAX_NOTE_ROWS).iterrows()
    ]
    if len(table) > MAX_NOTE_ROWS:
        lines.append(t("exhibit.more_rows", count=texts.number(len(table) - MAX_NOTE_ROWS, 0)))
    return tuple(lines)


LEGEND_MARKS = ("no_data", "small", "protected", "not_assessed")


def true_n(frame: pd.DataFrame) -> int | None:
    """The n of everything a result covers, hidden cells included (``run_query``'s ``n_total``);
    None where the total itself is hidden. Frames without ``n_total`` sum their ``n``."""
    if frame.empty:
        return None
    if "n_total" in frame:
        total = frame["n_total"].iloc[0]
        return None if pd.isna(total) else int(total)
    if "n" not in frame:
        return None
    return int(pd.to_numeric(frame["n"], errors="coerce").fillna(0).sum())


def legend_of(
    table: pd.DataFrame, min_n: int, cells: Iterable[str] = (), count: bool = False
) -> tuple[str, ...]:
    """The legend lines of the marks the table (and ``cells``) show; ``count``: the hidden cells
    are counts (cases, items), not answers, and the ``small`` line says so."""
    shown = {str(cell) for cell in table.to_numpy().ravel()} | set(cells)
    return counted(
        notes.legend((m for m in LEGEND_MARKS if mark_text(m, min_n) in shown), min_n), min_n, count
    )


def counted(legend: tuple[str, ...], min_n: int, count: bool) -> tuple[str, ...]:
    """``legend`` with the ``small`` line in a count's words where the metric is a count."""
    if not count:
        return legend
    answers = t("legend.small", min_n=min_n)
    return tuple(t("legend.small_count", min_n=min_n) if line == answers else line for line in legend)


def legend_note(legend: tuple[str, ...]) -> tuple[str, ...]:
    """The legend as one line of the speaker notes (none without marks)."""
    return (f"{t('legend.title')}: {'; '.join(legend)}",) if legend else ()


def with_remarks(caption: str, remarks: tuple[str, ...]) -> str:
    """A caption followed by what the shown change covers."""
    return " · ".join((caption, *remarks)) if remarks else caption


def named_remarks(named: Iterable[tuple[str, tuple[str, ...]]]) -> tuple[str, ...]:
    """Remarks of several figures (name, its remarks), each remark once with the names it is
    about: "Happy-indeksi, Myönteisten osuus: Muutos laskettu vain …"."""
    about: dict[str, list[str]] = {}
    for name, remarks in named:
        for remark in remarks:
            about.setdefault(remark, []).append(name)
    return tuple(f"{', '.join(dict.fromkeys(names))}: {remark}" for remark, names in about.items())


def rule_min_n(view: View, spec: QuerySpec) -> int:
    """The minimum n ``run_query`` applies to ``spec`` under the viewer's rules."""
    ruled = view.rules(spec)
    return ruled.min_n if ruled.min_n is not None else metric(spec.metric).min_n


def empty_exhibit(
    view: View, key: str, title: str, reason: str, definition: MetricDef | None, n: int | None = None
) -> Exhibit:
    """An exhibit that shows nothing and says why (``n``: the true n where every cell is hidden)."""
    return Exhibit(
        key=key,
        title=title,
        table=pd.DataFrame(),
        caption=view.caption(definition, n),
        n=n,
        notes=(_empty_note(view, reason, definition),),
        empty=reason,
    )


def _empty_note(view: View, reason: str, definition: MetricDef | None) -> str:
    """Why the exhibit is empty; hidden cells name the minimum n of the viewer's rules."""
    if reason == "suppressed" and definition is not None:
        key = "empty.suppressed_n" if definition.is_score else "empty.suppressed_count"
        return t(key, min_n=view.threshold(view.spec(definition.id)))
    return t(f"empty.{reason}")


def chart_exhibit(
    view: View,
    key: str,
    title: str,
    definition: MetricDef,
    frame,
    figure,
    table,
    min_n: int | None = None,
    remarks: tuple[str, ...] = (),
) -> Exhibit:
    """A chart with its table: the true n in the caption, the marks' legend, ``remarks`` on the
    change (``min_n``: the n a ``small`` mark names; default: the metric's under the view's rules)."""
    n = true_n(frame)
    min_n = view.threshold(view.spec(definition.id)) if min_n is None else min_n
    legend = legend_of(table, min_n, count=not definition.is_score)
    rows = notes_of(table.drop(columns=[t("table.ci_low"), t("table.ci_high")], errors="ignore"))
    return Exhibit(
        key=key,
        title=title,
        table=table,
        figure=figure,
        caption=with_remarks(view.caption(definition, n), remarks),
        n=n,
        notes=(*remarks, *rows, *legend_note(legend)),
        legend=legend,
        remarks=remarks,
    )


def table_columns(definition: MetricDef, extra: dict[str, str]) -> dict[str, str]:
    """The display columns of a metric table: ``extra`` group columns, then value, interval, n."""
    return dict(extra) | {
        "value": definition.name(texts.current_language()),
        "ci_low": t("table.ci_low"),
        "ci_high": t("table.ci_high"),
        "n": "n",
        "partial": t("table.partial"),
    }


def period_labels(frame: pd.DataFrame, grain: str | None) -> pd.Series:
    """Localised labels of the period column (not Plotly's English month names)."""
    if grain == "year":
        return frame["period"].map(lambda v: str(pd.Timestamp(v).year))
    if grain == "quarter":
        return frame["period"].map(
            lambda v: t("period.quarter", quarter=pd.Timestamp(v).quarter, year=pd.Timestamp(v).year)
        )
    if grain == "week":
        return frame["period"].map(
            lambda v: t(
                "period.week",
                week=pd.Timestamp(v).isocalendar().week,
                year=pd.Timestamp(v).isocalendar().year,
            )
        )
    shown_as = texts.month if grain == "month" else texts.day
    return frame["period"].map(lambda v: shown_as(pd.Timestamp(v).date()))


def bucket_starts(period: Period, grain: str) -> list[date]:
    """The first day of every ``grain`` bucket the period touches, in order (the buckets
    ``run_query`` labels its ``period`` column with: ISO weeks start on Monday)."""
    if grain == "day":
        return [period.start + timedelta(days=d) for d in range(period.days)]
    if grain == "week":
        first = period.start - timedelta(days=period.start.weekday())
        return [first + timedelta(weeks=w) for w in range((period.end - first).days // 7 + 1)]
    step = {"month": 1, "quarter": 3, "year": 12}[grain]
    first = month_start(period.start)
    first = month_start(first, -((first.month - 1) % step))
    months = (period.end.year - first.year) * 12 + period.end.month - first.month
    return [month_start(first, k) for k in range(0, months + 1, step)]


def bucket_labels(period: Period, grain: str) -> list[str]:
    """The labels of :func:`bucket_starts` as the charts and tables write them."""
    return period_labels(pd.DataFrame({"period": bucket_starts(period, grain)}), grain).tolist()


def zero_filled(frame: pd.DataFrame, series: str) -> pd.DataFrame:
    """A count's rows with a 0 for each series a bucket lacks where other series have rows: in
    a bucket with data, no row of a kind means none of it (a bucket without any row stays a gap)."""
    ids = id_column(series)
    keys = [column for column in (ids, f"{series}_name") if column in frame]
    kinds = frame.drop_duplicates(ids)[keys]
    present = set(zip(frame["period"], frame[ids], strict=True))
    buckets = frame.drop_duplicates("period")
    rows = [
        {
            "period": bucket["period"],
            **kind,
            "value": 0.0,
            "n": 0,
            "suppressed": False,
            "mark": None,
            **({"partial": bool(bucket["partial"])} if "partial" in frame else {}),
            **({"n_total": bucket["n_total"]} if "n_total" in frame else {}),
        }
        for _, bucket in buckets.iterrows()
        for kind in kinds.to_dict("records")
        if (bucket["period"], kind[ids]) not in present
    ]
    if not rows:
        return frame
    filled = pd.concat([frame, pd.DataFrame(rows).astype({"mark": object})], ignore_index=True)
    return filled.sort_values(["period", ids], kind="stable").reset_index(drop=True)


def trend_spec(view: View, metric_id: str, series: str | None = None, **changes) -> QuerySpec:
    """The query of :func:`trend`."""
    spec = view.spec(metric_id, **({"grain": view.filters.grain, "compare": None} | changes))
    return spec.with_(group_by=(series,)) if series else spec


@remembered
def trend(
    view: View, metric_id: str, key: str, series: str | None = None, title: str | None = None, **changes
) -> Exhibit:
    """The metric over time at the chosen grain, one line per ``series`` value.

    Every bucket of the period is on the axis: a bucket without data is a gap (never a line
    drawn across it), and a count's series missing from a bucket with data is 0. A period of one
    bucket is drawn as bars (one per series), and the exhibit says it covers one period."""
    definition = metric(metric_id)
    spec = trend_spec(view, metric_id, series, **changes)
    frame = view.run(spec)
    title = title or definition.name(texts.current_language())
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition, true_n(frame))
    frame = frame.sort_values("period", kind="stable").reset_index(drop=True)
    if series and not definition.is_score:
        frame = zero_filled(frame, series)
    frame["period_label"] = period_labels(frame, spec.grain)
    series_column = None
    extra = {"period_label": t("table.period")}
    if series:
        frame["series_label"] = view.labels(frame, series)
        series_column = "series_label"
        extra["series_label"] = t(f"dim.{series}")
    min_n = view.threshold(spec)
    buckets = bucket_labels(spec.period, spec.grain)
    table = display_table(frame, table_columns(definition, extra), definition, min_n)
    if len(buckets) == 1:
        bars = sorted_by_value(frame, series_column or "period_label", ordinal=not series)
        figure = charts.bar_chart(
            bars,
            series_column or "period_label",
            title,
            horizontal=True,
            min_n=min_n,
            value_text=lambda v: format_value(v, definition),
            value_title=f"{unit_title(definition)} · {buckets[0]}",
        )
        exhibit = chart_exhibit(view, key, title, definition, frame, figure, table, min_n)
        return replace(exhibit, intro=t("chart.one_period", period=buckets[0]))
    marks = chart_marks(view, spec.period, bucket_starts(spec.period, spec.grain), buckets)
    figure = charts.line_chart(
        frame,
        "period_label",
        series_column,
        title,
        unit_title(definition),
        min_n=min_n,
        categories=buckets,
        from_zero=charts.from_zero(definition.unit),
        events=marks,
    )
    exhibit = chart_exhibit(view, key, title, definition, frame, figure, table, min_n)
    if marks:
        drawn = "; ".join(f"{at} {text}" for at, text in marks)
        exhibit = replace(exhibit, notes=(*exhibit.notes, t("event.on_chart", events=drawn)))
    runs = charts.empty_runs(buckets, set(frame["period_label"]))
    if not runs:
        return exhibit
    spans = ", ".join(charts.span_text(buckets, first, last) for first, last in runs)
    return replace(exhibit, notes=(*exhibit.notes, t("chart.no_data_spans", spans=spans)))


ORDINAL_DIMENSIONS = frozenset({"button", "hour", "weekday", "age_group", "scale"})
"""Dimensions with a natural order of their own: their bars keep it instead of being sorted."""


def sorted_by_value(frame: pd.DataFrame, label: str, ordinal: bool = False) -> pd.DataFrame:
    """Rows largest value first, ties (and hidden values, last) in the order of their labels;
    an ``ordinal`` dimension keeps the frame's own order."""
    if ordinal:
        return frame
    return frame.sort_values(
        ["value", label], ascending=[False, True], na_position="last", kind="stable"
    ).reset_index(drop=True)


@remembered
def distribution(view: View, key: str, **changes) -> list[Exhibit]:
    """The answer distribution over time: each button's share of the period's presses, one per scale;
    every bucket of the period keeps its place on the axis (a run without presses is shaded)."""
    definition = metric("response_count")
    defaults = {"grain": view.filters.grain, "compare": None, "group_by": ("scale", "button")}
    spec = view.spec("response_count", **(defaults | changes))
    frame = view.run(spec)
    reason = empty_reason(frame)
    if reason:
        return [empty_exhibit(view, key, t("quick.distribution"), reason, definition, true_n(frame))]
    frame = frame.sort_values(["period", "button_index"]).reset_index(drop=True)
    frame["period_label"] = period_labels(frame, spec.grain)
    frame["button_label"] = [
        texts.label(f"button.{scale}", int(button))
        for scale, button in zip(frame["scale"], frame["button_index"], strict=True)
    ]
    columns = table_columns(definition, {"period_label": t("table.period"), "button_label": t("dim.button")})
    min_n = view.threshold(spec)
    buckets = bucket_labels(spec.period, spec.grain)
    exhibits = []
    for scale, part in frame.groupby("scale", sort=True):
        title = t("quick.distribution_scale", scale=texts.label("scale", scale))
        figure = charts.stacked_shares(
            part, "period_label", "button_label", title, min_n=min_n, categories=buckets
        )
        table = display_table(part, columns, definition, min_n)
        exhibit = chart_exhibit(view, f"{key}_{scale}", title, definition, part, figure, table, min_n)
        n = _scale_n(view, spec, part, scale)
        exhibits.append(replace(exhibit, n=n, caption=view.caption(definition, n)))
    return exhibits


def _scale_n(view: View, spec: QuerySpec, part: pd.DataFrame, scale: str) -> int | None:
    """The true n of one scale's presses: its cells' sum where none is hidden, else the scale's
    own total (None where that is hidden too)."""
    if part["n"].notna().all():
        return int(part["n"].sum())
    totals = view.run(spec.with_(group_by=("scale",), grain=None))
    own = totals.loc[totals["scale"] == scale, "n"]
    return None if own.empty or pd.isna(own.iloc[0]) else int(own.iloc[0])


def breakdown_spec(view: View, metric_id: str, dim: str, **changes) -> QuerySpec:
    """The query of :func:`breakdown`."""
    return view.spec(metric_id, **({"group_by": (dim,), "compare": None} | changes))


@remembered
def breakdown(view: View, metric_id: str, dim: str, key: str, title: str | None = None, **changes) -> Exhibit:
    """The metric by one dimension as horizontal bars, with interval and n in the table."""
    definition = metric(metric_id)
    spec = breakdown_spec(view, metric_id, dim, **changes)
    frame = view.run(spec)
    title = title or t(
        "section.by", metric=definition.name(texts.current_language()), dim=t(f"dim.{dim}").lower()
    )
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition, true_n(frame))
    min_n = view.threshold(spec)
    frame["label"] = view.labels(frame, dim)
    frame = sorted_by_value(frame, "label", ordinal=dim in ORDINAL_DIMENSIONS)
    figure = charts.bar_chart(
        frame,
        "label",
        title,
        horizontal=True,
        min_n=min_n,
        value_text=lambda v: format_value(v, definition),
        value_title=unit_title(definition),
    )
    columns = table_columns(definition, {"label": t(f"dim.{dim}")})
    table = display_table(frame, columns, definition, min_n)
    return chart_exhibit(view, key, title, definition, frame, figure, table, min_n)


@remembered
def grouped_bars(
    view: View, metric_id: str, x_dim: str, series_dim: str, key: str, title: str, **changes
) -> Exhibit:
    """The metric by two dimensions: bars of ``x_dim`` grouped by ``series_dim``."""
    definition = metric(metric_id)
    spec = view.spec(metric_id, group_by=(x_dim, series_dim), compare=None, **changes)
    frame = view.run(spec)
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition, true_n(frame))
    min_n = view.threshold(spec)
    frame["x_label"] = view.labels(frame, x_dim)
    frame["series_label"] = view.labels(frame, series_dim)
    frame = by_totals(
        frame, "x_label", x_dim in ORDINAL_DIMENSIONS, "series_label", series_dim in ORDINAL_DIMENSIONS
    )
    figure = charts.bar_chart(
        frame,
        "x_label",
        title,
        series="series_label",
        horizontal=True,
        min_n=min_n,
        value_text=lambda v: format_value(v, definition),
        value_title=unit_title(definition),
    )
    columns = table_columns(
        definition, {"x_label": t(f"dim.{x_dim}"), "series_label": t(f"dim.{series_dim}")}
    )
    table = display_table(frame, columns, definition, min_n)
    return chart_exhibit(view, key, title, definition, frame, figure, table, min_n)


def by_totals(frame: pd.DataFrame, *levels: str | bool) -> pd.DataFrame:
    """Rows ordered level by level (``label, ordinal, label, ordinal``): each nominal level by
    its groups' summed shown values, largest first, ties by label; an ordinal level as it is."""
    ranks = []
    for label, ordinal in zip(levels[::2], levels[1::2], strict=True):
        if ordinal:
            order = {value: at for at, value in enumerate(dict.fromkeys(frame[label]))}
        else:
            totals = frame.groupby(label, sort=False)["value"].sum(min_count=1).reset_index()
            totals = sorted_by_value(totals, str(label))
            order = {value: at for at, value in enumerate(totals[label])}
        ranks.append(frame[label].map(order).rename(f"_rank_{label}"))
    keyed = pd.concat([frame, *ranks], axis=1)
    columns = [rank.name for rank in ranks]
    return keyed.sort_values(columns, kind="stable").drop(columns=columns).reset_index(drop=True)


def _cells(frame: pd.DataFrame, definition: MetricDef, min_n: int) -> list[str]:
    return [cell_text(v, m, definition, min_n) for v, m in zip(frame["value"], frame["mark"], strict=True)]


@remembered
def crosstab(
    view: View, metric_id: str, row_dim: str, column_dim: str, key: str, title: str, **changes
) -> Exhibit:
    """A table of the metric by two dimensions with row and column totals (like the seeds' tables).

    A combination without rows is 0 for a count and "–" (no data) for a score."""
    definition = metric(metric_id)
    spec = view.spec(metric_id, compare=None, **changes)

    def ask(*dims: str) -> pd.DataFrame:
        return view.run(spec.with_(group_by=dims))

    frame, totals, column_totals, grand = ask(row_dim, column_dim), ask(row_dim), ask(column_dim), ask()
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition, true_n(frame))
    min_n = view.threshold(spec)
    empty = mark_text("no_data", min_n) if definition.is_score else format_value(0, definition)
    frame["row"], frame["column"] = view.labels(frame, row_dim), view.labels(frame, column_dim)
    frame["cell"] = _cells(frame, definition, min_n)
    table = frame.pivot_table(index="row", columns="column", values="cell", aggfunc="first", fill_value=empty)
    total_label = t("table.total")
    row_totals = dict(zip(view.labels(totals, row_dim), _cells(totals, definition, min_n), strict=True))
    table[total_label] = [row_totals.get(r, empty) for r in table.index]
    column_cells = dict(
        zip(view.labels(column_totals, column_dim), _cells(column_totals, definition, min_n), strict=True)
    )
    footer = [column_cells.get(c, empty) for c in table.columns[:-1]] + _cells(grand, definition, min_n)[:1]
    table.loc[total_label] = footer
    table = table.reset_index().rename(columns={"row": t(f"dim.{row_dim}")})
    table.columns.name = None
    n = true_n(grand)
    legend = legend_of(table, min_n, count=not definition.is_score)
    return Exhibit(
        key=key,
        title=title,
        table=table,
        caption=view.caption(definition, n),
        n=n,
        notes=(*notes_of(table), *legend_note(legend)),
        legend=legend,
    )


@remembered
def heatmap(view: View, metric_id: str, key: str, **changes) -> Exhibit:
    """Hour × weekday pattern of the metric as a heat map with its table."""
    definition = metric(metric_id)
    title = t("section.heatmap", metric=definition.name(texts.current_language()))
    spec = view.spec(metric_id, grain="hour", group_by=("weekday",), compare=None, **changes)
    frame = view.run(spec)
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition, true_n(frame))
    min_n = view.threshold(spec)
    frame["weekday_label"] = frame["weekday"].map(lambda d: texts.label("weekday", int(d)))
    columns = table_columns(definition, {"weekday_label": t("dim.weekday"), "hour": t("chart.hour")})
    table = display_table(frame, columns, definition, min_n)
    figure = charts.heatmap(frame, title, min_n=min_n)
    return chart_exhibit(view, key, title, definition, frame, figure, table, min_n)


def months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s month."""
    return month_start(day, -months)


def spark_spec(view: View, metric_id: str) -> QuerySpec:
    """A tile's metric by month over the twelve whole months up to the period's end (or the
    data's, whichever is first): the line ends at the last complete month."""
    through = complete_through(view.source.data_through().get(metric(metric_id).channel))
    months = complete_months(min(view.filters.period.end, through))
    return view.spec(metric_id, grain="month", compare=None, period=months)


def tile_queries(view: View, tiles: list[tuple[str, tuple[str, ...]]]) -> list[QuerySpec]:
    """Every query of :func:`kpi_tiles`, for prefetching."""
    return [
        spec
        for metric_id, secondary in tiles
        for spec in (*(view.spec(m) for m in (metric_id, *secondary)), spark_spec(view, metric_id))
    ]


def delta_text(row: pd.Series, definition: MetricDef) -> str | None:
    """The change (value on the basis − comparison value) with its sign (the typographic minus),
    None when there is none or a side is hidden."""
    if "delta" not in row or pd.isna(row["delta"]) or bool(row["suppressed"]):
        return None
    delta = 0.0 if is_zero(row["delta"], definition.decimals) else float(row["delta"])
    sign = "+" if delta > 0 else (texts.MINUS if delta < 0 else "±")
    if definition.unit == "percent":
        return f"{sign}{texts.number(abs(delta), definition.decimals)} {t('kpi.points')}"
    return f"{sign}{texts.number(abs(delta), definition.decimals)}"


def _count(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def change_of(row: pd.Series, definition: MetricDef, min_n: int) -> str:
    """A compared row's change as ``run_query`` classified it, in words ("pieni muutos (alle 1,0)")."""
    return notes.change_text(str(row["change"]), row.get("not_assessed"), definition, min_n)


def basis_differs(frame: pd.DataFrame, row: pd.Series) -> bool:
    """Whether the comparison's current side is less than the headline (a channel, survey or
    unit of the period left out), so the value on the basis is shown beside the comparison's."""
    facts = frame.attrs.get("comparison")
    restricted = facts is not None and facts.basis.restricted
    return (
        restricted and pd.notna(row.get("value_basis")) and _count(row.get("n_basis")) != _count(row.get("n"))
    )


def comparison_line(
    view: View, spec: QuerySpec, frame: pd.DataFrame, definition: MetricDef, assessment: str
) -> str:
    """The tile's comparison: the value on the basis where it differs from the headline, the
    comparison value and n, and the change in words (``assessment``)."""
    row = frame.iloc[0]
    min_n = view.threshold(spec)
    parts = []
    if basis_differs(frame, row):
        parts.append(
            t(
                "kpi.basis_value",
                value=format_value(row["value_basis"], definition),
                n=texts.number(row["n_basis"], 0),
            )
        )
    compared = cell_text(row["value_cmp"], row["mark_cmp"], definition, min_n)
    parts.append(t("kpi.comparison", value=compared, n=count_text(row["n_cmp"], row["mark_cmp"], min_n)))
    return " · ".join((*parts, assessment))


def kpi(view: View, metric_id: str, main: bool = False) -> Kpi:
    """One key figure under the view's filters, with its comparison line: the change is
    ``run_query``'s classification (a 0.1-point change at any n reads "pieni muutos", unmarked)."""
    definition = metric(metric_id)
    spec = view.spec(metric_id)
    frame = view.run(spec)
    row = frame.iloc[0]
    min_n = view.threshold(spec)
    compared = bool(view.filters.compare)
    assessment = change_of(row, definition, rule_min_n(view, spec)) if compared else None
    mark = row["mark"] if isinstance(row["mark"], str) else None
    spark = None
    if main:
        months_spec = spark_spec(view, metric_id)
        months = view.run(months_spec)
        if not months.empty and not months["suppressed"].astype(bool).all():
            spark = charts.sparkline(
                months,
                min_n=min_n,
                from_zero=charts.from_zero(definition.unit),
                buckets=bucket_starts(months_spec.period, "month"),
            )
    return Kpi(
        name=definition.name(texts.current_language()),
        value=cell_text(row["value"], row["mark"], definition, min_n),
        n=_count(row["n"]),
        delta=delta_text(row, definition) if compared else None,
        comparison=comparison_line(view, spec, frame, definition, assessment) if assessment else None,
        data_through=view.source.data_through().get(definition.channel),
        spark=spark,
        secondary=not main,
        higher_is_better=definition.higher_is_better,
        description=definition.description(texts.current_language()),
        change=str(row["change"]) if compared else None,
        assessment=assessment,
        notes=view.comparison_notes(frame, definition) if compared else (),
        legend=counted(notes.legend([mark], min_n), min_n, not definition.is_score),
    )


@remembered
def kpi_tiles(
    view: View, tiles: list[tuple[str, tuple[str, ...]]], key: str = "kpis", title: str | None = None
) -> Exhibit:
    """The key figures: each tile's main metric (with its 12-month line) and its secondary metrics.

    Each figure's remarks (what its change covers) are in its tile and, named, in the caption
    and the notes; the legend names the marks the figures show."""
    figures = tuple(
        figure
        for metric_id, secondary in tiles
        for figure in (kpi(view, metric_id, main=True), *(kpi(view, m) for m in secondary))
    )
    columns = {
        t("table.metric"): [k.name for k in figures],
        t("chart.value"): [k.value for k in figures],
        "n": [texts.number(k.n, 0) if k.n is not None else k.value for k in figures],
    }
    if view.filters.compare:
        columns[t("table.change")] = [k.delta or "" for k in figures]
        columns[t("table.assessment")] = [k.assessment or "" for k in figures]
    table = pd.DataFrame(columns)
    remarks = named_remarks((k.name, k.notes) for k in figures)
    legend = tuple(dict.fromkeys(line for k in figures for line in k.legend))
    lines = tuple(
        " · ".join(
            filter(
                None,
                (
                    f"{k.name}: {k.value}",
                    k.delta,
                    t("kpi.n", n=texts.number(k.n, 0)) if k.n is not None else None,
                    k.comparison,
                    *k.notes,
                ),
            )
        )
        for k in figures
    )
    return Exhibit(
        key=key,
        title=title or t("overview.tiles"),
        table=table,
        kpis=figures,
        caption=with_remarks(view.caption(), remarks),
        notes=(*lines, *legend_note(legend)),
        legend=legend,
        remarks=remarks,
    )


CHANGE_METRICS = (
    "happy_index",
    "nps",
    "statement_mean_normalized",
    "moite_share",
    "reply_within_target",
    "case_count",
)


def change_queries(view: View) -> list[QuerySpec]:
    """Every query of :func:`what_changed` (none without a comparison)."""
    if not view.filters.compare:
        return []
    return [view.spec(metric_id, group_by=("unit",)) for metric_id in CHANGE_METRICS]


@remembered
def what_changed(view: View, key: str = "changes") -> Exhibit:
    """The real changes by unit across the KPIs: Benjamini–Hochberg over every unit × metric
    test, then ``run_query``'s classification (:func:`metrics.comparison.adjust_list`); only a
    rise or a fall is listed, a small change is not. The value shown is the period's on the
    comparison's basis, so value − comparison = change; the remarks say what the basis leaves out."""
    title = t("overview.changes")
    intro = t("overview.changes_help")
    empty = Exhibit(key=key, title=title, table=pd.DataFrame(), caption=view.caption(), intro=intro)
    if not view.filters.compare:
        return replace(empty, empty="no_comparison", notes=(t("overview.no_comparison"),))
    frames, definitions, min_ns, remarks = [], [], [], {}
    for metric_id, spec in zip(CHANGE_METRICS, change_queries(view), strict=True):
        frame = view.run(spec)
        if frame.empty:
            continue
        definition = metric(metric_id)
        frames.append(frame.assign(metric=metric_id))
        definitions += [definition] * len(frame)
        min_ns += [rule_min_n(view, spec)] * len(frame)
        remarks[metric_id] = view.comparison_notes(frame, definition)
    found = pd.DataFrame()
    if frames:
        listed = comparison.adjust_list(pd.concat(frames, ignore_index=True), definitions, min_ns)
        found = listed[listed["change"].isin(("rise", "fall"))]
    if found.empty:
        return replace(empty, empty="no_changes", notes=(t("overview.no_changes"),))
    found = found.sort_values("q_value", kind="stable")
    language = texts.current_language()
    shown = [metric(m) for m in found["metric"]]
    rows = list(found.iterrows())
    table = pd.DataFrame(
        {
            t("dim.unit"): view.labels(found, "unit").to_numpy(),
            t("table.metric"): [d.name(language) for d in shown],
            t("table.comparison"): [
                format_value(v, d) for v, d in zip(found["value_cmp"], shown, strict=True)
            ],
            t("chart.value"): [format_value(v, d) for v, d in zip(found["value_basis"], shown, strict=True)],
            t("table.change"): [delta_text(r, d) for (_, r), d in zip(rows, shown, strict=True)],
            t("table.assessment"): [
                change_of(r, d, min_ns[at]) for (at, r), d in zip(rows, shown, strict=True)
            ],
            "n": [texts.number(v, 0) for v in found["n_basis"]],
            t("table.q_value"): [texts.number(v, 3) for v in found["q_value"]],
        }
    )
    said = named_remarks((metric(m).name(language), remarks[m]) for m in dict.fromkeys(found["metric"]))
    return Exhibit(
        key=key,
        title=title,
        table=table,
        caption=with_remarks(view.caption(), said),
        notes=(intro, *said, *notes_of(table)),
        intro=intro,
        remarks=said,
    )


def versus(
    view: View, metric_id: str, dim: str, key: str, title: str, top: int | None = None, **changes
) -> Exhibit:
    """The metric by ``dim`` in the period beside the comparison period (bars in pairs), largest first.

    ``top`` keeps the largest groups of the period (the top categories). The periods are named
    by the stretches compared (the same days of a year earlier for a period the data reach only
    in part); each row's change is ``run_query``'s classification in words; where a channel,
    survey or unit is left out of the comparison the value on the basis is shown too, and the
    remarks say what was left out.
    """
    definition = metric(metric_id)
    compare = view.filters.compare or "last_year"
    spec = view.spec(metric_id, group_by=(dim,), compare=compare, **changes)
    frame = view.run(spec)
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition, true_n(frame))
    min_n, rule_n = view.threshold(spec), rule_min_n(view, spec)
    remarks = view.comparison_notes(frame, definition)
    facts = frame.attrs.get("comparison")
    restricted = any(basis_differs(frame, row) for _, row in frame.iterrows())
    frame = frame.assign(
        label=view.labels(frame, dim),
        change_text=[change_of(row, definition, rule_n) for _, row in frame.iterrows()],
    )
    frame = sorted_by_value(frame, "label", ordinal=dim in ORDINAL_DIMENSIONS)
    if top:
        frame = frame.head(top)
    window = facts.window if facts is not None else None
    if window is not None and window.cut:
        now, then = window.current, window.compared
    else:
        now, then = view.filters.period, view.filters.period.comparison(compare)
    now_label, then_label = period_name(now), period_name(then)
    current = frame.assign(series=now_label)
    earlier = frame.assign(
        series=then_label, value=frame["value_cmp"], n=frame["n_cmp"], mark=frame["mark_cmp"]
    )
    pairs = pd.concat([current, earlier], ignore_index=True)
    figure = charts.bar_chart(
        pairs,
        "label",
        title,
        series="series",
        horizontal=True,
        min_n=min_n,
        value_text=lambda v: format_value(v, definition),
        value_title=unit_title(definition),
    )
    columns = {"label": t(f"dim.{dim}"), "value": now_label, "n": f"n {now_label}"}
    if restricted:
        basis = t("table.basis_value", period=now_label)
        columns |= {"value_basis": basis, "n_basis": f"n {basis}"}
    columns |= {"value_cmp": then_label, "n_cmp": f"n {then_label}"}
    columns |= {"delta": t("table.change"), "change_text": t("table.assessment")}
    table = display_table(frame, columns, definition, min_n)
    return chart_exhibit(view, key, title, definition, frame, figure, table, min_n, remarks)


def period_name(period: Period) -> str:
    """A period as people name it: ``Q4/2020``, ``2020``, ``3/2020`` or ``1.10.2020–15.11.2020``."""
    start, end = period.start, period.end
    year_end = date(start.year, 12, 31)
    if start == date(start.year, 1, 1) and end == year_end:
        return str(start.year)
    quarter_end = months_back(start, -3) - timedelta(days=1)
    if start.day == 1 and start.month % 3 == 1 and end == quarter_end:
        return t("period.quarter", quarter=(start.month - 1) // 3 + 1, year=start.year)
    if start.weekday() == 0 and period.days == 7:
        iso = start.isocalendar()
        return t("period.week", week=iso.week, year=iso.year)
    if start.day == 1 and end == months_back(start, -1) - timedelta(days=1):
        return f"{start.month}/{start.year}"
    return f"{texts.day(start)}–{texts.day(end)}"


@remembered
def received(view: View, key: str) -> Exhibit:
    """The feedback received in the period, newest first: date, type, category, channel, handling,
    and the masked text where the viewer's scope allows open text (never for presenters).

    A record-level list, so private for everyone (with or without text, empty or not): shown on
    the signed-in user's screen only, never in presentation mode or an on-screen export."""
    title = t("exhibit.received")
    f = view.filters
    rows = view.source.received_feedback(
        f.period, (f.unit,) if f.unit else (), (f.service,) if f.service else ()
    )
    if rows.empty:
        return replace(empty_exhibit(view, key, title, "no_data", metric("feedback_count")), private=True)
    table = pd.DataFrame(
        {
            t("exhibit.received_on"): [texts.day(pd.Timestamp(v).date()) for v in rows["received_on"]],
            t("dim.feedback_type"): [texts.label("feedback_type", v) for v in rows["feedback_type"]],
            t("dim.category"): [texts.label("category", v) for v in rows["category"]],
            t("dim.channel"): [texts.label("channel", v) for v in rows["channel"]],
            t("exhibit.handling_days"): [texts.number(v, 0) for v in rows["handling_working_days"]],
        }
    )
    if "text" in rows:
        table[t("exhibit.text")] = rows["text"].fillna("").to_numpy()
    return Exhibit(
        private=True,
        key=key,
        title=title,
        table=table,
        caption=view.caption(metric("feedback_count"), len(rows)),
        n=len(rows),
        notes=notes_of(table.drop(columns=[t("exhibit.text")], errors="ignore")),
        intro=t("exhibit.received_newest", count=texts.number(len(rows), 0)),
    )
