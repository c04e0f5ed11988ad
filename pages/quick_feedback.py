"""Pikapalaute: happy index and answer distribution over time, channels, hour × weekday."""

import streamlit as st

from ui import views
from ui.i18n import t

views.header("quick_feedback")
include_misuse = st.toggle(t("quick.misuse"), key="quick_misuse")
views.trend("happy_index", "qf_happy", series=views.org_series(), include_misuse=include_misuse)
views.distribution("qf_distribution", include_misuse=include_misuse)
views.trend("share_positive", "qf_positive", include_misuse=include_misuse)
views.trend("very_positive_share", "qf_very_positive", include_misuse=include_misuse)
st.caption(t("quick.channels"))
views.breakdown("happy_index", "channel", "qf_channel", include_misuse=include_misuse)
views.breakdown("happy_index", views.org_series(), "qf_by_org", include_misuse=include_misuse)
views.heatmap("happy_index", "qf_heatmap", include_misuse=include_misuse)
