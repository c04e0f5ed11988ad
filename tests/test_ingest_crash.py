"""Kill the import process at several points: after recovery the warehouse is as it was before,
and a reader polling meanwhile only ever sees the state before or after the batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ingest_support import BAD, FIXTURES, HON, build_organised, copy_warehouse, snapshot, table
from sqlalchemy import func, select

from data_access.ingest.pipeline import PAUSE_ENV, import_file
from data_access.journal import journals
from data_access.scope import Scope
from data_access.store import STAGING
from data_access.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent

_IMPORT = """
import argparse, os, sys, time
import data_access.store as store
from commands import imports

pause_after = int(os.environ.get("PAUSE_AFTER_REPLACES", "0"))
if pause_after:
    real_replace, done = os.replace, [0]

    def replace(source, target):
        real_replace(source, target)
        done[0] += 1
        if done[0] == pause_after:
            print("PAUSED commit", file=sys.stderr, flush=True)
            time.sleep(120)

    store.os.replace = replace
parser = argparse.ArgumentParser()
imports.register(parser.add_subparsers())
arguments = parser.parse_args(sys.argv[1:])
sys.exit(arguments.handler(arguments))
"""


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    root = build_organised(tmp_path_factory.mktemp("crash") / "wh")
    import_file(root, "happyornot", FIXTURES / "happyornot_feedback.json", options=HON)
    return root


def _run_until_paused(root: Path, env_extra: dict[str, str]) -> None:
    command = [
        sys.executable,
        "-c",
        _IMPORT,
        "import",
        "happyornot",
        str(BAD / "happyornot_rows.csv"),
        "--warehouse",
        str(root),
        "--surveys",
        str(FIXTURES / "happyornot_surveys.json"),
        "--points",
        str(FIXTURES / "happyornot_points.json"),
    ]
    env = {**os.environ, **env_extra, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        assert line.startswith("PAUSED"), line + process.stderr.read()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _staged(root: Path) -> bool:
    return (root / STAGING).is_dir() and any((root / STAGING).iterdir())


@pytest.mark.parametrize(
    ("hook", "leaves_staging", "half_moved"),
    [
        ({PAUSE_ENV: "parsed"}, False, False),
        ({PAUSE_ENV: "staged"}, True, False),
        ({PAUSE_ENV: "quarantined"}, True, False),
        ({"PAUSE_AFTER_REPLACES": "1"}, True, False),  # the journal is written, nothing moved yet
        ({"PAUSE_AFTER_REPLACES": "3"}, True, True),  # journal plus two files moved into place
    ],
)
def test_a_killed_import_leaves_the_warehouse_as_before(prepared, tmp_path, hook, leaves_staging, half_moved):
    root = copy_warehouse(prepared, tmp_path / "wh")
    before = snapshot(root)
    started = time.monotonic()
    _run_until_paused(root, hook)
    assert time.monotonic() - started < 60
    assert _staged(root) == leaves_staging
    assert (snapshot(root) != before) == half_moved
    repair = subprocess.run(
        [sys.executable, "cli.py", "repair", "--warehouse", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert repair.returncode == 0, repair.stderr
    assert snapshot(root) == before
    assert not _staged(root)
    result = import_file(root, "happyornot", BAD / "happyornot_rows.csv", options=HON)
    assert result.rows_written == 2
    assert len(table(root, "quick_feedback")) == before["counts"]["quick_feedback"] + 2


def test_the_next_writer_recovers_by_itself(prepared, tmp_path):
    root = copy_warehouse(prepared, tmp_path / "wh")
    before = snapshot(root)
    _run_until_paused(root, {"PAUSE_AFTER_REPLACES": "2"})
    result = import_file(root, "cases", FIXTURES / "cases.csv")
    assert result.status == "ok"
    after = snapshot(root)
    assert after["counts"]["quick_feedback"] == before["counts"]["quick_feedback"]
    assert after["counts"]["import_batch"] == before["counts"]["import_batch"] + 1


# --- a reader polling while the writer is killed between every pair of moves ----------------------


def _observe(warehouse: Warehouse) -> tuple[int, int, int, int]:
    """One statement: presses, audit rows, units, and presses whose batch has no audit row."""
    reader = warehouse.reader(Scope.everything())
    presses, batches, units = (reader.table(n) for n in ("quick_feedback", "import_batch", "unit"))
    orphans = (
        select(func.count()).select_from(presses).where(presses.c.batch_id.not_in(select(batches.c.batch_id)))
    )
    statement = select(
        select(func.count()).select_from(presses).scalar_subquery().label("presses"),
        select(func.count()).select_from(batches).scalar_subquery().label("batches"),
        select(func.count()).select_from(units).scalar_subquery().label("units"),
        orphans.scalar_subquery().label("orphans"),
    )
    return tuple(int(v) for v in reader.fetch(statement).iloc[0])


@dataclass
class _Poller:
    """A thread that reads the warehouse over and over, recording (started, ended, state)."""

    root: Path
    seen: list[tuple[float, float, tuple[int, int, int, int]]] = field(default_factory=list)
    failures: list[BaseException] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        warehouse = Warehouse(self.root)
        while not self.done.is_set():
            started = time.monotonic()
            try:
                warehouse.refresh()
                state = _observe(warehouse)
            except BaseException as error:  # reported by the test thread
                self.failures.append(error)
                return
            self.seen.append((started, time.monotonic(), state))
            time.sleep(0.005)

    def __enter__(self) -> _Poller:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.done.set()
        self.thread.join(timeout=60)


WRITES = {
    "happyornot": [
        "happyornot",
        str(BAD / "happyornot_rows.csv"),
        "--surveys",
        str(FIXTURES / "happyornot_surveys.json"),
        "--points",
        str(FIXTURES / "happyornot_points.json"),
    ],
    "organisation": ["organisation", str(FIXTURES / "units.csv")],
}
"""A partial import (presses, quarantine, audit row) and a unit upsert (old unit file out, new in)."""


_WRITER = """
import argparse, os, sys, time
import data_access.store as store
from commands import imports

