"""Yleiskuva: one KPI tile per channel, what changed (real changes only), best and weakest units."""

from exhibits import build, units
from texts import t
from ui import views

TILES = [
    ("happy_index", ("share_positive",)),
    ("nps", ("statement_mean_normalized",)),
    ("feedback_count", ("moite_share", "reply_within_target")),
    ("case_count", ("ombudsman_contacts",)),
]

context = views.header("overview")
view = views.view(context)
ranking, city = units.ranking_queries(view)
views.prefetch([*build.tile_queries(view, TILES), *build.change_queries(view), ranking], [city])
views.show_page(
    "overview",
    [
        build.kpi_tiles(view, TILES),
        build.what_changed(view),
        t("overview.ranking"),
        units.best_and_worst(view),
    ],
)
