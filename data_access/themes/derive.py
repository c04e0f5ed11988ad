"""The ``feedback_theme`` rows of stored open text, staged in the batch that writes the text.

:func:`stage_themes` is called by every batch that writes open text (an import, the demo): for
the given records it reads the text as the batch leaves it (new, a newer version, unchanged),
finds its themes (:mod:`data_access.themes.analysis`) and replaces the record's theme rows where
they differ, so re-importing a file changes nothing and a newer version of a record brings its
new themes. The record's sentiment is its own label, never guessed from the words: the feedback
type (kiitos positive, moite negative, idea/kysymys/muu neutral), the HappyOrNot button (the
upper half of the scale positive, the lower negative, a five-point middle neutral; NPS 9–10
positive, 0–6 negative). Texts of other sources carry ``unknown``. Retention deletes theme rows
with their text (:func:`data_access.ingest.privacy.enforce_retention`); :func:`rebuild_themes`
recomputes every row after the lexicon changed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from data_access.store import Batch, WarehouseWriter
from data_access.themes.analysis import RECORD_LANGUAGES, Analyser
from data_access.vocabulary import QUICK_FEEDBACK_SCALES

TABLE = "feedback_theme"
FEEDBACK_SOURCE = "feedback"
QUICK_SOURCE = "happyornot"
SENTIMENTS = ("positive", "negative", "neutral", "unknown")
TYPE_SENTIMENT = {
    "kiitos": "positive",
    "moite": "negative",
    "idea": "neutral",
    "kysymys": "neutral",
    "muu": "neutral",
}
NPS_PROMOTER, NPS_DETRACTOR = 9, 6
_KEY = ["source", "record_id"]
_CONTENT = [
    "theme",
    "received_on",
    "unit_id",
    "service_area_id",
    "sentiment",
    "feedback_type",
    "category",
    "language",
    "words",
    "lemmas",
    "lexicon_version",
]


def button_sentiment(scale: pd.Series, button: pd.Series) -> np.ndarray:
    """The sentiment of HappyOrNot presses from the button pressed on its scale."""
    points = scale.map(QUICK_FEEDBACK_SCALES).to_numpy(dtype=float)
    index = pd.to_numeric(button, errors="coerce").to_numpy(dtype=float)
    is_nps = (scale == "nps").to_numpy()
    upper = np.where(is_nps, index >= NPS_PROMOTER, index >= points / 2)
    lower = np.where(is_nps, index <= NPS_DETRACTOR, index < (points - 1) / 2)
    result = np.where(upper, "positive", np.where(lower, "negative", "neutral")).astype(object)
    result[np.isnan(index) | np.isnan(points)] = "unknown"
    return result


def record_labels(batch: Batch, texts: pd.DataFrame) -> pd.DataFrame:
    """Per text: sentiment, feedback type, category and language of its record (as the batch leaves it)."""
    labels = texts[_KEY].assign(sentiment="unknown", feedback_type=None, category=None, language=None)
    is_feedback = (texts["source"] == FEEDBACK_SOURCE).to_numpy()
    if is_feedback.any():
        keys = pd.DataFrame({"feedback_id": texts.loc[is_feedback, "record_id"].astype(str)})
        found = batch.stored_rows("feedback", keys).drop_duplicates("feedback_id").set_index("feedback_id")
        ids = labels.loc[is_feedback, "record_id"]
        kinds = ids.map(found["feedback_type"]) if len(found) else pd.Series(None, index=ids.index)
        labels.loc[is_feedback, "feedback_type"] = kinds
        labels.loc[is_feedback, "sentiment"] = kinds.map(TYPE_SENTIMENT).fillna("unknown")
        if len(found):
            labels.loc[is_feedback, "category"] = ids.map(found["category"])
            labels.loc[is_feedback, "language"] = ids.map(found["language"])
    is_quick = (texts["source"] == QUICK_SOURCE).to_numpy()
    if is_quick.any():
        keys = pd.DataFrame({"feedback_id": texts.loc[is_quick, "record_id"].astype(str)})
        found = batch.stored_rows("quick_feedback", keys).drop_duplicates("feedback_id")
        if len(found):
            found = found.assign(sentiment=button_sentiment(found["scale"], found["button_index"]))
            mood = labels.loc[is_quick, "record_id"].map(found.set_index("feedback_id")["sentiment"])
            labels.loc[is_quick, "sentiment"] = mood.fillna("unknown")
    return labels


def theme_rows(texts: pd.DataFrame, labels: pd.DataFrame, analyser: Analyser) -> pd.DataFrame:
    """``feedback_theme`` rows of open-text rows and their records' labels (aligned by position)."""
    languages = labels["language"].where(labels["language"].isin(list(RECORD_LANGUAGES)), None)
    rows = []
    iso = {code: iso for iso, code in RECORD_LANGUAGES.items()}
    for position, (text, declared) in enumerate(zip(texts["text"], languages, strict=True)):
        found = analyser.themes(str(text), declared)
        if not found:
            continue
        language = declared or iso[analyser.language(str(text))]
        for theme in found:
            rows.append((position, theme.theme, ", ".join(theme.words), ", ".join(theme.lemmas), language))
    if not rows:
        return pd.DataFrame(columns=[*_KEY, *_CONTENT])
    positions, themes, words, lemmas, languages_found = map(list, zip(*rows, strict=True))
    base = texts.iloc[positions].reset_index(drop=True)
    label = labels.iloc[positions].reset_index(drop=True)
    return pd.DataFrame(
        {
            "source": base["source"].astype(str),
            "record_id": base["record_id"].astype(str),
            "theme": themes,
            "received_on": pd.to_datetime(base["received_on"]).dt.date,
            "unit_id": base["unit_id"],
            "service_area_id": base["service_area_id"],
            "sentiment": label["sentiment"],
            "feedback_type": label["feedback_type"],
            "category": label["category"],
            "language": languages_found,
            "words": words,
            "lemmas": lemmas,
            "lexicon_version": analyser.lexicon.version,
        }
    )


