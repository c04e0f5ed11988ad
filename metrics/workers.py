"""Metric results computed in worker processes, so a page's queries use every core.

A dashboard page asks for dozens of results at once. In threads of one interpreter the engine's
statements run side by side, but the pandas and NumPy work around each of them (more than half
of a result's time: many operations on frames of tens to hundreds of rows) holds the GIL, so it
runs one result at a time however many cores there are. Each worker process here opens the
warehouse once and runs :func:`~metrics.query.run_query` within the scope the caller gives; only
the spec, the scope, the data-through dates and the result frame cross the process boundary.

A worker is ``python -m metrics.workers``: it imports the metrics and data access layers only,
never the caller's main module (a Streamlit script run replaces ``__main__`` with the page, which
:mod:`multiprocessing`'s own start methods would run again in the child). It connects back over
an authenticated local socket (:mod:`multiprocessing.connection`), refreshes its warehouse when
the caller's data version differs from the one it last saw, and exits when the caller is gone.
"""

from __future__ import annotations

import os
import pickle
import queue
import secrets
import subprocess
import sys
import threading
from datetime import date
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

import numpy as np
import pandas as pd

from data_access.scope import Scope
from data_access.warehouse import Warehouse
from metrics.query import run_query
from metrics.spec import QuerySpec

PROCESSES_ENV = "JOHDON_QUERY_PROCESSES"
"""How many worker processes compute the results; unset or 0: the caller computes them itself."""
AUTHKEY_ENV = "JOHDON_WORKER_AUTHKEY"
"""How a worker learns the key it proves itself with (not on its command line, which anyone sees)."""
_WATCH_SECONDS = 0.2
"""How often a start checks whether a launched worker exited before it connected."""


class WorkerFailed(RuntimeError):
    """A worker process could not start (its warehouse did not open, or it exited)."""


class _Worker:
    def __init__(self, process: subprocess.Popen, connection: Connection) -> None:
        self.process = process
        self.connection = connection

    def stop(self) -> None:
        self.connection.close()  # the worker reads the end of its input and exits
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class QueryProcesses:
    """Worker processes that compute :func:`~metrics.query.run_query` results.

    ``root``: the warehouse folder (the embedded DuckDB over its Parquet files, in every worker);
    ``statement_cache``: each worker's :class:`~data_access.warehouse.Warehouse` statement cache.
    Returns once every worker has opened the warehouse. Thread-safe: any number of threads may
    call :meth:`run` at once; each result takes the next idle worker.
    """

    def __init__(self, root: Path, processes: int, statement_cache: int = 0) -> None:
        self.root = Path(root).resolve()
        self.processes = processes
        self._statement_cache = statement_cache
        self._authkey = secrets.token_bytes(32)
        self._listener = Listener(family="AF_UNIX", authkey=self._authkey)
        self._starting = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: list[_Worker] = []
        try:
            started = self._start(processes)
        except WorkerFailed:
            self._listener.close()
            raise
        for worker in started:
            self._idle.put(worker)

    def _start(self, count: int) -> list[_Worker]:
        """``count`` new workers, each connected and with its warehouse open."""
        command = [sys.executable, "-m", "metrics.workers", self._listener.address]
        command += [str(self.root), str(self._statement_cache)]
        environment = {**os.environ, AUTHKEY_ENV: self._authkey.hex()}
        with self._starting:
            launched = {}
            for _ in range(count):
                process = subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL)
                launched[process.pid] = process
            connected: set[int] = set()
            watching = threading.Event()
            watcher = threading.Thread(target=self._watch, args=(launched, connected, watching), daemon=True)
            watcher.start()
            started, failures = [], []
            try:
                while len(connected) < count:
                    connection = self._listener.accept()
                    status, pid, *reason = connection.recv()  # ("ready", pid) once its warehouse is open
                    if pid not in launched or pid in connected:  # a stand-in for one already heard of
                        connection.close()
                        continue
                    connected.add(pid)
                    if status == "ready":
                        started.append(_Worker(launched[pid], connection))
                    else:
                        connection.close()
                        failures.append(f"worker {pid}: {reason[0]}")
            finally:
                watching.set()
            self._workers += started
        if failures:
            for worker in started:
                self._workers.remove(worker)
                worker.stop()
            for process in launched.values():
                process.wait()  # the failed ones exit on their own
            raise WorkerFailed("; ".join(failures))
        return started

    def _watch(
        self, launched: dict[int, subprocess.Popen], connected: set[int], done: threading.Event
    ) -> None:
        """Stand in for a launched worker that exited before it connected, so the start waiting
        for its connection hears that it failed instead of waiting for ever."""
        reported: set[int] = set()
        while not done.wait(_WATCH_SECONDS):
            for pid, process in launched.items():
                code = process.poll()
                if code is not None and pid not in connected and pid not in reported:
                    reported.add(pid)
                    with Client(self._listener.address, family="AF_UNIX", authkey=self._authkey) as stand_in:
                        stand_in.send(("failed", pid, f"exited with code {code} before it connected"))

    @property
    def pids(self) -> list[int]:
        """The process ids of the current workers."""
        return [worker.process.pid for worker in self._workers]

    def run(
        self,
        version: str,
        scope: Scope,
        spec: QuerySpec,
        through: dict[str, date | None],
        benchmark: bool = False,
    ) -> pd.DataFrame:
        """The result of ``spec`` within ``scope`` (the aggregate-only benchmark reader when
        ``benchmark``) at data ``version``; ``through`` as :func:`~metrics.freshness.data_through`
        of the same reader gives it. An error raised in the worker is raised here; a worker that
        died is replaced and the result asked of the new one."""
        request = (version, scope, spec, through, benchmark)
        worker = self._idle.get()
        try:
            try:
                status, value = _ask(worker, request)
            except (EOFError, OSError):
                worker = self._replace(worker)
                status, value = _ask(worker, request)
        finally:
            self._idle.put(worker)
        if status == "error":
            raise value
        return value

    def _replace(self, worker: _Worker) -> _Worker:
        worker.process.kill()
        worker.process.wait()
        worker.connection.close()
        self._workers.remove(worker)
        (started,) = self._start(1)
        return started

    def close(self) -> None:
        """Stop the workers once they are idle."""
        for _ in range(len(self._workers)):
            self._idle.get().stop()
        self._workers.clear()
        self._listener.close()


