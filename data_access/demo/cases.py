"""Formal cases (muistutukset, kantelut, muutoksenhaut) and social and patient ombudsman contacts.

Seed 000 Taulukko 3: muistutukset + kantelut per service area 2016 (576), 2017 (531) and Jan–Aug
2018 (405); the demo's full 2018 is 1.5 × the Jan–Aug figures. Ombudsman Jan–Aug 2018: 988 health,
430 social, 147 both contacts concerning 1 899 matters.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data_access.demo.common import DemoConfig, choice_index, month_of, year_days
from data_access.demo.organisation import Organisation
from data_access.vocabulary import CASE_OUTCOMES, CASE_REASONS, OMBUDSMAN_TOPICS

CASE_TOTALS = {
    2016: {"pso": 165, "skh": 72, "tpp": 336, "hkp": 3},
    2017: {"pso": 108, "skh": 117, "tpp": 306},
    2018: {"pso": 178, "skh": 158, "tpp": 272},
    2019: {"pso": 160, "skh": 150, "tpp": 290},
    2020: {"pso": 150, "skh": 165, "tpp": 310},
    2021: {"pso": 170, "skh": 160, "tpp": 330},
    2022: {"pso": 165, "skh": 150, "tpp": 300},
}
"""Muistutukset + kantelut per service area and year; later years repeat 2022."""
APPEALS_PER_YEAR = {"pso": 110, "skh": 25, "tpp": 10}
"""Muutoksenhaut, counted separately (mostly decisions of social services)."""
KIND_SHARES = {"muistutus": 0.7, "kantelu_avi": 0.2, "kantelu_eoa": 0.08, "kantelu_okv": 0.02}
REASONS = {
    # hoito, kohtelu, palvelu, hoitoonpääsy, maksut, tietosuoja, päätös (vocabulary.CASE_REASONS order)
    "pso": (0.08, 0.3, 0.36, 0.05, 0.06, 0.05, 0.1),
    "skh": (0.5, 0.18, 0.1, 0.05, 0.09, 0.05, 0.03),
    "tpp": (0.45, 0.22, 0.07, 0.15, 0.04, 0.06, 0.01),
    "hkp": (0.0, 0.3, 0.5, 0.0, 0.0, 0.2, 0.0),
}
OUTCOME_SHARES = (0.45, 0.1, 0.2, 0.1, 0.15)
"""no_action, remark, guidance, corrected, rejected (``pending`` while undecided)."""
MONTH_WEIGHTS = np.array([1.05, 1.0, 1.1, 1.0, 1.05, 0.9, 0.55, 0.85, 1.1, 1.1, 1.05, 0.9])

OMBUDSMAN_2018_JAN_AUG = {"health": 988, "social": 430, "both": 147}
OMBUDSMAN_LEVEL = {2016: 0.9, 2017: 0.95, 2018: 1.0, 2019: 1.05, 2020: 0.95, 2021: 1.05, 2022: 1.1}
EXTRA_MATTERS = 1899 / 1565 - 1
OMBUDSMAN_TOPIC_WEIGHTS = {
    # hoito, dokumentointi, potilasvahinko, omat tiedot, kohtelu, hoitoonpääsy, maksut, muu
    "health": (0.34, 0.2, 0.2, 0.07, 0.08, 0.06, 0.03, 0.02),
    "social": (0.12, 0.2, 0.0, 0.15, 0.2, 0.1, 0.13, 0.1),
    "both": (0.25, 0.2, 0.1, 0.15, 0.12, 0.08, 0.05, 0.05),
}
OMBUDSMAN_AREAS = {
    "health": (("tpp", 0.75), ("skh", 0.25)),
    "social": (("pso", 0.85), ("skh", 0.15)),
    "both": (("skh", 0.5), ("pso", 0.2), ("tpp", 0.1), (None, 0.2)),
}


def _spread_days(rng: np.random.Generator, days: np.ndarray, count: int) -> np.ndarray:
    weights = MONTH_WEIGHTS[month_of(days) - 1] * np.where((days.astype(np.int64) - 4) % 7 >= 5, 0.1, 1.0)
    return np.sort(days[choice_index(rng, weights, count)])


def _case_unit(
    rng: np.random.Generator, organisation: Organisation, area: str, days: np.ndarray
) -> np.ndarray:
    candidates = np.flatnonzero(organisation.units["service_area_id"].to_numpy() == area)
    picks = candidates[rng.integers(0, candidates.size, days.size)]
    open_on_day = organisation.open_mask(picks, days)[np.arange(days.size), np.arange(days.size)]
    unit_ids = np.array(organisation.unit_ids, dtype=object)[picks]
    return np.where(open_on_day & (rng.random(days.size) < 0.85), unit_ids, None)


def cases_year(config: DemoConfig, organisation: Organisation, year: int) -> pd.DataFrame:
    """Cases received in a year (up to ``config.until``)."""
    rng = config.rng("case", year)
    full_year = year_days(year, DemoConfig(config.seed, date(year, 12, 31), config.scale))
    totals = CASE_TOTALS.get(year, CASE_TOTALS[max(CASE_TOTALS)])
    parts = []
    for area, total in totals.items():
        for kinds, count in ((KIND_SHARES, total), ({"muutoksenhaku": 1.0}, APPEALS_PER_YEAR.get(area, 0))):
            if area == "hkp" and "muutoksenhaku" in kinds:
                continue
            days = _spread_days(rng, full_year, count)
            kind = np.array(list(kinds), dtype=object)[choice_index(rng, list(kinds.values()), count)]
            reason_weights = REASONS[area] if "muistutus" in kinds else (0, 0, 0, 0, 0.1, 0, 0.9)
            is_kantelu = np.char.startswith(kind.astype(str), "kantelu")
            lag = np.where(is_kantelu, rng.integers(60, 400, count), rng.integers(7, 60, count))
            parts.append(
                pd.DataFrame(
                    {
                        "received_on": days,
                        "decided_on": days + lag.astype("timedelta64[D]"),
                        "case_kind": kind,
                        "service_area_id": area,
                        "unit_id": _case_unit(rng, organisation, area, days),
                        "reason": np.array(CASE_REASONS, dtype=object)[
                            choice_index(rng, reason_weights, count)
                        ],
                        "outcome": np.array(CASE_OUTCOMES[:5], dtype=object)[
                            choice_index(rng, OUTCOME_SHARES, count)
                        ],
                    }
                )
            )
    frame = pd.concat(parts, ignore_index=True)
    limit = np.datetime64(config.until)
    frame = frame[frame["received_on"] <= limit].sort_values("received_on", kind="stable", ignore_index=True)
    undecided = frame["decided_on"] > limit
    frame["decided_on"] = frame["decided_on"].astype("datetime64[s]").where(~undecided)
    frame.loc[undecided, "outcome"] = "pending"
    frame.insert(0, "case_id", [f"case-{year}-{i:04d}" for i in range(1, len(frame) + 1)])
    return frame


def _ombudsman_counts(year: int) -> dict[str, int]:
    """Contacts per sector in the year; 2018's Jan–Aug part is the seed's figure."""
    share_jan_aug = MONTH_WEIGHTS[:8].sum() / MONTH_WEIGHTS.sum()
    level = OMBUDSMAN_LEVEL.get(year, OMBUDSMAN_LEVEL[max(OMBUDSMAN_LEVEL)])
    return {sector: round(count / share_jan_aug * level) for sector, count in OMBUDSMAN_2018_JAN_AUG.items()}


def ombudsman_year(config: DemoConfig, organisation: Organisation, year: int) -> pd.DataFrame:
    """Ombudsman contacts of a year (up to ``config.until``)."""
    del organisation
    rng = config.rng("ombudsman_contact", year)
    full_year = year_days(year, DemoConfig(config.seed, date(year, 12, 31), config.scale))
    parts = []
    for sector, total in _ombudsman_counts(year).items():
        if year == 2018:
            jan_aug = full_year < np.datetime64(date(2018, 9, 1))
            first = OMBUDSMAN_2018_JAN_AUG[sector]
            days = np.concatenate(
                [
                    _spread_days(rng, full_year[jan_aug], first),
                    _spread_days(rng, full_year[~jan_aug], total - first),
                ]
            )
        else:
            days = _spread_days(rng, full_year, total)
        areas, weights = zip(*OMBUDSMAN_AREAS[sector], strict=True)
        parts.append(
            pd.DataFrame(
                {
                    "contacted_on": days,
                    "sector": sector,
                    "topic": np.array(OMBUDSMAN_TOPICS, dtype=object)[
                        choice_index(rng, OMBUDSMAN_TOPIC_WEIGHTS[sector], days.size)
                    ],
                    "matters": 1 + rng.poisson(EXTRA_MATTERS, days.size),
                    "service_area_id": np.array(areas, dtype=object)[choice_index(rng, weights, days.size)],
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["contacted_on"] <= np.datetime64(config.until)]
    frame = frame.sort_values("contacted_on", kind="stable", ignore_index=True)
    frame.insert(0, "contact_id", [f"asm-{year}-{i:05d}" for i in range(1, len(frame) + 1)])
    return frame
