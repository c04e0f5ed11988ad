"""The quarterly review "Miten onnistuimme?" and the yearly "asiakastilinpäätös", built from the catalog.

Both compare the period with the same period a year earlier: feedback volumes by type and the
top categories, the happy index and NPS by service, survey results, cases and ombudsman
contacts, led by generated sentences that state only what the statistics support. Each city
figure is said as ``run_query`` classified it — the same row, and so the same words, as its
tile — and a service is named only for a real change within its list (Benjamini–Hochberg over
the services of one metric, decided in metrics/comparison.py). Changes are computed on what
both periods share (channels, surveys, units) and say so; a period the data reach only in part
is compared on the same days a year earlier, and the first page says how far the data reach.
Board papers are public documents, so the open-data suppression rules apply (counts 1–4 hidden
as well); the national rule (``rules.rule("national", …)``) hides cells under 10 answers too.
"""

from __future__ import annotations

from collections.abc import Callable

import texts
from exhibits import build
from exhibits.model import Deck, Exhibit
from exhibits.notes import Namer
from exhibits.selection import Filters, Options
from exhibits.source import Source
from exhibits.view import View, metric
from metrics.findings import Finding, findings_of, ordered
from metrics.spec import Period
from reports.periods import coverage
from reports.rules import Rule, rule
from reports.sentences import sentences
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
BOARD = rule("standard", public=True)
"""The review's default rule: public tables (board papers are public documents)."""


def review_view(source: Source, period: Period, under: Rule = BOARD) -> View:
    """The public, city-wide view of a review period compared with a year earlier."""
    dims = source.dimensions()
    options = Options.for_scope(dims.units, dims.services, dims.service_areas, source.scope)
    grain = "month" if period.days <= 92 else "quarter"
    filters = Filters(period=period, preset="custom", grain=grain, compare="last_year")
    return View(source, filters, options, public=under.public, min_n=under.min_n)


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


def summary_sentences(
    found: list[tuple[Finding, str | None]], since: Period, language: str, names: Namer | None = None
) -> list[str]:
    """Sentences on every city figure (subject None) and on the services' real changes, real
    changes first. Each finding keeps ``run_query``'s classification: a city figure's is its
    tile's, a service's is its list's (FDR over the services of one metric)."""
    keep = [i for i in ordered(f for f, _ in found) if found[i][1] is None or found[i][0].is_change]
    return sentences([found[i] for i in keep], since, language, names)


def findings(view: View) -> list[tuple[Finding, str | None]]:
    """The report's compared figures: the city's (subject None), then each service's."""
    found: list[tuple[Finding, str | None]] = []
    for metric_id in SUMMARY_METRICS:
        spec = view.for_viewer(view.spec(metric_id))
        found.append((findings_of(view.source.query(spec), metric(metric_id), spec)[0], None))
    names = view.options.names("service")
    for metric_id in BY_SERVICE:
        spec = view.for_viewer(view.spec(metric_id, group_by=("service",)))
        frame = view.source.query(spec)
        name = metric(metric_id).name(texts.current_language())
        for service, finding in zip(
            frame["service_id"], findings_of(frame, metric(metric_id), spec), strict=True
        ):
            found.append((finding, f"{name} ({names.get(service, service)})"))
    return found


def review_deck(source: Source, period: Period, kind: str, language: str, under: Rule = BOARD) -> Deck:
    """The quarterly (``kind="quarterly"``) or yearly (``"annual"``) review as a deck.

    When the data do not cover the whole period, the subtitle (the first page) says how far they
    reach and which stretches are compared.
    """
    with texts.use_language(language):
        view = review_view(source, period, under)
        since = period.last_year()
        said = summary_sentences(findings(view), since, language, view.name_of)
        exhibits: list[Exhibit] = []
        sections: list[tuple[str, int]] = []
        for heading, builder in SECTIONS:
            shown = [e for e in builder(view) if e.empty != "no_data"]
            if shown:
                sections.append((t(heading), len(exhibits)))
                exhibits.extend(shown)
        covered = coverage(source, period, "last_year")
        through = t("kpi.data_through", date=texts.day(covered.through)) if covered.through else None
        subtitle = " · ".join(
            filter(
                None,
                (
                    t(f"report.{kind}_subtitle", period=build.period_name(period)),
                    view.filters_text(),
                    covered.note(language) or through,
                ),
            )
        )
        return Deck(
            title=t(f"report.{kind}_title", period=build.period_name(period)),
            subtitle=subtitle,
            language=language,
            exhibits=tuple(exhibits),
            summary=tuple(said),
            sections=tuple(sections),
        )
