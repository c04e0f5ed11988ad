"""The date each channel's data runs to, and partial-period flags."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from metrics.catalog import CHANNELS
from metrics.sources import SOURCES

CHANNEL_SOURCES = {source.channel: source for source in SOURCES.values() if source.channel}
"""Channel → the source whose date column says how far the channel's data run."""


def _as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def channel_through(reader, channel: str) -> date | None:
    """The last date with data in ``channel`` within the reader's scope (None: no data).

    Reads only the newest ``year`` partition.
    """
    source = CHANNEL_SOURCES[channel]
    table = reader.table(source.table)
    last_year = select(func.max(table.c.year)).scalar_subquery()
    statement = select(func.max(table.c[source.date])).where(table.c.year == last_year)
    return _as_date(reader.scalar(statement))


def data_through(reader) -> dict[str, date | None]:
    """Channel → the last date its data runs to (None when the channel has no data)."""
    return {channel: channel_through(reader, channel) for channel in CHANNELS}


def complete_through(through: date | None, today: date | None = None) -> date:
    """The last day a bucket may reach and still count as complete."""
    today = today or date.today()
    return min(through, today) if through is not None else today
