"""Reading Finnish CSV and Excel exports as they really are.

Separators ``;`` or ``,`` (detected), UTF-8 with or without BOM or Windows-1252/latin-1,
``d.m.yyyy [H:mm]`` dates, Excel serial dates, decimal commas, thousands separators,
trailing empty rows, Finnish headers. Every cell comes back as text (or, from Excel, as the
cell's own value); the readers parse columns with the vectorised helpers below and turn
failures into row errors.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

MAX_LINE_CHARS = 100_000
"""A line longer than this is rejected as a row error (no real export has one)."""

ROW = "_row"
"""The column holding each row's line number in the source file (header = 1)."""
FILE = "_file"
"""The column naming the file (or ``file[sheet]``) a row came from."""

_EXCEL_EPOCH = datetime(1899, 12, 30)
_HELSINKI = "Europe/Helsinki"


class UnreadableFile(Exception):
    """The file cannot be read at all; nothing of it is imported."""

    def __init__(self, reason_fi: str, reason_en: str) -> None:
        super().__init__(f"{reason_fi} / {reason_en}")
        self.reason_fi = reason_fi
        self.reason_en = reason_en


@dataclass
class RawTable:
    """The cells of one sheet or CSV file: text columns plus ``_row`` line numbers."""

    frame: pd.DataFrame
    long_rows: list[int]
    """Line numbers of rows rejected for being too long or having the wrong column count."""
    bad_shape_rows: list[int]


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not), else Windows-1252, else latin-1; binary refused."""
    if not data.strip():
        raise UnreadableFile("tiedosto on tyhjä", "the file is empty")
    if b"\x00" in data[:65536]:
        raise UnreadableFile(
            "tiedosto ei ole tekstiä (binääritiedosto)", "the file is not text (binary file)"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _sniff_delimiter(header_line: str) -> str:
    counts = {sep: _count_outside_quotes(header_line, sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _count_outside_quotes(line: str, sep: str) -> int:
    inside, count = False, 0
    for char in line:
        if char == '"':
            inside = not inside
        elif char == sep and not inside:
            count += 1
    return count


def _first_line(text: str) -> str:
    end = text.find("\n")
    return text if end < 0 else text[:end]


def read_csv_text(text: str) -> RawTable:
    """Parse CSV text with a detected separator into a RawTable of strings."""
    text = text.lstrip("\ufeff")
    delimiter = _sniff_delimiter(_first_line(text)[:MAX_LINE_CHARS])
    csv.field_size_limit(max(len(text), 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as error:
        raise UnreadableFile("tiedosto on tyhjä", "the file is empty") from error
    except csv.Error as error:
        raise UnreadableFile(
            f"otsikkoriviä ei voi lukea: {error}", f"cannot read the header: {error}"
        ) from error
    header = [normalise_header(h) for h in header]
    if not any(header):
        raise UnreadableFile("otsikkorivi puuttuu", "the header row is missing")
    width = len(header)
    rows, numbers, long_rows, bad_shape = [], [], [], []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if sum(len(c) for c in cells) > MAX_LINE_CHARS:
                long_rows.append(line)
                continue
            if len(cells) != width:
                if len(cells) > width and not any(c.strip() for c in cells[width:]):
                    cells = cells[:width]
                else:
                    bad_shape.append(line)
                    continue
            rows.append(cells)
            numbers.append(line)
    except csv.Error as error:
        raise UnreadableFile(
            f"CSV-rakenne on rikki rivillä {reader.line_num}: {error}",
            f"broken CSV structure at line {reader.line_num}: {error}",
        ) from error
    frame = pd.DataFrame(rows, columns=_unique(header), dtype=object) if rows else _empty(header)
    frame[ROW] = np.asarray(numbers, dtype=np.int64)
    return RawTable(frame, long_rows, bad_shape)


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}.{seen[name]}")
    return result


def _empty(header: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in _unique(header)})


def normalise_header(name: object) -> str:
    """Header text compared case- and space-insensitively (``Saapunut pvm`` → ``saapunut pvm``)."""
    return re.sub(r"\s+", " ", str(name if name is not None else "")).strip().lower()


def read_xlsx(data: bytes, sheet: str | None = None) -> dict[str, RawTable]:
    """Every sheet (or one) of a workbook; formulas come back as their text, never evaluated."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(
            "Excel-tiedostoa ei voi avata (rikki tai katkennut)",
            "cannot open the Excel file (damaged or truncated)",
        ) from error
    tables = {}
    try:
        for worksheet in workbook.worksheets:
            if sheet is not None and worksheet.title != sheet:
                continue
            tables[worksheet.title] = _sheet_table(worksheet.iter_rows(values_only=True))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile("Excel-tiedosto on rikki", "the Excel file is damaged") from error
    finally:
        workbook.close()
    if not tables:
        raise UnreadableFile("työkirjassa ei ole taulukoita", "the workbook has no sheets")
    return tables


def _sheet_table(rows) -> RawTable:
    iterator = iter(rows)
    header: list[str] = []
    for cells in iterator:
        if any(c is not None and str(c).strip() for c in cells):
            header = [normalise_header(c) for c in cells]
            break
    while header and not header[-1]:
        header.pop()
    if not header:
        raise UnreadableFile("taulukko on tyhjä", "the sheet is empty")
    width = len(header)
    data, numbers = [], []
    for line, cells in enumerate(iterator, start=2):
        cells = list(cells[:width]) + [None] * (width - len(cells))
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        data.append(["" if c is None else c for c in cells])
        numbers.append(line)
    frame = pd.DataFrame(data, columns=_unique(header), dtype=object) if data else _empty(header)
    frame[ROW] = np.asarray(numbers, dtype=np.int64)
    return RawTable(frame, [], [])


