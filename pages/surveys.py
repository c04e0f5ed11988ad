"""Asiakaskyselyt: statements with intervals and n, normalised comparison, NPS, grades, language, role."""

import streamlit as st

from ui import views
from ui.i18n import t

views.header("surveys")
survey = views.survey_picker()
only = {"survey": (survey,)} if survey else {}
views.breakdown("statement_mean", "item", "sv_statements", title=t("surveys.statements"), **only)
views.breakdown("statement_mean_normalized", "item", "sv_normalised", title=t("surveys.normalised"), **only)
views.trend("nps", "sv_nps", title=t("surveys.nps"), **only)
views.breakdown("school_grade", views.org_series(), "sv_grades", title=t("surveys.grades"), **only)
views.breakdown(
    "statement_mean_normalized", "language", "sv_language", title=t("surveys.by_language"), **only
)
views.breakdown("statement_mean_normalized", "respondent_role", "sv_role", title=t("surveys.by_role"), **only)
st.caption(t("methods.statistics"))
