"""``cli.py import KIND FILE...``: import source exports; ``cli.py retention``: delete old open text.

Exit codes of ``import``: 0 every row accepted, 3 some rows quarantined, 2 nothing imported.
What is printed has personal data (identity codes, phone numbers, e-mail addresses) masked:
a rejected cell is shown as ``[HETU]``, never as the code itself.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from data_access.ingest.pipeline import KINDS, ImportResult, Options, exit_code, import_file
from data_access.ingest.privacy import RETENTION_MONTHS, enforce_retention, mask_personal_data
from data_access.warehouse import default_path

ERRORS_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    importing = subparsers.add_parser("import", help="import source system exports into the warehouse")
    importing.add_argument("kind", choices=sorted(KINDS))
    importing.add_argument("files", nargs="+", type=Path)
    importing.add_argument("--warehouse", type=Path, default=None)
    importing.add_argument("--user", default="cli")
    importing.add_argument("--strict", action="store_true", help="reject a whole file on any error")
    importing.add_argument(
        "--surveys", type=Path, action="append", default=[], help="HappyOrNot surveys JSON"
    )
    importing.add_argument("--points", type=Path, action="append", default=[], help="HappyOrNot points JSON")
    importing.add_argument(
        "--internal", type=Path, help="Open311: the internal export with type and category"
    )
    importing.add_argument("--mapping", type=Path, help="survey-wide: column → item_id mapping file")
    importing.add_argument(
        "--services",
        type=Path,
        help="open311 without --internal: service code → type and category (TOML; replaces the shipped one)",
    )
    importing.set_defaults(handler=run_import)
    retention = subparsers.add_parser("retention", help="delete open text older than the retention period")
    retention.add_argument("--warehouse", type=Path, default=None)
    retention.add_argument("--months", type=int, default=RETENTION_MONTHS)
    retention.add_argument("--user", default="cli")
    retention.set_defaults(handler=run_retention)


def summary_table(results: list[ImportResult]) -> str:
    """The per-file summary printed after an import."""
    header = ("file", "status", "rows in", "written", "already stored", "rejected", "batch")
    rows = [
        (
            r.file,
            r.status,
            str(r.rows_in),
            str(r.rows_written),
            str(r.rows_already_stored),
            str(r.rows_rejected),
            r.batch_id or "-",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in (header, *rows)
    ]
    return "\n".join(line.rstrip() for line in lines)


def _say(line: str) -> None:
    """Print one line of the import's report with personal data masked."""
    print(mask_personal_data(line))


def run_import(arguments: argparse.Namespace) -> int:
    root = arguments.warehouse or default_path()
    options = Options(
        metadata=tuple(arguments.surveys + arguments.points),
        internal=arguments.internal,
        mapping=arguments.mapping,
        services=arguments.services,
    )
    results = []
    for path in arguments.files:
        result = import_file(
            root, arguments.kind, path, user=arguments.user, strict=arguments.strict, options=options
        )
        results.append(result)
        for error in result.errors[:ERRORS_SHOWN]:
            _say(error.describe())
        if len(result.errors) > ERRORS_SHOWN:
            _say(f"... {len(result.errors) - ERRORS_SHOWN} more / lisää")
        if result.quarantine:
            print(f"quarantine / karanteeni: {result.quarantine}")
    _say(summary_table(results))
    for result in results:
        for note in result.notes:
            _say(f"{result.file}: {note}")
    return exit_code(results)


def run_retention(arguments: argparse.Namespace) -> int:
    deleted = enforce_retention(arguments.warehouse or default_path(), arguments.months, user=arguments.user)
    print(f"deleted {deleted} open text row(s) older than {arguments.months} months")
    return 0
