"""The sources: each fact table, declared once, as the metrics read it.

A :class:`SourceDef` says which fact table a channel's metrics read, what one row is, its date
column and how fine its dates are, the dimension tables joined to it, the expression behind
each dimension, the conditions every query of it applies, and the derived columns measures may
read. :meth:`SourceDef.build` turns it into a :class:`metrics.plan.Source` on the reader's
scoped subqueries; :class:`SqlRow` is the row that catalog expressions read it through.

Column references are ``"column"`` (the fact table's) or ``"table.column"`` (a joined table's); a
tuple of them is their ``coalesce``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Double, Float, Integer, Numeric, case, cast, func
from sqlalchemy.sql import ColumnElement

from data_access.vocabulary import QUICK_FEEDBACK_SCALES
from metrics import dialect
from metrics.dimensions import ORG_DIMENSIONS
from metrics.measures import Expression
from metrics.plan import RESOLUTIONS, Source, used_dimensions
from metrics.spec import QuerySpec


@dataclass(frozen=True)
class Join:
    """A dimension table joined to the fact table on a column both have."""

    table: str
    on: str
    inner: bool = False
    only_for: frozenset[str] | None = None
    """Joined only when the query uses one of these dimensions (None: always)."""


@dataclass(frozen=True)
class Condition:
    """A condition every query of the source applies, unless the spec flag ``unless`` is set."""

    keep: Expression
    unless: str | None = None


@dataclass(frozen=True)
class DateOf:
    """The calendar date of a timestamp column (what day-based measures tally by)."""

    column: str

    def sql(self, columns: Mapping[str, ColumnElement]) -> ColumnElement:
        """The date in SQL."""
        return dialect.as_date(columns[self.column])

    def tallied(self, columns: Mapping[str, ColumnElement]) -> ColumnElement:
        """What a tallied measure groups by: the date."""
        return self.sql(columns)

    def values(self, fetched: pd.Series) -> np.ndarray:
        """The fetched dates as ``datetime64[D]`` (NaT where unknown)."""
        return pd.to_datetime(fetched).to_numpy(dtype="datetime64[D]")


@dataclass(frozen=True)
class Lookup:
    """A number looked up from a code column (a scale's number of buttons)."""

    column: str
    table: Mapping[str, int]

    def sql(self, columns: Mapping[str, ColumnElement]) -> ColumnElement:
        """The looked-up number in SQL (a CASE over the codes)."""
        return case(dict(self.table), value=columns[self.column])

    def tallied(self, columns: Mapping[str, ColumnElement]) -> ColumnElement:
        """What a tallied measure groups by: the code itself, looked up after counting."""
        return columns[self.column]

    def values(self, fetched: pd.Series) -> np.ndarray:
        """The numbers of the fetched codes."""
        return fetched.map(self.table).to_numpy(dtype=float)


Derived = DateOf | Lookup


@dataclass(frozen=True)
class SourceDef:
    """One fact table as the metrics read it (see the module docstring)."""

    name: str
    table: str
    channel: str | None
    """The channel whose data-through date the source's metrics carry (None: exposure only)."""
    rows: str
    """What one row is, in formulas: ``presses``, ``answers``, ``cases``."""
    date: str
    resolution: str
    """``timestamp`` (date and time), ``day`` or ``month`` (one row per month)."""
    dimensions: Mapping[str, str | tuple[str, ...]]
    joins: tuple[Join, ...] = ()
    conditions: tuple[Condition, ...] = ()
    derived: Mapping[str, Derived] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.resolution not in RESOLUTIONS:
            raise ValueError(f"unknown resolution {self.resolution!r}; expected one of {RESOLUTIONS}")

    def build(self, reader, spec: QuerySpec) -> Source:
        """The source on ``reader``'s scoped tables, with the joins ``spec`` needs."""
        fact = reader.table(self.table)
        tables = {self.table: fact}
        from_ = fact
        used = used_dimensions(spec)
        for join in self.joins:
            if join.only_for is None or used & join.only_for:
                table = reader.table(join.table)
                on = table.c[join.on] == fact.c[join.on]
                from_ = from_.join(table, on) if join.inner else from_.outerjoin(table, on)
                tables[join.table] = table
        columns: dict[str, ColumnElement] = {}
        for table in reversed(tables.values()):  # the fact table's own columns win
            columns |= {column.name: column for column in table.c}
        columns |= {name: derived.sql(columns) for name, derived in self.derived.items()}
        dims = {}
        for dimension, reference in self.dimensions.items():
            resolved = _resolve(reference, tables, self.table)
            if resolved is not None:
                dims[dimension] = resolved
        row = SqlRow(columns, self.rows)
        conditions = [c.keep(row) for c in self.conditions if not (c.unless and getattr(spec, c.unless))]
        return Source(
            from_=from_,
            fact=fact,
            date=fact.c[self.date],
            resolution=self.resolution,
            year=fact.c.year,
            dims=dims,
            conditions=conditions,
            columns=columns,
            rows=self.rows,
        )

    def tallied(self, name: str, source: Source) -> ColumnElement:
        """What a tallied measure reading column ``name`` makes the engine group by."""
        if name in self.derived:
            return self.derived[name].tallied(source.columns)
        return _column(source.columns, name, self.rows)

    def values(self, name: str, fetched: pd.Series) -> np.ndarray:
        """The fetched tally values of column ``name`` as a TallyRow holds them."""
        if name in self.derived:
            return self.derived[name].values(fetched)
        if pd.api.types.is_bool_dtype(fetched) or not pd.api.types.is_numeric_dtype(fetched):
            return fetched.to_numpy()
        return fetched.to_numpy(dtype=float)


def _resolve(reference: str | tuple[str, ...], tables: dict, fact_name: str) -> ColumnElement | None:
    """A dimension's expression, or None when a table it reads is not joined."""
    if isinstance(reference, tuple):
        parts = [_resolve(part, tables, fact_name) for part in reference]
        return None if any(p is None for p in parts) else func.coalesce(*parts)
    table_name, _, column = reference.rpartition(".")
    table = tables.get(table_name or fact_name)
    return None if table is None else table.c[column]


def _column(columns: Mapping[str, ColumnElement], name: str, rows: str) -> ColumnElement:
    try:
        return columns[name]
    except KeyError:
        raise AttributeError(
            f"{rows} have no column {name!r} (only tallied measures call days, working_days and known)"
        ) from None


class SqlRow:
    """A row of a built source as SQL: catalog expressions called with it build the statement.

    Numbers come cast to DOUBLE, so every measure is computed in floating point on every engine
    (an integer ``/`` truncates on some, and SQLAlchemy casts it to NUMERIC on others).
    """

    def __init__(self, columns: Mapping[str, ColumnElement], rows: str = "rows") -> None:
        self._columns = columns
        self._rows = rows

    def __getattr__(self, name: str) -> ColumnElement:
        if name.startswith("_"):
            raise AttributeError(name)
        column = _column(self._columns, name, self._rows)
        if isinstance(column.type, Integer | Numeric | Float):
            return cast(column, Double)
        return column


_ORG = {"service": "unit.service_id", "service_area": "unit.service_area_id"}
_ORG_OF_ROW_OR_UNIT = {
    "service_area": ("service_area_id", "unit.service_area_id"),
    "service": "unit.service_id",
    "unit": "unit_id",
}
"""The organisation of a record that names its own area (else its unit's)."""
UNIT_WHEN_NEEDED = Join("unit", on="unit_id", only_for=ORG_DIMENSIONS)

QUICK_FEEDBACK = SourceDef(
    name="quick_feedback",
    table="quick_feedback",
    channel="quick_feedback",
    rows="presses",
    date="ts",
    resolution="timestamp",
    joins=(UNIT_WHEN_NEEDED,),
    dimensions={
        "unit": "unit_id",
        **_ORG,
        "channel": "channel",
        "scale": "scale",
        "button": "button_index",
    },
    conditions=(Condition(lambda press: press.misuse.is_not(True), unless="include_misuse"),),
    derived={"scale_points": Lookup("scale", QUICK_FEEDBACK_SCALES)},
)
"""Button presses (HappyOrNot and the like): one row per press."""

SURVEYS = SourceDef(
    name="survey",
    table="survey_answer",
    channel="survey",
    rows="answers",
    date="answered_on",
    resolution="day",
    joins=(Join("survey_item", on="item_id", inner=True), UNIT_WHEN_NEEDED),
    dimensions={
        "unit": "unit_id",
        **_ORG,
        "survey": "survey_item.survey_id",
        "item": "item_id",
        "theme": "survey_item.theme",
        "channel": "channel",
        "language": "language",
        "respondent_role": "respondent_role",
        "age_group": "age_group",
        "provider": "provider",
    },
    conditions=(Condition(lambda answer: answer.value.is_not(None)),),
)
"""Customer surveys in long format: one row per answered statement ("en osaa sanoa" is null)."""

FEEDBACK = SourceDef(
    name="feedback",
    table="feedback",
    channel="feedback",
    rows="feedback",
    date="received_at",
    resolution="timestamp",
    joins=(Join("unit", on="unit_id"),),
    dimensions={
        **_ORG_OF_ROW_OR_UNIT,
        "feedback_type": "feedback_type",
        "category": "category",
        "topic": "topic",
        "channel": "channel",
        "language": "language",
    },
    derived={"received": DateOf("received_at"), "answered": DateOf("answered_at")},
)
"""The city feedback system: one row per feedback item (the area from the row, else its unit's)."""

CASES = SourceDef(
    name="case",
    table="case",
    channel="case",
    rows="cases",
    date="received_on",
    resolution="day",
    joins=(Join("unit", on="unit_id"),),
    dimensions={
        **_ORG_OF_ROW_OR_UNIT,
        "case_kind": "case_kind",
        "reason": "reason",
        "outcome": "outcome",
    },
)
"""Formal cases (muistutus, kantelu, muutoksenhaku): one row per case."""

VISITS = SourceDef(
    name="visits",
    table="visits",
    channel=None,
    rows="visits",
    date="month",
    resolution="month",
    joins=(Join("unit", on="unit_id", inner=True, only_for=ORG_DIMENSIONS),),
    dimensions={"unit": "unit_id", **_ORG},
)
"""Monthly visits per unit: what cases are counted per."""

OMBUDSMAN = SourceDef(
    name="ombudsman",
    table="ombudsman_contact",
    channel="ombudsman",
    rows="contacts",
    date="contacted_on",
    resolution="day",
    dimensions={"service_area": "service_area_id", "sector": "sector", "topic": "topic"},
)
"""Contacts to the social and patient ombudsman: one row per contact."""

# --- themes of open feedback (issue 15): one row per text × theme, derived from open_text ----------
THEMES = SourceDef(
    name="themes",
    table="feedback_theme",
    channel="themes",
    rows="texts",
    date="received_on",
    resolution="day",
    joins=(Join("unit", on="unit_id"),),
    dimensions={
        **_ORG_OF_ROW_OR_UNIT,
        "theme": "theme",
        "sentiment": "sentiment",
        "text_source": "source",
        "feedback_type": "feedback_type",
        "category": "category",
        "language": "language",
    },
)
"""Themes of open feedback (data_access/themes): one row per text and theme it mentions."""

SOURCES: dict[str, SourceDef] = {
    s.name: s for s in (QUICK_FEEDBACK, SURVEYS, FEEDBACK, CASES, VISITS, OMBUDSMAN, THEMES)
}
