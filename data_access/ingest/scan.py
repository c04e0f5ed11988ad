"""Vectorised byte scans that tell, before any parsing, what shape a big file has.

- :func:`csv_lines`: for a CSV body in an ASCII-compatible encoding, whether every record is
  exactly one physical line with well-formed quotes (then pandas' C parser reads it, line
  numbers are exact and no quote can swallow a row), and per line its field count, whether it
  is blank and whether it may be too long.
- :func:`json_shape`: the nesting depth, the number of values and the longest string of a JSON
  text, so a document nested 100 000 deep or holding a 200 MB string is refused or marked
  before ``json.loads`` builds it.

Both work on chunks of a few megabytes, so their own memory stays small whatever the file size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHUNK_BYTES = 1 << 23
"""Bytes per scanned chunk (CSV chunks end at a newline)."""

_QUOTE, _LF, _CR, _BACKSLASH, _COMMA = 0x22, 0x0A, 0x0D, 0x5C, 0x2C


@dataclass
class CsvLines:
    """Per physical line of a CSV body (line 0 is the first line after the header)."""

    fields: np.ndarray
    """Number of fields (delimiters outside quotes + 1)."""
    blank: np.ndarray
    """Certainly blank: only whitespace, delimiters and quotes."""
    maybe_blank: np.ndarray
    """No printable ASCII but non-ASCII or control bytes: blank only if those are whitespace."""
    extra_empty: np.ndarray
    """A line with more fields than the header whose extra fields are certainly empty."""
    extra_unsure: np.ndarray
    """A line with more fields than the header whose extras hold only such unsure bytes."""
    long: np.ndarray
    """The line has more bytes than the limit (its characters are counted exactly later)."""


def _classify(chunk: np.ndarray, delimiter: int) -> tuple[np.ndarray, np.ndarray]:
    """(content, unsure) per byte: content certainly makes a cell non-empty (printable ASCII other
    than the delimiter and the quote); unsure may or may not (non-ASCII, control characters other
    than CR/LF), so lines whose only non-space bytes are unsure are checked exactly."""
    content = (chunk > 0x20) & (chunk < 0x80) & (chunk != delimiter) & (chunk != _QUOTE)
    unsure = (chunk >= 0x80) | ((chunk < 0x20) & (chunk != _LF) & (chunk != _CR))
    return content, unsure


def _any_between(flags: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each ``[start, end)`` (ascending, non-overlapping, start < end): whether a flag is set."""
    if not len(starts):
        return np.zeros(0, dtype=bool)
    padded = np.append(flags, False)
    bounds = np.empty(2 * len(starts), dtype=np.int64)
    bounds[0::2], bounds[1::2] = starts, ends
    return np.logical_or.reduceat(padded, bounds)[0::2]


