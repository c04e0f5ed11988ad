"""The exhibits: each asks the metrics (through the view's source) and returns a localised
:class:`Exhibit` — chart, data table, caption and speaker notes — for the screen and the reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

import texts
from exhibits.model import Exhibit, Kpi
from exhibits.view import View, metric
from figures import charts
from figures.tables import cell_text, display_table, empty_reason, format_value, unit_title
from metrics.catalog import MetricDef
from metrics.spec import Period, QuerySpec
from metrics.statistics import benjamini_hochberg
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


def _total_n(frame: pd.DataFrame) -> int | None:
    if "n" not in frame or frame.empty:
        return None
    return int(pd.to_numeric(frame["n"], errors="coerce").fillna(0).sum())


def empty_exhibit(view: View, key: str, title: str, reason: str, definition: MetricDef | None) -> Exhibit:
    return Exhibit(
        key=key,
        title=title,
        table=pd.DataFrame(),
        caption=view.caption(definition),
        notes=(t(f"empty.{reason}"),),
        empty=reason,
    )


def chart_exhibit(view: View, key: str, title: str, definition: MetricDef, frame, figure, table) -> Exhibit:
    n = _total_n(frame)
    return Exhibit(
        key=key,
        title=title,
        table=table,
        figure=figure,
        caption=view.caption(definition, n),
        n=n,
        notes=notes_of(table.drop(columns=[t("table.ci_low"), t("table.ci_high")], errors="ignore")),
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


def trend_spec(view: View, metric_id: str, series: str | None = None, **changes) -> QuerySpec:
    """The query of :func:`trend`."""
    spec = view.spec(metric_id, **({"grain": view.filters.grain, "compare": None} | changes))
    return spec.with_(group_by=(series,)) if series else spec


def trend(
    view: View, metric_id: str, key: str, series: str | None = None, title: str | None = None, **changes
) -> Exhibit:
    """The metric over time at the chosen grain, one line per ``series`` value."""
    definition = metric(metric_id)
    spec = trend_spec(view, metric_id, series, **changes)
    frame = view.run(spec)
    title = title or definition.name(texts.current_language())
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition)
    frame = frame.sort_values("period").reset_index(drop=True)
    frame["period_label"] = period_labels(frame, spec.grain)
    series_column = None
    extra = {"period_label": t("table.period")}
    if series:
        frame["series_label"] = view.labels(frame, series)
        series_column = "series_label"
        extra["series_label"] = t(f"dim.{series}")
    figure = charts.line_chart(frame, "period_label", series_column, title, unit_title(definition))
    table = display_table(frame, table_columns(definition, extra), definition)
    return chart_exhibit(view, key, title, definition, frame, figure, table)


def distribution(view: View, key: str, **changes) -> list[Exhibit]:
    """The answer distribution over time: each button's share of the period's presses, one per scale."""
    definition = metric("response_count")
    defaults = {"grain": view.filters.grain, "compare": None, "group_by": ("scale", "button")}
    spec = view.spec("response_count", **(defaults | changes))
    frame = view.run(spec)
    reason = empty_reason(frame)
    if reason:
        return [empty_exhibit(view, key, t("quick.distribution"), reason, definition)]
    frame = frame.sort_values(["period", "button_index"]).reset_index(drop=True)
    frame["period_label"] = period_labels(frame, spec.grain)
    frame["button_label"] = [
        texts.label(f"button.{scale}", int(button))
        for scale, button in zip(frame["scale"], frame["button_index"], strict=True)
    ]
    columns = table_columns(definition, {"period_label": t("table.period"), "button_label": t("dim.button")})
    exhibits = []
    for scale, part in frame.groupby("scale", sort=True):
        title = t("quick.distribution_scale", scale=texts.label("scale", scale))
        figure = charts.stacked_shares(part, "period_label", "button_label", title)
        table = display_table(part, columns, definition)
        exhibits.append(chart_exhibit(view, f"{key}_{scale}", title, definition, part, figure, table))
    return exhibits


def breakdown_spec(view: View, metric_id: str, dim: str, **changes) -> QuerySpec:
    """The query of :func:`breakdown`."""
    return view.spec(metric_id, **({"group_by": (dim,), "compare": None} | changes))


def breakdown(view: View, metric_id: str, dim: str, key: str, title: str | None = None, **changes) -> Exhibit:
    """The metric by one dimension as horizontal bars, with interval and n in the table."""
    definition = metric(metric_id)
    frame = view.run(breakdown_spec(view, metric_id, dim, **changes))
    title = title or t(
        "section.by", metric=definition.name(texts.current_language()), dim=t(f"dim.{dim}").lower()
    )
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition)
    frame["label"] = view.labels(frame, dim)
    figure = charts.bar_chart(frame, "label", title, y_title="", horizontal=True)
    table = display_table(frame, table_columns(definition, {"label": t(f"dim.{dim}")}), definition)
    return chart_exhibit(view, key, title, definition, frame, figure, table)


def grouped_bars(
    view: View, metric_id: str, x_dim: str, series_dim: str, key: str, title: str, **changes
) -> Exhibit:
    """The metric by two dimensions: bars of ``x_dim`` grouped by ``series_dim``."""
    definition = metric(metric_id)
    frame = view.run(view.spec(metric_id, group_by=(x_dim, series_dim), compare=None, **changes))
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition)
    frame["x_label"] = view.labels(frame, x_dim)
    frame["series_label"] = view.labels(frame, series_dim)
    figure = charts.bar_chart(frame, "x_label", title, series="series_label", horizontal=True)
    columns = table_columns(
        definition, {"x_label": t(f"dim.{x_dim}"), "series_label": t(f"dim.{series_dim}")}
    )
    return chart_exhibit(
        view, key, title, definition, frame, figure, display_table(frame, columns, definition)
    )


def _cells(frame: pd.DataFrame, definition: MetricDef) -> list[str]:
    return [
        cell_text(v, s, n, definition)
        for v, s, n in zip(frame["value"], frame["suppressed"], frame["n"], strict=True)
    ]


def crosstab(
    view: View, metric_id: str, row_dim: str, column_dim: str, key: str, title: str, **changes
) -> Exhibit:
    """A table of the metric by two dimensions with row and column totals (like the seeds' tables)."""
    definition = metric(metric_id)

    def ask(*dims: str) -> pd.DataFrame:
        return view.run(view.spec(metric_id, group_by=dims, compare=None, **changes))

    frame, totals, column_totals, grand = ask(row_dim, column_dim), ask(row_dim), ask(column_dim), ask()
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition)
    frame["row"], frame["column"] = view.labels(frame, row_dim), view.labels(frame, column_dim)
    frame["cell"] = _cells(frame, definition)
    table = frame.pivot_table(index="row", columns="column", values="cell", aggfunc="first", fill_value="–")
    total_label = t("table.total")
    row_totals = dict(zip(view.labels(totals, row_dim), _cells(totals, definition), strict=True))
    table[total_label] = [row_totals.get(r, "–") for r in table.index]
    column_cells = dict(
        zip(view.labels(column_totals, column_dim), _cells(column_totals, definition), strict=True)
    )
    footer = [column_cells.get(c, "–") for c in table.columns[:-1]] + _cells(grand, definition)[:1]
    table.loc[total_label] = footer if len(footer) == len(table.columns) else ["–"] * len(table.columns)
    table = table.reset_index().rename(columns={"row": t(f"dim.{row_dim}")})
    table.columns.name = None
    n = _total_n(grand)
    return Exhibit(
        key=key, title=title, table=table, caption=view.caption(definition, n), n=n, notes=notes_of(table)
    )


