"""The export panel under each page: the page's views (or a chosen set) as a PPTX deck or a PDF,
rendered from the same exhibits as the screen (kaleido and python-pptx, no screenshots)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

import texts
from exhibits import build
from exhibits.model import Deck, Exhibit
from reports.pdf import deck_pdf
from reports.pptx_deck import deck_pptx
from texts import t


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
            exhibits=build.for_slides([e for e in exhibits if e.key in chosen]),
        )
        pptx, pdf = st.columns(2)
        pptx.download_button(
            t("export.pptx"),
            lambda: deck_pptx(deck),
            file_name=f"{page}.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            on_click="ignore",
            disabled=not chosen,
            key=f"pptx_{page}",
        )
        pdf.download_button(
            t("export.pdf"),
            lambda: deck_pdf(deck),
            file_name=f"{page}.pdf",
            mime="application/pdf",
            on_click="ignore",
            disabled=not chosen,
            key=f"pdf_{page}",
        )
