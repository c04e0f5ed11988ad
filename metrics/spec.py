"""The one query interface shared by the dashboard, the reports and the CLI.

A :class:`QuerySpec` names a metric, the filters, the grouping and the comparison; the
query runner turns it into a tidy DataFrame with these columns:

- the group columns: each dimension's id column (``unit`` → ``unit_id``) and ``<dim>_name``;
  ``period`` (the start date of the time bucket) when ``grain`` is a calendar grain,
  ``hour`` (0–23) or ``weekday`` (0 = Monday) for those grains;
- ``value``, ``n``, ``ci_low``, ``ci_high``, ``suppressed`` (n below the minimum: value and
  interval are empty), ``partial`` (the bucket or period is not complete in the data);
- with a comparison: ``value_cmp``, ``n_cmp``, ``delta``, ``p_value``, ``significant``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

CALENDAR_GRAINS = ("day", "week", "month", "quarter", "year")
CYCLIC_GRAINS = ("hour", "weekday")
GRAINS = CALENDAR_GRAINS + CYCLIC_GRAINS
COMPARISONS = ("previous", "last_year")
NAME_LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Period:
    """An inclusive date range."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of equal length just before this one (whole months and years kept whole)."""
        if self.start.day == 1 and (self.end + timedelta(days=1)).day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = _add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    @property
    def is_week(self) -> bool:
        """Whether the period is one Monday-to-Sunday week."""
        return self.start.weekday() == 0 and self.days == 7

    def last_year(self) -> Period:
        """The same dates one year earlier (29 February becomes 28 February); a week is compared
        with the week 52 weeks earlier, so the weekdays match."""
        if self.is_week:
            return Period(self.start - timedelta(weeks=52), self.end - timedelta(weeks=52))
        return Period(_minus_year(self.start), _minus_year(self.end))

    def same_stretch(self, compared: Period, through: date) -> Period:
        """The part of ``compared`` that matches this period's first days up to ``through``.

        A comparison period a year earlier is cut at the same date; any other at the same number
        of days (which keeps the weekdays of weeks), never beyond its own end.
        """
        days = (min(through, self.end) - self.start).days
        shifted = compared.start + timedelta(days=days)
        if not self.is_week and compared.start == _minus_year(self.start):
            shifted = _minus_year(min(through, self.end))
        return Period(compared.start, min(max(shifted, compared.start), compared.end))

    def comparison(self, kind: str) -> Period:
        """The comparison period of ``kind`` (one of COMPARISONS)."""
        if kind == "previous":
            return self.previous()
        if kind == "last_year":
            return self.last_year()
        raise ValueError(f"unknown comparison {kind!r}; expected one of {COMPARISONS}")


def _minus_year(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class QuerySpec:
    """What to compute: a metric id from the catalog, filters, grouping and comparison.

    Filter tuples are ids (empty = no filter). ``group_by`` holds catalog dimension names
    (``service_area``, ``service``, ``unit``, ``item``, ``category``, ``feedback_type``,
    ``channel``, ``language``, ``respondent_role``, ``case_kind``, ``reason``, ``outcome``,
    ``sector``, ``topic``, …). Frozen and hashable, so it can key caches.
    """

    metric: str
    period: Period
    group_by: tuple[str, ...] = ()
    grain: str | None = None
    service_area: tuple[str, ...] = ()
    service: tuple[str, ...] = ()
    unit: tuple[str, ...] = ()
    channel: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    respondent_role: tuple[str, ...] = ()
    survey: tuple[str, ...] = ()
    item: tuple[str, ...] = ()
    compare: str | None = None
    include_misuse: bool = False
    min_n: int | None = None
    """Overrides the metric's default minimum n for suppression."""
    public: bool = False
    """Open-data rules: counts 1–4 hidden too, with complementary suppression."""
    extra: tuple[tuple[str, str], ...] = field(default=())
    """Further equality filters on catalog dimensions, as (dimension, id) pairs."""
    name_language: str = "fi"
    """Language of the ``<dim>_name`` columns (``fi``, ``sv`` or ``en``)."""

    def __post_init__(self) -> None:
        if self.grain is not None and self.grain not in GRAINS:
            raise ValueError(f"unknown grain {self.grain!r}; expected one of {GRAINS}")
        if self.compare is not None and self.compare not in COMPARISONS:
            raise ValueError(f"unknown comparison {self.compare!r}; expected one of {COMPARISONS}")
        if self.name_language not in NAME_LANGUAGES:
            raise ValueError(f"unknown name language {self.name_language!r}; expected {NAME_LANGUAGES}")

    def with_(self, **changes) -> QuerySpec:
        """A copy with some fields changed."""
        return replace(self, **changes)