def _content_keys(frame: pd.DataFrame) -> pd.Series:
    """One string per row of everything but the batch: what tells two theme rows apart."""
    columns = frame.reindex(columns=[*_KEY, *_CONTENT]).astype(object)
    columns = columns.where(columns.notna(), "").astype(str)
    return columns.agg("\x1f".join, axis=1) if len(columns) else pd.Series(dtype=str)


def stage_themes(batch: Batch, records: pd.DataFrame, analyser: Analyser | None = None) -> int:
    """Bring the theme rows of ``records`` (``source``, ``record_id``) in line with their open text.

    Returns the number of theme rows written. Records whose themes did not change are left alone.
    """
    keys = records[_KEY].astype(str).drop_duplicates().reset_index(drop=True)
    if keys.empty:
        return 0
    texts = batch.stored_rows("open_text", keys).reset_index(drop=True)
    analyser = analyser or Analyser()
    every_theme = keys.merge(pd.DataFrame({"theme": list(analyser.lexicon.ids)}), how="cross")
    stored = batch.stored_rows(TABLE, every_theme)
    fresh = theme_rows(texts, record_labels(batch, texts), analyser)
    fresh_sets = fresh.assign(_row=_content_keys(fresh)).groupby(_KEY)["_row"].agg(frozenset)
    stored_sets = stored.assign(_row=_content_keys(stored)).groupby(_KEY)["_row"].agg(frozenset)
    every = keys.set_index(_KEY).index
    changed = [k for k in every if fresh_sets.get(k, frozenset()) != stored_sets.get(k, frozenset())]
    if not changed:
        return 0
    doomed = pd.MultiIndex.from_tuples(changed, names=_KEY)
    stale = stored.set_index(_KEY).index.isin(doomed)
    if stale.any():
        gone = set(stored.loc[stale, "record_id"])
        batch.delete_rows(TABLE, lambda frame: frame["record_id"].isin(gone) & _is_key(frame, doomed))
    written = fresh.loc[fresh.set_index(_KEY).index.isin(doomed)]
    return batch.add(TABLE, written, supersede=True) if len(written) else 0


def _is_key(frame: pd.DataFrame, keys: pd.MultiIndex) -> pd.Series:
    return pd.Series(frame.set_index(_KEY).index.isin(keys), index=frame.index)


def rebuild_themes(root: Path | str, user: str = "") -> int:
    """Recompute every theme row from the stored open text (after a lexicon change), atomically."""
    writer = WarehouseWriter(root)
    with writer.batch(
        source="themes", file_name="feedback_theme rebuild", sha256="", imported_by=user
    ) as batch:
        batch.delete_rows(TABLE, lambda frame: pd.Series(True, index=frame.index))
        folder = Path(root) / "open_text"
        files = sorted(folder.glob("**/*.parquet")) if folder.is_dir() else []
        keys = (
            pd.concat([pd.read_parquet(f, columns=_KEY) for f in files], ignore_index=True) if files else None
        )
        written = stage_themes(batch, keys) if keys is not None else 0
        batch.rows_in = written
        batch.status = "themes"
    return written
