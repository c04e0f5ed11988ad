"""The dashboard's language: the sidebar choice, kept in the session and fed to ``texts``; the
page's ``<html lang>`` and Streamlit's own texts follow it (:mod:`ui.accessibility`), and
widgets whose options are words get one key per language (:func:`widget_key`)."""

from __future__ import annotations

from contextvars import ContextVar

import streamlit as st

from texts import DEFAULT_LANGUAGE, LANGUAGES, current_language, set_language_source, t
from ui import accessibility

LANGUAGE_KEY = "ui_lang"
"""The session-state key (and widget key) of the chosen UI language."""
_NATIVE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}
_RUN_LANGUAGE: ContextVar[str | None] = ContextVar("run_language", default=None)
"""The language :func:`language_selector` chose for the run of this script thread: every text of
a run asks for the language (thousands of times a page), and a session-state read costs far more
than a context variable's."""


def _session_language() -> str:
    return _RUN_LANGUAGE.get() or st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)


set_language_source(_session_language)


def widget_key(base: str) -> str:
    """The key of a widget whose labels or options are words of the UI language: ``base`` in
    Finnish, ``base_sv`` / ``base_en`` otherwise. A Streamlit widget keeps showing the option
    texts it was created with, so a language switch must create a new one; the other languages'
    widgets are forgotten (callers keep the value under a key of their own)."""
    language = current_language()
    for other in LANGUAGES:
        if other != language:
            st.session_state.pop(_variant(base, other), None)
    return _variant(base, language)


def _variant(base: str, language: str) -> str:
    return base if language == DEFAULT_LANGUAGE else f"{base}_{language}"


def language_selector() -> str:
    """The language choice in the sidebar (first run: ``?lang=`` if allowed); returns the language.

    Called first in every run: the run's texts then read the choice from a context variable."""
    _RUN_LANGUAGE.set(None)
    if LANGUAGE_KEY not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state[LANGUAGE_KEY] = wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE
    chosen = st.sidebar.selectbox(
        t("language.label"), LANGUAGES, key=LANGUAGE_KEY, format_func=_NATIVE_NAMES.__getitem__
    )
    _RUN_LANGUAGE.set(chosen if chosen in LANGUAGES else None)
    accessibility.install()
    return current_language()