def heatmap(view: View, metric_id: str, key: str, **changes) -> Exhibit:
    """Hour × weekday pattern of the metric as a heat map with its table."""
    definition = metric(metric_id)
    title = t("section.heatmap", metric=definition.name(texts.current_language()))
    frame = view.run(view.spec(metric_id, grain="hour", group_by=("weekday",), compare=None, **changes))
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition)
    frame["weekday_label"] = frame["weekday"].map(lambda d: texts.label("weekday", int(d)))
    columns = table_columns(definition, {"weekday_label": t("dim.weekday"), "hour": t("chart.hour")})
    table = display_table(frame, columns, definition)
    return chart_exhibit(view, key, title, definition, frame, charts.heatmap(frame, title), table)


def months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def spark_spec(view: View, metric_id: str) -> QuerySpec:
    """The last twelve months of a tile's metric, by month."""
    end = view.filters.period.end
    return view.spec(metric_id, grain="month", compare=None, period=Period(months_back(end, 11), end))


def tile_queries(view: View, tiles: list[tuple[str, tuple[str, ...]]]) -> list[QuerySpec]:
    """Every query of :func:`kpi_tiles`, for prefetching."""
    return [
        spec
        for metric_id, secondary in tiles
        for spec in (*(view.spec(m) for m in (metric_id, *secondary)), spark_spec(view, metric_id))
    ]


