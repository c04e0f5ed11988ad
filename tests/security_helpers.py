"""Helpers of the security browser tests: a Streamlit server that records which page scripts it
runs, nginx in front of it, Debian chromium, and the sign-in form.

A page script is recorded by a Python audit hook on ``exec`` (how Streamlit runs a page file), in
the server process itself: "no page script ran" is then a fact, not an inference from the screen.
"""

from __future__ import annotations

import ast
import contextlib
import grp
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "pages"
DEPLOY = ROOT / "deploy" / "nginx"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
LOGIN_FORM = ".st-key-login_username"
LOGOUT = ".st-key-johdon_logout_button"
SIGNED_IN_OR_FORM = f"{LOGOUT}, {LOGIN_FORM}"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
_LAUNCHER = """
import ast, sys
pages, trace = sys.argv[1], sys.argv[2]
heads = {}
def head_lines(path):
    if path not in heads:
        tree = ast.parse(open(path, encoding="utf-8").read())
        nodes = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        if tree.body and isinstance(tree.body[0], ast.Expr):
            nodes.append(tree.body[0])
        heads[path] = {line for n in nodes for line in range(n.lineno, n.end_lineno + 1)}
    return heads[path]
def write(text):
    with open(trace, "a", encoding="utf-8") as out:
        out.write(text + "\\n")
def lines(frame, event, arg):
    if event != "line":
        return lines
    write(f"line {frame.f_code.co_filename} {frame.f_lineno}")
    if frame.f_lineno in head_lines(frame.f_code.co_filename):
        return lines
    sys.settrace(None)
    frame.f_trace = None
    return None
def calls(frame, event, arg):
    return lines if frame.f_code.co_filename.startswith(pages) else None
def record(event, args):
    if event == "exec" and args and getattr(args[0], "co_filename", "").startswith(pages):
        write(f"exec {args[0].co_filename} 0")
        sys.settrace(calls)
sys.addaudithook(record)
from streamlit.web.cli import main
sys.argv = ["streamlit", *sys.argv[3:]]
main(prog_name="streamlit")
"""
"""``streamlit ...`` with an audit hook: each page file Streamlit executes is recorded ("exec"),
then, in that thread, each line of the page file that runs ("line") up to and including its
first statement that is no import (tracing stops there, so the page runs at full speed)."""


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 60) -> None:
    """Return once 127.0.0.1:``port`` accepts connections; fail if ``process`` dies first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port}")


@contextlib.contextmanager
def traced_app(environment: dict[str, str], folder: Path) -> Iterator[tuple[int, Path, Path]]:
    """``streamlit run app.py`` on a free port, recording the page files it runs (see
    ``_LAUNCHER``): yields (port, trace file, log file). The trace exists once a page file ran."""
    port = free_port()
    trace, log = folder / "page_scripts.txt", folder / "streamlit.log"
    arguments = ["run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1"]
    arguments += ["--server.headless", "true"]
    with open(log, "w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(PAGES_DIR), str(trace), *arguments],
            cwd=ROOT,
            env={**os.environ, **environment},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                    break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    raise RuntimeError(f"streamlit did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield port, trace, log
    finally:
        process.terminate()
        process.wait(timeout=20)


def _trace(trace: Path) -> list[tuple[str, str, int]]:
    if not trace.exists():
        return []
    entries = [line.rsplit(" ", 1) for line in trace.read_text(encoding="utf-8").splitlines()]
    return [(head.split(" ", 1)[0], Path(head.split(" ", 1)[1]).name, int(n)) for head, n in entries]


def page_scripts_run(trace: Path) -> list[str]:
    """The page files the traced server has started, in order (file names)."""
    return [name for kind, name, _ in _trace(trace) if kind == "exec"]


def page_lines_run(trace: Path) -> dict[str, set[int]]:
    """The lines of each page file that have run."""
    ran: dict[str, set[int]] = {}
    for kind, name, number in _trace(trace):
        if kind == "line":
            ran.setdefault(name, set()).add(number)
    return ran


def import_lines(page: Path) -> set[int]:
    """The lines of a page file's docstring and its top-level imports."""
    tree = ast.parse(page.read_text(encoding="utf-8"))
    heads = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant):
        heads.append(tree.body[0])
    return {line for node in heads for line in range(node.lineno, node.end_lineno + 1)}


