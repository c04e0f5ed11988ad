"""Palautteet: volume by type and category over time, category × type, handling time, channels, languages."""

from ui import views
from ui.i18n import t

views.header("feedback")
views.trend("feedback_count", "fb_types", series="feedback_type", title=t("feedback.by_type"))
views.breakdown("feedback_count", "category", "fb_categories", title=t("feedback.by_category"))
views.crosstab("feedback_count", "category", "feedback_type", "fb_crosstab", t("feedback.crosstab"))
views.trend("reply_within_target", "fb_reply", title=t("feedback.handling"))
views.breakdown("handling_working_days", views.org_series(), "fb_handling")
views.breakdown("feedback_count", "channel", "fb_channels", title=t("feedback.channels"))
views.breakdown("feedback_count", "language", "fb_languages", title=t("feedback.languages"))
