"""Server-side login state shared by every app process: session records and the login throttle.

streamlit-authenticator's cookie is a JWT of ``{username, exp_date}`` that stays valid after
logout. Every login opens a record keyed by a digest of that pair; a cookie login is accepted
only while its record is open, and logout deletes it. Failed logins are counted per typed
username — known or not, the same way — and lock that name out for a growing delay.

Both live in one SQLite database, ``auth.sqlite3`` in the state folder (``JOHDON_STATE_DIR``),
in WAL mode. Each change is one ``BEGIN IMMEDIATE`` transaction and nothing is cached in a
process, so any number of Streamlit processes on one host (or containers sharing a local
volume) see each other's logins, logouts and failures at once; a process killed mid-write
loses nothing committed and corrupts nothing. WAL needs shared memory between the processes:
keep the folder on a local file system, not NFS or SMB (docs/DEPLOYMENT-replicas.md says what
to do for replicas on several hosts).
"""

from __future__ import annotations

import fcntl
import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

FREE_ATTEMPTS = 5
"""Login attempts allowed per username within the window before the name is locked."""
WINDOW_SECONDS = 15 * 60
BASE_LOCK_SECONDS = 30
MAX_LOCK_SECONDS = 15 * 60
DATABASE_NAME = "auth.sqlite3"
BUSY_TIMEOUT_SECONDS = 15.0
"""How long a process waits for another one's write transaction before giving up."""
SCHEMA_VERSION = 1
MARK_SCHEMA = "PRAGMA user_version = 1"
"""Records :data:`SCHEMA_VERSION` in the file (PRAGMA takes no bound parameters: a fixed text)."""
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS auth_session ("
    " sid TEXT PRIMARY KEY, username TEXT NOT NULL, expires REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS auth_session_expires ON auth_session (expires)",
    "CREATE TABLE IF NOT EXISTS login_attempt (name_key TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_attempt_name ON login_attempt (name_key, at)",
    "CREATE INDEX IF NOT EXISTS login_attempt_at ON login_attempt (at)",
)


class StateStoreError(RuntimeError):
    """The state folder cannot hold a shared SQLite database (e.g. WAL mode is refused)."""


def session_id(username: str, exp_date: float) -> str:
    """The record id of a login: a digest of the cookie's username and expiry."""
    return hashlib.sha256(f"{username}|{exp_date!r}".encode()).hexdigest()


def name_key(username: str) -> str:
    """The throttle's key of a typed username: trimmed, case-folded and hashed."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()


def lock_delay(attempts: int, last: float | None, now: float) -> float:
    """Seconds a name must still wait after ``attempts`` recent attempts, the last at ``last``."""
    if attempts < FREE_ATTEMPTS or last is None:
        return 0.0
    delay = min(BASE_LOCK_SECONDS * 2 ** (attempts - FREE_ATTEMPTS), MAX_LOCK_SECONDS)
    return max(0.0, last + delay - now)


class StateDatabase:
    """``auth.sqlite3`` in the state folder: a fresh connection per call, so it is safe in any
    thread or process, and every write is one serialised transaction."""

    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / DATABASE_NAME

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            connection.execute("PRAGMA synchronous = FULL")
            if self._version(connection) != SCHEMA_VERSION:
                self._create(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    @staticmethod
    def _version(connection: sqlite3.Connection) -> int:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])

    def _create(self, connection: sqlite3.Connection) -> None:
        """Switch a new file to WAL and create the tables, one process at a time (SQLite refuses a
        journal-mode change outright, without waiting, while another process is writing)."""
        with open(self.path.with_name(f"{DATABASE_NAME}.create-lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            version = self._version(connection)
            if version == SCHEMA_VERSION:
                return
            if version > SCHEMA_VERSION:
                raise StateStoreError(f"{self.path}: written by a newer version (schema {version})")
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StateStoreError(f"{self.path}: SQLite refused WAL mode (journal mode {mode!r})")
            connection.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA:
                    connection.execute(statement)
                connection.execute(MARK_SCHEMA)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``): other writers wait until it commits."""
        with closing(self._connect()) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def fetch_one(self, statement: str, parameters: tuple = ()) -> tuple | None:
        """The first row of a read, from the last committed state."""
        with closing(self._connect()) as connection:
            return connection.execute(statement, parameters).fetchone()


class SessionRecords:
    """Open login sessions; a session is valid only while its record is open and unexpired."""

    def __init__(self, state_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self._database = StateDatabase(state_dir)
        self._clock = clock

    def open(self, username: str, exp_date: float) -> str:
        """Record a new login (and drop expired ones); returns its session id."""
        sid = session_id(username, exp_date)
        with self._database.transaction() as database:
            database.execute("DELETE FROM auth_session WHERE expires <= ?", (self._clock(),))
            database.execute(
                "INSERT OR REPLACE INTO auth_session (sid, username, expires) VALUES (?, ?, ?)",
                (sid, username, float(exp_date)),
            )
        return sid

    def is_open(self, sid: str | None, username: str | None) -> bool:
        """Whether ``sid`` is an open, unexpired session of ``username``."""
        if not sid or not username:
            return False
        row = self._database.fetch_one(
            "SELECT 1 FROM auth_session WHERE sid = ? AND username = ? AND expires > ?",
            (sid, username, self._clock()),
        )
        return row is not None

    def revoke(self, sid: str | None) -> None:
        """Close a session (logout): its cookie no longer logs anyone in, in any process."""
        if sid:
            with self._database.transaction() as database:
                database.execute("DELETE FROM auth_session WHERE sid = ?", (sid,))


class LoginThrottle:
    """Counts login attempts per typed username and locks a name out for a growing delay.

    An attempt is recorded when it starts, in the same transaction that checks the lock, so
    parallel attempts in several processes cannot slip past the limit; a successful login
    then forgets the name's attempts.
    """

    def __init__(self, state_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self._database = StateDatabase(state_dir)
        self._clock = clock

    def attempt(self, username: str) -> float:
        """Start a login attempt for ``username``: 0 when it may go ahead (it counts as failed
        until :meth:`succeeded`), else the seconds until the name may try again."""
        now = self._clock()
        key = name_key(username)
        with self._database.transaction() as database:
            database.execute("DELETE FROM login_attempt WHERE at <= ?", (now - WINDOW_SECONDS,))
            attempts, last = database.execute(
                "SELECT count(*), max(at) FROM login_attempt WHERE name_key = ?", (key,)
            ).fetchone()
            wait = lock_delay(attempts, last, now)
            if wait == 0:
                database.execute("INSERT INTO login_attempt (name_key, at) VALUES (?, ?)", (key, now))
        return wait

    def succeeded(self, username: str) -> None:
        """Forget the attempts of ``username`` after a successful login."""
        with self._database.transaction() as database:
            database.execute("DELETE FROM login_attempt WHERE name_key = ?", (name_key(username),))
