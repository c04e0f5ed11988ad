"""Open text: masked personal data, kept apart from the facts, deleted after a retention period.

Feedback descriptions and HappyOrNot text answers go to the ``open_text`` table only. Finnish
personal identity codes (henkilötunnus), e-mail addresses, phone numbers and person names are
masked on import. Names come from a list (``person_names.toml``) with their Finnish inflected
forms generated (Virtanen → Virtaselle, Anna → Annan, Matti → Matille, Tuomas → Tuomakselle),
plus the capitalised word after a listed first name or a title ("lääkäri Ylönen"). The themes
derived from open text (``feedback_theme``) are deleted with it: :func:`enforce_retention`
deletes both tables' rows older than the retention period in one batch.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from data_access.store import WarehouseWriter

RETENTION_MONTHS = 24

HETU_MASK = "[HETU]"
EMAIL_MASK = "[EMAIL]"
PHONE_MASK = "[PHONE]"
NAME_MASK = "[NAME]"
NAMES_FILE = Path(__file__).with_name("person_names.toml")
DERIVED_TABLES = ("feedback_theme",)
"""Tables derived from open text: the same retention applies to them."""

_HETU = re.compile(r"(?<![0-9A-Za-z])\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y](?![0-9A-Za-z])", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w+\-/#])"  # not the tail of an id or code (dup-0000001, AB/0401234567, #0401234567)
    r"(?:(?:\+|00)358[ -]?(?:\(0\)[ -]?)?\(?|\(?0)"  # +358 / 00358 (and "(0)"), or the trunk 0
    r"[1-9]\d{0,2}\)?"  # the area or operator code never starts with 0: 040, 050, 09, 013
    r"(?:[ -]?\d){5,9}"  # the subscriber number
    r"(?![\w/]|-\d)"
)
"""Finnish phone numbers as people write them (``040 123 4567``, ``+358 40 1234567``, ``09 310
12345``, ``(09) 310 12345``, ``0401234567``); ids such as ``dup-0000001`` are not numbers."""


_CASE_ENDINGS = ("n", "lle", "lla", "llä", "lta", "ltä", "ksi", "ssa", "ssä", "sta", "stä", "t", "kin")
_WEAK_GRADE = (("kk", "k"), ("pp", "p"), ("tt", "t"))
_CLITICS = ("kin", "kaan", "kään", "han", "hän")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*$")


def _harmony(stem: str) -> str:
    return "a" if re.search("[aou]", stem) else "ä"


def _weak(stem: str) -> str:
    """The weak grade of a stem's last consonant cluster (Matti → Mati-, Mikko → Miko-)."""
    for strong, weak in _WEAK_GRADE:
        if stem[-3:-1] == strong:
            return stem[:-3] + weak + stem[-1]
    return stem


def inflected_forms(name: str) -> set[str]:
    """A name's Finnish forms in lower case: the base form and its case forms, singular and plural."""
    base = name.lower()
    forms = {base}
    if base.endswith("nen"):  # Virtanen: Virtase-, partitive Virtasta
        stem = base[:-3] + "se"
        forms |= {stem + ending for ending in _CASE_ENDINGS} | {stem + "en", stem + "n" + _harmony(stem)}
        forms |= {base[:-3] + "st" + _harmony(stem), base[:-3] + "sten", base[:-3] + "sille", stem + "t"}
        forms |= {base[:-3] + "si" + ending for ending in ("lle", "lla", "ltä", "lta", "sta", "stä", "in")}
        return forms
    if base[-2:] in ("as", "es", "is", "us", "os", "ys"):  # Tuomas: Tuomakse-, partitive Tuomasta
        stem = base[:-1] + "kse"
        forms |= {stem + ending for ending in _CASE_ENDINGS} | {stem + "en"}
        forms.add(base + "t" + _harmony(base))
        return forms
    if base[-1] not in "aeiouyäö":  # Erik: Eriki-
        stem = base + "i"
        forms |= {stem + ending for ending in _CASE_ENDINGS} | {stem + _harmony(base), stem + "in"}
        return forms
    weak = _weak(base)
    vowel = _harmony(base)
    forms |= {weak + ending for ending in _CASE_ENDINGS}
    forms |= {base + ending for ending in ("a", "ä", vowel, base[-1] + "n", "n" + vowel, "kin")}
    return forms


