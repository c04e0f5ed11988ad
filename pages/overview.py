"""Yleiskuva: one KPI tile per channel, what changed significantly, best and weakest units."""

import streamlit as st

from ui import views
from ui.i18n import t

TILES = [
    ("happy_index", ("share_positive",)),
    ("nps", ("statement_mean_normalized",)),
    ("feedback_count", ("moite_share", "reply_within_target")),
    ("case_count", ("ombudsman_contacts",)),
]

views.header("overview")
ranking, city = views.ranking_queries()
views.prefetch([*views.tile_queries(TILES), *views.change_queries(), ranking], [city])
st.subheader(t("overview.tiles"))
views.kpi_tiles(TILES)
views.what_changed()
views.best_and_worst()
