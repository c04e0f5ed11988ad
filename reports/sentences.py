"""Short generated sentences (fi/sv/en) that say only what the statistics support.

``sentence(find(row, metric), None, 2019, "fi")`` → "Palautteiden määrä kasvoi kolmanneksella
vuodesta 2019." Wording comes from texts/catalog/sentences.py; the classification (real change
or not, suppression) from metrics/findings.py.

- Counts and rates: the change in words when it is within :data:`TOLERANCE` (2 percentage points)
  of a simple fraction (a quarter, a third, half, two thirds, three quarters, doubled, tripled;
  falls up to three quarters, "halved"), otherwise a rounded percentage ("kasvoi 12 %").
- Scores, shares and times: the change in the metric's unit (points, percentage points, days)
  followed by both values, "nousi 2,1 pistettä vuodesta 2019 (86,0 → 88,1)". Amounts keep at
  least one decimal, so Finnish and English need no singular form ("1,0 pistettä", "1.0 points");
  a real change too small for its decimals gets more (at most three). Figures are rounded
  independently, as in official statistics.
- No real change, suppressed cells and missing comparisons get their own sentences; a suppressed
  sentence never carries a value or an n.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import texts
from metrics.catalog import CATALOG
from metrics.findings import Finding, adjust, ordered
from metrics.spec import Period

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
_EPSILON = 1e-9


def sentence(finding: Finding, subject: str | None, since: int | Period, language: str) -> str:
    """One sentence on ``finding``; ``subject`` (nominative, e.g. "Palautteiden määrä") defaults to
    the metric's; ``since`` is the comparison year or period."""
    values: dict[str, object] = {
        "subject": subject or _subject(finding.metric, language),
        "since": _since(since, language),
        "min_n": finding.min_n,
    }
    if finding.kind == "suppressed":
        side = "suppressed" if finding.suppressed_side == "current" else "suppressed_cmp"
        text = texts.t(f"sentence.{side}.{finding.reason}", language, **values)
    elif finding.kind in ("no_change", "no_comparison"):
        text = texts.t(f"sentence.{finding.kind}", language, **values)
    elif finding.metric_kind in RELATIVE_KINDS:
        text = _relative(finding, language, **values)
    else:
        text = _absolute(finding, language, **values)
    return text[:1].upper() + text[1:]


def summary(
    findings_with_subjects: Iterable[tuple[Finding, str | None]], since: int | Period, language: str
) -> list[str]:
    """Sentences of one report section: real changes first (largest effect first), then the rest.

    The findings are FDR-adjusted together here (:func:`metrics.findings.adjust`), so pass all
    findings of the report section at once.
    """
    pairs = list(findings_with_subjects)
    findings = adjust([finding for finding, _ in pairs])
    return [sentence(findings[i], pairs[i][1], since, language) for i in ordered(findings)]


def _subject(metric: str, language: str) -> str:
    key = f"sentence.subject.{metric}"
    return texts.t(key, language) if texts.has(key) else CATALOG[metric].name(language)


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
    decimals = _shown_decimals(finding.delta, max(finding.decimals, 1))
    amount_key = AMOUNTS.get(finding.unit, "plain")
    if finding.unit == "days":
        amount_key = "working_days" if finding.metric == "handling_working_days" else "days"
    amount = texts.t(
        f"sentence.amount.{amount_key}", language, value=texts.number(abs(finding.delta), decimals, language)
    )
    verb = f"sentence.absolute.{finding.kind}" + (".days" if finding.unit == "days" else "")
    return _with_values(finding, texts.t(verb, language, amount=amount), decimals, language, values)


def _with_values(finding: Finding, change: str, decimals: int, language: str, values: dict) -> str:
    """The change sentence with both values in brackets (comparison → current)."""
    show = texts.percent if finding.unit == "percent" else texts.number
    before, after = show(finding.value_cmp, decimals, language), show(finding.value, decimals, language)
    return texts.t("sentence.change.values", language, change=change, before=before, after=after, **values)


def _shown_decimals(value: float, decimals: int) -> int:
    """``decimals``, or more (up to MAX_DECIMALS) while ``value`` would show as zero."""
    while round(abs(value), decimals) == 0 and decimals < MAX_DECIMALS:
        decimals += 1
    return decimals
