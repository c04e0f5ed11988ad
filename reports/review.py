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
from exhibits import build, seed_tables
from exhibits.events import events_sentence
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
BY_SERVICE = ("happy_index", "nps", "school_grade")
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
            [("feedback_count", ("moite_share",))],
            key="rv_feedback_kpis",
            title=t("seed.feedback_tiles"),
        ),
        seed_tables.handling(view, "rv_handling"),
        build.versus(view, "feedback_count", "feedback_type", "rv_types", t("report.feedback_by_type")),
        build.versus(
            view,
            "feedback_count",
            "category",
            "rv_categories",
            t("report.top_categories"),
            top=TOP_CATEGORIES,
        ),
        build.trend(
            view, "feedback_count", "rv_feedback_trend", series="feedback_type", title=t("feedback.by_type")
        ),
    ]


def _topics(view: View) -> list[Exhibit]:
    return seed_tables.topic_tables(view, "rv_topic")


def _experience(view: View) -> list[Exhibit]:
    return [
        build.versus(view, "happy_index", "service", "rv_happy", t("report.happy_by_service")),
        build.versus(view, "nps", "service", "rv_nps", t("report.nps_by_service")),
        build.versus(view, "school_grade", "service", "rv_grades", t("surveys.grades")),
    ]


def _surveys(view: View) -> list[Exhibit]:
    return seed_tables.statement_tables(view, "rv_statements")


def _annual_surveys(view: View) -> list[Exhibit]:
    return [*_surveys(view), *seed_tables.grades_by_unit(view, "rv_unit_grades")]


def _cases(view: View) -> list[Exhibit]:
    return [
        build.versus(view, "case_count", "case_kind", "rv_cases", t("report.cases_by_kind")),
        build.versus(view, "complaint_count", "service_area", "rv_case_areas", t("seed.complaints_versus")),
        build.versus(view, "ombudsman_contacts", "sector", "rv_ombudsman", t("cases.ombudsman")),
    ]


def _annual_cases(view: View) -> list[Exhibit]:
    return [seed_tables.complaints_by_area(view, "rv_complaints_years"), *_cases(view)]


def _volumes(view: View) -> list[Exhibit]:
    return [seed_tables.channel_volumes(view, "rv_volumes")]


Section = tuple[str, Callable[[View], list[Exhibit]]]
QUARTERLY: tuple[Section, ...] = (
    ("report.section_feedback", _feedback),
    ("seed.section_topics", _topics),
    ("report.section_experience", _experience),
    ("seed.section_surveys", _surveys),
    ("report.section_cases", _cases),
)
"""Seed 002's order: feedback by type, handling, categories, topic tables; surveys; cases."""
ANNUAL: tuple[Section, ...] = (
    ("seed.section_volumes", _volumes),
    ("report.section_feedback", _feedback),
    ("seed.section_topics", _topics),
    ("report.section_experience", _experience),
    ("seed.section_surveys", _annual_surveys),
    ("report.section_cases", _annual_cases),
)
"""Seed 004's order: the channels by year (Taulukko 1), then each channel; surveys with their
statement and grade tables (Taulukot 3/5/7, 6/8); cases as seed 000 Table 3."""
SECTIONS = {"quarterly": QUARTERLY, "annual": ANNUAL}


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


def fact_sentences(view: View) -> list[str]:
    """The seed reports' own sentences: the handling time against the target, each rising
    topic's volume, and the events that fall within the compared periods."""
    handling = {m: view.run(view.spec(m, compare="last_year")).iloc[0] for m in seed_tables.HANDLING}
    said = [seed_tables.handling_sentence(handling)]
    said += [e.intro for e in seed_tables.topic_tables(view)]
    period = view.filters.period
    said.append(events_sentence(view, period.last_year().start, period.end))
    return [line for line in said if line]


def review_deck(source: Source, period: Period, kind: str, language: str, under: Rule = BOARD) -> Deck:
    """The quarterly (``kind="quarterly"``) or yearly (``"annual"``) review as a deck.

    When the data do not cover the whole period, the subtitle (the first page) says how far they
    reach and which stretches are compared.
    """
    with texts.use_language(language):
        view = review_view(source, period, under)
        since = period.last_year()
        said = fact_sentences(view) + summary_sentences(findings(view), since, language, view.name_of)
        exhibits: list[Exhibit] = []
        sections: list[tuple[str, int]] = []
        for heading, builder in SECTIONS[kind]:
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
