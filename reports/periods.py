"""The periods reports are made for, as people write them: ``2020Q4``, ``2020``, ``2020-W50``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from metrics.spec import Period

_FORMS = {
    "quarterly": (re.compile(r"(\d{4})-?Q([1-4])"), "2020Q4"),
    "annual": (re.compile(r"(\d{4})"), "2020"),
    "weekly": (re.compile(r"(\d{4})-W(\d{1,2})"), "2020-W50"),
}


class PeriodError(ValueError):
    """A period that does not name a quarter, a year or an ISO week."""


def report_period(kind: str, text: str) -> Period:
    """The inclusive period ``text`` names for a ``kind`` of report."""
    pattern, example = _FORMS[kind]
    match = pattern.fullmatch(text.strip().upper())
    if not match:
        raise PeriodError(f"{text!r} does not name the period of a {kind} report; write it like {example}")
    year = int(match.group(1))
    if kind == "annual":
        return Period(date(year, 1, 1), date(year, 12, 31))
    if kind == "quarterly":
        quarter = int(match.group(2))
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return Period(start, end - timedelta(days=1))
    try:
        monday = date.fromisocalendar(year, int(match.group(2)), 1)
    except ValueError as error:
        raise PeriodError(f"{text!r}: year {year} has no such ISO week") from error
    return Period(monday, monday + timedelta(days=6))
