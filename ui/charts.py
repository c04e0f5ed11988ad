"""Showing an exhibit's chart with its data table, CSV, PNG and SVG downloads (the text alternative)."""

from __future__ import annotations

import streamlit as st

import texts
from exhibits.model import Exhibit
from figures.charts import for_presentation
from reports.render import figure_png, figure_svg
from texts import t
from ui.exports import exports_available, in_language


def show(exhibit: Exhibit, large: bool = False) -> None:
    """The chart (presentation-styled when ``large``), then its table and downloads in an expander."""
    figure = for_presentation(exhibit.figure, title=False) if large else exhibit.figure
    config = {"displaylogo": False, "displayModeBar": not large}
    st.plotly_chart(figure, key=f"chart_{exhibit.key}", config=config, width="stretch")
    if large:
        return
    language = texts.current_language()
    with st.expander(t("chart.data_table")):
        table(exhibit)
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


def table(exhibit: Exhibit, large: bool = False) -> None:
    """The exhibit's table with a CSV download (semicolons and a BOM, as Finnish Excel reads it);
    on a presentation slide a plain table in the slide's type, without the download."""
    if large:
        st.table(exhibit.table, hide_index=True)
        return
    st.dataframe(exhibit.table, hide_index=True, width="stretch", key=f"table_{exhibit.key}")
    csv = exhibit.csv if exhibit.csv is not None else exhibit.table
    st.download_button(
        t("chart.download_csv"),
        csv.to_csv(index=False, sep=";").encode("utf-8-sig"),
        file_name=f"{exhibit.key}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"csv_{exhibit.key}",
    )
