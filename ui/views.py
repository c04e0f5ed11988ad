"""Showing exhibits on the page: each page builds its exhibits (``exhibits.build``) and hands them
here, to be drawn one after another — or one at a time in presentation mode — with the export
panel below. Also the page header, the pickers and the methods page."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

import texts
from exhibits import notes, units
from exhibits.model import Exhibit, Kpi
from exhibits.source import Recording
from exhibits.view import View
from figures.charts import named
from metrics.catalog import MetricDef
from metrics.spec import QuerySpec
from texts import t
from ui import charts, exports, facade, presentation
from ui.context import Context, current
from ui.i18n import widget_key

UNIT_CHOICE = "unit_page_choice"
"""The unit page's selectbox (one key per UI language, see :func:`ui.i18n.widget_key`)."""
UNIT_VALUE = "unit_page_value"
"""The unit chosen on the unit page, whatever the language."""
SURVEY_CHOICE = "survey_choice"
SURVEY_VALUE = "survey_value"

Item = Exhibit | str | tuple[Exhibit, ...]
"""What a page shows: an exhibit, a section heading, or exhibits side by side."""


def header(page: str) -> Context:
    """The page title, its intro and the active filters as a caption; returns the run's context."""
    context = current()
    if not presentation.active():
        st.title(t(f"page.{page}"))
        st.caption(t(f"intro.{page}"))
        st.caption(view(context).filters_text())
    return context


def view(context: Context | None = None) -> View:
    """The exhibits' view of this run: the user's scope, filters and suppression rules."""
    context = context or current()
    source = facade.FacadeSource(context.scope)
    return View(source, context.filters, context.options, context.public, memo=_memo(context))


MEMO = "exhibit_memo"


def _memo(context: Context) -> dict:
    """This session's exhibits built for the current viewer, filters and language
    (:mod:`exhibits.memo`): emptied when any of them changes, and after the query cache's
    :data:`~ui.facade.TTL_SECONDS`, so an exhibit is never older than the figures a new query
    would read."""
    key = (context.user.username, context.scope, context.filters, context.public, texts.current_language())
    held = st.session_state.get(MEMO)
    if held is None or held[0] != key or time.monotonic() - held[1] > facade.TTL_SECONDS:
        held = (key, time.monotonic(), {})
        st.session_state[MEMO] = held
    return held[2]


def prefetch(
    specs: Sequence[QuerySpec], benchmarks: Sequence[QuerySpec] = (), context: Context | None = None
) -> None:
    """Start a page's independent queries concurrently; its exhibits take them from the cache."""
    context = context or current()
    shown = view(context)
    facade.prefetch(
        [shown.for_viewer(spec) for spec in specs],
        context.scope,
        [spec.with_(public=spec.public or context.public) for spec in benchmarks],
    )


def prefetched(build: Callable[[View], Sequence[Item]], context: Context | None = None) -> Sequence[Item]:
    """What ``build(view)`` makes for this run, its exhibits' queries computed concurrently first.

    A dry run of ``build`` on a :class:`~exhibits.source.Recording` source (no rows, no memo) names
    the queries the exhibits start from; they are computed at once (:func:`ui.facade.prefetch`),
    and the real run takes each from the cache as it is ready, building the first exhibits while
    the rest are computed. A query that depends on another's rows runs in its turn.
    """
    context = context or current()
    shown = view(context)
    recording = Recording(shown.source)
    build(dataclasses.replace(shown, source=recording, memo=None))
    facade.prefetch(recording.queries, context.scope, recording.benchmarks)
    return build(shown)


def toggle(label_key: str, key: str) -> bool:
    """A page option; in presentation mode its current value, without drawing the widget."""
    if presentation.active():
        return bool(st.session_state.get(key, False))
    return st.toggle(t(label_key), key=key)


