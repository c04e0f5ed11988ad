"""Presenters — and everyone else — present and export aggregates only: the record-level list of
feedback received ("Saapuneet palautteet", one row per item) stays on the signed-in user's own
screen and never reaches presentation mode, the export panel's choice, a PPTX or a PDF.

The tiny warehouse of ``ui_helpers`` has three feedback items in March 2017 (year to date), so
the list exists on the feedback page; a real ``streamlit run app.py`` in production mode, driven
by Playwright on Debian chromium; the downloads are opened with python-pptx and pypdfium2. An
AppTest covers every role quickly.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

import pypdfium2
import pytest
from playwright.sync_api import expect
from pptx import Presentation
from security_helpers import (
    chromium,
    first_visit,
    open_page,
    production_environment,
    sign_in,
    traced_app,
    wait_ready,
)
from ui_helpers import PASSWORD, ROLE_USER, log_in, new_app

from texts import t
from ui.navigation import page_names

LIST_TITLE = t("exhibit.received", "fi")
LIST_HEADING = t("exhibit.received_on", "fi")
"""The list's first column ("Saapunut"): no aggregate exhibit has it."""
COUNTER = ".st-key-present_nav [data-testid='stCaptionContainer']"
NEXT_BUTTON = '.st-key-present_next:not([data-stale="true"]) button'
"""The bar's "next" button of the latest run (what a click, the arrow keys and a clicker press)."""


@pytest.mark.usefixtures("ui_environment")
@pytest.mark.parametrize("role", sorted(ROLE_USER))
def test_no_role_presents_or_exports_the_record_level_list(role):
    app = log_in(new_app({"period": "ytd"}), ROLE_USER[role])
    if "feedback" not in page_names(role):
        pytest.skip(f"{role} has no feedback page")
    app.switch_page("pages/feedback.py").run()
    assert LIST_TITLE in [s.value for s in app.main.subheader]  # on the user's own screen
    choice = app.multiselect(key="export_feedback")
    assert "fb_received" not in choice.options and choice.options
    app.sidebar.toggle(key="present").set_value(True).run()
    counter = [c.value for c in app.main.caption if re.fullmatch(r".+ · \d+ / \d+", c.value)]
    total = int(counter[0].rsplit("/", 1)[1])
    assert total == len(choice.options)  # the slides are the exported views: the list is in neither


@pytest.fixture(scope="module")
def app_url(tiny_ui, tmp_path_factory):
    """A production server on the tiny warehouse, past its first visitor: its url."""
    folder = tmp_path_factory.mktemp("presenters")
    root, users = tiny_ui
    environment = production_environment(root / "wh", users, folder / "auth", secrets.token_urlsafe(40))
    with traced_app(environment, folder) as (port, _trace, _log):
        first_visit(f"http://127.0.0.1:{port}/")
        yield f"http://127.0.0.1:{port}/"


SLOW = 60_000
"""Milliseconds to wait for what a run draws (an opened panel, the page after signing in) on a
loaded CI machine, which can take longer than the 5 s Playwright's ``expect`` waits by default."""


def _download(page, label: str, folder: Path) -> Path:
    with page.expect_download(timeout=300_000) as download:  # a loaded CI machine renders slowly
        page.get_by_role("button", name=label).click()
    target = folder / download.value.suggested_filename
    download.value.save_as(target)
    return target


def _pptx_text(path: Path) -> str:
    deck = Presentation(str(path))
    parts = []
    for slide in deck.slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        for shape in slide.shapes:
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def _pdf_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def _exports(page, folder: Path) -> tuple[str, str]:
    """Open the export panel of the page: its choice must not offer the list; the PPTX and PDF text."""
    page.get_by_text(t("export.title", "fi")).click()
    panel = page.locator('[data-testid="stExpander"]').filter(has_text=t("export.choose", "fi"))
    expect(panel.locator('[data-testid="stMultiSelect"]')).to_be_visible(timeout=SLOW)
    assert LIST_TITLE not in panel.locator('[data-testid="stMultiSelect"]').inner_text()
    pptx = _download(page, t("export.pptx", "fi"), folder)
    pdf = _download(page, t("export.pdf", "fi"), folder)
    return _pptx_text(pptx), _pdf_text(pdf)


def test_the_presenters_slides_pptx_and_pdf_hold_no_record_level_list(app_url, tmp_path):
    timings = {}
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True).new_page()
        open_page(page, f"{app_url}palautteet?period=ytd")
        sign_in(page, "lautakunta", PASSWORD)
        main = page.locator('[data-testid="stMain"]')
        own_screen = main.get_by_role("heading", name=LIST_TITLE)
        expect(own_screen).to_be_visible(timeout=SLOW)  # on their own screen only
        started = time.perf_counter()
        pptx, pdf = _exports(page, tmp_path)
        timings["PPTX and PDF"] = time.perf_counter() - started
        assert t("feedback.by_type", "fi") in pptx and t("feedback.by_type", "fi") in pdf  # the aggregates
        for text in (pptx, pdf):
            assert LIST_TITLE not in text and LIST_HEADING not in text

        page.goto(f"{app_url}palautteet?period=ytd&present=1")
        page.wait_for_selector(COUNTER, timeout=60_000)
        wait_ready(page)
        seen = []
        while True:
            counter = page.locator(COUNTER).inner_text()
            page_name, position = counter.rsplit(" · ", 1)
            if page_name != t("page.feedback", "fi"):
                break
            seen.append(position)
            slide = main.inner_text()
            assert LIST_TITLE not in slide and LIST_HEADING not in slide, position
            page.wait_for_selector(NEXT_BUTTON, state="attached")
            page.eval_on_selector(NEXT_BUTTON, "button => button.click()")
            page.wait_for_function(
                f'before => document.querySelector("{COUNTER}")?.innerText !== before', arg=counter
            )
            wait_ready(page)
        at, total = seen[-1].split(" / ")
        assert at == total and len(seen) == int(total) > 0
    print("presenter: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()) + f", {total} slides")


def test_a_directors_exports_hold_no_record_level_list_either(app_url, tmp_path):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True).new_page()
        open_page(page, f"{app_url}palautteet?period=ytd")
        sign_in(page, "paajohtaja", PASSWORD)
        heading = page.locator('[data-testid="stMain"]').get_by_role("heading", name=LIST_TITLE)
        expect(heading).to_be_visible(timeout=SLOW)
        pptx, pdf = _exports(page, tmp_path)
        for text in (pptx, pdf):
            assert LIST_TITLE not in text and LIST_HEADING not in text
