"""The screen in a real browser (Debian chromium, demo warehouse): ``<html lang>`` and every widget
follow the UI language, Streamlit's own English texts are translated, navigation links are named by
their page titles alone, every chart is an image with a name, presentation mode moves with the
arrow and Page Up/Down keys (what clickers send), and a phone-width table scrolls sideways."""

from __future__ import annotations

import re

import pytest
from a11y_helpers import chromium, demo_server, open_page, settle, sign_in
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser import wait_ready

from texts import label, t
from ui.navigation import page_names

COUNTER = ".st-key-present_nav [data-testid='stCaptionContainer']"
SIDEBAR_BOX = '[data-testid="stSidebar"] :is([data-testid="stSelectbox"], [data-testid="stMultiSelect"])'


@pytest.fixture(scope="module")
def demo_url(demo_warehouse, tmp_path_factory):
    with demo_server(demo_warehouse, tmp_path_factory.mktemp("a11y_screen")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def signed_in(browser, demo_url):
    """A page signed in as the demo user of a role (one browser context per role, signed in once
    for the module; each page load signs in again from the session cookie)."""
    pages = {}

    def page_of(role: str, width: int = 1440, height: int = 900):
        if role not in pages:
            pages[role] = browser.new_context().new_page()
            pages[role].set_viewport_size({"width": width, "height": height})
            sign_in(pages[role], demo_url, role)
        pages[role].set_viewport_size({"width": width, "height": height})
        return pages[role]

    return page_of


def _shown_choices(page) -> dict[str, str]:
    """Each sidebar selectbox's label and the option it shows."""
    return page.evaluate(
        """selector => Object.fromEntries([...document.querySelectorAll(selector)]
            .filter(box => box.querySelector('input'))
            .map(box => [box.querySelector('label').innerText.trim(), box.querySelector('input').value]))""",
        SIDEBAR_BOX,
    )


def _choose(page, box: str, option: str) -> None:
    """Pick ``option`` in the sidebar box labelled ``box`` (opened again if a rerun closed it)."""
    for _ in range(3):
        page.locator(SIDEBAR_BOX).filter(has_text=box).click()
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.wait_for(timeout=5_000)
        except PlaywrightTimeout:  # the list closed under a rerun: open it again
            page.keyboard.press("Escape")
            settle(page)
            continue
        choice.click()
        settle(page)
        return
    raise AssertionError(f"{box}: no option {option}")


def _choose_language(page, native: str) -> None:
    page.locator(".st-key-ui_lang").click()
    page.get_by_role("option", name=native, exact=True).click()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=5_000)
    settle(page)


def test_the_language_switch_rebuilds_the_widgets_and_the_page_language(demo_url, browser, signed_in):
    anonymous = browser.new_page()
    anonymous.goto(demo_url)
    wait_ready(anonymous)
    assert anonymous.evaluate("document.documentElement.lang") == "fi"  # before sign-in too
    anonymous.close()
    page = signed_in("director")
    open_page(page, demo_url, "")
    assert page.locator('[data-testid="stSkipToContent"]').text_content() == "Siirry pääsisältöön"
    for language, native in (("sv", "svenska"), ("en", "English"), ("fi", "suomi")):
        _choose_language(page, native)
        page.wait_for_function("lang => document.documentElement.lang === lang", arg=language)
        shown = _shown_choices(page)
        assert shown[t("filters.period", language)] == label("preset", "rolling12", language), shown
        assert shown[t("filters.grain", language)] == label("grain", "month", language), shown
        assert shown[t("filters.service_area", language)] == t("filters.all", language), shown
        assert page.locator('[data-testid="stSkipToContent"]').text_content() == t("a11y.skip", language)
    # a choice made in one language is kept in the next
    _choose(page, t("filters.period", "fi"), label("preset", "ytd", "fi"))
    _choose_language(page, "English")
    assert _shown_choices(page)["Period"] == label("preset", "ytd", "en")
    assert "period=ytd" in page.url and "lang=en" in page.url


