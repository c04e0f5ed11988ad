"""Yleiskuva: one KPI tile per channel, what changed (real changes only), best and weakest units
(or, for a unit manager, their unit's place among its peers), every channel's volume by year
(seed 004 Taulukko 1)."""

from exhibits import build, seed_tables, units
from texts import t
from ui import views

TILES = [
    ("happy_index", ("share_positive",)),
    ("nps", ("statement_mean_normalized",)),
    ("feedback_count", ("moite_share", "reply_within_target")),
    ("complaint_count", ("ombudsman_contacts",)),
]

context = views.header("overview")
view = views.view(context)
ranking, city = units.ranking_queries(view)
views.prefetch(
    [
        *build.tile_queries(view, TILES),
        *build.change_queries(view),
        *seed_tables.volume_queries(view),
        ranking,
    ],
    [city],
)
views.show_page(
    "overview",
    [
        build.kpi_tiles(view, TILES),
        build.what_changed(view),
        *units.ranking_items(view),
        t("seed.page_heading"),
        seed_tables.channel_volumes(view),
    ],
)
