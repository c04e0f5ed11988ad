"""The read side of the warehouse: the same Core statements on the engine chosen at open.

The engine is chosen when a :class:`Warehouse` opens: the ``engine`` argument, else
``$JOHDON_ENGINE``, else the embedded DuckDB (see :func:`engine_choice`):

- ``duckdb`` (default): DuckDB in-process with views over the Parquet folder. Every pooled
  DuckDB connection is its own in-memory database, so the views are created on each new
  connection (a ``connect`` event); the connection is locked down: no extension downloads, no
  file access outside the warehouse, configuration frozen.
- ``spark`` or ``spark:MASTER`` (e.g. ``spark:local[2]``): Spark SQL through pyspark, views
  over the same folder (:mod:`data_access.spark`); plain ``spark`` joins the process's active
  Spark session (a Databricks or Fabric notebook) or starts a local one.
- an SQLAlchemy engine URL (``postgresql+psycopg://…``, ``databricks://…``, ``duckdb:///views.duckdb``):
  a server or database that already exposes the tables under their schema names (with ``year``),
  e.g. a Spark SQL warehouse over the Parquet on object storage (docs/DEPLOYMENT.md).

Whatever the engine, a statement passes the reader's :class:`~data_access.guard.ScopeGuard`
before it is compiled, and runs with its bound parameters as parameters.

The layout contract (``<table>/[year=YYYY/]*.parquet``, :func:`table_layout`): the ``year`` of a
partitioned table comes from its ``year=`` folder, and from the table's date column
(``schema.TABLES[name].date_column``) for files that lie directly in the table folder, so a
table written without ``year=`` folders reads exactly like a partitioned one (the date filters
of every metric include ``year``); both kinds of files may sit side by side.

Readers see only committed batches. Where the engine reads the Parquet files in place
(DuckDB, Spark), every read (registering the views, each statement, :meth:`Warehouse.exists`,
the data version) runs inside :func:`data_access.journal.committed`: it holds the warehouse's
commit lock shared, so it waits while a writer moves a batch into place (milliseconds), and a
commit that a killed writer left half done is rolled back before anything is read. Each
statement is consistent on its own; :meth:`Warehouse.consistent` holds one committed state
across several statements (``cli.py info`` counts every table in one). A DuckDB view expands
its file glob when a statement runs, so a pooled connection sees each new commit without a
refresh once the table has files in the layout it had when the view was made.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql import Select

from data_access import schema
from data_access.guard import ScopeGuard, ScopeViolation
from data_access.journal import committed
from data_access.scope import Scope

DEFAULT_WAREHOUSE = Path("var/warehouse")
WAREHOUSE_ENV = "JOHDON_WAREHOUSE"
ENGINE_ENV = "JOHDON_ENGINE"
DEFAULT_ENGINE = "duckdb"
PARTITION_COLUMN = "year"
POOL_SIZE = 4
"""Pooled DuckDB connections kept open (the dashboard's prefetch runs this many queries at once)."""
MTIME_MARGIN_NS = 2_000_000_000
"""How old a folder's modification time must be before :meth:`Warehouse.data_version` trusts it."""


def default_path() -> Path:
    """The warehouse folder: ``$JOHDON_WAREHOUSE`` or ``var/warehouse``."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)


# --- engine choice ------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineChoice:
    """Where statements run: ``kind`` duckdb, spark or url; ``target`` the Spark master or the URL."""

    kind: str
    target: str | None = None

    def __str__(self) -> str:
        """The choice without credentials (a URL's password is masked)."""
        if self.kind == "url":
            return make_url(self.target).render_as_string(hide_password=True)
        return self.kind if self.target is None else f"{self.kind}:{self.target}"


def engine_choice(setting: str | None = None) -> EngineChoice:
    """Parse an engine setting (default ``$JOHDON_ENGINE``, else ``duckdb``).

    ``duckdb``; ``spark`` or ``spark:MASTER`` (``spark:local[2]``, ``spark:spark://host:7077``); or an
    SQLAlchemy URL (anything else with ``://``).
    """
    text = (setting if setting is not None else os.environ.get(ENGINE_ENV, "")).strip() or DEFAULT_ENGINE
    kind, _, target = text.partition(":")
    if kind == "spark":
        return EngineChoice("spark", target or None)
    if "://" in text:
        return EngineChoice("url", text)
    if text == "duckdb":
        return EngineChoice("duckdb")
    raise ValueError(
        f"{ENGINE_ENV}={text!r}: expected 'duckdb' (the default), 'spark', 'spark:MASTER' or an engine URL"
    )


# --- compiling ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledStatement:
    """A statement as an engine receives it: SQL text with parameter markers, and the parameters."""

    sql: str
    parameters: dict[str, object]


def compile_statement(statement: Select, dialect: Dialect) -> CompiledStatement:
    """Compile ``statement`` for ``dialect`` with every value left a bound parameter.

    IN lists are expanded into one marker per value (an empty list into the dialect's empty set);
    only ``literal_execute`` values from code allow-lists are rendered inline.
    """
    compiled = statement.compile(dialect=dialect)
    state = compiled.construct_expanded_state(compiled.construct_params())
    return CompiledStatement(state.statement, dict(state.parameters))


def dialect_of(kind: str) -> Dialect:
    """The SQLAlchemy dialect a ``duckdb`` or ``spark`` warehouse compiles with (no engine opened)."""
    if kind == "duckdb":
        return create_engine("duckdb:///:memory:").dialect  # as the embedded engine configures it
    if kind == "spark":
        from data_access import spark

        return spark.dialect()
    raise ValueError(f"no offline dialect for {kind!r}")


# --- the layout contract ------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Which kinds of Parquet files a table folder holds."""

    partitioned: bool
    """Files under ``year=YYYY/`` folders (the year is the folder's)."""
    flat: bool
    """Files directly in the table folder (the year, where the table has one, from its date column)."""

    @property
    def empty(self) -> bool:
        """No files at all."""
        return not (self.partitioned or self.flat)


PARTITIONED_GLOB = f"{PARTITION_COLUMN}=*/**/*.parquet"
FLAT_GLOB = "*.parquet"


def table_layout(root: Path, name: str) -> Layout:
    """The layout of one table folder (dimensions are flat; facts either or both)."""
    folder = root / name
    if not folder.is_dir():
        return Layout(False, False)
    flat = any(folder.glob(FLAT_GLOB))
    partitioned = schema.TABLES[name].date_column is not None and any(folder.glob(PARTITIONED_GLOB))
    return Layout(partitioned, flat)


def _has_files(root: Path, name: str) -> bool:
    return not table_layout(root, name).empty


# --- DuckDB -------------------------------------------------------------------------------


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _files(root: Path, name: str, partitioned: bool) -> str:
    """The glob of one table's files of one layout."""
    return str(root / name / (PARTITIONED_GLOB if partitioned else FLAT_GLOB))


def _duckdb_source(root: Path, name: str, partitioned: bool) -> str:
    return (
        f"read_parquet({_sql_literal(_files(root, name, partitioned))}, "
        f"hive_partitioning={'true' if partitioned else 'false'}, union_by_name=true)"
    )


def _duckdb_select(name: str, source: str | None, existing: set[str], partitioned: bool) -> str:
    """SELECT of one kind of file, cast to the schema; identifiers come from the schema only."""
    spec = schema.TABLES[name]
    casts = []
    for column in spec.table.columns:
        target = schema.duckdb_type(column)
        if column.name == PARTITION_COLUMN and spec.date_column and not partitioned:
            value = f"EXTRACT(year FROM {_quoted(spec.date_column)})"
        elif column.name in existing:
            value = _quoted(column.name)
        else:
            value = "NULL"
        casts.append(f"CAST({value} AS {target}) AS {_quoted(column.name)}")
    columns = ", ".join(casts)
    return f"SELECT {columns} WHERE false" if source is None else f"SELECT {columns} FROM {source}"


def _view_sql(name: str, parts: list[tuple[str, set[str], bool]]) -> str:
    """CREATE VIEW text for one table from its kinds of files: (source, columns found, partitioned)."""
    selects = [_duckdb_select(name, source, existing, partitioned) for source, existing, partitioned in parts]
    body = " UNION ALL ".join(selects) if selects else _duckdb_select(name, None, set(), False)
    return f"CREATE OR REPLACE VIEW {_quoted(name)} AS {body}"


def _lock_down(cursor, root: Path) -> None:
    cursor.execute("SET autoinstall_known_extensions=false")
    cursor.execute("SET autoload_known_extensions=false")
    cursor.execute("SET allowed_directories=$1", [[str(root) + os.sep]])
    cursor.execute("SET enable_external_access=false")
    cursor.execute("SET lock_configuration=true")


def view_statements(dbapi_connection, root: Path) -> list[str]:
    """The CREATE VIEW text of every table, from its layout and the columns its files hold (read
    through ``dbapi_connection``)."""
    cursor = dbapi_connection.cursor()
    try:
        statements = []
        for name in schema.TABLES:
            layout = table_layout(root, name)
            parts = []
            for partitioned, present in ((True, layout.partitioned), (False, layout.flat)):
                if present:
                    files = cursor.read_parquet(
                        _files(root, name, partitioned), hive_partitioning=partitioned, union_by_name=True
                    )
                    parts.append((_duckdb_source(root, name, partitioned), set(files.columns), partitioned))
            statements.append(_view_sql(name, parts))
        return statements
    finally:
        cursor.close()


def register_views(
    dbapi_connection, root: Path, lock_down: bool = True, statements: list[str] | None = None
) -> list[str]:
    """Create the warehouse's views on a DuckDB connection (then lock the connection down).

    ``statements``: the :func:`view_statements` another connection found for the same files (the
    files' columns are then not read again). Returns the statements run.
    """
    statements = statements if statements is not None else view_statements(dbapi_connection, root)
    cursor = dbapi_connection.cursor()
    try:
        for statement in statements:
            cursor.execute(statement)
        if lock_down:
            _lock_down(cursor, root)
    finally:
        cursor.close()
    return statements


class Backend(Protocol):
    """What a Warehouse needs of an engine."""

    dialect: Dialect
    local_files: bool
    """Whether the engine reads the warehouse folder's files itself (reads then hold the commit lock)."""

    def rows(self, statement: Select) -> tuple[list[str], list[tuple]]:
        """Run a Core SELECT: the column names and the rows as plain tuples."""

    def refresh(self) -> None:
        """Forget what was read of the files so new commits become visible."""


def _sqlalchemy_rows(engine: Engine, statement: Select) -> tuple[list[str], list[tuple]]:
    with engine.connect() as connection:
        result = connection.execute(statement)
        rows = [tuple(row) for row in result.fetchall()]  # plain tuples: pandas probes Row slowly
        return list(result.keys()), rows


class DuckDBBackend:
    """The embedded default: DuckDB in-process, views registered on every pooled connection."""

    local_files = True

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self.dialect = self.engine.dialect

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (created on first use, again after :meth:`refresh`)."""
        with self._lock:
            if self._engine is None:
                self._engine = self._create_engine()
            return self._engine

    def _create_engine(self) -> Engine:
        engine = create_engine("duckdb:///:memory:", poolclass=QueuePool, pool_size=POOL_SIZE, max_overflow=8)
        root = self.root
        found: list[list[str]] = []
        """The view statements of the engine's first connection: later ones reuse them (the files'
        columns were read once; a commit that changes a table's layout comes with a refresh,
        which makes a new engine)."""

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:
            with committed(root):
                statements = register_views(dbapi_connection, root, statements=found[0] if found else None)
            if not found:
                found.append(statements)

        return engine

    def rows(self, statement: Select) -> tuple[list[str], list[tuple]]:
        """Run ``statement`` on a pooled connection."""
        return _sqlalchemy_rows(self.engine, statement)

    def refresh(self) -> None:
        """Drop pooled connections: the next ones register the views afresh."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


class UrlBackend:
    """A database or SQL warehouse at an SQLAlchemy URL that exposes the schema's tables itself."""

    local_files = False

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, pool_pre_ping=True)
        self.dialect = self.engine.dialect

    def rows(self, statement: Select) -> tuple[list[str], list[tuple]]:
        """Run ``statement`` on the server."""
        return _sqlalchemy_rows(self.engine, statement)

    def refresh(self) -> None:
        """Drop pooled connections."""
        self.engine.dispose()


