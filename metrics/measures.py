"""What a catalog entry's measure is: the kind of statistic over row expressions.

An *expression* is a function of one row of the metric's source (``lambda answer: answer.value
>= 9``). The same function gives the SQL (called with a row of SQLAlchemy columns,
:class:`metrics.sources.SqlRow`), the NumPy values of a tallied measure
(:class:`metrics.tally.TallyRow`) and the formula text (:class:`metrics.prose.ProseRow`), so
the text on the Methods page cannot say other than the code.

A measure names the kind (:data:`metrics.catalog.KINDS`) and expands into the sufficient
:class:`Statistic` s that :mod:`metrics.results` turns into a value, an interval and a test:

========  ==========================================  =======================================
kind      declaration                                 statistics per group
========  ==========================================  =======================================
mean      ``Mean(value, median=False)``               ``n``, ``_sum``, ``_sumsq`` (``median``)
share     ``Share(hit, of=None)``                     ``n``, ``_k``
nps       ``Nps(promoter, detractor)``                ``n``, ``_prom``, ``_detr``
count     ``Count(value=None, distinct=None)``        ``n`` (rows, the sum of ``value`` or the
                                                      number of distinct ``distinct`` values)
rate      ``Rate(Exposure(source, value), per)``      ``n`` and ``_exposure`` from ``source``
========  ==========================================  =======================================
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from metrics.prose import ProseRow, literal, written

if TYPE_CHECKING:
    from metrics.sources import SourceDef

Expression = Callable[[Any], Any]
"""A function of one row: SQL for a SqlRow, NumPy values for a TallyRow, Prose for a ProseRow."""

COUNT = "count"
"""Rows where the expression holds (every row without one)."""
SUM = "sum"
DISTINCT = "distinct"
"""The number of distinct values of the expression (respondents of answer rows)."""
SUM_OF_SQUARES = "sum_of_squares"
MEDIAN = "median"
"""The weighted median of a tallied expression."""


@dataclass(frozen=True)
class Statistic:
    """One sufficient statistic: a result column, its aggregation and the row expression aggregated."""

    name: str
    aggregation: str
    expression: Expression | None = None


class Measure(ABC):
    """The common part of the measure kinds: statistics, row filters, formula, columns read."""

    kind: ClassVar[str]

    @abstractmethod
    def statistics(self) -> tuple[Statistic, ...]:
        """The per-group statistics the engine (or the tally) computes."""

    @property
    def filters(self) -> tuple[Expression, ...]:
        """Row conditions that belong to the measure itself (a share's denominator)."""
        return ()

    @abstractmethod
    def formula(self, rows: str) -> str:
        """The measure written out; ``rows`` names what one row is (``presses``)."""

    def reads(self) -> tuple[str, ...]:
        """The source columns the measure's expressions read, in order of first use."""
        row = ProseRow()
        for statistic in self.statistics():
            if statistic.expression is not None:
                statistic.expression(row)
        for condition in self.filters:
            condition(row)
        return tuple(row.read)


@dataclass(frozen=True)
class Mean(Measure):
    """The mean of ``value`` per row; t-interval and Welch test. ``median`` adds a ``median`` column."""

    value: Expression
    median: bool = False
    kind: ClassVar[str] = "mean"

    def statistics(self) -> tuple[Statistic, ...]:
        spread = (Statistic("median", MEDIAN, self.value),) if self.median else ()
        return (
            Statistic("n", COUNT),
            Statistic("_sum", SUM, self.value),
            Statistic("_sumsq", SUM_OF_SQUARES, self.value),
            *spread,
        )

    def formula(self, rows: str) -> str:
        value = written(self.value)
        median = f" and median({value})" if self.median else ""
        return f"mean({value}){median} over {rows}"


@dataclass(frozen=True)
class Share(Measure):
    """The share (per cent) of rows where ``hit`` holds among the rows ``of`` admits (default all).

    Wilson interval and two-proportion test. ``of`` is a filter: rows outside it are not counted.
    """

    hit: Expression
    of: Expression | None = None
    kind: ClassVar[str] = "share"

    def statistics(self) -> tuple[Statistic, ...]:
        return (Statistic("n", COUNT), Statistic("_k", COUNT, self.hit))

    @property
    def filters(self) -> tuple[Expression, ...]:
        return () if self.of is None else (self.of,)

    def formula(self, rows: str) -> str:
        hit = written(self.hit)
        of = rows if self.of is None else written(self.of)
        return f"100 × count({hit}) / count({of})"


@dataclass(frozen=True)
class Nps(Measure):
    """Net promoter score: per cent ``promoter`` rows minus per cent ``detractor`` rows."""

    promoter: Expression
    detractor: Expression
    kind: ClassVar[str] = "nps"

    def statistics(self) -> tuple[Statistic, ...]:
        return (
            Statistic("n", COUNT),
            Statistic("_prom", COUNT, self.promoter),
            Statistic("_detr", COUNT, self.detractor),
        )

    def formula(self, rows: str) -> str:
        promoter = written(self.promoter)
        detractor = written(self.detractor)
        return (
            f"100 × (count({promoter}) − count({detractor})) / count({rows}); "
            "interval from var = p + d − (p − d)²"
        )


@dataclass(frozen=True)
class Count(Measure):
    """The number of rows, the sum of ``value`` over them, or the number of distinct values of
    ``distinct`` (the respondents behind answer rows); exact Poisson interval."""

    value: Expression | None = None
    distinct: Expression | None = None
    kind: ClassVar[str] = "count"

    def statistics(self) -> tuple[Statistic, ...]:
        if self.distinct is not None:
            return (Statistic("n", DISTINCT, self.distinct),)
        return (Statistic("n", COUNT) if self.value is None else Statistic("n", SUM, self.value),)

    def formula(self, rows: str) -> str:
        if self.distinct is not None:
            return f"count(distinct {written(self.distinct)}) over {rows}"
        return f"count({rows})" if self.value is None else f"sum({written(self.value)})"


@dataclass(frozen=True)
class Exposure:
    """What a rate is per: the sum of ``value`` over another source, by the same groups."""

    source: SourceDef
    value: Expression

    def formula(self) -> str:
        resolution = f" and {self.source.resolution}s" if self.source.resolution == "month" else ""
        return f"sum({written(self.value)}) of the same groups{resolution}"


@dataclass(frozen=True)
class Rate(Measure):
    """``per`` × count / exposure; exact Poisson interval and conditional binomial test.

    The groups are the exposure's: a group with exposure but no rows has rate 0.
    """

    exposure: Exposure
    per: int
    count: Count = Count()
    kind: ClassVar[str] = "rate"

    def statistics(self) -> tuple[Statistic, ...]:
        return self.count.statistics()

    def formula(self, rows: str) -> str:
        return f"{literal(self.per).text} × {self.count.formula(rows)} / {self.exposure.formula()}"
