"""From a text to its themes: language, tokens, lemmas, compound parts, lexicon words.

The rules (also written at the top of ``lexicon.toml``): a token's lemma (simplemma, offline)
that *is* a lexicon word marks that word's theme; otherwise, in the compounding languages (fi,
sv, se), a lexicon word of at least :data:`HEAD_MIN` letters that ends the lemma with at least
:data:`REST_MIN` letters before it (the compound's head: "takaisinsoitto|jono"), or one of at
least :data:`MODIFIER_MIN` letters that begins the lemma or the token itself (a modifier, or an
inflected compound the dictionary does not know: "rokotusajan"), marks its theme; phrases of the
lexicon ("call back") match consecutive lemmas. Masking markers (``[NAME]``) are no words.

The language is the record's own (ISO 639-3 ``fin``, ``swe``, ``eng``, ``sme``) where the source
gives one, else identified by py3langid among the lexicon's languages. Both libraries ship their
data in the wheel: nothing is downloaded. Results are deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from data_access.themes.lexicon import TEXT_LANGUAGES, Lexicon, load_lexicon

HEAD_MIN = 4
MODIFIER_MIN = 5
REST_MIN = 3
COMPOUNDING = frozenset({"fi", "sv", "se"})
RECORD_LANGUAGES = {"fin": "fi", "swe": "sv", "eng": "en", "sme": "se"}
"""The record languages (ISO 639-3) the lexicon has words for → simplemma's codes."""
_MARKER = re.compile(r"\[[A-Z]+\]")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CACHE = 200_000


@dataclass(frozen=True)
class Found:
    """One theme of a text and what explains it: the lexicon words and the text's lemmas that matched."""

    theme: str
    words: tuple[str, ...]
    lemmas: tuple[str, ...]


class _Words:
    """One language's lexicon: exact words, compound parts and phrases, each with its theme."""

    def __init__(self, lexicon: Lexicon, language: str) -> None:
        self.exact: dict[str, list[str]] = {}
        self.phrases: list[tuple[tuple[str, ...], str, str]] = []
        for theme in lexicon.themes:
            for word in theme.words[language]:
                if " " in word:
                    self.phrases.append((tuple(word.split()), theme.id, word))
                else:
                    self.exact.setdefault(word, []).append(theme.id)
        self.heads = [(w, ids) for w, ids in self.exact.items() if len(w) >= HEAD_MIN]
        self.modifiers = [(w, ids) for w, ids in self.exact.items() if len(w) >= MODIFIER_MIN]
        self.compounding = language in COMPOUNDING


class Analyser:
    """Themes of texts under one lexicon; token results are cached, so repeated words cost little."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self._words = {language: _Words(self.lexicon, language) for language in TEXT_LANGUAGES}
        self._identifier: LanguageIdentifier | None = None
        self._token = lru_cache(maxsize=_CACHE)(self._token_matches)

    def language(self, text: str, declared: str | None = None) -> str:
        """The text's lexicon language: the record's own where known, else identified."""
        if declared in RECORD_LANGUAGES:
            return RECORD_LANGUAGES[declared]
        if self._identifier is None:
            self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
            self._identifier.set_languages(list(TEXT_LANGUAGES))
        return str(self._identifier.classify(text)[0])

    @staticmethod
    def tokens(text: str) -> list[str]:
        """The words of a text in lower case (masking markers and numbers left out)."""
        return [token.lower() for token in _WORD.findall(_MARKER.sub(" ", text))]

    def themes(self, text: str, declared: str | None = None) -> list[Found]:
        """The themes of one text, in lexicon order, each with the words that matched."""
        language = self.language(text, declared)
        found: dict[str, tuple[set[str], set[str]]] = {}
        lemmas = []
        for token in self.tokens(text):
            lemma, matches = self._token(token, language)
            lemmas.append(lemma)
            for theme, word in matches:
                words, matched = found.setdefault(theme, (set(), set()))
                words.add(word)
                matched.add(lemma)
        for phrase, theme, word in self._words[language].phrases:
            if _contains(lemmas, phrase):
                words, matched = found.setdefault(theme, (set(), set()))
                words.add(word)
                matched.add(word)
        return [
            Found(theme, tuple(sorted(found[theme][0])), tuple(sorted(found[theme][1])))
            for theme in self.lexicon.ids
            if theme in found
        ]

    def _token_matches(self, token: str, language: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """A token's lemma and the (theme, lexicon word) pairs it matches."""
        lemma = simplemma.lemmatize(token, lang=language).lower()
        words = self._words[language]
        for candidate in (lemma, token):
            if candidate in words.exact:
                return lemma, tuple((theme, candidate) for theme in words.exact[candidate])
        if not words.compounding:
            return lemma, ()
        matches = [
            (theme, word)
            for word, themes in words.heads
            if len(lemma) - len(word) >= REST_MIN and lemma.endswith(word)
            for theme in themes
        ]
        matches += [
            (theme, word)
            for word, themes in words.modifiers
            if any(len(c) > len(word) and c.startswith(word) for c in (lemma, token))
            for theme in themes
        ]
        return lemma, tuple(dict.fromkeys(matches))


def _contains(lemmas: list[str], phrase: tuple[str, ...]) -> bool:
    width = len(phrase)
    return any(tuple(lemmas[i : i + width]) == phrase for i in range(len(lemmas) - width + 1))


def themes_of(texts: Iterable[str], languages: Iterable[str | None], analyser: Analyser | None = None):
    """The themes of each text (a list of :class:`Found` per text)."""
    analyser = analyser or Analyser()
    return [analyser.themes(text, language) for text, language in zip(texts, languages, strict=True)]
