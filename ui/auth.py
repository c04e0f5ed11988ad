"""Login with streamlit-authenticator, roles, demo users and the production-mode checks.

- Users, bcrypt hashes and roles live in a YAML file outside the repository (``$JOHDON_USERS``
  or ``[auth] users_file`` in ``.streamlit/secrets.toml``); it is read on every run and
  handed to the library as a private copy of a dict, so the file is never rewritten.
- The cookie key comes from ``$JOHDON_COOKIE_KEY`` or ``[auth] cookie_key``. Production mode
  refuses to start with a missing, short or default key or with demo users in the file.
- Demo mode (``JOHDON_MODE=demo``) writes demo users (one of each role) and a random cookie
  key under ``var/demo/`` on first start (:mod:`ui.demo_users`).
- A cookie login counts only while its server-side session record is open (see
  :mod:`ui.sessions`); logout closes it. :class:`SignIn` decides who is signed in at the top of
  every run, before any page is chosen, so a reload, a new tab or a link keeps the session.
- Failed logins are throttled per typed username, the same for known and unknown names, and
  the message never says which part was wrong. Records and throttle live in one SQLite file
  under ``$JOHDON_STATE_DIR``, shared by every app process (replica) that points there.
"""

from __future__ import annotations

import copy
import os
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path

import bcrypt
import jwt
import streamlit as st
import streamlit_authenticator as stauth
import yaml
from streamlit_authenticator.controllers import AuthenticationController

from texts import t
from ui.accessibility import COOKIE_CONTAINER_KEY
from ui.demo_users import DEMO_USERS, demo_dir, ensure_demo_files
from ui.sessions import LoginThrottle, SessionRecords, session_id

ROLES = ("director", "unit_manager", "presenter", "admin")
DEFAULT_COOKIE_KEYS = frozenset({"some_key", "", "changeme", "secret"})
MIN_COOKIE_KEY_LENGTH = 32
COOKIE_NAME = "johdon_tyopoyta_auth"
_DUMMY_HASH = "$2b$12$RJWOAA4RFtpeBcz8/.30JOUgAoY/ImDeYps.E7G52xE/c3IhIubJK"
"""Checked for an unknown username, so it costs what a real user's check does: a bcrypt hash at the
library's cost (12) of a random password nobody kept. Fixed text, not hashed at import (≈0.3 s of
every server start)."""
_SESSION_KEY = "johdon_session_id"
_LOGOUT_KEY = "johdon_logout_requested"
_COOKIE_KEY = "johdon_cookie_order"
"""("set", token, expiry) after a sign-in, ("delete",) after a logout: drawn in every later run."""
_REFUSAL_KEY = "johdon_login_refused"
"""The text key of why the last submitted sign-in was refused, shown once under the form."""


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
    """Where users and secrets come from, and how long a sign-in lasts."""

    users_file: Path
    cookie_key: str
    demo: bool = False
    state_dir: Path = Path("var/auth")
    cookie_expiry_days: float = 1.0


def _secret(section: str, key: str) -> str | None:
    try:
        value = st.secrets.get(section, {}).get(key)
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return None
    return None if value is None else str(value)


def settings_from_environment() -> AuthSettings:
    """The settings of this process: env variables first, then ``.streamlit/secrets.toml``."""
    state_dir = Path(os.environ.get("JOHDON_STATE_DIR") or "var/auth")
    folder = demo_dir()
    if folder is not None:
        users_file, cookie_key = ensure_demo_files(folder)
        return AuthSettings(users_file, cookie_key, True, state_dir)
    users = os.environ.get("JOHDON_USERS") or _secret("auth", "users_file")
    if not users:
        raise AuthConfigError("no users file: set JOHDON_USERS or [auth] users_file in secrets.toml")
    cookie_key = os.environ.get("JOHDON_COOKIE_KEY") or _secret("auth", "cookie_key") or ""
    return AuthSettings(Path(users), cookie_key, False, state_dir)


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


def cookie_token(username: str, exp_date: float, cookie_key: str) -> str:
    """The library's re-login cookie: an HS256 JWT of ``{username, exp_date}`` (what its cookie
    reader decodes)."""
    return jwt.encode({"username": username, "exp_date": exp_date}, cookie_key, algorithm="HS256")


def request_cookie() -> str | None:
    """The raw re-login cookie the browser sent with this session's request, if any."""
    value = st.context.cookies.get(COOKIE_NAME)
    return value if isinstance(value, str) else None


