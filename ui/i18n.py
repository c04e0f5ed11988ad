"""The dashboard's language: the sidebar choice, kept in the session and fed to ``texts``."""

from __future__ import annotations

import streamlit as st

from texts import DEFAULT_LANGUAGE, LANGUAGES, current_language, set_language_source, t

LANGUAGE_KEY = "ui_lang"
"""The session-state key (and widget key) of the chosen UI language."""
_NATIVE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


def _session_language() -> str:
    return st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)


set_language_source(_session_language)


def language_selector() -> str:
    """The language choice in the sidebar (first run: ``?lang=`` if allowed); returns the language."""
    if LANGUAGE_KEY not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state[LANGUAGE_KEY] = wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE
    st.sidebar.selectbox(
        t("language.label"), LANGUAGES, key=LANGUAGE_KEY, format_func=_NATIVE_NAMES.__getitem__
    )
    return current_language()
