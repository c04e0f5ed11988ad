"""What the writers share: cell texts, the reason an exhibit is empty, section placement, chunking."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TypeVar

import numpy as np
import pandas as pd

import texts
from exhibits.model import Deck, Exhibit

T = TypeVar("T")

_NUMBER = re.compile(r"^[+\-−±]?\d")


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
    flags = []
    for column in zip(*rows, strict=True):
        shown = [cell for cell in column if cell not in blanks]
        flags.append(bool(shown) and all(_NUMBER.match(cell) for cell in shown))
    return flags


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
