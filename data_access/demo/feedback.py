"""The city feedback system: volumes, type and category mixes, handling times, the influenza spike.

Seed 000: 3 335 items in 2017, moite the largest type, kysymys declining, kiitos rising. Seed 002:
5 800 items in 2020, 2 243 in Q4 2020, mean handling ≈4 days and 85 % within 5 working days, and
the influenza-vaccination table (Taulukko 1), reproduced cell for cell for Q4 2020 and Q4 2019.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data_access.demo.common import (
    DemoConfig,
    choice_index,
    finnish_holidays,
    pick_strings,
    weekday,
    year_days,
)
from data_access.demo.open_texts import with_sami
from data_access.demo.organisation import Organisation
from data_access.vocabulary import FEEDBACK_CATEGORIES, FEEDBACK_TYPES

YEAR_TOTALS = {
    2016: 3_450,
    2017: 3_335,
    2018: 3_700,
    2019: 4_400,
    2020: 5_800,
    2021: 6_100,
    2022: 5_700,
    2023: 5_500,
    2024: 5_400,
    2025: 5_300,
}
"""All feedback items of a year, influenza rows included."""
Q4_TOTALS = {2019: 1_690, 2020: 2_243}
TYPE_MIX = {
    2016: (0.16, 0.44, 0.07, 0.23, 0.10),
    2018: (0.19, 0.43, 0.08, 0.20, 0.10),
    2020: (0.22, 0.42, 0.08, 0.16, 0.12),
    2023: (0.26, 0.40, 0.09, 0.13, 0.12),
}
"""kiitos, moite, idea, kysymys, muu; years in between take the nearest earlier mix."""
CATEGORY_WEIGHTS = {
    # Hoitoonpääsy, nopeus, takaisinsoitto, sähköiset, neuvonta, ammattitaito, kohtaaminen, tasa-arvo,
    # viestintä, tilat, hakeminen, saavutettavuus, muu
    "kiitos": (4, 12, 1, 2, 5, 45, 22, 0.5, 1, 2, 1, 0, 4.5),
    "moite": (25, 8, 8, 8, 6, 12, 15, 3, 4, 5, 4, 0.5, 1.5),
    "idea": (6, 4, 2, 20, 8, 3, 4, 3, 15, 20, 5, 3, 7),
    "kysymys": (15, 5, 3, 12, 35, 3, 2, 2, 5, 2, 15, 0.5, 0.5),
    "muu": (8, 4, 2, 6, 10, 6, 5, 2, 5, 5, 5, 1, 41),
}
AREA_WEIGHTS = {"tpp": 0.62, "pso": 0.2, "skh": 0.18}
UNIT_SERVICE_WEIGHTS = {
    "ter": 6.0,
    "ham": 4.0,
    "pai": 8.0,
    "psy": 1.0,
    "neu": 0.6,
    "pkk": 1.5,
    "sos": 2.0,
    "lsu": 1.0,
    "vam": 1.0,
    "kot": 1.5,
    "mpk": 0.8,
    "sai": 2.0,
    "kun": 0.6,
}
CHANNELS = ("web", "email", "phone", "letter", "chat", "in_person")
HOURS = np.array(
    [
        0.1,
        0.05,
        0.03,
        0.03,
        0.03,
        0.1,
        0.4,
        0.9,
        1.4,
        1.6,
        1.6,
        1.5,
        1.5,
        1.5,
        1.4,
        1.2,
        1.0,
        0.8,
        0.7,
        0.7,
        0.6,
        0.5,
        0.3,
        0.2,
    ]
)
WORKING_DAY_DELAY = (0.18, 0.25, 0.17, 0.11, 0.08, 0.06)
"""P(reply after 0..5 working days); the remaining 15 % take longer."""
INFLUENZA_TOPIC = "influenssarokotus"
INFLUENZA_2020 = {
    "Hoitoonpääsy": (5, 78, 11, 34),
    "Tasa-arvo": (0, 8, 0, 4),
    "Palvelun hakeminen": (0, 7, 2, 10),
    "Neuvonta ja ohjaus": (9, 42, 8, 19),
    "Tilat ja välineet": (2, 9, 3, 0),
    "Palvelun nopeus": (33, 8, 1, 4),
    "Takaisinsoitto": (0, 35, 3, 13),
    "Sähköiset palvelut": (0, 39, 11, 15),
    "Viestintä": (0, 11, 4, 3),
    "Henkilökunnan ammattitaito, hoito": (74, 3, 1, 0),
}
"""Seed 002 Taulukko 1: category → (kiitos, moite, idea, kysymys), Q4 2020. The printed cells sum to 509
while the printed totals are 516 (moite 241, kysymys 108): the 7 missing items are written as
category "Muu" (1 moite, 6 kysymys) so both the cells and the totals row are reproduced."""
INFLUENZA_2020_UNLISTED = {"moite": 1, "kysymys": 6}
INFLUENZA_2019 = {
    "Hoitoonpääsy": 14,
    "Tasa-arvo": 8,
    "Palvelun hakeminen": 6,
    "Neuvonta ja ohjaus": 15,
    "Tilat ja välineet": 9,
    "Palvelun nopeus": 26,
    "Takaisinsoitto": 0,
    "Sähköiset palvelut": 3,
    "Viestintä": 0,
    "Henkilökunnan ammattitaito, hoito": 14,
}
"""Seed 002 Taulukko 1 column "yht. 2019": Q4 2019 influenza items per category (the cells sum to 95;
the printed total says 81)."""
OTHER_TOPICS = {2020: ("koronatestaus", 0.05), 2021: ("koronarokotus", 0.08), 2022: ("koronarokotus", 0.02)}


def _type_mix(year: int) -> tuple[float, ...]:
    return TYPE_MIX[max((y for y in TYPE_MIX if y <= year), default=min(TYPE_MIX))]


def _influenza_rows(year: int) -> tuple[list[str], list[str]]:
    """(categories, types) of the fixed influenza rows of Q4 of the year."""
    categories: list[str] = []
    types: list[str] = []
    if year == 2020:
        for category, counts in INFLUENZA_2020.items():
            for feedback_type, count in zip(FEEDBACK_TYPES[:4], counts, strict=True):
                categories += [category] * count
                types += [feedback_type] * count
        for feedback_type, count in INFLUENZA_2020_UNLISTED.items():
            categories += ["Muu"] * count
            types += [feedback_type] * count
    elif year == 2019:
        for category, count in INFLUENZA_2019.items():
            split = np.floor(np.array([0.25, 0.45, 0.1, 0.2]) * count).astype(int)
            split[1] += count - split.sum()
            for feedback_type, part in zip(FEEDBACK_TYPES[:4], split, strict=True):
                categories += [category] * int(part)
                types += [feedback_type] * int(part)
    return categories, types


def _received_days(rng: np.random.Generator, year: int, config: DemoConfig, influenza: int) -> np.ndarray:
    """Receipt days of the year's items (the influenza items excluded), quarter totals kept."""
    total = YEAR_TOTALS.get(year, YEAR_TOTALS[max(YEAR_TOTALS)]) - influenza
    days = year_days(year, DemoConfig(config.seed, date(year, 12, 31), config.scale))
    weights = np.where(weekday(days) >= 5, 0.45, 1.0) * np.where(
        (days.astype("datetime64[M]").astype(int) % 12) == 6, 0.7, 1.0
    )
    q4 = days >= np.datetime64(date(year, 10, 1))
    if year in Q4_TOTALS:
        fourth = Q4_TOTALS[year] - influenza
        counts = np.concatenate(
            [
                rng.multinomial(total - fourth, weights[~q4] / weights[~q4].sum()),
                rng.multinomial(fourth, weights[q4] / weights[q4].sum()),
            ]
        )
    else:
        counts = rng.multinomial(total, weights / weights.sum())
    return np.repeat(days, counts)


