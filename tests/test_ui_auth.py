"""Login safety: production refusals, demo users, throttle, the server-side session record; the
app's sign-in: the cookie re-login only with an open record, the cookie order, logout, and page
files that draw nothing outside the frame."""

from __future__ import annotations

import os
import time
from pathlib import Path

import bcrypt
import jwt
import pytest
import yaml
from streamlit.testing.v1 import AppTest
from ui_helpers import PASSWORD, log_in, new_app

from texts import t
from ui import auth
from ui.scope import scope_for
from ui.sessions import FREE_ATTEMPTS, LoginThrottle, SessionRecords

ROOT = Path(__file__).resolve().parent.parent


def _users(path, **entries):
    hashed = bcrypt.hashpw(b"pw", bcrypt.gensalt(4)).decode()
    usernames = {name: {"password": hashed, **entry} for name, entry in entries.items()}
    path.write_text(yaml.safe_dump({"credentials": {"usernames": usernames}}), encoding="utf-8")
    return path


def test_production_refuses_default_short_or_missing_cookie_keys(tmp_path):
    users = _users(tmp_path / "u.yaml", anna={"roles": ["director"]})
    for key in ("some_key", "", "short-key"):
        with pytest.raises(auth.AuthConfigError, match="cookie key"):
            auth.load_credentials(auth.AuthSettings(users, key))
    assert "anna" in auth.load_credentials(auth.AuthSettings(users, "k" * 40))["usernames"]


def test_production_refuses_demo_users_and_unhashed_passwords(tmp_path):
    flagged = _users(tmp_path / "a.yaml", anna={"roles": ["director"], "demo": True})
    with pytest.raises(auth.AuthConfigError, match="demo users"):
        auth.load_credentials(auth.AuthSettings(flagged, "k" * 40))
    named = _users(tmp_path / "b.yaml", esihenkilo={"roles": ["unit_manager"]})
    with pytest.raises(auth.AuthConfigError, match="demo users"):
        auth.load_credentials(auth.AuthSettings(named, "k" * 40))
    plain = tmp_path / "c.yaml"
    plain.write_text(
        yaml.safe_dump({"credentials": {"usernames": {"x": {"password": "pw", "roles": ["admin"]}}}})
    )
    with pytest.raises(auth.AuthConfigError, match="bcrypt"):
        auth.load_credentials(auth.AuthSettings(plain, "k" * 40))


def test_demo_mode_writes_one_user_of_each_role(tmp_path):
    users_file, key = auth.ensure_demo_files(tmp_path)
    credentials = auth.load_credentials(auth.AuthSettings(users_file, key, demo=True))
    users = [auth.user_from_entry(n, e) for n, e in credentials["usernames"].items()]
    assert sorted(u.role for u in users) == sorted(auth.ROLES)
    manager = next(u for u in users if u.role == "unit_manager")
    assert manager.units == ("ter-kallio",)
    assert bcrypt.checkpw(b"esihenkilo-demo", credentials["usernames"]["esihenkilo"]["password"].encode())
    assert len(key) >= auth.MIN_COOKIE_KEY_LENGTH
    with pytest.raises(auth.AuthConfigError):
        auth.load_credentials(auth.AuthSettings(users_file, key, demo=False))


def test_throttle_is_the_same_for_known_and_unknown_names(tmp_path):
    now = [1000.0]
    throttle = LoginThrottle(tmp_path, clock=lambda: now[0])
    for name in ("anna", "nobody"):
        assert [throttle.attempt(name) for _ in range(FREE_ATTEMPTS)] == [0] * FREE_ATTEMPTS
        assert throttle.attempt(name) == 30
    now[0] += 31
    assert throttle.attempt("ANNA ") == 0  # the 6th attempt at 1031: locked 60 s from then
    assert throttle.attempt("anna") == 60
    now[0] += 61
    throttle.succeeded("anna")
    assert [throttle.attempt("anna") for _ in range(FREE_ATTEMPTS)] == [0] * FREE_ATTEMPTS
    assert throttle.attempt("nobody") == 0  # 5 attempts at 1000, the lock ended at 1030
    assert throttle.attempt("nobody") == 60
    now[0] += 15 * 60
    assert throttle.attempt("nobody") == 0  # the window forgot the attempts at 1000 and 1092


def test_a_revoked_session_stays_revoked(tmp_path):
    records = SessionRecords(tmp_path)
    sid = records.open("anna", 4_000_000_000.0)
    assert records.is_open(sid, "anna") and not records.is_open(sid, "bert")
    records.revoke(sid)
    assert not SessionRecords(tmp_path).is_open(sid, "anna")


def test_scopes_of_the_roles():
    units = [("kallio", "tpp"), ("malmi", "tpp"), ("koti", "sko")]
    assert scope_for(auth.User("a", "A", "director"), units).is_everything
    area = scope_for(auth.User("a", "A", "director", service_areas=("sko",)), units)
    assert area.unit_ids == frozenset({"koti"}) and area.service_area_ids == frozenset({"sko"})
    assert scope_for(auth.User("a", "A", "unit_manager", units=("kallio",)), units).unit_ids == frozenset(
        {"kallio"}
    )
    assert scope_for(auth.User("a", "A", "presenter"), units).is_everything
    assert scope_for(auth.User("a", "A", ""), units).unit_ids == frozenset()


# --- The sign-in of the app (AppTest on the tiny warehouse; the browser tests are
# tests/test_security_signin.py) -------------------------------------------------------------