def test_the_upload_widget_and_the_methods_formulas_are_in_the_ui_language(demo_url, signed_in):
    page = signed_in("admin")
    for language in ("fi", "sv"):
        open_page(page, demo_url, "tuonti", f"lang={language}")
        page.wait_for_function(
            "text => document.querySelector('[data-testid=stFileUploaderDropzoneInstructions]')"
            "?.innerText.startsWith(text)",
            arg=t("a11y.upload_limit", language, size=200),
            timeout=30_000,
        )
        dropzone = page.locator('[data-testid="stFileUploaderDropzone"]').first
        assert dropzone.locator("button p").inner_text().strip() == t("a11y.upload_button", language)
        assert "MB per file" not in dropzone.inner_text() and "Upload" not in dropzone.inner_text()
    open_page(page, demo_url, "menetelmat", "lang=sv")
    methods = page.locator('[data-testid="stMain"]').inner_text()
    assert t("formula.happy_index", "sv").split(";")[0] in methods
    assert "misuse excluded" not in methods and "mean(button_index)" not in methods


def test_navigation_links_are_named_by_their_page_titles_only(demo_url, signed_in):
    page = signed_in("admin")
    open_page(page, demo_url, "")
    tree = page.locator('[data-testid="stSidebarNav"]').aria_snapshot()
    names = re.findall(r'- link "([^"]+)"', tree)
    assert names == [t(f"page.{name}", "fi") for name in page_names("admin")], tree
    for icon in ("dashboard", "sentiment_satisfied", "upload_file", "apartment"):
        assert icon not in tree


def test_every_chart_is_an_image_named_by_its_exhibit(demo_url, signed_in):
    page = signed_in("director")
    for path in ("", "pikapalaute"):
        open_page(page, demo_url, path)
        charts = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
                const image = chart.querySelector('svg.main-svg[role="img"]');
                return image ? image.getAttribute('aria-label') : null;
            })"""
        )
        assert charts and all(charts), (path, charts)
    headings = page.locator('[data-testid="stMain"] h3').all_inner_texts()
    assert any(name.startswith("Happy-indeksi. Viivakaavio") for name in charts), charts
    # one title per chart: the heading above, none drawn inside the chart
    assert headings.count("Happy-indeksi") == 1
    assert page.locator('[data-testid="stPlotlyChart"] .gtitle').count() == 0


def _counter(page) -> str:
    return page.locator(COUNTER).inner_text().strip()


def _press(page, key: str, expected: str) -> None:
    page.keyboard.press(key)
    page.wait_for_function(
        "([selector, expected]) => document.querySelector(selector)?.innerText.trim() === expected"
        ' && document.querySelector(\'[data-testid="stApp"][data-test-script-state="notRunning"]\')',
        arg=[COUNTER, expected],
        timeout=30_000,
    )


def test_presentation_mode_moves_with_arrows_and_page_up_down(demo_url, signed_in):
    page = signed_in("presenter", 1400, 900)
    open_page(page, demo_url, "", "present=1")
    page.wait_for_selector(".st-key-present_nav")
    assert _counter(page) == "Yleiskuva · 1 / 5"
    _press(page, "ArrowRight", "Yleiskuva · 2 / 5")
    _press(page, "PageDown", "Yleiskuva · 3 / 5")  # a clicker's "next"
    _press(page, "PageUp", "Yleiskuva · 2 / 5")  # a clicker's "previous"
    _press(page, "ArrowLeft", "Yleiskuva · 1 / 5")
    _press(page, "PageDown", "Yleiskuva · 2 / 5")
    _press(page, "PageDown", "Yleiskuva · 3 / 5")
    _press(page, "PageDown", "Yleiskuva · 4 / 5")
    _press(page, "PageDown", "Yleiskuva · 5 / 5")
    page.keyboard.press("PageDown")  # past the page's last view: the next page's first
    first = "s => /^Pikapalaute · 1 \\/ \\d+$/.test(document.querySelector(s)?.innerText.trim())"
    page.wait_for_function(first, arg=COUNTER, timeout=30_000)
    assert "/pikapalaute" in page.url and "present=1" in page.url


def test_a_table_on_a_phone_scrolls_sideways_to_its_last_column(demo_url, signed_in):
    page = signed_in("director", 390, 844)
    open_page(page, demo_url, "")
    box = page.locator('[data-testid="stTable"] > div[role="region"]').first
    box.wait_for(timeout=30_000)
    width, visible, focusable = box.evaluate("b => [b.scrollWidth, b.clientWidth, b.tabIndex]")
    assert width > visible and focusable == 0  # wider than the screen, reachable by keyboard
    last = box.locator("th").last
    assert last.bounding_box()["x"] > 390  # off screen at first
    box.focus()
    page.keyboard.press("End")  # the box scrolls with the keyboard too
    box.evaluate("b => b.scrollTo({left: b.scrollWidth})")
    edge = last.bounding_box()
    assert edge["x"] + edge["width"] <= 390 + 1
