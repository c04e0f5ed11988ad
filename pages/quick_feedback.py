"""Pikapalaute: happy index and answer distribution over time, channels, hour × weekday."""

from exhibits import build
from exhibits.view import View
from texts import t
from ui import views

context = views.header("quick_feedback")
misuse = {"include_misuse": views.toggle("quick.misuse", "quick_misuse")}
org = views.org_series(context)


def exhibits(view: View) -> list[views.Item]:
    return [
        build.trend(view, "happy_index", "qf_happy", series=org, **misuse),
        *build.distribution(view, "qf_distribution", **misuse),
        build.trend(view, "share_positive", "qf_positive", **misuse),
        build.trend(view, "very_positive_share", "qf_very_positive", **misuse),
        t("quick.channels"),
        build.breakdown(view, "happy_index", "channel", "qf_channel", **misuse),
        build.breakdown(view, "happy_index", org, "qf_by_org", **misuse),
        build.heatmap(view, "happy_index", "qf_heatmap", **misuse),
    ]


views.show_page("quick_feedback", views.prefetched(exhibits, context))
