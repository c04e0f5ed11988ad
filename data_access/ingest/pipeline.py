"""One import: read → validate → commit the good rows in ONE batch → quarantine the rest.

A file that cannot be read changes nothing. Otherwise the good rows, the ``import_batch``
audit row and the quarantine CSV (``<warehouse>/_quarantine/<batch_id>.csv``) are committed
together by the writer's journal, so a crash at any point leaves the warehouse as it was.
Re-importing the same rows adds nothing. For facts that never change, the same id with
different content is an error. A record that evolves (feedback, a case) is taken when it is a
newer version of the stored one (by the source's update time): it replaces the stored row,
with its open text; an older version is skipped and named in the result's notices; two
different versions with the same time (or both without one) are an error.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from data_access import schema
from data_access.ingest import (
    cases,
    happyornot,
    national_survey,
    ombudsman,
    open311,
    organisation,
    surveys,
    visits,
)
from data_access.ingest.common import FILE, Parsed, Reference
from data_access.ingest.finnish_csv import ROW, UnreadableFile
from data_access.ingest.privacy import mask_personal_data
from data_access.ingest.validation import RowError
from data_access.journal import committed
from data_access.store import (
    CONFLICT,
    NEWER,
    OLDER,
    Batch,
    WarehouseWriter,
    compare_with_stored,
    conform,
    file_sha256,
    stored_rows,
    with_versions,
)
from data_access.themes.derive import stage_themes

QUARANTINE = "_quarantine"
PAUSE_ENV = "JOHDON_INGEST_PAUSE"
"""Test hook for the crash tests: the checkpoint name at which the import stops and waits to be killed."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Options:
    """Side files some kinds need: HappyOrNot surveys/points, Open311 internal export, survey mapping."""

    metadata: tuple[Path, ...] = ()
    internal: Path | None = None
    mapping: Path | None = None
    services: Path | None = None
    """Open311 without ``internal``: the service-code → type/category mapping (default: the shipped one)."""


Reader = Callable[[Path, bytes, Reference, Options], Parsed]


def _happyornot(path: Path, data: bytes, reference: Reference, options: Options) -> Parsed:
    return happyornot.read(path, data, reference, happyornot.read_metadata(list(options.metadata)))


def _open311(path: Path, data: bytes, reference: Reference, options: Options) -> Parsed:
    return open311.read_georeport(path, data, reference, options.internal, options.services)


def _survey_wide(path: Path, data: bytes, reference: Reference, options: Options) -> Parsed:
    if options.mapping is None:
        raise UnreadableFile(
            "leveä kysely tarvitsee sarakemäärityksen (--mapping)", "a wide survey needs --mapping"
        )
    return surveys.read_wide(path, data, reference, options.mapping)


KINDS: dict[str, Reader] = {
    "happyornot": _happyornot,
    "open311": _open311,
    "feedback-export": lambda p, d, r, o: open311.read_internal(p, d, r),
    "survey-long": lambda p, d, r, o: surveys.read_long(p, d, r),
    "survey-wide": _survey_wide,
    "survey-items": lambda p, d, r, o: surveys.read_items(p, d, r),
    "cases": lambda p, d, r, o: cases.read(p, d, r),
    "ombudsman": lambda p, d, r, o: ombudsman.read(p, d, r),
    "organisation": lambda p, d, r, o: organisation.read(p, d, r),
    "unit-map": lambda p, d, r, o: organisation.read_unit_map(p, d, r),
    "visits": lambda p, d, r, o: visits.read(p, d, r),
    "happyornot-metadata": lambda p, d, r, o: happyornot.read_metadata_file(p, d, r),
    "survey-national": lambda p, d, r, o: national_survey.read(p, d, r),
}
"""Import kinds → reader. Each reader returns rows per warehouse table plus row errors."""


