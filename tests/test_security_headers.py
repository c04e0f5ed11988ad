"""The production reverse proxy (deploy/nginx/) in front of a real Streamlit server.

Debian's nginx runs as the test's user on free ports, with its pid, logs and temporary files in
tmp, serving the shipped site file (only its ports, certificate and upstream rewritten) and the
shipped snippets, over TLS with a throw-away certificate, in front of ``streamlit run app.py`` in
production mode on the tiny warehouse of ``ui_helpers``:

- the header snippets are current (their script hashes match the installed Streamlit, the cookie
  component and the app's inline scripts);
- every response carries the headers: the HTML pages, the static files, the health checks, a
  component document (framed by the app only), the refused agent API (``404``) and the websocket
  upgrade (``101``); plain HTTP redirects to HTTPS;
- the app works through it in chromium: sign-in, a drawn chart, the Secure cookie, a reload that
  keeps the session, presentation mode's arrow keys (a hashed inline script), no Content-Security-
  Policy violation in any frame, and a foreign page cannot frame it.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import shutil
import socket
import ssl
import time
import urllib.error
import urllib.request

import pytest
from security_helpers import (
    LOGIN_FORM,
    chromium,
    first_visit,
    nginx_in_front,
    open_page,
    page_title,
    production_environment,
    sign_in,
    signed_in,
    traced_app,
    wait_ready,
)
from ui_helpers import PASSWORD

from texts import t
from ui import security_headers
from ui.auth import COOKIE_NAME

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"),
    reason="nginx is missing: bash .ci/install-system-packages nginx",
)
PAGE_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
COMPONENT = "/component/extra_streamlit_components.CookieManager.cookie_manager/index.html"
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
    window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
"""
"""Run in every frame before its own scripts: collects the policy's violations."""


def test_the_header_snippets_are_current_and_strict():
    assert security_headers.main(["--check"]) == 0, "run: python -m ui.security_headers"
    page = security_headers.content_security_policy(security_headers.page_script_sources(), "'none'")
    directives = dict(d.split(" ", 1) for d in page.split("; "))
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    scripts = directives["script-src"].split()
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    inline = security_headers.inline_scripts(security_headers.STREAMLIT_INDEX)
    assert inline and all(security_headers.source_hash(s) in scripts for s in inline)
    component = security_headers.inline_scripts(security_headers.COOKIE_COMPONENT_INDEX)
    assert component and all(
        security_headers.source_hash(s) in security_headers.nginx_snippet(component=True) for s in component
    )


@pytest.fixture(scope="module")
def proxied(tiny_ui, tmp_path_factory):
    """nginx in front of a production Streamlit server that has served one anonymous visitor (so
    the cookie component is registered): (https url, http url)."""
    folder = tmp_path_factory.mktemp("proxy")
    root, users = tiny_ui
    environment = production_environment(root / "wh", users, folder / "auth", secrets.token_urlsafe(40))
    with traced_app(environment, folder) as (port, _trace, _log), nginx_in_front(port, folder) as ports:
        http_port, https_port = ports
        base = f"https://127.0.0.1:{https_port}"
        first_visit(f"{base}/")
        yield base, f"http://127.0.0.1:{http_port}"


def _tls() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's throw-away certificate
    return context


