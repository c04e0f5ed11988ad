"""Shared helpers of the ingest tests: fixture paths and a small organised warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from data_access.ingest.pipeline import ImportResult, Options, import_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
BAD = FIXTURES / "bad"
HON = Options(metadata=(FIXTURES / "happyornot_surveys.json", FIXTURES / "happyornot_points.json"))


def build_organised(root: Path) -> Path:
    """Service areas, services, units, the unit map, survey items and the HappyOrNot surveys and points."""
    for kind, name in (
        ("organisation", "service_areas.csv"),
        ("organisation", "services.csv"),
        ("organisation", "units.csv"),
        ("unit-map", "unit_map.csv"),
        ("survey-items", "survey_items.csv"),
        ("happyornot-metadata", "happyornot_surveys.json"),
        ("happyornot-metadata", "happyornot_points.json"),
    ):
        result = import_file(root, kind, FIXTURES / name, user="test")
        assert result.status == "ok", result.errors
    return root


def copy_warehouse(source: Path, target: Path) -> Path:
    """A private copy of a prepared warehouse for one test."""
    shutil.copytree(source, target)
    return target


def table(root: Path, name: str) -> pd.DataFrame:
    """Every stored row of a table (without the partition column)."""
    files = sorted((root / name).glob("**/*.parquet"))
    if not files:
        return pd.DataFrame()
    return pd.concat([pq.read_table(f).to_pandas() for f in files], ignore_index=True)


def snapshot(root: Path) -> dict[str, object]:
    """The warehouse state a crash must not change: data files and row counts."""
    files = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file()
        and not p.name.startswith(".")
        and "_staging" not in p.parts
        and "_journal" not in p.parts
    )
    counts = {
        name: len(table(root, name)) for name in ("quick_feedback", "open_text", "import_batch", "unit")
    }
    return {"files": files, "counts": counts}


def errors_of(result: ImportResult) -> list[tuple[int | None, str | None, str, str]]:
    """(row, column, code, value) of every error, sorted, for exact comparisons."""
    return sorted(
        ((e.row, e.column, e.code, e.value) for e in result.errors),
        key=lambda e: (e[0] or 0, e[1] or "", e[2]),
    )