def read_cookie(cookie_key: str) -> dict | None:
    """The request's re-login cookie, decoded: ``{username, exp_date}`` when its signature is
    ours and it has not expired, else None."""
    value = request_cookie()
    if value is None:
        return None
    try:
        token = jwt.decode(value, cookie_key, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return None
    username, expires = token.get("username"), token.get("exp_date")
    if not isinstance(username, str) or not isinstance(expires, int | float) or expires <= time.time():
        return None
    return {"username": username, "exp_date": expires}


class SignIn:
    """The sign-in of one run: who is signed in (decided before any page is chosen), the sign-in
    form, and the cookie the browser should hold.

    - A session is signed in only while its server-side record is open and its user is still in
      the users file; a logout, or a revocation by another process, ends it.
    - A new session (a reload, a new tab, a link) is signed in from the library's cookie, read
      from the request, when the cookie's record is open — in its very first run, without the
      library's pre-login sleep (the library's own cookie login would sleep 0.7 s, and a rerun
      arriving meanwhile left the session half signed in, so the next run signed it out). The
      record is checked before the session counts as signed in, so an interrupted run never
      leaves a half-restored session behind.
    - The library keeps the signed-in state (its authentication controller). The cookie is
      written (or, after the user's logout, deleted) by the page script, from an order drawn in
      every later run of the session (:meth:`send_cookie`), so a rerun cannot remove it before
      the browser has carried it out. The library's cookie component is not used: once mounted
      it asked for a rerun, which ran the page again after a sign-in and, arriving as the form
      was submitted, could drop the click.
    """

    def __init__(self, settings: AuthSettings, credentials: dict) -> None:
        self._settings = settings
        self._credentials = credentials
        self._records = SessionRecords(settings.state_dir)
        self._throttle = LoginThrottle(settings.state_dir)
        self._authentication = AuthenticationController(copy.deepcopy(credentials), auto_hash=False)

    def user(self) -> User | None:
        """The signed-in user of this run, or None; draws nothing."""
        state = st.session_state
        if state.pop(_LOGOUT_KEY, False):
            self._end()
            state[_COOKIE_KEY] = ("delete",)
        elif state.get("authentication_status") and not self._holds():
            self._end()  # revoked elsewhere: the cookie left in the browser is refused anyway
        if not state.get("authentication_status"):
            self._restore()
        if not state.get("authentication_status"):
            return None
        username = state["username"]
        return user_from_entry(username, self._credentials["usernames"][username])

    def _holds(self) -> bool:
        """Whether the session's user is still in the users file and its record still open."""
        state = st.session_state
        username = state.get("username")
        return username in self._credentials["usernames"] and self._records.is_open(
            state.get(_SESSION_KEY), username
        )

    def _end(self) -> None:
        """End the session: close its server-side record and clear the library's state."""
        state = st.session_state
        self._records.revoke(state.pop(_SESSION_KEY, None))
        self._authentication.logout()
        if state.get(_COOKIE_KEY, ("",))[0] == "set":
            del state[_COOKIE_KEY]

    def _restore(self) -> None:
        """Sign in from the re-login cookie of the request when its session record is still open."""
        token = read_cookie(self._settings.cookie_key)
        if token is None:
            return
        username = token["username"]
        sid = session_id(username, token["exp_date"])
        if username not in self._credentials["usernames"] or not self._records.is_open(sid, username):
            return
        st.session_state[_SESSION_KEY] = sid
        self._authentication.login(token=token)

    def send_cookie(self) -> None:
        """Draw the session's standing cookie order, if any, for the page script to carry out:
        write the sign-in cookie or, after the user's logout, delete it (hidden; it asks for no
        rerun, so it may come before the page)."""
        order = st.session_state.get(_COOKIE_KEY)
        if order is None:
            return
        with st.container(key=COOKIE_CONTAINER_KEY):
            st.html(cookie_element(order))

    def form(self) -> None:
        """Draw the sign-in form. The credentials are checked in the submit button's callback,
        which Streamlit runs before the next run's script: a rerun asked for by a component
        meanwhile cannot then drop the click (it would drop a plain button's press). The next
        run finds the session signed in and goes on to the page the address names."""
        with st.form("login_form"):
            st.subheader(t("login.title"))
            st.text_input(t("login.username"), key="login_username", autocomplete="username")
            st.text_input(
                t("login.password"), key="login_password", type="password", autocomplete="current-password"
            )
            st.form_submit_button(t("login.submit"), on_click=self._check)
        refusal = st.session_state.pop(_REFUSAL_KEY, None)
        if refusal:
            st.error(t(refusal))

    def _check(self) -> None:
        """Submit callback: sign in with the typed credentials, or leave the reason of the refusal
        for the form (the message never says which part was wrong)."""
        state = st.session_state
        name = str(state.get("login_username") or "").strip().lower()
        password = str(state.get("login_password") or "")
        if not name or not password:
            state[_REFUSAL_KEY] = "login.failed"
            return
        if self._throttle.attempt(name) > 0:
            state[_REFUSAL_KEY] = "login.throttled"
            return
        entry = self._credentials["usernames"].get(name)
        stored = str(entry["password"]) if entry else _DUMMY_HASH
        if not bcrypt.checkpw(password.encode(), stored.encode()) or entry is None:
            state[_REFUSAL_KEY] = "login.failed"
            return
        self._throttle.succeeded(name)
        expires = time.time() + 86400 * self._settings.cookie_expiry_days
        state[_SESSION_KEY] = self._records.open(name, expires)
        state[_COOKIE_KEY] = ("set", cookie_token(name, expires, self._settings.cookie_key), expires)
        self._authentication.login(token={"username": name, "exp_date": expires})


def cookie_element(order: tuple) -> str:
    """The hidden element of a cookie order, read by the page script (:mod:`ui.accessibility`):
    the sign-in cookie's name, value and expiry (Unix seconds), or an empty value and expiry 0 to
    delete it. The script writes it with ``path=/; SameSite=Strict`` (and ``Secure`` over HTTPS)
    whenever the browser's cookie differs."""
    if order[0] == "set":
        _, token, expires = order
        values = {"name": COOKIE_NAME, "value": token, "expires": str(int(expires))}
    else:
        values = {"name": COOKIE_NAME, "value": "", "expires": "0"}
    attributes = " ".join(f'data-cookie-{key}="{escape(value, quote=True)}"' for key, value in values.items())
    return f"<div data-johdon-cookie {attributes}></div>"


def logout_button() -> None:
    """The sidebar logout button (its key must not be ``logout``: the library owns that one)."""
    st.sidebar.button(t("login.logout"), key="johdon_logout_button", on_click=request_logout)
