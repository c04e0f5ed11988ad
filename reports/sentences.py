"""Short generated sentences (fi/sv/en) that say only what the statistics support.

``sentence(find(row, metric), None, 2019, "fi")`` → "Palautteiden määrä kasvoi kolmanneksella
vuodesta 2019." Wording comes from texts/catalog/sentences.py (the basis and window wording from
exhibits/notes.py); the classification — real change, small change, no change, not assessed and
why — is ``run_query``'s (:mod:`metrics.comparison`), read through :mod:`metrics.findings`, so a
sentence never says other than the tile or the table beside it.

- Real changes (``rise``/``fall``) of counts and rates: the change in words when it is within
  :data:`TOLERANCE` (2 percentage points) of a simple fraction (a quarter, a third, half, two
  thirds, three quarters, doubled, tripled; falls up to three quarters, "halved"), otherwise a
  rounded percentage ("kasvoi 12 %").
- Real changes of scores, shares and times: the change in the metric's unit followed by both
  values of the comparison (comparison → current, on the shared basis), "nousi 2,1 pistettä
  vuodesta 2019 (86,0 → 88,1)". Amounts keep at least one decimal, so Finnish and English need
  no singular form ("1,0 pistettä", "1.0 points"); a change too small for its decimals gets more
  (at most three). Figures are rounded independently, as in official statistics.
- A significant change smaller than the metric's smallest meaningful change is a "pieni muutos"
  with its signed size and the limit, and claims no direction; no change and each reason a change
  is not assessed (no data, not asked, basis too small, hidden cell) get their own sentences. A
  sentence on a hidden cell never carries its value or its n.
- A change computed on less than the headline figure (a channel, survey or unit present on one
  side only) carries the basis note; a period the data cover only in part names the stretches
  compared ("jaksolla 1.1.–31.3.2021 verrattuna jaksoon 1.1.–31.3.2020") instead of the period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import texts
from exhibits import notes
from metrics.catalog import CATALOG
from metrics.comparison import Comparison
from metrics.findings import Finding, ordered
from metrics.spec import Period
from metrics.suppression import PUBLIC_MAX_HIDDEN

TOLERANCE = 0.02
"""A relative change within this of a fraction is said in words (0.31–0.35 is "a third")."""
FRACTIONS = {
    "rise": (
        ("quarter", 1 / 4),
        ("third", 1 / 3),
        ("half", 1 / 2),
        ("two_thirds", 2 / 3),
        ("three_quarters", 3 / 4),
        ("double", 1.0),
        ("triple", 2.0),
    ),
    "fall": (
        ("quarter", 1 / 4),
        ("third", 1 / 3),
        ("half", 1 / 2),
        ("two_thirds", 2 / 3),
        ("three_quarters", 3 / 4),
    ),
}
RELATIVE_KINDS = frozenset({"count", "rate"})
AMOUNTS = {"index": "points", "nps": "points", "scale": "points", "grade": "points", "percent": "percent"}
MAX_DECIMALS = 3
NO_BASIS_NOTE = frozenset({"hidden", "hidden_comparison", "no_current_data"})
"""Reasons whose sentence is about the cell itself, not about what the change was computed on."""
_EPSILON = 1e-9


def sentence(
    finding: Finding,
    subject: str | None,
    since: int | Period,
    language: str,
    names: notes.Namer | None = None,
) -> str:
    """One sentence on ``finding``, with the basis note when the change covers less than the figure.

    ``subject`` (nominative, e.g. "Palautteiden määrä") defaults to the metric's; ``since`` is the
    comparison year or period (replaced by both stretches when the period is only partly covered);
    ``names`` names channels, surveys and units in the basis note (default: vocabulary labels).
    """
    return sentences([(finding, subject)], since, language, names)[0]


def sentences(
    findings_with_subjects: Iterable[tuple[Finding, str | None]],
    since: int | Period,
    language: str,
    names: notes.Namer | None = None,
) -> list[str]:
    """The sentence of each finding, in the given order; a basis note said word for word by an
    earlier sentence of the list is shortened to "the same basis as above"."""
    said: set[str] = set()
    out = []
    for finding, subject in findings_with_subjects:
        text = statement(finding, subject, since, language)
        note = basis_note(finding, language, names)
        if note in said:
            note = texts.t("sentence.same_basis", language)
        elif note:
            said.add(note)
        out.append(f"{text} {note}" if note else text)
    return out


def statement(finding: Finding, subject: str | None, since: int | Period, language: str) -> str:
    """The sentence on ``finding`` without its basis note (see :func:`sentence`)."""
    values: dict[str, object] = {
        "subject": subject or _subject(finding.metric, language),
        "since": _since_of(finding, since, language),
        "min_n": finding.min_n,
    }
    if finding.kind == "not_assessed":
        text = _not_assessed(finding, language, values)
    elif finding.kind == "no_change":
        text = texts.t("sentence.no_change", language, **values)
    elif finding.kind == "small_change":
        text = _small(finding, language, values)
    elif finding.metric_kind in RELATIVE_KINDS:
        text = _relative(finding, language, **values)
    else:
        text = _absolute(finding, language, **values)
    # An abbreviation at the end ("2,0 %-yks.") already closes the sentence.
    text = text[:-1] if text.endswith("..") else text
    return text[:1].upper() + text[1:]


def basis_note(finding: Finding, language: str, names: notes.Namer | None = None) -> str | None:
    """What the finding's change was computed on, when that is less than the headline figure."""
    if finding.basis is None or not finding.basis.restricted or finding.reason in NO_BASIS_NOTE:
        return None
    # The note reads only the basis and the window; the comparison's kind does not enter it.
    facts = Comparison(kind="", window=finding.window, basis=finding.basis)
    with texts.use_language(language):
        return notes.basis_note(facts, names or notes.plain_name)


