"""A deck as plain text: the e-mail's text alternative (and what a screen reader gets first)."""

from __future__ import annotations

from exhibits.model import Deck


def deck_text(deck: Deck) -> str:
    """Title, summary sentences, then each exhibit's title, caption and numbers."""
    lines = [deck.title, deck.subtitle, ""]
    lines += [f"- {sentence}" for sentence in deck.summary]
    for exhibit in deck.exhibits:
        lines += ["", exhibit.title, exhibit.caption, *(f"  {note}" for note in exhibit.notes)]
    return "\n".join(lines).strip() + "\n"
