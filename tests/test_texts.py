"""The catalogs are complete across fi/sv/en, and numbers and dates follow the language."""

from __future__ import annotations

import math
import random
import string
from datetime import date

import numpy as np
from babel.numbers import format_decimal, format_percent

import texts
from data_access import vocabulary


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_keys_and_no_empty_text():
    catalogs = texts.catalogs()
    keys = set(catalogs["fi"])
    for language in texts.LANGUAGES:
        assert set(catalogs[language]) == keys, language
        assert all(text.strip() for text in catalogs[language].values()), language
        for key in keys:
            assert _placeholders(catalogs[language][key]) == _placeholders(catalogs["fi"][key]), (
                language,
                key,
            )


def test_vocabulary_codes_have_labels():
    for prefix, codes in (
        (
            "channel",
            vocabulary.QUICK_FEEDBACK_CHANNELS + vocabulary.SURVEY_CHANNELS + vocabulary.FEEDBACK_CHANNELS,
        ),
        ("language", vocabulary.LANGUAGES),
        ("feedback_type", vocabulary.FEEDBACK_TYPES),
        ("case_kind", vocabulary.CASE_KINDS),
        ("outcome", vocabulary.CASE_OUTCOMES),
        ("sector", vocabulary.OMBUDSMAN_SECTORS),
        ("respondent_role", vocabulary.RESPONDENT_ROLES),
        ("category", vocabulary.FEEDBACK_CATEGORIES),
        ("reason", vocabulary.CASE_REASONS),
        ("topic", vocabulary.OMBUDSMAN_TOPICS),
        ("theme", vocabulary.SURVEY_THEMES),
    ):
        for code in codes:
            assert texts.has(f"{prefix}.{code}"), (prefix, code)


def test_numbers_and_dates_in_each_language():
    assert texts.percent(86.4, language="fi") == "86,4\xa0%"
    assert texts.percent(86.4, language="en") == "86.4%"
    assert texts.number(1234.56, 1, language="fi") == "1\xa0234,6"
    assert texts.day(date(2018, 9, 12), language="fi") == "12.9.2018"
    assert texts.day(date(2018, 9, 12), language="sv") == "12.9.2018"
    assert texts.day(date(2018, 9, 12), language="en") == "12/09/2018"
    assert texts.number(None) == "–"


def _babel_number(value: object, decimals: int, language: str) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return texts.typographic(format_decimal(value, format=pattern, locale=texts.locale(language)))


def _babel_percent(value: float, decimals: int, language: str) -> str:
    spacing = "" if language == "en" else "\xa0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + spacing + "%"
    return texts.typographic(format_percent(value / 100, format=pattern, locale=texts.locale(language)))


def test_numbers_are_written_exactly_as_babel_writes_them():
    """The fast formatting matches Babel's patterns digit for digit: halves rounded to even as
    written (0,15 → 0,2; 2,675 → 2,68), −0, infinities, grouping, numpy scalars, every language."""
    rng = random.Random(13)
    values = [0, -0.0, 0.05, 0.15, 0.25, 2.675, -2.5, -0.04, 1234567.891, 1e15, math.inf, -math.inf]
    values += [np.float64(86.45), np.int64(12_000), 5]
    values += [rng.uniform(-1e6, 1e6) for _ in range(300)]
    values += [round(rng.uniform(-200, 200), rng.randint(0, 3)) for _ in range(300)]
    for language in texts.LANGUAGES:
        for decimals in (0, 1, 2):
            for value in values:
                assert texts.number(value, decimals, language) == _babel_number(value, decimals, language)
                assert texts.percent(value, decimals, language) == _babel_percent(value, decimals, language)
    assert texts.number(0.15, 1, "fi") == "0,2"
    assert texts.number(-0.04, 1, "fi") == "\u22120,0"
    assert texts.number(-1234.5, 0, "sv") == "\u22121\xa0234"
