"""Quick feedback: HappyOrNot terminal presses (four buttons) and the home-care app (five buttons).

Volumes and happy indexes follow seed 000 (2017 full year; 2018 up to 12.9.2018). Terminals were
removed 16.3.2020 (seed 002); the demo assumes they returned on ``TERMINALS_RETURNED``.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data_access.demo.common import (
    HOME_CARE_APP_START,
    TERMINALS_REMOVED,
    TERMINALS_RETURNED,
    DemoConfig,
    is_holiday,
    month_of,
    numbered_ids,
    pick_strings,
    row_choice,
    tilted_probabilities,
    weekday,
    year_days,
)
from data_access.demo.organisation import Organisation, touchpoints

# service → year → (presses, happy index[, last day the figure covers]); later years repeat the last
TERMINAL_TARGETS: dict[str, dict[int, tuple]] = {
    "ter": {
        2016: (112_000, 85.0),
        2017: (120_725, 86.0),
        2018: (132_308, 87.0, date(2018, 9, 12)),
        2019: (186_000, 87.5),
        2020: (190_000, 87.0),
        2022: (125_000, 86.0),
        2023: (150_000, 86.5),
        2024: (160_000, 87.0),
        2025: (165_000, 87.5),
    },
    "ham": {
        2016: (140_000, 88.5),
        2017: (147_671, 89.0),
        2018: (86_957, 89.0, date(2018, 9, 12)),
        2019: (125_000, 89.5),
        2020: (125_000, 89.5),
        2022: (100_000, 89.0),
        2023: (110_000, 89.5),
        2024: (115_000, 90.0),
        2025: (118_000, 90.0),
    },
    "pai": {
        2016: (16_500, 80.5),
        2017: (17_595, 81.0),
        2018: (14_076, 80.0, date(2018, 9, 12)),
        2019: (20_000, 80.5),
        2020: (20_000, 81.0),
        2022: (15_000, 79.5),
        2023: (17_000, 80.0),
        2024: (18_000, 80.5),
        2025: (18_500, 81.0),
    },
    "mpk": {
        2016: (9_000, 90.5),
        2017: (10_938, 91.0),
        2018: (32_591, 94.0, date(2018, 9, 12)),
        2019: (48_000, 93.5),
        2020: (48_000, 93.5),
        2022: (30_000, 92.5),
        2023: (38_000, 93.0),
        2024: (40_000, 93.0),
        2025: (42_000, 93.5),
    },
    "psy": {2016: (8_000, 83.5), 2018: (9_500, 84.5), 2022: (8_000, 84.0), 2024: (9_000, 85.0)},
    "sai": {2016: (13_000, 87.5), 2018: (15_000, 88.0), 2022: (12_000, 87.0), 2024: (14_000, 88.5)},
    "vam": {2016: (3_500, 86.5), 2019: (4_000, 87.0), 2022: (3_500, 87.5)},
    "pkk": {2018: (12_000, 90.0), 2019: (14_000, 90.5), 2022: (13_000, 91.0), 2024: (15_000, 91.5)},
}
TERMINALS_FROM = {"pkk": date(2018, 10, 1)}
"""New terminals came to the family centres in autumn 2018 (seed 000 §2.1)."""
ROUND_THE_CLOCK = ("pai", "sai")
MISUSE_SHARE = 0.03
QUESTION_TERMINAL = "q-palvelu"
QUESTION_APP = "q-kotikaynti"

SEASON = np.array([0.95, 1.0, 1.05, 1.0, 0.95, 0.8, 0.45, 0.8, 1.05, 1.05, 1.0, 0.8])
OFFICE_WEEKDAY = np.array([1.15, 1.05, 1.0, 1.0, 0.85, 0.04, 0.02])
CLOCK_WEEKDAY = np.array([1.1, 1.0, 1.0, 1.0, 1.0, 0.95, 0.95])
OFFICE_HOURS = np.zeros(24)
OFFICE_HOURS[7:17] = [0.3, 1.0, 1.5, 1.6, 1.3, 1.0, 1.1, 1.0, 0.7, 0.25]
WEEKEND_HOURS = np.zeros(24)
WEEKEND_HOURS[10:15] = 1.0
CLOCK_HOURS = np.array(
    [
        0.3,
        0.2,
        0.15,
        0.1,
        0.1,
        0.15,
        0.3,
        0.6,
        1.0,
        1.3,
        1.4,
        1.3,
        1.2,
        1.2,
        1.2,
        1.2,
        1.1,
        1.0,
        0.9,
        0.8,
        0.7,
        0.6,
        0.5,
        0.4,
    ]
)
HOME_VISIT_HOURS = np.zeros(24)
HOME_VISIT_HOURS[7:22] = [0.6, 1.4, 1.5, 1.3, 1.0, 0.8, 0.8, 0.8, 0.9, 1.0, 1.1, 1.0, 0.7, 0.4, 0.2]

# home-care app: explicit first months (seed 000), then drawn within the seed's ranges
APP_FIRST_MONTHS = {
    (2018, 4): (9_600, 0.76),
    (2018, 5): (17_828, 0.78),
    (2018, 6): (18_700, 0.80),
    (2018, 7): (19_400, 0.81),
    (2018, 8): (20_548, 0.83),
}


def target(service_id: str, year: int) -> tuple[float, float, date]:
    """(presses, happy index, last day the figure covers) of a service in a year."""
    table = TERMINAL_TARGETS[service_id]
    known = [y for y in table if y <= year]
    entry = table[max(known)] if known else table[min(table)]
    if len(entry) == 3 and max(known, default=0) == year:
        return entry[0], entry[1], entry[2]
    return entry[0], entry[1], date(year, 12, 31)


def _hours(rng: np.random.Generator, profile: np.ndarray, size: int) -> np.ndarray:
    return rng.choice(24, size=size, p=profile / profile.sum())


def _terminals_on(days: np.ndarray) -> np.ndarray:
    return (days < np.datetime64(TERMINALS_REMOVED)) | (days >= np.datetime64(TERMINALS_RETURNED))


def _unit_profile(
    config: DemoConfig, organisation: Organisation
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per unit: volume weight, happy-index offset and yearly trend (fixed for the seed)."""
    rng = config.rng("quick_feedback", "units")
    count = len(organisation.units)
    weight = rng.lognormal(0.0, 0.4, count)
    weight[organisation.unit_ids.index("ter-kallio")] *= 1.6
    offset = rng.normal(0.0, 2.2, count)
    trend = np.where(rng.random(count) < 0.15, rng.choice([-0.8, 0.8], count), 0.0)
    return weight, offset, trend


