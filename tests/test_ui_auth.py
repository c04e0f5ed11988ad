"""Login safety: production refusals, demo users, throttle, the server-side session record."""

from __future__ import annotations

import bcrypt
import pytest
import yaml

from ui import auth
from ui.scope import scope_for
from ui.sessions import FREE_ATTEMPTS, LoginThrottle, SessionRecords


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
