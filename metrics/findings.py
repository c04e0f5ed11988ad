"""What a compared result row says, as statistics only: did the figure really change?

:func:`find` classifies one row of ``run_query(..., compare=...)`` into a :class:`Finding`:

- ``suppressed``: the current or the comparison cell is hidden (score cells under min n,
  public-mode counts 1–4 and their complementary cells) or has fewer observations than the
  minimum n (counts too: DESIGN.md §4 calls a change significant only when both sides meet it);
- ``no_comparison``: the row has no comparison, or no test was possible (p-value missing);
- ``rise`` / ``fall``: the change is real, q < 0.05, where q is the Benjamini–Hochberg
  adjusted p-value over the findings of one report (:func:`adjust`; a lone finding's q is its p);
- ``no_change``: otherwise.

Counts are tested as Poisson rates per day of the period, so sentences about counts suit
comparisons of periods of (nearly) equal length such as ``last_year``; the direction of a count
finding is that of the counts. ``relative`` (the change as a share of the comparison value) is
given for ratio-scale units (counts, rates, times, matters per contact), not for bounded scores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from metrics.catalog import MetricDef
from metrics.spec import QuerySpec
from metrics.statistics import benjamini_hochberg

FDR = 0.05
"""A finding is a real change when its Benjamini–Hochberg q-value is below this."""
KINDS = ("rise", "fall", "no_change", "suppressed", "no_comparison")
RATIO_UNITS = frozenset({"count", "per_10k_visits", "days", "matters_per_contact"})
SPANS = {"index": 100.0, "percent": 100.0, "nps": 200.0, "grade": 6.0}
"""Width of a bounded score's scale: a change in points is compared across metrics as a share of it."""


@dataclass(frozen=True)
class Finding:
    """One compared figure, classified (see the module docstring)."""

    metric: str
    kind: str
    unit: str
    metric_kind: str
    """The metric's statistic kind (``mean``, ``share``, ``nps``, ``count``, ``rate``)."""
    decimals: int
    higher_is_better: bool | None
    min_n: int
    value: float | None = None
    value_cmp: float | None = None
    n: int | None = None
    n_cmp: int | None = None
    delta: float | None = None
    """value − value_cmp, in the metric's unit (percentage points for shares)."""
    relative: float | None = None
    """value / value_cmp − 1 for ratio-scale units (None from a zero or for bounded scores)."""
    p_value: float | None = None
    q_value: float | None = None
    suppressed_side: str | None = None
    """``current`` or ``comparison`` for suppressed findings."""
    reason: str | None = None
    """Why suppressed: ``small`` (n is known and below min n) or ``protected`` (n itself hidden)."""

    @property
    def is_change(self) -> bool:
        """Whether the finding is a real rise or fall."""
        return self.kind in ("rise", "fall")

    @property
    def tested(self) -> bool:
        """Whether the finding carries a test (it takes part in the FDR adjustment)."""
        return self.kind in ("rise", "fall", "no_change") and self.p_value is not None

    @property
    def improved(self) -> bool | None:
        """True for a real change for the better, False for the worse, None otherwise."""
        if not self.is_change or self.higher_is_better is None:
            return None
        return (self.kind == "rise") == self.higher_is_better

    @property
    def effect(self) -> float:
        """Size of the change comparable across metrics (0 when there is none).

        Bounded scores: |delta| as a share of the scale's width; other units: |relative|
        (infinite for a rise from zero).
        """
        if self.delta is None or self.delta == 0:
            return 0.0
        if self.unit in SPANS:
            return abs(self.delta) / SPANS[self.unit]
        if self.relative is not None:
            return abs(self.relative)
        if self.value_cmp:
            return abs(self.delta / self.value_cmp)
        return math.inf


def find(row: Mapping | pd.Series, definition: MetricDef, spec: QuerySpec | None = None) -> Finding:
    """Classify one compared result row of ``definition`` (``spec`` gives min n and public mode)."""
    min_n = spec.min_n if spec is not None and spec.min_n is not None else definition.min_n
    public = spec.public if spec is not None else False
    value, value_cmp = _number(row.get("value")), _number(row.get("value_cmp"))
    n, n_cmp = _count(row.get("n")), _count(row.get("n_cmp"))
    base = Finding(
        metric=definition.id,
        kind="no_comparison",
        unit=definition.unit,
        metric_kind=definition.kind,
        decimals=definition.decimals,
        higher_is_better=definition.higher_is_better,
        min_n=min_n,
        n=n,
        n_cmp=n_cmp,
    )
    if bool(row.get("suppressed", False)) or n is None or n < min_n:
        return replace(base, kind="suppressed", suppressed_side="current", reason=_reason(n), n=None)
    base = replace(base, value=value)
    if "value_cmp" not in row:
        return base
    if (n_cmp is None and public) or (n_cmp is not None and n_cmp < min_n):
        reason = _reason(n_cmp)
        return replace(base, kind="suppressed", suppressed_side="comparison", reason=reason, n_cmp=None)
    p_value = _number(row.get("p_value"))
    if value is None or value_cmp is None or p_value is None:
        return replace(base, value_cmp=value_cmp)
    delta = value - value_cmp
    relative = value / value_cmp - 1 if definition.unit in RATIO_UNITS and value_cmp > 0 else None
    tested = replace(base, value_cmp=value_cmp, delta=delta, relative=relative, p_value=p_value)
    return _classify(tested, p_value)


def adjust(findings: Sequence[Finding]) -> list[Finding]:
    """The findings with Benjamini–Hochberg q-values over the tested ones, reclassified by q < FDR."""
    tested = [i for i, f in enumerate(findings) if f.tested]
    q_values = benjamini_hochberg(np.array([findings[i].p_value for i in tested], dtype=float))
    adjusted = list(findings)
    for i, q in zip(tested, q_values, strict=True):
        adjusted[i] = _classify(findings[i], float(q))
    return adjusted


def top_groups(frame: pd.DataFrame, k: int = 3) -> pd.DataFrame:
    """The ``k`` rows with the largest n (e.g. the commonest feedback categories).

    Suppressed and hidden cells are never named; ties keep the frame's order.
    """
    shown = frame[~frame["suppressed"].astype(bool) & frame["n"].notna()]
    return shown.sort_values("n", ascending=False, kind="stable").head(k)


def ordered(findings: Iterable[Finding]) -> list[int]:
    """Positions of ``findings``: real changes by effect (largest first), then the rest in order."""
    items = list(findings)
    changes = sorted((i for i, f in enumerate(items) if f.is_change), key=lambda i: -items[i].effect)
    return changes + [i for i, f in enumerate(items) if not f.is_change]


def _classify(finding: Finding, q_value: float) -> Finding:
    real = q_value < FDR and finding.delta is not None and finding.delta != 0
    kind = ("rise" if finding.delta > 0 else "fall") if real else "no_change"
    return replace(finding, kind=kind, q_value=q_value)


def _reason(n: int | None) -> str:
    return "protected" if n is None else "small"


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _count(value: object) -> int | None:
    number = _number(value)
    return None if number is None else round(number)
