"""``cli.py repair``: roll back interrupted imports; ``cli.py info``: what a warehouse holds.

Readers roll back an interrupted import by themselves (see :mod:`data_access.journal`);
``repair`` also clears the staging folder a killed import left behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import func, select

from data_access import schema
from data_access.scope import Scope
from data_access.store import WarehouseWriter
from data_access.warehouse import Warehouse, default_path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``repair`` and ``info`` to the command line."""
    repair = subparsers.add_parser("repair", help="roll back imports interrupted by a crash")
    repair.add_argument("--warehouse", type=Path, default=None)
    repair.set_defaults(handler=run_repair)
    info = subparsers.add_parser("info", help="row counts of every warehouse table")
    info.add_argument("--warehouse", type=Path, default=None)
    info.set_defaults(handler=run_info)


def run_repair(arguments: argparse.Namespace) -> int:
    """Roll back interrupted imports and remove their staged files."""
    rolled_back = WarehouseWriter(arguments.warehouse or default_path()).recover()
    print(f"rolled back {len(rolled_back)} interrupted batch(es)" + "".join(f"\n  {b}" for b in rolled_back))
    return 0


def run_info(arguments: argparse.Namespace) -> int:
    """Row counts of every table, all from one committed state of the warehouse."""
    warehouse = Warehouse(arguments.warehouse)
    reader = warehouse.reader(Scope.everything())
    with warehouse.consistent():
        counts = {
            name: reader.scalar(select(func.count()).select_from(reader.table(name)))
            for name in schema.TABLES
        }
    for name, rows in counts.items():
        print(f"{name:<20} {rows:>12,}")
    return 0
