"""Kill the import process at several points: after recovery the warehouse is as it was before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest_support import BAD, FIXTURES, HON, build_organised, copy_warehouse, snapshot, table

from data_access.ingest.pipeline import PAUSE_ENV, import_file
from data_access.store import STAGING

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