def _day_weights(service_id: str, days: np.ndarray) -> np.ndarray:
    holiday = is_holiday(days)
    if service_id in ROUND_THE_CLOCK:
        weights = CLOCK_WEEKDAY[weekday(days)] * (0.8 + 0.2 * SEASON[month_of(days) - 1])
        return weights * np.where(holiday, 0.9, 1.0)
    weights = OFFICE_WEEKDAY[weekday(days)] * SEASON[month_of(days) - 1]
    return weights * np.where(holiday, 0.03, 1.0)


def _terminal_presses(config: DemoConfig, organisation: Organisation, year: int) -> pd.DataFrame | None:
    days = year_days(year, config)
    full_year = year_days(year, DemoConfig(config.seed, date(year, 12, 31), config.scale))
    rng = config.rng("quick_feedback", "terminal", year)
    weight, offset, trend = _unit_profile(config, organisation)
    parts = []
    for service_id in TERMINAL_TARGETS:
        units = organisation.units_of(service_id)
        presses, index, covered_to = target(service_id, year)
        window = full_year <= np.datetime64(covered_to)
        expected = weight[units][:, None] * _day_weights(service_id, full_year)[None, :]
        expected *= organisation.open_mask(units, full_year)
        if not expected[:, window].sum():
            continue
        genuine = presses * config.scale / (1 + MISUSE_SHARE)
        expected *= genuine / expected[:, window].sum()
        expected = expected[:, : len(days)]
        expected *= _terminals_on(days)[None, :]
        start = TERMINALS_FROM.get(service_id)
        if start:
            expected *= (days >= np.datetime64(start))[None, :]
        counts = rng.poisson(expected)
        cell = np.repeat(np.arange(counts.size), counts.ravel())
        if not cell.size:
            continue
        unit_of_row = units[cell // len(days)]
        day_of_row = days[cell % len(days)]
        unit_index = index + offset[units] + trend[units] * (year - 2018)
        volume = counts.sum(axis=1)
        unit_index -= (unit_index - index) @ volume / max(volume.sum(), 1)
        cumulative = np.cumsum(tilted_probabilities(np.clip(unit_index, 55, 98) / 100, 4), axis=1)
        position = np.searchsorted(units, unit_of_row)
        buttons = row_choice(rng, cumulative[position])
        if service_id in ROUND_THE_CLOCK:
            hours = _hours(rng, CLOCK_HOURS, cell.size)
        else:
            weekend = weekday(day_of_row) >= 5
            hours = np.where(
                weekend, _hours(rng, WEEKEND_HOURS, cell.size), _hours(rng, OFFICE_HOURS, cell.size)
            )
        seconds = hours * 3600 + rng.integers(0, 3600, cell.size)
        ts = day_of_row.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
        parts.append((unit_of_row, ts, buttons))
    if not parts:
        return None
    unit_of_row = np.concatenate([p[0] for p in parts])
    ts = np.concatenate([p[1] for p in parts])
    buttons = np.concatenate([p[2] for p in parts])
    misuse = np.zeros(unit_of_row.size, dtype=bool)
    unit_of_row, ts, buttons, misuse = _add_misuse_bursts(rng, unit_of_row, ts, buttons, misuse)
    tp = touchpoints(organisation)
    frame = pd.DataFrame(
        {
            "ts": ts,
            "unit_id": pick_strings(organisation.unit_ids, unit_of_row),
            "touchpoint_id": pick_strings(list(tp), unit_of_row),
            "question_id": QUESTION_TERMINAL,
            "scale": "four",
            "button_index": buttons,
            "channel": "terminal",
            "misuse": misuse,
        }
    )
    return frame


def _add_misuse_bursts(
    rng: np.random.Generator, unit_of_row: np.ndarray, ts: np.ndarray, buttons: np.ndarray, misuse: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Repeated presses right after a genuine one, mostly the same button, flagged as misuse."""
    mean_extra = 4.0
    bursts = rng.choice(
        unit_of_row.size, size=int(unit_of_row.size * MISUSE_SHARE / mean_extra), replace=False
    )
    extra = 1 + rng.poisson(mean_extra - 1, bursts.size)
    origin = np.repeat(bursts, extra)
    step = np.concatenate([np.arange(1, k + 1) for k in extra]) if extra.size else np.zeros(0, int)
    offsets = (step * rng.integers(1, 4, origin.size)).astype("timedelta64[s]")
    same = rng.random(origin.size) < 0.85
    burst_buttons = np.where(same, buttons[origin], rng.integers(0, 4, origin.size))
    return (
        np.concatenate([unit_of_row, unit_of_row[origin]]),
        np.concatenate([ts, ts[origin] + offsets]),
        np.concatenate([buttons, burst_buttons]),
        np.concatenate([misuse, np.ones(origin.size, dtype=bool)]),
    )


def _app_month_targets(config: DemoConfig, year: int) -> dict[int, tuple[float, float]]:
    rng = config.rng("quick_feedback", "app-months", year)
    drawn = rng.uniform(18_000, 21_000, 12), rng.uniform(0.78, 0.85, 12)
    months = {}
    for month in range(1, 13):
        if date(year, month, 1) < HOME_CARE_APP_START.replace(day=1):
            continue
        months[month] = APP_FIRST_MONTHS.get((year, month), (drawn[0][month - 1], drawn[1][month - 1]))
    return months


def _app_answers(config: DemoConfig, organisation: Organisation, year: int) -> pd.DataFrame | None:
    months = _app_month_targets(config, year)
    days = year_days(year, config)
    days = days[days >= np.datetime64(HOME_CARE_APP_START)]
    if not months or not days.size:
        return None
    rng = config.rng("quick_feedback", "app", year)
    units = organisation.units_of("kot")
    weight = _unit_profile(config, organisation)[0][units]
    month = month_of(days)
    day_weight = np.where(weekday(days) >= 5, 0.85, 1.0)
    volume = np.array([months[m][0] for m in month]) * config.scale
    per_day = volume * day_weight / np.array([_month_weight_sum(year, m) for m in month])
    expected = (weight / weight.sum())[:, None] * per_day[None, :]
    expected *= organisation.open_mask(units, days)
    counts = rng.poisson(expected)
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    unit_of_row = units[cell // len(days)]
    day_of_row = days[cell % len(days)]
    very_positive = np.array([months[m][1] for m in month_of(day_of_row)])
    rest = 1 - very_positive
    probabilities = np.column_stack(
        [
            np.full(rest.shape, 0.01),
            np.full(rest.shape, 0.02),
            np.full(rest.shape, 0.05),
            rest - 0.08,
            very_positive,
        ]
    )
    buttons = row_choice(rng, np.cumsum(probabilities, axis=1))
    seconds = _hours(rng, HOME_VISIT_HOURS, cell.size) * 3600 + rng.integers(0, 3600, cell.size)
    return pd.DataFrame(
        {
            "ts": day_of_row.astype("datetime64[s]") + seconds.astype("timedelta64[s]"),
            "unit_id": pick_strings(organisation.unit_ids, unit_of_row),
            "touchpoint_id": pick_strings(organisation.unit_ids, unit_of_row).rename_categories(
                lambda unit_id: f"app-{unit_id}"
            ),
            "question_id": QUESTION_APP,
            "scale": "five",
            "button_index": buttons,
            "channel": "app",
            "misuse": False,
        }
    )


def _month_weight_sum(year: int, month: int) -> float:
    start = np.datetime64(date(year, month, 1))
    end = (start.astype("datetime64[M]") + 1).astype("datetime64[D]")
    days = np.arange(start, end, dtype="datetime64[D]")
    return float(np.where(weekday(days) >= 5, 0.85, 1.0).sum())


def happyornot_metadata(organisation: Organisation) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The HappyOrNot surveys and experience-point tree behind the demo's presses.

    The terminals' question is a four-button survey; the home-care app's is read as a reversed
    five-button one. Each unit's terminal is the experience point mapped to it; the app's point
    of a home-care unit hangs below it.
    """
    surveys = pd.DataFrame(
        {
            "survey_id": [QUESTION_TERMINAL, QUESTION_APP],
            "feedback_scale": ["four", "five_reversed"],
            "index_type": "HAPPY_INDEX",
            "name": ["Miten onnistuimme tänään?", "Miten kotikäynti onnistui?"],
        }
    )
    units = organisation.units
    terminals = touchpoints(organisation).astype(str)
    home_care = organisation.units_of("kot")
    points = pd.concat(
        [
            pd.DataFrame({"point_id": terminals, "name": units["name_fi"].to_numpy(), "parent_id": None}),
            pd.DataFrame(
                {
                    "point_id": "app-" + units["unit_id"].to_numpy()[home_care].astype(object),
                    "name": "Kotihoidon sovellus, " + units["name_fi"].to_numpy()[home_care].astype(object),
                    "parent_id": terminals[home_care],
                }
            ),
        ],
        ignore_index=True,
    )
    points["point_type"] = "EXPERIENCE-POINT"
    return surveys, points


def quick_feedback_year(config: DemoConfig, organisation: Organisation, year: int) -> pd.DataFrame:
    """All quick-feedback rows of one year, ordered by time, with unique ids."""
    frames = []
    for prefix, frame in (
        ("hon", _terminal_presses(config, organisation, year)),
        ("app", _app_answers(config, organisation, year)),
    ):
        if frame is None or frame.empty:
            continue
        frame = frame.sort_values("ts", kind="stable", ignore_index=True)
        frame.insert(0, "feedback_id", numbered_ids(f"{prefix}-{year}-", len(frame), width=8))
        frames.append(frame)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)
