"""What the writers share: cell texts, the marks' legend, the reason an exhibit is empty, section
placement, chunking."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TypeVar

import numpy as np
import pandas as pd

import texts
from exhibits.model import Deck, Exhibit, Kpi

T = TypeVar("T")

_NUMBER = re.compile(r"^[+\-−±]?\d")
MARKS = ("no_data", "small", "protected", "not_assessed")
"""The marks a cell may show instead of a value (texts ``mark.*``)."""


def cell_text(value: object, language: str) -> str:
    """A table cell as text: formatted cells as they are, raw numbers and dates in the language."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return "–"
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, int | np.integer):
        return texts.number(int(value), 0, language)
    if isinstance(value, float | np.floating):
        return texts.number(float(value), 0 if float(value).is_integer() else 1, language)
    if isinstance(value, datetime):
        return texts.day(value.date(), language)
    if isinstance(value, date):
        return texts.day(value, language)
    return str(value)


def table_cells(table: pd.DataFrame, language: str) -> tuple[list[str], list[list[str]]]:
    """The headings and the rows of a table, every cell as text."""
    headings = [str(column) for column in table.columns]
    rows = [[cell_text(value, language) for value in row] for row in table.itertuples(index=False)]
    return headings, rows


def numeric_columns(rows: Sequence[Sequence[str]], language: str) -> list[bool]:
    """Per column: whether every shown value is a number (written right-aligned)."""
    if not rows:
        return []
    blanks = {"", "–", texts.t("chart.suppressed", language)}
    blanks |= {texts.t(f"mark.{mark}", language, min_n="") for mark in MARKS}
    small = _small_prefix(language)
    flags = []
    for column in zip(*rows, strict=True):
        shown = [cell for cell in column if cell not in blanks and not cell.startswith(small)]
        flags.append(bool(shown) and all(_NUMBER.match(cell) for cell in shown))
    return flags


def _small_prefix(language: str) -> str:
    """The fixed start of a small cell's mark ("n < " of "n < 5")."""
    return texts.t("mark.small", language, min_n="")


def legend_line(exhibit: Exhibit, language: str) -> str | None:
    """The marks' legend as one line ("Merkinnät: – ei tietoja; …"), None when no mark shows."""
    if not exhibit.legend:
        return None
    return f"{texts.t('legend.title', language)}: {'; '.join(exhibit.legend)}"


def spoken_notes(exhibit: Exhibit, language: str) -> tuple[str, ...]:
    """The speaker notes: the exhibit's notes, ending with the marks' legend (once)."""
    legend = legend_line(exhibit, language)
    return (*exhibit.notes, legend) if legend and legend not in exhibit.notes else exhibit.notes


def kpi_n(kpi: Kpi, language: str) -> str | None:
    """The "n = …" line of a key figure, None where the n itself is hidden (public rules)."""
    if kpi.n is None:
        return None
    return texts.t("writer.kpi_n", language, n=texts.number(kpi.n, 0, language))


def empty_reason(exhibit: Exhibit, language: str) -> str:
    """Why an empty exhibit shows nothing: its notes, else the catalog's text for its ``empty`` code."""
    if exhibit.notes:
        return " ".join(exhibit.notes)
    key = f"empty.{exhibit.empty}"
    return texts.t(key, language) if texts.has(key) else texts.t("writer.empty", language)


def alt_text(exhibit: Exhibit) -> str:
    """The text alternative of a chart: the numbers in sentences, else its title."""
    return " ".join(exhibit.notes) or exhibit.title


def sections_at(deck: Deck) -> dict[int, list[str]]:
    """Section headings by the index of the exhibit they precede; past the end → ``len(exhibits)``."""
    placed: dict[int, list[str]] = {}
    for heading, index in deck.sections:
        placed.setdefault(min(max(index, 0), len(deck.exhibits)), []).append(heading)
    return placed


def chunks(items: Sequence[T], limit: int) -> list[list[T]]:
    """``items`` in the fewest parts of at most ``limit``, as even as possible (30 by 12 → 10+10+10)."""
    if not items:
        return [[]]
    parts = math.ceil(len(items) / limit)
    size, extra = divmod(len(items), parts)
    result, start = [], 0
    for part in range(parts):
        end = start + size + (1 if part < extra else 0)
        result.append(list(items[start:end]))
        start = end
    return result


def part_title(title: str, page: int, pages: int, language: str) -> str:
    """The title of part ``page`` of ``pages`` (the later ones marked as continued)."""
    if pages == 1:
        return title
    key = "writer.part" if page == 1 else "writer.continued"
    return texts.t(key, language, title=title, page=page, pages=pages)