def _ask(worker: _Worker, request: tuple) -> tuple[str, object]:
    worker.connection.send(request)
    return worker.connection.recv()


def processes_asked(engine: str) -> int:
    """The worker processes :data:`PROCESSES_ENV` asks for on ``engine`` (an engine kind): none
    but for the embedded DuckDB (any other engine would be opened once more in every worker)."""
    return int(os.environ.get(PROCESSES_ENV) or 0) if engine == "duckdb" else 0


_POOLS: dict[Path, QueryProcesses] = {}
_POOLS_LOCK = threading.Lock()


def shared(root: Path, processes: int, statement_cache: int = 0) -> QueryProcesses:
    """This process's one set of workers for the warehouse at ``root`` (started on the first call)."""
    key = Path(root).resolve()
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = QueryProcesses(key, processes, statement_cache)
        return _POOLS[key]


# --- inside a worker ------------------------------------------------------------------------


class _Computer:
    """A worker's warehouse and the data version it has seen."""

    def __init__(self, root: str, statement_cache: int) -> None:
        self.warehouse = Warehouse(root, engine="duckdb", statement_cache=statement_cache)
        self.version = self.warehouse.data_version()
        if self.warehouse.exists():
            self.warehouse.reader(Scope.everything()).dimension("unit")  # registers the views

    def result(
        self, version: str, scope: Scope, spec: QuerySpec, through: dict[str, date | None], benchmark: bool
    ) -> pd.DataFrame:
        if version != self.version:
            self.warehouse.refresh()
            self.version = version
        reader = self.warehouse.benchmark_reader() if benchmark else self.warehouse.reader(scope)
        return in_default_strings(run_query(reader, spec, through=through))


WORKER_STRING_STORAGE = "python"
"""How a worker's pandas holds text: as Python strings, not in Arrow arrays. Its frames have tens
of rows, where each Arrow-backed operation's fixed cost (factorize, isin, to_numpy) outweighs
what Arrow saves; measured on the overview's 22 results, the pandas work around the statements
took ≈22 % less time. Results leave a worker in the caller's default storage."""


def as_a_worker() -> None:
    """Set this process's pandas as a worker's (:data:`WORKER_STRING_STORAGE`)."""
    pd.set_option("mode.string_storage", WORKER_STRING_STORAGE)


DEFAULT_STRINGS = pd.StringDtype(na_value=np.nan)
"""pandas' own text dtype (read at import, before a worker changes the storage)."""


def in_default_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its text columns and column names in :data:`DEFAULT_STRINGS` (as the
    caller's own results have them: comparing or merging mixed storages gives object columns)."""
    moved = {
        column: DEFAULT_STRINGS
        for column, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.StringDtype) and dtype != DEFAULT_STRINGS
    }
    frame = frame.astype(moved) if moved else frame
    if isinstance(frame.columns.dtype, pd.StringDtype):
        frame.columns = frame.columns.astype(DEFAULT_STRINGS)
    return frame


def _serve(connection: Connection, computer: _Computer) -> None:
    """Answer requests until the caller closes the connection or is gone."""
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", computer.result(*request))
        except Exception as error:  # the caller raises it where it asked
            answer = ("error", error)
        try:
            connection.send(answer)
        except (pickle.PicklingError, TypeError, AttributeError) as error:  # an answer that cannot be pickled
            connection.send(("error", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]} ({error})")))


def main(argv: list[str]) -> int:
    """``python -m metrics.workers ADDRESS ROOT STATEMENT_CACHE``: one worker of :class:`QueryProcesses`."""
    address, root, statement_cache = argv
    as_a_worker()
    connection = Client(address, family="AF_UNIX", authkey=bytes.fromhex(os.environ.pop(AUTHKEY_ENV)))
    try:
        computer = _Computer(root, int(statement_cache))
    except Exception as error:  # told to the caller, which refuses to start
        connection.send(("failed", os.getpid(), f"{type(error).__name__}: {error}"))
        return 1
    connection.send(("ready", os.getpid()))
    _serve(connection, computer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