def read_table_file(path: Path, data: bytes | None = None) -> dict[str, RawTable]:
    """A CSV/TXT file (one table named ``""``) or every sheet of an XLSX workbook."""
    data = path.read_bytes() if data is None else data
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(data)
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            "tiedosto on Excel-työkirja mutta pääte ei ole .xlsx",
            "the file is a workbook but not named .xlsx",
        )
    return {"": read_csv_text(decode(data))}


def read_json(data: bytes) -> object:
    """Parse a JSON document; a damaged or truncated one is unreadable."""
    try:
        return json.loads(decode(data))
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            f"JSON on rikki tai katkennut (rivi {error.lineno}, sarake {error.colno})",
            f"broken or truncated JSON (line {error.lineno}, column {error.colno})",
        ) from error


def pick_columns(frame: pd.DataFrame, aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map canonical names to the file's header by aliases (Finnish or English); missing are left out."""
    found = {}
    for canonical, names in aliases.items():
        for name in (canonical, *names):
            key = normalise_header(name)
            if key in frame.columns:
                found[canonical] = key
                break
    return found


# --- vectorised cell parsing: each returns (values, bad-mask) ------------------------------


def text(series: pd.Series) -> pd.Series:
    """Cells as stripped text, empty → None."""
    if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        values = series.astype(object).str.strip()
    else:
        values = series.map(_cell_text, na_action="ignore")
    return values.where(values.notna() & (values != ""), None).astype(object)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


_DATE_FORMATS = (
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
)


def timestamps(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Local Helsinki timestamps (naive) from Finnish, ISO (with or without offset) or Excel cells."""
    cells = text(series)
    present = cells.notna()
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
    remaining = present.copy()
    native = (
        series.map(lambda v: isinstance(v, datetime | date), na_action="ignore").fillna(False).astype(bool)
    )
    if native.any():
        result[native] = pd.to_datetime(series[native].map(_as_datetime)).astype("datetime64[us]")
        remaining &= ~native
    numeric = remaining & series.map(_is_serial, na_action="ignore").fillna(False).astype(bool)
    if numeric.any():
        days = pd.to_numeric(cells[numeric].str.replace(",", ".", regex=False), errors="coerce")
        result[numeric] = (
            (_EXCEL_EPOCH + pd.to_timedelta(days, unit="D")).dt.round("s").astype("datetime64[us]")
        )
        remaining &= ~numeric
    for fmt in _DATE_FORMATS:
        if not remaining.any():
            break
        parsed = pd.to_datetime(cells[remaining], format=fmt, errors="coerce")
        hit = parsed.notna()
        result[hit[hit].index] = parsed[hit].astype("datetime64[us]")
        remaining[hit[hit].index] = False
    if remaining.any():
        rest = cells[remaining]
        zoned = rest.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True).fillna(False).astype(bool)
        local = pd.to_datetime(rest[zoned], format="ISO8601", errors="coerce", utc=True)
        local = local.dt.tz_convert(_HELSINKI).dt.tz_localize(None)
        naive = pd.to_datetime(rest[~zoned], format="ISO8601", errors="coerce")
        for chosen in (local, naive):
            hit = chosen.notna()
            result[hit[hit].index] = chosen[hit].astype("datetime64[us]")
            remaining[hit[hit].index] = False
    return result, present & remaining


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time())  # type: ignore[arg-type]


def _is_serial(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return 1 <= value < 2_958_466
    return (
        bool(re.fullmatch(r"\d{5}(?:[.,]\d+)?", str(value).strip()))
        and 20_000 <= float(str(value).strip().replace(",", ".")) < 80_000
    )


def dates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Calendar dates (``datetime.date`` objects) with the same formats as :func:`timestamps`."""
    values, bad = timestamps(series)
    return values.dt.date.where(values.notna(), None).astype(object), bad


def numbers(series: pd.Series, integer: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers written the Finnish way: ``1 234,5``, ``1.234,5``, ``0,75``; also plain ``1234.5``."""
    cells = text(series)
    present = cells.notna()
    native = series.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool), na_action="ignore")
    native = native.fillna(False).astype(bool)
    cleaned = cells.where(~native, None).astype(object)
    cleaned = cleaned.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    both = cleaned.str.contains(",", regex=False) & cleaned.str.contains(".", regex=False)
    cleaned = cleaned.where(~both.fillna(False).astype(bool), cleaned.str.replace(".", "", regex=False))
    if integer:
        grouped = cleaned.str.fullmatch(r"-?\d{1,3}(?:\.\d{3})+").fillna(False).astype(bool)
        cleaned = cleaned.where(~grouped, cleaned.str.replace(".", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False)
    valid = cleaned.str.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)").fillna(False).astype(bool)
    values = pd.to_numeric(cleaned.where(valid, None), errors="coerce").astype("float64")
    if native.any():
        values[native] = series[native].astype("float64")
    bad = present & values.isna()
    if integer:
        fractional = values.notna() & (values != values.round())
        bad |= fractional
        values = values.where(~fractional)
    return values, bad


_TRUE = {"true", "1", "yes", "kyllä", "k", "x", "tosi", "ja"}
_FALSE = {"false", "0", "no", "ei", "e", "epätosi", "nej"}


def booleans(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells in Finnish, Swedish or English (``kyllä``/``ei``, ``true``/``false``, ``1``/``0``).

    Empty cells come back as None (unknown), not as no.
    """
    cells = text(series).map(lambda v: v.lower(), na_action="ignore")
    truthy = cells.isin(_TRUE)
    falsy = cells.isin(_FALSE)
    bad = cells.notna() & ~(truthy | falsy)
    values = pd.Series(None, index=series.index, dtype=object)
    values[truthy] = True
    values[falsy] = False
    return values, bad