@dataclass
class ImportResult:
    """What happened to one file."""

    kind: str
    file: str
    status: str
    """``ok`` (all rows accepted), ``partial`` (some quarantined), ``rejected`` or ``unreadable``."""
    rows_in: int = 0
    rows_written: int = 0
    """Rows written: new ones and newer versions replacing stored records."""
    rows_already_stored: int = 0
    rows_rejected: int = 0
    rows_replaced: int = 0
    """Stored records replaced by a newer version (also counted in ``rows_written``)."""
    rows_skipped: int = 0
    """Rows not written because a newer version of their record is stored (not an error)."""
    batch_id: str | None = None
    quarantine: Path | None = None
    errors: list[RowError] = field(default_factory=list)
    notices: list[RowError] = field(default_factory=list)
    """Rows that were fine but not taken (an older version of a stored record), for the admin."""
    notes: list[str] = field(default_factory=list)
    """What the admin should know beyond the rows, ``fi / en`` (the reader's notes, skipped versions)."""


def checkpoint(name: str) -> None:
    """Stop here when the crash-test hook names this checkpoint (the test then kills the process)."""
    if os.environ.get(PAUSE_ENV) == name:
        print(f"PAUSED {name}", file=sys.stderr, flush=True)
        time.sleep(120)


def neutralise(cell: object) -> object:
    """A cell that a spreadsheet would run as a formula is written as text (``'=HYPERLINK(...)``)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _safe(cell: object) -> object:
    """A quarantine cell: personal data masked, formulas neutralised."""
    return neutralise(mask_personal_data(cell) if isinstance(cell, str) else cell)


def _comparable(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    spec = schema.TABLES[name]
    columns = [c for c in spec.stored_columns if c != "batch_id"]
    typed = conform(name, frame.assign(batch_id="")).to_pandas()
    content = typed[columns].astype(object)
    return content.where(content.notna(), "\x00").astype(str)


def _duplicates_in_file(parsed: Parsed) -> None:
    for name, frame in parsed.tables.items():
        spec = schema.TABLES[name]
        if spec.date_column is None or frame.empty:
            continue
        key = list(spec.natural_key)
        candidates = frame.loc[frame.duplicated(key, keep=False) & frame[key].notna().all(axis=1)]
        if candidates.empty:
            continue
        try:
            content = _comparable(name, candidates.drop(columns=[ROW, FILE]))
        except (ValueError, TypeError, OverflowError):
            continue
        content.index = candidates.index
        variants = content.groupby(key, sort=False).transform("nunique").max(axis=1)
        clashing = candidates.loc[variants.to_numpy() > 1]
        for _, group in clashing.groupby(key, sort=False):
            for index, row in group.iterrows():
                others = ", ".join(str(r) for r in group[ROW] if r != row[ROW])
                parsed.errors.items.append(
                    RowError(
                        row[FILE],
                        int(row[ROW]),
                        "/".join(key),
                        "duplicate_in_file",
                        _key_text(group.loc[index, key]),
                        others,
                    )
                )


def _key_text(values: pd.Series) -> str:
    return "/".join(str(v) for v in values)


def _good(frame: pd.DataFrame, bad: set[tuple[str, int]]) -> pd.DataFrame:
    if not bad or frame.empty:
        return frame
    keys = pd.MultiIndex.from_arrays([frame[FILE], frame[ROW]])
    return frame.loc[~keys.isin(list(bad))]


@dataclass
class _Meeting:
    """How a file's good rows meet the stored ones."""

    replacing: set[tuple[str, int]] = field(default_factory=set)
    """Raw rows carrying a newer version of a stored record (their open text follows them)."""
    notices: list[RowError] = field(default_factory=list)
    replaced: int = 0
    skipped: int = 0


