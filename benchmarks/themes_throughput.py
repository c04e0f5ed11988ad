"""``python -m benchmarks.themes_throughput [--texts N]``: themes of N open texts (default 100 000).

Generates N feedback descriptions from the demo's templates (Finnish, Swedish, English, North
Sámi; every tenth without a record language, so it is identified), masks them as an import does
and finds their themes with the reviewed lexicon. Prints the seconds of loading the lemma
dictionaries and the language model, of masking and of the themes, texts per second and the
peak memory of the process (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from data_access.demo.open_texts import feedback_text
from data_access.ingest.privacy import mask_personal_data
from data_access.themes.analysis import Analyser
from data_access.vocabulary import FEEDBACK_CATEGORIES, FEEDBACK_TYPES

LANGUAGES = ("fin", "swe", "eng", "sme")
LANGUAGE_WEIGHTS = (0.9, 0.05, 0.04, 0.01)


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _texts(count: int) -> tuple[list[str], list[str | None]]:
    rng = np.random.default_rng(15)
    categories = rng.integers(len(FEEDBACK_CATEGORIES), size=count)
    kinds = rng.integers(len(FEEDBACK_TYPES), size=count)
    languages = rng.choice(len(LANGUAGES), size=count, p=LANGUAGE_WEIGHTS)
    influenza = rng.random(count) < 0.1
    texts = [
        feedback_text(rng, FEEDBACK_CATEGORIES[c], FEEDBACK_TYPES[k], LANGUAGES[lang], bool(flu))
        for c, k, lang, flu in zip(categories, kinds, languages, influenza, strict=True)
    ]
    declared = [None if i % 10 == 0 else LANGUAGES[lang] for i, lang in enumerate(languages)]
    return texts, declared


def run(count: int) -> dict[str, float]:
    """Time each step on ``count`` generated texts."""
    texts, declared = _texts(count)
    started = time.perf_counter()
    analyser = Analyser()
    for language in ("fi", "sv", "en", "se"):
        analyser.themes("jono", {"fi": "fin", "sv": "swe", "en": "eng", "se": "sme"}[language])
    analyser.language("jono")
    loaded = time.perf_counter()
    masked = [mask_personal_data(text) for text in texts]
    masking = time.perf_counter()
    found = [analyser.themes(text, language) for text, language in zip(masked, declared, strict=True)]
    done = time.perf_counter()
    return {
        "texts": count,
        "load_seconds": round(loaded - started, 2),
        "mask_seconds": round(masking - loaded, 2),
        "theme_seconds": round(done - masking, 2),
        "texts_per_second": round(count / (done - masking)),
        "theme_rows": sum(len(f) for f in found),
        "peak_mb": round(_peak_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=100_000)
    print(json.dumps(run(parser.parse_args().texts), indent=2))


if __name__ == "__main__":
    main()
