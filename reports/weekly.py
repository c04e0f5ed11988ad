"""The weekly unit report: one unit's week — happy index and answer distribution against the
previous weeks and the service, the changes the statistics support, and the feedback received —
as an e-mail body (HTML) and a PDF for the unit manager.

The summary speaks of the same rows as the key-figure cards (the same queries, each classified
once by ``run_query``), so a sentence never contradicts its card; a week the data reach only in
part is compared on the same number of days of the week before, and the subtitle says so.
"""

from __future__ import annotations

from dataclasses import replace
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
from metrics.findings import findings_of
from metrics.spec import Period
from reports.periods import coverage
from reports.rules import Rule, rule
from reports.sentences import summary
from texts import t

HISTORY_WEEKS = 12
"""Weeks drawn before and including the report's week."""
CHANGE_METRICS = ("happy_index", "share_positive", "response_count", "feedback_count")
TILES = [("happy_index", ("share_positive", "response_count")), ("feedback_count", ("reply_within_target",))]


INTERNAL = rule("standard", public=False)
"""The weekly report's default rule: an internal report to the unit's manager."""


def unit_view(source: Source, unit: str, week: Period, under: Rule = INTERNAL) -> View:
    """The unit manager's view of one week compared with the previous week."""
    dims = source.dimensions()
    options = Options.for_scope(dims.units, dims.services, dims.service_areas, source.scope)
    filters = Filters(period=week, preset="custom", unit=unit, grain="week", compare="previous")
    return View(source, filters, options, public=under.public, min_n=under.min_n)


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
    min_n = view.threshold(spec)
    figure = charts.line_chart(
        frame, "period_label", "series_label", title, unit_title(definition), min_n=min_n
    )
    columns = build.table_columns(
        definition, {"period_label": t("table.period"), "series_label": t("report.unit_or_service")}
    )
    table = display_table(frame, columns, definition, min_n)
    return build.chart_exhibit(view, "wk_against_service", title, definition, own, figure, table, min_n)


def in_report(received: Exhibit) -> Exhibit:
    """The feedback received as the report prints it: the report is itself the export, so its
    intro says only that the personal data are masked."""
    if received.empty:
        return received
    return replace(received, intro=t("seed.received_in_report", count=texts.number(received.n, 0)))


def weekly_deck(source: Source, unit: str, week: Period, language: str, under: Rule = INTERNAL) -> Deck:
    """The weekly report of ``unit`` for ``week`` (Monday to Sunday)."""
    with texts.use_language(language):
        view = unit_view(source, unit, week, under)
        found = []
        for metric_id in CHANGE_METRICS:
            spec = view.for_viewer(view.spec(metric_id))
            found.append((findings_of(view.source.query(spec), metric(metric_id), spec)[0], None))
        exhibits = [
            build.kpi_tiles(view, TILES, key="wk_kpis"),
            against_service(view, unit, week),
            *build.distribution(view, "wk_distribution", period=history(week), grain="week"),
            in_report(build.received(view, "wk_received")),
        ]
        name = view.options.names("unit").get(unit, unit)
        week_name = build.period_name(week)
        note = coverage(source, week, "previous").note(language)
        return Deck(
            title=t("report.weekly_title", unit=name, week=week_name),
            subtitle=" · ".join(filter(None, (view.caption(), note))),
            language=language,
            exhibits=tuple(e for e in exhibits if e.empty != "no_data" or e.key == "wk_received"),
            summary=tuple(summary(found, week.previous(), language, view.name_of)),
        )
