"""Browser helpers of the accessibility and chart tests: the dashboard in demo mode on the demo
warehouse, the demo users, and axe-core (tests/package.json, installed by ``make test``) run on a
page for WCAG 2.1 A and AA."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import READY, free_port, log_in, serve, wait_ready

from reports.pdf import CHROMIUM_ARGS
from reports.render import CHROMIUM
from ui.navigation import PAGES, page_names

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
DEMO_USERS = {
    "director": "johtaja",
    "unit_manager": "esihenkilo",
    "presenter": "esittaja",
    "admin": "yllapitaja",
}
"""The demo users of README.md by role; each one's password is ``<username>-demo``."""
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
PLOTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(chart => chart.querySelector('.main-svg'))"""


@contextlib.contextmanager
def demo_server(warehouse: Path, state: Path) -> Iterator[str]:
    """``streamlit run app.py`` in demo mode on ``warehouse``; yields the base URL."""
    port = free_port()
    process = serve(
        {
            "JOHDON_MODE": "demo",
            "JOHDON_WAREHOUSE": str(warehouse),
            "JOHDON_DEMO_DIR": str(state / "demo"),
            "JOHDON_STATE_DIR": str(state / "auth"),
        },
        port,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium through Playwright, with the exporter's launch arguments."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, url: str, role: str) -> None:
    """Sign in on the (Finnish) sign-in form as the demo user of ``role``; returns on the overview."""
    username = DEMO_USERS[role]
    log_in(page, url, username, f"{username}-demo", timeout=90_000)
    settle(page)


STALE = '[data-stale="true"]'
"""Elements of the previous run that a running rerun has not drawn again (shown faded)."""


def settle(page, timeout: float = 60_000) -> None:
    """Wait for the last run to finish, every chart to be drawn and the page script to have run.

    A run can start another one (the cookie component or the address sync reports back), so
    the page counts as settled only when no run is going and no faded element of an earlier run
    is left, twice in a row 0.3 s apart.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        wait_ready(page, timeout)
        page.wait_for_function(PLOTS_DRAWN, timeout=timeout)
        time.sleep(0.3)  # the page script runs on the next animation frame after the last change
        if page.locator(READY).count() == 1 and page.locator(STALE).count() == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the page did not settle in {timeout / 1000:.0f} s")


def open_page(page, url: str, path: str, query: str = "") -> None:
    """Open a page by its URL path and wait until it is drawn."""
    page.goto(f"{url}{path}{'?' + query if query else ''}")
    settle(page)


def page_paths(role: str) -> list[str]:
    """The URL paths of a role's pages, in menu order (the overview is the root)."""
    paths = {name: path for name, path, _ in PAGES}
    return ["" if name == "overview" else paths[name] for name in page_names(role)]


def open_expanders(page) -> None:
    """Open every collapsed expander (the charts' data tables), so axe checks their content too.

    A chart's table is drawn by the run its opening starts: all are opened at once, and the page
    is checked once that run has settled with every table in it.
    """
    closed = '[data-testid="stExpander"] details:not([open]) > summary'
    page.evaluate("s => document.querySelectorAll(s).forEach(summary => summary.click())", closed)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stExpander\"] details')]"
        '.every(box => box.querySelector(\'[data-testid="stTable"], [data-testid="stMultiSelect"]\'))',
        timeout=60_000,
    )
    settle(page)


def axe_violations(page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `npm ci --prefix tests` (make test does)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async tags => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary),
            }));
        }""",
        WCAG_AA,
    )
    if page.locator(STALE).count():  # a rerun began while axe ran: judge the settled page instead
        settle(page)
        return axe_violations(page)
    return [violation for violation in found if violation["impact"] in BLOCKING]
