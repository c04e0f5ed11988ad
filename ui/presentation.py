"""Presentation mode for the board: large type, no sidebar or Streamlit chrome, one exhibit per view
with next/previous, the filters and data date as a caption, high contrast, nothing behind a hover.

Switched on by the sidebar toggle or ``?present=1``; the exit button is on the slide itself,
since the sidebar is hidden. A presenter's figures follow the open-data rules anyway, and open
text never reaches a presentation (data_access refuses it to presenters' scopes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from exhibits.model import Exhibit
from texts import t
from ui import navigation

PRESENT_KEY = "present"
_POSITION_KEY = "present_position"
_STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer {
  display: none !important;
}
html { font-size: 22px; }
.stApp, .stApp p, .stApp span, .stApp h1, .stApp h2, .stApp h3 { color: #000000; }
.stApp { background: #ffffff; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 1.2rem 2.4rem 1rem 2.4rem; }
[data-testid="stMetricValue"] { font-size: 3.2rem; }
[data-testid="stMetricLabel"] p { font-size: 1.4rem; font-weight: 600; }
[data-testid="stCaptionContainer"] p { font-size: 1.05rem; color: #111111; }
.stButton button { font-size: 1.1rem; border: 2px solid #000000; color: #000000; }
</style>
"""


def start(role: str) -> None:
    """The sidebar toggle; on the first run ``?present=1`` switches the mode on."""
    if PRESENT_KEY not in st.session_state:
        st.session_state[PRESENT_KEY] = st.query_params.get("present") == "1"
    st.sidebar.toggle(t("present.toggle"), key=PRESENT_KEY, help=t("present.help"))
    st.session_state["present_role"] = role


def active() -> bool:
    """Whether this run shows the presentation."""
    return bool(st.session_state.get(PRESENT_KEY, False))


def url_params() -> dict[str, str]:
    """The URL parameter that reopens the presentation."""
    return {"present": "1"} if active() else {}


def show(page: str, exhibits: Sequence[Exhibit], render: Callable[..., None]) -> None:
    """The page's current exhibit in large type, its caption, and the navigation."""
    st.html(_STYLE)
    if not exhibits:
        st.info(t("present.nothing"))
        _navigation(page, 0, 0)
        return
    position = st.session_state.get(_POSITION_KEY, (page, 0))
    index = position[1] if position[0] == page else 0
    index = min(max(index, 0), len(exhibits) - 1)
    exhibit = exhibits[index]
    st.caption(f"{t(f'page.{page}')} · {index + 1} / {len(exhibits)}")
    render(exhibit, large=True)
    st.caption(exhibit.caption)
    _navigation(page, index, len(exhibits))


def _neighbour(page: str, step: int) -> str | None:
    names = navigation.page_names(st.session_state.get("present_role", ""))
    names = [n for n in names if n not in ("methods", "import")]
    if page not in names:
        return None
    at = names.index(page) + step
    return names[at] if 0 <= at < len(names) else None


def _go(page: str, index: int) -> None:
    st.session_state[_POSITION_KEY] = (page, index)


def _navigation(page: str, index: int, count: int) -> None:
    back, forward, leave = st.columns([1, 1, 1])
    previous_page, next_page = _neighbour(page, -1), _neighbour(page, 1)
    if back.button(
        t("present.previous"),
        key="present_previous",
        disabled=index == 0 and not previous_page,
        width="stretch",
    ):
        if index > 0:
            _go(page, index - 1)
            st.rerun()
        _go(previous_page, 10**6)
        st.switch_page(navigation.page_path(previous_page))
    if forward.button(
        t("present.next"),
        key="present_next",
        disabled=index >= count - 1 and not next_page,
        width="stretch",
        type="primary",
    ):
        if index < count - 1:
            _go(page, index + 1)
            st.rerun()
        _go(next_page, 0)
        st.switch_page(navigation.page_path(next_page))
    leave.button(t("present.exit"), key="present_exit", width="stretch", on_click=_leave)


def _leave() -> None:
    st.session_state[PRESENT_KEY] = False
