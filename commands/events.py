"""``cli.py events add|list``: the dated events drawn on trend charts and named in reports.

Exit codes: 0 done, 2 bad arguments (one line says which), nothing stored.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from data_access.events import EVENT_KINDS, EVENT_SCOPES, Event, EventError, add_events, read_events
from data_access.scope import Scope
from data_access.warehouse import Warehouse, default_path


def register(subparsers: argparse._SubParsersAction) -> None:
    events = subparsers.add_parser("events", help="add or list the events on the timeline")
    actions = events.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="store one event")
    add.add_argument("--warehouse", type=Path, default=None)
    add.add_argument("--date", dest="starts_on", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    add.add_argument("--end", dest="ends_on", type=date.fromisoformat, help="YYYY-MM-DD, inclusive")
    add.add_argument("--scope", choices=EVENT_SCOPES, default="all")
    add.add_argument("--id", dest="scope_id", help="the service area, service or unit id of the scope")
    add.add_argument("--kind", choices=EVENT_KINDS, required=True)
    add.add_argument("--text-fi", required=True)
    add.add_argument("--text-sv")
    add.add_argument("--text-en")
    add.add_argument("--user", default="cli")
    add.set_defaults(handler=run_add)
    listed = actions.add_parser("list", help="list the stored events (tab-separated)")
    listed.add_argument("--warehouse", type=Path, default=None)
    listed.set_defaults(handler=run_list)


def _root(arguments: argparse.Namespace) -> Path | None:
    root = arguments.warehouse or default_path()
    if not (root / "unit").exists():
        print(f"events: no warehouse at {root}", file=sys.stderr)
        return None
    return root


def run_add(arguments: argparse.Namespace) -> int:
    root = _root(arguments)
    if root is None:
        return 2
    event = Event(
        starts_on=arguments.starts_on,
        ends_on=arguments.ends_on,
        scope=arguments.scope,
        scope_id=arguments.scope_id,
        kind=arguments.kind,
        text_fi=arguments.text_fi,
        text_sv=arguments.text_sv,
        text_en=arguments.text_en,
    )
    try:
        (stored,) = add_events(root, [event], imported_by=arguments.user)
    except EventError as error:
        print(f"events: {error}", file=sys.stderr)
        return 2
    print(f"events: stored {stored}")
    return 0


def run_list(arguments: argparse.Namespace) -> int:
    root = _root(arguments)
    if root is None:
        return 2
    events = read_events(Warehouse(root).reader(Scope.everything()))
    for _, event in events.iterrows():
        ends = pd.Timestamp(event["ends_on"]).date().isoformat() if pd.notna(event["ends_on"]) else ""
        starts = pd.Timestamp(event["starts_on"]).date().isoformat()
        scope = event["scope"] if event["scope"] == "all" else f"{event['scope']}:{event['scope_id']}"
        print("\t".join((event["event_id"], starts, ends, scope, event["kind"], event["text_fi"])))
    return 0
