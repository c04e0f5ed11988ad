"""Exhibits about units: the best and weakest by the shrunken happy index, one unit against its
service and the city, and its rank among its service's units.

A viewer whose scope does not cover a unit's whole service (a unit manager) gets no list of
units at all: a list of their own unit alone would read "1. Kallio" while the city ranks it
last. They get their unit's place among its peers instead, computed from aggregates only
(:mod:`metrics.peers`): "27. / 27", with no other unit named or shown."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

import texts
from exhibits.build import legend_note, legend_of, notes_of, true_n
from exhibits.memo import remembered
from exhibits.model import Exhibit
from exhibits.view import View, metric
from figures.tables import cell_text, count_text, format_value
from metrics.ranking import rank_units
from metrics.spec import QuerySpec
from texts import t

UNIT_KPIS = (
    "happy_index",
    "share_positive",
    "response_count",
    "statement_mean_normalized",
    "nps",
    "feedback_count",
    "moite_share",
    "reply_within_target",
    "case_count",
)


def ranking_queries(view: View, **changes) -> tuple[QuerySpec, QuerySpec]:
    """The ranking's units query and its city benchmark query, for prefetching."""
    units = view.spec("happy_index", group_by=("unit",), compare=None, **changes)
    city = view.spec("happy_index", compare=None).with_(service_area=(), service=(), unit=())
    return units, city


def ranked(view: View, **changes) -> pd.DataFrame:
    """The units of the filters ranked by the shrunken happy index (W = 50 towards the city)."""
    definition = metric("happy_index")
    units, _ = ranking_queries(view, **changes)
    city = city_value(view, **changes)
    return rank_units(view.run(units), city, higher_is_better=bool(definition.higher_is_better))


def ranking_table(view: View, ranking: pd.DataFrame) -> pd.DataFrame:
    """Rank, unit, shrunken and raw value, n."""
    definition = metric("happy_index")
    return pd.DataFrame(
        {
            t("table.rank"): ranking["rank"].to_numpy(),
            t("dim.unit"): view.labels(ranking, "unit").to_numpy(),
            t("table.shrunken"): [format_value(v, definition) for v in ranking["score"]],
            t("table.raw_value"): [format_value(v, definition) for v in ranking["value"]],
            "n": [texts.number(v, 0) for v in ranking["n"]],
        }
    )


def city_value(view: View, **changes) -> float | None:
    """The city's happy index the ranking shrinks towards (None where it is hidden)."""
    _, city_spec = ranking_queries(view, **changes)
    city = view.benchmark(city_spec).iloc[0]
    return None if bool(city["suppressed"]) or pd.isna(city["value"]) else float(city["value"])


def service_of(view: View, unit: str) -> str:
    """The service a unit belongs to."""
    units = view.source.dimensions().units
    return str(units.loc[units["unit_id"] == unit, "service_id"].iloc[0])


def covers_peers(view: View, unit: str) -> bool:
    """Whether the viewer's scope covers every unit of the unit's service (then the units may be
    listed by name; otherwise only the unit's place is shown)."""
    scope = view.source.scope
    if scope.unit_ids is None:
        return True
    units = view.source.dimensions().units
    peers = set(units.loc[units["service_id"] == service_of(view, unit), "unit_id"])
    return peers <= scope.unit_ids


def chosen_units(view: View) -> list[str]:
    """The units of the filters within the viewer's scope, in the order of their names."""
    f = view.filters
    ids = [f.unit] if f.unit else view.options.unit_ids(f.service_area, f.service)
    names = view.options.names("unit")
    return sorted(ids, key=lambda u: (names.get(u, u), u))


def lists_units(view: View) -> bool:
    """Whether the overview may rank the chosen units by name: the scope covers the services of
    all of them."""
    return all(covers_peers(view, unit) for unit in chosen_units(view))


