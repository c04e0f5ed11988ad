"""``cli.py report``: the quarterly review, the yearly account or a unit's weekly report as PPTX,
PDF or HTML, for cron; ``--send`` mails the weekly report (SMTP settings from ``JOHDON_SMTP_*``).

``--rule national`` applies the stricter rule of the national patient surveys (public tables,
cells under 10 answers hidden, counts 1–4 hidden, complementary suppression); the default
``standard`` rule keeps each metric's minimum n (the reviews are public, the weekly is internal).

Exit codes: 0 written (and sent), 2 bad arguments or settings, 4 rendering or sending failed,
5 written (and sent), but the data do not cover the whole period: the report's first page says
how far they reach, and comparisons cover the same stretch of the comparison period.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from data_access.scope import Scope
from data_access.warehouse import Warehouse, default_path
from exhibits.model import Deck
from exhibits.source import WarehouseSource
from reports import mail
from reports.html_doc import deck_html
from reports.pdf import deck_pdf
from reports.periods import Coverage, PeriodError, coverage, report_period
from reports.plain import deck_text
from reports.pptx_deck import deck_pptx
from reports.render import ExportUnavailable
from reports.review import review_deck
from reports.rules import RULES, rule
from reports.weekly import weekly_deck
from texts import LANGUAGES

KINDS = ("quarterly", "annual", "weekly")
FORMATS = ("pptx", "pdf", "html")
INCOMPLETE = 5
"""Exit code: the report was written, but the data do not cover the whole period."""


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser(
        "report",
        help="write (and send) a report: quarterly, annual or weekly",
        epilog="exit codes: 0 written (and sent), 2 bad arguments or settings, 4 rendering or sending "
        "failed, 5 written (and sent) but the data do not cover the whole period",
    )
    report.add_argument("kind", choices=KINDS)
    report.add_argument(
        "--period", required=True, help="2020Q4 (quarterly), 2020 (annual), 2020-W50 (weekly)"
    )
    report.add_argument("--unit", help="the unit id of a weekly report (e.g. ter-kallio)")
    report.add_argument("--lang", choices=LANGUAGES, default="fi")
    report.add_argument("--format", choices=FORMATS, default="pdf")
    report.add_argument("--out", type=Path, required=True, help="the file to write")
    report.add_argument("--warehouse", type=Path, default=None)
    report.add_argument(
        "--send", action="store_true", help="mail the weekly report (HTML body, PDF attached)"
    )
    report.add_argument("--to", action="append", default=[], help="recipient address (repeatable)")
    report.add_argument(
        "--rule",
        choices=RULES,
        default="standard",
        help="suppression: standard (each metric's min n; reviews public), national (public, n < 10 "
        "hidden) or internal (the staff version: counts shown)",
    )
    report.set_defaults(handler=run_report_command)


def _fail(message: str, code: int) -> int:
    print(f"report: {message}", file=sys.stderr)
    return code


def _deck(arguments: argparse.Namespace, warehouse: Warehouse) -> tuple[Deck, Coverage]:
    """The report's deck and how far the data cover its period."""
    period = report_period(arguments.kind, arguments.period)
    if arguments.kind == "weekly":
        source = WarehouseSource(warehouse, Scope.of_units([arguments.unit]))
        under = rule(arguments.rule, public=False)
        deck = weekly_deck(source, arguments.unit, period, arguments.lang, under)
        return deck, coverage(source, period, "previous")
    source = WarehouseSource(warehouse, Scope.everything())
    deck = review_deck(source, period, arguments.kind, arguments.lang, rule(arguments.rule, public=True))
    return deck, coverage(source, period, "last_year")


def _problem(arguments: argparse.Namespace, warehouse: Warehouse) -> str | None:
    try:
        report_period(arguments.kind, arguments.period)
    except PeriodError as error:
        return str(error)
    if arguments.kind == "weekly" and not arguments.unit:
        return "a weekly report needs --unit"
    if arguments.kind != "weekly" and arguments.unit:
        return "--unit belongs to the weekly report"
    if arguments.unit and arguments.unit not in set(warehouse.reader(Scope.everything()).units()["unit_id"]):
        return f"unknown unit {arguments.unit!r}"
    if arguments.send and arguments.kind != "weekly":
        return "--send mails the weekly report only"
    return _mail_problem(arguments) or _out_problem(arguments.out, arguments.format)


SUFFIXES = {"pptx": (".pptx",), "pdf": (".pdf",), "html": (".html", ".htm")}


def _out_problem(out: Path, format_: str) -> str | None:
    """Why the report cannot be written to ``out`` as ``format_`` (checked before rendering;
    no folder is ever created), None when it can."""
    if out.is_dir():
        return f"--out {out} is a folder; name the file to write"
    if out.suffix.lower() not in SUFFIXES[format_]:
        return f"--out {out} does not end in {' or '.join(SUFFIXES[format_])} (--format {format_})"
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        return f"--out folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        return f"--out {out} is not writable"
    return None


def _mail_problem(arguments: argparse.Namespace) -> str | None:
    if arguments.send and not arguments.to:
        return "--send needs at least one --to address"
    bad = [address for address in arguments.to if not mail.is_address(address)]
    if arguments.send and bad:
        return f"--to {bad[0]!r} is not an e-mail address"
    return None


def run_report_command(arguments: argparse.Namespace) -> int:
    root = arguments.warehouse or default_path()
    if not (root / "unit").exists():
        return _fail(f"no warehouse at {root} (create one with: python cli.py demo --warehouse {root})", 2)
    warehouse = Warehouse(root)
    problem = _problem(arguments, warehouse)
    if problem:
        return _fail(problem, 2)
    try:
        settings = mail.SmtpSettings.from_environment(os.environ) if arguments.send else None
        deck, covered = _deck(arguments, warehouse)
        writers = {"pptx": deck_pptx, "pdf": deck_pdf, "html": lambda d: deck_html(d).html.encode("utf-8")}
        written = writers[arguments.format](deck)
        try:
            arguments.out.write_bytes(written)
        except OSError as error:
            return _fail(f"cannot write --out {arguments.out}: {error.strerror or error}", 2)
        print(f"report: wrote {arguments.out} ({len(deck.exhibits)} views)")
        if settings is not None:
            _send(deck, arguments, settings, written if arguments.format == "pdf" else deck_pdf(deck))
            print(f"report: sent to {', '.join(arguments.to)}")
    except (PeriodError, mail.MailConfigError) as error:
        return _fail(str(error), 2)
    except (ExportUnavailable, mail.MailSendError) as error:
        return _fail(str(error), 4)
    if not covered.complete:
        print(f"report: {_short_of(covered)}", file=sys.stderr)
        return INCOMPLETE
    return 0


def _short_of(covered: Coverage) -> str:
    """The exit-5 message: how far the data reach into the period."""
    end = covered.period.end.isoformat()
    if covered.through is None:
        return f"the data do not cover the period (to {end}): there are no data"
    return f"the data do not cover the whole period (to {end}): they run to {covered.through.isoformat()}"


def _send(deck: Deck, arguments: argparse.Namespace, settings: mail.SmtpSettings, pdf: bytes) -> None:
    body = deck_html(deck, images="cid")
    message = mail.build_message(
        deck.title,
        body.html,
        deck_text(deck),
        settings.sender,
        arguments.to,
        attachments=[(f"{arguments.unit}-{arguments.period}.pdf", pdf, "application/pdf")],
        inline_images=body.inline_images,
    )
    mail.send(message, settings)
