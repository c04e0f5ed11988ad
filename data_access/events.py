"""Events on the timeline: dated happenings that explain a trend (a channel starting, terminals
removed, a new terminal vendor, a theme year), stored in the ``event`` table through
:class:`data_access.store.WarehouseWriter` like every other write (an audited batch).

An event runs from ``starts_on`` to the optional ``ends_on`` (a one-day event has none) and
concerns the whole division (scope ``all``) or one service area, service or unit. Its id is
derived from its content, so adding the same event twice stores it once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from data_access.scope import Scope
from data_access.store import WarehouseWriter
from data_access.warehouse import Warehouse

EVENT_KINDS = ("channel", "organisation", "campaign", "other")
EVENT_SCOPES = ("all", "service_area", "service", "unit")
_SCOPE_TABLES = {"service_area": "service_area", "service": "service", "unit": "unit"}
SOURCE = "events"


class EventError(ValueError):
    """An event that cannot be stored (the message says why, in one line)."""


@dataclass(frozen=True)
class Event:
    """One event as entered: the texts in Finnish (required), Swedish and English."""

    starts_on: date
    kind: str
    text_fi: str
    ends_on: date | None = None
    scope: str = "all"
    scope_id: str | None = None
    text_sv: str | None = None
    text_en: str | None = None

    @property
    def event_id(self) -> str:
        """The id derived from the event's date, scope, kind and Finnish text."""
        content = "|".join(
            (self.starts_on.isoformat(), self.scope, self.scope_id or "", self.kind, self.text_fi.strip())
        )
        return "ev-" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]

    def row(self) -> dict[str, object]:
        """The event as a row of the ``event`` table."""
        return {
            "event_id": self.event_id,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "scope": self.scope,
            "scope_id": self.scope_id,
            "kind": self.kind,
            "text_fi": self.text_fi.strip(),
            "text_sv": (self.text_sv or "").strip() or None,
            "text_en": (self.text_en or "").strip() or None,
        }


def problem(event: Event, known: dict[str, set[str]]) -> str | None:
    """Why ``event`` cannot be stored, None when it can; ``known`` holds the ids of each scope level."""
    if event.kind not in EVENT_KINDS:
        return f"unknown kind {event.kind!r}; expected one of {', '.join(EVENT_KINDS)}"
    if event.scope not in EVENT_SCOPES:
        return f"unknown scope {event.scope!r}; expected one of {', '.join(EVENT_SCOPES)}"
    if event.scope == "all" and event.scope_id:
        return "an event of the whole division names no service area, service or unit"
    if event.scope != "all" and event.scope_id not in known.get(event.scope, set()):
        return f"unknown {event.scope} {event.scope_id!r}"
    if event.ends_on is not None and event.ends_on < event.starts_on:
        return f"the event ends ({event.ends_on}) before it starts ({event.starts_on})"
    if not event.text_fi.strip():
        return "the Finnish text is required"
    return None


def known_ids(warehouse: Warehouse) -> dict[str, set[str]]:
    """The ids of every service area, service and unit (what an event's scope may name)."""
    reader = warehouse.reader(Scope.everything())
    return {scope: set(reader.dimension(table)[f"{table}_id"]) for scope, table in _SCOPE_TABLES.items()}


def add_events(root: Path | str, events: list[Event], imported_by: str) -> list[str]:
    """Store ``events`` (checked first: nothing is stored when one is wrong) in one audited batch;
    the ids stored. :class:`EventError` names the first wrong one."""
    known = known_ids(Warehouse(root))
    for event in events:
        found = problem(event, known)
        if found:
            raise EventError(found)
    frame = pd.DataFrame([event.row() for event in events])
    digest = hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()
    with WarehouseWriter(root).batch(
        source=SOURCE, file_name="events", sha256=digest, imported_by=imported_by
    ) as batch:
        batch.add("event", frame)
    return list(frame["event_id"])


def read_events(reader) -> pd.DataFrame:
    """Every stored event, earliest first."""
    return reader.dimension("event").sort_values(["starts_on", "event_id"], kind="stable", ignore_index=True)
