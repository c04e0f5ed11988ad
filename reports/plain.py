"""A deck as plain text: the e-mail's text alternative (and what a screen reader gets first)."""

from __future__ import annotations

from exhibits.model import Deck
from reports import parts


def deck_text(deck: Deck) -> str:
    """Title, summary sentences, then each exhibit's title, caption, numbers and marks' legend."""
    lines = [deck.title, deck.subtitle, ""]
    lines += [f"- {sentence}" for sentence in deck.summary]
    for exhibit in deck.exhibits:
        spoken = parts.spoken_notes(exhibit, deck.language)
        lines += ["", exhibit.title, exhibit.caption, *(f"  {note}" for note in spoken)]
    return "\n".join(lines).strip() + "\n"
