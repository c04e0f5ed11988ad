"""Yksikkö: one unit against its service and the city on every KPI, its trend and rank among peers."""

from exhibits import build, units
from texts import t
from ui import views

context = views.header("unit")
view = views.view(context)
unit = views.unit_picker(context)
if unit:
    asks = units.comparison_queries(view, unit)
    views.prefetch([own for own, _, _ in asks.values()], [b for _, *bench in asks.values() for b in bench])
    only = {"unit": (unit,), "service": (), "service_area": ()}
    views.show_page(
        "unit",
        [
            units.unit_comparison(view, unit),
            t("unit.trend"),
            build.trend(view, "happy_index", "un_happy", **only),
            build.trend(view, "feedback_count", "un_feedback", series="feedback_type", **only),
            units.unit_rank(view, unit),
        ],
    )
