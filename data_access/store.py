"""The write side of the warehouse: atomic, idempotent batches with an audit row each.

A batch stages its Parquet files under ``_staging/<batch_id>/``, then commits by moving
them into place following a journal written first (:mod:`data_access.journal`: readers hold
a shared lock and never see a batch half moved). If the process dies mid-commit, the next
writer, the next reader or ``cli.py repair`` reads the journal and moves everything back, so
the warehouse is as it was before that batch.

What a batch does with a row whose natural key is already stored depends on the table:

- Facts that never change (button presses, survey answers, …): the stored row stays, the new
  one is skipped, so writing the same rows twice leaves one copy.
- Records that evolve (``TableSpec.version_column``: feedback, cases): the row with the later
  version replaces the stored one; a row without a version is older than any dated one. An
  older version changes nothing and is counted as skipped. Two different rows with the same
  version cannot be ordered and are refused (:class:`VersionConflict`; the import pipeline
  reports them as row errors before they get here). Every replacement writes a
  ``record_version`` row: the batch that wrote the previous version, both versions' times,
  which columns changed and their previous values.
- Dimensions are upserted: the batch's rows win, other stored rows are kept.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from data_access import journal, schema
from data_access.journal import JOURNAL, STAGING, commit_lock

LOCK_FILE = journal.WRITE_LOCK
REPLACED = "_replaced"
AUDIT_TABLES = ("import_batch", "record_version")
"""Tables the batch writes itself; :meth:`Batch.add` refuses them."""
NOT_COPIED = frozenset({("open_text", "text")})
"""Columns whose previous values ``record_version`` never copies (open text has its own retention)."""

NEW, SAME, NEWER, OLDER, CONFLICT = "new", "same", "newer", "older", "conflict"
"""How an incoming row meets the stored row with its key (see :func:`compare_with_stored`)."""

_FILE_COLUMN = "_stored_file"


class VersionConflict(ValueError):
    """Rows that differ from the stored ones with their keys and are not newer versions of them."""


def new_batch_id() -> str:
    """A sortable unique batch id: UTC time plus a random suffix."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:8]


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, for the audit trail."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def conform(name: str, frame: pd.DataFrame) -> pa.Table:
    """Cast a DataFrame to the table's Parquet schema (missing nullable columns become null)."""
    target = schema.arrow_schema(name)
    arrays = []
    for schema_field in target:
        if schema_field.name in frame.columns:
            arrays.append(pa.array(frame[schema_field.name], type=schema_field.type, from_pandas=True))
        elif schema_field.nullable:
            arrays.append(pa.nulls(len(frame), type=schema_field.type))
        else:
            raise ValueError(f"{name}: required column {schema_field.name!r} is missing")
    return pa.Table.from_arrays(arrays, schema=target)


def typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's stored columns as the warehouse types them (index kept)."""
    frame = frame if "batch_id" in frame else frame.assign(batch_id="")
    result = conform(name, frame).to_pandas()
    result.index = frame.index
    return result


