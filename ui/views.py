"""Page sections: each asks the metrics query interface (through the facade) and renders the
answer as a chart with its table, a KPI tile or a list. Pages compose these and stay thin."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from metrics.catalog import MetricDef
from metrics.ranking import rank_units
from metrics.spec import Period, QuerySpec
from metrics.statistics import benjamini_hochberg
from ui import charts, facade, i18n
from ui.context import Context, current
from ui.i18n import t

ORG_DIMS = ("service_area", "service", "unit")


def header(page: str) -> Context:
    """The page title, its intro and the active filters as a caption; returns the run's context."""
    context = current()
    st.title(t(f"page.{page}"))
    st.caption(t(f"intro.{page}"))
    st.caption(active_filters(context))
    return context


def active_filters(context: Context) -> str:
    """The filters in one line (also the presentation caption)."""
    f = context.filters
    parts = [t("filters.period_caption", start=i18n.day(f.period.start), end=i18n.day(f.period.end))]
    for level, value in (("service_area", f.service_area), ("service", f.service), ("unit", f.unit)):
        if value:
            parts.append(context.options.names(level).get(value, value))
    if f.compare:
        parts.append(t("filters.compare") + ": " + i18n.label("compare", f.compare))
    parts += [i18n.label("channel", c) for c in f.channel] + [i18n.label("language", c) for c in f.language]
    return " · ".join(parts)


def _for_user(spec: QuerySpec, context: Context) -> QuerySpec:
    return spec.with_(public=spec.public or context.public, name_language=i18n.current_language())


def run(spec: QuerySpec, context: Context | None = None) -> pd.DataFrame:
    """The result of ``spec`` in the user's scope (open-data rules for presenters)."""
    context = context or current()
    return facade.query(_for_user(spec, context), context.scope)


def prefetch(
    specs: list[QuerySpec], benchmarks: list[QuerySpec] = (), context: Context | None = None
) -> None:
    """Run a page's independent queries concurrently, so its sections then render from the cache."""
    context = context or current()
    facade.prefetch([_for_user(spec, context) for spec in specs], context.scope, benchmarks)


NAMED_DIMS = ("service_area", "service", "unit", "survey", "item")


def labels(frame: pd.DataFrame, dim: str) -> pd.Series:
    """Readable labels of a dimension column: names from the data, codes through the catalogs."""
    ids = frame[charts.id_column(dim)]
    if dim in NAMED_DIMS and f"{dim}_name" in frame:
        names = frame[f"{dim}_name"].where(frame[f"{dim}_name"].notna(), ids.astype(str))
        # Two ids with one name (the same statement in two surveys) would draw as one stacked bar.
        shared = names.duplicated(keep=False) & ~ids.duplicated(keep=False)
        return names.where(~shared, names + " (" + ids.astype(str) + ")")
    return ids.map(lambda v: i18n.label(dim, v))


def _table_columns(definition: MetricDef, extra: dict[str, str]) -> dict[str, str]:
    columns = dict(extra)
    columns.update(
        {
            "value": definition.name(i18n.current_language()),
            "ci_low": t("table.ci_low"),
            "ci_high": t("table.ci_high"),
            "n": "n",
            "partial": t("table.partial"),
        }
    )
    return columns


def _show_empty(frame: pd.DataFrame) -> bool:
    reason = charts.empty_reason(frame)
    if reason:
        charts.say_empty(reason)
        return True
    return False


def trend(metric: str, key: str, series: str | None = None, title: str | None = None, **changes) -> None:
    """The metric over time at the chosen grain, one line per ``series`` value."""
    context = current()
    definition = facade.metric(metric)
    spec = context.filters.spec(metric, **({"grain": context.filters.grain, "compare": None} | changes))
    if series:
        spec = spec.with_(group_by=(series,))
    frame = run(spec, context)
    title = title or definition.name(i18n.current_language())
    st.subheader(title)
    if _show_empty(frame):
        return
    frame = frame.sort_values("period").reset_index(drop=True)
    frame["period_label"] = _period_labels(frame, spec.grain)
    series_column = None
    extra = {"period": t("table.period")}
    if series:
        frame["series_label"] = labels(frame, series)
        series_column = "series_label"
        extra["series_label"] = t(f"dim.{series}")
    figure = charts.line_chart(frame, "period_label", series_column, title, charts.unit_title(definition))
    charts.show(figure, charts.display_table(frame, _table_columns(definition, extra), definition), key)


