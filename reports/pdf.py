"""A Deck as an A4 landscape PDF: the HTML document with vector charts, printed by Chromium.

Playwright drives the system's Chromium (never a downloaded one); each call starts its own
browser (≈ 1 s) on a thread of its own, so it also works where an event loop is running. The
footer carries the deck title and "page n/N"; the PDF is tagged and has an outline from the headings.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from html import escape

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

import texts
from exhibits.model import Deck
from reports.html_doc import deck_html
from reports.render import ExportUnavailable, chromium_path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARGIN = {"top": "12mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}
TIMEOUT_MS = 60_000


def deck_pdf(deck: Deck) -> bytes:
    """The deck as PDF bytes; ExportUnavailable when Chromium is missing or fails."""
    html = deck_html(deck, images="svg").html
    footer = _footer(deck)
    # Playwright's sync API refuses a thread with a running asyncio loop (e.g. inside a server).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-export") as worker:
        try:
            return worker.submit(_print, html, footer).result()
        except PlaywrightError as error:
            first_line = error.message.splitlines()[0] if error.message else type(error).__name__
            raise ExportUnavailable(f"Chromium could not print the PDF: {first_line}") from error


def _footer(deck: Deck) -> str:
    """Chromium's footer template: the deck title left, "Sivu n/N" right, in 8 pt."""
    page = texts.t(
        "writer.page",
        deck.language,
        page='<span class="pageNumber"></span>',
        pages='<span class="totalPages"></span>',
    )
    return (
        '<div style="font-size:8pt;width:100%;margin:0 12mm;display:flex;justify-content:space-between;'
        "color:#404040;font-family:'Liberation Sans',Arial,sans-serif\">"
        f"<span>{escape(deck.title)}</span><span>{page}</span></div>"
    )


def _print(html: str, footer: str) -> bytes:
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.set_content(html, wait_until="load")
            return page.pdf(
                format="A4",
                landscape=True,
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
                margin=MARGIN,
                tagged=True,
                outline=True,
            )
        finally:
            browser.close()