def show_page(page: str, items: Sequence[Item]) -> None:
    """Draw a page's exhibits (or the current one in presentation mode) and the export panel."""
    if presentation.active():
        presentation.show(page, [e for e in _flatten(items) if not e.private], render)
        return
    for item in items:
        if isinstance(item, str):
            st.header(item)
        elif isinstance(item, tuple):
            for column, exhibit in zip(st.columns(len(item)), item, strict=True):
                with column:
                    render(exhibit)
        else:
            render(item)
    exports.panel(page, [e for e in _flatten(items) if not e.private], view().filters_text())


def _flatten(items: Sequence[Item]) -> list[Exhibit]:
    flat: list[Exhibit] = []
    for item in items:
        if isinstance(item, tuple):
            flat.extend(item)
        elif isinstance(item, Exhibit):
            flat.append(item)
    return flat


def render(exhibit: Exhibit, large: bool = False) -> None:
    """One exhibit: title, then its chart with the data table, its key figures, or its table;
    under it what a shown change covers (the remarks) and what the marks mean (the legend)."""
    st.subheader(exhibit.title)
    if exhibit.intro and not large:
        st.caption(exhibit.intro)
    if exhibit.empty:
        st.info(exhibit.notes[0] if exhibit.notes else t(f"empty.{exhibit.empty}"))
        return
    if exhibit.kpis:
        _kpi_tiles(exhibit.kpis, large)
    elif exhibit.figure is not None:
        charts.show(exhibit, large)
    else:
        charts.table(exhibit, large)
    if exhibit.remarks and not exhibit.kpis and not large:  # a slide's caption carries them
        st.caption(" ".join(exhibit.remarks))
    if exhibit.legend:
        st.caption(legend_line(exhibit.legend))


def legend_line(legend: tuple[str, ...]) -> str:
    """The marks' legend in one line: "Merkinnät: – ei tietoja · suojattu = …"."""
    return f"{t('legend.title')}: {' · '.join(legend)}"


def _kpi_tiles(kpis: tuple[Kpi, ...], large: bool) -> None:
    tiles: list[list[Kpi]] = []
    for kpi in kpis:
        if kpi.secondary and tiles:
            tiles[-1].append(kpi)
        else:
            tiles.append([kpi])
    for column, (main, *others) in zip(st.columns(len(tiles)), tiles, strict=True):
        with column, st.container(border=True):
            _tile(main, others, large)


def _n_line(kpi: Kpi) -> str | None:
    return t("kpi.n", n=texts.number(kpi.n, 0)) if kpi.n is not None else None


def _tile(main: Kpi, others: list[Kpi], large: bool) -> None:
    """A tile: only a real rise or fall (significant and meaningful) gets a coloured arrow; a small
    change, no change or a change not assessed shows its number in grey, without an arrow, and so
    does a change that rounds to zero at the metric's decimals ("±0,0", never a red "−0,0")."""
    real = main.change in ("rise", "fall") and not (main.delta or "").startswith("±")
    st.metric(
        main.name,
        main.value,
        delta=main.delta,
        delta_color={True: "normal", False: "inverse", None: "off"}[main.higher_is_better] if real else "off",
        delta_arrow="auto" if real else "off",
        help=main.description or None,
    )
    st.caption(" · ".join(filter(None, (_n_line(main), main.comparison))))
    for other in others:
        shown = f"**{other.name}**: {other.value}" + (f" ({other.delta})" if other.delta else "")
        st.markdown(" · ".join(filter(None, (shown, _n_line(other), other.assessment))))
    remarks = dict.fromkeys(note for kpi in (main, *others) for note in kpi.notes)
    if remarks and not large:  # on a slide the caption under the tiles names them
        st.caption(" ".join(remarks))
    if main.spark is not None and not large:
        spark = named(main.spark, t("a11y.sparkline", metric=main.name))
        st.plotly_chart(
            spark, key=f"spark_{main.name}", config={"staticPlot": True}, width="stretch", theme=None
        )
        st.caption(t("kpi.trend", metric=main.name))
    st.caption(
        t("kpi.data_through", date=texts.day(main.data_through))
        if main.data_through
        else t("kpi.no_data_through")
    )


