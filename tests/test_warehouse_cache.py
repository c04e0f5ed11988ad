"""The dashboard's statement cache and the cheap data version (issue 13, item 6 "Fast").

A warehouse opened with ``statement_cache`` answers a statement it has run on the same data
version from memory (the same rows, never another statement's or another scope's), sees a new
import at once, and the data version it reads from the folder's time changes with every commit.
"""

from __future__ import annotations

import os
from datetime import datetime

import pandas as pd
import pytest
from metrics_helpers import presses, write
from sqlalchemy import func, select

from data_access.scope import Scope
from data_access.store import WarehouseWriter
from data_access.warehouse import Warehouse


def _count(reader, unit: str | None = None):
    table = reader.table("quick_feedback")
    statement = select(func.count()).select_from(table)
    if unit is not None:
        statement = statement.where(table.c.unit_id == unit)
    return reader.scalar(statement)


def _import(root, frame, tag: str) -> None:
    with WarehouseWriter(root).batch(source="test", file_name=tag, sha256=tag, imported_by="test") as batch:
        batch.add("quick_feedback", frame)


@pytest.fixture
def cached(tmp_path):
    """A warehouse of 30 Kallio and 20 Malmi presses, opened with a statement cache that counts
    the statements reaching the engine."""
    kallio = presses({3: 10, 2: 20}, unit="kallio", start=datetime(2017, 3, 1, 8))
    malmi = presses({0: 20}, unit="malmi", start=datetime(2017, 3, 1, 8))
    write(tmp_path, quick_feedback=pd.concat([kallio, malmi], ignore_index=True))
    warehouse = Warehouse(tmp_path, statement_cache=100)
    sent = []
    rows = warehouse.backend.rows

    def counting(statement):
        sent.append(statement)
        return rows(statement)

    warehouse.backend.rows = counting
    return warehouse, sent


def test_a_repeated_statement_is_answered_from_memory_with_the_same_rows(cached):
    warehouse, sent = cached
    reader = warehouse.reader(Scope.everything())
    assert _count(reader) == 50
    assert _count(reader) == 50
    assert len(sent) == 1
    frame = reader.fetch(select(reader.table("quick_feedback").c.unit_id).distinct())
    frame.loc[0, "unit_id"] = "changed by the caller"
    again = reader.fetch(select(reader.table("quick_feedback").c.unit_id).distinct())
    assert sorted(again["unit_id"]) == ["kallio", "malmi"]  # a caller's frame is its own


def test_other_values_and_other_scopes_are_other_statements(cached):
    warehouse, sent = cached
    assert _count(warehouse.reader(Scope.everything()), "kallio") == 30
    assert _count(warehouse.reader(Scope.everything()), "malmi") == 20
    assert _count(warehouse.reader(Scope.of_units(["malmi"]))) == 20
    assert _count(warehouse.reader(Scope.of_units(["kallio"]))) == 30
    assert len(sent) == 4


def test_a_new_import_is_seen_at_once(cached):
    warehouse, sent = cached
    reader = warehouse.reader(Scope.everything())
    assert _count(reader) == 50
    _import(warehouse.root, presses({1: 5}, unit="kallio", start=datetime(2017, 4, 1, 8), ), "new")
    assert _count(reader) == 55
    assert len(sent) == 2


def test_the_data_version_follows_every_commit_even_when_read_from_the_folder_time(tmp_path):
    write(tmp_path, quick_feedback=presses({1: 4}, start=datetime(2017, 3, 1, 8)))
    warehouse = Warehouse(tmp_path)
    batches = tmp_path / "import_batch"
    os.utime(batches, ns=(0, 0))  # an old folder: its time is trusted
    first = warehouse.data_version()
    assert warehouse.data_version() == first
    _import(tmp_path, presses({2: 3}, start=datetime(2017, 5, 1, 8)), "second")
    second = warehouse.data_version()
    assert second != first
    assert second == Warehouse(tmp_path).data_version()
    assert second.startswith("2:")
