"""The warehouse data model of DESIGN.md §3, declared once.

The folder and column names here are a public contract: any Parquet files laid out as
``<warehouse>/<table>/[year=YYYY/]*.parquet`` with these columns are read, extra columns
are ignored. Tables are declared explicitly because duckdb-engine cannot reflect views.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, MetaData, String, Table

metadata = MetaData()


def _table(name: str, *columns: Column) -> Table:
    return Table(name, metadata, *columns)


# --- dimensions -------------------------------------------------------------------------

service_area = _table(
    "service_area",
    Column("service_area_id", String, nullable=False),
    Column("name_fi", String, nullable=False),
    Column("name_sv", String, nullable=False),
    Column("name_en", String, nullable=False),
)

service = _table(
    "service",
    Column("service_id", String, nullable=False),
    Column("service_area_id", String, nullable=False),
    Column("name_fi", String, nullable=False),
    Column("name_sv", String, nullable=False),
    Column("name_en", String, nullable=False),
)

unit = _table(
    "unit",
    Column("unit_id", String, nullable=False),
    Column("name_fi", String, nullable=False),
    Column("name_sv", String, nullable=False),
    Column("name_en", String, nullable=False),
    Column("service_id", String, nullable=False),
    Column("service_area_id", String, nullable=False),
    Column("district", String),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("oid", String),
)
"""``oid``: the unit's OID in the SOTE organisation register (``1.2.246.10.…``), optional."""

source_unit_map = _table(
    "source_unit_map",
    Column("source", String, nullable=False),
    Column("source_key", String, nullable=False),
    Column("unit_id", String, nullable=False),
)

survey = _table(
    "survey",
    Column("survey_id", String, nullable=False),
    Column("name_fi", String, nullable=False),
    Column("name_sv", String, nullable=False),
    Column("name_en", String, nullable=False),
)

survey_item = _table(
    "survey_item",
    Column("item_id", String, nullable=False),
    Column("survey_id", String, nullable=False),
    Column("text_fi", String, nullable=False),
    Column("text_sv", String),
    Column("text_en", String),
    Column("text_sme", String),
    Column("text_smn", String),
    Column("text_sms", String),
    Column("scale_min", Integer, nullable=False),
    Column("scale_max", Integer, nullable=False),
    Column("kind", String, nullable=False),
    Column("theme", String),
)

happyornot_survey = _table(
    "happyornot_survey",
    Column("survey_id", String, nullable=False),
    Column("feedback_scale", String, nullable=False),
    Column("index_type", String),
    Column("name", String),
)
"""HappyOrNot surveys as the Customer API lists them: ``feedback_scale`` four, five, five_reversed, nps."""

happyornot_point = _table(
    "happyornot_point",
    Column("point_id", String, nullable=False),
    Column("name", String),
    Column("parent_id", String),
    Column("point_type", String),
)
"""HappyOrNot's experience-point tree: ``point_type`` GROUP or EXPERIENCE-POINT, ``parent_id`` its group."""

# --- events on the timeline (issue 12) -----------------------------------------------------

