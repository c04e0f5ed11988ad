"""Best/worst unit lists on a shrunken score (DESIGN.md §4).

``score_j = (W · city_mean + n_j · value_j) / (W + n_j)``: a unit's value is pulled towards the
city mean by a prior worth ``W`` answers, so a unit with a handful of answers is not "best" or
"worst" by chance. ``DEFAULT_WEIGHT`` W = 50: a unit with 50 answers sits halfway between its
own value and the city's, one with 500 keeps ~91 % of its own deviation. W is the
empirical-Bayes weight σ²/τ² (within-unit variance of single answers over the variance of
true unit means); 50 is a chosen default of that order for happy-index scores (answer sd
tens of points, unit means a few points apart): pass ``weight`` to use another.
Show the raw value and n beside the score.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_WEIGHT = 50.0


def shrunken(values, n, city_mean: float, weight: float = DEFAULT_WEIGHT) -> np.ndarray:
    """The shrunken scores of values with sizes ``n``."""
    values = np.asarray(values, dtype=float)
    n = np.asarray(n, dtype=float)
    return (weight * city_mean + n * values) / (weight + n)


def rank_units(
    frame: pd.DataFrame,
    city_value: float | None = None,
    weight: float = DEFAULT_WEIGHT,
    higher_is_better: bool = True,
) -> pd.DataFrame:
    """Rows of a ``run_query`` frame grouped by unit, ranked best first on the shrunken score.

    Suppressed rows (no value) are left out. ``city_value`` defaults to the n-weighted mean of
    the frame's values (pass the city figure from an ungrouped query when the frame is a
    subset). Adds ``score`` and ``rank`` (1 = best).
    """
    ranked = frame[frame["value"].notna() & frame["n"].notna()].copy()
    n = ranked["n"].astype(float)
    if city_value is None:
        city_value = float((ranked["value"] * n).sum() / n.sum()) if len(ranked) else float("nan")
    ranked["score"] = shrunken(ranked["value"], n, city_value, weight)
    ranked = ranked.sort_values("score", ascending=not higher_is_better, kind="stable")
    ranked["rank"] = np.arange(1, len(ranked) + 1)
    return ranked.reset_index(drop=True)
