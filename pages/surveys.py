"""Asiakaskyselyt: statements with intervals and n, normalised comparison, NPS, grades, language, role; the
yearly statement and grade tables with their change (seed 004 Taulukot 3/5/7 and 6/8)."""

import streamlit as st

from exhibits import build, seed_tables
from texts import t
from ui import presentation, views

context = views.header("surveys")
view = views.view(context)
survey = views.survey_picker()
only = {"survey": (survey,)} if survey else {}
views.show_page(
    "surveys",
    [
        views.later(
            build.breakdown,
            view,
            "statement_mean",
            "item",
            "sv_statements",
            title=t("surveys.statements"),
            **only,
        ),
        views.later(
            build.breakdown,
            view,
            "statement_mean_normalized",
            "item",
            "sv_normalised",
            title=t("surveys.normalised"),
            **only,
        ),
        views.later(build.trend, view, "nps", "sv_nps", title=t("surveys.nps"), **only),
        views.later(
            build.breakdown,
            view,
            "school_grade",
            views.org_series(context),
            "sv_grades",
            title=t("surveys.grades"),
            **only,
        ),
        views.later(
            build.breakdown,
            view,
            "statement_mean_normalized",
            "language",
            "sv_language",
            title=t("surveys.by_language"),
            **only,
        ),
        views.later(
            build.breakdown,
            view,
            "statement_mean_normalized",
            "respondent_role",
            "sv_role",
            title=t("surveys.by_role"),
            **only,
        ),
        t("seed.page_heading"),
        views.later(seed_tables.statement_tables, view, survey=survey),
        views.later(seed_tables.grades_by_unit, view, survey=survey),
    ],
)
if not presentation.active():
    st.caption(t("methods.statistics"))
