"""The pages each role may open, as ``st.Page`` objects for ``st.navigation`` — and, before sign-in,
nothing but the sign-in view.

The frame (``app.py``) declares its pages with ``st.navigation`` on every run. Streamlit's legacy
multipage mode would instead run ``pages/<file>.py`` for ``/<file>`` — without the frame, so without
sign-in — until the first ``st.navigation`` call of the process; :func:`leave_pages_directory_mode`
(called when the ``ui`` package is imported) switches it off for good.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from texts import t

ROOT = Path(__file__).resolve().parent.parent
PAGES = (
    ("overview", "yleiskuva", ":material/dashboard:"),
    ("quick_feedback", "pikapalaute", ":material/sentiment_satisfied:"),
    ("surveys", "asiakaskyselyt", ":material/checklist:"),
    ("feedback", "palautteet", ":material/forum:"),
    ("cases", "muistutukset", ":material/gavel:"),
    ("unit", "yksikko", ":material/apartment:"),
    ("themes", "teemat", ":material/topic:"),
    ("methods", "menetelmat", ":material/menu_book:"),
    ("import", "tuonti", ":material/upload_file:"),
)
"""(page name = file name in ``pages/``, URL path, icon). ``/<page name>`` also opens the page."""
ROLE_PAGES = {
    "director": ("overview", "quick_feedback", "surveys", "feedback", "cases", "unit", "themes", "methods"),
    "unit_manager": (
        "overview", "quick_feedback", "surveys", "feedback", "cases", "unit", "themes", "methods",
    ),
    "presenter": ("overview", "quick_feedback", "surveys", "feedback", "cases", "methods"),
    "admin": ("overview", "quick_feedback", "surveys", "feedback", "cases", "unit", "methods", "import"),
}
"""Pages by role. The admin's import page appears once ``pages/import.py`` exists."""
NOT_PRESENTED = frozenset({"themes", "methods", "import"})
"""Pages that presentation mode steps over: the open-text themes (comments never go on a shared
screen), the methods and the import."""


def leave_pages_directory_mode() -> None:
    """Switch off Streamlit's ``pages/`` directory mode for this process.

    Streamlit decides at the first session of a server whether the app uses the ``pages/``
    folder; until some run calls ``st.navigation`` it runs a page file named by the URL directly
    and lists every file in the sidebar. Every run of this app goes through ``app.py``'s
    ``st.navigation``, so the mode is switched off as soon as ``ui`` is imported; a run that had
    already started in it (the first request after a start, whose page file is importing ``ui``)
    is restarted through ``app.py`` before it draws anything. What that first session still gets
    from the mode: had it asked for a page address that is no file name (``/yksikko``), Streamlit's
    "page not found" notice. Renaming the ``pages/`` folder would end the mode altogether.
    """
    was_on = PagesManager.uses_pages_directory
    PagesManager.uses_pages_directory = False
    if was_on and get_script_run_ctx() is not None:
        st.rerun()


def page_names(role: str) -> list[str]:
    """The page names a role may open, in menu order (only pages whose file exists)."""
    allowed = ROLE_PAGES.get(role, ())
    return [
        name for name, _path, _icon in PAGES if name in allowed and (ROOT / "pages" / f"{name}.py").exists()
    ]


def presented_pages(role: str) -> list[str]:
    """The pages presentation mode steps through for a role, in menu order."""
    return [name for name in page_names(role) if name not in NOT_PRESENTED]


def page_path(name: str) -> str:
    """The script path of a page, for ``st.switch_page``."""
    return str(ROOT / "pages" / f"{name}.py")


def _redirect(name: str) -> Callable[[], None]:
    def open_page() -> None:
        st.switch_page(page_path(name), query_params=st.query_params.to_dict())

    open_page.__name__ = f"open_{name}"
    return open_page


def pages_for(role: str) -> list[st.Page]:
    """The ``st.Page`` objects of a role, titled in the UI language; the overview is the default.

    Each page is also reachable (hidden) under its file name, ``/unit?unit=…``: that address
    switches to the page's own one with the same parameters.
    """
    icons = {name: (path, icon) for name, path, icon in PAGES}
    names = page_names(role)
    shown = [
        st.Page(
            page_path(name),
            title=t(f"page.{name}"),
            icon=icons[name][1],
            url_path=icons[name][0],
            default=name == PAGES[0][0],
        )
        for name in names
    ]
    aliases = [
        st.Page(_redirect(name), title=t(f"page.{name}"), url_path=name, visibility="hidden")
        for name in names
        if name != icons[name][0]
    ]
    return shown + aliases


def signing_in() -> None:
    """The page of an anonymous session: empty — the frame draws the sign-in form above it."""


def sign_in_views() -> list[st.Page]:
    """The navigation of an anonymous session: only the (empty) sign-in view — at the root address
    and, hidden, at every page's address (its URL path and file name), so a link to a page keeps
    its address and parameters while the visitor signs in, and opens that page afterwards (a page's
    identity is its URL path). No page script is registered."""
    title = t("login.title")
    home = PAGES[0][1]
    addresses = dict.fromkeys(address for name, path, _icon in PAGES for address in (path, name))
    addresses.pop(home)
    return [st.Page(signing_in, title=title, url_path=home, default=True)] + [
        st.Page(signing_in, title=title, url_path=address, visibility="hidden") for address in addresses
    ]
