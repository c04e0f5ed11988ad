"""Spark SQL in local mode gives exactly DuckDB's results: every metric kind, both layouts, the scope.

The engines specs (every metric kind, grain, grouping, comparison, public mode) run on Spark over
the rows written by 'another tool' without ``year=`` folders and must equal DuckDB's over the
project's own partitioned warehouse: one run proves both the engine and the layout contract (the
DuckDB side of the layouts is test_engines_layout.py). The scope, the guard, parameters, times
and commits are checked on Spark over the partitioned warehouse.

All Spark tests live in this one file (``make test`` distributes by file: one worker, one JVM)
and share one Spark application per test process. They are marked ``spark``: deselect them
locally with ``make test PYTEST_ARGS='-m "not spark"'``; CI always runs them.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

import cli
from data_access import schema, spark
from data_access.guard import ScopeViolation
from data_access.scope import Scope
from data_access.store import WarehouseWriter
from data_access.warehouse import Warehouse
from metrics.catalog import CATALOG
from metrics.query import run_query
from metrics.spec import QuerySpec
from tests.engines_helpers import SPECS, TODAY, YEAR_2019, assert_same, build, write_plain
from tests.metrics_helpers import presses

pytestmark = pytest.mark.spark

MASTER = "local[2]"
ENGINE = f"spark:{MASTER}"
TEST_SETTINGS = {
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.shuffle.partitions": "1",
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
}
"""Tiny tables and a short-lived JVM: adaptive re-planning, shuffle partitions and the optimising
JIT compiler only cost time here."""


@pytest.fixture(scope="session")
def spark_engine():
    """One local Spark application for the whole test process."""
    spark.application(MASTER, TEST_SETTINGS)
    yield ENGINE
    spark.stop(MASTER)


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """The engines warehouse written by the project's store."""
    return build(tmp_path_factory.mktemp("engines") / "wh")


@pytest.fixture(scope="module")
def flat(tmp_path_factory):
    """The same rows by plain pyarrow without ``year=`` folders."""
    return write_plain(tmp_path_factory.mktemp("layouts") / "flat", False)


@pytest.fixture(scope="module")
def engines(own, spark_engine) -> tuple[Warehouse, Warehouse]:
    """The engines warehouse opened on DuckDB and on Spark."""
    return Warehouse(own), Warehouse(own, engine=spark_engine)


@pytest.fixture(scope="module")
def flat_on_spark(flat, spark_engine) -> Warehouse:
    """The flat warehouse opened on Spark."""
    return Warehouse(flat, engine=spark_engine)


def _pair(engines: tuple[Warehouse, Warehouse], scope: Scope | None = None):
    if scope is None:
        return tuple(warehouse.benchmark_reader() for warehouse in engines)
    return tuple(warehouse.reader(scope) for warehouse in engines)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.metric}-{s.grain}-{'+'.join(s.group_by)}")
def test_every_metric_kind_on_flat_files_gives_duckdbs_results(engines, flat_on_spark, spec):
    expected = run_query(engines[0].reader(Scope.everything()), spec, today=TODAY)
    assert expected["n_total"].max() > 0
    assert_same(expected, run_query(flat_on_spark.reader(Scope.everything()), spec, today=TODAY), str(spec))


def test_every_metric_is_covered_on_flat_files():
    assert {spec.metric for spec in SPECS} == set(CATALOG)


