"""Determinism of the demo generator and the ``cli.py demo`` command."""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import pyarrow.parquet as pq
import pytest

from cli import main
from data_access import schema
from data_access.demo.build import build_demo
from data_access.demo.common import DemoConfig


def _content_hashes(root) -> dict[str, str]:
    """Per table: a hash of its rows sorted by natural key, batch ids left out."""
    hashes = {}
    for name, spec in schema.TABLES.items():
        if name == "import_batch" or not (root / name).exists():
            continue
        files = sorted((root / name).glob("**/*.parquet"))
        frame = pd.concat([pq.read_table(f).to_pandas() for f in files], ignore_index=True)
        frame = frame.drop(columns=["batch_id"], errors="ignore").sort_values(list(spec.natural_key))
        hashes[name] = hashlib.sha256(
            pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
        ).hexdigest()
    return hashes


@pytest.fixture(scope="module")
def small_builds(tmp_path_factory):
    config = DemoConfig(seed=7, until=date(2017, 2, 28), scale=0.2)
    roots = [tmp_path_factory.mktemp(f"demo{i}") for i in range(3)]
    build_demo(roots[0], config)
    build_demo(roots[1], config)
    build_demo(roots[2], DemoConfig(seed=8, until=config.until, scale=config.scale))
    return [_content_hashes(root) for root in roots]


def test_same_seed_gives_identical_rows(small_builds):
    first, second, _ = small_builds
    unwritten = ("import_batch", "record_version")
    assert set(first) == {n for n in schema.TABLES if n not in unwritten}
    assert first == second


def test_different_seed_gives_different_facts(small_builds):
    first, _, other = small_builds
    assert first["unit"] == other["unit"]
    for name in ("quick_feedback", "feedback", "survey_answer", "case"):
        assert first[name] != other[name], name


def test_scale_multiplies_quick_feedback_and_until_cuts(tmp_path):
    small = build_demo(tmp_path / "a", DemoConfig(seed=1, until=date(2016, 1, 31), scale=0.5))
    large = build_demo(tmp_path / "b", DemoConfig(seed=1, until=date(2016, 1, 31), scale=1.0))
    assert large.rows["quick_feedback"] == pytest.approx(2 * small.rows["quick_feedback"], rel=0.05)
    assert large.rows["feedback"] == small.rows["feedback"]
    frame = pq.read_table(tmp_path / "b" / "quick_feedback").to_pandas()
    assert frame["ts"].max() < pd.Timestamp("2016-02-01")


def test_cli_builds_and_refuses_a_non_empty_folder(tmp_path, capsys):
    target = tmp_path / "wh"
    assert (
        main(["demo", "--warehouse", str(target), "--until", "2016-01-15", "--scale", "0.1", "--seed", "3"])
        == 0
    )
    printed = capsys.readouterr().out
    assert "quick_feedback" in printed and "done in" in printed
    audit = pq.read_table(target / "import_batch").to_pandas()
    assert set(audit["source"]) == {"demo"} and len(audit) == 8  # the last: open texts and their themes
    assert main(["demo", "--warehouse", str(target), "--until", "2016-01-15"]) == 2
    assert "already holds" in capsys.readouterr().out
