"""Exhibits about units: the best and weakest by the shrunken happy index, one unit against its
service and the city, and its rank among its service's units."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

import texts
from exhibits.build import legend_note, legend_of, notes_of, true_n
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
    units, city_spec = ranking_queries(view, **changes)
    city = view.benchmark(city_spec).iloc[0]
    city_value = None if bool(city["suppressed"]) or pd.isna(city["value"]) else float(city["value"])
    return rank_units(view.run(units), city_value, higher_is_better=bool(definition.higher_is_better))


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
        legend += legend_of(pd.DataFrame([row]), min_n)
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


def unit_rank(view: View, unit: str, key: str = "unit_rank") -> Exhibit:
    """The unit's rank among its service's units, where the viewer's scope covers them all."""
    title = t("unit.rank")
    units = view.source.dimensions().units
    service = units.loc[units["unit_id"] == unit, "service_id"].iloc[0]
    peers = set(units.loc[units["service_id"] == service, "unit_id"])
    scope = view.source.scope
    empty = Exhibit(key=key, title=title, table=pd.DataFrame(), caption=view.caption())
    if scope.unit_ids is not None and not peers <= scope.unit_ids:
        return replace(empty, empty="rank_hidden", notes=(t("unit.rank_hidden"),))
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