def _influenza_days(rng: np.random.Generator, year: int, count: int) -> np.ndarray:
    days = np.arange(
        np.datetime64(date(year, 10, 1)), np.datetime64(date(year, 12, 1)), dtype="datetime64[D]"
    )
    weights = np.where(weekday(days) >= 5, 0.4, 1.0) * np.exp(-(((np.arange(days.size) - 25) / 18.0) ** 2))
    return days[choice_index(rng, weights, count)]


def _units(
    rng: np.random.Generator,
    organisation: Organisation,
    areas: np.ndarray,
    days: np.ndarray,
) -> np.ndarray:
    """A unit position per row (−1 = no unit), open on the day and in the row's service area."""
    units = organisation.units
    weight = units["service_id"].map(UNIT_SERVICE_WEIGHTS).fillna(0.1).to_numpy()
    chosen = np.full(areas.size, -1)
    for area in np.unique(areas):
        rows = np.flatnonzero(areas == area)
        candidates = np.flatnonzero(units["service_area_id"].to_numpy() == area)
        picks = candidates[choice_index(rng, weight[candidates], rows.size)]
        open_now = organisation.open_mask(np.arange(len(units)), np.unique(days[rows]))
        day_column = np.searchsorted(np.unique(days[rows]), days[rows])
        chosen[rows] = np.where(open_now[picks, day_column], picks, -1)
    chosen[rng.random(areas.size) < 0.12] = -1
    return chosen


