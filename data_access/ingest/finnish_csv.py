"""Reading Finnish CSV, Excel and JSON exports as they really are, within hard limits.

Separators ``;`` or ``,`` (detected), the encoding detected per file (UTF-8 with or without
BOM, Windows-1252/latin-1, UTF-16 with or without BOM: see :mod:`encoding`), ``d.m.yyyy
[H:mm]`` dates, Excel serial dates, decimal commas, thousands separators, trailing empty rows,
Finnish headers. Every cell comes back as text (or, from Excel and JSON, as the cell's own
value); the readers parse columns with the vectorised helpers below and turn failures into row
errors.

Nothing is misread silently: a line that is too long, has the wrong number of fields, holds a
byte foreign to the file's encoding or has broken quotes (an unclosed quote would swallow the
following lines into one text) is refused with a :class:`Problem` naming its line, and the
other lines are read. A file with only a header has "no rows". JSON is bounded in size, depth
and number of values before it is parsed; its over-long or wrongly encoded strings come back
as :class:`Refused` markers that make their record a row error.

Big files take a fast path: when a byte scan shows every record is one line with regular
quotes, pandas' C parser reads them (a million rows in about a second, repeated values
shared); anything irregular is read line by line with Python's strict CSV reader.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from data_access.ingest import scan
from data_access.ingest.encoding import STRAY, UTF8, Encoding, describe_stray, detect

MAX_LINE_CHARS = 100_000
"""A line (its cells together) longer than this is rejected as a row error."""
MAX_CELL_CHARS = 100_000
"""A JSON string longer than this makes its record a row error (the same bound as a CSV line)."""
MAX_JSON_BYTES = 256 * 1024 * 1024
"""A bigger JSON document is refused before it is parsed (its objects would not fit in memory)."""
MAX_JSON_DEPTH = 64
"""Arrays and objects nested deeper than this are refused before parsing (no real export nests 10)."""
MAX_JSON_VALUES = 20_000_000
"""At most this many values (two million ten-field records) in one JSON document."""
MAX_JSON_INT_DIGITS = 300
"""A longer JSON integer is read as infinity (out of every range) instead of a 4 300-digit int."""
MAX_QUOTE_RECOVERY = 50
"""How deep lines swallowed by broken quotes are re-read on their own before they are all errors."""

ROW = "_row"
"""The column holding each row's line number in the source file (header = 1)."""
FILE = "_file"
"""The column naming the file (or ``file[sheet]``) a row came from."""

csv.field_size_limit(2**31 - 1)  # lengths are checked here, per line, not by the csv module

_EXCEL_EPOCH = datetime(1899, 12, 30)
_BLANK_BYTES = re.compile(rb"\s*")
_HELSINKI = "Europe/Helsinki"
NO_ROWS = ("ei rivejä: tiedostossa on vain otsikkorivi", "no rows: the file has only the header row")
"""Why a header-only file imports nothing (exit 2)."""
NO_RECORDS = ("ei rivejä: tiedostossa ei ole yhtään tietuetta", "no rows: the file holds no records")
"""Why a JSON document with an empty record list imports nothing."""


class UnreadableFile(Exception):
    """The file cannot be read at all; nothing of it is imported."""

    def __init__(self, reason_fi: str, reason_en: str) -> None:
        super().__init__(f"{reason_fi} / {reason_en}")
        self.reason_fi = reason_fi
        self.reason_en = reason_en


@dataclass(frozen=True)
class Problem:
    """A line (or one cell of it) refused while reading; the reader reports it as a row error."""

    line: int
    column: str | None
    code: str
    """A :data:`validation.MESSAGES` code (``unbalanced_quote``, ``bad_encoding``, ...)."""
    value: str = ""
    allowed: str = ""


@dataclass
class RawTable:
    """The cells of one sheet or CSV file: text columns plus ``_row`` line numbers."""

    frame: pd.DataFrame
    long_rows: list[int]
    """Line numbers of rows rejected for being too long."""
    bad_shape_rows: list[int]
    """Line numbers of rows rejected for having the wrong number of columns."""
    problems: list[Problem] = field(default_factory=list)
    """Lines refused for broken quotes or foreign bytes (with the column where one is known)."""

    def refused_lines(self) -> list[int]:
        """Every line refused while reading, whatever the reason, in order."""
        return sorted({*self.long_rows, *self.bad_shape_rows, *(p.line for p in self.problems)})


