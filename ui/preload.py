"""The chart library fetched while the sign-in form is shown.

Streamlit's frontend loads Plotly (≈4.6 MB of JavaScript) the first time a page draws a chart: in
a browser that has not visited the dashboard, right after signing in, where its download and
compilation took ≈0.5 s of the first page. The page script of :mod:`ui.accessibility` imports it
on every page, the sign-in form included, so the browser fetches, compiles and runs it meanwhile
(once; the frontend's own import then finds it loaded). It is a static file Streamlit serves to
anyone, so nothing of the data is given before sign-in.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

CHUNKS = Path(st.__file__).resolve().parent / "static" / "static" / "js"


@cache
def chart_module() -> str | None:
    """The address of the installed Streamlit's Plotly chunk, relative to the page; None when
    there is not exactly one."""
    found = list(CHUNKS.glob("PlotlyChart.*.js"))
    return f"./static/js/{found[0].name}" if len(found) == 1 else None
