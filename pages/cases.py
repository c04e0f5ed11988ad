"""Muistutukset ja kantelut: cases by kind and service area per year, reasons, outcomes, rates; ombudsman."""

import streamlit as st

from ui import views
from ui.i18n import t

views.header("cases")
views.trend("case_count", "cs_kinds", series="case_kind", grain="year")
views.crosstab("case_count", "case_kind", "service_area", "cs_crosstab", t("cases.by_kind"))
views.breakdown("case_count", "reason", "cs_reasons", title=t("cases.reasons"))
views.breakdown("case_count", "outcome", "cs_outcomes", title=t("cases.outcomes"))
views.breakdown("cases_per_10k_visits", "service_area", "cs_per_visits", title=t("cases.per_visits"))
st.header(t("cases.ombudsman"))
views.grouped_bars("ombudsman_contacts", "topic", "sector", "om_topics", t("cases.ombudsman"))
views.breakdown("matters_per_contact", "sector", "om_matters")