@dataclass(frozen=True)
class Refused:
    """A JSON string refused while reading: its record becomes a row error naming ``key``.

    Behaves as an empty value if it ever reaches a text column (``str()`` is empty).
    """

    key: str
    code: str
    """``too_long_text``, ``bad_encoding`` or ``foreign_encoding``."""
    value: str
    allowed: str = ""

    def __str__(self) -> str:
        return ""


def encoding_of(data: bytes, *, json: bool = False) -> Encoding:
    """The file's encoding (``json``: UTF-8 preferred); an empty or binary file is unreadable."""
    if _BLANK_BYTES.fullmatch(data):
        raise UnreadableFile("tiedosto on tyhjä", "the file is empty")
    try:
        return detect(data, json=json)
    except ValueError as error:
        raise UnreadableFile(
            "tiedosto ei ole tekstiä (binääritiedosto)", "the file is not text (binary file)"
        ) from error


def decode(data: bytes, *, json: bool = False) -> tuple[str, Encoding]:
    """Bytes to text in the file's own encoding (see :mod:`encoding`), with the encoding used."""
    encoding = encoding_of(data, json=json)
    text = encoding.decode(data)
    if not text.strip():
        raise UnreadableFile("tiedosto on tyhjä", "the file is empty")
    if "\x00" in text[:65_536]:
        raise UnreadableFile(
            "tiedosto ei ole tekstiä (binääritiedosto)", "the file is not text (binary file)"
        )
    return text, encoding


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


def _header(cells: list[str]) -> list[str]:
    header = [normalise_header(STRAY.sub("\ufffd", cell)) for cell in cells]
    if not any(header):
        raise UnreadableFile("otsikkorivi puuttuu", "the header row is missing")
    return header


def _shape_ok(cells: list[str], width: int) -> bool:
    return len(cells) == width or (len(cells) > width and not any(c.strip() for c in cells[width:]))


def _blank(cells: list[str]) -> bool:
    return not cells or ((not cells[0].strip()) and not any(c.strip() for c in cells))


class _Reader(Protocol):
    """A ``csv.reader``: records one by one, ``line_num`` physical lines read so far."""

    line_num: int

    def __next__(self) -> list[str]: ...


class _Lines:
    """Records read one by one with strict quoting; broken quotes refuse lines, never swallow them."""

    def __init__(self, width: int, delimiter: str) -> None:
        self.width = width
        self.delimiter = delimiter
        self.rows: list[list[str]] = []
        self.numbers: list[int] = []
        self.long_rows: list[int] = []
        self.bad_shape: list[int] = []
        self.problems: list[Problem] = []

    def consume(
        self, reader: _Reader, lines: Callable[[], list[str]], offset: int, previous: int, depth: int
    ) -> None:
        """Read every record of ``reader``; ``offset`` + its line number is the file's line number."""
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                start, previous = previous + 1, reader.line_num
                self._broken(start, previous, lines, offset, depth, "unexpected end of data" in str(error))
                continue
            start, previous = previous + 1, reader.line_num
            spans = previous > start and self.width > 1
            if spans and self._swallows(cells, lines()[start + 1 : previous + 1]):
                self._broken(start, previous, lines, offset, depth, at_end=False)
                continue
            self._add(cells, offset + start)

    def _looks_full(self, line: str) -> bool:
        return _shape_ok(next(csv.reader([line], delimiter=self.delimiter), []), self.width)

    def _swallows(self, cells: list[str], continuation: list[str]) -> bool:
        """A multi-line record whose later lines read as rows of their own (or whose shape is off)."""
        if not _shape_ok(cells, self.width):
            return True
        return any(self._looks_full(line) for line in continuation if line.strip())

    def _broken(
        self, start: int, end: int, lines: Callable[[], list[str]], offset: int, depth: int, at_end: bool
    ) -> None:
        if end == start:
            self.problems.append(
                Problem(offset + start, None, "unclosed_quote_at_end" if at_end else "bad_quote")
            )
            return
        if at_end:
            self.problems.append(Problem(offset + start, None, "unclosed_quote_at_end"))
        else:
            self.problems.append(Problem(offset + start, None, "unbalanced_quote", str(offset + end)))
        continuation = lines()[start + 1 : end + 1]
        filled = [(offset + start + 1 + k, line) for k, line in enumerate(continuation) if line.strip()]
        if depth < MAX_QUOTE_RECOVERY and all(self._looks_full(line) for _, line in filled):
            text = "".join(continuation)
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter, strict=True)
            self.consume(reader, _lazy_lines(text), offset + start, 0, depth + 1)
            return
        self.problems.extend(
            Problem(number, None, "inside_quote", str(offset + start)) for number, _ in filled
        )

    def _add(self, cells: list[str], line: int) -> None:
        if _blank(cells):
            return
        if sum(map(len, cells)) > MAX_LINE_CHARS:
            self.long_rows.append(line)
            return
        if len(cells) != self.width:
            if not _shape_ok(cells, self.width):
                self.bad_shape.append(line)
                return
            cells = cells[: self.width]
        self.rows.append(cells)
        self.numbers.append(line)


