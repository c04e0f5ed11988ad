"""Nothing before sign-in, and a sign-in that holds — real ``streamlit run app.py`` servers driven by
Playwright on Debian chromium, in production mode on the tiny warehouse of ``ui_helpers``.

- A fresh server whose very first request is a page address (``/import``, where Streamlit's
  ``pages/`` mode starts the page file): every page address shows only the sign-in form, the DOM
  has no navigation link, no page statement beyond a page file's imports ran (an audit hook in the
  server process traces the page files it executes, line by line) and nothing was logged as an
  error. Signing in on ``/unit?unit=kallio`` then opens that page with its parameters (and only
  now the tracer sees the statements of ``pages/unit.py`` run).
- On another server: a reload, a new tab and a deep link keep the session and land on the page
  they name; logout revokes the session server-side, so the very same cookie signs nobody in.
"""

from __future__ import annotations

import secrets
import time
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect
from security_helpers import (
    LOGIN_FORM,
    LOGOUT,
    PAGES_DIR,
    chromium,
    first_visit,
    import_lines,
    open_page,
    page_lines_run,
    page_scripts_run,
    page_title,
    production_environment,
    sign_in,
    signed_in,
    traced_app,
)
from ui_helpers import PASSWORD

from texts import t
from ui.auth import COOKIE_NAME
from ui.navigation import PAGES, page_names

ANONYMOUS_VISITS = [
    "import", "tuonti", "unit?unit=kallio", "yksikko?unit=kallio", "overview", "pikapalaute", ""
]  # fmt: skip
"""The first one is the first request after the start; then page file names, URL paths and the root."""
PAGE_ADDRESSES = {address for name, path, _ in PAGES for address in (name, path)}


