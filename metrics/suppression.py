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


def small_cells(n: pd.Series, min_n: int) -> pd.Series:
    """Cells whose n is below the minimum."""
    return n.fillna(0) < min_n


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


def apply(frame: pd.DataFrame, key_columns: list[str], min_n: int, score: bool, public: bool) -> pd.DataFrame:
    """Set ``suppressed`` and empty what it hides (see module docstring)."""
    suppressed = small_cells(frame["n"], min_n) if score else pd.Series(False, index=frame.index)
    if public:
        hidden = public_hidden(frame, key_columns)
        frame.loc[hidden, "n"] = np.nan
        suppressed = suppressed | hidden
    columns = [c for c in SCORE_COLUMNS if c in frame.columns]
    frame.loc[suppressed, columns] = np.nan
    frame["suppressed"] = suppressed.astype(bool)
    if "n_cmp" in frame.columns:
        hidden_cmp = small_cells(frame["n_cmp"], min_n) if score else pd.Series(False, index=frame.index)
        if public:
            public_cmp = public_hidden(frame, key_columns, "n_cmp")
            frame.loc[public_cmp, "n_cmp"] = np.nan
            hidden_cmp = hidden_cmp | public_cmp
        frame.loc[hidden_cmp, "value_cmp"] = np.nan
        frame.loc[suppressed | hidden_cmp, ["delta", "p_value"]] = np.nan
        # A hidden cell's test result would tell which way its hidden values lie.
        for column, empty in (("q_value", np.nan), ("significant", False), ("significant_fdr", False)):
            if column in frame.columns:
                frame.loc[suppressed | hidden_cmp, column] = empty
    return frame
