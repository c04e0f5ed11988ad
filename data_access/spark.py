"""Spark SQL as a reader backend: the warehouse's Core statements run through pyspark.

The pip build of pyspark has no SQL server to connect SQLAlchemy to, so a statement is compiled
offline with a Spark SQL dialect (databricks-sqlalchemy's ``DatabricksDialect``: backtick
identifiers, ``:name`` parameter markers) and the text runs as ``session.sql(text, args=params)``:
the values stay bound parameters, never SQL text. Results come back as Arrow (``toArrow``) and
leave as plain rows, never through PySpark's pandas conversion (which does not support pandas 3).

Views: each table is a temporary view of the same Parquet folder DuckDB reads, in either layout
(:func:`data_access.warehouse.table_layout`): ``year=`` folders are read with partition discovery
(``basePath``), files directly in the table folder get ``year`` from the table's date column, and
both may be united. Columns are cast to the schema's types, missing ones are NULL, extra ones are
ignored (as DuckDB's ``union_by_name``); the files' merged schema is read from their footers, so
making a view runs no Spark job. A view is made when a statement first names its table and made
again when the table's folders change (a commit renames files into them), so new imports are
visible without a refresh, as on DuckDB.

Time: local times are read as ``TIMESTAMP_NTZ`` and each warehouse's session runs in UTC, so
nothing is shifted by a time zone: naive ``datetime`` parameters are passed as the same wall-clock
time in UTC (pyspark would otherwise read them in the process's local zone), and zoned results are
turned back into naive ones. :mod:`metrics.dialect` keeps the metric SQL itself free of zoned types.

Sessions: one Spark application (JVM) per process and master, started on first use; each
:class:`SparkBackend` works in its own ``newSession()`` (own temporary views and SQL settings) so
several warehouses, and a notebook's own session, do not see each other's views.
"""

from __future__ import annotations

import os
import tempfile
import threading
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Select
from sqlalchemy.sql.visitors import iterate

from data_access import schema
from data_access.warehouse import (
    FLAT_GLOB,
    PARTITION_COLUMN,
    PARTITIONED_GLOB,
    compile_statement,
    table_layout,
)

SPARK_TYPES = {
    String: "string",
    Integer: "bigint",
    Float: "double",
    Boolean: "boolean",
    Date: "date",
    DateTime: "timestamp_ntz",
}
"""The Spark SQL type each schema column is cast to in the views."""
LOCAL_SETTINGS = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.warehouse.dir": str(Path(tempfile.gettempdir()) / "johdon-spark-warehouse"),
}
"""Settings of a local-mode application: no web UI or progress bars, loopback only, few shuffle
partitions (the warehouse's aggregates are small; the default 200 tasks would dominate), and the
(unused: only temporary views are made) warehouse folder outside the working directory."""
SESSION_SETTINGS = {"spark.sql.session.timeZone": "UTC"}
MISSING = (
    "JOHDON_ENGINE=spark needs pyspark and databricks-sqlalchemy (pinned in requirements-dev.txt) and Java"
)

_applications: dict[str | None, object] = {}
_applications_lock = threading.Lock()


def dialect() -> Dialect:
    """The Spark SQL dialect statements are compiled with (offline, no connection)."""
    try:
        from databricks.sqlalchemy import DatabricksDialect
    except ImportError as error:
        raise RuntimeError(MISSING) from error
    return DatabricksDialect()


def application(master: str | None = None, settings: dict[str, str] | None = None):
    """The process's Spark session for ``master`` (None: the active one, else ``local[*]``).

    Started once per process and master; a local master gets :data:`LOCAL_SETTINGS`, then
    ``settings`` (used only by the call that starts the application).
    """
    with _applications_lock:
        if master not in _applications:
            try:
                from pyspark.sql import SparkSession
            except ImportError as error:
                raise RuntimeError(MISSING) from error
            active = SparkSession.getActiveSession() if master is None else None
            if active is not None:  # a notebook's session: use it as configured
                _applications[master] = active
                return active
            builder = SparkSession.builder.appName("johdon-tyopoyta").master(master or "local[*]")
            if (master or "local").startswith("local"):
                os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no hostname lookup, no warning
                for key, value in LOCAL_SETTINGS.items():
                    builder = builder.config(key, value)
            for key, value in (settings or {}).items():
                builder = builder.config(key, value)
            with warnings.catch_warnings():
                # Raised on import by pyspark's pandas check; this backend never converts to pandas.
                warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
                session = builder.getOrCreate()
            session.sparkContext.setLogLevel("ERROR")
            _applications[master] = session
        return _applications[master]


