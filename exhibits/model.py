"""What the dashboard shows and the reports print: one :class:`Exhibit` per chart, table or tile row.

An exhibit is already localised (titles, table headings, formatted cells) and carries the
numbers behind it, so the screen, the presentation mode, the PPTX deck, the PDF and the
e-mail all show the same thing from the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go


@dataclass(frozen=True)
class Kpi:
    """One key figure: the metric's name, its shown value and what backs it."""

    name: str
    value: str
    n: int
    delta: str | None = None
    """The change against the comparison, formatted (``+2,1 %-yks.``); None without one."""
    comparison: str | None = None
    """One line naming the comparison value, its n and whether the change is significant."""
    data_through: date | None = None
    spark: go.Figure | None = None
    """The last twelve months as a small line (the dashboard's tile)."""
    secondary: bool = False
    """Shown under the preceding main figure, in smaller type."""
    higher_is_better: bool | None = None
    description: str = ""


@dataclass(frozen=True)
class Exhibit:
    """One view: a chart with its data table, a table alone, or a row of key figures."""

    key: str
    """Stable id within a page (``qf_happy``): widget keys, file names, the export choice."""
    title: str
    table: pd.DataFrame
    """The data as shown: localised headings, formatted cells, "n < 5" where suppressed."""
    figure: go.Figure | None = None
    kpis: tuple[Kpi, ...] = ()
    caption: str = ""
    """Filters, period and data date in one line (the slide caption)."""
    n: int | None = None
    """Answers or cases behind the whole exhibit (None where it has no single n)."""
    notes: tuple[str, ...] = ()
    """The numbers in sentences: speaker notes and the screen reader's summary."""
    empty: str | None = None
    """Why nothing is shown (``no_data``, ``suppressed``, ``out_of_scope``); None when it shows."""
    csv: pd.DataFrame | None = None
    """A fuller table for the CSV download, when it differs from ``table``."""
    intro: str = ""
    """How to read the exhibit, shown under its title on screen."""
    private: bool = False
    """Holds open text: shown only on the signed-in user's own screen, never presented or exported."""

    @property
    def is_chart(self) -> bool:
        return self.figure is not None and self.empty is None


@dataclass(frozen=True)
class Deck:
    """A set of exhibits with a title page: an on-screen export or a generated report."""

    title: str
    subtitle: str
    language: str
    exhibits: tuple[Exhibit, ...]
    summary: tuple[str, ...] = field(default=())
    """Generated sentences on what changed (reports); shown on the first page after the title."""
    sections: tuple[tuple[str, int], ...] = field(default=())
    """(heading, index of its first exhibit): section divider slides / headings in the PDF."""
