"""Mechanical enforcement of row-level scope on every query a reader runs.

Fact tables are only readable through subqueries this guard builds (the scope's filter
inside). Before a statement runs, the guard walks it: a fact table reached any other way
is refused, so a caller cannot bypass the scope by mistake or on purpose. A scope without
open text (a presenter's) is refused the ``open_text`` table in any form.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, and_, false, or_, select
from sqlalchemy.sql import ClauseElement, Select
from sqlalchemy.sql.elements import ColumnClause
from sqlalchemy.sql.selectable import Subquery

from data_access import schema
from data_access.scope import Scope

ROW_IDENTIFIERS = frozenset(
    {"unit_id", "touchpoint_id", "feedback_id", "response_id", "case_id", "contact_id", "record_id"}
)
OPEN_TEXT_TABLE = "open_text"


class ScopeViolation(PermissionError):
    """A statement tried to read fact rows outside the caller's scope."""


def _refuse_open_text(scope: Scope) -> None:
    if not scope.open_text:
        raise ScopeViolation(
            f"the {OPEN_TEXT_TABLE!r} table is not readable in this scope: "
            "open-text feedback is never shown to presenters"
        )


def scope_condition(table: Table, scope: Scope) -> ColumnElement[bool] | None:
    """The WHERE condition that limits one fact table to a scope (None: no limit)."""
    if scope.unit_ids is None:
        return None
    columns = table.c
    area_ids = sorted(scope.service_area_ids)
    unit_ids = sorted(scope.unit_ids)
    if "unit_id" not in columns:
        return columns.service_area_id.in_(area_ids) if area_ids else false()
    visible_units = columns.unit_id.in_(unit_ids)
    if "service_area_id" in columns and area_ids:
        unitless_rows = and_(columns.unit_id.is_(None), columns.service_area_id.in_(area_ids))
        return or_(visible_units, unitless_rows)
    return visible_units


class ScopeGuard:
    """Hands out scoped fact subqueries and verifies statements use only those."""

    def __init__(self, scope: Scope, aggregate_only: bool = False) -> None:
        self.scope = scope
        self.aggregate_only = aggregate_only
        self._issued: dict[str, Subquery] = {}

    def scoped(self, name: str):
        """The table for ``name``: dimensions as they are, facts filtered to the scope."""
        spec = schema.TABLES[name]
        if name == OPEN_TEXT_TABLE:
            _refuse_open_text(self.scope)
        if not spec.scoped:
            return spec.table
        if name not in self._issued:
            condition = scope_condition(spec.table, self.scope)
            statement = select(spec.table)
            if condition is not None:
                statement = statement.where(condition)
            self._issued[name] = statement.subquery(f"{name}_in_scope")
        return self._issued[name]

    def check(self, statement: Select) -> None:
        """Raise ScopeViolation if the statement reads a fact table outside its scope."""
        issued = {id(subquery) for subquery in self._issued.values()}
        for element in _walk(statement, issued, set()):
            if isinstance(element, Table) and element.name == OPEN_TEXT_TABLE:
                _refuse_open_text(self.scope)
            if isinstance(element, Table) and element.name in schema.FACT_TABLES:
                raise ScopeViolation(f"fact table {element.name!r} read outside the caller's scope")
        if self.aggregate_only:
            self._check_aggregate(statement)

    @staticmethod
    def _check_aggregate(statement: Select) -> None:
        exposed = {column.name for column in statement.selected_columns} & ROW_IDENTIFIERS
        grouped = {
            getattr(clause, "name", None) for clause in statement._group_by_clause.clauses
        } & ROW_IDENTIFIERS
        if exposed or grouped:
            raise ScopeViolation(
                f"benchmark queries return aggregates only, not by {sorted(exposed | grouped)}"
            )


def _walk(element: ClauseElement, skip: set[int], seen: set[int]):
    """Every clause element reachable from ``element``, not descending into ``skip``."""
    if id(element) in seen or id(element) in skip:
        return
    seen.add(id(element))
    yield element
    if isinstance(element, ColumnClause) and element.table is not None:
        yield from _walk(element.table, skip, seen)
    for child in element.get_children():
        yield from _walk(child, skip, seen)