@remembered
def ranking_items(view: View, size: int = 5) -> list:
    """The overview's ranking: the best and the weakest units side by side, or, for a viewer who
    may not see the other units, their units' places among their peers."""
    if lists_units(view):
        return [t("overview.ranking"), best_and_worst(view, size)]
    return [t("unit.peer_title"), peer_places(view, chosen_units(view))]


def peer_places(view: View, units: list[str], key: str = "peer_place") -> Exhibit:
    """Each unit's place among its service's units by the shrunken happy index, from aggregates
    only: rank and count, the unit's own shrunken and raw value and n; no other unit's figure."""
    definition = metric("happy_index")
    title = t("unit.peer_title")
    city = city_value(view)
    names, services = view.options.names("unit"), view.source.dimensions().services
    service_names = dict(zip(services["service_id"], services[texts.name_column()], strict=True))
    rows, lines = [], []
    min_n = view.threshold(view.spec("happy_index"))
    for unit in units:
        service = service_of(view, unit)
        spec = ranking_queries(view, service_area=(), service=(service,), unit=())[0]
        place = view.source.peer_place(view.rules(spec), unit, city)
        name, service_name = names.get(unit, unit), service_names.get(service, service)
        if place.rank is None:
            lines.append(t("unit.peer_unranked", unit=name, min_n=min_n, count=place.count))
        else:
            lines.append(
                t("unit.peer_place", unit=name, rank=place.rank, count=place.count, service=service_name)
            )
        rows.append(
            {
                t("dim.unit"): name,
                t("dim.service"): service_name,
                t("table.rank"): (
                    t("unit.peer_rank", rank=place.rank, count=place.count)
                    if place.rank is not None
                    else t("mark.small", min_n=min_n)
                ),
                t("table.shrunken"): format_value(place.score, definition),
                t("table.raw_value"): format_value(place.value, definition),
                "n": texts.number(place.n, 0),
            }
        )
    table = pd.DataFrame(rows)
    legend = legend_of(table, min_n)
    intro = " ".join((*lines, t("unit.peer_help")))
    return Exhibit(
        key=key,
        title=title,
        table=table,
        caption=view.caption(definition),
        notes=(*lines, t("overview.ranking_help"), t("unit.peer_help"), *legend_note(legend)),
        intro=intro,
        legend=legend,
    )


def units_with_data(view: View, metric_id: str) -> list[str]:
    """The chosen units with ``metric_id`` data in the period, by name."""
    frame = view.run(view.spec(metric_id, group_by=("unit",), compare=None))
    found = set(frame.loc[frame["n"].fillna(0) > 0, "unit_id"]) if "unit_id" in frame else set()
    return [unit for unit in chosen_units(view) if unit in found]


DEFAULT_UNIT_METRICS = ("happy_index", "feedback_count")
"""What the unit page shows first: a default unit has quick feedback, else feedback."""


def default_unit(view: View) -> str | None:
    """The unit the unit page opens on: the first of the user's units (by name) with quick
    feedback in the period, else with feedback, else the first by name (None without units)."""
    for metric_id in DEFAULT_UNIT_METRICS:
        with_data = units_with_data(view, metric_id)
        if with_data:
            return with_data[0]
    everyone = chosen_units(view)
    return everyone[0] if everyone else None


def best_and_worst(view: View, size: int = 5) -> tuple[Exhibit, Exhibit]:
    """The best and the weakest units (the weakest only where more than ``size`` units rank)."""
    definition = metric("happy_index")
    ranking = ranked(view)
    units, _ = ranking_queries(view)
    caption = view.caption(definition, true_n(view.run(units)) if not ranking.empty else None)
    tail = ranking.tail(min(size, max(len(ranking) - size, 0))).iloc[::-1]
    exhibits = []
    for key, title, part, reason in (
        ("best", t("exhibit.best_units"), ranking.head(size), "no_data"),
        ("worst", t("exhibit.worst_units"), tail, "all_in_best"),
    ):
        if part.empty:
            note = t("empty.no_data") if reason == "no_data" else t("overview.all_in_best", n=len(ranking))
            exhibits.append(
                Exhibit(
                    key=key, title=title, table=pd.DataFrame(), caption=caption, notes=(note,), empty=reason
                )
            )
            continue
        table = ranking_table(view, part)
        notes = (t("overview.ranking_help"), *notes_of(table))
        exhibits.append(
            Exhibit(
                key=key,
                title=title,
                table=table,
                caption=caption,
                notes=notes,
                intro=t("overview.ranking_help"),
            )
        )
    return exhibits[0], exhibits[1]


