"""Where exhibits get their numbers: a :class:`Source` answers metric queries within one scope.

The dashboard's source is the cached facade; reports and the CLI use :class:`WarehouseSource`,
which reads the warehouse directly. Either way the caller's scope is enforced in data_access.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Protocol

import pandas as pd

from data_access.events import read_events
from data_access.guard import ScopeViolation
from data_access.scope import Scope
from data_access.warehouse import Warehouse
from metrics.freshness import data_through
from metrics.listing import FEEDBACK_COLUMNS, received_feedback
from metrics.peers import PeerPlace, peer_place
from metrics.query import result_columns, run_query
from metrics.spec import Period, QuerySpec
from metrics.themes import theme_examples, theme_words


@dataclass(frozen=True)
class Dimensions:
    """The organisation's dimension tables (not scoped: names are public)."""

    service_areas: pd.DataFrame
    services: pd.DataFrame
    units: pd.DataFrame
    surveys: pd.DataFrame
    items: pd.DataFrame
    events: pd.DataFrame
    """The events on the timeline, earliest first (data_access/events.py)."""


def read_dimensions(warehouse: Warehouse) -> Dimensions:
    """Every dimension table of the warehouse."""
    reader = warehouse.reader(Scope.everything())
    return Dimensions(
        service_areas=reader.dimension("service_area"),
        services=reader.dimension("service"),
        units=reader.dimension("unit"),
        surveys=reader.dimension("survey"),
        items=reader.dimension("survey_item"),
        events=read_events(reader),
    )


def own_unit(scope: Scope, unit: str) -> str:
    """``unit`` where the scope covers it; a peer place of another unit would reveal its figures."""
    if not scope.allows_unit(unit):
        raise ScopeViolation(f"unit {unit!r} is outside the caller's scope")
    return unit


class Source(Protocol):
    """Metric answers within the caller's scope."""

    scope: Scope

    def query(self, spec: QuerySpec) -> pd.DataFrame:
        """The result of ``spec`` within the scope."""

    def benchmark(self, spec: QuerySpec) -> pd.DataFrame:
        """Service- or city-level aggregates for comparison (any scope may ask)."""

    def peer_place(self, spec: QuerySpec, unit: str, city_value: float | None) -> PeerPlace:
        """Where one of the scope's units stands among its service's units (aggregates only)."""

    def data_through(self) -> dict[str, date]:
        """The date each channel's data runs to within the scope."""

    def dimensions(self) -> Dimensions:
        """The organisation's dimension tables."""

    def received_feedback(
        self, period: Period, unit: tuple[str, ...], service: tuple[str, ...]
    ) -> pd.DataFrame:
        """The newest feedback items received in the period (with masked text where the scope allows it)."""

    def theme_drill(
        self, period: Period, theme: str, unit: tuple[str, ...], service: tuple[str, ...]
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """A theme's matched words and its newest masked example comments within the scope."""


class WarehouseSource:
    """A Source reading a warehouse directly (reports, the CLI); answers are kept for its lifetime."""

    def __init__(self, warehouse: Warehouse, scope: Scope) -> None:
        self.warehouse = warehouse
        self.scope = scope
        self.query = cache(self._query)
        self.benchmark = cache(self._benchmark)

    def _query(self, spec: QuerySpec) -> pd.DataFrame:
        return run_query(self.warehouse.reader(self.scope), spec, through=self.data_through())

    def _benchmark(self, spec: QuerySpec) -> pd.DataFrame:
        return run_query(self.warehouse.benchmark_reader(), spec, through=self._everything_through())

    def peer_place(self, spec: QuerySpec, unit: str, city_value: float | None) -> PeerPlace:
        return peer_place(self.warehouse.benchmark_reader(), spec, own_unit(self.scope, unit), city_value)

    @cache  # noqa: B019 - one source lives for one report
    def data_through(self) -> dict[str, date]:
        return data_through(self.warehouse.reader(self.scope))

    @cache  # noqa: B019
    def _everything_through(self) -> dict[str, date]:
        return data_through(self.warehouse.reader(Scope.everything()))

    @cache  # noqa: B019
    def dimensions(self) -> Dimensions:
        return read_dimensions(self.warehouse)

    def received_feedback(
        self, period: Period, unit: tuple[str, ...], service: tuple[str, ...]
    ) -> pd.DataFrame:
        return received_feedback(self.warehouse.reader(self.scope), period, unit=unit, service=service)

    def theme_drill(
        self, period: Period, theme: str, unit: tuple[str, ...], service: tuple[str, ...]
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        reader = self.warehouse.reader(self.scope)
        return (
            theme_words(reader, period, theme, unit=unit, service=service),
            theme_examples(reader, period, theme, unit=unit, service=service),
        )


class Recording:
    """A Source that answers every query with no rows and keeps the metric queries asked.

    A dry run of a page's builders on it names the queries their exhibits start from (a builder
    with no rows stops there), so they can be computed concurrently before the real run reads
    them from the cache. It computes nothing itself: record lists come back empty and a peer
    place unranked; only the data-through dates and the dimensions are read from ``source``.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self.scope = source.scope
        self.queries: list[QuerySpec] = []
        self.benchmarks: list[QuerySpec] = []

    def query(self, spec: QuerySpec) -> pd.DataFrame:
        self.queries.append(spec)
        return pd.DataFrame(columns=result_columns(spec))

    def benchmark(self, spec: QuerySpec) -> pd.DataFrame:
        self.benchmarks.append(spec)
        return pd.DataFrame(columns=result_columns(spec))

    def peer_place(self, spec: QuerySpec, unit: str, city_value: float | None) -> PeerPlace:
        return PeerPlace(rank=None, count=0, score=None, value=None, n=0)

    def data_through(self) -> dict[str, date]:
        return self.source.data_through()

    def dimensions(self) -> Dimensions:
        return self.source.dimensions()

    def received_feedback(
        self, period: Period, unit: tuple[str, ...], service: tuple[str, ...]
    ) -> pd.DataFrame:
        return pd.DataFrame(columns=list(FEEDBACK_COLUMNS))

    def theme_drill(
        self, period: Period, theme: str, unit: tuple[str, ...], service: tuple[str, ...]
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        return pd.DataFrame(), pd.DataFrame()
