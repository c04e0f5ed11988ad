"""The cached query facade's prefetch (ui/facade.py; issue 13, item 6 "Fast").

A prefetch starts a page's queries and returns at once, so the page builds its first exhibits
while the rest are computed; a page asking for a result still being computed waits for that
computation and gets its value, and nothing is computed twice.
"""

from __future__ import annotations

import threading
from datetime import date

import pandas as pd
import pytest
import streamlit as st
from metrics_helpers import presses, write

from data_access.scope import Scope
from metrics.spec import Period, QuerySpec
from metrics.workers import PROCESSES_ENV
from ui import facade

SPEC = QuerySpec("response_count", Period(date(2017, 3, 1), date(2017, 3, 31)))


@pytest.fixture
def slow_results(tmp_path, monkeypatch):
    """The facade on a tiny warehouse, its results computed only once ``release`` is set; the
    specs computed are listed in ``computed``."""
    write(tmp_path, quick_feedback=presses({3: 10}, unit="kallio"))
    monkeypatch.setenv("JOHDON_WAREHOUSE", str(tmp_path))
    monkeypatch.delenv(PROCESSES_ENV, raising=False)
    st.cache_resource.clear()
    release, computed = threading.Event(), []

    def result(version, scope, spec, through, benchmark):
        if not release.wait(timeout=5):  # a prefetch that waited for its results comes here
            computed.append("gave up waiting")
            raise TimeoutError("the result was never let through")
        computed.append(spec)
        return pd.DataFrame({"n": [10]})

    monkeypatch.setattr(facade, "_result", result)
    yield release, computed
    release.set()
    st.cache_resource.clear()


def test_a_prefetch_returns_before_its_queries_are_computed(slow_results):
    release, computed = slow_results
    facade.prefetch([SPEC], Scope.everything())
    assert computed == []
    release.set()
    assert facade.query(SPEC, Scope.everything())["n"].tolist() == [10]
    assert computed == [SPEC]  # the page's call waited for the prefetch's computation


def test_a_result_asked_for_again_is_computed_once(slow_results):
    release, computed = slow_results
    facade.prefetch([SPEC, SPEC], Scope.everything())
    release.set()
    facade.query(SPEC, Scope.everything())
    facade.query(SPEC, Scope.everything())
    assert computed == [SPEC]


def test_a_caller_changing_its_result_or_dimensions_leaves_the_cached_ones_as_they_were(slow_results):
    release, _ = slow_results
    release.set()
    mine = facade.query(SPEC, Scope.everything())
    mine["n"] = [99]
    mine.loc[0, "n"] = 98
    assert facade.query(SPEC, Scope.everything())["n"].tolist() == [10]
    units = facade.dimensions().units
    first = units["unit_id"].iloc[0]
    units.loc[units.index[0], "unit_id"] = "toinen"
    del units["unit_id"]
    assert facade.dimensions().units["unit_id"].iloc[0] == first
