"""The dimensions a metric can be grouped and filtered by, and the names of their members.

:data:`DIMENSIONS` maps each dimension to the id column it adds to a result. Organisation
dimensions (service area, service, unit), surveys and survey items take their names from the
warehouse in the requested language (falling back to Finnish). Coded dimensions (category,
feedback type, channel, …) carry the code itself: the UI translates codes through its i18n
catalogs.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

DIMENSIONS: dict[str, str] = {
    "service_area": "service_area_id",
    "service": "service_id",
    "unit": "unit_id",
    "survey": "survey_id",
    "item": "item_id",
    "theme": "theme",
    "scale": "scale",
    "button": "button_index",
    "category": "category",
    "feedback_type": "feedback_type",
    "topic": "topic",
    "channel": "channel",
    "language": "language",
    "respondent_role": "respondent_role",
    "age_group": "age_group",
    "provider": "provider",
    "case_kind": "case_kind",
    "reason": "reason",
    "outcome": "outcome",
    "sector": "sector",
    "hour": "hour",
    "weekday": "weekday",
    "sentiment": "sentiment",
    "text_source": "source",
}
"""Dimension name → the id column it adds to a query's result (beside ``<dim>_name``).

``hour`` (0–23) and ``weekday`` (0 = Monday) are time-of-event dimensions every metric has
(hour only where the data has times); they carry no name column. With ``grain="hour"`` and
``group_by=("weekday",)`` a query returns the hour × weekday grid."""
TIME_DIMENSIONS = ("hour", "weekday")
ORG_DIMENSIONS = frozenset({"service", "service_area"})
"""The dimensions a fact row reaches through its unit."""

_NAMED = {
    "service_area": ("service_area", "service_area_id", "name_{}"),
    "service": ("service", "service_id", "name_{}"),
    "unit": ("unit", "unit_id", "name_{}"),
    "survey": ("survey", "survey_id", "name_{}"),
    "item": ("survey_item", "item_id", "text_{}"),
}


def names(reader, dimension: str, ids: list, language: str) -> dict:
    """id → name of the ``dimension`` members ``ids`` in ``language``.

    The names of the whole dimension table are read (one small statement, the same whatever the
    ids, so the warehouse's statement cache answers it for every result) and the ids looked up.
    """
    if dimension not in _NAMED:
        return {i: i for i in ids}
    wanted = [i for i in ids if i is not None and not pd.isna(i)]
    if not wanted:
        return {}
    table_name, id_column, pattern = _NAMED[dimension]
    table = reader.table(table_name)
    statement = select(
        table.c[id_column].label("id"),
        table.c[pattern.format(language)].label("name"),
        table.c[pattern.format("fi")].label("name_fi"),
    )
    frame = reader.fetch(statement)
    every = dict(zip(frame["id"], frame["name"].fillna(frame["name_fi"]), strict=True))
    return {i: every[i] for i in wanted if i in every}


def add_names(reader, frame: pd.DataFrame, group_by: tuple[str, ...], language: str) -> pd.DataFrame:
    """Insert a ``<dim>_name`` column after each dimension's id column."""
    for dimension in group_by:
        if dimension in TIME_DIMENSIONS:
            continue
        id_column = DIMENSIONS[dimension]
        mapping = names(reader, dimension, sorted(set(frame[id_column].dropna())), language)
        position = frame.columns.get_loc(id_column) + 1
        frame.insert(position, f"{dimension}_name", frame[id_column].map(mapping))
    return frame