def _cookie_for(username: str, expires: float, key: str | None = None) -> str:
    return auth.cookie_token(username, expires, key or os.environ["JOHDON_COOKIE_KEY"])


def _cookie_orders(app: AppTest) -> list[str]:
    """The cookie orders the run drew (the bodies of its HTML elements that carry one)."""
    bodies = [element.proto.body for element in app.get("html")]
    return [body for body in bodies if body.startswith("<div data-johdon-cookie")]


def _with_cookie(monkeypatch, value: str | None) -> None:
    """The cookie the browser sends with the session's request (AppTest cannot send cookies)."""
    monkeypatch.setattr(auth, "request_cookie", lambda: value)


@pytest.mark.usefixtures("ui_environment")
def test_a_cookie_with_an_open_record_signs_in_on_the_first_run(monkeypatch):
    state = Path(os.environ["JOHDON_STATE_DIR"])
    expires = time.time() + 3600
    SessionRecords(state).open("kallio", expires)
    _with_cookie(monkeypatch, _cookie_for("kallio", expires))
    app = new_app({"period": "ytd"})
    assert not app.exception and not app.text_input  # no form: signed in by the cookie alone
    assert app.metric[0].value == "72,2"  # Kallio's year to date (tests/ui_helpers.py)
    assert app.session_state["username"] == "kallio"


@pytest.mark.usefixtures("ui_environment")
@pytest.mark.parametrize("case", ["revoked", "foreign key", "expired", "unknown user", "garbage"])
def test_a_cookie_without_an_open_record_signs_nobody_in(monkeypatch, case):
    records = SessionRecords(Path(os.environ["JOHDON_STATE_DIR"]))
    expires = time.time() + 3600
    sid = records.open("kallio", expires)
    cookie = {
        "revoked": _cookie_for("kallio", expires),
        "foreign key": _cookie_for("kallio", expires, key="x" * 40),
        "expired": _cookie_for("kallio", time.time() - 1),
        "unknown user": _cookie_for("nobody", expires),
        "garbage": "not.a.token",
    }[case]
    if case == "revoked":
        records.revoke(sid)
    _with_cookie(monkeypatch, cookie)
    app = new_app()
    assert not app.exception
    assert [t.key for t in app.text_input] == ["login_username", "login_password"]
    assert not app.metric


@pytest.mark.usefixtures("ui_environment")
def test_signing_in_opens_a_record_orders_the_cookie_and_logout_revokes_both(monkeypatch):
    state = Path(os.environ["JOHDON_STATE_DIR"])
    app = log_in(new_app(), "kallio")
    assert app.metric
    kind, token, expires = app.session_state["johdon_cookie_order"]
    assert kind == "set" and expires > time.time()
    decoded = jwt.decode(token, os.environ["JOHDON_COOKIE_KEY"], algorithms=["HS256"])
    assert decoded == {"username": "kallio", "exp_date": expires}  # the library's cookie format
    assert _cookie_orders(app) == [auth.cookie_element(("set", token, expires))]  # for the page script
    assert f'data-cookie-value="{token}" data-cookie-expires="{int(expires)}"' in _cookie_orders(app)[0]
    sid = app.session_state["johdon_session_id"]
    assert SessionRecords(state).is_open(sid, "kallio")
    app.sidebar.button(key="johdon_logout_button").click().run()
    assert not SessionRecords(state).is_open(sid, "kallio")
    assert app.session_state["johdon_cookie_order"] == ("delete",)
    assert _cookie_orders(app) == [auth.cookie_element(("delete",))]
    assert 'data-cookie-value="" data-cookie-expires="0"' in _cookie_orders(app)[0]
    # the same cookie, sent again by a new session, signs nobody in
    _with_cookie(monkeypatch, token)
    again = new_app()
    assert [t.key for t in again.text_input] == ["login_username", "login_password"]


@pytest.mark.usefixtures("ui_environment")
def test_no_component_is_drawn_that_could_ask_for_a_rerun(monkeypatch):
    """A custom component asks for a rerun once mounted; one on the sign-in form could drop the
    click that submits it, and one after a sign-in rebuilt the first page."""
    form = new_app()
    assert form.text_input and not form.get("component_instance")
    signed_in = log_in(form, "kallio")
    assert signed_in.metric and not signed_in.get("component_instance")
    expires = time.time() + 3600
    SessionRecords(Path(os.environ["JOHDON_STATE_DIR"])).open("kallio", expires)
    _with_cookie(monkeypatch, _cookie_for("kallio", expires))
    restored = new_app()
    assert restored.metric and not restored.get("component_instance")


@pytest.mark.usefixtures("ui_environment")
def test_a_refused_sign_in_says_so_once_and_the_next_right_one_signs_in():
    app = log_in(new_app(), "kallio", "wrong-password")
    assert [e.value for e in app.error] == [t("login.failed", "fi")]
    assert not app.metric and not app.session_state["authentication_status"]
    assert not app.run().error  # the refusal is said once, not on every later run
    app = log_in(app, "", "")
    assert [e.value for e in app.error] == [t("login.failed", "fi")]
    app = log_in(app, "  KALLIO ", PASSWORD)  # typed as people type: case and spaces do not count
    assert not app.error and not app.text_input and app.metric
    assert app.session_state["username"] == "kallio"


@pytest.mark.usefixtures("ui_environment")
@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "pages").glob("*.py")))
def test_a_page_run_without_the_frame_draws_nothing_and_raises_nothing(page):
    app = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=60).run()
    assert not app.exception
    assert not app.main.children and not app.sidebar.children
