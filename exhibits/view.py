"""A :class:`View`: the source, the filters and the viewer that every exhibit is built for."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import texts
from exhibits.selection import Filters, Options
from exhibits.source import Source
from figures.tables import id_column
from metrics.catalog import CATALOG, MetricDef
from metrics.spec import QuerySpec
from texts import t

NAMED_DIMS = ("service_area", "service", "unit", "survey", "item")


@dataclass(frozen=True)
class View:
    """Who looks at which data through which filters."""

    source: Source
    filters: Filters
    options: Options
    public: bool = False
    """Open-data suppression (presenters, board material): counts 1–4 hidden as well."""

    def for_viewer(self, spec: QuerySpec) -> QuerySpec:
        """``spec`` under the viewer's rules, with names in the current language."""
        return spec.with_(public=spec.public or self.public, name_language=texts.current_language())

    def run(self, spec: QuerySpec) -> pd.DataFrame:
        """The result of ``spec`` in the viewer's scope."""
        return self.source.query(self.for_viewer(spec))

    def benchmark(self, spec: QuerySpec) -> pd.DataFrame:
        """Service or city aggregates under the viewer's rules."""
        return self.source.benchmark(spec.with_(public=spec.public or self.public))

    def spec(self, metric: str, **changes) -> QuerySpec:
        """The QuerySpec of ``metric`` under the filters, with ``changes``."""
        return self.filters.spec(metric, **changes)

    def filters_text(self) -> str:
        """The active filters in one line."""
        f = self.filters
        parts = [t("filters.period_caption", start=texts.day(f.period.start), end=texts.day(f.period.end))]
        for level, value in (("service_area", f.service_area), ("service", f.service), ("unit", f.unit)):
            if value:
                parts.append(self.options.names(level).get(value, value))
        if f.compare:
            parts.append(t("filters.compare") + ": " + texts.label("compare", f.compare))
        parts += [texts.label("channel", c) for c in f.channel]
        parts += [texts.label("language", c) for c in f.language]
        return " · ".join(parts)

    def caption(self, definition: MetricDef | None = None, n: int | None = None) -> str:
        """Filters, n and the data date of the metric's channel: the slide caption."""
        parts = [self.filters_text()]
        if n is not None:
            parts.append(t("kpi.n", n=texts.number(n, 0)))
        if definition is not None:
            day = self.source.data_through().get(definition.channel)
            parts.append(t("kpi.data_through", date=texts.day(day)) if day else t("kpi.no_data_through"))
        return " · ".join(parts)

    def labels(self, frame: pd.DataFrame, dim: str) -> pd.Series:
        """Readable labels of a dimension column: names from the data, codes through the catalogs."""
        ids = frame[id_column(dim)]
        if dim in NAMED_DIMS and f"{dim}_name" in frame:
            names = frame[f"{dim}_name"].where(frame[f"{dim}_name"].notna(), ids.astype(str))
            # Two ids with one name (the same statement in two surveys) would draw as one stacked bar.
            shared = names.duplicated(keep=False) & ~ids.duplicated(keep=False)
            return names.where(~shared, names + " (" + ids.astype(str) + ")")
        return ids.map(lambda v: texts.label(dim, v))


def metric(metric_id: str) -> MetricDef:
    """The catalog definition of a metric."""
    return CATALOG[metric_id]