real_replace = os.replace
for line in sys.stdin:
    pause_after, *arguments = line.rstrip("\\n").split("\\t")
    child = os.fork()
    if child == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        done = [0]

        def replace(source, target):
            real_replace(source, target)
            done[0] += 1
            if done[0] == int(pause_after):
                print(f"PAUSED {os.getpid()}", file=sys.stderr, flush=True)
                time.sleep(120)

        store.os.replace = replace
        parser = argparse.ArgumentParser()
        imports.register(parser.add_subparsers())
        parsed = parser.parse_args(arguments)
        os._exit(parsed.handler(parsed))
    _, status = os.waitpid(child, 0)
    print(f"DONE {child} {status}", file=sys.stderr, flush=True)
"""
"""One process with the imports loaded forks an import per request (no interpreter start per kill)."""


class _Writer:
    """Runs imports that stop after a given number of file moves, and kills them there."""

    def __enter__(self) -> _Writer:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WRITER],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        return self

    def __exit__(self, *_exc) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)

    def write_and_kill(self, root: Path, write: list[str], after_replaces: int) -> tuple[float, float] | None:
        """(paused, killed) times of an import killed after ``after_replaces`` moves; None when it
        had fewer moves and finished."""
        arguments = [str(after_replaces), "import", *write, "--warehouse", str(root)]
        self.process.stdin.write("\t".join(arguments) + "\n")
        self.process.stdin.flush()
        line = self.process.stderr.readline()
        if line.startswith("DONE"):
            assert os.waitstatus_to_exitcode(int(line.split()[2])) in (0, 3), line
            return None
        assert line.startswith("PAUSED"), line + self.process.stderr.readline()
        paused = time.monotonic()
        time.sleep(0.2)
        os.kill(int(line.split()[1]), signal.SIGKILL)
        killed = time.monotonic()
        done = self.process.stderr.readline()
        assert done.startswith("DONE") and os.waitstatus_to_exitcode(int(done.split()[2])) == -signal.SIGKILL
        return paused, killed


@pytest.fixture(scope="module")
def writer():
    """The forking writer process, shared by the polling tests."""
    with _Writer() as process:
        yield process


@pytest.fixture(scope="module")
def end_states(prepared, writer, tmp_path_factory):
    """The state a reader sees before and after each write when nothing goes wrong."""
    states = {}
    for name, write in WRITES.items():
        root = copy_warehouse(prepared, tmp_path_factory.mktemp(f"clean-{name}") / "wh")
        before = _observe(Warehouse(root))
        assert writer.write_and_kill(root, write, 10_000) is None
        states[name] = (before, _observe(Warehouse(root)))
    return states


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_polling_reader_sees_the_old_or_the_new_state_whenever_the_writer_dies(
    prepared, writer, end_states, tmp_path, write
):
    old, new = end_states[write]
    assert old != new and new[3] == 0
    kills = 0
    for after in range(1, 50):
        root = copy_warehouse(prepared, tmp_path / f"wh{after}")
        with _Poller(root) as poller:
            outcome = writer.write_and_kill(root, WRITES[write], after)
            time.sleep(0.05)
        assert not poller.failures, poller.failures
        states = [state for _, _, state in poller.seen]
        assert set(states) <= {old, new}, (after, sorted(set(states)))
        assert all(state[2] > 0 for state in states)
        if outcome is None:
            assert states[0] == old and states[-1] == new
            break
        kills += 1
        _, killed = outcome
        assert any(start < killed < end for start, end, _ in poller.seen), "no read was waiting at the kill"
        assert set(states) == {old}
        assert not journals(root)
        assert _observe(Warehouse(root)) == old
    assert kills >= 3
