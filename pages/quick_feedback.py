"""Pikapalaute: happy index and answer distribution over time, channels, hour × weekday."""

from exhibits import build
from texts import t
from ui import views

context = views.header("quick_feedback")
view = views.view(context)
misuse = {"include_misuse": views.toggle("quick.misuse", "quick_misuse")}
org = views.org_series(context)
views.show_page(
    "quick_feedback",
    [
        views.later(build.trend, view, "happy_index", "qf_happy", series=org, **misuse),
        views.later(build.distribution, view, "qf_distribution", **misuse),
        views.later(build.trend, view, "share_positive", "qf_positive", **misuse),
        views.later(build.trend, view, "very_positive_share", "qf_very_positive", **misuse),
        t("quick.channels"),
        views.later(build.breakdown, view, "happy_index", "channel", "qf_channel", **misuse),
        views.later(build.breakdown, view, "happy_index", org, "qf_by_org", **misuse),
        views.later(build.heatmap, view, "happy_index", "qf_heatmap", **misuse),
    ],
)
