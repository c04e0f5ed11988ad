"""``python -m benchmarks.import_throughput [--rows N]``: import a generated HappyOrNot CSV.

Writes an N-row (default 1 000 000) Customer API CSV export over 40 experience points and
three surveys (four, five_reversed, nps), imports it into a fresh warehouse through the
whole pipeline (read, validate, duplicate checks, one atomic batch) and prints rows per
second and the peak memory of each import (the count is reset between them). Target: 1 M rows in
under 60 s. Then re-imports the same file to
time the idempotent path (every row already stored).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from data_access.ingest.pipeline import Options, import_file
from data_access.store import WarehouseWriter

TARGET_SECONDS = 60.0
POINTS = 40


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    """Start the peak-memory count afresh (Linux: writing 5 to clear_refs resets VmHWM)."""
    Path("/proc/self/clear_refs").write_text("5")


def _organisation(root: Path) -> None:
    units = pd.DataFrame(
        {
            "unit_id": [f"U{i:03d}" for i in range(POINTS)],
            "name_fi": [f"Toimipiste {i}" for i in range(POINTS)],
            "name_sv": [f"Verksamhetsställe {i}" for i in range(POINTS)],
            "name_en": [f"Unit {i}" for i in range(POINTS)],
            "service_id": "terveysasemat",
            "service_area_id": "tpp",
            "valid_from": datetime(2015, 1, 1).date(),
        }
    )
    mapping = pd.DataFrame(
        {
            "source": "happyornot",
            "source_key": [f"EP-{i}" for i in range(POINTS)],
            "unit_id": units["unit_id"],
        }
    )
    with WarehouseWriter(root).batch(
        source="benchmark", file_name="-", sha256="", imported_by="bench"
    ) as batch:
        batch.add("unit", units)
        batch.add("source_unit_map", mapping)


def write_export(path: Path, rows: int, seed: int = 7) -> None:
    """A realistic Customer API CSV export of ``rows`` button presses."""
    rng = np.random.default_rng(seed)
    start = datetime(2023, 1, 1)
    seconds = np.sort(rng.integers(0, 700 * 24 * 3600, rows))
    surveys = rng.choice(np.array(["S-4", "S-5R", "S-NPS"]), rows, p=[0.8, 0.15, 0.05])
    index = np.where(
        surveys == "S-4",
        rng.integers(0, 4, rows),
        np.where(surveys == "S-5R", rng.integers(0, 5, rows), rng.integers(0, 11, rows)),
    )
    frame = pd.DataFrame(
        {
            "feedbackId": [f"fb-{i:08d}" for i in range(rows)],
            "smileyId": [f"sm-{i % 97}" for i in range(rows)],
            "localTime": (pd.Timestamp(start) + pd.to_timedelta(seconds, unit="s")).strftime(
                "%Y-%m-%dT%H:%M:%S"
            ),
            "surveyId": surveys,
            "experiencePointId": [f"EP-{i}" for i in rng.integers(0, POINTS, rows)],
            "buttonIndex": index,
            "misuse": np.where(rng.random(rows) < 0.02, "true", "false"),
            "ui": "SMILEY_TERMINAL",
            "smileyType": "HAPPY_FACES",
        }
    )
    frame.to_csv(path, index=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        export, surveys = work / "feedback.csv", work / "surveys.json"
        surveys.write_text(
            json.dumps(
                {
                    "surveys": [
                        {"surveyId": "S-4", "feedbackScale": "four"},
                        {"surveyId": "S-5R", "feedbackScale": "five_reversed"},
                        {"surveyId": "S-NPS", "feedbackScale": "nps"},
                    ]
                }
            )
        )
        write_export(export, arguments.rows)
        file_mb = round(export.stat().st_size / 1e6, 1)
        root = work / "warehouse"
        _organisation(root)
        options = Options(metadata=(surveys,))
        _reset_peak()
        started = time.perf_counter()
        result = import_file(root, "happyornot", export, user="bench", options=options)
        first = time.perf_counter() - started
        first_peak = _peak_mb()
        _reset_peak()
        started = time.perf_counter()
        again = import_file(root, "happyornot", export, user="bench", options=options)
        second = time.perf_counter() - started
    report = {
        "rows": arguments.rows,
        "file_mb": file_mb,
        "status": result.status,
        "written": result.rows_written,
        "import_s": round(first, 2),
        "rows_per_s": round(arguments.rows / first),
        "reimport_s": round(second, 2),
        "reimport_already_stored": again.rows_already_stored,
        "import_peak_mb": round(first_peak),
        "reimport_peak_mb": round(_peak_mb()),
        "target_s": TARGET_SECONDS,
        "ok": first < TARGET_SECONDS and result.status == "ok",
    }
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
