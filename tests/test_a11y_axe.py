"""axe-core (WCAG 2.1 A and AA) in Debian chromium on every page of every demo role: no serious or
critical violation. The director's pages are checked with every chart's data table opened too
(the other roles see the same exhibits with other numbers). Also the sign-in form, a page in
Swedish and in English, presentation mode and a phone-width page."""

from __future__ import annotations

import pytest
from a11y_helpers import (
    axe_violations,
    chromium,
    demo_server,
    open_expanders,
    open_page,
    page_paths,
    settle,
    sign_in,
)
from test_browser import wait_ready


@pytest.fixture(scope="module")
def demo_url(demo_warehouse, tmp_path_factory):
    with demo_server(demo_warehouse, tmp_path_factory.mktemp("a11y_axe")) as url:
        yield url


def _report(found: dict[str, list[dict]]) -> str:
    return "\n".join(
        f"{where}: {v['id']} ({v['impact']}) {v['help']}\n    " + "\n    ".join(v["nodes"])
        for where, violations in found.items()
        for v in violations
    )


@pytest.mark.parametrize("role", ["director", "unit_manager", "presenter", "admin"])
def test_no_serious_or_critical_violation_on_any_page(demo_url, role):
    found = {}
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        sign_in(page, demo_url, role)
        for path in page_paths(role):
            open_page(page, demo_url, path)
            if role == "director":
                open_expanders(page)
            found[path or "overview"] = axe_violations(page)
    assert not any(found.values()), _report(found)
    assert len(found) == len(page_paths(role)) >= 6


def test_no_violation_before_sign_in_in_other_languages_presenting_or_on_a_phone(demo_url):
    found = {}
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(demo_url)
        wait_ready(page)
        found["sign-in"] = axe_violations(page)
        sign_in(page, demo_url, "presenter")
        for language in ("sv", "en"):
            open_page(page, demo_url, "pikapalaute", f"lang={language}")
            found[f"quick feedback ({language})"] = axe_violations(page)
        open_page(page, demo_url, "pikapalaute", "present=1&lang=fi")
        page.wait_for_selector(".st-key-present_nav")
        found["presentation"] = axe_violations(page)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        sign_in(phone, demo_url, "director")
        settle(phone)
        found["overview (phone)"] = axe_violations(phone)
    assert not any(found.values()), _report(found)