def _period_labels(frame: pd.DataFrame, grain: str | None) -> pd.Series:
    """Localised labels of the period column (not Plotly's English month names)."""
    if grain == "year":
        return frame["period"].map(lambda v: str(pd.Timestamp(v).year))
    if grain == "quarter":
        return frame["period"].map(
            lambda v: t("period.quarter", quarter=pd.Timestamp(v).quarter, year=pd.Timestamp(v).year)
        )
    shown_as = i18n.month if grain == "month" else i18n.day
    return frame["period"].map(lambda v: shown_as(pd.Timestamp(v).date()))


def distribution(key: str, **changes) -> None:
    """The answer distribution over time: each button's share of the period's presses, per scale."""
    context = current()
    definition = facade.metric("response_count")
    defaults = {"grain": context.filters.grain, "compare": None, "group_by": ("scale", "button")}
    spec = context.filters.spec("response_count", **(defaults | changes))
    frame = run(spec, context)
    st.subheader(t("quick.distribution"))
    if _show_empty(frame):
        return
    frame = frame.sort_values(["period", "button_index"]).reset_index(drop=True)
    frame["period_label"] = _period_labels(frame, spec.grain)
    frame["button_label"] = [
        i18n.label(f"button.{scale}", int(button))
        for scale, button in zip(frame["scale"], frame["button_index"], strict=True)
    ]
    columns = _table_columns(definition, {"period": t("table.period"), "button_label": t("dim.button")})
    for scale, part in frame.groupby("scale", sort=True):
        title = t("quick.distribution_scale", scale=i18n.label("scale", scale))
        figure = charts.stacked_shares(part, "period_label", "button_label", title)
        charts.show(figure, charts.display_table(part, columns, definition), f"{key}_{scale}")


def breakdown(metric: str, dim: str, key: str, title: str | None = None, **changes) -> None:
    """The metric by one dimension as horizontal bars, with interval and n in the table."""
    context = current()
    definition = facade.metric(metric)
    frame = run(context.filters.spec(metric, **({"group_by": (dim,), "compare": None} | changes)), context)
    title = title or t(
        "section.by", metric=definition.name(i18n.current_language()), dim=t(f"dim.{dim}").lower()
    )
    st.subheader(title)
    if _show_empty(frame):
        return
    frame["label"] = labels(frame, dim)
    figure = charts.bar_chart(frame, "label", title, y_title="", horizontal=True)
    table = charts.display_table(frame, _table_columns(definition, {"label": t(f"dim.{dim}")}), definition)
    charts.show(figure, table, key)


def grouped_bars(metric: str, x_dim: str, series_dim: str, key: str, title: str, **changes) -> None:
    """The metric by two dimensions: bars of ``x_dim`` grouped by ``series_dim``."""
    context = current()
    definition = facade.metric(metric)
    frame = run(context.filters.spec(metric, group_by=(x_dim, series_dim), compare=None, **changes), context)
    st.subheader(title)
    if _show_empty(frame):
        return
    frame["x_label"] = labels(frame, x_dim)
    frame["series_label"] = labels(frame, series_dim)
    figure = charts.bar_chart(frame, "x_label", title, series="series_label", horizontal=True)
    columns = _table_columns(
        definition, {"x_label": t(f"dim.{x_dim}"), "series_label": t(f"dim.{series_dim}")}
    )
    charts.show(figure, charts.display_table(frame, columns, definition), key)