def _lazy_lines(text: str) -> Callable[[], list[str]]:
    """The physical lines of ``text`` as the CSV reader counts them (``lines()[n]`` is line n), built once."""
    cache: list[list[str]] = []

    def lines() -> list[str]:
        if not cache:
            cache.append([""] + io.StringIO(text, newline="").readlines())
        return cache[0]

    return lines


def read_csv_text(text: str, encoding: Encoding = UTF8) -> RawTable:
    """Parse CSV text with a detected separator into a RawTable of strings (line by line)."""
    text = text.lstrip("\ufeff")
    delimiter = _sniff_delimiter(_first_line(text)[:MAX_LINE_CHARS])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        first = next(reader)
    except StopIteration as error:
        raise UnreadableFile("tiedosto on tyhjä", "the file is empty") from error
    except csv.Error as error:
        raise UnreadableFile(
            f"otsikkoriviä ei voi lukea: {error}", f"cannot read the header: {error}"
        ) from error
    header = _header(first)
    lines = _Lines(len(header), delimiter)
    lines.consume(reader, _lazy_lines(text), 0, reader.line_num, 0)
    if not (lines.rows or lines.long_rows or lines.bad_shape or lines.problems):
        raise UnreadableFile(*NO_ROWS)
    frame = pd.DataFrame(lines.rows, columns=_unique(header), dtype=object) if lines.rows else _empty(header)
    frame[ROW] = np.asarray(lines.numbers, dtype=np.int64)
    problems = lines.problems
    frame = _refuse_suspect(frame, encoding, problems)
    return RawTable(frame, lines.long_rows, lines.bad_shape, problems)


def _refuse_suspect(frame: pd.DataFrame, encoding: Encoding, problems: list[Problem]) -> pd.DataFrame:
    """Rows with a cell holding bytes foreign to the encoding become problems and leave the frame."""
    if encoding.suspect is None or frame.empty:
        return frame
    refused = pd.Series(False, index=frame.index)
    found: list[tuple[int, Problem]] = []
    for column in frame.columns:
        if column == ROW:
            continue
        hits = frame[column].str.contains(encoding.suspect, regex=True).fillna(False).astype(bool)
        for index in frame.index[hits.to_numpy()]:
            problem = Problem(
                int(frame.at[index, ROW]),
                column,
                encoding.foreign_code,
                encoding.describe(frame.at[index, column]),
                encoding.label,
            )
            found.append((int(frame.at[index, ROW]), problem))
        refused |= hits
    problems.extend(problem for _, problem in sorted(found, key=lambda item: item[0]))
    return frame.loc[~refused].reset_index(drop=True) if refused.any() else frame


