"""``cli.py themes``: the reviewed theme lexicon, and ``--rebuild`` of the stored theme rows."""

from __future__ import annotations

import argparse
from pathlib import Path

from data_access.themes.derive import rebuild_themes
from data_access.themes.lexicon import load_lexicon
from data_access.warehouse import default_path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``themes`` subcommand."""
    themes = subparsers.add_parser(
        "themes", help="the theme lexicon; --rebuild recomputes feedback_theme after a lexicon change"
    )
    themes.add_argument("--warehouse", type=Path, default=None)
    themes.add_argument("--rebuild", action="store_true", help="recompute every stored theme row")
    themes.add_argument("--lang", choices=("fi", "sv", "en"), default="fi")
    themes.set_defaults(handler=run_themes)


def run_themes(arguments: argparse.Namespace) -> int:
    """Print the lexicon's themes with their words, or rebuild the theme rows of a warehouse."""
    lexicon = load_lexicon()
    if arguments.rebuild:
        written = rebuild_themes(arguments.warehouse or default_path(), user="cli")
        print(f"feedback_theme: {written} rows (lexicon {lexicon.version})")
        return 0
    print(f"lexicon {lexicon.version}")
    for theme in lexicon.themes:
        words = ", ".join(w for language in ("fi", "sv", "en", "se") for w in theme.words[language])
        print(f"{theme.id}\t{theme.label(arguments.lang)}\t{words}")
    return 0
