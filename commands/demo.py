"""``cli.py demo``: build the deterministic demo warehouse."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from data_access import schema
from data_access.demo.build import build_demo
from data_access.demo.common import START, DemoConfig


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def _scale(text: str) -> float:
    value = float(text)
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError("scale must be in (0, 100]")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="build the deterministic demo warehouse")
    parser.add_argument("--warehouse", type=Path, required=True, help="folder to create (must be empty)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=_scale, default=1.0, help="multiplies the quick-feedback volume")
    parser.add_argument("--until", type=_date, default=None, help="last day of data (default: today)")
    parser.set_defaults(handler=run_demo)


def run_demo(arguments: argparse.Namespace) -> int:
    until = arguments.until or date.today()
    if until < START:
        print(f"--until must be on or after {START.isoformat()}")
        return 2
    root: Path = arguments.warehouse
    existing = [name for name in schema.TABLES if (root / name).exists()]
    if existing:
        print(f"{root} already holds a warehouse ({', '.join(existing)}); choose an empty folder")
        return 2
    config = DemoConfig(seed=arguments.seed, until=until, scale=arguments.scale)
    settings = f"seed {config.seed}, until {until.isoformat()}, scale {config.scale:g}"
    print(f"building demo warehouse in {root}: {settings}")
    report = build_demo(root, config)
    for name, rows in report.rows.items():
        print(f"  {name:<20} {rows:>12,}")
    print(f"done in {report.seconds:.1f} s")
    return 0
