"""The commit protocol shared by the warehouse's writer and its readers.

A batch commits by writing a journal (the list of file moves), making the moves, then
deleting the journal. Readers must never see a batch half moved, whether its writer is still
moving files or was killed in the middle. Three lock files in the warehouse folder make that so:

- ``.write.lock`` (exclusive, held by a writer for its whole batch) serialises writers.
- ``.commit.lock`` is a reader–writer lock. Every read (registering views, one query, an
  export) holds it *shared*; a writer holds it *exclusive* only while its journal exists,
  i.e. while it moves files, and while it rolls back a dead writer's journal.
- ``.commit.intent`` keeps a stream of readers from starving a writer (``flock`` does not queue
  an exclusive request ahead of later shared ones): a reader passes through it (shared) on its
  way to the commit lock, a writer holds it exclusive while it waits for and holds the commit
  lock, so new readers wait behind a committing writer and the commit waits only for the
  statements already running.

Hence a reader holding the shared lock either finds no journal, and the files in place are
exactly the committed batches, or finds a journal whose writer is dead (a live writer would
hold the exclusive lock for as long as its journal exists). It then takes the exclusive lock,
rolls that journal back (the same rollback ``cli.py repair`` does) and reads again. No live
writer can be affected: a writer rolls back any dead journal, under the same exclusive lock,
before it stages anything, so a dead journal and a live writer's staged files never coexist.

``flock`` locks belong to the open file and vanish with the process, so a killed writer never
leaves a lock behind. A reader waits at most ``READ_TIMEOUT_SECONDS`` for a commit in flight.
A warehouse folder on a read-only file system has no writer: it is read without locks.

Why not readers that read only the files a committed manifest names: the folder would stop
being self-describing (DESIGN.md makes ``<table>/[year=YYYY/]*.parquet`` a public contract, and a
folder written by another tool has no manifest), and a file that a batch replaces (a dimension
upsert, a newer record version, retention) could not be deleted while a reader might still hold
an older manifest naming it, which needs reader leases and a garbage collector. The lock keeps
the layout and the glob-based views as they are and costs one shared ``flock`` per statement.
Tools that read the folder without taking the lock can still see a commit in flight.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

JOURNAL = "_journal"
STAGING = "_staging"
WRITE_LOCK = ".write.lock"
COMMIT_LOCK = ".commit.lock"
INTENT_LOCK = ".commit.intent"
READ_TIMEOUT_SECONDS = 60.0
"""How long a reader waits for a writer that is moving files into place."""

_held = threading.local()


class WarehouseBusy(RuntimeError):
    """A writer held the warehouse longer than a reader is willing to wait."""


class InterruptedCommit(RuntimeError):
    """A dead writer's half-done commit was found and this process may not roll it back."""


def _descriptor(path: Path) -> int | None:
    """An open descriptor of a lock file (created if needed); None where no writer can exist."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o664)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    try:
        return os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None


def _acquire(descriptor: int, operation: int, timeout: float | None) -> None:
    if timeout is None:
        fcntl.flock(descriptor, operation)
        return
    deadline = time.monotonic() + timeout
    pause = 0.002
    while True:
        try:
            fcntl.flock(descriptor, operation | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"the warehouse is being written; no committed state within {timeout:.0f} s"
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)


@contextmanager
def file_lock(path: Path, *, exclusive: bool, timeout: float | None = None) -> Iterator[None]:
    """Hold ``flock`` on a lock file for the block (no lock where the folder does not exist)."""
    descriptor = _descriptor(path)
    if descriptor is None:
        yield
        return
    try:
        _acquire(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, timeout)
        yield
    finally:
        os.close(descriptor)


@contextmanager
def commit_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """The writer's side: hold the commit lock exclusively (and the intent lock, so readers queue)."""
    with (
        file_lock(root / INTENT_LOCK, exclusive=True, timeout=timeout),
        file_lock(root / COMMIT_LOCK, exclusive=True, timeout=timeout),
    ):
        yield


@contextmanager
def _read_lock(root: Path, timeout: float) -> Iterator[None]:
    """The reader's side: through the intent lock (shared, briefly) to the commit lock (shared)."""
    intent, commit = _descriptor(root / INTENT_LOCK), _descriptor(root / COMMIT_LOCK)
    try:
        if intent is not None:
            _acquire(intent, fcntl.LOCK_SH, timeout)
        if commit is not None:
            _acquire(commit, fcntl.LOCK_SH, timeout)
        if intent is not None:
            os.close(intent)
            intent = None
        yield
    finally:
        for descriptor in (intent, commit):
            if descriptor is not None:
                os.close(descriptor)


def journals(root: Path) -> list[Path]:
    """The journals of commits that are in flight or were interrupted."""
    folder = root / JOURNAL
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def write_journal(path: Path, moves: list[tuple[Path, Path]]) -> None:
    """Write the journal of a commit durably (write beside, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    data = json.dumps({"moves": [(str(source), str(target)) for source, target in moves]}).encode("utf-8")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def roll_back(root: Path) -> list[str]:
    """Undo every journaled commit (call with the commit lock held exclusively); returns batch ids."""
    rolled_back = []
    for journal in journals(root):
        moves = json.loads(journal.read_text(encoding="utf-8"))["moves"]
        for source, target in reversed(moves):
            if Path(target).exists() and not Path(source).exists():
                Path(source).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, source)
        rolled_back.append(journal.stem)
        journal.unlink()
    return rolled_back


def _reading() -> dict[str, int]:
    if not hasattr(_held, "roots"):
        _held.roots = {}
    return _held.roots


def reading(root: Path) -> bool:
    """Whether this thread is inside :func:`committed` for ``root`` (it must not commit then)."""
    return _reading().get(str(root), 0) > 0


@contextmanager
def committed(root: Path | str, timeout: float = READ_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the warehouse at its last committed state while the block reads files.

    Waits while a writer moves a batch into place and rolls back a commit that a killed writer
    left half done. Re-entrant within a thread.
    """
    root = Path(root).resolve()
    held = _reading()
    key = str(root)
    if held.get(key, 0):
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    while True:
        with _read_lock(root, timeout):
            if not journals(root):
                held[key] = 1
                try:
                    yield
                finally:
                    held[key] = 0
                return
        with commit_lock(root, timeout):
            try:
                roll_back(root)
            except PermissionError as error:
                raise InterruptedCommit(
                    "an import was interrupted half way; run `cli.py repair` as the warehouse's owner"
                ) from error
