"""Exhibits built once per view (exhibits.memo) and the dashboard's per-session memo (ui.views)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from test_app_pages import YEAR_TO_DATE
from ui_helpers import log_in, new_app, open_data_tables

from exhibits import memo
from exhibits.memo import remembered
from exhibits.selection import Filters
from exhibits.view import View
from figures import charts
from metrics.spec import Period

MARCH = Filters(period=Period(date(2017, 3, 1), date(2017, 3, 31)))


def test_a_builder_runs_once_for_the_same_view_and_arguments():
    calls = []

    @remembered
    def build(view: View, key: str, **changes: object) -> list[str]:
        calls.append((key, changes))
        return [key]

    view = View(source=None, filters=MARCH, options=None, memo={})
    assert build(view, "a") == ["a"] and build(view, "a") == ["a"]
    assert len(calls) == 1
    build(view, "a").append("changed by a caller")
    assert build(view, "a") == ["a"]  # each caller gets its own list
    build(view, "b")
    build(view, "a", include_misuse=True)
    build(view, "a", include_misuse=True)
    build(replace(view, filters=replace(MARCH, grain="week")), "a")  # another view, the same memo
    build(replace(view, public=True), "a")
    assert [key for key, _ in calls] == ["a", "b", "a", "a", "a"]


def test_without_a_memo_or_with_an_unkeyable_argument_it_builds_every_time():
    calls = []

    @remembered
    def build(view: View, table: object) -> int:
        calls.append(1)
        return len(calls)

    assert build(View(None, MARCH, None), "x") == 1 and build(View(None, MARCH, None), "x") == 2
    kept = View(None, MARCH, None, memo={})
    frame = pd.DataFrame({"a": [1]})
    assert build(kept, frame) == 3 and build(kept, frame) == 4


def test_a_memo_keeps_the_most_recently_shown_exhibits(monkeypatch):
    monkeypatch.setattr(memo, "ENTRIES", 2)
    calls = []

    @remembered
    def build(view: View, key: str) -> str:
        calls.append(key)
        return key

    view = View(None, MARCH, None, memo={})
    for key in ("a", "b", "a", "c", "a", "b"):
        build(view, key)
    assert calls == ["a", "b", "c", "b"]  # "b" was the oldest when "c" came; "a" stayed in use
    assert len(view.memo) == 2


@pytest.mark.usefixtures("ui_environment")
def test_a_rerun_with_the_same_filters_shows_the_exhibits_without_building_them(monkeypatch):
    """Opening the data tables reruns the page: the charts come from the memo. A new grain or
    another language builds them again."""
    app = log_in(new_app(YEAR_TO_DATE), "paajohtaja")
    app.switch_page("pages/quick_feedback.py").run()
    drawn: list[str] = []
    line_chart = charts.line_chart

    def counted(frame, x, series, title, *args, **kwargs):
        drawn.append(title)
        return line_chart(frame, x, series, title, *args, **kwargs)

    monkeypatch.setattr(charts, "line_chart", counted)
    open_data_tables(app)
    assert not app.exception and app.table  # the tables are drawn
    assert drawn == []
    app.sidebar.selectbox(key="f_grain").select("week").run()
    assert "Happy-indeksi" in drawn
    drawn.clear()
    app.sidebar.selectbox(key="ui_lang").select("en").run()
    assert "Happy index" in drawn