def csv_lines(data: bytes, start: int, delimiter: str, width: int, max_line: int) -> CsvLines | None:
    """The line table of the CSV body ``data[start:]``, or None when records may span lines.

    Quotes are regular when each line has an even number of them, every opening quote starts a
    field (after a delimiter, a line start or an escaping quote) and every closing quote ends one
    (before a delimiter, a line end or an escaping quote): then strict CSV reads every line as one
    record, the same way pandas' C parser does. A lone carriage return also means None.
    """
    sep = ord(delimiter)
    array = np.frombuffer(data, dtype=np.uint8)
    parts = []
    position = start
    while position < len(data):
        cut = data.find(b"\n", min(position + CHUNK_BYTES, len(data)) - 1)
        end = len(data) if cut < 0 else cut + 1
        part = _csv_chunk(array[position:end], sep, width, max_line)
        if part is None:
            return None
        parts.append(part)
        position = end
    if not parts:
        return CsvLines(*(np.zeros(0, dtype=dtype) for dtype in (np.int64, *[bool] * 5)))
    return CsvLines(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def _csv_chunk(chunk: np.ndarray, sep: int, width: int, max_line: int) -> tuple[np.ndarray, ...] | None:
    size = len(chunk)
    newlines = np.flatnonzero(chunk == _LF)
    line_ends = newlines if chunk[-1] == _LF else np.append(newlines, size)
    starts = np.concatenate(([0], newlines + 1))[: len(line_ends)]
    ends = line_ends.copy()
    carriage = (ends > starts) & (chunk[np.maximum(ends - 1, 0)] == _CR)
    ends[carriage] -= 1
    if np.count_nonzero(chunk == _CR) != np.count_nonzero(carriage):
        return None
    delimiters = np.flatnonzero(chunk == sep)
    quotes = np.flatnonzero(chunk == _QUOTE)
    if len(quotes):
        if (np.searchsorted(quotes, line_ends) % 2).any():
            return None
        opens, closes = quotes[0::2], quotes[1::2]
        before = np.where(opens > 0, chunk[np.maximum(opens - 1, 0)], _LF)
        after = np.where(closes + 1 < size, chunk[np.minimum(closes + 1, size - 1)], _LF)
        if not np.isin(before, (sep, _LF, _QUOTE)).all() or not np.isin(after, (sep, _LF, _CR, _QUOTE)).all():
            return None
        delimiters = delimiters[np.searchsorted(quotes, delimiters) % 2 == 0]
    first = np.searchsorted(delimiters, starts)
    fields = (np.searchsorted(delimiters, ends) - first + 1).astype(np.int64)
    solid, unsure = _classify(chunk, sep)
    segments = line_ends + (line_ends < size)
    any_content = _any_between(solid, starts, segments)
    any_unsure = _any_between(unsure, starts, segments)
    extra_empty = np.zeros(len(starts), dtype=bool)
    extra_unsure = np.zeros(len(starts), dtype=bool)
    wide = np.flatnonzero(fields > width)
    if len(wide):
        cut = delimiters[first[wide] + width - 1]
        tail_content = _any_between(solid, cut, ends[wide])
        tail_unsure = _any_between(unsure, cut, ends[wide])
        extra_empty[wide] = ~tail_content & ~tail_unsure
        extra_unsure[wide] = ~tail_content & tail_unsure
    long = (ends - starts) > max_line
    return fields, ~any_content & ~any_unsure, ~any_content & any_unsure, extra_empty, extra_unsure, long


@dataclass(frozen=True)
class JsonShape:
    """What a JSON text holds, counted outside (and, for strings, inside) string literals."""

    depth: int
    """Deepest nesting of arrays and objects."""
    values: int
    """Commas outside strings + 1: a bound on the number of values (and so of records)."""
    longest_string: int
    """Bytes of the longest string literal, escapes included (at least its characters)."""
    escaped_surrogate: bool
    """A ``\\uD800``-``\\uDFFF`` escape may occur (it can leave a lone surrogate)."""


def _real_quotes(chunk: np.ndarray) -> np.ndarray:
    """Positions of the quotes not escaped by an odd run of backslashes."""
    quotes = np.flatnonzero(chunk == _QUOTE)
    if not len(quotes):
        return quotes
    backslash = chunk == _BACKSLASH
    previous = np.maximum(quotes - 1, 0)
    if not (backslash[previous] & (quotes > 0)).any():
        return quotes
    index = np.arange(len(chunk), dtype=np.int64)
    last_plain = np.maximum.accumulate(np.where(backslash, -1, index))
    run = np.where(quotes > 0, previous - last_plain[previous], 0)
    return quotes[run % 2 == 0]


def _surrogate_escapes(array: np.ndarray, start: int, end: int) -> bool:
    """Whether ``\\u`` followed by ``d8``-``df`` (any case) occurs in ``array[start:end]``."""
    slashes = np.flatnonzero(array[start:end] == _BACKSLASH) + start
    slashes = slashes[slashes + 3 < len(array)]
    if not len(slashes):
        return False
    u = array[slashes + 1] == ord("u")
    d = np.isin(array[slashes + 2], (ord("d"), ord("D")))
    high = np.isin(array[slashes + 3], np.frombuffer(b"89abcdefABCDEF", dtype=np.uint8))
    return bool((u & d & high).any())


def json_shape(data: bytes | memoryview) -> JsonShape:
    """Depth, value count and longest string of a JSON text in an ASCII-compatible encoding."""
    array = np.frombuffer(data, dtype=np.uint8)
    size = len(array)
    steps_of = np.zeros(256, dtype=np.int8)
    steps_of[[0x5B, 0x7B]] = 1
    steps_of[[0x5D, 0x7D]] = -1
    depth = deepest = commas = longest = 0
    inside, string_start, surrogate = False, 0, False
    start = 0
    while start < size:
        end = min(start + CHUNK_BYTES, size)
        while end < size and array[end - 1] == _BACKSLASH:
            end += 1
        chunk = array[start:end]
        quotes = _real_quotes(chunk)
        offset = 1 if inside else 0
        closing = (np.arange(len(quotes)) + offset) % 2 == 1
        opens, closes = quotes[~closing], quotes[closing]
        if inside and len(closes):
            longest = max(longest, start + int(closes[0]) - string_start - 1)
            closes = closes[1:]
        paired = min(len(opens), len(closes))
        if paired:
            longest = max(longest, int((closes[:paired] - opens[:paired]).max()) - 1)
        structural = np.flatnonzero(steps_of[chunk] != 0)
        outside = (np.searchsorted(quotes, structural) + offset) % 2 == 0
        steps = steps_of[chunk[structural[outside]]].astype(np.int64)
        if len(steps):
            levels = depth + np.cumsum(steps)
            deepest = max(deepest, int(levels.max()))
            depth = int(levels[-1])
        separators = np.flatnonzero(chunk == _COMMA)
        commas += int(np.count_nonzero((np.searchsorted(quotes, separators) + offset) % 2 == 0))
        surrogate = surrogate or _surrogate_escapes(array, start, end)
        if (len(quotes) + offset) % 2:
            if len(quotes):
                string_start = start + int(quotes[-1])
            inside = True
        else:
            inside = False
        start = end
    if inside:
        longest = max(longest, size - string_start - 1)
    return JsonShape(deepest, commas + 1, longest, surrogate)
