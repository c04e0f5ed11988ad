"""The cached query facade: the only module that uses ``st.cache_data``/``st.cache_resource``.

The Warehouse is cached as a resource (one engine per process); query results are cached by
(QuerySpec, scope.cache_key(), warehouse.data_version()), so users with different scopes never
share a result and a committed import is visible on the next query. Entries expire after a
minute at the latest.

Results are kept as objects (``st.cache_resource``), not pickled, and every caller gets its own
shallow copy: a page asks for dozens of cached results per run, and unpickling each one cost
more than a copy does. Under pandas' copy-on-write a change to a caller's copy copies the data it
changes and never reaches the cached frame, so the data itself is not copied up front (deep
copies of the dimension tables and results cost ≈50 ms a run of a chart-heavy page).

Where ``$JOHDON_QUERY_PROCESSES`` asks for them (``python -m ui.serve`` does), the metric results
are computed in worker processes (:mod:`metrics.workers`), within the same scope.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pandas as pd
import streamlit as st

from data_access.scope import Scope
from data_access.warehouse import Warehouse, default_path
from exhibits.source import Dimensions, own_unit, read_dimensions
from metrics.catalog import CATALOG, MetricDef
from metrics.freshness import data_through
from metrics.listing import received_feedback
from metrics.peers import PeerPlace, peer_place
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from metrics.themes import theme_examples, theme_words
from metrics.workers import QueryProcesses, processes_asked, shared

TTL_SECONDS = 60
STATEMENT_CACHE = 2000
"""Statements whose rows the process's warehouse keeps (``Warehouse(statement_cache=…)``): the
metrics of one channel share their aggregations, the comparisons their coverage queries."""
WORKERS = 4
"""Concurrent queries of one prefetch (the warehouse engine's connection pool size)."""
_HASHERS = {Scope: Scope.cache_key, QuerySpec: repr, Period: repr}


class _Handle:
    """One open warehouse and the data version its connections have seen."""

    def __init__(self, root: str) -> None:
        self.warehouse = Warehouse(root, statement_cache=STATEMENT_CACHE)
        self.version = self.warehouse.data_version()
        self.lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _open(root: str) -> _Handle:
    return _Handle(root)


def _handle() -> _Handle:
    handle = _open(str(default_path().resolve()))
    version = handle.warehouse.data_version()
    if version != handle.version:
        with handle.lock:
            if version != handle.version:
                handle.warehouse.refresh()
                handle.version = version
    return handle


def warehouse() -> Warehouse:
    """The process's warehouse (``$JOHDON_WAREHOUSE``), refreshed after new imports."""
    return _handle().warehouse


def data_version() -> str:
    """The current data version token (part of every cache key)."""
    return _handle().version


def _cached(max_entries: int | None = None):
    """A cached function of the facade: results kept as objects for :data:`TTL_SECONDS`."""
    return st.cache_resource(
        ttl=TTL_SECONDS, max_entries=max_entries, show_spinner=False, hash_funcs=_HASHERS
    )


@_cached(max_entries=20)
def _dimensions(root: str, version: str) -> Dimensions:
    return read_dimensions(warehouse())


def dimensions() -> Dimensions:
    """The dimension tables of the current data version."""
    found = _dimensions(str(warehouse().root), data_version())
    return dataclasses.replace(
        found,
        **{field.name: getattr(found, field.name).copy(deep=False) for field in dataclasses.fields(found)},
    )


def query_processes() -> QueryProcesses | None:
    """The worker processes ``$JOHDON_QUERY_PROCESSES`` asks for (:func:`metrics.workers.processes_asked`;
    ``python -m ui.serve`` asks for one per core), started on the first call; None when the
    results are computed in this process."""
    count = processes_asked(warehouse().engine_name)
    return shared(warehouse().root, count, STATEMENT_CACHE) if count > 0 else None


def _result(version: str, scope: Scope, spec: QuerySpec, through: dict[str, date], benchmark: bool):
    processes = query_processes()
    if processes is not None:
        return processes.run(version, scope, spec, through, benchmark)
    reader = warehouse().benchmark_reader() if benchmark else warehouse().reader(scope)
    return run_query(reader, spec, through=through)


@_cached(max_entries=5000)
def _query(root: str, version: str, scope: Scope, spec: QuerySpec) -> pd.DataFrame:
    return _result(version, scope, spec, _data_through(root, version, scope), benchmark=False)


def query(spec: QuerySpec, scope: Scope) -> pd.DataFrame:
    """The metric result of ``spec`` within the caller's ``scope`` (cached per scope)."""
    return _query(str(warehouse().root), data_version(), scope, spec).copy(deep=False)


@_cached(max_entries=2000)
def _benchmark(root: str, version: str, scope: Scope, spec: QuerySpec) -> pd.DataFrame:
    everything = _data_through(root, version, Scope.everything())
    return _result(version, scope, spec, everything, benchmark=True)


def benchmark(spec: QuerySpec) -> pd.DataFrame:
    """Service- or city-level aggregates for comparison (aggregates only, any scope may ask)."""
    return _benchmark(str(warehouse().root), data_version(), BENCHMARK_SCOPE, spec).copy(deep=False)


BENCHMARK_SCOPE = Scope(frozenset(), frozenset({"benchmark"}))
"""A marker scope naming the benchmark reader in cache keys."""


@_cached(max_entries=500)
def _peer_place(root: str, version: str, spec: QuerySpec, unit: str, city_value: float | None) -> PeerPlace:
    return peer_place(warehouse().benchmark_reader(), spec, unit, city_value)


def prefetch(specs: Iterable[QuerySpec], scope: Scope, benchmarks: Iterable[QuerySpec] = ()) -> None:
    """Start computing a page's independent queries concurrently into the cache, and return.

    The page's later ``query``/``benchmark`` calls take each result from the cache; one still
    being computed is waited for, not computed again (the cache computes a key once), so the
    page builds its first exhibits while the rest are computed. The threads call only the cached
    functions, which use no ``st.*`` UI calls; a failing query is left for the page's own call
    to raise where it renders.
    """
    root, version = str(warehouse().root), data_version()
    jobs = [(_query, scope, spec) for spec in dict.fromkeys(specs)]
    jobs += [(_benchmark, BENCHMARK_SCOPE, spec) for spec in dict.fromkeys(benchmarks)]
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="prefetch")
    for function, key_scope, spec in jobs:
        pool.submit(function, root, version, key_scope, spec)
    pool.shutdown(wait=False)


