"""Playwright on Debian chromium against the dashboard as ``make run`` starts it (``python -m
ui.serve``) on the demo warehouse.

Logs in as the demo unit manager, changes the period filter, checks the happy-index tile
against ``cli.py query`` for the same filters, measures the filter change and saves a
screenshot under tests/artifacts/. Then presentation mode as the demo presenter: no chrome,
large type, values written on the charts, one exhibit per click (timed), screenshots in fi and en.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from reports.pdf import CHROMIUM_ARGS
from reports.render import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(environment: dict[str, str], port: int) -> subprocess.Popen:
    """The dashboard as ``make run`` starts it (``python -m ui.serve``) on ``port``; returns once the
    health check answers."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.serve",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env={**os.environ, **environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("streamlit did not start")


def wait_ready(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished and the skeletons and status widget are gone."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout)
    page.wait_for_selector('[data-testid="stSkeleton"]', state="detached", timeout=timeout)


def log_in(page, url: str, username: str, password: str, timeout: float = 60_000) -> None:
    """Sign in on the (Finnish) sign-in form; returns once the overview's tiles are drawn, or fails
    with what the page shows instead."""
    page.goto(url)
    wait_ready(page)
    page.get_by_role("textbox", name="Käyttäjätunnus").fill(username)
    page.get_by_role("textbox", name="Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu").click()
    try:
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=timeout)
    except PlaywrightTimeout as error:
        shown = page.locator("body").inner_text(timeout=5_000)
        waited = f"{timeout / 1000:.0f} s after signing in as {username}"
        raise AssertionError(f"no overview {waited}; the page shows:\n{shown}") from error
    wait_ready(page, 60_000)


def choose(page, label: str, option: str) -> float:
    """Pick ``option`` in the sidebar selectbox ``label``; seconds until the page is ready again."""
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=label).click()
    started = time.perf_counter()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=5_000)
    wait_ready(page)
    return time.perf_counter() - started


def shown_period(page) -> tuple[date, date]:
    """The period the sidebar says is chosen (``1.1.2018–12.9.2018``)."""
    text = page.locator('[data-testid="stSidebar"]').inner_text()
    start, end = re.search(r"(\d{1,2}\.\d{1,2}\.\d{4})–(\d{1,2}\.\d{1,2}\.\d{4})", text).groups()
    return tuple(date(int(y), int(m), int(d)) for d, m, y in (s.split(".") for s in (start, end)))


def cli_value(warehouse: Path, metric: str, period: tuple[date, date], unit: str) -> float:
    """The metric's value from ``cli.py query`` for the same filters."""
    output = subprocess.run(
        [
            sys.executable,
            "cli.py",
            "query",
            metric,
            "--warehouse",
            str(warehouse),
            "--from",
            period[0].isoformat(),
            "--to",
            period[1].isoformat(),
            "--unit",
            unit,
            "--format",
            "json",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)[0]["value"]


@pytest.fixture(scope="module")
def demo_app(demo_warehouse, tmp_path_factory):
    """The dashboard in demo mode on the demo warehouse: (url, warehouse)."""
    warehouse = Path(demo_warehouse)
    state = tmp_path_factory.mktemp("browser_state")
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
    yield f"http://127.0.0.1:{port}/", warehouse
    process.terminate()
    process.wait(timeout=20)


def test_unit_manager_changes_a_filter_and_sees_the_cli_figure(demo_app):
    from playwright.sync_api import sync_playwright

    url, warehouse = demo_app
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        log_in(page, url, "esihenkilo", "esihenkilo-demo")
        timings = [choose(page, "Ajanjakso", "Vuoden alusta"), choose(page, "Ajanjakso", "Edellinen vuosi")]
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
        tile = page.locator('[data-testid="stMetric"]').filter(has_text="Happy-indeksi")
        shown = tile.locator('[data-testid="stMetricValue"]').inner_text().strip()
        expected = cli_value(warehouse, "happy_index", shown_period(page), "ter-kallio")
        assert shown == f"{expected:.1f}".replace(".", ",")
        assert "unit=ter-kallio" not in page.url and "period=year" in page.url
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "unit_manager_overview.png"), full_page=True)
        browser.close()
    # speed is measured by the benchmarks, not asserted here: these timings are for the log only
    print(f"filter change to ready: {', '.join(f'{t:.2f} s' for t in timings)}")


