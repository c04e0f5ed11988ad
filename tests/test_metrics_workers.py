"""Metric results computed in worker processes (metrics/workers.py; issue 13, item 6 "Fast").

A worker gives exactly the result the caller's process would, within the scope it is handed and
never more; it sees a committed import once the caller's data version changes; a refusal raised
in the worker reaches the caller as itself; a worker that dies is replaced; workers that cannot
start say why instead of leaving the caller waiting.
"""

from __future__ import annotations

import os
import signal
from datetime import date, datetime

import pandas as pd
import pytest
from metrics_helpers import presses, write

from data_access.guard import ScopeViolation
from data_access.scope import Scope
from data_access.store import WarehouseWriter
from metrics.freshness import data_through
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from metrics.workers import QueryProcesses, WorkerFailed

MARCH = Period(date(2017, 3, 1), date(2017, 3, 31))
BY_UNIT = QuerySpec("happy_index", MARCH, group_by=("unit",))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Kallio: 10 presses of the best button and 20 of the second best (four buttons); Malmi: 20
    of the worst."""
    quick = pd.concat([presses({3: 10, 2: 20}, unit="kallio"), presses({0: 20}, unit="malmi")])
    return write(tmp_path_factory.mktemp("workers"), quick_feedback=quick)


@pytest.fixture(scope="module")
def processes(warehouse):
    pool = QueryProcesses(warehouse.root, 1, statement_cache=100)
    yield pool
    pool.close()


def _through(warehouse, scope=Scope.everything()):
    return data_through(warehouse.reader(scope))


def test_a_worker_gives_the_result_of_this_process(warehouse, processes):
    found = processes.run(warehouse.data_version(), Scope.everything(), BY_UNIT, _through(warehouse))
    assert found.set_index("unit_id")["value"].to_dict() == pytest.approx(
        {"kallio": (10 * 100 + 20 * 200 / 3) / 30, "malmi": 0.0}, abs=0.05
    )
    here = run_query(warehouse.reader(Scope.everything()), BY_UNIT, through=_through(warehouse))
    pd.testing.assert_frame_equal(found, here)

    spec = BY_UNIT.with_(group_by=(), compare="previous")
    found = processes.run(warehouse.data_version(), Scope.everything(), spec, _through(warehouse))
    here = run_query(warehouse.reader(Scope.everything()), spec, through=_through(warehouse))
    pd.testing.assert_frame_equal(found, here)
    assert found.attrs["comparison"] == here.attrs["comparison"]  # what the comparison covered


def test_a_worker_reads_only_within_the_scope_it_is_given(warehouse, processes):
    kallio = Scope.of_units(["kallio"])
    found = processes.run(warehouse.data_version(), kallio, BY_UNIT, _through(warehouse, kallio))
    assert found["unit_id"].tolist() == ["kallio"] and found["n"].tolist() == [30]
    with pytest.raises(ScopeViolation):  # the benchmark reader gives no unit rows, whoever asks
        processes.run(warehouse.data_version(), kallio, BY_UNIT, _through(warehouse), benchmark=True)


def test_a_refusal_in_the_worker_reaches_the_caller_as_itself(warehouse, processes):
    spec = QuerySpec("happy_index", MARCH, group_by=("category",))
    with pytest.raises(ValueError, match="category"):
        processes.run(warehouse.data_version(), Scope.everything(), spec, _through(warehouse))


def test_a_worker_sees_an_import_once_the_data_version_changes(tmp_path):
    warehouse = write(tmp_path, quick_feedback=presses({3: 10}, unit="kallio"))
    pool = QueryProcesses(warehouse.root, 1, statement_cache=100)
    try:
        spec = QuerySpec("response_count", MARCH)
        first = pool.run(warehouse.data_version(), Scope.everything(), spec, _through(warehouse))
        assert first["n"].tolist() == [10]
        later = presses({0: 5}, unit="malmi", start=datetime(2017, 3, 2, 8))
        writer = WarehouseWriter(tmp_path)
        with writer.batch(source="test", file_name="b", sha256="b", imported_by="t") as batch:
            batch.add("quick_feedback", later)
        second = pool.run(warehouse.data_version(), Scope.everything(), spec, _through(warehouse))
        assert second["n"].tolist() == [15]
    finally:
        pool.close()


def test_a_worker_that_dies_is_replaced(warehouse):
    pool = QueryProcesses(warehouse.root, 1)
    try:
        (pid,) = pool.pids
        os.kill(pid, signal.SIGKILL)
        found = pool.run(warehouse.data_version(), Scope.everything(), BY_UNIT, _through(warehouse))
        assert found["n"].tolist() == [30, 20]
        assert len(pool.pids) == 1 and pool.pids != [pid]
    finally:
        pool.close()


def test_workers_whose_warehouse_does_not_open_say_why(tmp_path):
    (tmp_path / "unit").mkdir()
    (tmp_path / "unit" / "part-0.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(WorkerFailed, match=r"worker \d+: .*parquet"):
        QueryProcesses(tmp_path, 2)


def test_a_worker_that_exits_before_it_connects_is_heard_of(warehouse, monkeypatch):
    monkeypatch.setattr("sys.executable", "/bin/false")
    with pytest.raises(WorkerFailed, match="exited with code 1 before it connected"):
        QueryProcesses(warehouse.root, 1)
