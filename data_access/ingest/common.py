"""What every reader shares: the parsed result and the warehouse's reference data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from data_access import schema
from data_access.ingest.finnish_csv import FILE, ROW, RawTable, normalise_header, read_table_file
from data_access.ingest.validation import Errors, RowError, check_records


@dataclass
class Parsed:
    """One source file read: rows per warehouse table (with ``_file``/``_row``), the raw cells, errors."""

    source: str
    file: str
    raw: pd.DataFrame
    errors: Errors
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What the admin should know beyond the row errors, ``fi / en`` (e.g. how many rows stayed unknown)."""

    def __post_init__(self) -> None:
        check_records(self.raw, self.errors)  # refused JSON cells → row errors; no records → unreadable

    @property
    def rows_in(self) -> int:
        return len(self.raw)


def labelled(raw: RawTable, label: str) -> pd.DataFrame:
    """The raw cells with their file label; rows the CSV layer refused are recorded as errors elsewhere."""
    frame = raw.frame.copy()
    frame[FILE] = label
    return frame


def record_shape_errors(errors: Errors, raw: RawTable, label: str) -> None:
    """Lines refused while reading (too long, wrong column count) become row errors."""
    errors.items.extend(RowError(label, line, None, "too_long") for line in raw.long_rows)
    errors.items.extend(RowError(label, line, None, "bad_shape") for line in raw.bad_shape_rows)
    errors.items.extend(RowError(label, p.line, p.column, p.code, p.value, p.allowed) for p in raw.problems)


def records_frame(records: list, label: str) -> pd.DataFrame:
    """JSON records as a raw frame of cells; the record's position (1-based) is its row number.

    A key a record lacks is None, so a literal ``NaN`` in the JSON stays distinguishable (a float).
    """
    rows = [r if isinstance(r, dict) else {} for r in records]
    keys = list(dict.fromkeys(key for row in rows for key in row))
    frame = pd.DataFrame({key: [row.get(key) for row in rows] for key in keys}, dtype=object)
    frame.columns = [normalise_header(c) for c in frame.columns]
    frame[ROW] = range(1, len(rows) + 1)
    frame[FILE] = label
    return frame


def first_sheet(path: Path, data: bytes, errors: Errors) -> pd.DataFrame:
    """The cells of a CSV file or of a workbook's first sheet, labelled with the file name."""
    sheet = next(iter(read_table_file(path, data).values()))
    record_shape_errors(errors, sheet, path.name)
    return labelled(sheet, path.name)


def require_columns(
    raw: pd.DataFrame, errors: Errors, columns: dict[str, str], required: tuple[str, ...]
) -> bool:
    """Record a file-level error for each required column the header lacks; True when all are there."""
    missing = [name for name in required if name not in columns]
    for name in missing:
        errors.add(None, name, "missing_column")
    return not missing


def with_position(frame: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """Attach the raw rows' ``_row``/``_file`` to a frame built on the same index."""
    frame[ROW] = raw[ROW].to_numpy()
    frame[FILE] = raw[FILE].to_numpy()
    return frame


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=schema.TABLES[name].stored_columns)


def _read_dimension(root: Path, name: str) -> pd.DataFrame:
    folder = root / name
    files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    if not files:
        return _empty(name)
    frame = pd.concat([pq.read_table(f).to_pandas() for f in files], ignore_index=True)
    return frame.reindex(columns=list(dict.fromkeys([*schema.TABLES[name].stored_columns, *frame.columns])))


@dataclass
class Reference:
    """The warehouse's dimensions that imports validate against (plus what the import itself brings)."""

    units: pd.DataFrame
    service_areas: pd.DataFrame
    services: pd.DataFrame
    unit_map: pd.DataFrame
    items: pd.DataFrame
    now: datetime
    surveys: pd.DataFrame = field(default_factory=lambda: _empty("survey"))
    happyornot_surveys: pd.DataFrame = field(default_factory=lambda: _empty("happyornot_survey"))
    happyornot_points: pd.DataFrame = field(default_factory=lambda: _empty("happyornot_point"))

    @classmethod
    def load(cls, root: Path, now: datetime | None = None) -> Reference:
        """Read the dimensions of a warehouse folder (empty frames when it has none)."""
        return cls(
            units=_read_dimension(root, "unit"),
            service_areas=_read_dimension(root, "service_area"),
            services=_read_dimension(root, "service"),
            unit_map=_read_dimension(root, "source_unit_map"),
            items=_read_dimension(root, "survey_item"),
            now=now or datetime.now(),
            surveys=_read_dimension(root, "survey"),
            happyornot_surveys=_read_dimension(root, "happyornot_survey"),
            happyornot_points=_read_dimension(root, "happyornot_point"),
        )

    def resolve_units(self, codes: pd.Series, source: str) -> pd.Series:
        """Our unit ids for source codes: a mapped ``source_key`` first, else a unit id itself."""
        mapped = self.unit_map.loc[self.unit_map["source"] == source]
        lookup = dict(zip(mapped["source_key"].astype(str), mapped["unit_id"], strict=True))
        known = set(self.units["unit_id"].astype(str))
        lookup.update({code: code for code in known if code not in lookup})
        return codes.map(lambda code: lookup.get(str(code)), na_action="ignore").astype(object)

    def resolve_oids(self, oids: pd.Series) -> pd.Series:
        """Our unit ids for SOTE register OIDs: the unit's own ``oid``, else the unit map (source ``oid``)."""
        mapped = self.unit_map.loc[self.unit_map["source"] == "oid"]
        lookup = dict(zip(mapped["source_key"].astype(str), mapped["unit_id"], strict=True))
        own = self.units.loc[self.units["oid"].notna(), ["oid", "unit_id"]]
        lookup.update(zip(own["oid"].astype(str), own["unit_id"], strict=True))
        return oids.map(lambda oid: lookup.get(str(oid)), na_action="ignore").astype(object)

    def unit_service_area(self, unit_ids: pd.Series) -> pd.Series:
        """The service area of each unit id (None where unknown)."""
        lookup = dict(zip(self.units["unit_id"], self.units["service_area_id"], strict=True))
        return unit_ids.map(lambda unit: lookup.get(unit), na_action="ignore").astype(object)

    def resolve_service_areas(self, values: pd.Series) -> pd.Series:
        """Service area ids from ids or Finnish/Swedish/English names (None where unknown)."""
        lookup: dict[str, str] = {}
        for column in ("name_fi", "name_sv", "name_en", "service_area_id"):
            for key, area in zip(
                self.service_areas[column], self.service_areas["service_area_id"], strict=True
            ):
                if isinstance(key, str):
                    lookup[key.casefold()] = area
        return values.map(lambda v: lookup.get(str(v).casefold().strip()), na_action="ignore").astype(object)
