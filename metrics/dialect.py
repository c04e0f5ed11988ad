"""The one place for SQL that differs between engines: time bucketing and calendar parts.

Metric statements are built once, without knowing the engine; each expression here is a small
SQL element that renders itself for the dialect it is compiled with (SQLAlchemy ``@compiles``),
so the same Core statement runs on the embedded DuckDB, on PostgreSQL and on Spark SQL
(``databricks`` is the dialect name of databricks-sqlalchemy, which ``data_access.spark`` uses
to compile for Spark):

============  ==================================  =========================================
expression    DuckDB, PostgreSQL (the default)    Spark SQL
============  ==================================  =========================================
bucket        ``CAST(date_trunc('week', x) AS     ``trunc(CAST(x AS DATE), 'WEEK')``; a day is
              DATE)``                             ``CAST(x AS DATE)``
hour          ``EXTRACT(hour FROM x)``            ``EXTRACT(HOUR FROM x)``
isodow        ``EXTRACT(isodow FROM x)``          ``EXTRACT(DAYOFWEEK_ISO FROM x)`` (Spark 4.3
                                                  refuses ``isodow``: INVALID_EXTRACT_FIELD)
as_date       ``CAST(x AS DATE)``                 ``CAST(x AS DATE)``
============  ==================================  =========================================

Timestamps are local wall-clock times (Europe/Helsinki) stored without a zone. On Spark they
are read as ``TIMESTAMP_NTZ`` (``data_access.spark``), and the Spark forms above never pass
through a zoned ``TIMESTAMP``: ``date_trunc`` returns one, converted by the session time zone
(a Monday week start came back as Sunday 22:00), while ``trunc`` of the ``DATE`` does not.
The grain and the part are rendered inline from fixed allow-lists (never from input), so
GROUP BY sees the same expression as SELECT.
"""

from __future__ import annotations

from sqlalchemy import Date, Integer, cast, extract, func, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal

from metrics.spec import CALENDAR_GRAINS

SPARK_DIALECTS = ("databricks",)
"""Dialect names compiled as Spark SQL."""


class _Bucket(FunctionElement):
    """The first day of the calendar bucket holding a date or timestamp."""

    type = Date()
    name = "bucket"
    inherit_cache = True
    _traverse_internals = [
        *FunctionElement._traverse_internals,
        ("grain", InternalTraversal.dp_string),
    ]

    def __init__(self, column: ColumnElement, grain: str) -> None:
        if grain not in CALENDAR_GRAINS:
            raise ValueError(f"not a calendar grain: {grain!r}")
        self.grain = grain
        super().__init__(column)


class _IsoDow(FunctionElement):
    """ISO day of week 1 (Monday) … 7 (Sunday)."""

    type = Integer()
    name = "isodow"
    inherit_cache = True


def _argument(element: FunctionElement) -> ColumnElement:
    return next(iter(element.clauses))


@compiles(_Bucket)
def _bucket_default(element: _Bucket, compiler: SQLCompiler, **kw) -> str:
    truncated = func.date_trunc(literal_column(f"'{element.grain}'"), _argument(element))
    return compiler.process(cast(truncated, Date), **kw)


@compiles(_IsoDow)
def _isodow_default(element: _IsoDow, compiler: SQLCompiler, **kw) -> str:
    return compiler.process(extract("isodow", _argument(element)), **kw)


def _bucket_spark(element: _Bucket, compiler: SQLCompiler, **kw) -> str:
    day = cast(_argument(element), Date)
    if element.grain == "day":
        return compiler.process(day, **kw)
    return compiler.process(func.trunc(day, literal_column(f"'{element.grain.upper()}'")), **kw)


def _isodow_spark(element: _IsoDow, compiler: SQLCompiler, **kw) -> str:
    return f"EXTRACT(DAYOFWEEK_ISO FROM {compiler.process(_argument(element), **kw)})"


for _name in SPARK_DIALECTS:
    compiles(_Bucket, _name)(_bucket_spark)
    compiles(_IsoDow, _name)(_isodow_spark)


def bucket(column: ColumnElement, grain: str) -> ColumnElement:
    """The first day of the ``grain`` bucket holding ``column`` (weeks start on Monday)."""
    return _Bucket(column, grain)


def hour(column: ColumnElement) -> ColumnElement:
    """Hour of day 0–23 of a timestamp column (the same SQL on every engine)."""
    return extract("hour", column)


def isodow(column: ColumnElement) -> ColumnElement:
    """ISO day of week 1 (Monday) … 7 (Sunday); callers subtract 1 after fetching."""
    return _IsoDow(column)


def as_date(column: ColumnElement) -> ColumnElement:
    """The calendar date of a timestamp column."""
    return cast(column, Date)