MAIN_HEADING = '[data-testid="stMain"] [data-testid="stHeading"]'
NAV = ".st-key-present_nav"
DRAWN = """before => {
    const heading = document.querySelector('[data-testid="stMain"] [data-testid="stHeading"]');
    return heading !== null && heading.innerText.trim() !== before
        && document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]') !== null
        && document.querySelector('[data-stale="true"]') === null
        && (document.querySelector('[data-testid="stPlotlyChart"]') === null
            || document.querySelector('[data-testid="stPlotlyChart"] .main-svg :is(g.trace, g.hm)') !== null);
}"""
"""The next exhibit is drawn: a new title, the run finished, nothing stale left, its chart drawn."""
CAPTIONS = """[...document.querySelectorAll('[data-testid="stMain"] [data-testid="stCaptionContainer"]')]"""
EXHIBIT_CAPTION = f"{CAPTIONS}.filter(e => !e.closest('.st-key-present_nav')).pop()"
"""The exhibit's caption (filters, n, data date): the main area's last caption outside the bar."""


def slide_title(page) -> str:
    return page.locator(MAIN_HEADING).first.inner_text().strip()


def slide_counter(page) -> str:
    return page.locator(f"{NAV} [data-testid='stCaptionContainer']").inner_text().strip()


def slide_caption(page) -> str:
    return page.evaluate(f"() => {EXHIBIT_CAPTION}.innerText")


def next_slide(page, label: str) -> float:
    """Click ``label`` ("Seuraava ▶"); seconds until the next exhibit is drawn."""
    before = slide_title(page)
    started = time.perf_counter()
    page.get_by_role("button", name=label).click()
    page.wait_for_function(DRAWN, arg=before, timeout=30_000)
    return time.perf_counter() - started


def chart_labels(page) -> list[str]:
    """The values written on the chart's lines (SVG text, no hover needed)."""
    page.wait_for_selector('[data-testid="stPlotlyChart"] .textpoint text', timeout=10_000)
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .textpoint text')]
            .map(e => e.textContent)"""
    )


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two computed ``rgb(…)`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_presenter_shows_large_chrome_free_slides_one_at_a_time(demo_app):
    from playwright.sync_api import sync_playwright

    url, _ = demo_app
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        log_in(page, url, "esittaja", "esittaja-demo")
        page.goto(f"{url}?present=1")
        wait_ready(page)
        page.wait_for_selector(NAV)
        for chrome in ("stSidebar", "stHeader", "stToolbar", "stDecoration", "stStatusWidget"):
            assert page.locator(f'[data-testid="{chrome}"]').first.is_hidden(), chrome
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 20
        assert slide_counter(page) == "Yleiskuva · 1 / 5"
        assert slide_title(page) == "Tunnusluvut kanavittain"
        button = page.locator(f'{NAV} button[kind="primary"]')
        colours = button.evaluate(
            "b => [getComputedStyle(b.querySelector('p')).color, getComputedStyle(b).backgroundColor]"
        )
        assert contrast(*colours) >= 7, colours
        assert page.evaluate(f"() => {CAPTIONS}.every(e => getComputedStyle(e).opacity === '1')")

        timings = {"within the overview": [next_slide(page, "Seuraava ▶") for _ in range(4)]}
        assert slide_counter(page) == "Yleiskuva · 5 / 5"
        timings["to the next page"] = [next_slide(page, "Seuraava ▶")]
        assert re.fullmatch(r"Pikapalaute · 1 / \d+", slide_counter(page))
        assert "/pikapalaute" in page.url and "present=1" in page.url
        assert slide_title(page) == "Happy-indeksi"
        assert any(re.fullmatch(r"\d+,\d", label) for label in chart_labels(page)), chart_labels(page)
        assert "Tiedot 31.12.2025 asti" in slide_caption(page)
        bottom, bar = page.evaluate(
            f"""() => [{EXHIBIT_CAPTION}.getBoundingClientRect().bottom,
                document.querySelector('{NAV}').getBoundingClientRect().top]"""
        )
        assert bottom <= bar, "the caption runs under the navigation bar"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "presentation_fi.png"))
        timings["cached, within a page"] = [next_slide(page, "Seuraava ▶") for _ in range(3)]

        page.goto(f"{url}pikapalaute?present=1&lang=en")
        wait_ready(page)
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
        assert re.fullmatch(r"Quick feedback · 1 / \d+", slide_counter(page))
        assert slide_title(page) == "Happy index"
        assert any(re.fullmatch(r"\d+\.\d", label) for label in chart_labels(page)), chart_labels(page)
        page.screenshot(path=str(ARTIFACTS / "presentation_en.png"))
        timings["cached, in English"] = [next_slide(page, "Next ▶")]
        browser.close()
    for name, seconds in timings.items():
        print(f"next slide drawn, {name}: {', '.join(f'{s:.2f} s' for s in seconds)}")


def test_presentation_keeps_a_changed_filter_on_the_next_page(demo_app):
    from playwright.sync_api import sync_playwright

    url, _ = demo_app
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        log_in(page, url, "esittaja", "esittaja-demo")
        choose(page, "Ajanjakso", "Edellinen vuosi")
        page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(
            has_text="Esitystila"
        ).click()
        page.wait_for_selector(NAV, timeout=30_000)
        wait_ready(page)
        chosen = slide_caption(page).split(" · ")[0]
        assert chosen == "1.1.2024–31.12.2024"
        while slide_counter(page).startswith("Yleiskuva"):
            next_slide(page, "Seuraava ▶")
        shown = slide_caption(page).split(" · ")[0]
        browser.close()
    assert shown == chosen


DRAWN_ONCE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const layout = gd._fullLayout;
    const kinds = gd._fullData.map(trace => trace.type + (trace.orientation === 'h' ? '-h' : ''));
    const svg = gd.querySelector('.main-svg').getBoundingClientRect();
    const labels = [...gd.querySelectorAll('.ytick text')].map(text => text.getBoundingClientRect());
    return {
        kinds,
        margins: ['l', 'r', 't', 'b'].map(side => layout.margin[side]),
        drawn: ['l', 'r', 't', 'b'].map(side => Math.round(layout._size[side])),
        inside: labels.every(box => box.left >= svg.left - 0.5),
        plot: layout._size.w,
    };
})"""
"""Each chart's trace kinds, the margins it was given and those it was drawn with (Plotly widens
margins its labels do not fit, after a first draw, and draws again), and its labels in the SVG."""