def _meet_warehouse(parsed: Parsed, lookup: Callable[[str, pd.DataFrame], pd.DataFrame]) -> _Meeting:
    """Compare the good rows with the stored ones: different content that is not a newer version
    is a row error, an older version a notice. Evolving records go first so that the rows of other
    tables belonging to a replaced record (its open text) may replace theirs too."""
    meeting = _Meeting()
    order = sorted(parsed.tables, key=lambda name: schema.TABLES[name].version_column is None)
    for name in order:
        frame = parsed.tables[name]
        if schema.TABLES[name].date_column is not None and not frame.empty:
            _meet_table(parsed, name, _good(frame, _bad(parsed)), lookup, meeting)
    return meeting


def _meet_table(
    parsed: Parsed,
    name: str,
    frame: pd.DataFrame,
    lookup: Callable[[str, pd.DataFrame], pd.DataFrame],
    meeting: _Meeting,
) -> None:
    spec = schema.TABLES[name]
    key = list(spec.natural_key)
    if frame.empty:
        return
    mine = with_versions(name, frame.drop_duplicates(key)).reset_index(drop=True)
    stored = lookup(name, mine[key])
    if stored.empty:
        return
    verdicts = compare_with_stored(name, mine.drop(columns=[ROW, FILE]), stored)
    verdict = verdicts["verdict"]
    if spec.version_column is None and meeting.replacing:
        follows = pd.MultiIndex.from_arrays([mine[FILE], mine[ROW]]).isin(list(meeting.replacing))
        verdict = verdict.where(~(follows & (verdict == CONFLICT).to_numpy()), NEWER)
    for i in mine.index[verdict == CONFLICT]:
        row = mine.loc[i]
        parsed.errors.items.append(
            RowError(row[FILE], int(row[ROW]), "/".join(key), "conflict_with_warehouse", _key_text(row[key]))
        )
    for i in mine.index[verdict == OLDER]:
        row = mine.loc[i]
        newer = stored[spec.version_column].iloc[int(verdicts.at[i, "stored"])]
        meeting.notices.append(
            RowError(
                row[FILE],
                int(row[ROW]),
                spec.version_column,
                "older_version",
                _key_text(row[key]),
                str(pd.Timestamp(newer)),
            )
        )
    newer_rows = verdict == NEWER
    if spec.version_column is not None:
        meeting.replacing.update(zip(mine.loc[newer_rows, FILE], mine.loc[newer_rows, ROW], strict=True))
    meeting.replaced += int(newer_rows.sum())
    meeting.skipped += int((verdict == OLDER).sum())