def delta_text(row: pd.Series, definition: MetricDef) -> str | None:
    """The change against the comparison with its sign (ASCII minus), None when there is none."""
    if "delta" not in row or pd.isna(row["delta"]) or bool(row["suppressed"]):
        return None
    delta = float(row["delta"])
    sign = "+" if delta > 0 else ("-" if delta < 0 else "±")
    if definition.unit == "percent":
        return f"{sign}{texts.number(abs(delta), definition.decimals)} {t('kpi.points')}"
    return f"{sign}{texts.number(abs(delta), definition.decimals)}"


def _count(value: object) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def kpi(view: View, metric_id: str, main: bool = False) -> Kpi:
    """One key figure under the view's filters, with its comparison line."""
    definition = metric(metric_id)
    row = view.run(view.spec(metric_id)).iloc[0]
    comparison = None
    if view.filters.compare:
        significance = (
            t("kpi.no_test")
            if pd.isna(row.get("p_value"))
            else t("kpi.significant")
            if bool(row["significant"])
            else t("kpi.not_significant")
        )
        compared = t(
            "kpi.comparison",
            value=format_value(row.get("value_cmp"), definition),
            n=texts.number(_count(row.get("n_cmp")), 0),
        )
        comparison = f"{compared} · {significance}"
    spark = None
    if main:
        months = view.run(spark_spec(view, metric_id))
        if not months.empty and not months["suppressed"].astype(bool).all():
            spark = charts.sparkline(months)
    return Kpi(
        name=definition.name(texts.current_language()),
        value=cell_text(row["value"], row["suppressed"], row["n"], definition),
        n=_count(row["n"]),
        delta=delta_text(row, definition),
        comparison=comparison,
        data_through=view.source.data_through().get(definition.channel),
        spark=spark,
        secondary=not main,
        higher_is_better=definition.higher_is_better,
        description=definition.description(texts.current_language()),
    )