@_cached(max_entries=1000)
def _data_through(root: str, version: str, scope: Scope) -> dict[str, date]:
    return data_through(warehouse().reader(scope))


def channel_data_through(scope: Scope) -> dict[str, date]:
    """The date each channel's data runs to, within the scope."""
    return dict(_data_through(str(warehouse().root), data_version(), scope))


@_cached(max_entries=200)
def _received(
    root: str, version: str, scope: Scope, period: Period, unit: tuple[str, ...], service: tuple[str, ...]
) -> pd.DataFrame:
    return received_feedback(warehouse().reader(scope), period, unit=unit, service=service)


def catalog() -> dict[str, MetricDef]:
    """Every metric definition."""
    return CATALOG


class FacadeSource:
    """The exhibits' Source in the dashboard: the cached queries within one user's scope."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def query(self, spec: QuerySpec) -> pd.DataFrame:
        return query(spec, self.scope)

    def benchmark(self, spec: QuerySpec) -> pd.DataFrame:
        return benchmark(spec)

    def peer_place(self, spec: QuerySpec, unit: str, city_value: float | None) -> PeerPlace:
        unit = own_unit(self.scope, unit)
        return _peer_place(str(warehouse().root), data_version(), spec, unit, city_value)

    def data_through(self) -> dict[str, date]:
        return channel_data_through(self.scope)

    def dimensions(self) -> Dimensions:
        return dimensions()

    def received_feedback(
        self, period: Period, unit: tuple[str, ...], service: tuple[str, ...]
    ) -> pd.DataFrame:
        found = _received(str(warehouse().root), data_version(), self.scope, period, unit, service)
        return found.copy(deep=False)

    def theme_drill(
        self, period: Period, theme: str, unit: tuple[str, ...], service: tuple[str, ...]
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        return _theme_drill(str(warehouse().root), data_version(), self.scope, period, theme, unit, service)


@_cached(max_entries=200)
def _theme_drill(
    root: str,
    version: str,
    scope: Scope,
    period: Period,
    theme: str,
    unit: tuple[str, ...],
    service: tuple[str, ...],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    reader = warehouse().reader(scope)
    return (
        theme_words(reader, period, theme, unit=unit, service=service),
        theme_examples(reader, period, theme, unit=unit, service=service),
    )
