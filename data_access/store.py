"""The write side of the warehouse: atomic, idempotent batches with an audit row each.

A batch stages its Parquet files under ``_staging/<batch_id>/``, then commits by moving
them into place following a journal written first. If the process dies mid-commit, the
next writer (or ``cli.py repair``) reads the journal and moves everything back, so the
warehouse is as it was before that batch. Fact rows whose natural key is already stored
are skipped, so writing the same rows twice leaves one copy.
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
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from data_access import schema

STAGING = "_staging"
JOURNAL = "_journal"
LOCK_FILE = ".write.lock"


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


def _fsync_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


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
    stored = pd.concat(previous, ignore_index=True)[content].astype(str).drop_duplicates()
    merged = frame[content].astype(str).merge(stored.assign(_same=True), on=content, how="left")
    return int(merged["_same"].isna().sum())


def stored_rows(root: Path, name: str, keys: pd.DataFrame) -> pd.DataFrame:
    """Stored rows of a fact table whose natural key appears in ``keys`` (any year partition)."""
    spec = schema.TABLES[name]
    files = sorted((root / name).glob("**/*.parquet")) if (root / name).is_dir() else []
    if not files or keys.empty:
        return pd.DataFrame(columns=spec.stored_columns)
    first = spec.natural_key[0]
    wanted = pa.array(keys[first].astype(str).unique())
    frames = []
    for file in files:
        table = pq.read_table(file)
        table = table.filter(pc.is_in(table[first], value_set=wanted))
        if table.num_rows:
            frames.append(table.to_pandas())
    if not frames:
        return pd.DataFrame(columns=spec.stored_columns)
    found = pd.concat(frames, ignore_index=True)
    wanted_keys = keys[list(spec.natural_key)].astype(str).drop_duplicates()
    matched = found[list(spec.natural_key)].astype(str).merge(wanted_keys.assign(_hit=True), how="left")
    return found.loc[matched["_hit"].notna().to_numpy()].reset_index(drop=True)


@dataclass
class BatchResult:
    """What one committed batch wrote."""

    batch_id: str
    rows_written: dict[str, int] = field(default_factory=dict)
    rows_already_stored: dict[str, int] = field(default_factory=dict)


class Batch:
    """One import's staged writes; committed atomically when the ``with`` block ends."""

    def __init__(self, root: Path, batch_id: str) -> None:
        self.root = root
        self.batch_id = batch_id
        self.staging = root / STAGING / batch_id
        self.moves: list[tuple[Path, Path]] = []
        self.result = BatchResult(batch_id)
        self._sequence = 0

    def add(self, name: str, frame: pd.DataFrame) -> int:
        """Stage rows of one table; returns how many are new (not stored already)."""
        spec = schema.TABLES[name]
        if name == "import_batch":
            raise ValueError("import_batch rows are written by the batch itself")
        frame = frame.assign(batch_id=self.batch_id)
        frame = frame.drop_duplicates(subset=list(spec.natural_key), keep="first")
        if spec.date_column is None:
            written = self._stage_dimension(name, frame)
        else:
            years = pd.to_datetime(frame[spec.date_column]).dt.year
            written = 0
            for year, part in frame.groupby(years.to_numpy(), sort=True):
                written += self._stage_fact_partition(name, int(year), part)
        self.result.rows_written[name] = self.result.rows_written.get(name, 0) + written
        skipped = len(frame) - written if spec.date_column else 0
        self.result.rows_already_stored[name] = self.result.rows_already_stored.get(name, 0) + skipped
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

    def _stage_fact_partition(self, name: str, year: int, frame: pd.DataFrame) -> int:
        spec = schema.TABLES[name]
        relative = Path(name) / f"year={year}"
        already = _stored_files(self.root, name, year) + sorted((self.staging / relative).glob("*.parquet"))
        fresh = _without_stored(frame, _stored_keys(already, spec.natural_key), spec.natural_key)
        if not fresh.empty:
            self._write_staged(name, fresh, relative)
        return len(fresh)

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
            backup = self.staging / "_replaced" / name / file.name
            backup.parent.mkdir(parents=True, exist_ok=True)
            if (file, backup) not in self.moves:
                self.moves.append((file, backup))
        self._write_staged(name, merged, Path(name))
        return _count_changed(frame, previous)

    def stored_rows(self, name: str, keys: pd.DataFrame) -> pd.DataFrame:
        """Stored rows of a fact table whose natural key appears in ``keys`` (see :func:`stored_rows`)."""
        return stored_rows(self.root, name, keys)

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
            backup = self.staging / "_replaced" / relative / file.name
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
        """Stage the import_batch row; it is moved into place last."""
        row = pd.DataFrame([{**audit, "batch_id": self.batch_id}])
        self._write_staged("import_batch", row, Path("import_batch"))


class WarehouseWriter:
    """Writes batches into a warehouse folder, one writer at a time (a file lock)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
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
        journal_folder = self.root / JOURNAL
        for journal in sorted(journal_folder.glob("*.json")) if journal_folder.is_dir() else []:
            moves = json.loads(journal.read_text(encoding="utf-8"))["moves"]
            for source, target in reversed(moves):
                if Path(target).exists() and not Path(source).exists():
                    Path(source).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(target, source)
            rolled_back.append(journal.stem)
            journal.unlink()
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
                }
            )
            self._commit(batch)

    def _commit(self, batch: Batch) -> None:
        journal_folder = self.root / JOURNAL
        journal_folder.mkdir(parents=True, exist_ok=True)
        journal = journal_folder / f"{batch.batch_id}.json"
        moves = [(str(source), str(target)) for source, target in batch.moves]
        _fsync_write(journal, json.dumps({"moves": moves}).encode("utf-8"))
        for source, target in batch.moves:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        journal.unlink()
        shutil.rmtree(batch.staging, ignore_errors=True)
