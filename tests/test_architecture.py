"""Layer rules the import linter cannot see: app.py imports only streamlit, ui and the stdlib."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots.add((node.module or "").split(".")[0])
    return roots


def test_app_imports_only_streamlit_ui_and_stdlib():
    foreign = {m for m in _imported_roots(ROOT / "app.py") if m not in sys.stdlib_module_names} - {
        "streamlit",
        "ui",
    }
    assert not foreign


def test_pages_import_only_streamlit_ui_exhibits_texts_and_metrics():
    for page in (ROOT / "pages").glob("*.py"):
        foreign = {m for m in _imported_roots(page) if m not in sys.stdlib_module_names} - {
            "streamlit",
            "ui",
            "exhibits",
            "texts",
            "metrics",
        }
        assert not foreign, page.name


def test_only_the_facade_uses_streamlit_caching():
    users = [p.name for p in (ROOT / "ui").rglob("*.py") if "st.cache_" in p.read_text(encoding="utf-8")]
    assert users == ["facade.py"]