def crosstab(metric: str, row_dim: str, column_dim: str, key: str, title: str, **changes) -> None:
    """A table of the metric by two dimensions with row and column totals (like the seeds' tables)."""
    context = current()
    definition = facade.metric(metric)
    frame = run(
        context.filters.spec(metric, group_by=(row_dim, column_dim), compare=None, **changes), context
    )
    totals = run(context.filters.spec(metric, group_by=(row_dim,), compare=None, **changes), context)
    column_totals = run(
        context.filters.spec(metric, group_by=(column_dim,), compare=None, **changes), context
    )
    grand = run(context.filters.spec(metric, compare=None, **changes), context)
    st.subheader(title)
    if _show_empty(frame):
        return
    frame["row"], frame["column"] = labels(frame, row_dim), labels(frame, column_dim)
    frame["cell"] = _cells(frame, definition)
    table = frame.pivot_table(index="row", columns="column", values="cell", aggfunc="first", fill_value="–")
    total_label = t("table.total")
    row_totals = dict(zip(labels(totals, row_dim), _cells(totals, definition), strict=True))
    table[total_label] = [row_totals.get(r, "–") for r in table.index]
    column_cells = dict(
        zip(labels(column_totals, column_dim), _cells(column_totals, definition), strict=True)
    )
    footer = [column_cells.get(c, "–") for c in table.columns[:-1]] + _cells(grand, definition)[:1]
    table.loc[total_label] = footer if len(footer) == len(table.columns) else ["–"] * len(table.columns)
    table = table.reset_index().rename(columns={"row": t(f"dim.{row_dim}")})
    table.columns.name = None
    st.dataframe(table, hide_index=True, width="stretch", key=f"table_{key}")
    st.download_button(
        t("chart.download_csv"),
        table.to_csv(index=False, sep=";").encode("utf-8-sig"),
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"csv_{key}",
    )


def _cells(frame: pd.DataFrame, definition: MetricDef) -> list[str]:
    return [
        charts.cell_text(v, s, n, definition)
        for v, s, n in zip(frame["value"], frame["suppressed"], frame["n"], strict=True)
    ]


def heatmap(metric: str, key: str, **changes) -> None:
    """Hour × weekday pattern of the metric as a heat map with its table."""
    context = current()
    definition = facade.metric(metric)
    title = t("section.heatmap", metric=definition.name(i18n.current_language()))
    frame = run(
        context.filters.spec(metric, grain="hour", group_by=("weekday",), compare=None, **changes), context
    )
    st.subheader(title)
    if _show_empty(frame):
        return
    frame["weekday_label"] = frame["weekday"].map(lambda d: i18n.label("weekday", int(d)))
    columns = _table_columns(definition, {"weekday_label": t("dim.weekday"), "hour": t("chart.hour")})
    charts.show(charts.heatmap(frame, title), charts.display_table(frame, columns, definition), key)


def tile_queries(metrics: list[tuple[str, tuple[str, ...]]]) -> list[QuerySpec]:
    """Every query of ``kpi_tiles(metrics)``, for ``prefetch``."""
    context = current()
    return [
        spec
        for metric, secondary in metrics
        for spec in (
            *(context.filters.spec(m) for m in (metric, *secondary)),
            _spark_spec(context, metric),
        )
    ]


def _spark_spec(context: Context, metric: str) -> QuerySpec:
    end = context.filters.period.end
    period = Period(_months_back(end, 11), end)
    return context.filters.spec(metric, grain="month", compare=None, period=period)


def kpi_tiles(metrics: list[tuple[str, tuple[str, ...]]]) -> None:
    """One tile per (main metric, secondary metrics): value, n, delta, significance, sparkline, data date."""
    context = current()
    through = facade.channel_data_through(context.scope)
    for column, (metric, secondary) in zip(st.columns(len(metrics)), metrics, strict=True):
        with column, st.container(border=True):
            _tile(context, metric, secondary, through)


def _delta_text(row: pd.Series, definition: MetricDef) -> str | None:
    if "delta" not in row or pd.isna(row["delta"]) or bool(row["suppressed"]):
        return None
    delta = float(row["delta"])
    sign = "+" if delta > 0 else ("-" if delta < 0 else "±")  # ASCII minus: st.metric reads it for the arrow
    if definition.unit == "percent":
        return f"{sign}{i18n.number(abs(delta), definition.decimals)} {t('kpi.points')}"
    return f"{sign}{i18n.number(abs(delta), definition.decimals)}"