def _fast_table(data: bytes, encoding: Encoding) -> RawTable | None:
    """The whole file through pandas' C parser when every record is one regular line; else None."""
    newline = data.find(b"\n", encoding.bom)
    if newline < 0:
        return None
    body = newline + 1
    header_line = encoding.decode(data[:body]).lstrip("\ufeff")
    delimiter = _sniff_delimiter(_first_line(header_line)[:MAX_LINE_CHARS])
    try:
        first = next(csv.reader([header_line], delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration):
        return None
    header = _header(first)
    width = len(header)
    lines = scan.csv_lines(data, body, delimiter, width, MAX_LINE_CHARS)
    if lines is None:
        return None
    count = len(lines.fields)
    if not count:
        raise UnreadableFile(*NO_ROWS)
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=delimiter,
            header=None,
            names=list(range(max(width, int(lines.fields.max())))),
            usecols=list(range(width)),
            index_col=False,
            skiprows=1,
            dtype=object,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            doublequote=True,
            encoding=encoding.codec,
            encoding_errors="surrogateescape" if encoding.suspect is not None else "strict",
            engine="c",
        )
    except (pd.errors.ParserError, UnicodeDecodeError):
        return None
    if len(frame) != count:
        return None
    blank = lines.blank.copy()
    shaped = (lines.fields == width) | lines.extra_empty
    unsure = np.flatnonzero(lines.maybe_blank | lines.extra_unsure | (lines.long & ~lines.blank))
    too_long = np.zeros(count, dtype=bool)
    if len(unsure):
        starts = _line_starts(data, body)
        for index in unsure:
            cells = _line_cells(data, starts, int(index), encoding, delimiter)
            blank[index] = _blank(cells)
            shaped[index] = _shape_ok(cells, width)
            too_long[index] = sum(map(len, cells)) > MAX_LINE_CHARS
    too_long &= ~blank
    bad_shape = ~blank & ~too_long & ~shaped
    numbers = np.arange(2, count + 2, dtype=np.int64)
    keep = ~(blank | too_long | bad_shape)
    if blank.all():
        raise UnreadableFile(*NO_ROWS)
    if not keep.all():
        frame = frame.loc[keep].reset_index(drop=True)
    frame.columns = _unique(header)
    frame[ROW] = numbers[keep]
    problems: list[Problem] = []
    frame = _refuse_suspect(frame, encoding, problems)
    return RawTable(frame, numbers[too_long].tolist(), numbers[bad_shape].tolist(), problems)


def _line_starts(data: bytes, body: int) -> np.ndarray:
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8)[body:] == 0x0A) + body
    return np.concatenate(([body], newlines + 1))


def _line_cells(data: bytes, starts: np.ndarray, index: int, encoding: Encoding, delimiter: str) -> list[str]:
    """The cells of one body line, parsed exactly as the line-by-line reader would."""
    end = int(starts[index + 1]) if index + 1 < len(starts) else len(data)
    line = encoding.text_of(data[int(starts[index]) : end])
    return next(csv.reader([line], delimiter=delimiter), [])


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
    if all(t.frame.empty and not t.refused_lines() for t in tables.values()):
        raise UnreadableFile(*NO_ROWS)
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
    data, numbers, long_rows = [], [], []
    for line, cells in enumerate(iterator, start=2):
        cells = list(cells[:width]) + [None] * (width - len(cells))
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        if sum(len(c) for c in cells if isinstance(c, str)) > MAX_LINE_CHARS:
            long_rows.append(line)
            continue
        data.append(["" if c is None else c for c in cells])
        numbers.append(line)
    frame = pd.DataFrame(data, columns=_unique(header), dtype=object) if data else _empty(header)
    frame[ROW] = np.asarray(numbers, dtype=np.int64)
    return RawTable(frame, long_rows, [])


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
    return {"": read_csv_bytes(data)}


def read_csv_bytes(data: bytes) -> RawTable:
    """A CSV file in its detected encoding: the fast path when it applies, else line by line."""
    encoding = encoding_of(data)
    if encoding.single_byte_ascii:
        table = _fast_table(data, encoding)
        if table is not None:
            return table
    text, encoding = decode(data)
    return read_csv_text(text, encoding)


def _json_int(digits: str) -> int | float:
    if len(digits) - digits.startswith("-") <= MAX_JSON_INT_DIGITS:
        return int(digits)
    return -math.inf if digits.startswith("-") else math.inf


