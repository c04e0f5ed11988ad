"""What a compared result row says, as statistics only, for sentences and speaker notes.

:func:`find` reads one row of ``run_query(..., compare=...)`` into a :class:`Finding`; the
classification itself — real change, small change, no change, not assessed and why — is
``run_query``'s (:mod:`metrics.comparison`), so a sentence never says other than the tile or
table beside it. :func:`findings_of` reads a whole frame with its comparison facts (the
stretches compared and the basis), which sentences name when the change covers less than the
headline figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from metrics.catalog import MetricDef
from metrics.comparison import Basis, Comparison, Window
from metrics.spec import QuerySpec

SPANS = {"index": 100.0, "percent": 100.0, "nps": 200.0, "grade": 6.0}
"""Width of a bounded score's scale: a change in points is compared across metrics as a share of it."""


@dataclass(frozen=True)
class Finding:
    """One compared figure as ``run_query`` classified it."""

    metric: str
    kind: str
    """``rise``, ``fall``, ``small_change``, ``no_change`` or ``not_assessed``."""
    unit: str
    metric_kind: str
    """The metric's statistic kind (``mean``, ``share``, ``nps``, ``count``, ``rate``)."""
    decimals: int
    higher_is_better: bool | None
    min_n: int
    value: float | None = None
    """The headline value (the whole figure)."""
    value_basis: float | None = None
    """The current side of the comparison (the headline on the shared basis)."""
    value_cmp: float | None = None
    n: int | None = None
    n_basis: int | None = None
    """The current side's n on the shared basis (equal to ``n`` unless the basis is restricted)."""
    n_cmp: int | None = None
    delta: float | None = None
    """value_basis − value_cmp, in the metric's unit (percentage points for shares)."""
    relative: float | None = None
    """The change as a share of the comparison (counts and rates; None from zero or for scores)."""
    p_value: float | None = None
    q_value: float | None = None
    reason: str | None = None
    """Why not assessed (:data:`metrics.comparison.NOT_ASSESSED`)."""
    mark: str | None = None
    """The hidden side's mark (``small`` or ``protected``) when ``reason`` is a hidden cell."""
    basis: Basis | None = None
    window: Window | None = None

    @property
    def is_change(self) -> bool:
        """Whether the finding is a real (significant and meaningful) rise or fall."""
        return self.kind in ("rise", "fall")

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


def find(
    row: Mapping | pd.Series,
    definition: MetricDef,
    spec: QuerySpec | None = None,
    facts: Comparison | None = None,
) -> Finding:
    """The finding of one compared result row of ``definition`` (``facts``: its frame's comparison)."""
    min_n = spec.min_n if spec is not None and spec.min_n is not None else definition.min_n
    reason = _text(row.get("not_assessed"))
    mark = None
    if reason == "hidden":
        mark = _text(row.get("mark"))
    elif reason == "hidden_comparison":
        mark = _text(row.get("mark_cmp"))
    hidden = reason == "hidden"
    return Finding(
        metric=definition.id,
        kind=_text(row.get("change")) or "not_assessed",
        unit=definition.unit,
        metric_kind=definition.kind,
        decimals=definition.decimals,
        higher_is_better=definition.higher_is_better,
        min_n=min_n,
        value=None if hidden else _number(row.get("value")),
        value_basis=None if hidden else _number(row.get("value_basis")),
        value_cmp=_number(row.get("value_cmp")),
        n=None if hidden else _count(row.get("n")),
        n_basis=None if hidden else _count(row.get("n_basis")),
        n_cmp=_count(row.get("n_cmp")),
        delta=_number(row.get("delta")),
        relative=_number(row.get("relative")),
        p_value=_number(row.get("p_value")),
        q_value=_number(row.get("q_value")),
        reason=reason,
        mark=mark,
        basis=facts.basis if facts is not None else None,
        window=facts.window if facts is not None else None,
    )


def findings_of(frame: pd.DataFrame, definition: MetricDef, spec: QuerySpec | None = None) -> list[Finding]:
    """The findings of every row of a compared frame, with its comparison facts."""
    facts = frame.attrs.get("comparison")
    return [find(row, definition, spec, facts) for _, row in frame.iterrows()]


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


def _text(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _count(value: object) -> int | None:
    number = _number(value)
    return None if number is None else round(number)
