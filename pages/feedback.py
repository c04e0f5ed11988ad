"""Palautteet: volume by type and category over time, category × type, handling time, channels, languages."""

from exhibits import build
from exhibits.view import View
from texts import t
from ui import views

context = views.header("feedback")


def exhibits(view: View) -> list[views.Item]:
    return [
        build.trend(view, "feedback_count", "fb_types", series="feedback_type", title=t("feedback.by_type")),
        build.breakdown(view, "feedback_count", "category", "fb_categories", title=t("feedback.by_category")),
        build.crosstab(
            view, "feedback_count", "category", "feedback_type", "fb_crosstab", t("feedback.crosstab")
        ),
        build.trend(view, "reply_within_target", "fb_reply", title=t("feedback.handling")),
        build.breakdown(view, "handling_working_days", views.org_series(context), "fb_handling"),
        build.breakdown(view, "feedback_count", "channel", "fb_channels", title=t("feedback.channels")),
        build.breakdown(view, "feedback_count", "language", "fb_languages", title=t("feedback.languages")),
        build.received(view, "fb_received"),
    ]


views.show_page("feedback", views.prefetched(exhibits, context))
