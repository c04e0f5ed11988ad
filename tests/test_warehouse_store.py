"""The write side: atomic batches, idempotency, upserted dimensions, crash recovery."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import journal, store
from data_access.scope import Scope
from data_access.store import WarehouseWriter
from data_access.warehouse import Warehouse


def _units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["u1", "u2"],
            "name_fi": ["Kallion terveysasema", "Malmin terveysasema"],
            "name_sv": ["Berghälls hälsostation", "Malms hälsostation"],
            "name_en": ["Kallio health station", "Malmi health station"],
            "service_id": ["ter", "ter"],
            "service_area_id": ["tpp", "tpp"],
            "valid_from": [pd.Timestamp("2016-01-01").date()] * 2,
        }
    )


def _presses(ids: list[str], times: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "feedback_id": ids,
            "ts": pd.to_datetime(times),
            "unit_id": ["u1"] * len(ids),
            "scale": "four",
            "button_index": [3] * len(ids),
            "channel": "terminal",
            "misuse": False,
        }
    )


def _write(root: Path, presses: pd.DataFrame) -> store.BatchResult:
    with WarehouseWriter(root).batch(source="test", file_name="f.csv", sha256="0", imported_by="t") as batch:
        batch.add("unit", _units())
        batch.add("quick_feedback", presses)
    return batch.result


def _count(root: Path, table: str) -> int:
    reader = Warehouse(root).reader(Scope.everything())
    return reader.scalar(select(func.count()).select_from(reader.table(table)))


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.parquet") if not p.name.startswith("."))


def test_facts_land_in_year_partitions(tmp_path):
    _write(tmp_path, _presses(["a", "b"], ["2017-05-02 10:00", "2018-01-03 09:00"]))
    assert {p.split("/")[1] for p in _files(tmp_path) if p.startswith("quick_feedback")} == {
        "year=2017",
        "year=2018",
    }


def test_writing_the_same_rows_twice_leaves_one_copy(tmp_path):
    presses = _presses(["a", "b", "c"], ["2017-05-02 10:00", "2017-05-02 11:00", "2018-01-03 09:00"])
    first = _write(tmp_path, presses)
    second = _write(tmp_path, presses)
    assert first.rows_written == {"unit": 2, "quick_feedback": 3}
    assert second.rows_written == {"unit": 0, "quick_feedback": 0}
    assert second.rows_already_stored["quick_feedback"] == 3
    assert _count(tmp_path, "quick_feedback") == 3
    assert _count(tmp_path, "unit") == 2


def test_an_overlapping_batch_adds_only_the_new_rows(tmp_path):
    _write(tmp_path, _presses(["a", "b"], ["2017-05-02 10:00", "2017-05-02 11:00"]))
    overlapping = _presses(["b", "c", "c"], ["2017-05-02 11:00", "2017-06-01 08:00", "2017-06-01 08:00"])
    result = _write(tmp_path, overlapping)
    assert result.rows_written["quick_feedback"] == 1
    assert _count(tmp_path, "quick_feedback") == 3


def test_every_batch_writes_an_audit_row(tmp_path):
    _write(tmp_path, _presses(["a"], ["2017-05-02 10:00"]))
    _write(tmp_path, _presses(["a"], ["2017-05-02 10:00"]))
    reader = Warehouse(tmp_path).reader(Scope.everything())
    audit = reader.fetch(select(reader.table("import_batch")))
    assert len(audit) == 2
    assert audit["rows_accepted"].sort_values().tolist() == [0, 3]
    assert set(audit["status"]) == {"committed"}


def test_dimension_rows_are_updated_in_place(tmp_path):
    _write(tmp_path, _presses(["a"], ["2017-05-02 10:00"]))
    renamed = _units().assign(name_fi=["Kallion terveys- ja hyvinvointikeskus", "Malmin terveysasema"])
    with WarehouseWriter(tmp_path).batch(source="t", file_name="u", sha256="1", imported_by="t") as batch:
        written = batch.add("unit", renamed.iloc[:1])
    assert written == 1
    names = Warehouse(tmp_path).reader(Scope.everything()).units().set_index("unit_id")["name_fi"]
    assert names.to_dict() == {"u1": "Kallion terveys- ja hyvinvointikeskus", "u2": "Malmin terveysasema"}


def test_a_failing_batch_writes_nothing(tmp_path):
    _write(tmp_path, _presses(["a"], ["2017-05-02 10:00"]))
    before = _files(tmp_path)
    with (
        pytest.raises(RuntimeError),
        WarehouseWriter(tmp_path).batch(source="t", file_name="f", sha256="0", imported_by="t") as batch,
    ):
        batch.add("quick_feedback", _presses(["z"], ["2019-01-01 10:00"]))
        raise RuntimeError("reader failed half way")
    assert _files(tmp_path) == before
    assert not (tmp_path / store.STAGING).exists() or not any((tmp_path / store.STAGING).iterdir())


@pytest.mark.parametrize("moves_before_crash", [0, 1, 2, 3])
def test_a_crash_during_commit_is_rolled_back(tmp_path, monkeypatch, moves_before_crash):
    _write(tmp_path, _presses(["a"], ["2017-05-02 10:00"]))
    before = _files(tmp_path)
    real_replace = os.replace
    moves = {"done": 0}

    def crashing_replace(source, target):
        if str(target).endswith(".parquet") and store.STAGING in str(source):
            if moves["done"] == moves_before_crash:
                raise SystemExit("killed")
            moves["done"] += 1
        return real_replace(source, target)

    monkeypatch.setattr(store.os, "replace", crashing_replace)
    with pytest.raises(SystemExit):
        _write(tmp_path, _presses(["b", "c"], ["2017-05-02 10:00", "2018-02-02 10:00"]))
    monkeypatch.setattr(store.os, "replace", real_replace)

    assert (tmp_path / store.JOURNAL).is_dir() and any((tmp_path / store.JOURNAL).iterdir())
    rolled_back = WarehouseWriter(tmp_path).recover()
    assert len(rolled_back) == 1
    assert _files(tmp_path) == before
    assert _count(tmp_path, "quick_feedback") == 1
    assert _count(tmp_path, "import_batch") == 1


def _crash_mid_commit(root: Path, monkeypatch, moves_before_crash: int, presses: pd.DataFrame) -> None:
    real_replace = os.replace
    moves = {"done": 0}

    def crashing_replace(source, target):
        if str(target).endswith(".parquet") and store.STAGING in str(source):
            if moves["done"] == moves_before_crash:
                raise SystemExit("killed")
            moves["done"] += 1
        return real_replace(source, target)

    monkeypatch.setattr(store.os, "replace", crashing_replace)
    with pytest.raises(SystemExit):
        _write(root, presses)
    monkeypatch.setattr(store.os, "replace", real_replace)


def test_a_reader_rolls_back_a_half_moved_commit_by_itself(tmp_path, monkeypatch):
    _write(tmp_path, _presses(["a"], ["2017-05-02 10:00"]))
    before = _files(tmp_path)
    _crash_mid_commit(
        tmp_path, monkeypatch, 2, _presses(["b", "c"], ["2017-05-02 10:00", "2018-02-02 10:00"])
    )
    assert _files(tmp_path) != before and journal.journals(tmp_path)
    warehouse = Warehouse(tmp_path)
    assert warehouse.exists()
    reader = warehouse.reader(Scope.everything())
    counts = [
        reader.scalar(select(func.count()).select_from(reader.table(n)))
        for n in ("quick_feedback", "import_batch")
    ]
    assert counts == [1, 1]
    in_place = [f for f in _files(tmp_path) if not f.startswith(store.STAGING)]
    assert in_place == before and not journal.journals(tmp_path)


def test_a_commit_waits_for_running_reads_and_new_reads_wait_for_the_commit(tmp_path):
    _write(tmp_path, _presses(["a"], ["2017-05-02 10:00"]))
    warehouse = Warehouse(tmp_path)
    reader = warehouse.reader(Scope.everything())
    count = select(func.count()).select_from(reader.table("quick_feedback"))
    events: list[str] = []
    committed = threading.Event()

    def write() -> None:
        _write(tmp_path, _presses(["b"], ["2017-05-03 10:00"]))
        events.append("committed")
        committed.set()

    late: list[int] = []
    with warehouse.consistent():
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.5)
        assert not committed.is_set()
        latecomer = threading.Thread(target=lambda: late.append(reader.scalar(count)))
        latecomer.start()
        time.sleep(0.3)
        assert not late
        events.append(f"read {reader.scalar(count)}")
    writer.join(timeout=30)
    latecomer.join(timeout=30)
    events.append(f"read {reader.scalar(count)}")
    assert events == ["read 1", "committed", "read 2"]
    assert late == [2]  # it arrived while the writer waited, so it queued behind the commit


def test_a_reader_gives_up_after_its_timeout_while_a_commit_holds_the_lock(tmp_path):
    _write(tmp_path, _presses(["a"], ["2017-05-02 10:00"]))
    with journal.commit_lock(tmp_path.resolve()):
        started = time.monotonic()
        with pytest.raises(journal.WarehouseBusy), journal.committed(tmp_path, timeout=0.2):
            pass
        assert 0.2 <= time.monotonic() - started < 5