def read_json(data: bytes) -> object:
    """Parse a JSON document within the size, depth and value limits; a damaged one is unreadable.

    ``NaN``/``Infinity`` stay floats (the column parsers reject them); an integer beyond
    :data:`MAX_JSON_INT_DIGITS` digits is infinity; a string longer than :data:`MAX_CELL_CHARS`
    or holding bytes foreign to the file's encoding is replaced by a :class:`Refused` marker.
    """
    if len(data) > MAX_JSON_BYTES:
        raise UnreadableFile(
            f"JSON-tiedosto on liian suuri ({len(data) // 2**20} Mt, enintään {MAX_JSON_BYTES // 2**20} Mt)",
            f"the JSON file is too large ({len(data) // 2**20} MB, at most {MAX_JSON_BYTES // 2**20} MB)",
        )
    text, encoding = decode(data, json=True)
    buffer = (
        memoryview(data)[encoding.bom :]
        if encoding.single_byte_ascii
        else text.encode("utf-8", "surrogatepass")
    )
    shape = scan.json_shape(buffer)
    del buffer
    if shape.depth > MAX_JSON_DEPTH:
        raise _too_deep(str(shape.depth))
    if shape.values > MAX_JSON_VALUES:
        raise UnreadableFile(
            f"JSON-tiedostossa on liikaa arvoja (yli {MAX_JSON_VALUES:_})".replace("_", " "),
            f"the JSON file holds too many values (over {MAX_JSON_VALUES:_})".replace("_", " "),
        )
    try:
        document = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            f"JSON on rikki tai katkennut (rivi {error.lineno}, sarake {error.colno})",
            f"broken or truncated JSON (line {error.lineno}, column {error.colno})",
        ) from error
    except RecursionError as error:
        raise _too_deep(f"> {MAX_JSON_DEPTH}") from error
    if shape.longest_string > MAX_CELL_CHARS or encoding.suspect is not None or shape.escaped_surrogate:
        document = _refuse_strings(document, encoding, "")
    return document


def _too_deep(depth: str) -> UnreadableFile:
    return UnreadableFile(
        f"JSON on liian syvälle sisäkkäistä ({depth} tasoa, enintään {MAX_JSON_DEPTH})",
        f"JSON nested too deep ({depth} levels, at most {MAX_JSON_DEPTH})",
    )


def _refusal(value: str, encoding: Encoding, key: str) -> Refused | None:
    if len(value) > MAX_CELL_CHARS:
        return Refused(key, "too_long_text", str(len(value)), str(MAX_CELL_CHARS))
    stray = STRAY.search(value)
    if stray is not None:
        return Refused(key, "bad_encoding", describe_stray(stray.group()), encoding.label)
    if encoding.suspect is not None and encoding.suspect.search(value):
        return Refused(key, encoding.foreign_code, encoding.describe(value), encoding.label)
    return None


def _refuse_strings(value: object, encoding: Encoding, key: str) -> object:
    """The document with refused strings replaced by markers (keys cleaned of foreign bytes)."""
    if isinstance(value, str):
        return _refusal(value, encoding, key) or value
    if isinstance(value, list):
        return [_refuse_strings(item, encoding, key) for item in value]
    if isinstance(value, dict):
        cleaned = {}
        for name, item in value.items():
            if len(name) > MAX_CELL_CHARS:
                raise UnreadableFile(
                    f"JSON-avain on liian pitkä ({len(name)} merkkiä)",
                    f"a JSON key is too long ({len(name)} characters)",
                )
            name = STRAY.sub("\ufffd", name)
            cleaned[name] = _refuse_strings(item, encoding, name)
        return cleaned
    return value


def refused_in(value: object) -> Refused | None:
    """The first :class:`Refused` marker in a cell (looking into lists and objects), if any."""
    if isinstance(value, Refused):
        return value
    if isinstance(value, list):
        return next((found for item in value if (found := refused_in(item)) is not None), None)
    if isinstance(value, dict):
        return next((found for item in value.values() if (found := refused_in(item)) is not None), None)
    return None


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


def _all_text(series: pd.Series) -> bool:
    return pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")


def non_finite(series: pd.Series) -> pd.Series:
    """Cells holding a NaN or infinite number (JSON ``NaN``/``Infinity``/``1e999``, a crafted sheet)."""
    if series.dtype != object or pd.api.types.infer_dtype(series, skipna=False) in (
        "string",
        "empty",
        "integer",
        "boolean",
    ):
        return pd.Series(False, index=series.index)
    return series.map(lambda v: isinstance(v, float) and not math.isfinite(v)).astype(bool)


