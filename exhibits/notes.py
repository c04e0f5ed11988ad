"""Comparison facts and cell marks in words: one wording for tiles, tables, captions,
speaker notes and report sentences (texts in texts/catalog/comparison.py).

- :func:`basis_note`: what a change covers when it is less than the headline figure
  ("Muutos laskettu vain näistä kanavista: Kotihoidon sovellus. Ei mukana: Pikapalautelaite
  (ei tietoja tältä jaksolta).");
- :func:`window_note`: the stretches compared when the period is only partly covered;
- :func:`change_text`: a row's classification ("✱ merkittävä nousu", "pieni muutos (alle 1,0)",
  "ei arvioitu: ei tietoja vertailujaksolta");
- :func:`mark_text` and :func:`legend`: the one mark of each kind of hidden or empty cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import texts
from figures import tables
from metrics.catalog import MetricDef
from metrics.comparison import Comparison
from metrics.spec import Period
from texts import t

Namer = Callable[[str, str], str]
"""(dimension, id) → the name shown."""


def plain_name(dimension: str, value: str) -> str:
    """A vocabulary label (channels) or the id itself (surveys, units) when no label exists."""
    return texts.label(dimension, value)


def basis_note(facts: Comparison | None, name_of: Namer = plain_name) -> str | None:
    """The sentence saying what the change covers, None when it covers the whole figure."""
    if facts is None or not facts.basis.restricted:
        return None
    basis = facts.basis
    parts = []
    if basis.dropped:
        dropped = _dropped(basis.dimension, basis.dropped, name_of)
        if basis.kept:
            kept = ", ".join(name_of(basis.dimension, v) for v in basis.kept)
            parts.append(t(f"basis.{basis.dimension}", kept=kept, dropped=dropped))
        else:
            parts.append(t(f"basis.none.{basis.dimension}", dropped=dropped))
    if basis.units_dropped:
        reasons = sorted({reason for _, reason in basis.units_dropped})
        key = "basis.units.one" if len(basis.units_dropped) == 1 else "basis.units"
        parts.append(
            t(
                key,
                count=texts.number(len(basis.units_dropped), 0),
                dropped=", ".join(t(f"basis.reason.{r}") for r in reasons),
            )
        )
    return " ".join(parts)


def _dropped(dimension: str, dropped: tuple[tuple[str, str], ...], name_of: Namer) -> str:
    return ", ".join(f"{name_of(dimension, v)} ({t(f'basis.reason.{reason}')})" for v, reason in dropped)


def window_note(facts: Comparison | None, through: date | None) -> str | None:
    """The stretches compared when only part of the period has data, None otherwise."""
    if facts is None:
        return None
    shown_through = texts.day(through) if through else "–"
    if facts.window is None:
        return t("window.no_data", through=shown_through)
    if not facts.window.cut:
        return None
    return t(
        "window.cut",
        current=span(facts.window.current),
        compared=span(facts.window.compared),
        through=shown_through,
    )


def span(period: Period) -> str:
    """A date range as people write it: 1.1.–31.3.2021 within a year, else both dates whole."""
    start, end = texts.day(period.start), texts.day(period.end)
    if period.start.year == period.end.year and start.endswith(str(period.start.year)):
        start = start[: -len(str(period.start.year))].rstrip("/")
    return f"{start}–{end}"


def comparison_notes(facts: Comparison | None, through: date | None, name_of: Namer = plain_name) -> tuple:
    """Both notes that apply, for captions and speaker notes."""
    return tuple(n for n in (window_note(facts, through), basis_note(facts, name_of)) if n)


def change_text(change: str, reason: str | None, definition: MetricDef, min_n: int | None = None) -> str:
    """A row's classification in words (the tile's and the table's change column)."""
    if change == "not_assessed":
        return t("change.not_assessed", reason=reason_text(reason, definition, min_n))
    if change == "small_change":
        return t("change.small_change", smallest=smallest_text(definition))
    return t(f"change.{change}")


def reason_text(reason: str | None, definition: MetricDef, min_n: int | None = None) -> str:
    """Why a change is not assessed, in words."""
    return t(f"not_assessed.{reason or 'no_test'}", min_n=min_n or definition.min_n)


def smallest_text(definition: MetricDef) -> str:
    """The metric's smallest meaningful change as shown: "1,0", "2,0 %-yks.", "10 %"."""
    if definition.relative_change:
        return texts.percent(100 * definition.smallest_change, 0)
    decimals = max(definition.decimals, 1)
    amount = texts.number(definition.smallest_change, decimals)
    return f"{amount} {t('kpi.points')}" if definition.unit == "percent" else amount


def mark_text(mark: str, min_n: int) -> str:
    """The cell text of a mark (``no_data``, ``small``, ``protected``, ``not_assessed``); the
    tables and charts of :mod:`figures` write the same (:func:`figures.tables.mark_text`)."""
    return tables.mark_text(mark, min_n)


def legend(marks: Iterable[str | None], min_n: int) -> tuple[str, ...]:
    """The legend lines of the marks that appear, in a fixed order."""
    seen = {m for m in marks if m}
    order = ("no_data", "small", "protected", "not_assessed")
    return tuple(t(f"legend.{m}", min_n=min_n) for m in order if m in seen)
