"""Showing an exhibit's chart with its data table, CSV, PNG and SVG downloads (the text alternative,
opened on request).

On screen the chart has no title of its own (the exhibit's heading names it) and carries its
accessible name (:func:`figures.charts.for_screen`); it is drawn in its own colours (no
Streamlit theme, whose light greys would fall below 4.5:1). Tables are HTML tables, which
screen readers read and which scroll sideways on a phone; one longer than :data:`ROWS` rows is
drawn once its expander is opened, and its CSV can be downloaded without opening it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import texts
from exhibits.model import Exhibit
from figures.charts import describe, for_presentation, for_screen, named
from reports.render import figure_png, figure_svg
from texts import t
from ui.exports import exports_available, in_language


def show(exhibit: Exhibit, large: bool = False) -> None:
    """The chart (presentation-styled when ``large``), then its table and downloads in an expander
    that draws them once it is opened."""
    if large:
        figure = named(for_presentation(exhibit.figure, title=False), describe(exhibit.figure, exhibit.title))
    else:
        figure = for_screen(exhibit.figure, exhibit.title)
    config = {"displaylogo": False, "displayModeBar": not large}
    st.plotly_chart(figure, key=f"chart_{exhibit.key}", config=config, width="stretch", theme=None)
    if large:
        return
    # Drawn only when opened: the tables of a chart-heavy page, each cell a Markdown element,
    # took the browser several seconds to draw for every run of the page (issue 13).
    with st.expander(t("chart.data_table"), key=f"table_{exhibit.key}", on_change="rerun") as box:
        if box.open:
            _table_and_downloads(exhibit)


def _table_and_downloads(exhibit: Exhibit) -> None:
    """The chart's data table with its CSV download, and the chart as PNG and SVG."""
    language = texts.current_language()
    table(exhibit, folded=False)
    png, svg = st.columns(2)
    unavailable = not exports_available()
    png.download_button(
        t("chart.download_png"),
        lambda: in_language(language, lambda: figure_png(for_presentation(exhibit.figure))),
        file_name=f"{exhibit.key}.png",
        mime="image/png",
        on_click="ignore",
        key=f"png_{exhibit.key}",
        disabled=unavailable,
    )
    svg.download_button(
        t("chart.download_svg"),
        lambda: figure_svg(exhibit.figure),
        file_name=f"{exhibit.key}.svg",
        mime="image/svg+xml",
        on_click="ignore",
        key=f"svg_{exhibit.key}",
        disabled=unavailable,
    )


ROWS = 25
"""Rows of a table shown at once; a longer one is drawn when its expander is opened, in a box of
:data:`TALL` pixels that scrolls (sticky header)."""
TALL = 720
MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>~|$#!"})
"""Characters ``st.table`` would read as Markdown (its cells are Markdown): written as themselves."""


def plain(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell and heading shown as written (feedback text cannot turn into
    links, emphasis or formulas)."""
    shown = table.map(lambda cell: cell.translate(MARKDOWN) if isinstance(cell, str) else cell)
    shown.columns = [str(c).translate(MARKDOWN) for c in shown.columns]
    return shown


def table(exhibit: Exhibit, large: bool = False, folded: bool = True) -> None:
    """The exhibit's table with a CSV download (semicolons and a BOM, as Finnish Excel reads it);
    on a presentation slide a plain table in the slide's type, without the download. A table of
    more than :data:`ROWS` rows is ``folded`` into an expander (not the data table of a chart,
    already in its own)."""
    if large:
        st.table(plain(exhibit.table), hide_index=True, alt=exhibit.title)
        return
    rows = len(exhibit.table)
    if rows <= ROWS or not folded:
        height = TALL if rows > ROWS else "content"
        st.table(plain(exhibit.table), hide_index=True, alt=exhibit.title, height=height)
    else:
        # A long table (the 200 newest feedback) is drawn once opened: its cells, each a Markdown
        # element, took the browser ≈0.4 s on every run of the page (issue 13).
        opener = t("chart.show_rows", count=texts.number(rows, 0))
        with st.expander(opener, key=f"table_{exhibit.key}", on_change="rerun") as box:
            if box.open:
                st.table(plain(exhibit.table), hide_index=True, alt=exhibit.title, height=TALL)
    csv = exhibit.csv if exhibit.csv is not None else exhibit.table
    st.download_button(
        t("chart.download_csv"),
        csv.to_csv(index=False, sep=";").encode("utf-8-sig"),
        file_name=f"{exhibit.key}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"csv_{exhibit.key}",
    )
