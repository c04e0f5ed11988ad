"""Theme drill-downs: the words that explain a theme's count and masked example comments.

Both read ``feedback_theme`` through the reader's scoped tables, so a unit manager gets only the
rows of their units; examples join ``open_text`` and need a scope that allows open text
(presenters get none: the table is refused to them). Texts are masked on import and again here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import and_, func, select

from data_access.ingest.privacy import mask_personal_data
from metrics.plan import date_conditions, filters
from metrics.sources import THEMES
from metrics.spec import Period, QuerySpec

EXAMPLE_COLUMNS = ("received_on", "unit_id", "text_source", "sentiment", "words", "text")


def _source(reader, period: Period, theme: str, unit: Iterable[str], service: Iterable[str]):
    spec = QuerySpec("theme_count", period, unit=tuple(unit), service=tuple(service))
    src = THEMES.build(reader, spec)
    conditions = date_conditions(src, period) + [src.fact.c.theme == theme]
    conditions += [src.dims[name].in_(list(ids)) for name, ids in filters(spec).items()]
    return src, conditions


def theme_words(
    reader, period: Period, theme: str, *, unit: Iterable[str] = (), service: Iterable[str] = ()
) -> pd.DataFrame:
    """The lexicon words behind a theme's count in the period: ``word``, ``n`` (texts), most first."""
    src, conditions = _source(reader, period, theme, unit, service)
    statement = (
        select(src.fact.c.words, func.count().label("n"))
        .select_from(src.from_)
        .where(*conditions)
        .group_by(src.fact.c.words)
    )
    found = reader.fetch(statement)
    if found.empty:
        return pd.DataFrame({"word": pd.Series(dtype=str), "n": pd.Series(dtype="int64")})
    words = found.assign(word=found["words"].str.split(", ")).explode("word")
    counted = words.groupby("word", as_index=False)["n"].sum()
    return counted.sort_values(["n", "word"], ascending=[False, True], ignore_index=True)


def theme_examples(
    reader,
    period: Period,
    theme: str,
    *,
    unit: Iterable[str] = (),
    service: Iterable[str] = (),
    limit: int = 5,
) -> pd.DataFrame:
    """The newest masked comments of a theme in the period within the scope (at most ``limit``)."""
    if not reader.scope.open_text:
        return pd.DataFrame(columns=list(EXAMPLE_COLUMNS))
    src, conditions = _source(reader, period, theme, unit, service)
    rows = src.fact.c
    texts = reader.table("open_text")
    joined = src.from_.join(
        texts,
        and_(
            texts.c.source == rows.source,
            texts.c.record_id == rows.record_id,
            texts.c.year.between(period.start.year, period.end.year),
        ),
    )
    statement = (
        select(
            rows.received_on,
            rows.unit_id,
            rows.source.label("text_source"),
            rows.sentiment,
            rows.words,
            texts.c.text,
        )
        .select_from(joined)
        .where(*conditions)
        .order_by(rows.received_on.desc(), rows.record_id.desc())
        .limit(limit)
    )
    frame = reader.fetch(statement)
    frame["text"] = frame["text"].map(mask_personal_data, na_action="ignore")
    return frame