def _environment(tiny_ui, folder) -> dict[str, str]:
    root, users = tiny_ui
    return production_environment(root / "wh", users, folder / "auth", secrets.token_urlsafe(40))


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_nothing_is_registered_listed_or_run_before_sign_in_after_a_fresh_start(tiny_ui, tmp_path):
    timings = {}
    with traced_app(_environment(tiny_ui, tmp_path), tmp_path) as (port, trace, log), chromium() as browser:
        url = f"http://127.0.0.1:{port}/"
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for visit in ANONYMOUS_VISITS:
            started = time.perf_counter()
            open_page(page, url + visit)
            timings[visit or "/"] = time.perf_counter() - started
            main = page.locator('[data-testid="stMain"]')
            expect(main.locator("input")).to_have_count(2)  # username and password, nothing else
            assert page.locator(LOGIN_FORM).count() == 1 and page.locator(LOGOUT).count() == 0, visit
            assert main.locator("h1").count() == 0, visit  # no page title
            assert page.locator('[data-testid="stSidebarNav"], [data-testid="stTopNavLinks"]').count() == 0
            assert page.locator('[data-testid="stException"], [data-testid="stAlert"]').count() == 0, visit
            links = page.eval_on_selector_all(
                "a[href]:not([href^='#'])", "links => links.map(a => new URL(a.href).pathname)"
            )
            assert not {link.strip("/") for link in links} & PAGE_ADDRESSES, (visit, links)
            assert urlparse(page.url).path == "/" + visit.split("?")[0], (visit, page.url)  # kept
        # Streamlit's pages/ mode starts the page file of the very first request after a start
        # (/import); it is restarted through app.py at its first import of ui, before any of its
        # statements. No other visit starts a page file.
        assert page_scripts_run(trace) in ([], ["import.py"]), page_scripts_run(trace)
        for name, lines in page_lines_run(trace).items():
            assert lines <= import_lines(PAGES_DIR / name), (name, sorted(lines))

        # Signing in on a page's (file-name) address opens that page with its parameters.
        open_page(page, f"{url}unit?unit=kallio&period=ytd")
        started = time.perf_counter()
        sign_in(page, "paajohtaja", PASSWORD)
        page.wait_for_selector('[data-testid="stMain"] h1')
        timings["sign-in to the unit page"] = time.perf_counter() - started
        assert page_title(page) == t("page.unit", "fi")
        assert urlparse(page.url).path == "/yksikko"
        assert _query(page.url)["unit"] == ["kallio"] and _query(page.url)["period"] == ["ytd"]
        expect(page.locator('[data-testid="stMain"]')).to_contain_text("Kallion terveysasema")
        menu = page.eval_on_selector_all(
            '[data-testid="stSidebarNav"] a', "links => links.map(a => new URL(a.href).pathname)"
        )
        slugs = {name: path for name, path, _ in PAGES}
        assert menu == ["/"] + [f"/{slugs[name]}" for name in page_names("director")[1:]]  # no aliases
        assert page_scripts_run(trace)[-1] == "unit.py"  # the tracer sees a page that runs
        assert not page_lines_run(trace)["unit.py"] <= import_lines(PAGES_DIR / "unit.py")
    assert "Traceback" not in log.read_text(encoding="utf-8")
    print("anonymous visits: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))


@pytest.fixture(scope="module")
def app_url(tiny_ui, tmp_path_factory):
    """One production server for the session tests, past its first visitor: (url, state folder)."""
    folder = tmp_path_factory.mktemp("signin")
    with traced_app(_environment(tiny_ui, folder), folder) as (port, _trace, _log):
        url = f"http://127.0.0.1:{port}/"
        first_visit(url)
        yield url, folder / "auth"


def _auth_cookie(context) -> dict:
    (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE_NAME]
    return cookie


def _wait_for_cookie(context, timeout: float = 30) -> dict:
    deadline = time.time() + timeout
    while not any(c["name"] == COOKIE_NAME for c in context.cookies()):
        assert time.time() < deadline, "the sign-in cookie was never written"
        time.sleep(0.1)
    return _auth_cookie(context)


def test_reload_new_tab_and_deep_link_keep_the_session_and_logout_revokes_it(app_url):
    url, state = app_url
    timings = {}
    with chromium() as browser:
        laptop = browser.new_context(viewport={"width": 1400, "height": 900})
        page = laptop.new_page()
        open_page(page, f"{url}pikapalaute?period=ytd&lang=sv")
        sign_in(page, "kallio", PASSWORD)
        assert page_title(page) == t("page.quick_feedback", "sv")
        assert urlparse(page.url).path == "/pikapalaute" and _query(page.url)["period"] == ["ytd"]
        cookie = _wait_for_cookie(laptop)
        assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"

        for attempt in range(3):
            started = time.perf_counter()
            page.reload()
            page.wait_for_selector(f"{LOGOUT}, {LOGIN_FORM}", timeout=60_000)
            timings[f"reload {attempt + 1}"] = time.perf_counter() - started
            page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
            assert signed_in(page), f"reload {attempt + 1} signed the user out"
            assert page_title(page) == t("page.quick_feedback", "sv")
            assert _query(page.url)["period"] == ["ytd"] and _query(page.url)["lang"] == ["sv"]

        tab = laptop.new_page()
        started = time.perf_counter()
        open_page(tab, f"{url}yksikko?period=ytd")
        timings["new tab on a deep link"] = time.perf_counter() - started
        tab.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
        assert signed_in(tab) and page_title(tab) == t("page.unit", "fi")
        assert urlparse(tab.url).path == "/yksikko" and _query(tab.url)["period"] == ["ytd"]

        # Logout in the first tab closes the server-side record: the second tab's next run and the
        # very same cookie on another device sign nobody in.
        page.locator(LOGOUT).first.click()
        page.wait_for_selector(LOGIN_FORM, timeout=60_000)
        tab.reload()
        tab.wait_for_selector(f"{LOGOUT}, {LOGIN_FORM}", timeout=60_000)
        expect(tab.locator(LOGIN_FORM)).to_have_count(1)  # (a rerun redraws the form in place)
        assert tab.locator(LOGOUT).count() == 0
        other = browser.new_context()
        other.add_cookies([cookie])
        stolen = other.new_page()
        open_page(stolen, f"{url}pikapalaute")
        expect(stolen.locator(LOGIN_FORM)).to_have_count(1)
        assert stolen.locator(LOGOUT).count() == 0
    print("session kept: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