def summary(
    findings_with_subjects: Iterable[tuple[Finding, str | None]],
    since: int | Period,
    language: str,
    names: notes.Namer | None = None,
) -> list[str]:
    """Sentences of one report section: real changes first (largest effect first), then the rest
    in the given order. Each finding keeps ``run_query``'s own classification."""
    pairs = list(findings_with_subjects)
    return sentences([pairs[i] for i in ordered(f for f, _ in pairs)], since, language, names)


def _subject(metric: str, language: str) -> str:
    key = f"sentence.subject.{metric}"
    return texts.t(key, language) if texts.has(key) else CATALOG[metric].name(language)


def _since_of(finding: Finding, since: int | Period, language: str) -> str:
    """The comparison in words: ``since``, or both stretches when the period was cut at the data's end."""
    window = finding.window
    if window is not None and window.cut:
        with texts.use_language(language):
            current, compared = notes.span(window.current), notes.span(window.compared)
        return texts.t("sentence.since.window", language, current=current, compared=compared)
    return _since(since, language)


def _since(since: int | Period, language: str) -> str:
    if not isinstance(since, Period):
        return texts.t("sentence.since.year", language, year=int(since))
    start, end = since.start, since.end
    whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1 and start.year == end.year
    months = end.month - start.month + 1
    if whole_months and months == 12:
        return texts.t("sentence.since.year", language, year=start.year)
    if whole_months and months == 3 and start.month % 3 == 1:
        return texts.t("sentence.since.quarter", language, year=start.year, quarter=start.month // 3 + 1)
    if whole_months and months == 1:
        return texts.t(f"sentence.since.month.{start.month}", language, year=start.year)
    start_text, end_text = texts.day(start, language), texts.day(end, language)
    return texts.t("sentence.since.period", language, start=start_text, end=end_text)


def _not_assessed(finding: Finding, language: str, values: dict[str, object]) -> str:
    """Why the change is not assessed, in words; a hidden cell's sentence names its mark only."""
    reason = finding.reason or "no_test"
    if reason in ("hidden", "hidden_comparison"):
        mark = finding.mark if finding.mark in ("small", "protected") else "small"
        values = {**values, "min_n": _hidden_below(finding)}
        return texts.t(f"sentence.not_assessed.{reason}.{mark}", language, **values)
    if reason == "small_n" and (finding.n_basis or 0) >= finding.min_n:
        reason = "small_n_cmp"
    return texts.t(f"sentence.not_assessed.{reason}", language, **values)


def _hidden_below(finding: Finding) -> int:
    """The n below which a cell of the finding's metric reads "small": its minimum n for scores;
    for counts, which only public tables hide, the public rule's 1–4."""
    return finding.min_n if CATALOG[finding.metric].is_score else PUBLIC_MAX_HIDDEN + 1


def _small(finding: Finding, language: str, values: dict[str, object]) -> str:
    """A significant change below the smallest meaningful one: its signed size and the limit."""
    with texts.use_language(language):
        smallest = notes.smallest_text(CATALOG[finding.metric])
    return texts.t(
        "sentence.small_change", language, change=_signed(finding, language), smallest=smallest, **values
    )


def _signed(finding: Finding, language: str) -> str:
    """The change with its sign ("+0,4", "−0,5 %-yks.", "+4 %"), with the decimals it needs to
    stay visibly under the smallest meaningful change ("−9,7 %", not "−10 %" under 10 %)."""
    definition = CATALOG[finding.metric]
    if definition.relative_change and finding.relative is not None:
        size, decimals, limit = 100 * finding.relative, 0, 100 * definition.smallest_change
    else:
        size, decimals, limit = finding.delta or 0.0, max(finding.decimals, 1), definition.smallest_change
    decimals = _shown_decimals(size, decimals)
    while round(abs(size), decimals) >= limit and decimals < MAX_DECIMALS:
        decimals += 1
    if definition.relative_change and finding.relative is not None:
        shown = texts.percent(abs(size), decimals, language)
    else:
        shown = texts.number(abs(size), decimals, language)
        if finding.unit == "percent":
            shown = f"{shown} {texts.t('kpi.points', language)}"
    return ("+" if size > 0 else "−") + shown


def _relative(finding: Finding, language: str, **values: object) -> str:
    direction = finding.kind
    if finding.relative is None:
        change = texts.t(f"sentence.relative.{direction}.from_zero", language)
        return _with_values(finding, change, finding.decimals, language, values)
    change = abs(finding.relative)
    word = next((w for w, f in FRACTIONS[direction] if abs(change - f) <= TOLERANCE + _EPSILON), None)
    if word is None:
        percent = texts.percent(100 * change, _shown_decimals(100 * change, 0), language)
        phrase = texts.t(f"sentence.relative.{direction}.percent", language, percent=percent)
    else:
        phrase = texts.t(f"sentence.relative.{direction}.{word}", language)
    return texts.t("sentence.change", language, change=phrase, **values)


def _absolute(finding: Finding, language: str, **values: object) -> str:
    delta = finding.delta or 0.0
    decimals = _shown_decimals(delta, max(finding.decimals, 1))
    amount_key = AMOUNTS.get(finding.unit, "plain")
    if finding.unit == "days":
        amount_key = "working_days" if finding.metric == "handling_working_days" else "days"
    amount = texts.t(
        f"sentence.amount.{amount_key}", language, value=texts.number(abs(delta), decimals, language)
    )
    verb = f"sentence.absolute.{finding.kind}" + (".days" if finding.unit == "days" else "")
    return _with_values(finding, texts.t(verb, language, amount=amount), decimals, language, values)


def _with_values(finding: Finding, change: str, decimals: int, language: str, values: dict) -> str:
    """The change sentence with both compared values in brackets (comparison → current, on the basis)."""
    show = texts.percent if finding.unit == "percent" else texts.number
    current = finding.value_basis if finding.value_basis is not None else finding.value
    before, after = show(finding.value_cmp, decimals, language), show(current, decimals, language)
    return texts.t("sentence.change.values", language, change=change, before=before, after=after, **values)


def _shown_decimals(value: float, decimals: int) -> int:
    """``decimals``, or more (up to MAX_DECIMALS) while ``value`` would show as zero."""
    while round(abs(value), decimals) == 0 and decimals < MAX_DECIMALS:
        decimals += 1
    return decimals