def _tile(context: Context, metric: str, secondary: tuple[str, ...], through: dict) -> None:
    definition = facade.metric(metric)
    language = i18n.current_language()
    row = run(context.filters.spec(metric), context).iloc[0]
    value = charts.cell_text(row["value"], row["suppressed"], row["n"], definition)
    direction = {True: "normal", False: "inverse", None: "off"}[definition.higher_is_better]
    delta = _delta_text(row, definition)
    unchanged = bool(delta) and delta.startswith("±")
    st.metric(
        definition.name(language),
        value,
        delta=delta,
        delta_color="off" if unchanged else direction,
        delta_arrow="off" if unchanged else "auto",
        help=definition.description(language),
    )
    n = 0 if pd.isna(row["n"]) else int(row["n"])
    lines = [t("kpi.n", n=i18n.number(n, 0))]
    if context.filters.compare:
        n_cmp = 0 if pd.isna(row.get("n_cmp")) else int(row["n_cmp"])
        lines.append(
            t(
                "kpi.comparison",
                value=charts.format_value(row.get("value_cmp"), definition),
                n=i18n.number(n_cmp, 0),
            )
        )
        if pd.isna(row.get("p_value")):
            lines.append(t("kpi.no_test"))
        else:
            lines.append(t("kpi.significant") if bool(row["significant"]) else t("kpi.not_significant"))
    st.caption(" · ".join(lines))
    for other in secondary:
        other_def = facade.metric(other)
        other_row = run(context.filters.spec(other), context).iloc[0]
        shown = charts.cell_text(other_row["value"], other_row["suppressed"], other_row["n"], other_def)
        delta = _delta_text(other_row, other_def)
        st.markdown(
            f"**{other_def.name(language)}**: {shown}"
            + (f" ({delta})" if delta else "")
            + f" · {t('kpi.n', n=i18n.number(0 if pd.isna(other_row['n']) else int(other_row['n']), 0))}"
        )
    spark = run(_spark_spec(context, metric), context)
    if not spark.empty and not spark["suppressed"].astype(bool).all():
        st.plotly_chart(
            charts.sparkline(spark), key=f"spark_{metric}", config={"staticPlot": True}, width="stretch"
        )
        st.caption(t("kpi.trend", metric=definition.name(language)))
    day = through.get(definition.channel)
    st.caption(t("kpi.data_through", date=i18n.day(day)) if day else t("kpi.no_data_through"))


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


CHANGE_METRICS = (
    "happy_index",
    "nps",
    "statement_mean_normalized",
    "moite_share",
    "reply_within_target",
    "case_count",
)


def change_queries() -> list[QuerySpec]:
    """Every query of ``what_changed()``, for ``prefetch`` (none without a comparison)."""
    context = current()
    if not context.filters.compare:
        return []
    return [context.filters.spec(metric, group_by=("unit",)) for metric in CHANGE_METRICS]