def comparison_queries(view: View, unit: str) -> dict[str, tuple[QuerySpec, QuerySpec, QuerySpec]]:
    """Per KPI: the unit's own query and its service and city benchmark queries."""
    units = view.options.units
    service = units.loc[units["unit_id"] == unit, "service_id"].iloc[0]
    asks = {}
    for metric_id in UNIT_KPIS:
        base = view.spec(metric_id, compare=None).with_(service_area=(), service=(), unit=())
        asks[metric_id] = (base.with_(unit=(unit,)), base.with_(service=(service,)), base)
    return asks


@remembered
def unit_comparison(view: View, unit: str, key: str = "unit_comparison") -> Exhibit:
    """Every KPI of one unit beside its service and the city (aggregates only for those)."""
    language = texts.current_language()
    rows, legend = [], []
    for metric_id, (own_spec, peers_spec, city_spec) in comparison_queries(view, unit).items():
        definition = metric(metric_id)
        min_n = view.threshold(own_spec)
        answers = {
            "unit": view.run(own_spec).iloc[0],
            "service": view.benchmark(peers_spec).iloc[0],
            "city": view.benchmark(city_spec).iloc[0],
        }
        row = {"metric": definition.name(language)}
        for name, r in answers.items():
            row[f"{name}_value"] = cell_text(r["value"], r["mark"], definition, min_n)
            row[f"{name}_n"] = count_text(r["n"], r["mark"], min_n)
        rows.append(row)
        legend += legend_of(pd.DataFrame([row]), min_n, count=not definition.is_score)
    table = pd.DataFrame(rows).rename(
        columns={
            "metric": t("table.metric"),
            "unit_value": t("unit.this_unit"),
            "unit_n": f"{t('unit.this_unit')} n",
            "service_value": t("unit.service"),
            "service_n": f"{t('unit.service')} n",
            "city_value": t("unit.city"),
            "city_n": f"{t('unit.city')} n",
        }
    )
    title = f"{t('unit.comparison')}: {view.options.names('unit').get(unit, unit)}"
    shown = tuple(dict.fromkeys(legend))
    return Exhibit(
        key=key,
        title=title,
        table=table,
        caption=view.caption(),
        notes=(*notes_of(table), *legend_note(shown)),
        legend=shown,
    )


@remembered
def unit_rank(view: View, unit: str, key: str = "unit_rank") -> Exhibit:
    """The unit's rank among its service's units: the whole ranking where the viewer's scope
    covers them all, else the unit's place from aggregates (:func:`peer_places`)."""
    title = t("unit.rank")
    service = service_of(view, unit)
    if not covers_peers(view, unit):
        return replace(peer_places(view, [unit], key), title=title)
    empty = Exhibit(key=key, title=title, table=pd.DataFrame(), caption=view.caption())
    ranking = ranked(view, service_area=(), service=(service,), unit=())
    mine = ranking[ranking["unit_id"] == unit]
    if mine.empty:
        reason = "suppressed" if len(ranking) else "no_data"
        return replace(empty, empty=reason, notes=(t(f"empty.{reason}"),))
    table = ranking_table(view, ranking)
    lead = t("unit.rank_value", rank=int(mine["rank"].iloc[0]), count=len(ranking))
    return Exhibit(
        key=key,
        title=title,
        table=table,
        caption=view.caption(metric("happy_index")),
        notes=(lead, *notes_of(table)),
    )