def _open_backend(choice: EngineChoice, root: Path) -> Backend:
    if choice.kind == "duckdb":
        return DuckDBBackend(root)
    if choice.kind == "spark":
        from data_access.spark import SparkBackend

        return SparkBackend(root, choice.target)
    return UrlBackend(choice.target)


# --- the statement cache ------------------------------------------------------------------

RESULT_TTL_SECONDS = 60.0
"""How long a cached statement's rows are kept (the dashboard's result cache keeps a minute too)."""
MAX_CACHED_ROWS = 5_000
"""Larger results (record-level lists) are not kept."""


def _frozen(value: object) -> object:
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(_frozen(item) for item in value)
    return value


class ResultCache:
    """The rows of recent statements, keyed by the data version, the statement's structure and
    its bound values (so a scope, a period or any other value is part of the key).

    The dashboard's pages send the same aggregations many times in one run: every quick-feedback
    metric tallies the same presses, and every comparison reads the same channels' coverage.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple, tuple[float, list[str], list[tuple]]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(statement: Select, version: str) -> tuple | None:
        """The key of ``statement`` on data ``version``; None when SQLAlchemy cannot key it."""
        structure = statement._generate_cache_key()
        if structure is None:
            return None
        key = version, structure.key, tuple(_frozen(p.effective_value) for p in structure.bindparams)
        try:
            hash(key)
        except TypeError:  # a value that cannot key a dict: the statement is simply run
            return None
        return key

    def get(self, key: tuple) -> tuple[list[str], list[tuple]] | None:
        """The columns and rows kept under ``key`` (copies of the lists), or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored, columns, rows = entry
            if time.monotonic() - stored > RESULT_TTL_SECONDS:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
        return list(columns), list(rows)

    def put(self, key: tuple, columns: list[str], rows: list[tuple]) -> None:
        """Keep a result (unless it is large), forgetting the least recently used beyond the size."""
        if len(rows) > MAX_CACHED_ROWS:
            return
        with self._lock:
            self._entries[key] = (time.monotonic(), list(columns), list(rows))
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


