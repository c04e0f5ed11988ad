"""The sidebar filters, their one frozen :class:`Filters` value, and URL state.

The filters live in the entrypoint's sidebar, so they persist across page switches. Their
state mirrors to ``st.query_params`` as plain strings (``?area=…&unit=…&period=ytd``) and a
link restores it: each parameter is parsed through an allow-list (vocabularies, dates, the
units and services the user's scope covers); anything unknown or out of scope is dropped
with a notice. The URL never touches authentication state and nothing is unpickled.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from data_access import vocabulary
from exhibits.selection import CHANNELS, Filters, Options, complete_months, month_start
from metrics.spec import Period
from texts import current_language, day, label, t
from ui.i18n import widget_key

PRESETS = ("this_month", "last_month", "quarter", "year", "ytd", "rolling12", "custom")
GRAINS = ("day", "week", "month", "quarter", "year")
COMPARES = ("previous", "last_year", "none")
LANGUAGES = vocabulary.LANGUAGES
PARAMS = ("area", "service", "unit", "period", "start", "end", "grain", "compare", "channel", "language")
_KEYS = {name: f"f_{name}" for name in PARAMS}
_NOTICE_KEY = "f_notice"
_INITIAL_KEY = "f_initial"
_VALUES_KEY = "f_values"
"""The filters' values of the last run, whatever the language: a widget drawn in another language
(its own key) starts from them."""
ALL = ""
TRANSLATED = ("area", "service", "unit", "period", "grain", "compare", "channel", "language")
"""Filters whose options are words of the UI language: one widget key per language, since a
widget keeps showing the option texts it was created with."""


def preset_period(preset: str, anchor: date) -> Period:
    """The period a preset names, counted back from ``anchor`` (the last day with data, at most
    today). "Rolling 12 months" is the last twelve whole months: on 1.12.2026 it is
    1.12.2025–30.11.2026, never a month cut short at either end."""
    first = month_start(anchor)
    if preset == "this_month":
        return Period(first, anchor)
    if preset == "last_month":
        return Period(month_start(anchor, -1), first - timedelta(days=1))
    if preset == "quarter":
        quarter_start = date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1)
        return Period(month_start(quarter_start, -3), quarter_start - timedelta(days=1))
    if preset == "year":
        return Period(date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31))
    if preset == "ytd":
        return Period(date(anchor.year, 1, 1), anchor)
    if preset == "rolling12":
        return complete_months(anchor, 12)
    raise ValueError(f"unknown period preset {preset!r}")


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def parse_params(params: Mapping[str, str], options: Options, anchor: date) -> tuple[Filters, list[str]]:
    """Filters from URL parameters through the allow-lists; also the names of dropped parameters."""
    dropped: list[str] = []

    def pick(name: str, allowed) -> str | None:
        value = params.get(name)
        if not value:
            return None
        if value in allowed:
            return value
        dropped.append(name)
        return None

    def pick_many(name: str, allowed) -> tuple[str, ...]:
        values = [v for v in (params.get(name) or "").split(",") if v]
        kept = tuple(dict.fromkeys(v for v in values if v in allowed))
        if len(kept) < len(values):
            dropped.append(name)
        return kept

    area = pick("area", options.area_ids())
    service = pick("service", options.service_ids(area))
    unit = pick("unit", options.unit_ids(area, service))
    preset = pick("period", PRESETS) or "rolling12"
    period = preset_period("rolling12" if preset == "custom" else preset, anchor)
    if preset == "custom":
        start, end = _iso(params.get("start")), _iso(params.get("end"))
        if start and end and start <= end and end - start <= timedelta(days=366 * 20):
            period = Period(start, end)
        else:
            dropped.append("period")
            preset = "rolling12"
    grain = pick("grain", GRAINS) or "month"
    compare_text = pick("compare", COMPARES) or "previous"
    filters = Filters(
        period=period,
        preset=preset,
        service_area=area,
        service=service,
        unit=unit,
        grain=grain,
        compare=None if compare_text == "none" else compare_text,
        channel=pick_many("channel", CHANNELS),
        language=pick_many("language", LANGUAGES),
    )
    return filters, dropped


def _initial_values(filters: Filters) -> dict[str, object]:
    return {
        "area": filters.service_area or ALL,
        "service": filters.service or ALL,
        "unit": filters.unit or ALL,
        "period": filters.preset,
        "start": filters.period.start,
        "end": filters.period.end,
        "grain": filters.grain,
        "compare": filters.compare or "none",
        "channel": list(filters.channel),
        "language": list(filters.language),
    }


def _key(name: str) -> str:
    """The widget key of filter ``name`` (per UI language where its options are words)."""
    return widget_key(_KEYS[name]) if name in TRANSLATED else _KEYS[name]


def _start(name: str, options: list[str] | tuple[str, ...] | None = None) -> dict[str, object]:
    """A widget's value as its default argument (the session's value, else the last run's in any
    language, else the URL's initial one), kept for the session.

    The default always repeats the current value: when the URL changes, the browser re-creates
    widgets from their defaults, and a stale default would reset them. Initial values live
    under their own key, so a run interrupted before the widgets render loses nothing. The
    session keeps the value when a page switch (the presentation's next page) drops the widget.
    """
    state = st.session_state
    key = _key(name)
    earlier = state.get(_VALUES_KEY, {})
    current = state[key] if key in state else earlier.get(name, state[_INITIAL_KEY][name])
    kept = {"persist_state": "session"}
    if options is None:
        return {"value": current, **kept}
    if isinstance(current, list):
        return {"default": current, **kept}
    return {"index": list(options).index(current) if current in options else 0, **kept}


def _clear_notice() -> None:
    st.session_state.pop(_NOTICE_KEY, None)


def _keep_valid(key: str, allowed: list[str]) -> None:
    if key in st.session_state and st.session_state[key] not in allowed:
        del st.session_state[key]


def _organisation_select(
    bar: DeltaGenerator, field: str, dimension: str, ids: list[str], options: Options, every: str
) -> str | None:
    """One level of the service area → service → unit cascade; None for "all"."""
    names = options.names(dimension)
    choices = [ALL, *ids]
    _keep_valid(_key(field), choices)
    chosen = bar.selectbox(
        t(f"filters.{dimension}"),
        choices,
        key=_key(field),
        **_start(field, choices),
        on_change=_clear_notice,
        format_func=lambda value: names.get(value, value) if value else every,
        placeholder=t("filters.choose"),
    )
    return chosen or None


def sidebar(options: Options, anchor: date) -> Filters:
    """Render the filters in the sidebar (first run: from the URL) and mirror them to the URL."""
    state = st.session_state
    if _INITIAL_KEY not in state:
        filters, dropped = parse_params(st.query_params.to_dict(), options, anchor)
        state[_INITIAL_KEY] = _initial_values(filters)
        if dropped:
            state[_NOTICE_KEY] = sorted(set(dropped))
    bar = st.sidebar
    ui_language, every = current_language(), t("filters.all")
    bar.header(t("filters.title"))
    if state.get(_NOTICE_KEY):
        bar.warning(t("filters.dropped", names=", ".join(state[_NOTICE_KEY])))
    area = _organisation_select(bar, "area", "service_area", options.area_ids(), options, every)
    service = _organisation_select(bar, "service", "service", options.service_ids(area), options, every)
    unit = _organisation_select(bar, "unit", "unit", options.unit_ids(area, service), options, every)

    preset = bar.selectbox(
        t("filters.period"),
        PRESETS,
        key=_key("period"),
        **_start("period", PRESETS),
        on_change=_clear_notice,
        format_func=lambda v: label("preset", v, ui_language),
        placeholder=t("filters.choose"),
    )
    if preset == "custom":
        start = bar.date_input(t("filters.start"), key=_KEYS["start"], **_start("start"), format="DD.MM.YYYY")
        end = bar.date_input(t("filters.end"), key=_KEYS["end"], **_start("end"), format="DD.MM.YYYY")
        if end < start:
            bar.warning(t("filters.bad_range"))
            end = start
        period = Period(start, end)
    else:
        period = preset_period(preset, anchor)
        bar.caption(t("filters.period_caption", start=day(period.start), end=day(period.end)))
    grain = bar.selectbox(
        t("filters.grain"),
        GRAINS,
        key=_key("grain"),
        **_start("grain", GRAINS),
        format_func=lambda v: label("grain", v, ui_language),
        placeholder=t("filters.choose"),
    )
    compare = bar.selectbox(
        t("filters.compare"),
        COMPARES,
        key=_key("compare"),
        **_start("compare", COMPARES),
        format_func=lambda v: label("compare", v, ui_language),
        placeholder=t("filters.choose"),
    )
    channel = bar.multiselect(
        t("filters.channel"),
        CHANNELS,
        key=_key("channel"),
        **_start("channel", ()),
        format_func=lambda v: label("channel", v, ui_language),
        placeholder=every,
    )
    language = bar.multiselect(
        t("filters.language"),
        LANGUAGES,
        key=_key("language"),
        **_start("language", ()),
        format_func=lambda v: label("language", v, ui_language),
        placeholder=every,
    )
    filters = Filters(
        period=period,
        preset=preset,
        service_area=area,
        service=service,
        unit=unit,
        grain=grain,
        compare=None if compare == "none" else compare,
        channel=tuple(channel),
        language=tuple(language),
    )
    state[_VALUES_KEY] = {
        "area": area or ALL,
        "service": service or ALL,
        "unit": unit or ALL,
        "period": preset,
        "grain": grain,
        "compare": compare,
        "channel": list(channel),
        "language": list(language),
    }
    return filters


def sync_url(filters: Filters, language: str, extra: Mapping[str, str] | None = None) -> None:
    """Write the filters, the UI language and ``extra`` (presentation mode) to the URL, when changed."""
    wanted = {"lang": language, **filters.to_params(), **(extra or {})}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
