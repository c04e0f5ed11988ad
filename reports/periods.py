"""The periods reports are made for, as people write them (``2020Q4``, ``2020``, ``2020-W50``),
and how far the data cover them (:func:`coverage`): a report on a period the data reach only in
part says so on its first page, and ``cli.py report`` exits with its own code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import texts
from exhibits import notes
from exhibits.source import Source
from metrics.freshness import complete_through
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


@dataclass(frozen=True)
class Coverage:
    """How far the data reach into a report's period (the latest channel's last complete day)."""

    period: Period
    through: date | None
    """The last day with data in any channel, capped at today; None when there are no data."""
    compare: str
    """The report's comparison (``last_year`` or ``previous``)."""

    @property
    def complete(self) -> bool:
        """Whether the data cover the whole period."""
        return self.through is not None and self.through >= self.period.end

    def note(self, language: str) -> str | None:
        """The first page's statement on an incompletely covered period, None when it is complete."""
        if self.complete:
            return None
        with texts.use_language(language):
            if self.through is None:
                return texts.t("report.coverage.nothing")
            through = texts.day(self.through)
            if self.through < self.period.start:
                return texts.t("report.coverage.none", through=through)
            current = Period(self.period.start, self.through)
            compared = self.period.same_stretch(self.period.comparison(self.compare), self.through)
            return texts.t(
                f"report.coverage.cut.{self.compare}",
                through=through,
                current=notes.span(current),
                compared=notes.span(compared),
            )


def coverage(source: Source, period: Period, compare: str, today: date | None = None) -> Coverage:
    """How far ``source``'s data reach into ``period`` (data after ``today`` do not count)."""
    latest = max((day for day in source.data_through().values() if day), default=None)
    return Coverage(period, complete_through(latest, today) if latest else None, compare)