def test_scoped_and_benchmark_readers_give_duckdbs_results(engines):
    manager = _pair(engines, Scope.of_units(["kallio"]))
    area = _pair(engines, Scope.of_service_areas(["tpp"], ["kallio", "malmi", "kamppi_hammas"]))
    benchmark = _pair(engines)
    cases = [
        (
            manager,
            QuerySpec("happy_index", YEAR_2019, grain="month", group_by=("unit",), compare="last_year"),
        ),
        (area, QuerySpec("feedback_count", YEAR_2019, group_by=("unit",))),
        (benchmark, QuerySpec("happy_index", YEAR_2019, group_by=("service",), compare="last_year")),
    ]
    for (duck, sparked), spec in cases:
        expected = run_query(duck, spec, today=TODAY)
        assert_same(expected, run_query(sparked, spec, today=TODAY), str(spec))
    manager_counts = run_query(manager[1], QuerySpec("response_count", YEAR_2019, group_by=("unit",)))
    assert manager_counts["unit_id"].tolist() == ["kallio"]
    assert manager_counts["n"].tolist() == [259]  # 219 + 40 presses, misuse excluded
    area_units = run_query(area[1], QuerySpec("feedback_count", YEAR_2019, group_by=("unit",)))["unit_id"]
    assert set(area_units.dropna()) == {"kallio", "malmi"} and area_units.isna().any()  # unit-less tpp rows


def test_the_year_comes_from_the_folder_or_the_date_column(engines, flat_on_spark, tmp_path):
    for name in ("quick_feedback", "survey_answer", "feedback", "case", "visits", "ombudsman_contact"):
        counts = []
        for warehouse in (engines[0], engines[1], flat_on_spark):
            reader = warehouse.reader(Scope.everything())
            table = reader.table(name)
            statement = select(table.c.year, func.count().label("n")).group_by(table.c.year)
            counts.append(reader.fetch(statement.order_by(table.c.year)).to_dict("records"))
        assert counts[0] == counts[1] == counts[2], name
        assert [row["year"] for row in counts[0]] == [2018, 2019], name
    mixed = write_plain(tmp_path / "mixed", True)
    loose = {"feedback_id": ["x1"], "ts": [datetime(2020, 1, 1)], "unit_id": ["kallio"], "scale": ["four"]}
    loose |= {"button_index": [3], "channel": ["terminal"], "misuse": [False], "batch_id": ["other-tool"]}
    pq.write_table(pa.table(loose), mixed / "quick_feedback" / "loose.parquet")
    reader = Warehouse(mixed, engine=ENGINE).reader(Scope.everything())
    table = reader.table("quick_feedback")
    years = reader.fetch(
        select(table.c.year, func.count().label("n")).group_by(table.c.year).order_by(table.c.year)
    )
    assert years["year"].tolist() == [2018, 2019, 2020] and years["n"].iloc[-1] == 1


def test_the_cli_query_on_spark_prints_duckdbs_output(own, flat, spark_engine, monkeypatch, capsys):
    monkeypatch.delenv("JOHDON_ENGINE", raising=False)
    argv = ["query", "happy_index", "--from", "2019-01-01", "--to", "2019-12-31", "--grain", "week"]
    argv += ["--format", "csv"]
    assert cli.main([*argv, "--warehouse", str(own)]) == 0
    expected = capsys.readouterr().out
    monkeypatch.setenv("JOHDON_ENGINE", spark_engine)
    assert cli.main([*argv, "--warehouse", str(flat)]) == 0
    assert capsys.readouterr().out == expected  # the happy index is formed from counts: the very same digits
    assert "2019-03-04" in expected  # the Monday the week starts on, not Sunday 22:00


def test_the_guard_refuses_out_of_scope_statements_on_spark(engines):
    warehouse = engines[1]
    reader = warehouse.reader(Scope.of_units(["kallio"]))
    raw = schema.quick_feedback
    scoped = reader.table("quick_feedback")
    refused = [
        select(raw.c.feedback_id).where(raw.c.unit_id == "malmi"),
        select(func.count()).select_from(scoped.join(raw, raw.c.feedback_id == scoped.c.feedback_id)),
        select(select(raw.c.unit_id).subquery().c.unit_id),
    ]
    for statement in refused:
        with pytest.raises(ScopeViolation):
            reader.fetch(statement)
    presenter = warehouse.reader(Scope.everything().without_open_text())
    with pytest.raises(ScopeViolation):
        presenter.table("open_text")
    with pytest.raises(ScopeViolation):
        presenter.fetch(select(schema.open_text.c.text))
    benchmark = warehouse.benchmark_reader().table("quick_feedback")
    with pytest.raises(ScopeViolation):
        warehouse.benchmark_reader().fetch(
            select(benchmark.c.unit_id, func.count()).group_by(benchmark.c.unit_id)
        )
    units = reader.fetch(select(scoped.c.unit_id, func.count().label("n")).group_by(scoped.c.unit_id))
    assert units.to_dict("records") == [{"unit_id": "kallio", "n": 489}]  # 219 + 40 + 30 misuse + 200 in 2018
    nobody = warehouse.reader(Scope.of_units([]))
    assert nobody.scalar(select(func.count()).select_from(nobody.table("case"))) == 0  # an empty IN list


