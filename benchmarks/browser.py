"""``python -m benchmarks.browser [WAREHOUSE]``: the dashboard's speed as a user meets it in a browser.

Starts the dashboard as ``make run`` does (``python -m ui.serve``) in demo mode on the demo
warehouse (var/warehouse, built with ``cli.py demo`` when missing) and drives Debian chromium
through Playwright, as the browser tests do. Every step is timed from the click to the page
drawn: the script finished, nothing stale or loading left, every chart's SVG drawn, the page's
title shown. Steps:

- ``fresh first overview``: a newly started server (one per repetition): the first request until
  the sign-in form is ready, plus sign-in click → overview drawn;
- ``sign-in → overview``: on a warm server, a new browser session signing in;
- ``switch → <page>``: a click in the page menu, for every page of the role;
- ``filter on <page>``: a new period preset chosen in the sidebar, on every page.

Each repetition of the warm steps signs in with another comparison and grain (``?compare=…&grain=…``)
and every filter change picks a period that page has not shown yet, so no step is answered from a
cache the benchmark itself filled (the cache holds results for a minute). Then the ``raw`` scenario
of ``python -m benchmarks``: ``run_query`` against the same aggregation in raw DuckDB SQL on the
≈10 M-row warehouse. Targets (issue 13): sign-in → overview < 2 s, page switch and filter change
< 1 s median on every page, a fresh server's first overview < 4 s, run_query within 1.3× of SQL.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "var" / "warehouse"
USERS = {
    "johtaja": "johtaja-demo",
    "esihenkilo": "esihenkilo-demo",
    "esittaja": "esittaja-demo",
    "yllapitaja": "yllapitaja-demo",
}
ROLES = {"johtaja": "director", "esihenkilo": "unit_manager", "esittaja": "presenter", "yllapitaja": "admin"}
PRESETS = ("ytd", "year", "quarter", "last_month", "this_month")
"""Period presets chosen in turn by the filter changes (the session starts on rolling12)."""
COMPARES = ("previous", "last_year", "none")
GRAINS = ("month", "quarter", "week", "year", "day")
WARM_UP = {"compare": "last_year", "grain": "year"}
"""The warm-up's filters: none of the first repetitions uses them."""
TARGETS = {"fresh": 4.0, "sign-in": 2.0, "switch": 1.0, "filter": 1.0}
TIMEOUT_MS = 120_000
DRAWN = """title => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector(
        '[data-testid="stStatusWidget"], [data-testid="stSkeleton"], [data-stale="true"]')) return false;
    const heading = document.querySelector('[data-testid="stMain"] h1');
    if (!heading || !heading.innerText.includes(title)) return false;
    return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every(chart => chart.querySelector('.main-svg') !== null);
}"""
"""The page titled ``title`` is drawn: run finished, nothing stale or loading, every chart drawn."""
FORM = '[data-testid="stForm"] input[type="password"]'


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(warehouse: Path, state: Path):
    """``python -m ui.serve`` in demo mode (as ``make run``); yields (url, seconds to healthy)."""
    port = _free_port()
    environment = {
        **os.environ,
        "JOHDON_MODE": "demo",
        "JOHDON_WAREHOUSE": str(warehouse),
        "JOHDON_DEMO_DIR": str(state / "demo"),
        "JOHDON_STATE_DIR": str(state / "auth"),
    }
    command = [sys.executable, "-m", "ui.serve", "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/", time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)


