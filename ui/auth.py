"""Login with streamlit-authenticator, roles, demo users and the production-mode checks.

- Users, bcrypt hashes and roles live in a YAML file outside the repository (``$JOHDON_USERS``
  or ``[auth] users_file`` in ``.streamlit/secrets.toml``); it is read once per session and
  handed to the library as a private copy of a dict, so the file is never rewritten.
- The cookie key comes from ``$JOHDON_COOKIE_KEY`` or ``[auth] cookie_key``. Production mode
  refuses to start with a missing, short or default key or with demo users in the file.
- Demo mode (``JOHDON_MODE=demo``) writes demo users (one of each role) and a random cookie
  key under ``var/demo/`` on first start.
- A cookie login counts only while its server-side session record is open (see
  :mod:`ui.sessions`); logout closes it. Failed logins are throttled per typed username,
  the same for known and unknown names, and the message never says which part was wrong.
  Records and throttle live in one SQLite file under ``$JOHDON_STATE_DIR``, shared by every
  app process (replica) that points there.
"""

from __future__ import annotations

import copy
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import bcrypt
import streamlit as st
import streamlit_authenticator as stauth
import yaml

from texts import t
from ui.sessions import LoginThrottle, SessionRecords, session_id

ROLES = ("director", "unit_manager", "presenter", "admin")
DEFAULT_COOKIE_KEYS = frozenset({"some_key", "", "changeme", "secret"})
MIN_COOKIE_KEY_LENGTH = 32
COOKIE_NAME = "johdon_tyopoyta_auth"
DEMO_DIR = Path("var/demo")
DEMO_USERS = {
    "johtaja": {"name": "Demo Johtaja", "password": "johtaja-demo", "roles": ["director"]},
    "esihenkilo": {
        "name": "Demo Esihenkilö",
        "password": "esihenkilo-demo",
        "roles": ["unit_manager"],
        "units": ["ter-kallio"],
    },
    "esittaja": {"name": "Demo Esittäjä", "password": "esittaja-demo", "roles": ["presenter"]},
    "yllapitaja": {"name": "Demo Ylläpitäjä", "password": "yllapitaja-demo", "roles": ["admin"]},
}
"""The demo users and their passwords (README lists them); written only in demo mode."""
_DUMMY_HASH = bcrypt.hashpw(b"no user has this password", bcrypt.gensalt()).decode()
_SESSION_KEY = "johdon_session_id"
_LOGOUT_KEY = "johdon_logout_requested"


class AuthConfigError(RuntimeError):
    """The login cannot be configured safely (production mode refuses to start)."""


@dataclass(frozen=True)
class User:
    """A logged-in user and what their role lets them see."""

    username: str
    name: str
    role: str
    service_areas: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthSettings:
    """Where users and secrets come from, and the login timings."""

    users_file: Path
    cookie_key: str
    demo: bool = False
    state_dir: Path = Path("var/auth")
    cookie_expiry_days: float = 1.0
    login_sleep_time: float = 0.7


def _secret(section: str, key: str) -> str | None:
    try:
        value = st.secrets.get(section, {}).get(key)
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return None
    return None if value is None else str(value)


def settings_from_environment() -> AuthSettings:
    """The settings of this process: env variables first, then ``.streamlit/secrets.toml``."""
    demo = os.environ.get("JOHDON_MODE", "production") == "demo"
    state_dir = Path(os.environ.get("JOHDON_STATE_DIR") or "var/auth")
    sleep = os.environ.get("JOHDON_LOGIN_SLEEP") or _secret("auth", "login_sleep_time")
    sleep_time = float(sleep) if sleep is not None else 0.7
    if demo:
        demo_dir = Path(os.environ.get("JOHDON_DEMO_DIR") or DEMO_DIR)
        users_file, cookie_key = ensure_demo_files(demo_dir)
        return AuthSettings(users_file, cookie_key, True, state_dir, login_sleep_time=sleep_time)
    users = os.environ.get("JOHDON_USERS") or _secret("auth", "users_file")
    if not users:
        raise AuthConfigError("no users file: set JOHDON_USERS or [auth] users_file in secrets.toml")
    cookie_key = os.environ.get("JOHDON_COOKIE_KEY") or _secret("auth", "cookie_key") or ""
    return AuthSettings(Path(users), cookie_key, False, state_dir, login_sleep_time=sleep_time)


def hash_password(password: str) -> str:
    """A bcrypt hash for the users file."""
    return stauth.Hasher.hash(password)


def _create_once(path: Path, content: Callable[[], str]) -> None:
    """Write ``path`` unless it exists: the first of several processes wins, none reads it half-written."""
    if path.exists():
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    temporary.write_text(content(), encoding="utf-8")
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def ensure_demo_files(demo_dir: Path) -> tuple[Path, str]:
    """Write the demo users file and a random cookie key once; returns (users file, key).

    Replicas started together on one demo folder end up with the same key and users.
    """
    demo_dir.mkdir(parents=True, exist_ok=True)
    key_file = demo_dir / "cookie_key"
    _create_once(key_file, lambda: secrets.token_urlsafe(48))
    users_file = demo_dir / "users.yaml"

    def demo_users() -> str:
        usernames = {
            username: {
                **{k: v for k, v in entry.items() if k != "password"},
                "password": hash_password(entry["password"]),
                "demo": True,
            }
            for username, entry in DEMO_USERS.items()
        }
        return yaml.safe_dump({"credentials": {"usernames": usernames}})

    _create_once(users_file, demo_users)
    return users_file, key_file.read_text(encoding="utf-8").strip()


