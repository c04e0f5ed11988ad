"""Several app replicas on one state folder: session records and the login throttle are shared.

- Two store objects on one folder (what two processes hold) see each other's logouts and
  failed-login counts, the same for known and unknown names.
- Four processes write at once: no lost record, no lost or extra attempt, a sound file; four
  processes creating the store in a new folder at once all succeed; a process killed
  mid-write loses nothing it had committed.
- Two real ``streamlit run app.py`` processes on two ports share ``JOHDON_STATE_DIR``, driven by
  Playwright on Debian chromium: a login on A is honoured on B by cookie; logout on A ends B's
  open session and makes the very same cookie useless on B; failed logins on A and B add up.

The worker processes are forked (see ``_processes``); the browser test imports its helpers itself.
"""

from __future__ import annotations

import multiprocessing
import secrets
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ui.sessions import (
    BASE_LOCK_SECONDS,
    DATABASE_NAME,
    FREE_ATTEMPTS,
    LoginThrottle,
    SessionRecords,
    StateDatabase,
    name_key,
    session_id,
)

FAR_FUTURE = 4_000_000_000.0
PROCESSES = 4
SESSIONS_PER_PROCESS = 24
NAMES = 6
"""Every process spends FREE_ATTEMPTS attempts on each of these shared names."""


def _processes():
    """Fresh worker processes. Forked, not spawned: a spawned child re-runs the parent's
    ``__main__``, which after an AppTest in the same pytest worker is app.py itself."""
    return multiprocessing.get_context("fork")


def _rows(state_dir: Path, statement: str, parameters: tuple = ()) -> list[tuple]:
    with sqlite3.connect(state_dir / DATABASE_NAME) as connection:
        return connection.execute(statement, parameters).fetchall()


def _integrity(state_dir: Path) -> str:
    return _rows(state_dir, "PRAGMA integrity_check")[0][0]


def test_two_stores_on_one_folder_see_each_others_logout(tmp_path):
    now = [1_000_000.0]
    on_a, on_b = (SessionRecords(tmp_path, clock=lambda: now[0]) for _ in range(2))
    sid = on_a.open("anna", now[0] + 3600)
    assert sid == session_id("anna", now[0] + 3600)
    assert on_b.is_open(sid, "anna") and not on_b.is_open(sid, "bert")
    on_b.revoke(sid)
    assert not on_a.is_open(sid, "anna")
    later = on_b.open("anna", now[0] + 60)
    now[0] += 61
    assert not on_a.is_open(later, "anna")  # expired, on both
    on_a.open("bert", now[0] + 60)  # opening a session drops the expired ones
    assert _rows(tmp_path, "SELECT username FROM auth_session") == [("bert",)]
    assert _rows(tmp_path, "PRAGMA journal_mode") == [("wal",)]


@pytest.mark.parametrize("name", ["anna", "tuntematon"])
def test_failed_logins_count_across_two_stores(tmp_path, name):
    now = [5000.0]
    on_a, on_b = (LoginThrottle(tmp_path, clock=lambda: now[0]) for _ in range(2))
    assert [on_a.attempt(name) for _ in range(2)] + [on_b.attempt(name.upper()) for _ in range(3)] == [0] * 5
    assert on_a.attempt(name) == BASE_LOCK_SECONDS and on_b.attempt(name) == BASE_LOCK_SECONDS
    now[0] += 10
    assert on_b.attempt(f" {name} ") == BASE_LOCK_SECONDS - 10
    on_b.succeeded(name)
    assert on_a.attempt(name) == 0
    assert _rows(tmp_path, "SELECT count(*) FROM login_attempt") == [(1,)]


def _hammer(state_dir: str, worker: int, barrier, results) -> None:
    """One process's share: open sessions and revoke every other one, interleaved with login
    attempts cycling over the shared names; reports how many attempts were let through."""
    records = SessionRecords(Path(state_dir))
    throttle = LoginThrottle(Path(state_dir))
    barrier.wait()
    allowed = 0
    for i in range(max(SESSIONS_PER_PROCESS, NAMES * FREE_ATTEMPTS)):
        if i < SESSIONS_PER_PROCESS:
            sid = records.open(f"user-{worker}-{i}", FAR_FUTURE + i)
            if i % 2 == 0:
                records.revoke(sid)
        if i < NAMES * FREE_ATTEMPTS:
            allowed += throttle.attempt(f"name-{i % NAMES}") == 0
    results.put(allowed)


