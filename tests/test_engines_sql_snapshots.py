"""The SQL every metric sends, for DuckDB and for Spark, kept in tests/sql_snapshots/ (item 2).

Each metric's representative spec runs through ``run_query`` on the engines warehouse (DuckDB)
with a reader that records every statement; each statement is compiled offline for both
engines (``data_access.warehouse.compile_statement``) and compared with
``tests/sql_snapshots/<engine>/<metric>.sql``. A change to the metric SQL fails here until the
snapshots are regenerated on purpose, in one command::

    make sql-snapshots   # UPDATE_SQL_SNAPSHOTS=1 python -m pytest tests/test_engines_sql_snapshots.py

and the diff of tests/sql_snapshots/ is reviewed with the change.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access import schema
from data_access.scope import Scope
from data_access.warehouse import ScopedReader, Warehouse, compile_statement, dialect_of
from metrics import dialect
from metrics.catalog import CATALOG
from metrics.query import run_query
from metrics.spec import QuerySpec
from tests.engines_helpers import SPECS, TODAY, build, catalog_specs

SNAPSHOTS = Path(__file__).parent / "sql_snapshots"
ENGINES = ("duckdb", "spark")
UPDATE = os.environ.get("UPDATE_SQL_SNAPSHOTS") == "1"
HINT = (
    "the metric SQL changed: regenerate with `make sql-snapshots` and review the diff of tests/sql_snapshots/"
)


class RecordingReader(ScopedReader):
    """A reader that keeps every statement it runs."""

    def __init__(self, warehouse: Warehouse, scope: Scope) -> None:
        super().__init__(warehouse, scope)
        self.statements = []

    def fetch(self, statement):
        """Record, then run."""
        self.statements.append(statement)
        return super().fetch(statement)

    def scalar(self, statement):
        """Record, then run."""
        self.statements.append(statement)
        return super().scalar(statement)


def representative(metric_id: str) -> QuerySpec:
    """The metric's first spec among the engine tests' specs, else its year-on-year spec."""
    return next((spec for spec in SPECS if spec.metric == metric_id), catalog_specs(metric_id)[0])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Warehouse:
    """The engines warehouse on the embedded DuckDB."""
    return Warehouse(build(tmp_path_factory.mktemp("snapshots") / "wh"), engine="duckdb")


def snapshot_text(engine: str, spec: QuerySpec, statements: list) -> str:
    """The snapshot file of one metric on one engine."""
    lines = [
        f"-- {spec.metric} on {engine}: every statement of run_query({spec!r})",
        "-- Regenerate with `make sql-snapshots` (tests/test_engines_sql_snapshots.py).",
    ]
    for number, statement in enumerate(statements, start=1):
        compiled = compile_statement(statement, dialect_of(engine))
        parameters = ", ".join(f"{name}={value!r}" for name, value in compiled.parameters.items())
        lines += ["", f"-- [{number}]", compiled.sql.strip(), f"-- parameters: {parameters or '(none)'}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("metric_id", sorted(CATALOG))
def test_the_compiled_sql_of_every_metric_is_the_snapshot(warehouse, metric_id):
    spec = representative(metric_id)
    reader = RecordingReader(warehouse, Scope.everything())
    run_query(reader, spec, today=TODAY)
    assert reader.statements, metric_id
    for engine in ENGINES:
        path = SNAPSHOTS / engine / f"{metric_id}.sql"
        text = snapshot_text(engine, spec, reader.statements)
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            continue
        assert path.exists(), f"no SQL snapshot {path.relative_to(SNAPSHOTS.parent)}: {HINT}"
        assert text == path.read_text(encoding="utf-8"), f"{path.relative_to(SNAPSHOTS.parent)}: {HINT}"


def test_there_is_a_snapshot_only_for_metrics_of_the_catalog():
    for engine in ENGINES:
        stale = {path for path in (SNAPSHOTS / engine).glob("*.sql") if path.stem not in CATALOG}
        if UPDATE:
            for path in stale:
                path.unlink()
            continue
        assert not stale, (
            f"snapshots of metrics no longer in the catalog: {sorted(p.name for p in stale)}: {HINT}"
        )


def test_the_snapshots_compile_as_the_warehouse_does(warehouse):
    table = Warehouse(warehouse.root).reader(Scope.everything()).table("quick_feedback")
    statement = select(dialect.bucket(table.c.ts, "week"), dialect.isodow(table.c.ts)).where(
        table.c.unit_id.in_(["malmi", "kallio"])
    )
    assert warehouse.compile(statement) == compile_statement(statement, dialect_of("duckdb"))


def test_engine_differences_render_per_engine():
    ts = schema.quick_feedback.c.ts
    statement = select(
        dialect.bucket(ts, "week").label("week"),
        dialect.bucket(ts, "day").label("day"),
        dialect.isodow(ts).label("isodow"),
        dialect.hour(ts).label("hour"),
    )
    duck = compile_statement(statement, dialect_of("duckdb")).sql
    spark = compile_statement(statement, dialect_of("spark")).sql
    assert "CAST(date_trunc('week', quick_feedback.ts) AS DATE)" in duck and "EXTRACT(isodow FROM" in duck
    assert "trunc(CAST(quick_feedback.ts AS DATE), 'WEEK')" in spark
    assert "CAST(quick_feedback.ts AS DATE) AS day" in spark
    assert "EXTRACT(DAYOFWEEK_ISO FROM quick_feedback.ts)" in spark
    assert "isodow" not in spark.lower().replace("as isodow", "") and "date_trunc" not in spark


def test_filter_values_are_parameters_for_every_engine(warehouse):
    spec = QuerySpec("response_count", SPECS[0].period, unit=("malmi",), channel=("terminal",))
    reader = RecordingReader(warehouse, Scope.of_units(["malmi", "kallio"]))
    run_query(reader, spec, today=TODAY)
    for engine in ENGINES:
        for statement in reader.statements:
            compiled = compile_statement(statement, dialect_of(engine))
            assert "malmi" not in compiled.sql and "terminal" not in compiled.sql, engine
        values = {
            v for s in reader.statements for v in compile_statement(s, dialect_of(engine)).parameters.values()
        }
        assert {"malmi", "kallio", "terminal"} <= values, engine


def test_engine_specific_sql_is_only_in_the_dialect_module():
    functions = r"\bfunc\.(date_trunc|trunc|date_part|extract|dayofweek\w*|weekday|hour)\b"
    calendar = re.compile(functions + r"|\bextract\(")
    for path in sorted((Path(__file__).parent.parent / "metrics").glob("*.py")):
        if path.name != "dialect.py":
            assert not calendar.search(path.read_text(encoding="utf-8")), f"{path.name}: use metrics.dialect"
