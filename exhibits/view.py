"""A :class:`View`: the source, the filters and the viewer that every exhibit is built for."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

import texts
from exhibits import notes
from exhibits.selection import Filters, Options
from exhibits.source import Source
from figures.tables import id_column
from metrics.catalog import CATALOG, MetricDef
from metrics.spec import QuerySpec
from metrics.suppression import PUBLIC_MAX_HIDDEN
from texts import t

NAMED_DIMS = ("service_area", "service", "unit", "survey", "item")
ORGANISATION = ("service_area", "service", "unit")


@dataclass(frozen=True)
class View:
    """Who looks at which data through which filters."""

    source: Source
    filters: Filters
    options: Options
    public: bool = False
    """Open-data suppression (presenters, board material): counts 1–4 hidden as well."""
    min_n: int | None = None
    """The minimum n of every query (None: each metric's own); 10 under the national rule."""
    memo: dict | None = field(default=None, compare=False, repr=False)
    """Exhibits already built for this view (:mod:`exhibits.memo`); None builds every time."""

    def rules(self, spec: QuerySpec) -> QuerySpec:
        """``spec`` under the viewer's suppression rules (public, minimum n)."""
        return spec.with_(
            public=spec.public or self.public,
            min_n=spec.min_n if spec.min_n is not None else self.min_n,
        )

    def for_viewer(self, spec: QuerySpec) -> QuerySpec:
        """``spec`` under the viewer's rules, with names in the current language."""
        return self.rules(spec).with_(name_language=texts.current_language())

    def run(self, spec: QuerySpec) -> pd.DataFrame:
        """The result of ``spec`` in the viewer's scope."""
        return self.source.query(self.for_viewer(spec))

    def benchmark(self, spec: QuerySpec) -> pd.DataFrame:
        """Service or city aggregates under the viewer's rules."""
        return self.source.benchmark(self.rules(spec))

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

    def threshold(self, spec: QuerySpec) -> int:
        """The n a ``small`` mark of ``spec``'s result names: fewer answers than the minimum n;
        under the public rules also the hidden counts 1–4 ("n < 5")."""
        spec = self.rules(spec)
        definition = CATALOG[spec.metric]
        min_n = spec.min_n if spec.min_n is not None else definition.min_n
        if not spec.public:
            return min_n
        public = PUBLIC_MAX_HIDDEN + 1
        return max(min_n, public) if definition.is_score else public

    def name_of(self, dimension: str, value: str) -> str:
        """The name shown for a dimension value in the UI language (units, services, surveys,
        channels …), the id itself where none is known."""
        if dimension in ORGANISATION:
            return self.options.names(dimension).get(value, value)
        if dimension == "survey":
            surveys = self.source.dimensions().surveys
            names = dict(zip(surveys["survey_id"], surveys[texts.name_column()], strict=True))
            return str(names.get(value, value))
        return texts.label(dimension, value)

    def comparison_notes(self, frame: pd.DataFrame, definition: MetricDef) -> tuple[str, ...]:
        """What a compared result's change covers when less than the headline: the stretches
        compared when the period is cut, and the basis when a channel, survey or unit is left out."""
        through = self.source.data_through().get(definition.channel)
        return notes.comparison_notes(frame.attrs.get("comparison"), through, self.name_of)

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
