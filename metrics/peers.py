"""A unit's place among its service's units, computed from aggregates only.

A unit manager may see their own unit, and the service and the city only as aggregates: the
benchmark reader refuses statements that return or group rows by unit. The place is one such
aggregate. Inside the statement every unit of the service gets its shrunken happy index (the
score of :mod:`metrics.ranking`, ``(W · city + n · value) / (W + n)``, units below the minimum n
left out); the statement returns only how many units are ranked, how many score better than
the asked unit, and the asked unit's own figures. No other unit's name, id or value leaves the
engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pandas as pd
from sqlalchemy import Float, case, cast, func, literal, select

from data_access.vocabulary import QUICK_FEEDBACK_SCALES
from metrics.catalog import CATALOG
from metrics.ranking import DEFAULT_WEIGHT
from metrics.spec import QuerySpec

SCORED_SCALES = ("four", "five")
"""The scales the happy index scores (as in :mod:`metrics.quick_feedback`)."""


@dataclass(frozen=True)
class PeerPlace:
    """Where one unit stands among the ranked units of its service."""

    rank: int | None
    """1 = best; None where the unit itself is not ranked (fewer answers than the minimum n)."""
    count: int
    """Units of the service ranked (each with at least the minimum n of answers)."""
    score: float | None
    """The unit's shrunken happy index; None where it is not ranked."""
    value: float | None
    """The unit's own (raw) happy index; None where it is not ranked."""
    n: int
    """The unit's presses in the period (0 without any)."""


def peer_place(
    reader, spec: QuerySpec, unit_id: str, city_value: float | None, weight: float = DEFAULT_WEIGHT
) -> PeerPlace:
    """The place of ``unit_id`` among the units of ``spec.service`` by the shrunken happy index.

    ``reader`` is the benchmark reader (aggregates only); ``spec`` is the happy-index query of
    the ranking (period, channels, misuse, minimum n) filtered to exactly one service;
    ``city_value`` the city figure the scores shrink towards (None: no unit is ranked). A tie
    with the unit counts as not better: tied units share the better place.
    """
    if len(spec.service) != 1:
        raise ValueError("a peer place needs exactly one service")
    definition = CATALOG["happy_index"]
    min_n = spec.min_n if spec.min_n is not None else definition.min_n
    presses, units = reader.table("quick_feedback"), reader.table("unit")
    points = case(
        *((presses.c.scale == scale, QUICK_FEEDBACK_SCALES[scale]) for scale in SCORED_SCALES),
    )
    start = datetime.combine(spec.period.start, time())
    end = datetime.combine(spec.period.end + timedelta(days=1), time())
    conditions = [
        units.c.service_id == spec.service[0],
        presses.c.scale.in_(SCORED_SCALES),
        presses.c.ts >= start,
        presses.c.ts < end,
        presses.c.year.between(spec.period.start.year, spec.period.end.year),
    ]
    if not spec.include_misuse:
        conditions.append(presses.c.misuse.is_not(True))
    if spec.channel:
        conditions.append(presses.c.channel.in_(spec.channel))
    per_unit = (
        select(
            presses.c.unit_id.label("member"),
            func.count().label("presses"),
            func.sum(100.0 * cast(presses.c.button_index, Float) / (points - 1)).label("total"),
        )
        .select_from(presses.join(units, units.c.unit_id == presses.c.unit_id))
        .where(*conditions)
        .group_by(presses.c.unit_id)
        .cte("peers")
    )
    ranked = per_unit.c.presses >= min_n
    city = literal(0.0 if city_value is None else float(city_value), Float)
    score = (literal(weight, Float) * city + per_unit.c.total) / (literal(weight, Float) + per_unit.c.presses)
    mine = per_unit.c.member == unit_id
    own_score = select(score).where(mine, ranked).correlate(None).scalar_subquery()
    statement = select(
        func.coalesce(func.sum(case((ranked, 1), else_=0)), 0).label("units"),
        func.coalesce(func.sum(case((ranked & (score > own_score), 1), else_=0)), 0).label("better"),
        func.max(case((mine & ranked, score))).label("own_score"),
        func.max(case((mine & ranked, per_unit.c.total / per_unit.c.presses))).label("own_value"),
        func.coalesce(func.max(case((mine, per_unit.c.presses))), 0).label("own_presses"),
    )
    row = reader.fetch(statement).iloc[0]
    count = int(row["units"])
    if city_value is None or pd.isna(row["own_score"]):
        return PeerPlace(None, count if city_value is not None else 0, None, None, int(row["own_presses"]))
    return PeerPlace(
        rank=int(row["better"]) + 1,
        count=count,
        score=float(row["own_score"]),
        value=float(row["own_value"]),
        n=int(row["own_presses"]),
    )