@cache
def _names() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(first-name forms, every name form, ambiguous forms, titles, postpositions)."""
    data = tomllib.loads(NAMES_FILE.read_text(encoding="utf-8"))
    first = frozenset(f for name in data["first"] for f in inflected_forms(name))
    every = first | frozenset(f for name in data["surnames"] for f in inflected_forms(name))
    ambiguous = frozenset(f for name in data["ambiguous"] for f in inflected_forms(name))
    return first, every, ambiguous, frozenset(data["titles"]), frozenset(data["postpositions"])


def _bare(word: str) -> str:
    """A lower-case word without an enclitic particle (Annankin → annan)."""
    lower = word.lower()
    for clitic in _CLITICS:
        if lower.endswith(clitic) and len(lower) > len(clitic) + 2:
            return lower[: -len(clitic)]
    return lower


def mask_names(text: str) -> str:
    """Replace person names with :data:`NAME_MASK` (see the module docstring for the rules)."""
    first, every, ambiguous, titles, postpositions = _names()
    tokens = list(_TOKEN.finditer(text))
    doomed: set[int] = set()
    for i, token in enumerate(tokens):
        word = token.group()
        if not word[0].isupper() or word.isupper():  # acronyms and masking markers are no names
            continue
        lower, bare = word.lower(), _bare(word)
        listed = lower in every or bare in every
        previous = tokens[i - 1].group() if i else ""
        after_title = previous.lower() in titles
        after_first = i - 1 in doomed and _bare(previous) in first and previous[0].isupper()
        starts = i == 0 or bool(_SENTENCE_END.search(text[tokens[i - 1].end() : token.start()]))
        if listed and (lower in ambiguous or bare in ambiguous) and starts:
            following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
            next_is_name = following[:1].isupper() and _bare(following) in every
            listed = following.lower() in postpositions or next_is_name
        if listed or after_title or after_first:
            doomed.add(i)
    for i in sorted(doomed, reverse=True):
        text = text[: tokens[i].start()] + NAME_MASK + text[tokens[i].end() :]
    return text


def mask_personal_data(text: str) -> str:
    """Replace identity codes, e-mail addresses, phone numbers and person names with neutral markers."""
    text = _HETU.sub(HETU_MASK, text)
    text = _EMAIL.sub(EMAIL_MASK, text)
    return mask_names(_PHONE.sub(PHONE_MASK, text))


def open_text_rows(
    source: str,
    record_ids: pd.Series,
    received: pd.Series,
    texts: pd.Series,
    unit_ids: pd.Series | None = None,
    service_area_ids: pd.Series | None = None,
) -> pd.DataFrame:
    """``open_text`` rows for the non-empty texts, masked."""
    keep = texts.notna() & (texts.astype(str).str.strip() != "")
    frame = pd.DataFrame(
        {
            "source": source,
            "record_id": record_ids[keep].astype(str),
            "received_on": pd.to_datetime(received[keep]).dt.date,
            "unit_id": unit_ids[keep] if unit_ids is not None else None,
            "service_area_id": service_area_ids[keep] if service_area_ids is not None else None,
            "text": texts[keep].astype(str).map(mask_personal_data),
        }
    )
    return frame.reset_index(drop=True)


def retention_cutoff(today: date, months: int) -> date:
    """The first day kept: the same day ``months`` months back (clamped to the month's end)."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError("no valid day")


def enforce_retention(
    root: Path, months: int = RETENTION_MONTHS, today: date | None = None, user: str = ""
) -> int:
    """Delete open text (and the themes derived from it) received before the cutoff, atomically;
    returns how many open-text rows went."""
    if months < 1:
        raise ValueError("retention must be at least one month")
    cutoff = retention_cutoff(today or date.today(), months)

    def older(frame: pd.DataFrame) -> pd.Series:
        return pd.to_datetime(frame["received_on"]).dt.date < cutoff

    writer = WarehouseWriter(root)
    with writer.batch(
        source="retention", file_name=f"open_text < {cutoff.isoformat()}", sha256="", imported_by=user
    ) as batch:
        deleted = batch.delete_rows("open_text", older)
        for name in DERIVED_TABLES:
            batch.delete_rows(name, older)
        batch.rows_in = deleted
        batch.status = "retention"
    return deleted
