"""The weekly unit report: one unit's week — happy index and answer distribution against the
previous weeks and the service, the changes the statistics support, and the feedback received —
as an e-mail body (HTML) and a PDF for the unit manager."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

import texts
from exhibits import build
from exhibits.model import Deck, Exhibit
from exhibits.selection import Filters, Options
from exhibits.source import Source
from exhibits.view import View, metric
from figures import charts
from figures.tables import display_table, empty_reason, unit_title
from metrics.findings import find
from metrics.spec import Period
from reports.sentences import summary
from texts import t

HISTORY_WEEKS = 12
"""Weeks drawn before and including the report's week."""
CHANGE_METRICS = ("happy_index", "share_positive", "response_count", "feedback_count")
TILES = [("happy_index", ("share_positive", "response_count")), ("feedback_count", ("reply_within_target",))]


def unit_view(source: Source, unit: str, week: Period) -> View:
    """The unit manager's view of one week compared with the previous week."""
    dims = source.dimensions()
    options = Options.for_scope(dims.units, dims.services, dims.service_areas, source.scope)
    filters = Filters(period=week, preset="custom", unit=unit, grain="week", compare="previous")
    return View(source, filters, options)


def history(week: Period) -> Period:
    """The report's week and the weeks before it."""
    return Period(week.start - timedelta(weeks=HISTORY_WEEKS - 1), week.end)


def against_service(view: View, unit: str, week: Period) -> Exhibit:
    """The unit's weekly happy index beside its service's (aggregates only) over the recent weeks."""
    definition = metric("happy_index")
    title = t("report.weekly_against_service")
    units = view.source.dimensions().units
    service = units.loc[units["unit_id"] == unit, "service_id"].iloc[0]
    spec = view.spec("happy_index", grain="week", compare=None, period=history(week))
    own = view.run(spec)
    peers = view.benchmark(spec.with_(unit=(), service=(service,)))
    reason = empty_reason(own)
    if reason:
        return build.empty_exhibit(view, "wk_against_service", title, reason, definition)
    names = {**view.options.names("unit"), **view.options.names("service")}
    frame = pd.concat(
        [
            own.assign(series_label=names.get(unit, unit)),
            peers.assign(series_label=names.get(service, service)),
        ],
        ignore_index=True,
    ).sort_values("period", kind="stable")
    frame["period_label"] = build.period_labels(frame, "week")
    figure = charts.line_chart(frame, "period_label", "series_label", title, unit_title(definition))
    columns = build.table_columns(
        definition, {"period_label": t("table.period"), "series_label": t("report.unit_or_service")}
    )
    table = display_table(frame, columns, definition)
    return build.chart_exhibit(view, "wk_against_service", title, definition, own, figure, table)


def weekly_deck(source: Source, unit: str, week: Period, language: str) -> Deck:
    """The weekly report of ``unit`` for ``week`` (Monday to Sunday)."""
    with texts.use_language(language):
        view = unit_view(source, unit, week)
        found = []
        for metric_id in CHANGE_METRICS:
            spec = view.for_viewer(view.spec(metric_id))
            found.append((find(view.source.query(spec).iloc[0], metric(metric_id), spec), None))
        exhibits = [
            build.kpi_tiles(view, TILES, key="wk_kpis"),
            against_service(view, unit, week),
            *build.distribution(view, "wk_distribution", period=history(week), grain="week"),
            build.received(view, "wk_received"),
        ]
        name = view.options.names("unit").get(unit, unit)
        week_name = build.period_name(week)
        return Deck(
            title=t("report.weekly_title", unit=name, week=week_name),
            subtitle=view.caption(),
            language=language,
            exhibits=tuple(e for e in exhibits if e.empty != "no_data" or e.key == "wk_received"),
            summary=tuple(summary(found, week.previous(), language)),
        )
