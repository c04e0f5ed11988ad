"""The choice a view is built for: the filters (period, organisation, grain, comparison, channel,
language) and the organisation a scope may choose from, with names in the current language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from data_access import vocabulary
from data_access.scope import Scope
from metrics.catalog import CATALOG
from metrics.spec import Period, QuerySpec
from texts import name_column

CHANNELS = tuple(
    dict.fromkeys(
        vocabulary.QUICK_FEEDBACK_CHANNELS + vocabulary.SURVEY_CHANNELS + vocabulary.FEEDBACK_CHANNELS
    )
)
"""Every channel code of the sources; a metric gets only the codes of its own source."""
SOURCE_CHANNELS = {
    "quick_feedback": vocabulary.QUICK_FEEDBACK_CHANNELS,
    "survey": vocabulary.SURVEY_CHANNELS,
    "feedback": vocabulary.FEEDBACK_CHANNELS,
}


def month_start(day: date, months: int = 0) -> date:
    """The first day of the month ``months`` after ``day``'s month (before it when negative)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_complete_day(day: date) -> date:
    """The last day of the last whole month up to ``day``: ``day`` itself on a month's last day."""
    return day if (day + timedelta(days=1)).day == 1 else month_start(day) - timedelta(days=1)


def anchor_day(through: Mapping[str, date | None]) -> date:
    """The day the period presets count back from: the latest date any channel's data runs to
    (``through``, as :func:`metrics.freshness.data_through` gives it), at most today; today when
    no channel has data."""
    days = [day for day in through.values() if day is not None]
    return min(max(days), date.today()) if days else date.today()


def complete_months(through: date, months: int = 12) -> Period:
    """The last ``months`` whole months up to ``through`` (the data's end or today): on 1.12.2026
    the twelve months 1.12.2025–30.11.2026, never a partial month at either end."""
    end = last_complete_day(through)
    return Period(month_start(end, -(months - 1)), end)


@dataclass(frozen=True)
class Filters:
    """What a view shows: the sidebar's choice or a report's period; hashable, URL-serialisable."""

    period: Period
    preset: str = "rolling12"
    service_area: str | None = None
    service: str | None = None
    unit: str | None = None
    grain: str = "month"
    compare: str | None = "previous"
    channel: tuple[str, ...] = ()
    language: tuple[str, ...] = ()

    def spec(self, metric: str, **changes) -> QuerySpec:
        """The QuerySpec of ``metric`` under these filters.

        A filter reaches a metric only when the metric has that dimension, and channel codes only
        when they belong to the metric's own source (terminal/app for quick feedback, …).
        """
        definition = CATALOG[metric]
        dims = definition.dimensions
        channels = tuple(c for c in self.channel if c in SOURCE_CHANNELS.get(definition.channel, ()))
        spec = QuerySpec(
            metric=metric,
            period=self.period,
            service_area=(self.service_area,) if self.service_area and "service_area" in dims else (),
            service=(self.service,) if self.service and "service" in dims else (),
            unit=(self.unit,) if self.unit and "unit" in dims else (),
            channel=channels if "channel" in dims else (),
            language=self.language if "language" in dims else (),
            compare=self.compare,
        )
        return spec.with_(**changes) if changes else spec

    def to_params(self) -> dict[str, str]:
        """The plain-string URL parameters of these filters (defaults left out)."""
        params = {
            "area": self.service_area or "",
            "service": self.service or "",
            "unit": self.unit or "",
            "period": self.preset,
            "grain": self.grain,
            "compare": self.compare or "none",
            "channel": ",".join(self.channel),
            "language": ",".join(self.language),
        }
        if self.preset == "custom":
            params["start"] = self.period.start.isoformat()
            params["end"] = self.period.end.isoformat()
        return {key: value for key, value in params.items() if value}


@dataclass(frozen=True)
class Options:
    """The service areas, services and units a scope may choose, with their names."""

    units: pd.DataFrame
    services: pd.DataFrame
    service_areas: pd.DataFrame

    @classmethod
    def for_scope(
        cls, units: pd.DataFrame, services: pd.DataFrame, areas: pd.DataFrame, scope: Scope
    ) -> Options:
        """Only the organisation the scope covers."""
        if scope.unit_ids is not None:
            units = units[units["unit_id"].isin(scope.unit_ids)]
            area_ids = set(units["service_area_id"]) | set(scope.service_area_ids)
            service_ids = set(units["service_id"])
            if scope.service_area_ids:
                service_ids |= set(
                    services.loc[services["service_area_id"].isin(scope.service_area_ids), "service_id"]
                )
            services = services[services["service_id"].isin(service_ids)]
            areas = areas[areas["service_area_id"].isin(area_ids)]
        return cls(
            units.reset_index(drop=True), services.reset_index(drop=True), areas.reset_index(drop=True)
        )

    def area_ids(self) -> list[str]:
        return sorted(self.service_areas["service_area_id"])

    def service_ids(self, area: str | None) -> list[str]:
        services = self.services
        if area:
            services = services[services["service_area_id"] == area]
        return sorted(services["service_id"])

    def unit_ids(self, area: str | None, service: str | None) -> list[str]:
        units = self.units
        if area:
            units = units[units["service_area_id"] == area]
        if service:
            units = units[units["service_id"] == service]
        return sorted(units["unit_id"])

    def names(self, level: str) -> dict[str, str]:
        """id → name in the UI language for ``unit``, ``service`` or ``service_area``."""
        frame = {"unit": self.units, "service": self.services, "service_area": self.service_areas}[level]
        return dict(zip(frame[f"{level}_id"], frame[name_column()], strict=True))
