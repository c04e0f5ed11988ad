"""Shared fixtures: the full default demo warehouse and a small organised warehouse for imports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ingest_support import build_organised, copy_warehouse
from ui_helpers import app_environment, build_warehouse, write_users

from data_access.demo.build import build_demo
from data_access.demo.common import DemoConfig

DEMO_UNTIL = date(2025, 12, 31)


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default demo (seed 2026, scale 1) up to 2025-12-31, so results do not depend on today."""
    root = tmp_path_factory.mktemp("demo") / "warehouse"
    build_demo(root, DemoConfig(seed=2026, until=DEMO_UNTIL, scale=1.0))
    return root


@pytest.fixture(scope="session")
def organised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding only the import tests' organisation and unit mappings (do not write to it)."""
    return build_organised(tmp_path_factory.mktemp("organised") / "wh")


@pytest.fixture
def warehouse(organised: Path, tmp_path: Path) -> Path:
    """A private copy of the organised warehouse for one import test."""
    return copy_warehouse(organised, tmp_path / "wh")


@pytest.fixture(scope="module")
def tiny_ui(tmp_path_factory) -> tuple[Path, Path]:
    """The tiny dashboard warehouse and users file of tests/ui_helpers.py (one per test module)."""
    root = tmp_path_factory.mktemp("ui")
    build_warehouse(root / "wh")
    return root, write_users(root / "users.yaml")


@pytest.fixture
def ui_environment(tiny_ui, monkeypatch, tmp_path) -> None:
    """The app's environment pointed at the tiny warehouse, with a fresh session-state folder."""
    root, users = tiny_ui
    app_environment(monkeypatch, root / "wh", users, tmp_path / "state")