def production_environment(warehouse: Path, users: Path, state: Path, cookie_key: str) -> dict[str, str]:
    """The app in production mode on ``warehouse`` with ``users`` and its own state folder."""
    return {
        "JOHDON_MODE": "production",
        "JOHDON_WAREHOUSE": str(warehouse),
        "JOHDON_USERS": str(users),
        "JOHDON_COOKIE_KEY": cookie_key,
        "JOHDON_STATE_DIR": str(state),
    }


def wait_ready(page, timeout: float = 60_000) -> None:
    """Wait until the script has finished and the skeletons and status widget are gone."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout)
    page.wait_for_selector('[data-testid="stSkeleton"]', state="detached", timeout=timeout)


def open_page(page, url: str) -> None:
    """Go to ``url`` and wait until the app shows the sign-in form or a signed-in page."""
    page.goto(url)
    page.wait_for_selector(SIGNED_IN_OR_FORM, timeout=60_000)
    wait_ready(page)


def sign_in(page, username: str, password: str) -> None:
    """Fill and send the sign-in form; wait for the signed-in page to be drawn."""
    page.locator(f"{LOGIN_FORM} input").fill(username)
    page.locator(".st-key-login_password input").fill(password)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    page.wait_for_selector(LOGOUT, timeout=60_000)
    wait_ready(page)


def signed_in(page) -> bool:
    """Whether the page shows the signed-in frame (the logout button), not the form."""
    return page.locator(LOGOUT).count() >= 1 and page.locator(LOGIN_FORM).count() == 0


def first_visit(url: str) -> None:
    """One anonymous visit to the root address of a new server. The first session after a start
    runs in Streamlit's ``pages/`` mode until ``ui`` switches it off (see ``ui.navigation``); a
    page address not named after a file (``/palautteet``) would open on a "page not found"
    notice in that one session."""
    with chromium() as browser:
        open_page(browser.new_context(ignore_https_errors=True).new_page(), url)


def page_title(page) -> str:
    """The page's title (its ``h1``)."""
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian chromium through Playwright (never ``playwright install``)."""
    from playwright.sync_api import sync_playwright

    from reports.pdf import CHROMIUM_ARGS
    from reports.render import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away certificate for 127.0.0.1 (openssl): (certificate, key)."""
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def _replace_once(text: str, pattern: str, replacement: str) -> str:
    found, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    assert count == 1, f"deploy/nginx/johdon-tyopoyta.conf: expected one {pattern!r}, found {count}"
    return found


def site_for_test(app_port: int, http_port: int, https_port: int, certificate: Path, key: Path) -> str:
    """The shipped production site file with only its ports, certificate and upstream changed."""
    site = (DEPLOY / "johdon-tyopoyta.conf").read_text(encoding="utf-8")
    site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.MULTILINE)
    site = _replace_once(site, r"listen 80;", f"listen 127.0.0.1:{http_port};")
    site = _replace_once(site, r"listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    site = _replace_once(site, r"ssl_certificate \S+;", f"ssl_certificate {certificate};")
    site = _replace_once(site, r"ssl_certificate_key \S+;", f"ssl_certificate_key {key};")
    return _replace_once(site, r"server 127\.0\.0\.1:8501;", f"server 127.0.0.1:{app_port};")


@contextlib.contextmanager
def nginx_in_front(app_port: int, folder: Path) -> Iterator[tuple[int, int]]:
    """nginx (Debian's, as the test's user, pid/logs/temp files in ``folder``) serving the shipped
    site file and snippets in front of ``app_port``: yields (http port, https port)."""
    conf = folder / "nginx"
    (conf / "snippets").mkdir(parents=True)
    for snippet in (DEPLOY / "snippets").glob("*.conf"):
        shutil.copy(snippet, conf / "snippets" / snippet.name)
    http_port, https_port = free_port(), free_port()
    certificate, key = self_signed_certificate(folder)
    site = site_for_test(app_port, http_port, https_port, certificate, key)
    (conf / "johdon-tyopoyta.conf").write_text(site, encoding="utf-8")
    user = ""
    if os.geteuid() == 0:  # workers would otherwise drop to "nobody", who cannot use these folders
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in kinds)
    (conf / "nginx.conf").write_text(
        f"""{user}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder / "access.log"};
{temp}
    include johdon-tyopoyta.conf;
}}
"""
    )
    command = [NGINX, "-p", str(conf), "-c", str(conf / "nginx.conf"), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    with open(folder / "nginx.out", "w", encoding="utf-8") as output:
        process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_port(https_port, process, "nginx", timeout=20)
        yield http_port, https_port
    finally:
        process.terminate()
        process.wait(timeout=20)
