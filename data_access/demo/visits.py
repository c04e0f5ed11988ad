"""Visits per unit and month: the denominator for complaints per 10 000 visits."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data_access.demo.common import DemoConfig
from data_access.demo.organisation import Organisation

MONTHLY_VISITS = {
    "ter": (3_000, 8_000),
    "ham": (1_500, 4_000),
    "pai": (5_000, 9_000),
    "psy": (800, 2_500),
    "neu": (800, 2_000),
    "pkk": (1_500, 4_000),
    "sos": (1_500, 4_000),
    "lsu": (300, 900),
    "vam": (300, 900),
    "kot": (8_000, 20_000),
    "mpk": (2_000, 6_000),
    "sai": (800, 2_000),
    "kun": (500, 1_500),
    "hkk": (100, 300),
}
SEASON = np.array([1.0, 1.0, 1.05, 1.0, 0.95, 0.85, 0.65, 0.85, 1.05, 1.05, 1.0, 0.9])


def visits_year(config: DemoConfig, organisation: Organisation, year: int) -> pd.DataFrame:
    """Visits of each open unit in each month of the year up to ``config.until``."""
    rng = config.rng("visits", year)
    base_rng = config.rng("visits", "base")
    units = organisation.units
    low_high = np.array([MONTHLY_VISITS[s] for s in units["service_id"]], dtype=float)
    base = base_rng.uniform(low_high[:, 0], low_high[:, 1])
    last = min(date(year, 12, 1), config.until.replace(day=1))
    months = np.arange(np.datetime64(date(year, 1, 1), "M"), np.datetime64(last, "M") + 1)
    if not months.size:
        return pd.DataFrame()
    month_days = months.astype("datetime64[D]")
    level = SEASON[months.astype(int) % 12][None, :] * (1 + 0.015 * (year - 2016))
    covid = (month_days >= np.datetime64("2020-04-01")) & (month_days < np.datetime64("2021-07-01"))
    level = level * np.where(covid, 0.8, 1.0)[None, :]
    expected = base[:, None] * level
    counts = np.round(expected * rng.normal(1.0, 0.05, expected.shape)).astype(np.int64)
    open_mask = organisation.open_mask(np.arange(len(units)), month_days)
    unit_index, month_index = np.nonzero(open_mask)
    return pd.DataFrame(
        {
            "unit_id": units["unit_id"].to_numpy()[unit_index],
            "month": month_days[month_index],
            "visits": counts[unit_index, month_index],
        }
    )