def test_values_stay_bound_parameters_on_spark(engines):
    warehouse = engines[1]
    reader = warehouse.reader(Scope.everything())
    hostile = "kallio' OR '1'='1"
    frame = run_query(reader, QuerySpec("response_count", YEAR_2019, unit=(hostile,)), today=TODAY)
    assert frame["n"].tolist() == [0]
    table = reader.table("quick_feedback")
    statement = select(func.count()).select_from(table).where(table.c.unit_id == hostile)
    compiled = warehouse.compile(statement)
    assert hostile not in compiled.sql and hostile in compiled.parameters.values()
    assert ":`unit_id_1`" in compiled.sql
    assert reader.scalar(statement) == 0


def test_times_are_local_wall_clock_on_spark(engines):
    reader = engines[1].reader(Scope.everything())
    table = reader.table("quick_feedback")
    monday = datetime(2019, 3, 4)
    statement = select(func.min(table.c.ts), func.count()).where(
        table.c.ts >= monday, table.c.unit_id == "malmi"
    )
    first, count = reader.fetch(statement).iloc[0]
    assert first == pd.Timestamp("2019-03-04 00:00:00") and count == 6  # 3 on 4.3. from 00:00, 3 in May


def test_a_commit_is_visible_to_the_next_statement_without_a_refresh(own, spark_engine, tmp_path):
    root = tmp_path / "wh"
    shutil.copytree(own, root)
    reader = Warehouse(root, engine=spark_engine).reader(Scope.everything())
    spec = QuerySpec("response_count", YEAR_2019, unit=("kamppi_hammas",))
    before = int(run_query(reader, spec, today=TODAY)["n"].iloc[0])
    with WarehouseWriter(root).batch(
        source="test", file_name="more", sha256="1", imported_by="test"
    ) as batch:
        batch.add("quick_feedback", presses({3: 4}, unit="kamppi_hammas", start=datetime(2019, 10, 1, 9)))
    assert int(run_query(reader, spec, today=TODAY)["n"].iloc[0]) == before + 4
    assert date(2019, 10, 1) == run_query(reader, spec.with_(grain="month"), today=TODAY)["period"].iloc[-1]


def test_the_catalog_views_of_a_sql_warehouse_read_both_layouts(engines, flat, spark_engine):
    session = spark.application(MASTER).newSession()
    expected = engines[0].reader(Scope.everything())
    table = expected.table("survey_answer")
    statement = select(table.c.year, func.count().label("n"), func.sum(table.c.value).label("total"))
    want = expected.fetch(statement.group_by(table.c.year).order_by(table.c.year)).to_dict("records")
    for root, partitioned in ((engines[0].root, True), (flat, False)):
        session.sql(spark.catalog_view_sql("survey_answer", str(root), partitioned, temporary=True))
        got = session.sql(
            "SELECT year, count(*) AS n, sum(value) AS total FROM survey_answer GROUP BY year ORDER BY year"
        ).collect()
        assert [row.asDict() for row in got] == want, root
    assert "CAST(year(`answered_on`) AS BIGINT) AS `year`" in spark.catalog_view_sql(
        "survey_answer", "s3a://b/w", False
    )
