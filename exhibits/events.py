"""The events on the timeline as exhibits use them: which concern the view (its organisation
filter), which fall in a span, the labelled lines on a trend chart, the sentence of a report."""

from __future__ import annotations

from datetime import date

import pandas as pd

import texts
from exhibits.view import View
from metrics.spec import Period
from texts import t


def event_text(event: pd.Series, language: str | None = None) -> str:
    """The event's text in the language (Finnish where none is given)."""
    text = event.get(f"text_{language or texts.current_language()}")
    return str(text) if isinstance(text, str) and text else str(event["text_fi"])


def _ends(event: pd.Series) -> date:
    end = event["ends_on"]
    return pd.Timestamp(end).date() if pd.notna(end) else pd.Timestamp(event["starts_on"]).date()


def _starts(event: pd.Series) -> date:
    return pd.Timestamp(event["starts_on"]).date()


def concerns(view: View, event: pd.Series) -> bool:
    """Whether an event concerns what the view shows: a division-wide one always; a service
    area's or a service's when the view is the city or lies within it (or contains it); a unit's
    only when the view is that unit or its service."""
    scope, target = event["scope"], event["scope_id"]
    if scope == "all":
        return True
    units = view.source.dimensions().units
    services = view.source.dimensions().services
    f = view.filters
    if f.unit:
        row = units.loc[units["unit_id"] == f.unit]
        chain = {"unit": f.unit}
        if not row.empty:
            chain |= {"service": row["service_id"].iloc[0], "service_area": row["service_area_id"].iloc[0]}
        return chain.get(scope) == target
    if f.service:
        area = services.loc[services["service_id"] == f.service, "service_area_id"]
        if scope == "unit":
            return target in set(units.loc[units["service_id"] == f.service, "unit_id"])
        return target == (f.service if scope == "service" else (area.iloc[0] if not area.empty else None))
    if scope == "unit":
        return False
    if f.service_area:
        if scope == "service_area":
            return target == f.service_area
        return target in set(services.loc[services["service_area_id"] == f.service_area, "service_id"])
    return True


def events_in(view: View, start: date, end: date) -> pd.DataFrame:
    """The view's events that overlap ``start``–``end``, earliest first."""
    events = view.source.dimensions().events
    if events.empty:
        return events
    keep = [_starts(e) <= end and _ends(e) >= start and concerns(view, e) for _, e in events.iterrows()]
    return events[keep].reset_index(drop=True)


def when(event: pd.Series) -> str:
    """The event's date, or its span ("16.3.2020–31.8.2022")."""
    starts, ends = _starts(event), _ends(event)
    return texts.day(starts) if ends == starts else f"{texts.day(starts)}–{texts.day(ends)}"


def chart_marks(view: View, period: Period, buckets: list[date], labels: list[str]) -> list[tuple[str, str]]:
    """(bucket label, text) of each event starting inside the period: where a trend chart draws
    its labelled line. ``buckets`` are the chart's bucket starts, ``labels`` theirs."""
    marks = []
    for _, event in events_in(view, period.start, period.end).iterrows():
        day = _starts(event)
        if period.start <= day:
            at = max(i for i, start in enumerate(buckets) if start <= day)
            marks.append((labels[at], event_text(event)))
    return marks


def events_sentence(view: View, start: date, end: date) -> str | None:
    """ "Vertailujaksoihin osuvat tapahtumat: 16.3.2020–31.8.2022 Pikapalautelaitteet …" for the
    events overlapping ``start``–``end``; None when there are none."""
    found = events_in(view, start, end)
    if found.empty:
        return None
    lines = [t("event.line", when=when(e), text=event_text(e)) for _, e in found.iterrows()]
    return t("event.in_periods", events="; ".join(lines))
