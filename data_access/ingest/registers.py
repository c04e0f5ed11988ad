"""Column helpers shared by the register readers (cases, ombudsman, feedback export, surveys)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import Reference
from data_access.ingest.validation import Errors, check_enum, check_not_future, lenient_choice

LANGUAGE_SYNONYMS = {
    "suomi": "fin",
    "fi": "fin",
    "ruotsi": "swe",
    "sv": "swe",
    "englanti": "eng",
    "en": "eng",
    "pohjoissaame": "sme",
    "inarinsaame": "smn",
    "koltansaame": "sms",
    "venäjä": "rus",
    "somali": "som",
    "arabia": "ara",
    "viro": "est",
}
"""Language names and two-letter codes → ISO 639-3."""


def date_column(
    errors: Errors, raw: pd.DataFrame, column: str | None, label: str, reference: Reference, required: bool
) -> pd.Series:
    """Parse a date column: unreadable, missing (when required) and future dates are errors."""
    if column is None:
        return pd.Series(None, index=raw.index, dtype=object)
    values, bad = fc.dates(raw[column])
    errors.mask(raw, bad, label, "bad_date", raw[column])
    if required:
        errors.mask(raw, values.isna() & ~bad, label, "missing_value")
    check_not_future(errors, raw, values, label, reference.now, fc.text(raw[column]))
    return values


def timestamp_column(
    errors: Errors, raw: pd.DataFrame, column: str | None, label: str, reference: Reference, required: bool
) -> pd.Series:
    """Parse a ``d.m.yyyy H:mm`` (or ISO) column with the same checks as :func:`date_column`."""
    if column is None:
        return pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    values, bad = fc.timestamps(raw[column])
    errors.mask(raw, bad, label, "bad_date", raw[column])
    if required:
        errors.mask(raw, values.isna() & ~bad, label, "missing_value")
    check_not_future(errors, raw, values, label, reference.now, fc.text(raw[column]))
    return values


def not_before(errors: Errors, raw: pd.DataFrame, later: pd.Series, earlier: pd.Series, label: str) -> None:
    """A decision or reply cannot come before the date received."""
    a, b = pd.to_datetime(later), pd.to_datetime(earlier)
    errors.mask(
        raw, a.notna() & b.notna() & (a.dt.normalize() < b.dt.normalize()), label, "date_order", a.dt.date
    )


def choice_column(
    errors: Errors,
    raw: pd.DataFrame,
    column: str | None,
    label: str,
    allowed: Iterable[str],
    synonyms: dict[str, str] | None = None,
    required: bool = False,
) -> pd.Series:
    """A closed-set column: labels are matched case-insensitively, then checked against the vocabulary."""
    allowed = tuple(allowed)
    if column is None:
        values = pd.Series(None, index=raw.index, dtype=object)
    else:
        values = lenient_choice(fc.text(raw[column]), {**{a: a for a in allowed}, **(synonyms or {})})
    check_enum(errors, raw, values, label, allowed, required)
    return values


def unit_column(
    errors: Errors, raw: pd.DataFrame, column: str | None, label: str, reference: Reference, source: str
) -> pd.Series:
    """Resolve unit codes (our id or the source's code in source_unit_map); unknown codes are errors."""
    if column is None:
        return pd.Series(None, index=raw.index, dtype=object)
    codes = fc.text(raw[column])
    units = reference.resolve_units(codes, source)
    errors.mask(raw, codes.notna() & units.isna(), label, "unknown_unit", codes)
    return units


def service_area_column(
    errors: Errors, raw: pd.DataFrame, column: str | None, label: str, reference: Reference, units: pd.Series
) -> pd.Series:
    """Service area ids from the column (id or name), falling back to the unit's own area."""
    from_units = reference.unit_service_area(units)
    if column is None:
        return from_units
    names = fc.text(raw[column])
    areas = reference.resolve_service_areas(names)
    errors.mask(raw, names.notna() & areas.isna(), label, "unknown_service_area", names)
    return areas.where(areas.notna(), from_units).astype(object)