def test_processes_writing_at_once_lose_nothing(tmp_path):
    context = _processes()
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=_hammer, args=(str(tmp_path), w, barrier, results)) for w in range(PROCESSES)
    ]
    started = time.perf_counter()
    for process in workers:
        process.start()
    allowed = [results.get(timeout=120) for _ in workers]
    for process in workers:
        process.join(timeout=30)
    elapsed = time.perf_counter() - started
    assert [process.exitcode for process in workers] == [0] * PROCESSES
    # Every name had PROCESSES × FREE_ATTEMPTS tries at once; exactly FREE_ATTEMPTS got through.
    assert sum(allowed) == NAMES * FREE_ATTEMPTS
    per_name = dict(_rows(tmp_path, "SELECT name_key, count(*) FROM login_attempt GROUP BY name_key"))
    assert per_name == {name_key(f"name-{n}"): FREE_ATTEMPTS for n in range(NAMES)}
    expected = {
        session_id(f"user-{w}-{i}", FAR_FUTURE + i)
        for w in range(PROCESSES)
        for i in range(1, SESSIONS_PER_PROCESS, 2)
    }
    assert {sid for (sid,) in _rows(tmp_path, "SELECT sid FROM auth_session")} == expected
    assert _integrity(tmp_path) == "ok"
    writes = PROCESSES * (SESSIONS_PER_PROCESS * 3 // 2 + NAMES * FREE_ATTEMPTS)
    print(f"{PROCESSES} processes, {writes} write transactions in {elapsed:.2f} s (with process start)")


def _open_fresh_folders(root: str, rounds: int, barrier, results) -> None:
    """In each round, meet the other processes at a new folder and use it at once."""
    errors = []
    for n in range(rounds):
        barrier.wait()
        try:
            LoginThrottle(Path(root) / str(n)).attempt("anna")
        except Exception as error:  # reported to the test, which shows it
            errors.append(repr(error))
    results.put(errors)


def test_processes_creating_the_store_at_once_agree_on_it(tmp_path):
    rounds = 30
    context = _processes()
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=_open_fresh_folders, args=(str(tmp_path), rounds, barrier, results))
        for _ in range(PROCESSES)
    ]
    for process in workers:
        process.start()
    errors = [error for _ in workers for error in results.get(timeout=120)]
    for process in workers:
        process.join(timeout=30)
    assert errors == []
    for n in range(rounds):
        assert _rows(tmp_path / str(n), "SELECT count(*) FROM login_attempt") == [(PROCESSES,)]
        assert _rows(tmp_path / str(n), "PRAGMA journal_mode") == [("wal",)]


def _write_until_killed(state_dir: str, committed) -> None:
    """Open sessions in a tight loop, reporting each one after its commit."""
    records = SessionRecords(Path(state_dir))
    for i in range(1_000_000):
        committed.put(records.open(f"user-{i}", FAR_FUTURE + i))


def test_a_process_killed_mid_write_corrupts_nothing(tmp_path):
    context = _processes()
    committed = context.Queue()
    writer = context.Process(target=_write_until_killed, args=(str(tmp_path), committed))
    writer.start()
    reported = [committed.get(timeout=60) for _ in range(30)]
    writer.kill()
    writer.join(timeout=10)
    assert writer.exitcode == -9
    assert _integrity(tmp_path) == "ok"
    survivor = SessionRecords(tmp_path)
    assert all(survivor.is_open(sid, f"user-{i}") for i, sid in enumerate(reported))
    sid = survivor.open("anna", FAR_FUTURE)  # the lock died with the writer
    assert survivor.is_open(sid, "anna")


# --- two real app processes -------------------------------------------------------------------

LOGOUT = ".st-key-johdon_logout_button"
LOGIN_FORM = ".st-key-login_username"


def _attempts(state_dir: Path, username: str) -> int:
    """The login attempts the shared store holds for ``username``."""
    return StateDatabase(state_dir).fetch_one(
        "SELECT count(*) FROM login_attempt WHERE name_key = ?", (name_key(username),)
    )[0]