# --- the warehouse ------------------------------------------------------------------------


class Warehouse:
    """A Parquet warehouse opened for reading through SQLAlchemy Core on the chosen engine.

    ``engine``: an engine setting as :func:`engine_choice` reads it (default ``$JOHDON_ENGINE``,
    else the embedded DuckDB). ``statement_cache``: keep the rows of up to this many recent
    statements (:class:`ResultCache`; engines reading the folder's files only, whose data version
    is cheap to read). Use :meth:`reader` with the caller's :class:`Scope` to query; the
    reader refuses any statement that reads a fact table except through its scoped views.
    """

    def __init__(
        self, root: Path | str | None = None, engine: str | None = None, statement_cache: int = 0
    ) -> None:
        self.root = Path(root) if root is not None else default_path()
        self.root = self.root.resolve()
        self.choice = engine_choice(engine)
        self.backend = _open_backend(self.choice, self.root)
        self._results = ResultCache(statement_cache) if statement_cache and self.backend.local_files else None
        self._version: tuple[int, str] | None = None
        """(mtime of the import_batch folder, the data version read then): a page asks for the
        version with every cached query, and listing the folder under the commit lock each time
        cost more than the cached answer."""

    def __repr__(self) -> str:
        """The folder and the engine (without credentials), for logs."""
        return f"Warehouse({str(self.root)!r}, engine={str(self.choice)!r})"

    @property
    def engine_name(self) -> str:
        """``duckdb``, ``spark`` or the URL engine's dialect name (``postgresql``, ``databricks``, …)."""
        return self.choice.kind if self.choice.kind != "url" else self.backend.dialect.name

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine of a DuckDB or URL warehouse (Spark runs through pyspark instead)."""
        engine = getattr(self.backend, "engine", None)
        if engine is None:
            raise TypeError(f"a {self.choice.kind} warehouse has no SQLAlchemy engine")
        return engine

    def _reading(self):
        return committed(self.root) if self.backend.local_files else nullcontext()

    def run(self, statement: Select) -> tuple[list[str], list[tuple]]:
        """Run a Core SELECT at the last committed state: column names and rows.

        Callers go through a :class:`ScopedReader`, which checks the statement's scope first.
        With a ``statement_cache`` the rows of a statement already run on the same data version
        within :data:`RESULT_TTL_SECONDS` are answered from memory.
        """
        key = self._results.key(statement, self.data_version()) if self._results is not None else None
        if key is not None:
            found = self._results.get(key)
            if found is not None:
                return found
        with self._reading():
            columns, rows = self.backend.rows(statement)
        if key is not None:
            self._results.put(key, columns, rows)
        return columns, rows

    def compile(self, statement: Select) -> CompiledStatement:
        """``statement`` as this warehouse's engine receives it (SQL text and bound parameters)."""
        return compile_statement(statement, self.backend.dialect)

    def refresh(self) -> None:
        """Make new files (a committed import) visible to the next statement."""
        self.backend.refresh()

    @contextmanager
    def consistent(self) -> Iterator[None]:
        """Hold one committed state across the statements run in the block (no commit lands meanwhile)."""
        with self._reading():
            yield

    def exists(self) -> bool:
        """Whether the warehouse holds data (at least the unit dimension)."""
        if self.backend.local_files:
            with committed(self.root):
                return _has_files(self.root, "unit")
        try:
            return bool(self.run(select(func.count()).select_from(schema.unit))[1][0][0])
        except SQLAlchemyError:
            return False

    def data_version(self) -> str:
        """A token that changes whenever a write lands (for cache invalidation).

        A commit adds a file to ``import_batch/``, which changes the folder's modification time;
        while that time stays the same the token read last is still the answer."""
        if not self.backend.local_files:
            batches = schema.import_batch.c
            _, rows = self.run(
                select(func.count(), func.max(batches.imported_at), func.max(batches.batch_id))
            )
            return ":".join(str(value) for value in rows[0])
        batches = self.root / "import_batch"
        try:
            stamp = batches.stat().st_mtime_ns
        except FileNotFoundError:
            stamp = None
        known = self._version
        if stamp is not None and known is not None and known[0] == stamp:
            return known[1]  # no batch file added or removed since: the folder's mtime is the same
        with committed(self.root):
            if not batches.is_dir():
                return "empty"
            stamp = batches.stat().st_mtime_ns
            names = sorted(p.name for p in batches.glob("*.parquet"))
        version = f"{len(names)}:{names[-1] if names else ''}"
        # Trusted only once the folder's time is safely past: on a file system with coarse times a
        # second commit within the same tick would leave the time unchanged.
        self._version = (stamp, version) if time.time_ns() - stamp > MTIME_MARGIN_NS else None
        return version

    def reader(self, scope: Scope) -> ScopedReader:
        """A reader that sees only the rows ``scope`` allows."""
        return ScopedReader(self, scope)

    def benchmark_reader(self) -> ScopedReader:
        """A reader over every row that returns only aggregates above unit level.

        Used for the service and city comparison figures a unit manager sees beside their own
        unit: statements selecting or grouping by a unit or row identifier are refused.
        """
        return ScopedReader(self, Scope.everything(), aggregate_only=True)


