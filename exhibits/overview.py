"""The overview's exhibits and the queries they start from (the page and the server's warm-up)."""

from __future__ import annotations

from exhibits import build, seed_tables, units
from exhibits.view import View
from metrics.spec import QuerySpec

TILES = [
    ("happy_index", ("share_positive",)),
    ("nps", ("statement_mean_normalized",)),
    ("feedback_count", ("moite_share", "reply_within_target")),
    ("complaint_count", ("ombudsman_contacts",)),
]
"""One KPI tile per channel: its headline metric and the secondary ones under it."""


def queries(view: View) -> tuple[list[QuerySpec], list[QuerySpec]]:
    """The overview's independent queries and its benchmark queries, for prefetching."""
    ranking, city = units.ranking_queries(view)
    return [
        *build.tile_queries(view, TILES),
        *build.change_queries(view),
        *seed_tables.volume_queries(view),
        ranking,
    ], [city]