PLOTLY_FEWEST_PLOT = 64
"""The plot width Plotly keeps when it widens margins for long labels (its ``minreducedwidth``): a
margin set by the dashboard must not leave less."""


@pytest.mark.parametrize("address", ["asiakaskyselyt", "palautteet", "pikapalaute", "muistutukset"])
@pytest.mark.parametrize("width", [1440, 390])
def test_bar_charts_and_heatmaps_are_drawn_once_with_their_labels_whole(demo_app, address, width):
    """A horizontal bar chart's or heatmap's margins already hold its labels (up to
    ``MOST_LEFT``): on a desktop the browser draws it once (no second draw to widen them) and no
    label is cut at the edge; on a phone every chart keeps room for its bars or lines."""
    from playwright.sync_api import sync_playwright

    from figures.charts import MOST_LEFT

    url, _ = demo_app
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        log_in(page, url, "johtaja", "johtaja-demo")
        page.goto(url + address)
        wait_ready(page, 60_000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
            ".every(chart => chart.querySelector('.main-svg'))",
            timeout=60_000,
        )
        charts = page.evaluate(DRAWN_ONCE)
        browser.close()
    for chart in charts:
        assert chart["plot"] >= (PLOTLY_FEWEST_PLOT if width < 500 else 400), chart
        # on a phone Plotly cuts labels longer than the screen allows them (survey statements): a
        # known gap, not from the margins set here (they were cut the same with Plotly's own)
        assert chart["inside"] or width < 500, chart
    foreseen = [
        c
        for c in charts
        if c["kinds"] and all(k in ("bar-h", "heatmap") for k in c["kinds"]) and c["margins"][0] < MOST_LEFT
    ]
    assert foreseen, charts
    if width > 1000:
        for chart in foreseen:
            assert chart["drawn"] == chart["margins"], chart


def test_the_sign_in_form_loads_the_chart_library_before_anyone_signs_in(demo_app):
    """While the form is shown the browser fetches and runs Streamlit's Plotly module, the one the
    first chart then uses: signing in on the same page fetches no second copy."""
    from playwright.sync_api import sync_playwright

    url, _ = demo_app
    fetched = """() => performance.getEntriesByType('resource').map(entry => entry.name)
        .filter(name => name.includes('PlotlyChart'))"""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url)
        wait_ready(page)
        page.wait_for_function("() => window.johdonCharts !== undefined", timeout=30_000)
        loaded = page.evaluate("() => window.johdonCharts.then(module => module !== null)")
        before = page.evaluate(fetched)
        assert not page.locator('[data-testid="stPlotlyChart"]').count()  # nothing drawn before sign-in
        page.get_by_role("textbox", name="Käyttäjätunnus").fill("johtaja")
        page.get_by_role("textbox", name="Salasana").fill("johtaja-demo")
        page.get_by_role("button", name="Kirjaudu").click()
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
        after = page.evaluate(fetched)
        browser.close()
    assert loaded and len(before) == 1 and before[0].endswith(".js")
    assert after == before