event = _table(
    "event",
    Column("event_id", String, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("scope", String, nullable=False),
    Column("scope_id", String),
    Column("kind", String, nullable=False),
    Column("text_fi", String, nullable=False),
    Column("text_sv", String),
    Column("text_en", String),
)
"""Dated events that explain a trend (a channel starting, terminals removed, a theme year): from
``starts_on`` to the optional ``ends_on``, concerning ``scope`` all, service_area, service or
unit (``scope_id``); not scoped, like the organisation's names (data_access/events.py)."""

# --- facts ------------------------------------------------------------------------------

quick_feedback = _table(
    "quick_feedback",
    Column("feedback_id", String, nullable=False),
    Column("ts", DateTime, nullable=False),
    Column("unit_id", String, nullable=False),
    Column("touchpoint_id", String),
    Column("question_id", String),
    Column("scale", String, nullable=False),
    Column("button_index", Integer, nullable=False),
    Column("channel", String, nullable=False),
    Column("misuse", Boolean, nullable=False),
    Column("batch_id", String, nullable=False),
    Column("year", Integer, nullable=False),
)

survey_answer = _table(
    "survey_answer",
    Column("response_id", String, nullable=False),
    Column("item_id", String, nullable=False),
    Column("value", Float),
    Column("answered_on", Date, nullable=False),
    Column("unit_id", String, nullable=False),
    Column("respondent_role", String),
    Column("language", String),
    Column("channel", String),
    Column("age_group", String),
    Column("provider", String),
    Column("batch_id", String, nullable=False),
    Column("year", Integer, nullable=False),
)

feedback = _table(
    "feedback",
    Column("feedback_id", String, nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("answered_at", DateTime),
    Column("closed_at", DateTime),
    Column("unit_id", String),
    Column("service_area_id", String),
    Column("feedback_type", String, nullable=False),
    Column("category", String),
    Column("topic", String),
    Column("channel", String),
    Column("language", String),
    Column("contact_requested", Boolean),
    Column("status", String),
    Column("updated_at", DateTime),
    Column("batch_id", String, nullable=False),
    Column("year", Integer, nullable=False),
)
"""``updated_at``: the source's own update time of the record (Open311 ``updated_datetime``)."""

case = _table(
    "case",
    Column("case_id", String, nullable=False),
    Column("case_kind", String, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("decided_on", Date),
    Column("service_area_id", String),
    Column("unit_id", String),
    Column("reason", String),
    Column("outcome", String),
    Column("updated_at", DateTime),
    Column("batch_id", String, nullable=False),
    Column("year", Integer, nullable=False),
)
"""``updated_at``: the register's update time of the case; where the export has none, the decision date."""

ombudsman_contact = _table(
    "ombudsman_contact",
    Column("contact_id", String, nullable=False),
    Column("contacted_on", Date, nullable=False),
    Column("sector", String, nullable=False),
    Column("topic", String),
    Column("matters", Integer, nullable=False),
    Column("service_area_id", String),
    Column("batch_id", String, nullable=False),
    Column("year", Integer, nullable=False),
)

visits = _table(
    "visits",
    Column("unit_id", String, nullable=False),
    Column("month", Date, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("batch_id", String, nullable=False),
    Column("year", Integer, nullable=False),
)

open_text = _table(
    "open_text",
    Column("source", String, nullable=False),
    Column("record_id", String, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("unit_id", String),
    Column("service_area_id", String),
    Column("text", String, nullable=False),
    Column("batch_id", String, nullable=False),
    Column("year", Integer, nullable=False),
)

feedback_theme = _table(
    "feedback_theme",
    Column("source", String, nullable=False),
    Column("record_id", String, nullable=False),
    Column("theme", String, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("unit_id", String),
    Column("service_area_id", String),
    Column("sentiment", String, nullable=False),
    Column("feedback_type", String),
    Column("category", String),
    Column("language", String),
    Column("words", String, nullable=False),
    Column("lemmas", String, nullable=False),
    Column("lexicon_version", String, nullable=False),
    Column("batch_id", String, nullable=False),
    Column("year", Integer, nullable=False),
)
"""Derived from ``open_text`` (data_access/themes): one row per text × theme of the lexicon, with
the lexicon ``words`` and the text's ``lemmas`` that matched (``, ``-separated) — what explains the
count. ``sentiment`` comes from the record's own label (feedback type, button, NPS band):
positive, negative, neutral or unknown. Written and deleted with its text (retention)."""

import_batch = _table(
    "import_batch",
    Column("batch_id", String, nullable=False),
    Column("source", String, nullable=False),
    Column("file_name", String, nullable=False),
    Column("sha256", String, nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("imported_by", String, nullable=False),
    Column("rows_in", Integer, nullable=False),
    Column("rows_accepted", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    Column("status", String, nullable=False),
    Column("rows_replaced", Integer),
    Column("rows_skipped", Integer),
)
"""``rows_replaced``: stored records this batch replaced by a newer version (see ``record_version``);
``rows_skipped``: rows left out because a newer version was already stored. Both null in batches
written before records could change."""

record_version = _table(
    "record_version",
    Column("batch_id", String, nullable=False),
    Column("table_name", String, nullable=False),
    Column("record_id", String, nullable=False),
    Column("unit_id", String),
    Column("service_area_id", String),
    Column("previous_batch_id", String, nullable=False),
    Column("previous_updated_at", DateTime),
    Column("updated_at", DateTime),
    Column("changed", String, nullable=False),
    Column("previous", String, nullable=False),
)
"""One row per stored record a batch replaced: which record (``table_name``, ``record_id`` = the
natural key joined by ``/``), the batch that wrote the replaced version, both versions' update
times, the columns that changed (``,``-separated) and their previous values as a JSON object
(open text itself is never copied here: its retention period applies to ``open_text`` only)."""


@dataclass(frozen=True)
class TableSpec:
    """How one table is stored: its natural key, year partitioning and row-level scope."""

    table: Table
    natural_key: tuple[str, ...]
    date_column: str | None = None
    """The column whose year names the partition; None for unpartitioned tables."""
    scoped: bool = False
    """Fact tables carry rows of units and are filtered by the caller's Scope."""
    version_column: str | None = None
    """Records that evolve carry their source version here: a newer version replaces the stored row."""
    version_fallback: str | None = None
    """Where the source gives no version, this column's value is the version (a case's decision date)."""

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def stored_columns(self) -> list[str]:
        """Columns written to Parquet (the partition column lives in the folder name)."""
        return [c.name for c in self.table.columns if c.name != "year"]


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(service_area, ("service_area_id",)),
        TableSpec(service, ("service_id",)),
        TableSpec(unit, ("unit_id",)),
        TableSpec(source_unit_map, ("source", "source_key")),
        TableSpec(survey, ("survey_id",)),
        TableSpec(survey_item, ("item_id",)),
        TableSpec(happyornot_survey, ("survey_id",)),
        TableSpec(happyornot_point, ("point_id",)),
        TableSpec(event, ("event_id",)),
        TableSpec(quick_feedback, ("feedback_id",), "ts", scoped=True),
        TableSpec(survey_answer, ("response_id", "item_id"), "answered_on", scoped=True),
        TableSpec(feedback, ("feedback_id",), "received_at", scoped=True, version_column="updated_at"),
        TableSpec(
            case,
            ("case_id",),
            "received_on",
            scoped=True,
            version_column="updated_at",
            version_fallback="decided_on",
        ),
        TableSpec(ombudsman_contact, ("contact_id",), "contacted_on", scoped=True),
        TableSpec(visits, ("unit_id", "month"), "month", scoped=True),
        TableSpec(open_text, ("source", "record_id"), "received_on", scoped=True),
        TableSpec(feedback_theme, ("source", "record_id", "theme"), "received_on", scoped=True),
        TableSpec(import_batch, ("batch_id",)),
        TableSpec(record_version, ("batch_id", "table_name", "record_id"), scoped=True),
    )
}

FACT_TABLES = frozenset(name for name, spec in TABLES.items() if spec.scoped)

_ARROW_TYPES = {
    String: pa.string(),
    Integer: pa.int64(),
    Float: pa.float64(),
    Boolean: pa.bool_(),
    Date: pa.date32(),
    DateTime: pa.timestamp("us"),
}


def arrow_schema(name: str) -> pa.Schema:
    """The Parquet schema of a table as written by this project (without the partition column)."""
    spec = TABLES[name]
    fields = []
    for column in spec.table.columns:
        if column.name == "year":
            continue
        fields.append(pa.field(column.name, _ARROW_TYPES[type(column.type)], nullable=column.nullable))
    return pa.schema(fields)


def duckdb_type(column: Column) -> str:
    """The DuckDB type name used to cast a column in the warehouse views."""
    return {
        String: "VARCHAR",
        Integer: "BIGINT",
        Float: "DOUBLE",
        Boolean: "BOOLEAN",
        Date: "DATE",
        DateTime: "TIMESTAMP",
    }[type(column.type)]