def _answer_times(rng: np.random.Generator, received: np.ndarray) -> np.ndarray:
    """Reply timestamps: a working-day delay (85 % within 5) then an office hour."""
    n = received.size
    delay = choice_index(rng, (*WORKING_DAY_DELAY, 1 - sum(WORKING_DAY_DELAY)), n)
    slow = delay == len(WORKING_DAY_DELAY)
    delay[slow] = 6 + rng.geometric(0.3, int(slow.sum())) - 1
    day = received.astype("datetime64[D]")
    years = day.astype("datetime64[Y]").astype(int) + 1970
    holidays = finnish_holidays(int(years.min()), int(years.max()) + 1)
    answered_day = np.busday_offset(day, delay, roll="forward", holidays=holidays)
    clock = (8 * 3600 + rng.integers(0, 8 * 3600, n)).astype("timedelta64[s]")
    answered = answered_day.astype("datetime64[s]") + clock
    too_early = answered <= received
    later = received + (rng.integers(1800, 4 * 3600, n)).astype("timedelta64[s]")
    return np.where(too_early, later, answered)


def feedback_year(config: DemoConfig, organisation: Organisation, year: int) -> pd.DataFrame:
    """The feedback items received in a year (up to ``config.until``)."""
    rng = config.rng("feedback", year)
    flu_categories, flu_types = _influenza_rows(year)
    days = _received_days(rng, year, config, len(flu_categories))
    n_base = days.size
    types = choice_index(rng, _type_mix(year), n_base)
    categories = np.empty(n_base, dtype=np.int64)
    for code, feedback_type in enumerate(FEEDBACK_TYPES):
        rows = np.flatnonzero(types == code)
        weights = np.array(CATEGORY_WEIGHTS[feedback_type], dtype=float)
        if year < 2020:
            weights[FEEDBACK_CATEGORIES.index("Saavutettavuus")] = 0
        categories[rows] = choice_index(rng, weights, rows.size)
    category_names = np.array(FEEDBACK_CATEGORIES, dtype=object)[categories]
    type_names = np.array(FEEDBACK_TYPES, dtype=object)[types]
    topic = np.full(n_base, None, dtype=object)
    if year in OTHER_TOPICS:
        name, share = OTHER_TOPICS[year]
        topic[rng.random(n_base) < share] = name
    areas = np.array(list(AREA_WEIGHTS), dtype=object)[choice_index(rng, list(AREA_WEIGHTS.values()), n_base)]
    if flu_categories:
        days = np.concatenate([days, _influenza_days(rng, year, len(flu_categories))])
        category_names = np.concatenate([category_names, np.array(flu_categories, dtype=object)])
        type_names = np.concatenate([type_names, np.array(flu_types, dtype=object)])
        topic = np.concatenate([topic, np.full(len(flu_categories), INFLUENZA_TOPIC, dtype=object)])
        areas = np.concatenate([areas, np.full(len(flu_categories), "tpp", dtype=object)])
    if year == 2016:
        areas[rng.random(areas.size) < 0.002] = "hkp"
    n = days.size
    received = days.astype("datetime64[s]") + (
        rng.choice(24, n, p=HOURS / HOURS.sum()) * 3600 + rng.integers(0, 3600, n)
    ).astype("timedelta64[s]")
    unit = _units(rng, organisation, areas, days)
    is_flu = topic == INFLUENZA_TOPIC
    unit[is_flu & (rng.random(n) < 0.4)] = -1
    flu_unit_ok = organisation.units["service_id"].to_numpy()[unit] == "ter"
    unit[is_flu & ~flu_unit_ok] = -1
    answered = _answer_times(rng, received)
    closed = answered + rng.integers(600, 3 * 86400, n).astype("timedelta64[s]")
    limit = np.datetime64(config.until) + np.timedelta64(1, "D")
    keep = received < limit
    answered_known = answered < limit
    closed_known = closed < limit
    status = np.where(closed_known, "closed", np.where(answered_known, "answered", "in_process"))
    unit_ids = np.array([*organisation.unit_ids, None], dtype=object)
    frame = pd.DataFrame(
        {
            "received_at": received,
            "answered_at": np.where(answered_known, answered, np.datetime64("NaT")),
            "closed_at": np.where(closed_known, closed, np.datetime64("NaT")),
            "unit_id": unit_ids[unit],
            "service_area_id": areas,
            "feedback_type": type_names,
            "category": category_names,
            "topic": topic,
            "channel": pick_strings(CHANNELS, choice_index(rng, (0.78, 0.08, 0.06, 0.02, 0.04, 0.02), n)),
            "language": pick_strings(("fin", "swe", "eng"), choice_index(rng, (0.93, 0.05, 0.02), n)),
            "contact_requested": rng.random(n) < np.where(type_names == "kiitos", 0.4, 0.75),
            "status": status,
            "updated_at": np.where(closed_known, closed, np.where(answered_known, answered, received)),
        }
    ).loc[keep]
    frame = frame.sort_values("received_at", kind="stable", ignore_index=True)
    frame.insert(0, "feedback_id", [f"fb-{year}-{i:05d}" for i in range(1, len(frame) + 1)])
    return with_sami(config, frame, year)
