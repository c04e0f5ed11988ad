"""Yleiskuva: one KPI tile per channel, what changed (real changes only), best and weakest units
(or, for a unit manager, their unit's place among its peers), every channel's volume by year
(seed 004 Taulukko 1)."""

from exhibits import build, overview, seed_tables, units
from texts import t
from ui import views

context = views.header("overview")
view = views.view(context)
views.prefetch(*overview.queries(view))
views.show_page(
    "overview",
    [
        build.kpi_tiles(view, overview.TILES),
        build.what_changed(view),
        *units.ranking_items(view),
        t("seed.page_heading"),
        seed_tables.channel_volumes(view),
    ],
)
