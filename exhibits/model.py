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
    """The value as shown, or the mark of a hidden one ("n < 5", "suojattu", "–")."""
    n: int | None
    """The answers behind the value; None where the count itself is hidden (public rules)."""
    delta: str | None = None
    """The change against the comparison (value on the basis − comparison value), formatted
    (``+2,1 %-yks.``); None without one."""
    comparison: str | None = None
    """One line naming the comparison value and its n (and the value on the comparison's basis
    where that differs from the headline), then the change as ``run_query`` classified it
    ("pieni muutos (alle 1,0)")."""
    data_through: date | None = None
    spark: go.Figure | None = None
    """The last twelve months as a small line (the dashboard's tile)."""
    secondary: bool = False
    """Shown under the preceding main figure, in smaller type."""
    higher_is_better: bool | None = None
    description: str = ""
    change: str | None = None
    """The classification (``rise``, ``fall``, ``small_change``, ``no_change``, ``not_assessed``);
    None without a comparison. Only a rise or a fall is marked as a change."""
    assessment: str | None = None
    """The classification in words ("pieni muutos (alle 1,0)"), also the end of :attr:`comparison`."""
    notes: tuple[str, ...] = ()
    """What the change covers when less than the headline: the stretches and the basis compared."""
    legend: tuple[str, ...] = ()
    """What the value's mark means, where it shows one ("n < 5 piilotettu, …")."""


@dataclass(frozen=True)
class Exhibit:
    """One view: a chart with its data table, a table alone, or a row of key figures."""

    key: str
    """Stable id within a page (``qf_happy``): widget keys, file names, the export choice."""
    title: str
    table: pd.DataFrame
    """The data as shown: localised headings, formatted cells, each hidden cell's mark."""
    figure: go.Figure | None = None
    kpis: tuple[Kpi, ...] = ()
    caption: str = ""
    """Filters, period, n and data date in one line (the slide caption), then the remarks."""
    n: int | None = None
    """Answers or cases behind the whole exhibit, hidden cells included (``run_query``'s
    ``n_total``); None where it has no single n or the total itself is hidden."""
    notes: tuple[str, ...] = ()
    """The numbers in sentences: speaker notes and the screen reader's summary."""
    empty: str | None = None
    """Why nothing is shown (``no_data``, ``suppressed``, ``out_of_scope``); None when it shows."""
    csv: pd.DataFrame | None = None
    """A fuller table for the CSV download, when it differs from ``table``."""
    intro: str = ""
    """How to read the exhibit, shown under its title on screen."""
    private: bool = False
    """Record-level (one row per item, e.g. the feedback received), with or without open text:
    shown only on the signed-in user's own screen, never presented or exported from the screen."""
    legend: tuple[str, ...] = ()
    """What the marks in the table and chart mean, one line per mark present ("suojattu = …")."""
    remarks: tuple[str, ...] = ()
    """What a shown change covers when less than the headline (the stretches and the basis
    compared); also in the caption and the notes."""

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