def kpi_tiles(view: View, tiles: list[tuple[str, tuple[str, ...]]], key: str = "kpis") -> Exhibit:
    """The key figures: each tile's main metric (with its 12-month line) and its secondary metrics."""
    figures = tuple(
        figure
        for metric_id, secondary in tiles
        for figure in (kpi(view, metric_id, main=True), *(kpi(view, m) for m in secondary))
    )
    table = pd.DataFrame(
        {
            t("table.metric"): [k.name for k in figures],
            t("chart.value"): [k.value for k in figures],
            t("table.change"): [k.delta or "" for k in figures],
            "n": [texts.number(k.n, 0) for k in figures],
        }
    )
    notes = tuple(
        " · ".join(
            filter(None, (f"{k.name}: {k.value}", k.delta, t("kpi.n", n=texts.number(k.n, 0)), k.comparison))
        )
        for k in figures
    )
    return Exhibit(
        key=key, title=t("overview.tiles"), table=table, kpis=figures, caption=view.caption(), notes=notes
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


def what_changed(view: View, key: str = "changes") -> Exhibit:
    """Significant changes by unit across the KPIs; the false discovery rate is controlled over all tests."""
    title = t("overview.changes")
    intro = t("overview.changes_help")
    empty = Exhibit(key=key, title=title, table=pd.DataFrame(), caption=view.caption(), intro=intro)
    if not view.filters.compare:
        return replace(empty, empty="no_comparison", notes=(t("overview.no_comparison"),))
    frames = []
    for metric_id, spec in zip(CHANGE_METRICS, change_queries(view), strict=True):
        frame = view.run(spec)
        frame = frame[frame["p_value"].notna() & ~frame["suppressed"].astype(bool)]
        if not frame.empty:
            frames.append(frame.assign(metric=metric_id))
    found = pd.DataFrame()
    if frames:
        tests = pd.concat(frames, ignore_index=True)
        tests["q"] = benjamini_hochberg(tests["p_value"].to_numpy(dtype=float))
        found = tests[(tests["q"] < 0.05) & tests["significant"].astype(bool)].sort_values("q")
    if found.empty:
        return replace(empty, empty="no_changes", notes=(t("overview.no_changes"),))
    language = texts.current_language()
    definitions = [metric(m) for m in found["metric"]]
    table = pd.DataFrame(
        {
            t("dim.unit"): view.labels(found, "unit").to_numpy(),
            t("table.metric"): [d.name(language) for d in definitions],
            t("table.comparison"): [
                format_value(v, d) for v, d in zip(found["value_cmp"], definitions, strict=True)
            ],
            t("chart.value"): [format_value(v, d) for v, d in zip(found["value"], definitions, strict=True)],
            t("table.change"): [
                delta_text(r, d) for (_, r), d in zip(found.iterrows(), definitions, strict=True)
            ],
            "n": [texts.number(v, 0) for v in found["n"]],
            t("table.q_value"): [texts.number(v, 3) for v in found["q"]],
        }
    )
    return Exhibit(
        key=key,
        title=title,
        table=table,
        caption=view.caption(),
        notes=(intro, *notes_of(table)),
        intro=intro,
    )


def versus(
    view: View, metric_id: str, dim: str, key: str, title: str, top: int | None = None, **changes
) -> Exhibit:
    """The metric by ``dim`` in the period beside the comparison period (bars in pairs), largest first.

    ``top`` keeps the largest groups of the period (the top categories).
    """
    definition = metric(metric_id)
    compare = view.filters.compare or "last_year"
    frame = view.run(view.spec(metric_id, group_by=(dim,), compare=compare, **changes))
    reason = empty_reason(frame)
    if reason:
        return empty_exhibit(view, key, title, reason, definition)
    frame = frame.assign(label=view.labels(frame, dim)).sort_values(
        "value", ascending=False, na_position="last"
    )
    if top:
        frame = frame.head(top)
    now, then = view.filters.period, view.filters.period.comparison(compare)
    now_label, then_label = period_name(now), period_name(then)
    current = frame.assign(series=now_label)
    earlier = frame.assign(series=then_label, value=frame["value_cmp"], n=frame["n_cmp"])
    earlier["suppressed"] = earlier["value"].isna() & (earlier["n"].fillna(0) > 0)
    pairs = pd.concat([current, earlier], ignore_index=True)
    figure = charts.bar_chart(pairs, "label", title, series="series", horizontal=True)
    columns = {"label": t(f"dim.{dim}"), "value": now_label, "n": f"n {now_label}"}
    columns |= {"value_cmp": then_label, "n_cmp": f"n {then_label}"}
    columns |= {"delta": t("table.change"), "significant": t("table.significant")}
    table = display_table(frame, columns, definition)
    return chart_exhibit(view, key, title, definition, frame, figure, table)


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


def received(view: View, key: str) -> Exhibit:
    """The feedback received in the period, newest first: date, type, category, channel, handling,
    and the masked text where the viewer's scope allows open text (never for presenters)."""
    title = t("exhibit.received")
    f = view.filters
    rows = view.source.received_feedback(
        f.period, (f.unit,) if f.unit else (), (f.service,) if f.service else ()
    )
    if rows.empty:
        return empty_exhibit(view, key, title, "no_data", metric("feedback_count"))
    table = pd.DataFrame(
        {
            t("exhibit.received_on"): [texts.day(pd.Timestamp(v).date()) for v in rows["received_on"]],
            t("dim.feedback_type"): [texts.label("feedback_type", v) for v in rows["feedback_type"]],
            t("dim.category"): [texts.label("category", v) for v in rows["category"]],
            t("dim.channel"): [texts.label("channel", v) for v in rows["channel"]],
            t("exhibit.handling_days"): [texts.number(v, 0) for v in rows["handling_working_days"]],
        }
    )
    private = "text" in rows
    if private:
        table[t("exhibit.text")] = rows["text"].fillna("").to_numpy()
    return Exhibit(
        private=private,
        key=key,
        title=title,
        table=table,
        caption=view.caption(metric("feedback_count"), len(rows)),
        n=len(rows),
        notes=notes_of(table.drop(columns=[t("exhibit.text")], errors="ignore")),
        intro=t("exhibit.received_newest", count=texts.number(len(rows), 0)),
    )