class Dashboard:
    """One browser session on the dashboard, with timed steps."""

    def __init__(self, browser, url: str, username: str) -> None:
        from texts import label, t

        self.label, self.t = label, t
        self.context = browser.new_context(viewport={"width": 1440, "height": 900})
        self.page = self.context.new_page()
        self.url, self.username = url, username

    def close(self) -> None:
        self.context.close()

    def drawn(self, page_name: str) -> None:
        """Wait until the page is drawn; a page that drew an error instead is no measurement."""
        self.page.wait_for_function(DRAWN, arg=self.t(f"page.{page_name}", "fi"), timeout=TIMEOUT_MS)
        failed = self.page.locator('[data-testid="stException"]')
        if failed.count():
            raise RuntimeError(f"{page_name} drew an error: {failed.first.inner_text()[:500]}")

    def open_form(self, params: dict[str, str]) -> float:
        """Open the address until the sign-in form is ready; seconds."""
        started = time.perf_counter()
        self.page.goto(self.url + ("?" + urlencode(params) if params else ""))
        self.page.wait_for_selector(FORM, timeout=TIMEOUT_MS)
        self.page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        return time.perf_counter() - started

    def sign_in(self) -> float:
        """Fill in the form, click, wait for the overview; seconds from the click."""
        self.page.get_by_role("textbox", name=self.t("login.username", "fi")).fill(self.username)
        self.page.get_by_role("textbox", name=self.t("login.password", "fi")).fill(USERS[self.username])
        button = self.page.get_by_role("button", name=self.t("login.submit", "fi"))
        started = time.perf_counter()
        button.click()
        self.drawn("overview")
        return time.perf_counter() - started

    def switch(self, page_name: str) -> float:
        """Open a page from the menu; seconds from the click to the page drawn."""
        link = self.page.locator('[data-testid="stSidebarNav"] a').filter(
            has_text=self.t(f"page.{page_name}", "fi")
        )
        started = time.perf_counter()
        link.first.click()
        self.drawn(page_name)
        return time.perf_counter() - started

    def choose_period(self, page_name: str, preset: str) -> float:
        """Pick a period preset in the sidebar; seconds from the click to the page drawn again."""
        box = self.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
            has_text=self.t("filters.period", "fi")
        )
        option = self.page.get_by_role("option", name=self.label("preset", preset, "fi"), exact=True)
        for attempt in range(3):  # a late rerun of the page may close the list just opened
            box.click()
            try:
                option.wait_for(state="visible", timeout=10_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")
        started = time.perf_counter()
        option.click()
        self.page.wait_for_url(f"**period={preset}**", timeout=TIMEOUT_MS)
        self.drawn(page_name)
        return time.perf_counter() - started


def page_names(username: str) -> list[str]:
    """The role's pages in menu order (the menu the dashboard draws)."""
    from ui.navigation import page_names as names

    return names(ROLES[username])


def _record(timings: dict[str, list[float]], step: str, seconds: float) -> None:
    timings.setdefault(step, []).append(seconds)
    print(f"  {step:<32} {seconds:6.2f} s", flush=True)


def fresh_runs(
    browser, warehouse: Path, state: Path, username: str, repeat: int, timings, typing: float = 0.0
) -> None:
    """A new server per repetition: first request → form, then (after ``typing`` seconds, the
    time a user takes to type; not counted) sign-in → overview."""
    for _ in range(repeat):
        with server(warehouse, state) as (url, started):
            _record(timings, "server start → healthy", started)
            dashboard = Dashboard(browser, url, username)
            form = dashboard.open_form({})
            time.sleep(typing)
            signed_in = dashboard.sign_in()
            _record(timings, "fresh: first request → form", form)
            _record(timings, "fresh: sign-in → overview", signed_in)
            _record(timings, "fresh first overview", form + signed_in)
            dashboard.close()


def warm_runs(browser, url: str, username: str, repeat: int, timings) -> None:
    """On one warm server: per repetition a new session signs in, then every page is opened and
    its period changed."""
    pages = page_names(username)
    tour = [*pages[1:], pages[0]]
    warm_up = Dashboard(browser, url, username)
    warm_up.open_form(WARM_UP)
    warm_up.sign_in()
    for name in tour:
        warm_up.switch(name)
    warm_up.close()
    for repetition in range(repeat):
        params = {"compare": COMPARES[repetition % 3], "grain": GRAINS[repetition % 5]}
        print(f" repetition {repetition + 1}: {params}", flush=True)
        dashboard = Dashboard(browser, url, username)
        dashboard.open_form(params)
        _record(timings, "sign-in → overview", dashboard.sign_in())
        for step, name in enumerate(tour):
            _record(timings, f"switch → {name}", dashboard.switch(name))
            _record(timings, f"filter on {name}", dashboard.choose_period(name, PRESETS[step % len(PRESETS)]))
        dashboard.close()


def _target(step: str) -> float | None:
    if step == "fresh first overview":
        return TARGETS["fresh"]
    for prefix, key in (("sign-in", "sign-in"), ("switch", "switch"), ("filter", "filter")):
        if step.startswith(prefix):
            return TARGETS[key]
    return None


def report(timings: dict[str, list[float]]) -> str:
    """Median, min and max per step, with the target and whether the median meets it."""
    width = max(len(step) for step in timings) + 2
    lines = [f"{'step':<{width}}{'median s':>10}{'min s':>8}{'max s':>8}{'n':>4}{'target':>9}"]
    for step, values in timings.items():
        target = _target(step)
        median = statistics.median(values)
        verdict = "" if target is None else f"< {target:.0f} s " + ("ok" if median < target else "MISSED")
        lines.append(
            f"{step:<{width}}{median:>10.2f}{min(values):>8.2f}{max(values):>8.2f}{len(values):>4}  {verdict}"
        )
    return "\n".join(lines)


def _ensure_demo(warehouse: Path) -> None:
    if (warehouse / "unit").is_dir():
        return
    print(f"building the demo warehouse in {warehouse} …", flush=True)
    subprocess.run([sys.executable, "cli.py", "demo", "--warehouse", str(warehouse)], cwd=ROOT, check=True)


def _sql_comparison(warehouse: Path | None, repeat: int) -> str:
    from benchmarks.__main__ import DEFAULT as QUERY_WAREHOUSE
    from benchmarks.__main__ import _ensure_warehouse, _run_child, raw_report

    root = warehouse or QUERY_WAREHOUSE
    _ensure_warehouse(root)
    return raw_report(_run_child("raw", root, repeat))


def main(argv: list[str] | None = None) -> int:
    """Run the browser steps, then the run_query comparison, and print the tables."""
    from playwright.sync_api import sync_playwright

    from reports.pdf import CHROMIUM_ARGS
    from reports.render import chromium_path

    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser", description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", nargs="?", type=Path, default=DEFAULT, help="the demo warehouse")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of every step")
    parser.add_argument("--user", choices=sorted(USERS), default="johtaja", help="the demo user")
    parser.add_argument("--fresh", type=int, default=None, help="fresh servers (default: --repeat)")
    parser.add_argument("--query-warehouse", type=Path, help="the ≈10 M-row warehouse of the SQL comparison")
    parser.add_argument("--skip-sql", action="store_true", help="leave out the run_query comparison")
    parser.add_argument("--fresh-only", action="store_true", help="only the fresh servers' steps")
    parser.add_argument(
        "--typing", type=float, default=0.0, help="seconds a user takes to type on a fresh server (default 0)"
    )
    arguments = parser.parse_args(argv)
    warehouse = arguments.warehouse.resolve()
    _ensure_demo(warehouse)
    timings: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="johdon-bench-") as folder, sync_playwright() as playwright:
        state = Path(folder)
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        print(f"warehouse {warehouse}, user {arguments.user}, {arguments.repeat} repetitions", flush=True)
        with server(warehouse, state) as (url, _):  # writes the demo users once, as a first start does
            Dashboard(browser, url, arguments.user).open_form({})
        print("fresh servers:", flush=True)
        fresh = arguments.fresh if arguments.fresh is not None else arguments.repeat
        fresh_runs(browser, warehouse, state, arguments.user, fresh, timings, arguments.typing)
        if not arguments.fresh_only:
            print("warm server:", flush=True)
            with server(warehouse, state) as (url, _):
                warm_runs(browser, url, arguments.user, arguments.repeat, timings)
        browser.close()
    print()
    print(report(timings))
    if not arguments.skip_sql:
        print()
        print(_sql_comparison(arguments.query_warehouse, max(arguments.repeat, 5)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