def _get(url: str):
    """(status, headers, body) of a GET that follows no redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=_tls()))
    try:
        with opener.open(url, timeout=30) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _websocket_upgrade(base: str) -> tuple[str, dict[str, str]]:
    """The status line and headers of the answer to a websocket handshake on /_stcore/stream."""
    host, port = base.removeprefix("https://").split(":")
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {base}\r\n\r\n"
    )
    with (
        socket.create_connection((host, int(port)), timeout=30) as raw,
        _tls().wrap_socket(raw, server_hostname=host) as connection,
    ):
        connection.sendall(request.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += connection.recv(4096)
    status, *lines = answer.split(b"\r\n\r\n")[0].decode().split("\r\n")
    return status, dict(line.split(": ", 1) for line in lines)


def _assert_page_headers(headers, what: str) -> None:
    for name, value in PAGE_HEADERS.items():
        assert headers.get(name) == value, (what, name, headers.get(name))
    policy = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy, (what, policy)
    assert headers.get("Server") == "nginx", what  # no version


def test_every_response_through_the_proxy_carries_the_security_headers(proxied):
    base, plain = proxied
    status, headers, html = _get(f"{base}/")
    assert status == 200 and b"<html" in html
    _assert_page_headers(headers, "/")
    (script,) = re.findall(rb'<script type="module"[^>]* src="\./(static/js/[^"]+\.js)"', html)
    paths = ["yksikko?unit=kallio", "favicon.png", script.decode(), "_stcore/health", "_stcore/host-config"]
    for path in paths:
        status, headers, _ = _get(f"{base}/{path}")
        assert status == 200, path
        _assert_page_headers(headers, path)
    assert "javascript" in _get(f"{base}/{script.decode()}")[1]["Content-Type"]

    status, headers, _ = _get(f"{base}{COMPONENT}")
    assert status == 200 and headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"

    status, headers, _ = _get(f"{base}/_stcore/agent/openapi.json")
    assert status == 404  # the experimental agent API is not exposed
    _assert_page_headers(headers, "/_stcore/agent/")

    status, headers = _websocket_upgrade(base)
    assert status == "HTTP/1.1 101 Switching Protocols", status
    _assert_page_headers(headers, "/_stcore/stream")

    status, headers, _ = _get(f"{plain}/yksikko")
    assert status == 301 and headers["Location"].startswith("https://")


def _violations(page) -> list[str]:
    found = []
    for frame in page.frames:
        found += frame.evaluate("window.cspViolations || []")
    return found


def test_the_app_works_through_the_proxy_under_its_policy(proxied):
    base, _ = proxied
    timings = {}
    with chromium() as browser:
        context = browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 900})
        context.add_init_script(RECORD_VIOLATIONS)
        refused = []
        page = context.new_page()
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        open_page(page, f"{base}/?period=ytd")
        started = time.perf_counter()
        sign_in(page, "paajohtaja", PASSWORD)
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
        timings["sign-in to a drawn chart"] = time.perf_counter() - started
        assert page_title(page) == t("page.overview", "fi")
        deadline = time.time() + 30
        while not [c for c in context.cookies() if c["name"] == COOKIE_NAME]:
            assert time.time() < deadline, "the sign-in cookie was never written through the proxy"
            time.sleep(0.1)
        (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE_NAME]
        assert cookie["secure"] and cookie["sameSite"] == "Strict"

        started = time.perf_counter()
        page.reload()
        page.wait_for_selector(f"{LOGIN_FORM}, .st-key-johdon_logout_button", timeout=60_000)
        wait_ready(page)
        timings["reload"] = time.perf_counter() - started
        assert signed_in(page)

        page.goto(f"{base}/?present=1")
        page.wait_for_selector(".st-key-present_nav", timeout=60_000)
        wait_ready(page)
        counter = page.locator(".st-key-present_nav [data-testid='stCaptionContainer']")
        first = counter.inner_text()
        page.keyboard.press("ArrowRight")  # the presentation's key script: an inline script by hash
        page.wait_for_function(
            "before => document.querySelector(\".st-key-present_nav [data-testid='stCaptionContainer']\")"
            "?.innerText !== before",
            arg=first,
            timeout=30_000,
        )
        assert page.evaluate("document.documentElement.lang") == "fi"  # the accessibility script ran
        assert _violations(page) == [] and refused == []

        framing = context.new_page()
        framing.set_content(f'<iframe src="{base}/" width="800" height="600"></iframe>')
        framing.wait_for_timeout(2_000)
        (framed,) = framing.frames[1:]
        assert framed.evaluate("document.querySelector('[data-testid=\"stApp\"]') === null")
    print("through the proxy: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
