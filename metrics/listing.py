"""Listings of single feedback items: what was received, how it was handled, what it said.

Rows, not aggregates, so a listing runs only on a scoped reader (the benchmark reader refuses
row identifiers). The free text lives in ``open_text`` (source ``feedback``, ``record_id`` =
``feedback_id``) and is joined only when the reader's scope allows open text; otherwise the
``text`` column is absent and the open_text table is not touched. Texts are masked on import;
they are masked again here, so files written by another tool cannot leak identity codes,
e-mail addresses or phone numbers into a report.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import and_, select

from data_access.ingest.open311 import TEXT_SOURCE
from data_access.ingest.privacy import mask_personal_data
from metrics import dialect
from metrics.plan import date_conditions, filters
from metrics.sources import FEEDBACK
from metrics.spec import Period, QuerySpec
from metrics.workdays import working_days_between

FEEDBACK_COLUMNS = (
    "feedback_id",
    "received_on",
    "unit_id",
    "service_area_id",
    "feedback_type",
    "category",
    "topic",
    "channel",
    "language",
    "contact_requested",
    "status",
    "answered_on",
    "handling_working_days",
)
"""The columns of :func:`received_feedback`, followed by ``text`` when the scope allows open text."""


def received_feedback(
    reader,
    period: Period,
    *,
    unit: Iterable[str] = (),
    service: Iterable[str] = (),
    limit: int = 200,
) -> pd.DataFrame:
    """The feedback received in ``period`` within the reader's scope, newest first, at most ``limit`` rows.

    ``unit`` and ``service`` narrow the listing to those ids (empty: no filter).
    ``handling_working_days`` counts working days from receipt to answer (empty while
    unanswered); ``text`` is the masked free text, present only when the scope allows open text.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a positive whole number, not {limit!r}")
    spec = QuerySpec("feedback_count", period, unit=tuple(unit), service=tuple(service))
    src = FEEDBACK.build(reader, spec)
    rows = src.fact.c
    conditions = date_conditions(src, period)
    conditions += [src.dims[name].in_(list(ids)) for name, ids in filters(spec).items()]
    columns = [
        rows.feedback_id,
        dialect.as_date(rows.received_at).label("received_on"),
        rows.unit_id,
        src.dims["service_area"].label("service_area_id"),
        rows.feedback_type,
        rows.category,
        rows.topic,
        rows.channel,
        rows.language,
        rows.contact_requested,
        rows.status,
        dialect.as_date(rows.answered_at).label("answered_on"),
    ]
    from_ = src.from_
    if reader.scope.open_text:
        texts = reader.table("open_text")
        from_ = from_.outerjoin(
            texts,
            and_(
                texts.c.source == TEXT_SOURCE,
                texts.c.record_id == rows.feedback_id,
                texts.c.year.between(period.start.year, period.end.year),
            ),
        )
        columns.append(texts.c.text)
    statement = (
        select(*columns)
        .select_from(from_)
        .where(*conditions)
        .order_by(rows.received_at.desc(), rows.feedback_id.desc())
        .limit(limit)
    )
    return _finish(reader.fetch(statement))


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ``datetime.date``, working days for answered items, texts masked."""
    received = pd.to_datetime(frame["received_on"])
    answered = pd.to_datetime(frame["answered_on"])
    days = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    done = answered.notna().to_numpy()
    if done.any():
        days[done] = working_days_between(
            received[done].to_numpy(dtype="datetime64[D]"), answered[done].to_numpy(dtype="datetime64[D]")
        ).astype(np.int64)
    frame["received_on"] = received.dt.date
    frame["answered_on"] = answered.dt.date.where(answered.notna(), None)
    frame.insert(frame.columns.get_loc("answered_on") + 1, "handling_working_days", days)
    if "text" in frame.columns:
        frame["text"] = frame["text"].map(mask_personal_data, na_action="ignore")
    return frame
