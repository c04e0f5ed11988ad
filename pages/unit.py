"""Yksikkö: one unit against its service and the city on every KPI, its trend and rank among peers."""

import streamlit as st

from ui import views
from ui.i18n import t

context = views.header("unit")
unit = views.unit_picker(context)
if unit:
    views.unit_comparison(unit)
    st.header(t("unit.trend"))
    views.trend("happy_index", "un_happy", unit=(unit,), service=(), service_area=())
    views.trend(
        "feedback_count", "un_feedback", series="feedback_type", unit=(unit,), service=(), service_area=()
    )
    views.unit_rank(unit)
