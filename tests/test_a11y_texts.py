"""The texts behind the accessibility work, without a browser: every metric's formula in words in
fi/sv/en, Streamlit's English texts replaced per language, the page script's CSP hash, table cells
shown as written (not as Markdown)."""

from __future__ import annotations

import base64
import hashlib
import re

import pandas as pd
import pytest

import texts
from metrics.catalog import CATALOG
from ui import accessibility, presentation
from ui.charts import plain


@pytest.mark.parametrize("language", texts.LANGUAGES)
def test_every_metric_has_its_formula_in_words(language):
    for metric_id, definition in CATALOG.items():
        prose = texts.t(f"formula.{metric_id}", language)
        assert prose.strip() and prose != definition.formula, (language, metric_id)
    assert "väärinkäyt" in texts.t("formula.happy_index", "fi")
    assert "missbruk" in texts.t("formula.happy_index", "sv")


@pytest.mark.parametrize(
    ("language", "skip", "limit"),
    [
        ("fi", "Siirry pääsisältöön", "Enintään {size} Mt tiedostoa kohden"),
        ("sv", "Hoppa till huvudinnehållet", "Högst {size} MB per fil"),
        ("en", "Skip to main content", "Up to {size} MB per file"),
    ],
)
def test_the_page_script_gets_the_languages_own_texts(language, skip, limit):
    element = accessibility.settings_element(language)
    assert f'data-lang="{language}"' in element and f'data-skip="{skip}"' in element
    assert f'data-upload-limit="{limit}"' in element  # the script fills in Streamlit's size
    assert "{size}" in accessibility.PAGE_SCRIPT and "MB per file" in accessibility.PAGE_SCRIPT


def test_the_page_scripts_are_constant_and_named_by_their_hash():
    hashes = accessibility.script_hashes(presentation.KEYS_SCRIPT)
    digest = base64.b64encode(hashlib.sha256(accessibility.PAGE_SCRIPT.encode()).digest()).decode()
    assert hashes[0] == f"'sha256-{digest}'" and len(hashes) == 2
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", h) for h in hashes)
    for script in (accessibility.PAGE_SCRIPT, presentation.KEYS_SCRIPT):  # no language's words inside
        assert not any(texts.t("a11y.skip", language) in script for language in texts.LANGUAGES)


def test_table_cells_are_shown_as_written_not_as_markdown():
    table = pd.DataFrame({"Palaute *": ["[linkki](http://x)", "**lihava** $x$", "n < 5"], "n": [1, 2, 3]})
    shown = plain(table)
    assert list(shown.columns) == ["Palaute \\*", "n"]
    written = ["\\[linkki\\](http://x)", "\\*\\*lihava\\*\\* \\$x\\$", "n \\< 5"]
    assert shown["Palaute \\*"].tolist() == written
    assert shown["n"].tolist() == [1, 2, 3]