def with_versions(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Fill the version column from the table's fallback (a case's decision date) where it is empty."""
    spec = schema.TABLES[name]
    column, fallback = spec.version_column, spec.version_fallback
    if column is None or fallback is None or fallback not in frame:
        return frame
    given = frame[column] if column in frame else pd.Series(pd.NaT, index=frame.index)
    given = pd.to_datetime(given, errors="coerce")
    derived = pd.to_datetime(frame[fallback], errors="coerce")
    return frame.assign(**{column: given.where(given.notna(), derived)})


def compare_with_stored(name: str, incoming: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Each incoming row against the stored row with its natural key.

    Returns, on ``incoming``'s index, ``verdict`` (``new``: no stored row; ``same``: identical;
    ``newer``/``older``: a later/earlier version of an evolving record; ``conflict``: different
    content that cannot be ordered) and ``stored`` (the stored row's position, -1 for new).
    ``incoming`` must already carry its versions (:func:`with_versions`).
    """
    spec = schema.TABLES[name]
    key = list(spec.natural_key)
    result = pd.DataFrame({"verdict": NEW, "stored": -1}, index=incoming.index)
    if incoming.empty or stored.empty:
        return result
    mine = typed(name, incoming)
    theirs = typed(name, stored.reset_index(drop=True))
    positions = theirs[key].astype(str).assign(_position=np.arange(len(theirs))).drop_duplicates(key)
    matched = mine[key].astype(str).merge(positions, on=key, how="left")["_position"].to_numpy()
    hit = ~np.isnan(matched)
    if not hit.any():
        return result
    at = matched[hit].astype(np.int64)
    content = [c for c in spec.stored_columns if c not in key and c != "batch_id"]
    ours = pd.util.hash_pandas_object(mine.loc[hit, content], index=False).to_numpy()
    stored_hash = pd.util.hash_pandas_object(theirs[content], index=False).to_numpy()[at]
    verdict = np.where(ours == stored_hash, SAME, CONFLICT).astype(object)
    if spec.version_column is not None:
        version = pd.to_datetime(mine.loc[hit, spec.version_column]).to_numpy()
        previous = pd.to_datetime(theirs[spec.version_column]).to_numpy()[at]
        later = ~np.isnat(version) & (np.isnat(previous) | (version > previous))
        earlier = ~np.isnat(previous) & (np.isnat(version) | (version < previous))
        differs = verdict == CONFLICT
        verdict[differs & later] = NEWER
        verdict[differs & earlier] = OLDER
    result.loc[hit, "verdict"] = verdict
    result.loc[hit, "stored"] = at
    return result


