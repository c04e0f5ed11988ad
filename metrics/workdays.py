"""Working days (arkipäivät): Monday–Friday minus Finnish public holidays (holidays.Finland).

The feedback service promise is a reply within :data:`TARGET_WORKING_DAYS` working days.
Handling time in working days counts the working days after the received date up to and
including the answered date, so a same-day reply is 0 and Friday → Monday is 1.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
import numpy as np

TARGET_WORKING_DAYS = 5


@lru_cache(maxsize=64)
def finnish_holidays(first_year: int, last_year: int) -> np.ndarray:
    """The Finnish public holidays of the years as datetime64[D] (includes Midsummer and Christmas Eve)."""
    days = holidays.Finland(years=range(first_year, last_year + 1))
    return np.array(sorted(days), dtype="datetime64[D]")


def working_days_between(start, end) -> np.ndarray:
    """Working days after each ``start`` date up to and including ``end`` (never negative)."""
    start = np.asarray(start, dtype="datetime64[D]")
    end = np.asarray(end, dtype="datetime64[D]")
    if start.size == 0:
        return np.zeros(start.shape, dtype=int)
    years = np.concatenate([start, end]).astype("datetime64[Y]").astype(int) + 1970
    holidays_ = finnish_holidays(int(years.min()), int(years.max()))
    counted = np.busday_count(start + 1, end + 1, holidays=holidays_)
    return np.clip(counted, 0, None)


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day."""
    return bool(np.is_busday(np.datetime64(day, "D"), holidays=finnish_holidays(day.year, day.year)))
