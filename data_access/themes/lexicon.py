"""The reviewed theme lexicon (``lexicon.toml``): themes, their labels and the words that mark them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from data_access.vocabulary import FEEDBACK_CATEGORIES

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")
TEXT_LANGUAGES = ("fi", "sv", "en", "se")
"""The languages the lexicon lists words for (simplemma's codes; ``se`` is North Sámi)."""
LABEL_LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Theme:
    """One theme: its id, labels, the feedback categories it follows and its words per language."""

    id: str
    labels: dict[str, str]
    categories: tuple[str, ...]
    words: dict[str, tuple[str, ...]]

    def label(self, language: str = "fi") -> str:
        """The theme's name in ``language`` (fi, sv, en)."""
        return self.labels[language]


@dataclass(frozen=True)
class Lexicon:
    """The themes in file order and the version of the reviewed file."""

    version: str
    themes: tuple[Theme, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(theme.id for theme in self.themes)

    def theme(self, theme_id: str) -> Theme:
        """The theme ``theme_id``; KeyError for an unknown id."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)


def parse_lexicon(text: str) -> Lexicon:
    """A lexicon from TOML text, checked: labels in fi/sv/en, known categories, lower-case words."""
    data = tomllib.loads(text)
    themes = []
    for theme_id, entry in data["themes"].items():
        labels = dict(entry["label"])
        if set(labels) != set(LABEL_LANGUAGES):
            raise ValueError(f"theme {theme_id!r}: labels must be given in {LABEL_LANGUAGES}")
        unknown = set(entry.get("categories", ())) - set(FEEDBACK_CATEGORIES)
        if unknown:
            raise ValueError(f"theme {theme_id!r}: unknown feedback categories {sorted(unknown)}")
        words = {language: tuple(entry.get(language, ())) for language in TEXT_LANGUAGES}
        for language, listed in words.items():
            for word in listed:
                if word != word.strip().lower() or not word:
                    raise ValueError(f"theme {theme_id!r} ({language}): write {word!r} in lower case")
        themes.append(Theme(theme_id, labels, tuple(entry.get("categories", ())), words))
    return Lexicon(str(data["version"]), tuple(themes))


@cache
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """The lexicon of the repository (read once per process)."""
    return parse_lexicon(path.read_text(encoding="utf-8"))
