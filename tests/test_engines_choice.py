"""Engine choice at open: ``JOHDON_ENGINE`` or an engine URL; the scope guard and bound parameters
on an engine reached by URL (a DuckDB database file of views stands in for a server)."""

from __future__ import annotations

import duckdb
import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.guard import ScopeViolation
from data_access.scope import Scope
from data_access.warehouse import (
    DuckDBBackend,
    EngineChoice,
    UrlBackend,
    Warehouse,
    engine_choice,
    register_views,
)
from metrics.query import run_query
from tests.engines_helpers import SPECS, TODAY, assert_same, build


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """The engines warehouse written by the project's store."""
    return build(tmp_path_factory.mktemp("choice") / "wh")


@pytest.fixture(scope="module")
def views_file(own, tmp_path_factory):
    """A DuckDB database file holding the warehouse's views: a database that exposes the tables itself."""
    path = tmp_path_factory.mktemp("server") / "views.duckdb"
    connection = duckdb.connect(str(path))
    register_views(connection, own, lock_down=False)
    connection.close()
    return path


def test_the_setting_names_the_engine(monkeypatch):
    monkeypatch.delenv("JOHDON_ENGINE", raising=False)
    assert engine_choice() == EngineChoice("duckdb")
    monkeypatch.setenv("JOHDON_ENGINE", " spark ")
    assert engine_choice() == EngineChoice("spark")
    assert engine_choice("spark:local[2]") == EngineChoice("spark", "local[2]")
    assert engine_choice("spark:spark://head:7077") == EngineChoice("spark", "spark://head:7077")
    url = "databricks://token:secret@adb-1.azuredatabricks.net?http_path=/sql/1.0/warehouses/x"
    assert engine_choice(url) == EngineChoice("url", url)
    assert "secret" not in str(engine_choice(url))
    served = Warehouse(".", engine=url)  # opening connects nowhere yet
    assert served.engine_name == "databricks" and "secret" not in repr(served)
    for bad in ("sqlite", "duckdb:memory", "postgres"):
        with pytest.raises(ValueError, match="JOHDON_ENGINE"):
            engine_choice(bad)


def test_the_embedded_duckdb_is_the_default(own, monkeypatch):
    monkeypatch.delenv("JOHDON_ENGINE", raising=False)
    warehouse = Warehouse(own)
    assert isinstance(warehouse.backend, DuckDBBackend) and warehouse.engine_name == "duckdb"


def test_spark_is_chosen_without_starting_it(own):
    warehouse = Warehouse(own, engine="spark:local[1]")
    assert warehouse.engine_name == "spark" and warehouse.backend.master == "local[1]"
    assert warehouse.backend._session is None  # the JVM starts on the first statement
    with pytest.raises(TypeError, match="no SQLAlchemy engine"):
        _ = warehouse.engine


def test_an_engine_url_runs_the_same_statements(own, views_file, monkeypatch):
    monkeypatch.setenv("JOHDON_ENGINE", f"duckdb:///{views_file}")
    served = Warehouse(own)
    assert isinstance(served.backend, UrlBackend) and served.engine_name == "duckdb"
    embedded = Warehouse(own, engine="duckdb")
    for spec in SPECS[:3] + SPECS[9:10] + SPECS[14:15]:
        expected = run_query(embedded.reader(Scope.everything()), spec, today=TODAY)
        assert_same(expected, run_query(served.reader(Scope.everything()), spec, today=TODAY), str(spec))
    assert served.exists()
    assert served.data_version().startswith("1:")  # one import batch
    served.refresh()
    assert served.data_version() == served.data_version()


def test_the_guard_and_bound_parameters_hold_on_an_engine_url(own, views_file):
    served = Warehouse(own, engine=f"duckdb:///{views_file}")
    reader = served.reader(Scope.of_units(["malmi"]))
    raw = schema.quick_feedback
    with pytest.raises(ScopeViolation):
        reader.fetch(select(raw.c.feedback_id).where(raw.c.unit_id == "kallio"))
    table = reader.table("quick_feedback")
    assert reader.scalar(select(func.count()).select_from(table)) == 24  # 2019: 3 + 6, 2018: 15
    hostile = "malmi' OR '1'='1"
    statement = select(func.count()).select_from(table).where(table.c.unit_id == hostile)
    compiled = served.compile(statement)
    assert hostile not in compiled.sql and hostile in compiled.parameters.values()
    assert reader.scalar(statement) == 0
    with pytest.raises(ScopeViolation):
        served.benchmark_reader().fetch(select(table.c.unit_id))
