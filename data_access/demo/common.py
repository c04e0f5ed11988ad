"""Shared helpers of the demo generator: configuration, seeded random streams, calendars, id columns."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

START = date(2016, 1, 1)
TERMINALS_REMOVED = date(2020, 3, 16)
"""Quick-feedback terminals were taken out of use on this day (COVID-19, seed 002)."""
TERMINALS_RETURNED = date(2022, 9, 1)
"""The demo's assumption: new terminals in use again from this day."""
HOME_CARE_APP_START = date(2018, 4, 3)


@dataclass(frozen=True)
class DemoConfig:
    """What the generated data depends on: nothing else (no wall clock)."""

    seed: int = 2026
    until: date = date(2025, 12, 31)
    scale: float = 1.0

    def years(self) -> range:
        """The calendar years the data covers."""
        return range(START.year, self.until.year + 1)

    def rng(self, *keys: object) -> np.random.Generator:
        """An independent random stream per (table, year, …) so each part is reproducible alone."""
        words = [zlib.crc32(str(key).encode("utf-8")) for key in keys]
        return np.random.default_rng(np.random.SeedSequence([self.seed, *words]))


def day_range(start: date, end: date) -> np.ndarray:
    """Days from start to end inclusive as datetime64[D]."""
    return np.arange(np.datetime64(start), np.datetime64(end) + 1, dtype="datetime64[D]")


def year_days(year: int, config: DemoConfig) -> np.ndarray:
    """The days of a year that fall within the demo period."""
    return day_range(date(year, 1, 1), min(date(year, 12, 31), config.until))


@lru_cache(maxsize=64)
def _holiday_days(year: int) -> np.ndarray:
    return np.array(sorted(holidays.Finland(years=year)), dtype="datetime64[D]")


def finnish_holidays(first_year: int, last_year: int) -> np.ndarray:
    """Finnish public holidays of the years as datetime64[D]."""
    return np.concatenate([_holiday_days(y) for y in range(first_year, last_year + 1)])


def is_holiday(days: np.ndarray) -> np.ndarray:
    """True where the day is a Finnish public holiday."""
    years = days.astype("datetime64[Y]").astype(int) + 1970
    return np.isin(days, finnish_holidays(int(years.min()), int(years.max())))


def weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0 … Sunday = 6."""
    return (days.astype("datetime64[D]").astype(np.int64) - 4) % 7


def month_of(days: np.ndarray) -> np.ndarray:
    """Month 1..12 of each day."""
    return days.astype("datetime64[M]").astype(int) % 12 + 1


def arrow_strings(array: pa.Array) -> pd.arrays.ArrowExtensionArray:
    """A pyarrow string array as a pandas column without Python string objects."""
    return pd.arrays.ArrowExtensionArray(array)


def numbered_ids(prefix: str, count: int, width: int = 7) -> pd.arrays.ArrowExtensionArray:
    """Ids ``prefix0000001`` … for a column of ``count`` rows."""
    numbers = pc.cast(pa.array(np.arange(1, count + 1, dtype=np.int64)), pa.string())
    return arrow_strings(pc.binary_join_element_wise(prefix, pc.utf8_lpad(numbers, width, "0"), ""))


def pick_strings(values: list[str] | tuple[str, ...], indices: np.ndarray) -> pd.Categorical:
    """A categorical column taking ``values[indices]``."""
    return pd.Categorical.from_codes(np.asarray(indices, dtype=np.int64), categories=list(values))


def choice_index(rng: np.random.Generator, weights: np.ndarray | list[float], size: int) -> np.ndarray:
    """Indices drawn with the given (unnormalised) weights."""
    probabilities = np.asarray(weights, dtype=float)
    return rng.choice(len(probabilities), size=size, p=probabilities / probabilities.sum())


def row_choice(rng: np.random.Generator, cumulative: np.ndarray) -> np.ndarray:
    """One draw per row from per-row cumulative probabilities (rows × options)."""
    draws = rng.random(len(cumulative))[:, None]
    return (draws > cumulative).sum(axis=1).clip(0, cumulative.shape[1] - 1)


def tilted_probabilities(fraction: np.ndarray | float, points: int) -> np.ndarray:
    """Probabilities of ``points`` ordered answers whose mean is ``fraction`` of the way up the scale.

    An exponential tilt ``p_k ∝ exp(θk)``, θ found by bisection; rows follow the shape of ``fraction``.
    """
    goal = np.atleast_1d(np.asarray(fraction, dtype=float)) * (points - 1)
    low, high = np.full(goal.shape, -12.0), np.full(goal.shape, 12.0)
    steps = np.arange(points)
    for _ in range(60):
        theta = (low + high) / 2
        weights = np.exp(theta[:, None] * steps)
        mean = (weights * steps).sum(axis=1) / weights.sum(axis=1)
        low = np.where(mean < goal, theta, low)
        high = np.where(mean >= goal, theta, high)
    weights = np.exp(((low + high) / 2)[:, None] * steps)
    return weights / weights.sum(axis=1, keepdims=True)
