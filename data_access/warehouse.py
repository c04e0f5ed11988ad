"""The read side of the warehouse: DuckDB in-process views over Parquet, behind SQLAlchemy.

Every pooled DuckDB connection is its own in-memory database, so the views are created on
each new connection (a ``connect`` event). The connection is locked down: no extension
downloads, no file access outside the warehouse, configuration frozen.

Readers see only committed batches. The views read the Parquet files in place, so every
read (registering the views, each statement, :meth:`Warehouse.exists`, the data version)
runs inside :func:`data_access.journal.committed`: it holds the warehouse's commit lock
shared, so it waits while a writer moves a batch into place (milliseconds), and a commit
that a killed writer left half done is rolled back before anything is read. Each statement
is consistent on its own; :meth:`Warehouse.consistent` holds one committed state across
several statements (``cli.py info`` counts every table in one). A DuckDB view expands its
file glob when a statement runs, so a pooled connection sees each new commit without a
refresh once the table has files.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql import Select

from data_access import schema
from data_access.guard import ScopeGuard, ScopeViolation
from data_access.journal import committed
from data_access.scope import Scope

DEFAULT_WAREHOUSE = Path("var/warehouse")
WAREHOUSE_ENV = "JOHDON_WAREHOUSE"


def default_path() -> Path:
    """The warehouse folder: ``$JOHDON_WAREHOUSE`` or ``var/warehouse``."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)


def table_glob(root: Path, name: str) -> str:
    """The Parquet glob of one table folder."""
    spec = schema.TABLES[name]
    pattern = "**/*.parquet" if spec.date_column else "*.parquet"
    return str(root / name / pattern)


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _has_files(root: Path, name: str) -> bool:
    folder = root / name
    return folder.is_dir() and any(folder.rglob("*.parquet"))


def _view_sql(root: Path, name: str, existing_columns: set[str] | None) -> str:
    """CREATE VIEW text for one table; identifiers come from the schema, never from input."""
    table = schema.TABLES[name].table
    casts = []
    for column in table.columns:
        target = schema.duckdb_type(column)
        if existing_columns is not None and column.name in existing_columns:
            casts.append(f"CAST({_quoted(column.name)} AS {target}) AS {_quoted(column.name)}")
        else:
            casts.append(f"CAST(NULL AS {target}) AS {_quoted(column.name)}")
    columns = ", ".join(casts)
    if existing_columns is None:
        return f"CREATE OR REPLACE VIEW {_quoted(name)} AS SELECT {columns} WHERE false"
    source = (
        f"read_parquet({_sql_literal(table_glob(root, name))}, "
        f"hive_partitioning={'true' if schema.TABLES[name].date_column else 'false'}, union_by_name=true)"
    )
    return f"CREATE OR REPLACE VIEW {_quoted(name)} AS SELECT {columns} FROM {source}"


def _lock_down(cursor, root: Path) -> None:
    cursor.execute("SET autoinstall_known_extensions=false")
    cursor.execute("SET autoload_known_extensions=false")
    cursor.execute("SET allowed_directories=$1", [[str(root) + os.sep]])
    cursor.execute("SET enable_external_access=false")
    cursor.execute("SET lock_configuration=true")


def _register_views(dbapi_connection, root: Path) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for name in schema.TABLES:
            existing = None
            if _has_files(root, name):
                probe = (
                    f"DESCRIBE SELECT * FROM read_parquet({_sql_literal(table_glob(root, name))}, "
                    f"hive_partitioning={'true' if schema.TABLES[name].date_column else 'false'}, "
                    "union_by_name=true)"
                )
                cursor.execute(probe)
                existing = {row[0] for row in cursor.fetchall()}
            cursor.execute(_view_sql(root, name, existing))
        _lock_down(cursor, root)
    finally:
        cursor.close()


class Warehouse:
    """A Parquet warehouse opened for reading through SQLAlchemy Core on DuckDB.

    Use :meth:`reader` with the caller's :class:`Scope` to query; the reader refuses any
    statement that reads a fact table except through its scoped views.
    """

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_path()
        self.root = self.root.resolve()
        self._lock = threading.Lock()
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine; views are registered on each new pooled connection."""
        with self._lock:
            if self._engine is None:
                self._engine = self._create_engine()
            return self._engine

    def _create_engine(self) -> Engine:
        engine = create_engine("duckdb:///:memory:", poolclass=QueuePool, pool_size=4, max_overflow=8)
        root = self.root

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:
            with committed(root):
                _register_views(dbapi_connection, root)

        return engine

    def refresh(self) -> None:
        """Drop pooled connections so new files (a committed import) become visible."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    @contextmanager
    def consistent(self) -> Iterator[None]:
        """Hold one committed state across the statements run in the block (no commit lands meanwhile)."""
        with committed(self.root):
            yield

    def exists(self) -> bool:
        """Whether the folder holds a warehouse (at least the unit dimension)."""
        with committed(self.root):
            return _has_files(self.root, "unit")

    def data_version(self) -> str:
        """A token that changes whenever a write lands (for cache invalidation)."""
        batches = self.root / "import_batch"
        with committed(self.root):
            if not batches.is_dir():
                return "empty"
            names = sorted(p.name for p in batches.glob("*.parquet"))
        return f"{len(names)}:{names[-1] if names else ''}"

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
        with committed(self.warehouse.root), self.warehouse.engine.connect() as connection:
            result = connection.execute(statement)
            rows = [tuple(row) for row in result.fetchall()]  # plain tuples: pandas probes Row slowly
            return pd.DataFrame(rows, columns=list(result.keys()))

    def scalar(self, statement: Select):
        """Run a Core SELECT that returns one value."""
        self._guard.check(statement)
        with committed(self.warehouse.root), self.warehouse.engine.connect() as connection:
            return connection.execute(statement).scalar()

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
