"""Asiakaskyselyt: statements with intervals and n, normalised comparison, NPS, grades, language, role; the
yearly statement and grade tables with their change (seed 004 Taulukot 3/5/7 and 6/8)."""

import streamlit as st

from exhibits import build, seed_tables
from exhibits.view import View
from texts import t
from ui import presentation, views

context = views.header("surveys")
survey = views.survey_picker()
only = {"survey": (survey,)} if survey else {}
grades_by = views.org_series(context)


def exhibits(view: View) -> list[views.Item]:
    return [
        build.breakdown(
            view, "statement_mean", "item", "sv_statements", title=t("surveys.statements"), **only
        ),
        build.breakdown(
            view, "statement_mean_normalized", "item", "sv_normalised", title=t("surveys.normalised"), **only
        ),
        build.trend(view, "nps", "sv_nps", title=t("surveys.nps"), **only),
        build.breakdown(view, "school_grade", grades_by, "sv_grades", title=t("surveys.grades"), **only),
        build.breakdown(
            view,
            "statement_mean_normalized",
            "language",
            "sv_language",
            title=t("surveys.by_language"),
            **only,
        ),
        build.breakdown(
            view,
            "statement_mean_normalized",
            "respondent_role",
            "sv_role",
            title=t("surveys.by_role"),
            **only,
        ),
        t("seed.page_heading"),
        *seed_tables.statement_tables(view, survey=survey),
        *seed_tables.grades_by_unit(view, survey=survey),
    ]


views.show_page("surveys", views.prefetched(exhibits, context))
if not presentation.active():
    st.caption(t("methods.statistics"))
