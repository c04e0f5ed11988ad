"""Yleiskuva: one KPI tile per channel, what changed significantly, best and weakest units."""

import sys
import time

import streamlit as st

from ui import views
from ui.i18n import t

TILES = [
    ("happy_index", ("share_positive",)),
    ("nps", ("statement_mean_normalized",)),
    ("feedback_count", ("moite_share", "reply_within_target")),
    ("case_count", ("ombudsman_contacts",)),
]
T0 = time.perf_counter()
views.header("overview")
T1 = time.perf_counter()
ranking, city = views.ranking_queries()
views.prefetch([*views.tile_queries(TILES), *views.change_queries(), ranking], [city])
T2 = time.perf_counter()
st.subheader(t("overview.tiles"))
views.kpi_tiles(TILES)
T3 = time.perf_counter()
views.what_changed()
views.best_and_worst()
T4 = time.perf_counter()
print(f"PROF header {T1-T0:.3f} prefetch {T2-T1:.3f} tiles {T3-T2:.3f} rest {T4-T3:.3f}", file=sys.stderr)
