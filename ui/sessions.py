"""Server-side login state: the session record (so logout revokes) and the login throttle.

streamlit-authenticator's cookie is a JWT of ``{username, exp_date}`` that stays valid after
logout. Every login opens a record here keyed by a digest of that pair; a cookie login is
accepted only while its record is open, and logout closes it. Failed logins are counted per
typed username — known or not, the same way — and lock that name out for a growing delay.
State lives in small JSON files under the state folder, guarded by a lock file, so several
server processes on one host share it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

FREE_ATTEMPTS = 5
"""Failed attempts allowed within the window before a name is locked."""
WINDOW_SECONDS = 15 * 60
BASE_LOCK_SECONDS = 30
MAX_LOCK_SECONDS = 15 * 60


def session_id(username: str, exp_date: float) -> str:
    """The record id of a login: a digest of the cookie's username and expiry."""
    return hashlib.sha256(f"{username}|{exp_date!r}".encode()).hexdigest()


class _JsonStore:
    """A JSON dict in a file, read and rewritten under an exclusive lock."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def _write(self, data: dict) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, self.path)

    def update(self, change: Callable[[dict], object]):
        """Apply ``change`` to the stored dict under the lock and save it; returns its result."""
        with self._locked():
            data = self._read()
            result = change(data)
            self._write(data)
            return result

    def read(self) -> dict:
        with self._locked():
            return self._read()


class SessionRecords:
    """Open login sessions; a session is valid only while its record is open and unexpired."""

    def __init__(self, state_dir: Path) -> None:
        self._store = _JsonStore(state_dir / "sessions.json")

    def open(self, username: str, exp_date: float) -> str:
        """Record a new login; returns its session id."""
        sid = session_id(username, exp_date)
        now = time.time()

        def change(data: dict) -> None:
            for key in [k for k, v in data.items() if v["exp"] < now]:
                del data[key]
            data[sid] = {"user": username, "exp": exp_date}

        self._store.update(change)
        return sid

    def is_open(self, sid: str | None, username: str | None) -> bool:
        """Whether ``sid`` is an open, unexpired session of ``username``."""
        if not sid or not username:
            return False
        record = self._store.read().get(sid)
        return bool(record) and record["user"] == username and record["exp"] > time.time()

    def revoke(self, sid: str | None) -> None:
        """Close a session (logout): its cookie no longer logs anyone in."""
        if sid:
            self._store.update(lambda data: data.pop(sid, None))


class LoginThrottle:
    """Counts failed logins per typed username and locks a name out for a growing delay."""

    def __init__(self, state_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self._store = _JsonStore(state_dir / "login_failures.json")
        self._clock = clock

    @staticmethod
    def _key(username: str) -> str:
        return hashlib.sha256(username.strip().lower().encode()).hexdigest()

    def locked_for(self, username: str) -> float:
        """Seconds until ``username`` may try again (0 when not locked)."""
        now = self._clock()
        failures = [t for t in self._store.read().get(self._key(username), []) if now - t < WINDOW_SECONDS]
        if len(failures) < FREE_ATTEMPTS:
            return 0.0
        delay = min(BASE_LOCK_SECONDS * 2 ** (len(failures) - FREE_ATTEMPTS), MAX_LOCK_SECONDS)
        return max(0.0, failures[-1] + delay - now)

    def failed(self, username: str) -> None:
        """Record a failed attempt for ``username``."""
        now = self._clock()
        key = self._key(username)

        def change(data: dict) -> None:
            for name in list(data):
                data[name] = [t for t in data[name] if now - t < WINDOW_SECONDS]
                if not data[name]:
                    del data[name]
            data.setdefault(key, []).append(now)

        self._store.update(change)

    def succeeded(self, username: str) -> None:
        """Forget the failures of ``username`` after a successful login."""
        self._store.update(lambda data: data.pop(self._key(username), None))
