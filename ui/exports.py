"""The export panel under each page: the page's views (or a chosen set) as a PPTX deck or a PDF,
rendered from the same exhibits as the screen (kaleido and python-pptx, no screenshots)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

import texts
from exhibits.model import Deck, Exhibit
from reports.render import ExportUnavailable, chromium_path
from texts import t


def exports_available() -> bool:
    """Whether chart images and PDFs can be made here (Chromium is installed)."""
    try:
        chromium_path()
    except ExportUnavailable:
        return False
    return True


def in_language(language: str, make: Callable[[], bytes]) -> bytes:
    """``make()`` in ``language``: a download's data is made on another thread, outside the session."""
    with texts.use_language(language):
        return make()


def panel(page: str, exhibits: Sequence[Exhibit], subtitle: str) -> None:
    """Choose views of the page and download them as PPTX or PDF (``subtitle``: the filters)."""
    if not exhibits:
        return
    titles = {e.key: e.title for e in exhibits}
    with st.expander(t("export.title"), icon=":material/slideshow:"):
        chosen = st.multiselect(
            t("export.choose"),
            list(titles),
            default=list(titles),
            format_func=titles.__getitem__,
            key=f"export_{page}",
        )
        deck = Deck(
            title=t(f"page.{page}"),
            subtitle=subtitle,
            language=texts.current_language(),
            exhibits=tuple(e for e in exhibits if e.key in chosen),
        )
        unavailable = not exports_available()
        if unavailable:
            st.info(t("export.unavailable"))
        pptx, pdf = st.columns(2)
        pptx.download_button(
            t("export.pptx"),
            lambda: in_language(deck.language, lambda: _pptx(deck)),
            file_name=f"{page}.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            on_click="ignore",
            disabled=unavailable or not chosen,
            key=f"pptx_{page}",
        )
        pdf.download_button(
            t("export.pdf"),
            lambda: in_language(deck.language, lambda: _pdf(deck)),
            file_name=f"{page}.pdf",
            mime="application/pdf",
            on_click="ignore",
            disabled=unavailable or not chosen,
            key=f"pdf_{page}",
        )


def _pptx(deck: Deck) -> bytes:
    """The deck as PPTX (the writer is imported on the first download, not with every page)."""
    from reports.pptx_deck import deck_pptx

    return deck_pptx(deck)


def _pdf(deck: Deck) -> bytes:
    """The deck as PDF (Playwright is imported on the first download: ≈0.4 s a server start)."""
    from reports.pdf import deck_pdf

    return deck_pdf(deck)
