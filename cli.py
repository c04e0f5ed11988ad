"""Johdon työpöytä from the command line: the dashboard's capabilities for scripts and cron.

    python cli.py --help
"""

from __future__ import annotations

import argparse
import sys

from commands import admin, demo, events, imports, query, report, themes

COMMAND_MODULES = (demo, admin, query, imports, report, events, themes)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(prog="cli.py", description=__doc__.strip().splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the chosen subcommand; returns the exit code."""
    arguments = build_parser().parse_args(argv)
    return int(arguments.handler(arguments) or 0)


if __name__ == "__main__":
    sys.exit(main())