def quarantine_csv(parsed: Parsed, errors: list[RowError]) -> bytes:
    """The rejected rows with their reasons, ``;``-separated UTF-8 with BOM, formulas neutralised."""
    reasons: dict[tuple[str, int | None], list[RowError]] = {}
    for error in errors:
        reasons.setdefault((error.file, error.row), []).append(error)
    raw = parsed.raw.set_index([FILE, ROW], drop=False) if not parsed.raw.empty else parsed.raw
    cell_columns = [c for c in parsed.raw.columns if c not in (FILE, ROW)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["_tiedosto/file", "_rivi/row", "_sarake/column", "_syy", "_reason", *cell_columns])
    for (file, row), items in sorted(reasons.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        cells = [""] * len(cell_columns)
        if row is not None and (file, row) in raw.index:
            record = raw.loc[(file, row)]
            if isinstance(record, pd.DataFrame):
                record = record.iloc[0]
            cells = ["" if pd.isna(record[c]) else record[c] for c in cell_columns]
        writer.writerow(
            [
                _safe(v)
                for v in (
                    file,
                    "" if row is None else row,
                    " | ".join(dict.fromkeys(e.column or "" for e in items)),
                    " | ".join(e.message_fi for e in items),
                    " | ".join(e.message_en for e in items),
                    *cells,
                )
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _read(
    root: Path, kind: str, path: Path, options: Options, name: str
) -> tuple[ImportResult, Parsed | None]:
    """Read and check a file; ``None`` when it cannot be imported at all (nothing changes)."""
    result = ImportResult(kind, name, "unreadable")
    with committed(root):
        reference = Reference.load(root)
    try:
        parsed = KINDS[kind](path, path.read_bytes(), reference, options)
    except UnreadableFile as error:
        result.errors = [RowError(name, None, None, "unreadable_file", error.reason_fi, error.reason_en)]
        return result, None
    except OSError as error:
        result.errors = [RowError(name, None, None, "unreadable_file", str(error), str(error))]
        return result, None
    result.rows_in = parsed.rows_in
    result.notes = list(parsed.notes)
    if any(e.row is None for e in parsed.errors.items):
        result.errors = sorted(parsed.errors.items, key=lambda e: e.column or "")
        return result, None
    _required_present(parsed)
    _duplicates_in_file(parsed)
    return result, parsed


def _required_present(parsed: Parsed) -> None:
    """A safety net under the readers: a row lacking a value the warehouse requires is an error."""
    reported = _bad(parsed)
    for name, frame in parsed.tables.items():
        for column in schema.TABLES[name].table.columns:
            if column.nullable or column.name in ("batch_id", "year") or column.name not in frame:
                continue
            for file, row in frame.loc[frame[column.name].isna(), [FILE, ROW]].itertuples(index=False):
                if (file, row) not in reported:
                    parsed.errors.items.append(RowError(file, int(row), column.name, "missing_value"))


def _outcome(result: ImportResult, parsed: Parsed, strict: bool) -> set[tuple[str, int]]:
    """Fill in the counts and status; returns the rows to leave out (every row under --strict)."""
    bad = _bad(parsed)
    result.rows_in = len(set(zip(parsed.raw[FILE], parsed.raw[ROW], strict=True)) | bad)
    if strict and parsed.errors.items:
        parsed.errors.items.append(RowError(result.file, None, None, "strict"))
        bad = set(zip(parsed.raw[FILE], parsed.raw[ROW], strict=True)) | bad
    result.rows_rejected = len(bad)
    accepted = result.rows_in - result.rows_rejected
    result.status = "ok" if not parsed.errors.items else ("partial" if accepted else "rejected")
    result.errors = sorted(parsed.errors.items, key=lambda e: (e.file, e.row or 0))
    return bad


def preview_file(
    root: Path,
    kind: str,
    path: Path,
    *,
    strict: bool = False,
    options: Options = Options(),
    display_name: str | None = None,
) -> ImportResult:
    """Everything :func:`import_file` would report, without writing anything."""
    result, parsed = _read(root, kind, path, options, display_name or path.name)
    if parsed is None:
        return result
    with committed(root):
        meeting = _meet_warehouse(parsed, lambda name, keys: stored_rows(root, name, keys))
    bad = _outcome(result, parsed, strict)
    result.rows_written = sum(len(_good(frame, bad)) for frame in parsed.tables.values())
    if strict and bad:
        meeting.replaced = meeting.skipped = 0
    _report_versions(result, meeting.notices, bad, meeting.replaced, meeting.skipped)
    return result


def _report_versions(
    result: ImportResult, notices: list[RowError], bad: set[tuple[str, int]], replaced: int, skipped: int
) -> None:
    """Counts of replaced and skipped versions, the notices naming each skipped row, a summary note."""
    result.rows_replaced = replaced
    result.rows_skipped = skipped
    kept = [n for n in notices if (n.file, n.row) not in bad]
    result.notices = sorted(kept, key=lambda e: (e.file, e.row or 0))
    if skipped:
        summary = RowError(result.file, None, None, "older_versions_skipped", str(skipped))
        result.notes.append(f"{summary.message_fi} / {summary.message_en}")


def _add_good_rows(
    batch: Batch, parsed: Parsed, bad: set[tuple[str, int]], replacing: set[tuple[str, int]]
) -> None:
    """Stage the good rows; rows of a replaced record's other tables (its open text) supersede theirs."""
    for table, frame in parsed.tables.items():
        good = _good(frame, bad)
        if good.empty:
            continue
        follows = pd.Series(False, index=good.index)
        if replacing and schema.TABLES[table].version_column is None:
            follows = pd.MultiIndex.from_arrays([good[FILE], good[ROW]]).isin(list(replacing))
            follows = pd.Series(follows, index=good.index)
        if follows.any():
            batch.add(table, good.loc[follows].drop(columns=[ROW, FILE]), supersede=True)
        if not follows.all():
            batch.add(table, good.loc[~follows].drop(columns=[ROW, FILE]))


def import_file(
    root: Path,
    kind: str,
    path: Path,
    *,
    user: str = "",
    strict: bool = False,
    options: Options = Options(),
    display_name: str | None = None,
) -> ImportResult:
    """Import one file of ``kind`` into the warehouse at ``root``."""
    name = display_name or path.name
    result, parsed = _read(root, kind, path, options, name)
    if parsed is None:
        return result
    checkpoint("parsed")
    writer = WarehouseWriter(root)
    with writer.batch(
        source=parsed.source, file_name=name, sha256=file_sha256(path), imported_by=user
    ) as batch:
        meeting = _meet_warehouse(parsed, batch.stored_rows)
        bad = _outcome(result, parsed, strict)
        _add_good_rows(batch, parsed, bad, meeting.replacing)
        if "open_text" in parsed.tables:
            stage_themes(batch, parsed.tables["open_text"])
        checkpoint("staged")
        if parsed.errors.items:
            result.quarantine = batch.stage_file(
                f"{QUARANTINE}/{batch.batch_id}.csv", quarantine_csv(parsed, result.errors)
            )
        batch.rows_in = result.rows_in
        batch.rows_rejected = result.rows_rejected
        batch.rows_accepted = result.rows_in - result.rows_rejected
        batch.status = {"ok": "committed", "partial": "partial", "rejected": "rejected"}[result.status]
        checkpoint("quarantined")
    result.batch_id = batch.batch_id
    result.rows_written = sum(batch.result.rows_written.values())
    result.rows_already_stored = sum(batch.result.rows_already_stored.values())
    _report_versions(
        result,
        meeting.notices,
        bad,
        sum(batch.result.rows_replaced.values()),
        sum(batch.result.rows_skipped.values()),
    )
    return result


_BATCH_ID = re.compile(r"\d{8}T\d{12}-[0-9a-f]{8}")


def history(root: Path) -> pd.DataFrame:
    """The import_batch audit rows, newest first, with whether a quarantine file exists."""
    columns = schema.TABLES["import_batch"].stored_columns
    with committed(root):
        folder = root / "import_batch"
        files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
        if not files:
            return pd.DataFrame(columns=[*columns, "quarantine"])
        frame = pd.concat([pq.read_table(f).to_pandas() for f in files], ignore_index=True)
    frame = frame.reindex(columns=list(dict.fromkeys([*columns, *frame.columns])))
    frame["quarantine"] = [quarantine_file(root, b) is not None for b in frame["batch_id"]]
    return frame.sort_values(["imported_at", "batch_id"], ascending=False).reset_index(drop=True)


def quarantine_file(root: Path, batch_id: str) -> Path | None:
    """The quarantine CSV of a batch (ids are checked against the id pattern, never used raw)."""
    if not _BATCH_ID.fullmatch(batch_id):
        return None
    path = root / QUARANTINE / f"{batch_id}.csv"
    return path if path.is_file() else None


def _bad(parsed: Parsed) -> set[tuple[str, int]]:
    return {(e.file, e.row) for e in parsed.errors.items if e.row is not None}


def exit_code(results: list[ImportResult]) -> int:
    """0 when every row of every file was accepted, 2 when nothing was imported, else 3."""
    if all(r.status == "ok" for r in results):
        return 0
    if all(r.status in ("rejected", "unreadable") for r in results):
        return 2
    return 3
