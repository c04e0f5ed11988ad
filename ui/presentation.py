"""Presentation mode for the board: large type, no sidebar or Streamlit chrome, one exhibit per view
with next/previous, the filters and data date as a caption, high contrast, nothing behind a hover.

Switched on by the sidebar toggle or ``?present=1``; the navigation and the exit button stay at
the foot of the screen, since the sidebar is hidden. The keyboard moves too: → and Page Down to
the next view, ← and Page Up to the previous one, which is what presentation clickers send
(:data:`KEYS_SCRIPT` clicks the bar's buttons, so a key press is exactly a click). A presenter's
figures follow the open-data rules anyway, and open text never reaches a presentation
(data_access refuses it to presenters' scopes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from exhibits.model import Exhibit
from texts import t
from ui import navigation

PRESENT_KEY = "present"
_POSITION_KEY = "present_position"
_NAV_KEY = "present_nav"
_SWITCH_KEY = "present_switch"
_KEYS_KEY = "present_keys"
_LAST = 10**6
"""An index past any page's last exhibit: "Previous" from a page's first exhibit lands on the last."""
_STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer,
[data-testid="stDownloadButton"], [data-testid="stElementToolbar"], [data-testid="stTooltipIcon"],
[data-testid="stMetricLabel"] [data-testid="stTooltipHoverTarget"] svg,
[data-testid="stPlotlyChart"] .gtitle {
  display: none !important;
}
.st-key-init:has(iframe) { position: absolute; height: 0; overflow: hidden; }
.st-key-present_keys, [data-testid="stLayoutWrapper"]:has(> .st-key-present_keys) { display: none; }
html { font-size: 22px; }
.stApp { background: #ffffff; color: #000000; }
.stApp p, .stApp span, .stApp li, .stApp h1, .stApp h2, .stApp h3 { color: #000000; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 1rem 2.4rem 5.5rem 2.4rem; }
[data-testid="stCaptionContainer"] { opacity: 1; }
[data-testid="stCaptionContainer"] p { font-size: 0.95rem; color: #1a1a1a; }
[data-testid="stMetricValue"] { font-size: 3.2rem; }
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div {
  font-size: 1.2rem; font-weight: 600; white-space: normal; overflow: visible; text-overflow: clip;
}
.stButton button { font-size: 1.1rem; border: 2px solid #000000; background: #ffffff; }
.stButton button p { color: #000000; }
.stButton button[kind="primary"] { background: #000000; }
.stButton button[kind="primary"] p { color: #ffffff; }
.stButton button:disabled { border-color: #8a8a8a; }
.stButton button:disabled p { color: #6b6b6b; }
.st-key-present_nav {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 999990;
  padding: 0.4rem 2.4rem; background: #ffffff; border-top: 2px solid #000000;
}
</style>
"""


KEYS_SCRIPT = """
(() => {
  if (window.johdonPresentationKeys) return;
  window.johdonPresentationKeys = true;
  const forward = new Set(["ArrowRight", "PageDown"]);
  const back = new Set(["ArrowLeft", "PageUp"]);
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
    if (!forward.has(event.key) && !back.has(event.key)) return;
    if (!document.querySelector(".st-key-present_nav")) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const widget = '[role="listbox"], [role="combobox"], [role="slider"]';
    if (target && target.closest && target.closest(widget)) return;
    const key = forward.has(event.key) ? "present_next" : "present_previous";
    const button = document.querySelector(`.st-key-${key} button`);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  }, true);
})();
"""
"""Arrow keys and Page Up/Down (clickers) press the navigation bar's buttons; not while typing or
choosing in a widget. Constant text, so a Content-Security-Policy can name its hash."""


def start(role: str) -> None:
    """The sidebar toggle (on the first run ``?present=1`` switches the mode on), and the page
    switch a click past a page's last (or before its first) exhibit asked for.

    The toggle's value is kept for the whole session: a page switch drops the state of the
    widgets the new page has not drawn yet, and the mode must survive it.
    """
    if PRESENT_KEY not in st.session_state:
        st.session_state[PRESENT_KEY] = st.query_params.get("present") == "1"
    helps = f"{t('present.help')} {t('present.keys')}"
    st.sidebar.toggle(t("present.toggle"), key=PRESENT_KEY, help=helps, persist_state="session")
    st.session_state["present_role"] = role
    target = st.session_state.pop(_SWITCH_KEY, None)
    if target:
        st.switch_page(navigation.page_path(target), query_params=st.query_params.to_dict())


def active() -> bool:
    """Whether this run shows the presentation."""
    return bool(st.session_state.get(PRESENT_KEY, False))


def url_params() -> dict[str, str]:
    """The URL parameter that reopens the presentation."""
    return {"present": "1"} if active() else {}


def show(page: str, exhibits: Sequence[Exhibit], render: Callable[..., None]) -> None:
    """The page's current exhibit in large type, its caption, and the navigation with the counter
    (buttons and keys)."""
    with st.container(key=_KEYS_KEY):  # hidden: the script takes no room on the slide
        st.html(_STYLE + f"<script>{KEYS_SCRIPT}</script>", unsafe_allow_javascript=True)
    if not exhibits:
        st.info(t("present.nothing"))
        _navigation(page, 0, 0)
        return
    position = st.session_state.get(_POSITION_KEY, (page, 0))
    index = position[1] if position[0] == page else 0
    index = min(max(index, 0), len(exhibits) - 1)
    exhibit = exhibits[index]
    render(exhibit, large=True)
    st.caption(exhibit.caption)
    _navigation(page, index, len(exhibits))


def _neighbour(page: str, step: int) -> str | None:
    names = navigation.presented_pages(st.session_state.get("present_role", ""))
    if page not in names:
        return None
    at = names.index(page) + step
    return names[at] if 0 <= at < len(names) else None


def _step(page: str, index: int, count: int, step: int) -> None:
    """Button callback: the neighbouring exhibit, past either end the neighbouring page.

    A callback rather than a rerun from the script body, so the next exhibit is drawn in the
    click's own run. A page switch is left to ``start`` (callbacks cannot switch pages under
    AppTest); it keeps the URL: filters, language and ``present=1``.
    """
    if 0 <= index + step < count:
        st.session_state[_POSITION_KEY] = (page, index + step)
        return
    neighbour = _neighbour(page, step)
    if neighbour is not None:
        st.session_state[_POSITION_KEY] = (neighbour, 0 if step > 0 else _LAST)
        st.session_state[_SWITCH_KEY] = neighbour


def _navigation(page: str, index: int, count: int) -> None:
    """Where we are (page · 3 / 8) and the buttons, in a bar fixed to the foot of the screen."""
    with st.container(key=_NAV_KEY):
        where, back, forward, leave = st.columns([1.3, 1, 1, 1], vertical_alignment="center")
    where.caption(f"{t(f'page.{page}')} · {index + 1} / {count}" if count else t(f"page.{page}"))
    back.button(
        t("present.previous"),
        key="present_previous",
        disabled=index == 0 and not _neighbour(page, -1),
        width="stretch",
        on_click=_step,
        args=(page, index, count, -1),
    )
    forward.button(
        t("present.next"),
        key="present_next",
        disabled=index >= count - 1 and not _neighbour(page, 1),
        width="stretch",
        type="primary",
        on_click=_step,
        args=(page, index, count, 1),
    )
    leave.button(t("present.exit"), key="present_exit", width="stretch", on_click=_leave)


def _leave() -> None:
    st.session_state[PRESENT_KEY] = False
