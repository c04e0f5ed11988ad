"""The pages each role may open, as ``st.Page`` objects for ``st.navigation``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from texts import t

ROOT = Path(__file__).resolve().parent.parent
PAGES = (
    ("overview", "yleiskuva", ":material/dashboard:"),
    ("quick_feedback", "pikapalaute", ":material/sentiment_satisfied:"),
    ("surveys", "asiakaskyselyt", ":material/checklist:"),
    ("feedback", "palautteet", ":material/forum:"),
    ("cases", "muistutukset", ":material/gavel:"),
    ("unit", "yksikko", ":material/apartment:"),
    ("methods", "menetelmat", ":material/menu_book:"),
    ("import", "tuonti", ":material/upload_file:"),
)
ROLE_PAGES = {
    "director": ("overview", "quick_feedback", "surveys", "feedback", "cases", "unit", "methods"),
    "unit_manager": ("overview", "quick_feedback", "surveys", "feedback", "cases", "unit", "methods"),
    "presenter": ("overview", "quick_feedback", "surveys", "feedback", "cases", "methods"),
    "admin": ("overview", "quick_feedback", "surveys", "feedback", "cases", "unit", "methods", "import"),
}
"""Pages by role. The admin's import page appears once ``pages/import.py`` exists."""


def page_names(role: str) -> list[str]:
    """The page names a role may open, in menu order (only pages whose file exists)."""
    allowed = ROLE_PAGES.get(role, ())
    return [
        name for name, _path, _icon in PAGES if name in allowed and (ROOT / "pages" / f"{name}.py").exists()
    ]


def page_path(name: str) -> str:
    """The script path of a page, for ``st.switch_page``."""
    return str(ROOT / "pages" / f"{name}.py")


def pages_for(role: str) -> list[st.Page]:
    """The ``st.Page`` objects of a role, titled in the UI language; the overview is the default."""
    icons = {name: (path, icon) for name, path, icon in PAGES}
    return [
        st.Page(
            page_path(name),
            title=t(f"page.{name}"),
            icon=icons[name][1],
            url_path=icons[name][0],
            default=name == "overview",
        )
        for name in page_names(role)
    ]