class ScopedReader:
    """Builds and runs queries over the warehouse within one Scope."""

    def __init__(self, warehouse: Warehouse, scope: Scope, aggregate_only: bool = False) -> None:
        self.warehouse = warehouse
        self.scope = scope
        self._guard = ScopeGuard(scope, aggregate_only)
        self.aggregate_only = aggregate_only
        """Whether statements selecting or grouping by unit or row ids are refused."""

    def table(self, name: str):
        """The named table; fact tables come back as a subquery filtered to the scope.

        Raises ScopeViolation for ``open_text`` when the scope has no open text.
        """
        return self._guard.scoped(name)

    def fetch(self, statement: Select) -> pd.DataFrame:
        """Run a Core SELECT (bound parameters only) and return the rows as a DataFrame."""
        self._guard.check(statement)
        columns, rows = self.warehouse.run(statement)
        return pd.DataFrame(rows, columns=columns)

    def scalar(self, statement: Select):
        """Run a Core SELECT that returns one value."""
        self._guard.check(statement)
        _, rows = self.warehouse.run(statement)
        return rows[0][0] if rows else None

    def dimension(self, name: str) -> pd.DataFrame:
        """Every row of a dimension table (dimensions are not scoped)."""
        spec = schema.TABLES[name]
        if spec.scoped:
            raise ScopeViolation(f"{name!r} is a fact table, not a dimension")
        return self.fetch(select(spec.table))

    def units(self) -> pd.DataFrame:
        """The unit dimension limited to the units this scope may see."""
        unit = schema.unit
        statement = select(unit)
        if self.scope.unit_ids is not None:
            statement = statement.where(unit.c.unit_id.in_(sorted(self.scope.unit_ids)))
        return self.fetch(statement.order_by(unit.c.unit_id))