def load_credentials(settings: AuthSettings) -> dict:
    """The users file as a credentials dict; checked against the production rules."""
    try:
        config = yaml.safe_load(settings.users_file.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as error:
        raise AuthConfigError(f"users file {settings.users_file} not found") from error
    usernames = (config.get("credentials") or {}).get("usernames") or {}
    credentials = {"usernames": {str(name).lower(): dict(entry) for name, entry in usernames.items()}}
    check_settings(settings, credentials)
    return credentials


def check_settings(settings: AuthSettings, credentials: dict) -> None:
    """Raise AuthConfigError when the configuration is unsafe for its mode."""
    for username, entry in credentials["usernames"].items():
        if not stauth.Hasher.is_hash(str(entry.get("password", ""))):
            raise AuthConfigError(f"user {username!r} has no bcrypt hash")
        if _role_of(entry) is None:
            raise AuthConfigError(f"user {username!r} has no known role (one of {ROLES})")
    if settings.demo:
        return
    key = settings.cookie_key
    if key.strip().lower() in DEFAULT_COOKIE_KEYS or len(key) < MIN_COOKIE_KEY_LENGTH:
        raise AuthConfigError(
            f"production mode needs a secret cookie key of at least {MIN_COOKIE_KEY_LENGTH} characters"
        )
    demo_users = [u for u, e in credentials["usernames"].items() if e.get("demo") or u in DEMO_USERS]
    if demo_users:
        raise AuthConfigError(f"production mode refuses demo users: {', '.join(sorted(demo_users))}")


def _role_of(entry: dict) -> str | None:
    roles = entry.get("roles") or []
    return next((role for role in roles if role in ROLES), None)


def user_from_entry(username: str, entry: dict) -> User:
    """The :class:`User` of a credentials entry."""
    return User(
        username=username,
        name=str(entry.get("name") or username),
        role=_role_of(entry) or "",
        service_areas=tuple(str(a) for a in entry.get("service_areas") or ()),
        units=tuple(str(u) for u in entry.get("units") or ()),
    )


def request_logout() -> None:
    """Button callback: log out at the start of the next run."""
    st.session_state[_LOGOUT_KEY] = True


def _clear_session(authenticator: stauth.Authenticate, records: SessionRecords) -> None:
    records.revoke(st.session_state.pop(_SESSION_KEY, None))
    authenticator.authentication_controller.logout()


def login(settings: AuthSettings, credentials: dict) -> User | None:
    """Render the login (or restore it from the cookie); returns the user once logged in.

    Nothing but the login form is shown until this returns a user.
    """
    records = SessionRecords(settings.state_dir)
    throttle = LoginThrottle(settings.state_dir)
    authenticator = stauth.Authenticate(
        copy.deepcopy(credentials),
        COOKIE_NAME,
        settings.cookie_key,
        settings.cookie_expiry_days,
        auto_hash=False,
        login_sleep_time=settings.login_sleep_time,
    )
    state = st.session_state
    if state.pop(_LOGOUT_KEY, False):
        _clear_session(authenticator, records)
        authenticator.cookie_controller.delete_cookie()
    if state.get("authentication_status") and not records.is_open(
        state.get(_SESSION_KEY), state.get("username")
    ):
        _clear_session(authenticator, records)
    if not state.get("authentication_status"):
        _restore_from_cookie(authenticator, records)
    if not state.get("authentication_status"):
        _login_form(authenticator, records, throttle)
    if state.get("authentication_status") and state.get("username") in credentials["usernames"]:
        username = state["username"]
        return user_from_entry(username, credentials["usernames"][username])
    return None


def _restore_from_cookie(authenticator: stauth.Authenticate, records: SessionRecords) -> None:
    """Accept the library's cookie login only when its session record is still open."""
    try:
        authenticator.login(location="unrendered")
    except stauth.LoginError:
        authenticator.authentication_controller.logout()
        return
    if not st.session_state.get("authentication_status"):
        return
    token = authenticator.cookie_controller.get_cookie() or {}
    sid = None
    if "exp_date" in token:
        sid = session_id(token["username"], token["exp_date"])
    if records.is_open(sid, st.session_state.get("username")):
        st.session_state[_SESSION_KEY] = sid
    else:
        authenticator.authentication_controller.logout()


def _login_form(authenticator: stauth.Authenticate, records: SessionRecords, throttle: LoginThrottle) -> None:
    placeholder = st.empty()
    with placeholder.form("login_form"):
        st.subheader(t("login.title"))
        username = st.text_input(t("login.username"), key="login_username", autocomplete="username")
        password = st.text_input(
            t("login.password"), key="login_password", type="password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("login.submit"))
    if not submitted:
        return
    name = (username or "").strip().lower()
    if not name or not password:
        st.error(t("login.failed"))
        return
    if throttle.attempt(name) > 0:
        st.error(t("login.throttled"))
        return
    known = name in authenticator.authentication_controller.authentication_model.credentials["usernames"]
    if not known:
        bcrypt.checkpw(password.encode(), _DUMMY_HASH.encode())
    if known and authenticator.authentication_controller.login(name, password):
        throttle.succeeded(name)
        authenticator.cookie_controller.set_cookie()
        exp_date = authenticator.cookie_controller.cookie_model.exp_date
        expiry = exp_date or time.time() + 86400 * max(
            authenticator.cookie_controller.cookie_model.cookie_expiry_days, 1
        )
        st.session_state[_SESSION_KEY] = records.open(name, expiry)
        placeholder.empty()
        return
    st.session_state["authentication_status"] = None
    st.error(t("login.failed"))


def logout_button() -> None:
    """The sidebar logout button (its key must not be ``logout``: the library owns that one)."""
    st.sidebar.button(t("login.logout"), key="johdon_logout_button", on_click=request_logout)
