"""Open text: masked personal data, kept apart from the facts, deleted after a retention period.

Feedback descriptions and HappyOrNot text answers go to the ``open_text`` table only. Finnish
personal identity codes (henkilötunnus), e-mail addresses and phone numbers are masked on
import. :func:`enforce_retention` deletes rows older than the retention period in one batch.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from data_access.store import WarehouseWriter

RETENTION_MONTHS = 24

HETU_MASK = "[HETU]"
EMAIL_MASK = "[EMAIL]"
PHONE_MASK = "[PHONE]"

_HETU = re.compile(r"(?<![0-9A-Za-z])\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y](?![0-9A-Za-z])", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w+\-/#])"  # not the tail of an id or code (dup-0000001, AB/0401234567, #0401234567)
    r"(?:(?:\+|00)358[ -]?(?:\(0\)[ -]?)?\(?|\(?0)"  # +358 / 00358 (and "(0)"), or the trunk 0
    r"[1-9]\d{0,2}\)?"  # the area or operator code never starts with 0: 040, 050, 09, 013
    r"(?:[ -]?\d){5,9}"  # the subscriber number
    r"(?![\w/]|-\d)"
)
"""Finnish phone numbers as people write them (``040 123 4567``, ``+358 40 1234567``, ``09 310
12345``, ``(09) 310 12345``, ``0401234567``); ids such as ``dup-0000001`` are not numbers."""


def mask_personal_data(text: str) -> str:
    """Replace identity codes, e-mail addresses and phone numbers with neutral markers."""
    text = _HETU.sub(HETU_MASK, text)
    text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE.sub(PHONE_MASK, text)


def open_text_rows(
    source: str,
    record_ids: pd.Series,
    received: pd.Series,
    texts: pd.Series,
    unit_ids: pd.Series | None = None,
    service_area_ids: pd.Series | None = None,
) -> pd.DataFrame:
    """``open_text`` rows for the non-empty texts, masked."""
    keep = texts.notna() & (texts.astype(str).str.strip() != "")
    frame = pd.DataFrame(
        {
            "source": source,
            "record_id": record_ids[keep].astype(str),
            "received_on": pd.to_datetime(received[keep]).dt.date,
            "unit_id": unit_ids[keep] if unit_ids is not None else None,
            "service_area_id": service_area_ids[keep] if service_area_ids is not None else None,
            "text": texts[keep].astype(str).map(mask_personal_data),
        }
    )
    return frame.reset_index(drop=True)


def retention_cutoff(today: date, months: int) -> date:
    """The first day kept: the same day ``months`` months back (clamped to the month's end)."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError("no valid day")


def enforce_retention(
    root: Path, months: int = RETENTION_MONTHS, today: date | None = None, user: str = ""
) -> int:
    """Delete open text received before the cutoff, atomically; returns how many rows went."""
    if months < 1:
        raise ValueError("retention must be at least one month")
    cutoff = retention_cutoff(today or date.today(), months)

    def older(frame: pd.DataFrame) -> pd.Series:
        return pd.to_datetime(frame["received_on"]).dt.date < cutoff

    writer = WarehouseWriter(root)
    with writer.batch(
        source="retention", file_name=f"open_text < {cutoff.isoformat()}", sha256="", imported_by=user
    ) as batch:
        deleted = batch.delete_rows("open_text", older)
        batch.rows_in = deleted
        batch.status = "retention"
    return deleted