def stop(master: str | None = None) -> None:
    """Stop the Spark application of ``master`` started by :func:`application` (tests, benchmarks)."""
    with _applications_lock:
        session = _applications.pop(master, None)
    if session is not None:
        session.stop()


def _spark_value(value: object) -> object:
    """A bound parameter as pyspark should receive it (naive datetimes as the same UTC wall clock)."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _plain(column: pa.ChunkedArray) -> list:
    """A result column as Python values; zoned timestamps (session zone UTC) as naive ones."""
    if pa.types.is_timestamp(column.type) and column.type.tz is not None:
        column = column.cast(pa.timestamp(column.type.unit))
    return column.to_pylist()


def arrow_rows(table: pa.Table) -> tuple[list[str], list[tuple]]:
    """Column names and rows of an Arrow result."""
    columns = [_plain(column) for column in table.columns]
    return list(table.column_names), list(zip(*columns, strict=True)) if columns else []


def tables_of(statement: Select) -> set[str]:
    """The warehouse tables a statement reads (through FROM, joins, subqueries or columns)."""
    found = set()
    for element in iterate(statement):
        table = element if isinstance(element, Table) else getattr(element, "table", None)
        if isinstance(table, Table) and table.name in schema.TABLES:
            found.add(table.name)
    return found


def _signature(root: Path, name: str) -> tuple:
    """Changes whenever a file is added to, moved into or removed from the table's folders."""
    folder = root / name
    if not folder.is_dir():
        return ()
    folders = [folder, *sorted(p for p in folder.glob(f"{PARTITION_COLUMN}=*") if p.is_dir())]
    return tuple((str(p), p.stat().st_mtime_ns) for p in folders)


class SparkBackend:
    """Statements of one warehouse folder on Spark SQL (see the module docstring)."""

    local_files = True

    def __init__(self, root: Path, master: str | None = None) -> None:
        self.root = root
        self.master = master
        self.dialect = dialect()
        self._lock = threading.Lock()
        self._session = None
        self._views: dict[str, tuple] = {}

    @property
    def session(self):
        """This warehouse's Spark session (its own views and settings), started on first use."""
        with self._lock:
            if self._session is None:
                session = application(self.master).newSession()
                for key, value in SESSION_SETTINGS.items():
                    session.conf.set(key, value)
                self._session = session
            return self._session

    def rows(self, statement: Select) -> tuple[list[str], list[tuple]]:
        """Run ``statement`` with its bound parameters as Spark SQL parameters."""
        compiled = compile_statement(statement, self.dialect)
        session = self.session
        self._ensure_views(session, tables_of(statement))
        parameters = {name: _spark_value(value) for name, value in compiled.parameters.items()}
        return arrow_rows(session.sql(compiled.sql, args=parameters).toArrow())

    def refresh(self) -> None:
        """Make every view again on its next use."""
        with self._lock:
            self._views.clear()

    def _ensure_views(self, session, names: set[str]) -> None:
        with self._lock:
            for name in sorted(names):
                signature = _signature(self.root, name)
                if self._views.get(name) != signature:
                    self.frame(session, name).createOrReplaceTempView(f"`{name}`")
                    self._views[name] = signature

    def frame(self, session, name: str):
        """The DataFrame behind table ``name``'s view."""
        spec = schema.TABLES[name]
        layout = table_layout(self.root, name)
        folder = self.root / name
        parts = []
        if layout.partitioned:
            files = sorted(folder.glob(PARTITIONED_GLOB))
            reader = _reader(session, files, partitioned=True).option("basePath", str(folder))
            parts.append(_project(reader.parquet(str(folder / f"{PARTITION_COLUMN}=*")), spec, True))
        if layout.flat:
            reader = _reader(session, sorted(folder.glob(FLAT_GLOB)), partitioned=False)
            parts.append(_project(reader.parquet(str(folder / FLAT_GLOB)), spec, False))
        if not parts:
            return session.createDataFrame([], _struct(spec.table))
        united = parts[0]
        for part in parts[1:]:
            united = united.unionByName(part)
        return united