def _wait_until(condition, timeout: float = 15.0) -> None:
    """Poll ``condition`` (a server-side fact) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


def _current(page, selector: str):
    """The element matching ``selector`` that the latest run drew (not a stale copy kept from
    the run before)."""
    return page.locator(f'{selector}:not([data-stale="true"])').first


def _submit(page, username: str, password: str) -> None:
    """Fill and send the login form."""
    page.locator(f"{LOGIN_FORM} input").fill(username)
    page.locator(".st-key-login_password input").fill(password)
    page.locator('[data-testid="stFormSubmitButton"] button').click()


@pytest.fixture(scope="module")
def two_replicas(tiny_ui, tmp_path_factory):
    """Two ``streamlit run app.py`` processes on the tiny warehouse, in production mode with one
    cookie key and one state folder: (url of A, url of B, state folder)."""
    from test_browser import free_port, serve

    root, users = tiny_ui
    state = tmp_path_factory.mktemp("replicas") / "auth"
    environment = {
        "JOHDON_MODE": "production",
        "JOHDON_WAREHOUSE": str(root / "wh"),
        "JOHDON_USERS": str(users),
        "JOHDON_COOKIE_KEY": secrets.token_urlsafe(40),
        "JOHDON_STATE_DIR": str(state),
    }
    ports = [free_port(), free_port()]
    with ThreadPoolExecutor(2) as pool:
        processes = list(pool.map(lambda port: serve(environment, port), ports))
    url_a, url_b = (f"http://127.0.0.1:{port}/" for port in ports)
    yield url_a, url_b, state
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=20)


def test_two_app_processes_share_logout_and_the_throttle(two_replicas):
    from playwright.sync_api import expect, sync_playwright
    from test_browser import wait_ready
    from ui_helpers import PASSWORD

    from reports.pdf import CHROMIUM_ARGS
    from reports.render import CHROMIUM
    from texts import t
    from ui.auth import COOKIE_NAME

    url_a, url_b, state = two_replicas
    timings: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(step: str) -> None:
        now = time.perf_counter()
        timings[step], clock[0] = now - clock[0], now

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        laptop, phone = browser.new_context(), browser.new_context()
        page_a, page_b = laptop.new_page(), phone.new_page()
        for page, url in ((page_a, url_a), (page_b, url_b)):  # both processes warm up at once
            page.goto(f"{url}?lang=fi", wait_until="commit")
        for page in (page_a, page_b):
            page.wait_for_selector(LOGIN_FORM, timeout=60_000)
        lap("browser and both login forms")
        _submit(page_a, "paajohtaja", PASSWORD)
        page_a.wait_for_selector(LOGOUT, timeout=60_000)
        _wait_until(lambda: any(c["name"] == COOKIE_NAME for c in laptop.cookies()))
        cookie = [c for c in laptop.cookies() if c["name"] == COOKIE_NAME]
        assert _rows(state, "SELECT username FROM auth_session") == [("paajohtaja",)]
        lap("login on A")

        # The same cookie on another device, sent to replica B: logged in there by the cookie
        # alone. (Nobody waits for the overview's figures: this test is about the login.)
        phone.add_cookies(cookie)
        page_b.goto(f"{url_b}?lang=fi")
        page_b.wait_for_selector(LOGOUT, timeout=60_000)
        lap("cookie login on B")

        _current(page_a, LOGOUT).click()
        page_a.wait_for_selector(LOGIN_FORM, timeout=60_000)
        assert _rows(state, "SELECT count(*) FROM auth_session") == [(0,)]
        lap("logout on A")

        # B's open session ends at its next run (here: a language change, once B's run is done) ...
        wait_ready(page_b, 60_000)
        _current(page_b, ".st-key-ui_lang").click()
        page_b.get_by_role("option", name="svenska", exact=True).click()
        page_b.wait_for_selector(LOGIN_FORM, timeout=30_000)
        wait_ready(page_b)
        assert page_b.locator(LOGOUT).count() == 0
        lap("B's open session ended")
        # ... and a new visit to B with the very same cookie shows the login form (the cookie is
        # read from the request on the first run, so this is B's answer, not a first paint).
        page_b.goto(f"{url_b}?lang=fi")
        page_b.wait_for_selector(f"{LOGIN_FORM}, {LOGOUT}", timeout=30_000)
        wait_ready(page_b)
        expect(page_b.locator(LOGIN_FORM)).to_have_count(1, timeout=30_000)  # after the cookie rerun too
        assert page_b.locator(LOGOUT).count() == 0
        assert [c["value"] for c in phone.cookies() if c["name"] == COOKIE_NAME] == [cookie[0]["value"]]
        lap("the cookie refused on B")

        # Failed logins add up across A and B, for a known and an unknown name alike.
        for username in ("paajohtaja", "tuntematon"):
            for count, page in enumerate([page_a, page_a, page_b, page_b, page_b], start=1):
                _submit(page, username, "väärä-salasana")
                _wait_until(lambda c=count, u=username: _attempts(state, u) == c)
                wait_ready(page)
            for page in (page_a, page_b):
                _submit(page, username, PASSWORD)
                page.get_by_text(t("login.throttled", "fi")).wait_for(timeout=30_000)
            assert _attempts(state, username) == FREE_ATTEMPTS
            lap(f"throttle for {username}")
        assert page_a.locator(LOGOUT).count() == 0 and page_b.locator(LOGOUT).count() == 0
        browser.close()
    print("two replicas: " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items()))
