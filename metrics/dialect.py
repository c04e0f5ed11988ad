"""The one place for SQL that differs between engines: time bucketing and calendar parts.

``date_trunc`` and ``EXTRACT(hour | isodow FROM …)`` run unchanged on DuckDB and PostgreSQL
(and Spark SQL); another engine needs only this module changed. The grain and the part are
rendered inline from fixed allow-lists, so GROUP BY sees the same expression as SELECT.
"""

from __future__ import annotations

from sqlalchemy import Date, cast, extract, func, literal
from sqlalchemy.sql import ColumnElement

from metrics.spec import CALENDAR_GRAINS


def bucket(column: ColumnElement, grain: str) -> ColumnElement:
    """The first day of the ``grain`` bucket holding ``column`` (weeks start on Monday)."""
    if grain not in CALENDAR_GRAINS:
        raise ValueError(f"not a calendar grain: {grain!r}")
    return cast(func.date_trunc(literal(grain, literal_execute=True), column), Date)


def hour(column: ColumnElement) -> ColumnElement:
    """Hour of day 0–23 of a timestamp column."""
    return extract("hour", column)


def isodow(column: ColumnElement) -> ColumnElement:
    """ISO day of week 1 (Monday) … 7 (Sunday); callers subtract 1 after fetching."""
    return extract("isodow", column)


def as_date(column: ColumnElement) -> ColumnElement:
    """The calendar date of a timestamp column."""
    return cast(column, Date)