def what_changed() -> None:
    """Significant changes by unit across the KPIs; the false discovery rate is controlled over all tests."""
    context = current()
    st.subheader(t("overview.changes"))
    st.caption(t("overview.changes_help"))
    if not context.filters.compare:
        st.info(t("overview.no_comparison"))
        return
    frames = []
    for metric, spec in zip(CHANGE_METRICS, change_queries(), strict=True):
        frame = run(spec, context)
        frame = frame[frame["p_value"].notna() & ~frame["suppressed"].astype(bool)]
        if not frame.empty:
            frames.append(frame.assign(metric=metric))
    if not frames:
        st.info(t("overview.no_changes"))
        return
    tests = pd.concat(frames, ignore_index=True)
    tests["q"] = benjamini_hochberg(tests["p_value"].to_numpy(dtype=float))
    found = tests[(tests["q"] < 0.05) & tests["significant"].astype(bool)].sort_values("q")
    if found.empty:
        st.info(t("overview.no_changes"))
        return
    language = i18n.current_language()
    table = pd.DataFrame(
        {
            t("dim.unit"): labels(found, "unit").to_numpy(),
            t("table.metric"): [facade.metric(m).name(language) for m in found["metric"]],
            t("table.comparison"): [
                charts.format_value(v, facade.metric(m))
                for v, m in zip(found["value_cmp"], found["metric"], strict=True)
            ],
            t("chart.value"): [
                charts.format_value(v, facade.metric(m))
                for v, m in zip(found["value"], found["metric"], strict=True)
            ],
            t("table.change"): [_delta_text(r, facade.metric(r["metric"])) for _, r in found.iterrows()],
            "n": [i18n.number(v, 0) for v in found["n"]],
            t("table.q_value"): [i18n.number(v, 3) for v in found["q"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="table_changes")


UNIT_KPIS = (
    "happy_index",
    "share_positive",
    "response_count",
    "statement_mean_normalized",
    "nps",
    "feedback_count",
    "moite_share",
    "reply_within_target",
    "case_count",
)


def unit_picker(context: Context) -> str | None:
    """The unit of the drill-down: the sidebar's unit, else a choice among the scope's units."""
    if context.filters.unit:
        return context.filters.unit
    names = context.options.names("unit")
    choices = sorted(names, key=lambda u: names[u])
    if not choices:
        charts.say_empty("out_of_scope")
        return None
    return st.selectbox(t("unit.choose"), choices, format_func=names.__getitem__, key="unit_page_choice")


def unit_comparison(unit: str) -> None:
    """Every KPI of one unit beside its service and the city (aggregates only for those)."""
    context = current()
    language = i18n.current_language()
    units = context.options.units
    service = units.loc[units["unit_id"] == unit, "service_id"].iloc[0]
    st.subheader(t("unit.comparison"))
    asks = {}
    for metric in UNIT_KPIS:
        base = context.filters.spec(metric, compare=None).with_(service_area=(), service=(), unit=())
        asks[metric] = (
            base.with_(unit=(unit,)),
            base.with_(service=(service,), public=context.public),
            base.with_(public=context.public),
        )
    prefetch([own for own, _, _ in asks.values()], [b for _, *bench in asks.values() for b in bench], context)
    rows = []
    for metric, (own_spec, peers_spec, city_spec) in asks.items():
        definition = facade.metric(metric)
        own = run(own_spec, context).iloc[0]
        peers = facade.benchmark(peers_spec).iloc[0]
        city = facade.benchmark(city_spec).iloc[0]
        rows.append(
            {
                "metric": definition.name(language),
                **{
                    f"{name}_value": charts.cell_text(r["value"], r["suppressed"], r["n"], definition)
                    for name, r in (("unit", own), ("service", peers), ("city", city))
                },
                **{
                    f"{name}_n": i18n.number(0 if pd.isna(r["n"]) else int(r["n"]), 0)
                    for name, r in (("unit", own), ("service", peers), ("city", city))
                },
            }
        )
    table = pd.DataFrame(rows).rename(
        columns={
            "metric": t("table.metric"),
            "unit_value": t("unit.this_unit"),
            "unit_n": f"{t('unit.this_unit')} n",
            "service_value": t("unit.service"),
            "service_n": f"{t('unit.service')} n",
            "city_value": t("unit.city"),
            "city_n": f"{t('unit.city')} n",
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="table_unit_comparison")
    st.download_button(
        t("chart.download_csv"),
        table.to_csv(index=False, sep=";").encode("utf-8-sig"),
        file_name="unit_comparison.csv",
        mime="text/csv",
        key="csv_unit_comparison",
    )


def methods() -> None:
    """Every metric's definition, formula and suppression rule in the UI language."""
    language = i18n.current_language()
    st.markdown(t("methods.statistics"))
    for channel in ("quick_feedback", "survey", "feedback", "case", "ombudsman"):
        st.subheader(t(f"source.{channel}"))
        rows = []
        for definition in facade.catalog().values():
            if definition.channel != channel:
                continue
            direction = {
                True: "methods.higher_better",
                False: "methods.lower_better",
                None: "methods.neutral",
            }
            rule = (
                t("methods.suppression_rule", min_n=definition.min_n)
                if definition.is_score
                else t("methods.suppression_count")
            )
            rows.append(
                {
                    t("methods.metric"): definition.name(language),
                    t("methods.description"): definition.description(language),
                    t("methods.formula"): definition.formula,
                    t("methods.unit"): t(f"unit.{definition.unit}"),
                    t("methods.direction"): t(direction[definition.higher_is_better]),
                    t("methods.suppression"): rule,
                }
            )
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"table_methods_{channel}")


def org_series(context: Context | None = None) -> str:
    """The organisation level to draw one line per: units within a chosen service, else services."""
    context = context or current()
    if (
        context.filters.service
        or context.filters.unit
        or context.scope.unit_ids is not None
        and not context.scope.service_area_ids
    ):
        return "unit"
    return "service"


def survey_picker() -> str | None:
    """A survey choice on the surveys page (all surveys by default)."""
    surveys = facade.dimensions().surveys
    names = dict(zip(surveys["survey_id"], surveys[i18n.name_column()], strict=True))
    choice = st.selectbox(
        t("surveys.survey"),
        ["", *sorted(names, key=names.__getitem__)],
        key="survey_choice",
        format_func=lambda v, every=t("filters.all"): names.get(v, v) if v else every,
    )
    return choice or None


def ranking_queries(**changes) -> tuple[QuerySpec, QuerySpec]:
    """The ranking's units query and its city benchmark query, for ``prefetch``."""
    context = current()
    units = context.filters.spec("happy_index", group_by=("unit",), compare=None, **changes)
    city = context.filters.spec("happy_index", compare=None).with_(
        service_area=(), service=(), unit=(), public=context.public
    )
    return units, city


def _ranked(context: Context, **changes) -> pd.DataFrame:
    definition = facade.metric("happy_index")
    units, city_spec = ranking_queries(**changes)
    frame = run(units, context)
    city = facade.benchmark(city_spec).iloc[0]
    city_value = None if bool(city["suppressed"]) or pd.isna(city["value"]) else float(city["value"])
    return rank_units(frame, city_value, higher_is_better=bool(definition.higher_is_better))


def _ranking_table(ranked: pd.DataFrame) -> pd.DataFrame:
    definition = facade.metric("happy_index")
    return pd.DataFrame(
        {
            t("table.rank"): ranked["rank"].to_numpy(),
            t("dim.unit"): labels(ranked, "unit").to_numpy(),
            t("table.shrunken"): [charts.format_value(v, definition) for v in ranked["score"]],
            t("table.raw_value"): [charts.format_value(v, definition) for v in ranked["value"]],
            "n": [i18n.number(v, 0) for v in ranked["n"]],
        }
    )


def best_and_worst(size: int = 5) -> None:
    """The best and weakest units on the shrunken happy index, raw value and n beside it."""
    context = current()
    st.subheader(t("overview.ranking"))
    st.caption(t("overview.ranking_help"))
    ranked = _ranked(context)
    if _show_empty(ranked):
        return
    best, worst = st.columns(2)
    with best:
        st.markdown(f"**{t('overview.best')}**")
        st.dataframe(_ranking_table(ranked.head(size)), hide_index=True, width="stretch", key="table_best")
    with worst:
        st.markdown(f"**{t('overview.worst')}**")
        tail = ranked.tail(min(size, max(len(ranked) - size, 0))).iloc[::-1]
        if tail.empty:
            st.info(t("overview.all_in_best", n=len(ranked)))
        else:
            st.dataframe(_ranking_table(tail), hide_index=True, width="stretch", key="table_worst")


def unit_rank(unit: str) -> None:
    """The unit's rank among its service's units, where the scope covers them all."""
    context = current()
    st.subheader(t("unit.rank"))
    units = facade.dimensions().units
    service = units.loc[units["unit_id"] == unit, "service_id"].iloc[0]
    peers = set(units.loc[units["service_id"] == service, "unit_id"])
    if context.scope.unit_ids is not None and not peers <= context.scope.unit_ids:
        st.info(t("unit.rank_hidden"))
        return
    ranked = _ranked(context, service_area=(), service=(service,), unit=())
    mine = ranked[ranked["unit_id"] == unit]
    if mine.empty:
        charts.say_empty("suppressed" if len(ranked) else "no_data")
        return
    st.markdown(t("unit.rank_value", rank=int(mine["rank"].iloc[0]), count=len(ranked)))
    st.dataframe(_ranking_table(ranked), hide_index=True, width="stretch", key="table_unit_rank")