def _struct(table: Table):
    """The Spark schema of a table's view (for a table without files)."""
    from pyspark.sql import types

    spark_types = {
        String: types.StringType(),
        Integer: types.LongType(),
        Float: types.DoubleType(),
        Boolean: types.BooleanType(),
        Date: types.DateType(),
        DateTime: types.TimestampNTZType(),
    }
    return types.StructType(
        [types.StructField(column.name, spark_types[type(column.type)], True) for column in table.columns]
    )


def catalog_view_sql(
    name: str, location: str, partitioned: bool, schema_name: str = "johdon", temporary: bool = False
) -> str:
    """The Spark SQL view of table ``name`` over ``<location>/<name>`` for a SQL warehouse's catalog.

    The same casts as this backend's views; ``year`` from the ``year=`` folders (``partitioned``) or
    from the table's date column. For Parquet written by the project's store (every column in every
    file); the files are listed when a query runs, so new imports need no catalog change. A session
    setting ``spark.sql.parquet.mergeSchema=true`` reads files written before a column was added.
    """
    spec = schema.TABLES[name]
    columns = []
    for column in spec.table.columns:
        target = SPARK_TYPES[type(column.type)].upper()
        value = f"`{column.name}`"
        if column.name == PARTITION_COLUMN and spec.date_column and not partitioned:
            value = f"year(`{spec.date_column}`)"
        columns.append(f"CAST({value} AS {target}) AS `{column.name}`")
    path = location.rstrip("/") + "/" + name
    target_name = f"`{name}`" if temporary else f"`{schema_name}`.`{name}`"
    kind = "TEMPORARY VIEW" if temporary else "VIEW"
    return f"CREATE OR REPLACE {kind} {target_name} AS SELECT {', '.join(columns)} FROM parquet.`{path}`"


def _spark_type(arrow_type: pa.DataType):
    """The Spark type pyspark reads a Parquet column of ``arrow_type`` as (None: not one we map)."""
    from pyspark.sql import types

    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return types.StringType()
    if pa.types.is_timestamp(arrow_type):
        return types.TimestampType() if arrow_type.tz is not None else types.TimestampNTZType()
    simple = {
        pa.int64(): types.LongType(),
        pa.int32(): types.IntegerType(),
        pa.float64(): types.DoubleType(),
        pa.float32(): types.FloatType(),
        pa.bool_(): types.BooleanType(),
        pa.date32(): types.DateType(),
    }
    return simple.get(arrow_type)


def _reader(session, files: list[Path], partitioned: bool):
    """A Parquet reader given the files' merged schema, read from their footers here, so Spark need
    not run a schema-merging job per view; where a type is not one we map, Spark merges (``mergeSchema``)."""
    from pyspark.sql import types

    fields: dict[str, object] = {}
    for file in files:
        for field in pq.read_schema(file):
            spark_type = _spark_type(field.type)
            if spark_type is None or fields.get(field.name, spark_type) != spark_type:
                return session.read.option("mergeSchema", "true")
            fields.setdefault(field.name, spark_type)
    if partitioned:
        fields[PARTITION_COLUMN] = types.LongType()
    struct = types.StructType([types.StructField(name, kind, True) for name, kind in fields.items()])
    return session.read.schema(struct)


def _project(frame, spec: schema.TableSpec, partitioned: bool):
    """One kind of files cast to the schema: missing columns NULL, ``year`` from folder or date."""
    from pyspark.sql import functions as F

    present = set(frame.columns)
    columns = []
    for column in spec.table.columns:
        target = SPARK_TYPES[type(column.type)]
        if column.name == PARTITION_COLUMN and spec.date_column and not partitioned:
            value = F.year(F.col(spec.date_column))
        elif column.name in present:
            value = F.col(column.name)
        else:
            value = F.lit(None)
        columns.append(value.cast(target).alias(column.name))
    return frame.select(*columns)