def unit_picker(context: Context) -> str | None:
    """The unit of the drill-down: the sidebar's unit, else a choice among the filters' units
    (also on a presentation slide), opening on the first of the user's units with data in the
    period (:func:`exhibits.units.default_unit`), never on an empty one by the alphabet."""
    if context.filters.unit:
        return context.filters.unit
    shown = view(context)
    names = context.options.names("unit")
    choices = units.chosen_units(shown)
    if not choices:
        st.info(t("empty.out_of_scope"))
        return None
    state = st.session_state
    key = widget_key(UNIT_CHOICE)
    current_unit = state[key] if state.get(key) in choices else state.get(UNIT_VALUE)
    if current_unit not in choices:
        current_unit = units.default_unit(shown)
    chosen = st.selectbox(
        t("unit.choose"),
        choices,
        index=choices.index(current_unit),
        format_func=lambda unit: names.get(unit, unit),
        key=key,
        placeholder=t("filters.choose"),
    )
    state[UNIT_VALUE] = chosen
    return chosen


def survey_picker() -> str | None:
    """A survey choice on the surveys page (all surveys by default), also on a presentation slide."""
    surveys = facade.dimensions().surveys
    names = dict(zip(surveys["survey_id"], surveys[texts.name_column()], strict=True))
    choices = ["", *sorted(names, key=names.__getitem__)]
    state = st.session_state
    key = widget_key(SURVEY_CHOICE)
    current_survey = state[key] if state.get(key) in choices else state.get(SURVEY_VALUE, "")
    choice = st.selectbox(
        t("surveys.survey"),
        choices,
        index=choices.index(current_survey) if current_survey in choices else 0,
        key=key,
        format_func=lambda v, every=t("filters.all"): names.get(v, v) if v else every,
        placeholder=t("filters.choose"),
    )
    state[SURVEY_VALUE] = choice
    return choice or None


def org_series(context: Context | None = None) -> str:
    """The organisation level to draw one line per: units within a chosen service, else services."""
    context = context or current()
    if (
        context.filters.service
        or context.filters.unit
        or context.scope.unit_ids is not None
        and not context.scope.service_area_ids
    ):
        return "unit"
    return "service"


def methods() -> None:
    """Every metric's definition, formula (in words) and suppression rule in the UI language, as
    HTML tables."""
    language = texts.current_language()
    st.markdown(t("methods.statistics"))
    direction = {True: "methods.higher_better", False: "methods.lower_better", None: "methods.neutral"}
    catalog = facade.catalog()
    for channel in dict.fromkeys(definition.channel for definition in catalog.values()):
        st.subheader(t(f"source.{channel}"))
        rows = [
            {
                t("methods.metric"): definition.name(language),
                t("methods.description"): definition.description(language),
                t("methods.formula"): formula_text(definition),
                t("methods.unit"): t(f"unit.{definition.unit}"),
                t("methods.direction"): t(direction[definition.higher_is_better]),
                t("methods.smallest_change"): notes.smallest_text(definition),
                t("methods.suppression"): (
                    t("methods.suppression_rule", min_n=definition.min_n)
                    if definition.is_score
                    else t("methods.suppression_count")
                ),
            }
            for definition in catalog.values()
            if definition.channel == channel
        ]
        st.table(charts.plain(pd.DataFrame(rows)), hide_index=True, alt=t(f"source.{channel}"))


def formula_text(definition: MetricDef) -> str:
    """A metric's formula in words in the UI language (texts/catalog/formulas.py); the catalog's
    technical formula only for a metric the texts do not describe yet."""
    key = f"formula.{definition.id}"
    return t(key) if texts.has(key) else definition.formula