def text(series: pd.Series) -> pd.Series:
    """Cells as stripped text, empty → None (a NaN or infinite number is no text either)."""
    if _all_text(series):
        values = series.astype(object).str.strip()
    else:
        values = series.map(_cell_text, na_action="ignore")
    return values.where(values.notna() & (values != ""), None).astype(object)


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


_FINNISH_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y", "%d.%m.%y")
_ISO_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
_ZONED = re.compile(r"(?:Z|[+-]\d\d:?\d\d)$")
_OTHER, _ISO_LIKE, _SERIAL = 0, 1, 2


def _date_kind(cell: str) -> int:
    """How a written date cell looks: ISO-like (``yyyy-…``), an Excel serial (``45123[,5]``), other."""
    if len(cell) > 4 and cell[4] == "-" and cell[:4].isdigit():
        return _ISO_LIKE
    if cell[:5].isdigit() and (len(cell) == 5 or (len(cell) > 6 and cell[5] in ".," and cell[6:].isdigit())):
        return _SERIAL
    return _OTHER


def _maybe_zoned(cell: str) -> bool:
    """Cheap test before the exact one: only these can end in ``Z`` or a ``±hh:mm`` offset."""
    return cell.endswith("Z") or "+" in cell or cell.rfind("-") > 9


def _fill(result: pd.Series, remaining: pd.Series, parsed: pd.Series) -> None:
    hit = parsed.notna()
    index = hit[hit].index
    result[index] = parsed[hit].astype("datetime64[us]")
    remaining[index] = False


def _serial_days(days: pd.Series) -> pd.Series:
    return (_EXCEL_EPOCH + pd.to_timedelta(days, unit="D")).dt.round("s")