def _json_value(value: object) -> object:
    if value is None or (not isinstance(value, str | bool) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _differs(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Per row: whether two typed columns hold different values (two nulls are equal)."""
    a, b = left.astype(object).to_numpy(), right.astype(object).to_numpy()
    missing_a, missing_b = pd.isna(a), pd.isna(b)
    both = ~missing_a & ~missing_b
    equal = np.zeros(len(a), dtype=bool)
    equal[both] = [bool(x == y) for x, y in zip(a[both], b[both], strict=True)]
    return ~((missing_a & missing_b) | equal)


def _record_id(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    text = frame[key].astype(str)
    return text.iloc[:, 0] if len(key) == 1 else text.agg("/".join, axis=1)


def _stored_files(root: Path, name: str, year: int | None) -> list[Path]:
    folder = root / name if year is None else root / name / f"year={year}"
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.parquet"))


def _stored_keys(files: list[Path], key: tuple[str, ...]) -> pd.DataFrame:
    if not files:
        return pd.DataFrame(columns=list(key))
    frames = [pq.read_table(f, columns=list(key)).to_pandas() for f in files]
    return pd.concat(frames, ignore_index=True)


def _without_stored(frame: pd.DataFrame, stored: pd.DataFrame, key: tuple[str, ...]) -> pd.DataFrame:
    if stored.empty or frame.empty:
        return frame
    marker = stored.drop_duplicates().assign(_stored=True)
    merged = frame.merge(marker, on=list(key), how="left")
    return frame.loc[merged["_stored"].isna().to_numpy()]


def _count_changed(frame: pd.DataFrame, previous: list[pd.DataFrame]) -> int:
    """How many dimension rows are new or differ from what was stored."""
    if not previous:
        return len(frame)
    content = [c for c in frame.columns if c != "batch_id"]
    stored = pd.concat(previous, ignore_index=True).reindex(columns=content).astype(str).drop_duplicates()
    merged = frame[content].astype(str).merge(stored.assign(_same=True), on=content, how="left")
    return int(merged["_same"].isna().sum())


def _matching(files: list[Path], name: str, keys: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``files`` whose natural key is in ``keys``, with the file each came from."""
    spec = schema.TABLES[name]
    key = list(spec.natural_key)
    empty = pd.DataFrame(columns=[*spec.stored_columns, _FILE_COLUMN])
    if not files or keys.empty:
        return empty
    wanted = pa.array(keys[key[0]].dropna().astype(str).unique())
    frames = []
    for file in files:
        probe = pq.read_table(file, columns=[key[0]])
        if not pc.any(pc.is_in(probe[key[0]], value_set=wanted)).as_py():
            continue
        table = pq.read_table(file)
        table = table.filter(pc.is_in(table[key[0]], value_set=wanted))
        frames.append(table.to_pandas().assign(**{_FILE_COLUMN: str(file)}))
    if not frames:
        return empty
    found = pd.concat(frames, ignore_index=True)
    wanted_keys = keys[key].astype(str).drop_duplicates()
    matched = found[key].astype(str).merge(wanted_keys.assign(_hit=True), how="left")
    return found.loc[matched["_hit"].notna().to_numpy()].reset_index(drop=True)


def stored_rows(root: Path, name: str, keys: pd.DataFrame) -> pd.DataFrame:
    """Stored rows of a fact table whose natural key appears in ``keys`` (any year partition)."""
    folder = root / name
    files = sorted(folder.glob("**/*.parquet")) if folder.is_dir() else []
    return _matching(files, name, keys).drop(columns=[_FILE_COLUMN])


@dataclass
class BatchResult:
    """What one committed batch wrote."""

    batch_id: str
    rows_written: dict[str, int] = field(default_factory=dict)
    rows_already_stored: dict[str, int] = field(default_factory=dict)
    rows_replaced: dict[str, int] = field(default_factory=dict)
    """Stored records replaced by a newer version (included in ``rows_written``)."""
    rows_skipped: dict[str, int] = field(default_factory=dict)
    """Rows left out because a newer version of their record is stored."""

    def count(self, counter: dict[str, int], name: str, rows: int) -> None:
        """Add ``rows`` to one of the per-table counters."""
        counter[name] = counter.get(name, 0) + rows


class Batch:
    """One import's staged writes; committed atomically when the ``with`` block ends."""

    def __init__(self, root: Path, batch_id: str) -> None:
        self.root = root
        self.batch_id = batch_id
        self.staging = root / STAGING / batch_id
        self.moves: list[tuple[Path, Path]] = []
        self.result = BatchResult(batch_id)
        self._sequence = 0
        self._versions: list[pd.DataFrame] = []

    def add(self, name: str, frame: pd.DataFrame, *, supersede: bool = False) -> int:
        """Stage rows of one table; returns how many are written (new or replacing a stored row).

        ``supersede``: the rows belong to records this batch replaces by a newer version (the open
        text of a feedback record): a stored row with the same key and different content is
        replaced too, with a ``record_version`` row, instead of being kept.
        """
        spec = schema.TABLES[name]
        if name in AUDIT_TABLES:
            raise ValueError(f"{name} rows are written by the batch itself")
        frame = frame.assign(batch_id=self.batch_id)
        if spec.version_column is not None:
            frame = with_versions(name, frame)
            if spec.version_column in frame:
                newest_first = frame.sort_values(
                    spec.version_column, ascending=False, na_position="last", kind="stable"
                )
                frame = newest_first.drop_duplicates(subset=list(spec.natural_key)).sort_index()
        frame = frame.drop_duplicates(subset=list(spec.natural_key), keep="first")
        if spec.date_column is None:
            written = self._stage_dimension(name, frame)
        elif spec.version_column is not None or supersede:
            written = self._stage_versions(name, frame)
        else:
            years = pd.to_datetime(frame[spec.date_column]).dt.year
            written = 0
            for year, part in frame.groupby(years.to_numpy(), sort=True):
                written += self._stage_fact_partition(name, int(year), part)
            self.result.count(self.result.rows_already_stored, name, len(frame) - written)
        self.result.count(self.result.rows_written, name, written)
        return written

    def _next_file(self, relative_folder: Path) -> tuple[Path, Path]:
        self._sequence += 1
        file_name = f"part-{self.batch_id}-{self._sequence:04d}.parquet"
        return self.staging / relative_folder / file_name, self.root / relative_folder / file_name

    def _write_staged(self, name: str, frame: pd.DataFrame, relative_folder: Path) -> None:
        staged, final = self._next_file(relative_folder)
        staged.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(conform(name, frame), staged, compression="zstd")
        self.moves.append((staged, final))

    def _write_by_year(self, name: str, frame: pd.DataFrame) -> None:
        years = pd.to_datetime(frame[schema.TABLES[name].date_column]).dt.year
        for year, part in frame.groupby(years.to_numpy(), sort=True):
            self._write_staged(name, part, Path(name) / f"year={int(year)}")

    def _stage_fact_partition(self, name: str, year: int, frame: pd.DataFrame) -> int:
        spec = schema.TABLES[name]
        relative = Path(name) / f"year={year}"
        already = _stored_files(self.root, name, year) + sorted((self.staging / relative).glob("*.parquet"))
        fresh = _without_stored(frame, _stored_keys(already, spec.natural_key), spec.natural_key)
        if not fresh.empty:
            self._write_staged(name, fresh, relative)
        return len(fresh)

    def _is_staged(self, path: Path) -> bool:
        return self.staging in path.parents

    def _live_files(self, name: str) -> list[Path]:
        """The table's files as they will be after this batch so far: stored minus removed, plus staged."""
        removed = {source for source, target in self.moves if self._is_staged(target)}
        folder = self.root / name
        stored = sorted(folder.glob("**/*.parquet")) if folder.is_dir() else []
        staged = [
            source
            for source, target in self.moves
            if self._is_staged(source) and target.relative_to(self.root).parts[0] == name
        ]
        return [f for f in stored if f not in removed] + staged

    def _remove_stored(self, name: str, rows: pd.DataFrame) -> None:
        """Take the given stored rows out of their files (committed files are replaced by copies)."""
        key = list(schema.TABLES[name].natural_key)
        for file_text, doomed in rows.groupby(_FILE_COLUMN, sort=True):
            file = Path(file_text)
            frame = pq.read_table(file).to_pandas()
            hit = (
                frame[key]
                .astype(str)
                .merge(doomed[key].astype(str).drop_duplicates().assign(_doomed=True), on=key, how="left")
            )
            keep = frame.loc[hit["_doomed"].isna().to_numpy()]
            if self._is_staged(file):
                if keep.empty:
                    file.unlink()
                    self.moves = [(s, t) for s, t in self.moves if s != file]
                else:
                    pq.write_table(conform(name, keep), file, compression="zstd")
                continue
            relative = file.parent.relative_to(self.root)
            backup = self.staging / REPLACED / relative / file.name
            backup.parent.mkdir(parents=True, exist_ok=True)
            self.moves.append((file, backup))
            if not keep.empty:
                self._write_staged(name, keep, relative)

    def _stage_versions(self, name: str, frame: pd.DataFrame) -> int:
        """Write new rows and newer versions; stored rows that the newer ones replace are removed."""
        spec = schema.TABLES[name]
        key = list(spec.natural_key)
        found = _matching(self._live_files(name), name, frame[key])
        verdicts = compare_with_stored(name, frame, found.drop(columns=[_FILE_COLUMN]))
        verdict = verdicts["verdict"]
        if spec.version_column is None:
            verdict = verdict.replace({CONFLICT: NEWER})
        conflicting = verdict == CONFLICT
        if conflicting.any():
            ids = ", ".join(_record_id(frame.loc[conflicting], key).head(5))
            raise VersionConflict(
                f"{name}: {int(conflicting.sum())} row(s) differ from the stored ones with the same id "
                f"and are not newer versions ({ids})"
            )
        newer = (verdict == NEWER).to_numpy()
        if newer.any():
            previous = found.iloc[verdicts.loc[newer, "stored"].to_numpy()].reset_index(drop=True)
            self._versions.append(self._version_rows(name, frame.loc[newer], previous))
            self._remove_stored(name, previous)
        written = frame.loc[(verdict == NEW).to_numpy() | newer]
        if not written.empty:
            self._write_by_year(name, written)
        result = self.result
        result.count(result.rows_replaced, name, int(newer.sum()))
        result.count(result.rows_skipped, name, int((verdict == OLDER).sum()))
        result.count(result.rows_already_stored, name, int((verdict == SAME).sum()))
        return len(written)

    def _version_rows(self, name: str, incoming: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
        """``record_version`` rows for stored rows replaced by ``incoming`` (position-aligned)."""
        spec = schema.TABLES[name]
        key = list(spec.natural_key)
        new = typed(name, incoming.reset_index(drop=True))
        old = typed(name, previous.drop(columns=[_FILE_COLUMN]))
        content = [c for c in spec.stored_columns if c not in key and c != "batch_id"]
        differs = {column: _differs(new[column], old[column]) for column in content}
        changed, before = [], []
        for i in range(len(new)):
            columns = [c for c in content if differs[c][i]]
            changed.append(",".join(columns))
            values = {c: _json_value(old.at[i, c]) for c in columns if (name, c) not in NOT_COPIED}
            before.append(json.dumps(values, ensure_ascii=False, sort_keys=True))
        version = spec.version_column
        return pd.DataFrame(
            {
                "batch_id": self.batch_id,
                "table_name": name,
                "record_id": _record_id(new, key).to_numpy(),
                "unit_id": new["unit_id"].to_numpy() if "unit_id" in new else None,
                "service_area_id": new["service_area_id"].to_numpy() if "service_area_id" in new else None,
                "previous_batch_id": old["batch_id"].to_numpy(),
                "previous_updated_at": old[version].to_numpy() if version else pd.NaT,
                "updated_at": new[version].to_numpy() if version else pd.NaT,
                "changed": changed,
                "previous": before,
            }
        )

    def _stage_dimension(self, name: str, frame: pd.DataFrame) -> int:
        """Dimensions are upserted: stored rows are kept unless the batch has the same key."""
        spec = schema.TABLES[name]
        old_files = _stored_files(self.root, name, None)
        staged_before = [staged for staged, final in self.moves if final.parent.name == name]
        previous = [pq.read_table(f).to_pandas() for f in old_files + staged_before]
        merged = pd.concat([frame, *previous], ignore_index=True) if previous else frame
        merged = merged.drop_duplicates(subset=list(spec.natural_key), keep="first")
        self.moves = [(s, f) for s, f in self.moves if s not in staged_before]
        for file in staged_before:
            file.unlink()
        for file in old_files:
            backup = self.staging / REPLACED / name / file.name
            backup.parent.mkdir(parents=True, exist_ok=True)
            if (file, backup) not in self.moves:
                self.moves.append((file, backup))
        self._write_staged(name, merged, Path(name))
        return _count_changed(frame, previous)

    def stored_rows(self, name: str, keys: pd.DataFrame) -> pd.DataFrame:
        """Stored rows of a fact table whose natural key appears in ``keys`` (see :func:`stored_rows`)."""
        return _matching(self._live_files(name), name, keys).drop(columns=[_FILE_COLUMN])

    def delete_rows(self, name: str, doomed: Callable[[pd.DataFrame], pd.Series]) -> int:
        """Stage the removal of stored rows where ``doomed(frame)`` is true; returns how many."""
        folder = self.root / name
        files = sorted(folder.glob("**/*.parquet")) if folder.is_dir() else []
        deleted = 0
        for file in files:
            frame = pq.read_table(file).to_pandas()
            mask = doomed(frame).to_numpy(dtype=bool)
            if not mask.any():
                continue
            deleted += int(mask.sum())
            relative = file.parent.relative_to(self.root)
            backup = self.staging / REPLACED / relative / file.name
            backup.parent.mkdir(parents=True, exist_ok=True)
            self.moves.append((file, backup))
            if not mask.all():
                self._write_staged(name, frame.loc[~mask], relative)
        return deleted

    def stage_file(self, relative_path: str, data: bytes) -> Path:
        """Stage a side file (e.g. a quarantine CSV) committed with the batch; returns its final path."""
        staged = self.staging / "_files" / relative_path
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        final = self.root / relative_path
        self.moves.append((staged, final))
        return final

    def stage_audit(self, audit: dict) -> None:
        """Stage the ``record_version`` rows and the import_batch row; the latter is moved last."""
        if self._versions:
            versions = pd.concat(self._versions, ignore_index=True)
            versions = versions.drop_duplicates(["table_name", "record_id"], keep="first")
            self._write_staged("record_version", versions, Path("record_version"))
        row = pd.DataFrame([{**audit, "batch_id": self.batch_id}])
        self._write_staged("import_batch", row, Path("import_batch"))


class WarehouseWriter:
    """Writes batches into a warehouse folder, one writer at a time (a file lock)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        if journal.reading(self.root):
            raise RuntimeError("cannot write the warehouse inside journal.committed() of the same thread")
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILE, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def recover(self) -> list[str]:
        """Roll back every batch whose commit was interrupted; returns their ids."""
        with self._exclusive():
            return self._recover_unlocked()

    def _recover_unlocked(self) -> list[str]:
        rolled_back = []
        if journal.journals(self.root):  # only writers make journals, and this one holds the write lock
            with commit_lock(self.root):
                rolled_back = journal.roll_back(self.root)
        for unfinished in (self.root / JOURNAL).glob("*.tmp") if (self.root / JOURNAL).is_dir() else []:
            unfinished.unlink()
        staging = self.root / STAGING
        if staging.is_dir():
            shutil.rmtree(staging)
        return rolled_back

    @contextmanager
    def batch(
        self,
        *,
        source: str,
        file_name: str,
        sha256: str,
        imported_by: str,
        rows_in: int | None = None,
        rows_rejected: int = 0,
    ) -> Iterator[Batch]:
        """Stage writes in the block; commit them and their audit row when it ends cleanly.

        ``rows_in`` defaults to the rows given to :meth:`Batch.add`; the block may set
        ``batch.rows_in`` / ``batch.rows_rejected`` to what the reader saw and ``batch.status``
        (default ``committed``; e.g. ``rejected`` for an audited import that wrote no rows) and
        ``batch.rows_accepted`` (default: the rows written to all tables).
        """
        with self._exclusive():
            self._recover_unlocked()
            batch = Batch(self.root, new_batch_id())
            batch.rows_in = rows_in
            batch.rows_rejected = rows_rejected
            batch.status = "committed"
            batch.rows_accepted = None
            try:
                yield batch
            except BaseException:
                shutil.rmtree(batch.staging, ignore_errors=True)
                raise
            accepted = sum(batch.result.rows_written.values())
            if batch.rows_accepted is not None:
                accepted = batch.rows_accepted
            batch.stage_audit(
                {
                    "source": source,
                    "file_name": file_name,
                    "sha256": sha256,
                    "imported_at": datetime.now().replace(microsecond=0),
                    "imported_by": imported_by,
                    "rows_in": batch.rows_in if batch.rows_in is not None else accepted,
                    "rows_accepted": accepted,
                    "rows_rejected": batch.rows_rejected,
                    "status": batch.status,
                    "rows_replaced": sum(batch.result.rows_replaced.values()),
                    "rows_skipped": sum(batch.result.rows_skipped.values()),
                }
            )
            self._commit(batch)

    def _commit(self, batch: Batch) -> None:
        """Journal, move every staged file into place, drop the journal: under the commit lock."""
        journal_file = self.root / JOURNAL / f"{batch.batch_id}.json"
        with commit_lock(self.root):
            journal.write_journal(journal_file, batch.moves)
            for source, target in batch.moves:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
            journal_file.unlink()
        shutil.rmtree(batch.staging, ignore_errors=True)
