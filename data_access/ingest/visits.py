"""Visits per unit and month, the denominator of complaints per 10 000 visits (CSV or XLSX).

One row per unit and month: the unit as our unit id or as the register's own code mapped in
``source_unit_map`` (source ``register``); the month as ``m/yyyy``, ``m.yyyy``, ``yyyy-mm`` or a
date ``d.m.yyyy`` (any day names its month; Excel dates too); the number of visits, a whole
number from 0 to :data:`MAX_VISITS`. A month later than the current one is an error.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import Parsed, Reference, first_sheet, require_columns, with_position
from data_access.ingest.registers import unit_column
from data_access.ingest.validation import Errors, check_not_future, check_required

SOURCE = "visits"
UNIT_SOURCE = "register"
"""The ``source_unit_map`` source whose codes name units in a visits file."""
MAX_VISITS = 1_000_000
"""More visits than this in one unit and month is a data error (a city's busiest unit has ~20 000)."""

ALIASES = {
    "unit_id": ("toimipiste", "toimipisteen tunnus", "toimipistekoodi", "yksikkö", "unit", "unit id"),
    "month": ("kuukausi", "kk", "tilastokuukausi", "ajanjakso", "month"),
    "visits": ("käynnit", "käyntejä", "käyntimäärä", "käyntien määrä", "käyntien lukumäärä", "visits"),
}

_MONTH_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})"), 1, 2),
    (re.compile(r"(\d{1,2})[/.](\d{4})"), 2, 1),
)
_YEARS = range(1900, 3000)


def _month_of(cell: str) -> date | None | bool:
    """The first day of the month a ``yyyy-mm``/``m/yyyy``/``m.yyyy`` cell names; False: another form."""
    for pattern, year_group, month_group in _MONTH_PATTERNS:
        match = pattern.fullmatch(cell)
        if match:
            year, month = int(match[year_group]), int(match[month_group])
            return date(year, month, 1) if 1 <= month <= 12 and year in _YEARS else None
    return False


def months(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Months as the first day of each (``datetime.date``) and the mask of unreadable cells."""
    cells = fc.text(series)
    lookup = {cell: _month_of(cell) for cell in cells.dropna().unique()}
    short = cells.map(lookup, na_action="ignore")
    values = pd.Series(None, index=series.index, dtype=object)
    as_month = short.map(lambda v: v is not False, na_action="ignore").fillna(False).astype(bool)
    values[as_month] = short[as_month]
    rest = cells.notna() & ~as_month
    if rest.any():
        days, _ = fc.dates(series[rest])
        firsts = [d.replace(day=1) if isinstance(d, date) and d.year in _YEARS else None for d in days]
        values[rest] = pd.Series(firsts, index=days.index, dtype=object)
    bad = cells.notna() & values.isna()
    return values.astype(object), bad


def read(path: Path, data: bytes, reference: Reference) -> Parsed:
    """Rows of the ``visits`` table; unknown units, unreadable months and bad counts are row errors."""
    errors = Errors(path.name)
    raw = first_sheet(path, data, errors)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    c = fc.pick_columns(raw, ALIASES)
    if not require_columns(raw, errors, c, ("unit_id", "month", "visits")):
        return parsed
    units = unit_column(errors, raw, c["unit_id"], "unit_id", reference, UNIT_SOURCE)
    check_required(errors, raw, fc.text(raw[c["unit_id"]]), "unit_id")
    month, bad_month = months(raw[c["month"]])
    errors.mask(raw, bad_month, "month", "bad_month", raw[c["month"]])
    check_required(errors, raw, fc.text(raw[c["month"]]), "month")
    check_not_future(errors, raw, month, "month", reference.now, fc.text(raw[c["month"]]))
    counts, bad_count = fc.numbers(raw[c["visits"]], integer=True)
    errors.mask(raw, bad_count, "visits", "bad_number", raw[c["visits"]])
    check_required(errors, raw, fc.text(raw[c["visits"]]), "visits")
    outside = counts.notna() & ((counts < 0) | (counts > MAX_VISITS))
    errors.mask(raw, outside, "visits", "visits_out_of_range", fc.text(raw[c["visits"]]), f"0–{MAX_VISITS}")
    frame = pd.DataFrame(
        {
            "unit_id": units,
            "month": month,
            "visits": counts.where(~outside).astype("Int64"),
        }
    )
    parsed.tables["visits"] = with_position(frame, raw)
    return parsed
