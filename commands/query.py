"""``cli.py query``: one metric as JSON or CSV (the open-data export too); ``cli.py metrics``: the catalog.

JSON is a list of row objects with the columns of ``metrics.query.run_query`` (dates ISO, NaN → null).
``--public`` is the open-data export (counts 1–4 hidden, complementary suppression); ``--rule
national`` the stricter rule of the national patient surveys (public, and cells under 10 answers
hidden: ``QuerySpec(public=True, min_n=10)``; a larger ``--min-n`` still applies).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from data_access.scope import Scope
from data_access.warehouse import Warehouse
from metrics.catalog import CATALOG, DIMENSIONS
from metrics.query import run_query
from metrics.spec import GRAINS, NAME_LANGUAGES, Period, QuerySpec
from reports.rules import RULES, rule

_COMPARE = {"previous": "previous", "last-year": "last_year"}


def _ids(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def register(subparsers: argparse._SubParsersAction) -> None:
    query = subparsers.add_parser("query", help="compute one metric (JSON or CSV)")
    query.add_argument("metric", choices=sorted(CATALOG))
    query.add_argument("--warehouse", type=Path, default=None)
    query.add_argument("--from", dest="start", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    query.add_argument(
        "--to", dest="end", type=date.fromisoformat, required=True, help="YYYY-MM-DD, inclusive"
    )
    query.add_argument("--by", type=_ids, default=(), help=f"comma-separated: {', '.join(DIMENSIONS)}")
    query.add_argument("--grain", choices=GRAINS)
    query.add_argument("--service-area", type=_ids, default=())
    query.add_argument("--service", type=_ids, default=())
    query.add_argument("--unit", type=_ids, default=())
    query.add_argument("--compare", choices=sorted(_COMPARE))
    query.add_argument("--include-misuse", action="store_true")
    query.add_argument("--min-n", type=int)
    query.add_argument("--public", action="store_true", help="open-data suppression (counts 1–4 hidden)")
    query.add_argument(
        "--rule",
        choices=RULES,
        default="standard",
        help="suppression: standard (--public, --min-n as given) or national (public, n < 10 hidden)",
    )
    query.add_argument("--lang", choices=NAME_LANGUAGES, default="fi", help="language of the *_name columns")
    query.add_argument("--format", choices=("json", "csv"), default="json")
    query.set_defaults(handler=run_query_command)
    metrics = subparsers.add_parser("metrics", help="list the metric catalog")
    metrics.add_argument("--lang", choices=NAME_LANGUAGES, default="fi")
    metrics.add_argument("--format", choices=("json", "text"), default="text")
    metrics.set_defaults(handler=run_metrics_command)


def _json_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, date | pd.Timestamp):
        return value.isoformat()[:10]
    return value


def frame_records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts: NaN → None, dates ISO, NumPy scalars as Python values."""
    return [{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _dimension_problem(arguments: argparse.Namespace) -> str | None:
    """Why ``--by`` cannot group the metric (a dimension it does not have), None when it can."""
    definition = CATALOG[arguments.metric]
    unknown = [dim for dim in arguments.by if dim not in definition.dimensions]
    if unknown:
        return (
            f"{arguments.metric} cannot be grouped --by {unknown[0]!r}; "
            f"its dimensions are {', '.join(definition.dimensions)}"
        )
    return None


def run_query_command(arguments: argparse.Namespace) -> int:
    problem = _dimension_problem(arguments)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    under = rule(arguments.rule, public=arguments.public, min_n=arguments.min_n)
    try:
        spec = QuerySpec(
            arguments.metric,
            Period(arguments.start, arguments.end),
            group_by=arguments.by,
            grain=arguments.grain,
            service_area=arguments.service_area,
            service=arguments.service,
            unit=arguments.unit,
            compare=_COMPARE.get(arguments.compare) if arguments.compare else None,
            include_misuse=arguments.include_misuse,
            min_n=under.min_n,
            public=under.public,
            name_language=arguments.lang,
        )
        frame = run_query(Warehouse(arguments.warehouse).reader(Scope.everything()), spec)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if arguments.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    else:
        json.dump(frame_records(frame), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 0


def run_metrics_command(arguments: argparse.Namespace) -> int:
    lang = arguments.lang
    if arguments.format == "json":
        rows = [
            {
                "id": m.id,
                "channel": m.channel,
                "kind": m.kind,
                "name": m.name(lang),
                "description": m.description(lang),
                "formula": m.formula,
                "unit": m.unit,
                "higher_is_better": m.higher_is_better,
                "min_n": m.min_n,
                "dimensions": list(m.dimensions),
            }
            for m in CATALOG.values()
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for m in CATALOG.values():
        print(f"{m.id:<27} {m.channel:<15} {m.unit:<20} {m.name(lang)}")
        print(f"{'':<27} {m.description(lang)}")
        print(f"{'':<27} formula: {m.formula}")
        print(f"{'':<27} by: {', '.join(m.dimensions)}")
    return 0
