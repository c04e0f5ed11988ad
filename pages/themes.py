"""Mistä asiakkaat kirjoittavat: themes of open feedback, their change, and masked examples per theme."""

import streamlit as st

from exhibits import themes
from texts import label, t
from ui import views

context = views.header("themes")
view = views.view(context)
if not context.scope.open_text:
    st.info(t("themes.not_allowed"))
    st.stop()
chosen = st.selectbox(t("themes.choose"), themes.theme_ids(), format_func=lambda theme: label("theme", theme))
views.show_page(
    "themes",
    [
        themes.themes_by_period(view),
        themes.themes_by_organisation(view, views.org_series(context)),
        themes.themes_by_sentiment(view),
        *themes.theme_drill(view, chosen),
    ],
)
