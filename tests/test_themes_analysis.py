"""Themes of hand-written texts: lemmas, inflections, compounds and phrases against the lexicon."""

from __future__ import annotations

import pytest

from data_access.themes.analysis import Analyser
from data_access.themes.lexicon import TEXT_LANGUAGES, load_lexicon, parse_lexicon


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser()


@pytest.mark.parametrize(
    "text,language,expected",
    [
        ("Jonotin puhelimessa tunnin, eikä takaisinsoittoa kuulunut.", "fin", {"access", "callback"}),
        ("Takaisinsoittojonossa odotin kaksitoista päivää.", "fin", {"access", "callback"}),
        ("Sähköinen ajanvaraus ei toiminut.", "fin", {"booking", "digital"}),
        ("Ajanvarausjärjestelmä kaatui.", "fin", {"booking", "digital"}),
        ("Tiedottaminen rokotuksista oli epäselvää.", "fin", {"communication", "vaccination"}),
        ("Kiitos ystävällisestä ja ammattitaitoisesta hoidosta!", "fin", {"encounter", "expertise"}),
        ("Odotushuone oli likainen.", "fin", {"premises"}),
        ("Tilanne oli hyvä.", "fin", set()),
        ("Jag väntade länge i telefonkön.", "swe", {"access", "callback"}),
        ("Nobody called back, I waited two weeks.", "eng", {"access", "callback"}),
        ("Ferten vuordit guhká doaktára lusa.", None, {"access", "expertise"}),
    ],
)
def test_hand_written_texts_get_the_expected_themes(analyser, text, language, expected):
    assert {found.theme for found in analyser.themes(text, language)} == expected


def test_every_theme_is_explained_by_the_words_that_matched(analyser):
    found = {f.theme: f for f in analyser.themes("Takaisinsoittojonossa odotin [NAME] kanssa.", "fin")}
    assert found["callback"].words == ("takaisinsoitto",)
    assert found["callback"].lemmas == ("takaisinsoittojono",)
    assert found["access"].words == ("jono", "odottaa")
    assert "name" not in Analyser.tokens("[NAME] soitti")


def test_language_is_identified_when_the_record_has_none(analyser):
    assert analyser.language("Jag väntade länge i telefonkön") == "sv"
    assert analyser.language("Giitu buori fuolahusa ovddas.") == "se"
    assert analyser.language("Tack", "fin") == "fi"


def test_a_word_belongs_to_one_theme_per_language_and_labels_are_complete():
    lexicon = load_lexicon()
    for language in TEXT_LANGUAGES:
        words = [w for theme in lexicon.themes for w in theme.words[language]]
        assert len(words) == len(set(words)), language
    assert all(set(theme.labels) == {"fi", "sv", "en"} for theme in lexicon.themes)


def test_a_lexicon_with_an_unknown_category_is_refused():
    bad = 'version = "x"\n[themes.a]\nlabel = {fi="a", sv="a", en="a"}\ncategories = ["Nope"]\nfi = ["a"]\n'
    with pytest.raises(ValueError, match="unknown feedback categories"):
        parse_lexicon(bad)
