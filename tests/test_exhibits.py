"""Exhibits show the metrics' numbers: tables, captions, notes and charts built from run_query."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

import texts
from data_access.scope import Scope
from data_access.warehouse import Warehouse
from exhibits import build
from exhibits.selection import Filters, Options
from exhibits.source import WarehouseSource
from exhibits.view import View
from figures.charts import for_presentation
from metrics.query import run_query
from metrics.spec import Period, QuerySpec

YEAR_2017 = Period(date(2017, 1, 1), date(2017, 12, 31))


@pytest.fixture(scope="module")
def source(demo_warehouse) -> WarehouseSource:
    return WarehouseSource(Warehouse(demo_warehouse), Scope.everything())


def _view(source: WarehouseSource, period: Period = YEAR_2017, **filters) -> View:
    dims = source.dimensions()
    options = Options.for_scope(dims.units, dims.services, dims.service_areas, source.scope)
    return View(source, Filters(period=period, preset="custom", **filters), options)


def test_a_breakdown_shows_run_query_values_in_the_language(source):
    expected = run_query(
        source.warehouse.reader(Scope.everything()),
        QuerySpec("happy_index", YEAR_2017, group_by=("service",), name_language="fi"),
    ).set_index("service_id")
    with texts.use_language("fi"):
        exhibit = build.breakdown(_view(source, compare=None), "happy_index", "service", "by_service")
    table = exhibit.table.set_index("Palvelu")
    assert table.loc["Terveysasemat", "Happy-indeksi"] == texts.number(expected.loc["ter", "value"], 1, "fi")
    assert table.loc["Terveysasemat", "n"] == texts.number(expected.loc["ter", "n"], 0, "fi")
    assert exhibit.is_chart and exhibit.n == int(expected["n"].sum())
    assert exhibit.caption.startswith("1.1.2017–31.12.2017")
    assert "n = " in exhibit.caption and "Tiedot 31.12.2025 asti" in exhibit.caption
    assert any(note.startswith("Palvelu: Terveysasemat; Happy-indeksi: 86,0") for note in exhibit.notes)


def test_an_exhibit_without_data_says_why(source):
    with texts.use_language("en"):
        exhibit = build.trend(_view(source, Period(date(2010, 1, 1), date(2010, 12, 31))), "happy_index", "t")
    assert exhibit.empty == "no_data" and not exhibit.is_chart
    assert exhibit.notes == (texts.t("empty.no_data", "en"),)


def test_versus_pairs_each_group_with_the_same_period_a_year_earlier(source):
    view = _view(source, Period(date(2020, 10, 1), date(2020, 12, 31)), compare="last_year")
    with texts.use_language("fi"):
        exhibit = build.versus(view, "feedback_count", "feedback_type", "types", "Tyypit")
    assert [trace.name for trace in exhibit.figure.data] == ["Q4/2020", "Q4/2019"]
    expected = run_query(
        source.warehouse.reader(Scope.everything()),
        QuerySpec("feedback_count", view.filters.period, group_by=("feedback_type",), compare="last_year"),
    )
    assert exhibit.n == int(expected["n"].sum())
    assert list(exhibit.table.columns[:5]) == [
        "Palautetyyppi",
        "Q4/2020",
        "n Q4/2020",
        "Q4/2019",
        "n Q4/2019",
    ]
    assert sorted(exhibit.figure.data[1].x) == sorted(expected["value_cmp"].astype(float))


@pytest.mark.parametrize(
    ("period", "name"),
    [
        (Period(date(2020, 1, 1), date(2020, 12, 31)), "2020"),
        (Period(date(2020, 10, 1), date(2020, 12, 31)), "Q4/2020"),
        (Period(date(2020, 12, 7), date(2020, 12, 13)), "vko 50/2020"),
        (Period(date(2020, 2, 1), date(2020, 2, 29)), "2/2020"),
        (Period(date(2020, 2, 3), date(2020, 3, 15)), "3.2.2020–15.3.2020"),
    ],
)
def test_periods_are_named_as_people_name_them(period, name):
    with texts.use_language("fi"):
        assert build.period_name(period) == name


def test_presentation_figures_write_the_values_on_bars_and_line_ends():
    frame = pd.DataFrame(
        {"x": ["a", "b"], "value": [86.04, 71.5], "n": [10, 20], "suppressed": [False, False]}
    )
    bars = go.Figure(go.Bar(x=frame["value"], y=frame["x"], orientation="h", text=["", ""]))
    line = go.Figure(go.Scatter(x=frame["x"], y=frame["value"], mode="lines+markers"))
    with texts.use_language("fi"):
        shown_bars, shown_line = for_presentation(bars), for_presentation(line)
    assert list(shown_bars.data[0].text) == ["86,0", "71,5"]
    assert list(shown_line.data[0].text) == ["", "71,5"]
    assert shown_bars.layout.font.size >= 20
    assert list(bars.data[0].text) == ["", ""]  # the screen's figure is left as it was


def test_received_feedback_shows_masked_text_only_where_the_scope_allows_it(demo_warehouse):
    week = Period(date(2020, 12, 7), date(2020, 12, 13))
    shown = {}
    for name, scope in (
        ("director", Scope.everything()),
        ("presenter", Scope.everything().without_open_text()),
    ):
        with texts.use_language("fi"):
            shown[name] = build.received(_view(WarehouseSource(Warehouse(demo_warehouse), scope), week), "r")
    director, presenter = shown["director"], shown["presenter"]
    assert director.private and "Palaute (henkilötiedot peitetty)" in director.table.columns
    assert presenter.private and "Palaute (henkilötiedot peitetty)" not in presenter.table.columns
    assert len(director.table) == len(presenter.table) > 0
    assert not director.table["Palaute (henkilötiedot peitetty)"].str.contains(r"\w+@\w+\.\w+").any()
    assert all("Palaute (" not in note for note in director.notes)
