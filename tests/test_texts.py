"""The catalogs are complete across fi/sv/en, and numbers and dates follow the language."""

from __future__ import annotations

import string
from datetime import date

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
