"""The quarterly review "Miten onnistuimme?" and the yearly "asiakastilinpäätös", built from the catalog.

Both compare the period with the same period a year earlier: feedback volumes by type and the
top categories, the happy index and NPS by service, survey results, cases and ombudsman
contacts, led by generated sentences that state only the changes the statistics support
(Benjamini–Hochberg over all the report's tests). Board papers are public documents, so the
open-data suppression rules apply (counts 1–4 hidden as well).
"""

from __future__ import annotations

from collections.abc import Callable

import texts
from exhibits import build
from exhibits.model import Deck, Exhibit
from exhibits.selection import Filters, Options
from exhibits.source import Source
from exhibits.view import View, metric
from metrics.findings import Finding, adjust, find, ordered
from metrics.spec import Period
from reports.sentences import sentence
from texts import t

TOP_CATEGORIES = 10
SUMMARY_METRICS = (
    "feedback_count",
    "reply_within_target",
    "handling_working_days",
    "happy_index",
    "share_positive",
    "nps",
    "school_grade",
    "case_count",
    "ombudsman_contacts",
)
"""The city-level figures the summary speaks about, each compared with a year earlier."""
BY_SERVICE = ("happy_index", "nps")
"""Figures also summarised per service (the changes a board asks about)."""


def review_view(source: Source, period: Period) -> View:
    """The public, city-wide view of a review period compared with a year earlier."""
    dims = source.dimensions()
    options = Options.for_scope(dims.units, dims.services, dims.service_areas, source.scope)
    grain = "month" if period.days <= 92 else "quarter"
    filters = Filters(period=period, preset="custom", grain=grain, compare="last_year")
    return View(source, filters, options, public=True)


def _feedback(view: View) -> list[Exhibit]:
    return [
        build.kpi_tiles(
            view,
            [("feedback_count", ("moite_share",)), ("reply_within_target", ("handling_working_days",))],
            key="rv_feedback_kpis",
        ),
        build.versus(view, "feedback_count", "feedback_type", "rv_types", t("report.feedback_by_type")),
        build.versus(
            view,
            "feedback_count",
            "category",
            "rv_categories",
            t("report.top_categories"),
            top=TOP_CATEGORIES,
        ),
        build.crosstab(
            view, "feedback_count", "category", "feedback_type", "rv_crosstab", t("feedback.crosstab")
        ),
        build.trend(
            view, "feedback_count", "rv_feedback_trend", series="feedback_type", title=t("feedback.by_type")
        ),
    ]


def _experience(view: View) -> list[Exhibit]:
    return [
        build.versus(view, "happy_index", "service", "rv_happy", t("report.happy_by_service")),
        build.versus(view, "nps", "service", "rv_nps", t("report.nps_by_service")),
        build.versus(view, "school_grade", "service", "rv_grades", t("surveys.grades")),
        build.breakdown(
            view, "statement_mean_normalized", "theme", "rv_themes", title=t("report.survey_themes")
        ),
    ]


def _cases(view: View) -> list[Exhibit]:
    return [
        build.versus(view, "case_count", "case_kind", "rv_cases", t("report.cases_by_kind")),
        build.versus(view, "case_count", "service_area", "rv_case_areas", t("report.cases_by_area")),
        build.versus(view, "ombudsman_contacts", "sector", "rv_ombudsman", t("cases.ombudsman")),
    ]


SECTIONS: tuple[tuple[str, Callable[[View], list[Exhibit]]], ...] = (
    ("report.section_feedback", _feedback),
    ("report.section_experience", _experience),
    ("report.section_cases", _cases),
)


def summary_sentences(found: list[tuple[Finding, str | None]], since: Period, language: str) -> list[str]:
    """Sentences on every city figure and on the services' real changes, real changes first.

    All findings are adjusted together (Benjamini–Hochberg), so testing fifteen services does
    not turn chance into news.
    """
    adjusted = adjust([finding for finding, _ in found])
    keep = [i for i in ordered(adjusted) if found[i][1] is None or adjusted[i].is_change]
    return [sentence(adjusted[i], found[i][1], since, language) for i in keep]


def findings(view: View) -> list[tuple[Finding, str | None]]:
    """The report's compared figures: the city's (subject None), then each service's."""
    found: list[tuple[Finding, str | None]] = []
    for metric_id in SUMMARY_METRICS:
        spec = view.for_viewer(view.spec(metric_id))
        found.append((find(view.source.query(spec).iloc[0], metric(metric_id), spec), None))
    names = view.options.names("service")
    for metric_id in BY_SERVICE:
        spec = view.for_viewer(view.spec(metric_id, group_by=("service",)))
        for _, row in view.source.query(spec).iterrows():
            service = names.get(row["service_id"], row["service_id"])
            subject = f"{metric(metric_id).name(texts.current_language())} ({service})"
            found.append((find(row, metric(metric_id), spec), subject))
    return found


def review_deck(source: Source, period: Period, kind: str, language: str) -> Deck:
    """The quarterly (``kind="quarterly"``) or yearly (``"annual"``) review as a deck."""
    with texts.use_language(language):
        view = review_view(source, period)
        since = period.last_year()
        sentences = summary_sentences(findings(view), since, language)
        exhibits: list[Exhibit] = []
        sections: list[tuple[str, int]] = []
        for heading, builder in SECTIONS:
            shown = [e for e in builder(view) if e.empty != "no_data"]
            if shown:
                sections.append((t(heading), len(exhibits)))
                exhibits.extend(shown)
        through = source.data_through()
        latest = max((d for d in through.values() if d), default=None)
        subtitle = " · ".join(
            filter(
                None,
                (
                    t(f"report.{kind}_subtitle", period=build.period_name(period)),
                    view.filters_text(),
                    t("kpi.data_through", date=texts.day(latest)) if latest else None,
                ),
            )
        )
        return Deck(
            title=t(f"report.{kind}_title", period=build.period_name(period)),
            subtitle=subtitle,
            language=language,
            exhibits=tuple(exhibits),
            summary=tuple(sentences),
            sections=tuple(sections),
        )
