"""The read side: views over any DESIGN-layout Parquet, row-level scope, lockdown, threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select, text

from data_access import schema
from data_access.guard import ScopeViolation
from data_access.scope import Scope
from data_access.warehouse import Warehouse


@pytest.fixture(scope="module")
def foreign_warehouse(tmp_path_factory):
    """A warehouse written by 'another tool': plain pyarrow, extra columns, an optional column missing."""
    root = tmp_path_factory.mktemp("foreign")
    (root / "unit").mkdir()
    pq.write_table(
        pa.table(
            {
                "unit_id": ["kallio", "malmi", "kamppi"],
                "name_fi": ["Kallion terveysasema", "Malmin terveysasema", "Kampin sosiaaliasema"],
                "name_sv": ["Berghäll", "Malm", "Kampen"],
                "name_en": ["Kallio", "Malmi", "Kamppi"],
                "service_id": ["ter", "ter", "sos"],
                "service_area_id": ["tpp", "tpp", "pso"],
                "valid_from": [date(2016, 1, 1)] * 3,
                "valid_to": pa.nulls(3, pa.date32()),
                "cost_centre": ["1", "2", "3"],
            }
        ),
        root / "unit" / "units.parquet",
    )
    for year, units in ((2017, ["kallio", "kallio", "malmi"]), (2018, ["malmi", "kallio"])):
        folder = root / "quick_feedback" / f"year={year}"
        folder.mkdir(parents=True)
        pq.write_table(
            pa.table(
                {
                    "feedback_id": [f"{year}-{i}" for i in range(len(units))],
                    "ts": [datetime(year, 3, 1, 10, i) for i in range(len(units))],
                    "unit_id": units,
                    "scale": ["four"] * len(units),
                    "button_index": list(range(len(units))),
                    "channel": ["terminal"] * len(units),
                    "misuse": [False] * len(units),
                    "batch_id": ["etl"] * len(units),
                    "device_serial": ["x"] * len(units),
                }
            ),
            folder / "data.parquet",
        )
    (root / "feedback" / "year=2018").mkdir(parents=True)
    pq.write_table(
        pa.table(
            {
                "feedback_id": ["f1", "f2", "f3"],
                "received_at": [datetime(2018, 5, 2, 9)] * 3,
                "unit_id": ["kallio", None, None],
                "service_area_id": ["tpp", "tpp", "pso"],
                "feedback_type": ["moite", "kiitos", "idea"],
                "batch_id": ["etl"] * 3,
            }
        ),
        root / "feedback" / "year=2018" / "data.parquet",
    )
    return root


def _count(reader, table_name: str, **equals) -> int:
    table = reader.table(table_name)
    statement = select(func.count()).select_from(table)
    for column, value in equals.items():
        statement = statement.where(table.c[column] == value)
    return reader.scalar(statement)


def test_files_of_another_tool_are_read(foreign_warehouse):
    reader = Warehouse(foreign_warehouse).reader(Scope.everything())
    assert _count(reader, "quick_feedback") == 5
    assert _count(reader, "quick_feedback", year=2018) == 2
    assert _count(reader, "unit") == 3
    feedback = reader.fetch(select(reader.table("feedback")))
    assert feedback["category"].isna().all()  # optional column absent in the files
    assert "cost_centre" not in reader.units().columns


def test_empty_tables_are_queryable(foreign_warehouse):
    reader = Warehouse(foreign_warehouse).reader(Scope.everything())
    assert _count(reader, "survey_answer") == 0
    assert _count(reader, "case") == 0


def test_a_unit_manager_sees_only_their_unit(foreign_warehouse):
    reader = Warehouse(foreign_warehouse).reader(Scope.of_units(["kallio"]))
    assert _count(reader, "quick_feedback") == 3
    assert _count(reader, "quick_feedback", unit_id="malmi") == 0
    assert _count(reader, "feedback") == 1  # unit-less service-area rows are not theirs
    assert set(reader.units()["unit_id"]) == {"kallio"}


def test_a_service_area_director_sees_the_areas_unitless_rows(foreign_warehouse):
    reader = Warehouse(foreign_warehouse).reader(Scope.of_service_areas(["tpp"], ["kallio", "malmi"]))
    feedback = reader.fetch(select(reader.table("feedback").c.feedback_id))
    assert sorted(feedback["feedback_id"]) == ["f1", "f2"]


def test_an_empty_scope_sees_nothing(foreign_warehouse):
    reader = Warehouse(foreign_warehouse).reader(Scope.of_units([]))
    assert _count(reader, "quick_feedback") == 0
    assert _count(reader, "feedback") == 0


def test_reading_a_fact_table_around_the_scope_is_refused(foreign_warehouse):
    reader = Warehouse(foreign_warehouse).reader(Scope.of_units(["kallio"]))
    raw = schema.quick_feedback
    with pytest.raises(ScopeViolation):
        reader.fetch(select(raw.c.feedback_id).where(raw.c.unit_id == "malmi"))
    with pytest.raises(ScopeViolation):
        reader.fetch(select(func.count()).select_from(raw))
    scoped = reader.table("quick_feedback")
    joined = select(func.count()).select_from(scoped.join(raw, raw.c.feedback_id == scoped.c.feedback_id))
    with pytest.raises(ScopeViolation):
        reader.fetch(joined)
    inner = select(raw.c.unit_id).subquery()
    with pytest.raises(ScopeViolation):
        reader.fetch(select(inner.c.unit_id))


def test_the_benchmark_reader_returns_aggregates_only(foreign_warehouse):
    reader = Warehouse(foreign_warehouse).benchmark_reader()
    table = reader.table("quick_feedback")
    assert reader.scalar(select(func.count()).select_from(table)) == 5
    with pytest.raises(ScopeViolation):
        reader.fetch(select(table.c.unit_id, func.count()).group_by(table.c.unit_id))
    with pytest.raises(ScopeViolation):
        reader.fetch(select(func.count()).select_from(table).group_by(table.c.unit_id))


def test_connections_cannot_reach_files_outside_the_warehouse(foreign_warehouse):
    engine = Warehouse(foreign_warehouse).engine
    with engine.connect() as connection, pytest.raises(Exception, match="(?i)permission|disabled"):
        connection.execute(text("SELECT * FROM read_csv('/etc/passwd')")).fetchall()
    with engine.connect() as connection, pytest.raises(Exception, match="(?i)configuration"):
        connection.execute(text("SET enable_external_access=true"))


def test_one_warehouse_serves_many_threads(foreign_warehouse):
    warehouse = Warehouse(foreign_warehouse)

    def count(unit_id: str) -> int:
        return _count(warehouse.reader(Scope.of_units([unit_id])), "quick_feedback")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(count, ["kallio", "malmi"] * 20))
    assert results == [3, 2] * 20