def timestamps(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Local Helsinki timestamps (naive) from Finnish, ISO (with or without offset) or Excel cells."""
    cells = text(series)
    present = cells.notna()
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
    remaining = present.copy()
    if not _all_text(series):
        native = series.map(lambda v: isinstance(v, datetime | date), na_action="ignore")
        native = native.fillna(False).astype(bool)
        if native.any():
            result[native] = pd.to_datetime(series[native].map(_as_datetime)).astype("datetime64[us]")
            remaining &= ~native
        numeric = remaining & series.map(_is_serial, na_action="ignore").fillna(False).astype(bool)
        if numeric.any():
            days = pd.to_numeric(cells[numeric].str.replace(",", ".", regex=False), errors="coerce")
            _fill(result, remaining, _serial_days(days))
    kinds = pd.Series(_OTHER, index=series.index)
    if remaining.any():
        kinds[remaining] = cells[remaining].map(_date_kind)
    serial = remaining & (kinds == _SERIAL)
    if serial.any():
        days = pd.to_numeric(cells[serial].str.replace(",", ".", regex=False), errors="coerce")
        days = days[(days >= 20_000) & (days < 80_000)]
        if len(days):
            _fill(result, remaining, _serial_days(days))
    for fmt in _FINNISH_FORMATS:
        chosen = remaining & (kinds == _OTHER)
        if not chosen.any():
            break
        _fill(result, remaining, pd.to_datetime(cells[chosen], format=fmt, errors="coerce"))
    if remaining.any():
        rest = cells[remaining]
        zoned = rest.map(_maybe_zoned).astype(bool)
        if zoned.any():
            zoned[zoned] = rest[zoned].map(lambda cell: _ZONED.search(cell) is not None).astype(bool)
        local = pd.to_datetime(rest[zoned], format="ISO8601", errors="coerce", utc=True)
        _fill(result, remaining, local.dt.tz_convert(_HELSINKI).dt.tz_localize(None))
        _fill(result, remaining, pd.to_datetime(rest[~zoned], format="ISO8601", errors="coerce"))
    for fmt in _ISO_FORMATS:
        chosen = remaining & (kinds == _ISO_LIKE)
        if not chosen.any():
            break
        _fill(result, remaining, pd.to_datetime(cells[chosen], format=fmt, errors="coerce"))
    return result, (present & remaining) | non_finite(series)


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time())  # type: ignore[arg-type]


def _is_serial(value: object) -> bool:
    """A native Excel number within the serial dates 1900-01-01 .. 9999-12-31."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return 1 <= value < 2_958_466


def dates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Calendar dates (``datetime.date`` objects) with the same formats as :func:`timestamps`."""
    values, bad = timestamps(series)
    return values.dt.date.where(values.notna(), None).astype(object), bad


_EXACT_INTEGER = 2**53
"""Beyond this a float no longer holds every whole number: such a count cannot be read exactly."""


def _written_numbers(cells: pd.Series, integer: bool) -> pd.Series:
    """Finnish-written numbers to floats (NaN where unreadable); ``cells`` are non-empty text."""
    plain = cells.str.isdigit().astype(bool)
    values = pd.Series(np.nan, index=cells.index, dtype="float64")
    if plain.any():
        values[plain] = pd.to_numeric(cells[plain], errors="coerce").astype("float64")
    if plain.all():
        return values
    cleaned = cells[~plain].str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    both = cleaned.str.contains(",", regex=False) & cleaned.str.contains(".", regex=False)
    cleaned = cleaned.where(~both, cleaned.str.replace(".", "", regex=False))
    if integer:
        grouped = cleaned.str.fullmatch(r"-?\d{1,3}(?:\.\d{3})+").astype(bool)
        cleaned = cleaned.where(~grouped, cleaned.str.replace(".", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False)
    valid = cleaned.str.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)").astype(bool)
    values[~plain] = pd.to_numeric(cleaned.where(valid, None), errors="coerce").astype("float64")
    return values


def _native_floats(values: pd.Series) -> pd.Series:
    try:
        return values.astype("float64")
    except OverflowError:
        return values.map(_float_or_infinity).astype("float64")


def _float_or_infinity(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def raw_numbers(series: pd.Series, integer: bool = False) -> tuple[pd.Series, pd.Series]:
    """Cells as floats without judging them: (values, mask of unreadable, NaN and infinite cells).

    ``integer`` reads ``1.234`` as one thousand two hundred thirty-four (dot grouping). Values
    may be fractional or huge, a whole number too big for a float (``10**400``, 400 nines) is
    ±inf: :func:`numbers` and :func:`validation.bounded_integers` decide what is acceptable.
    """
    cells = text(series)
    values = pd.Series(np.nan, index=series.index, dtype="float64")
    native = pd.Series(False, index=series.index)
    if not _all_text(series):
        native = series.map(
            lambda v: isinstance(v, int | float) and not isinstance(v, bool), na_action="ignore"
        )
        native = native.fillna(False).astype(bool)
    written = cells.notna() & ~native
    if written.any():
        values[written] = _written_numbers(cells[written], integer)
    if native.any():
        values[native] = _native_floats(series[native])
    literal = non_finite(series)
    values = values.where(~literal)
    return values, ((written | native) & values.isna()) | literal


def numbers(series: pd.Series, integer: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers written the Finnish way: ``1 234,5``, ``1.234,5``, ``0,75``; also plain ``1234.5``.

    NaN, infinite and (with ``integer``) fractional cells, and whole numbers beyond 2**53 that no
    float holds exactly, are bad. Bounds of a count belong to :func:`validation.bounded_integers`.
    """
    values, bad = raw_numbers(series, integer)
    huge = values.notna() & ~np.isfinite(values)
    bad |= huge
    values = values.where(~huge)
    if integer:
        inexact = values.notna() & ((values != np.round(values)) | (values.abs() > _EXACT_INTEGER))
        bad |= inexact
        values = values.where(~inexact)
    return values, bad


_TRUE = {"true", "1", "yes", "kyllä", "k", "x", "tosi", "ja"}
_FALSE = {"false", "0", "no", "ei", "e", "epätosi", "nej"}


def booleans(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells in Finnish, Swedish or English (``kyllä``/``ei``, ``true``/``false``, ``1``/``0``).

    Empty cells come back as None (unknown), not as no; NaN or infinite numbers are bad.
    """
    cells = text(series).map(lambda v: v.lower(), na_action="ignore")
    truthy = cells.isin(_TRUE)
    falsy = cells.isin(_FALSE)
    bad = (cells.notna() & ~(truthy | falsy)) | non_finite(series)
    values = pd.Series(None, index=series.index, dtype=object)
    values[truthy] = True
    values[falsy] = False
    return values, bad
