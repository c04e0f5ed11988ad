"""The message catalogs: one ``MESSAGES`` dict per language module (fi.py, sv.py, en.py).

Another part of the app adds its own keys without touching these files by adding a module
here that defines ``EXTRA_MESSAGES = {"fi": {...}, "sv": {...}, "en": {...}}``; it is merged
in. A key defined twice is an error, and tests check every language has the same keys.
"""

from __future__ import annotations

import importlib
import pkgutil


def load_catalogs(languages: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Each language's messages: its own module plus every extension module's entries."""
    merged = {
        language: dict(importlib.import_module(f"{__name__}.{language}").MESSAGES) for language in languages
    }
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name in languages:
            continue
        extra = getattr(importlib.import_module(f"{__name__}.{module_info.name}"), "EXTRA_MESSAGES", {})
        for language in languages:
            for key, text in extra.get(language, {}).items():
                if key in merged[language]:
                    raise ValueError(f"message {key!r} defined twice ({module_info.name})")
                merged[language][key] = text
    return merged
