"""Small-number suppression (DESIGN.md §4).

- Score cells (every metric but plain counts) with ``n < min_n``: value and interval emptied,
  ``suppressed`` true; ``n`` stays visible.
- Public mode (open data) also hides counts 1–4 (``n`` and value emptied) and applies
  complementary suppression: along every key dimension, a line (the cells that differ only
  in that dimension, whose sum is a published total) never has exactly one hidden cell; the
  smallest visible non-zero cell of such a line is hidden too, repeated until stable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PUBLIC_MAX_HIDDEN = 4
SCORE_COLUMNS = ("value", "ci_low", "ci_high", "median")


def public_hidden(frame: pd.DataFrame, key_columns: list[str], n_column: str = "n") -> pd.Series:
    """Cells a public table hides: counts 1–4 plus complementary cells."""
    n = frame[n_column].fillna(0)
    hidden = (n >= 1) & (n <= PUBLIC_MAX_HIDDEN)
    if not hidden.any():
        return hidden
    hidden = hidden.to_numpy().copy()
    values = n.to_numpy()
    changed = True
    while changed:
        changed = False
        for dimension in key_columns:
            others = [k for k in key_columns if k != dimension]
            lines = (
                frame.groupby(others, dropna=False, sort=False).indices
                if others
                else {(): np.arange(len(frame))}
            )
            for rows in lines.values():
                if hidden[rows].sum() != 1:
                    continue
                candidates = [r for r in rows if not hidden[r] and values[r] > 0]
                if candidates:
                    hidden[min(candidates, key=lambda r: values[r])] = True
                    changed = True
    return pd.Series(hidden, index=frame.index)


MARKS = ("no_data", "small", "protected")
HIDING_MARKS = ("small", "protected")
"""What a hidden or empty cell's mark means: no answers at all; fewer than the minimum n
(or, in public tables, a count of 1–4); hidden to protect another small cell."""


def apply(frame: pd.DataFrame, key_columns: list[str], min_n: int, score: bool, public: bool) -> pd.DataFrame:
    """Set ``suppressed``, ``mark`` (and ``suppressed_cmp``, ``mark_cmp``), empty what they hide.

    ``n_total`` (the whole result's n) is kept true: complementary suppression leaves at least
    two hidden cells in every line, so the total reveals none of them; in public mode a total
    of 1–4 is itself hidden.
    """
    n_known = frame["n"].fillna(0)
    total = float(n_known.sum())
    frame["n_total"] = np.nan if public and 1 <= total <= PUBLIC_MAX_HIDDEN else total
    suppressed, mark = _hidden(frame, key_columns, "n", min_n, score, public)
    columns = [c for c in SCORE_COLUMNS if c in frame.columns]
    _blank(frame, suppressed, columns)
    frame["suppressed"] = suppressed.astype(bool)
    frame["mark"] = mark
    if "n_cmp" in frame.columns:
        hidden_cmp, mark_cmp = _hidden(frame, key_columns, "n_cmp", min_n, score, public)
        hidden_basis, _ = _hidden(frame, key_columns, "n_basis", min_n, score, public)
        _blank(frame, hidden_cmp, ["value_cmp"])
        _blank(frame, hidden_basis | suppressed, ["value_basis"])
        frame["suppressed_cmp"] = mark_cmp.isin(HIDING_MARKS).to_numpy()
        frame["mark_cmp"] = mark_cmp
        hidden_any = suppressed | hidden_cmp | hidden_basis
        # A hidden cell's test result would tell which way its hidden values lie.
        _blank(frame, hidden_any, ["delta", "relative", "p_value", "q_value"])
        if hidden_any.any():
            frame.loc[hidden_any, ["significant", "significant_fdr"]] = False
    return frame


def _blank(frame: pd.DataFrame, hidden: np.ndarray, columns: list[str]) -> None:
    """Empty ``columns`` in the ``hidden`` rows (nothing to do, and no copy, when none is hidden)."""
    if hidden.any():
        frame.loc[hidden, columns] = np.nan


def _hidden(
    frame: pd.DataFrame, key_columns: list[str], n_column: str, min_n: int, score: bool, public: bool
) -> tuple[np.ndarray, pd.Series]:
    """Which cells of one side are hidden, and each cell's mark (None where the value shows)."""
    n = frame[n_column].to_numpy(dtype=float, na_value=np.nan)
    known = np.nan_to_num(n)
    empty = known == 0
    small = (known < min_n) & ~empty if score else np.zeros(len(n), dtype=bool)
    protected = np.zeros(len(n), dtype=bool)
    if public:
        hidden = public_hidden(frame, key_columns, n_column).to_numpy()
        small = small | (hidden & (n <= PUBLIC_MAX_HIDDEN))
        protected = hidden & ~small
        _blank(frame, hidden, [n_column])
    no_data = empty & score
    codes = np.select([protected, small, no_data], ["protected", "small", "no_data"], default="")
    mark = pd.Series([code or None for code in codes], index=frame.index, dtype=object)
    return small | protected | no_data, mark
