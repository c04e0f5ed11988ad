"""Muistutukset ja kantelut: cases by kind and service area per year, reasons, outcomes, rates;
muistutukset and kantelut by service area and year with appeals apart (seed 000 Table 3); ombudsman."""

from exhibits import build, seed_tables
from texts import t
from ui import views

context = views.header("cases")
view = views.view(context)
views.prefetch(seed_tables.complaint_queries(view))
views.show_page(
    "cases",
    [
        build.trend(view, "case_count", "cs_kinds", series="case_kind", grain="year"),
        build.crosstab(view, "case_count", "case_kind", "service_area", "cs_crosstab", t("cases.by_kind")),
        build.breakdown(view, "case_count", "reason", "cs_reasons", title=t("cases.reasons")),
        build.breakdown(view, "case_count", "outcome", "cs_outcomes", title=t("cases.outcomes")),
        build.breakdown(
            view, "cases_per_10k_visits", "service_area", "cs_per_visits", title=t("cases.per_visits")
        ),
        seed_tables.complaints_by_area(view),
        t("cases.ombudsman"),
        build.grouped_bars(view, "ombudsman_contacts", "topic", "sector", "om_topics", t("cases.ombudsman")),
        build.breakdown(view, "matters_per_contact", "sector", "om_matters"),
    ],
)
