"""Which character encoding a source file is in, decided once per file, and how to read it.

Exports come as UTF-8 (with or without BOM), Windows-1252 (or latin-1) and now and then as
UTF-16 (Excel's "Unicode text", with a BOM, or without one: recognised by its NUL bytes). A
file is never decoded in an encoding it is not in: one stray Windows-1252 byte in a UTF-8
file stays a marked character (a lone surrogate U+DC00 + byte) that the reader turns into a
row error for that row, and the rest of the file is read as UTF-8 (no "LÃ¤Ã¤kÃ¤ri"). In a
Windows-1252 file that holds a few UTF-8 sequences, those sequences are the marked ones.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import numpy as np

SAMPLE_BYTES = 65_536
"""How much of the start of a file the binary and UTF-16 checks look at."""

_ESCAPE = "johdon-escape"
_UTF16_NUL_SHARE = 0.3
"""In BOM-less UTF-16 at least this share of one byte column is NUL (and almost none of the other)."""

STRAY = re.compile("[\ud800-\udfff]")
"""A byte that was invalid in the file's encoding (or a lone surrogate escaped in JSON)."""


def _escape_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: each undecodable byte becomes U+DC00 + byte (ASCII bytes too)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), error.end


codecs.register_error(_ESCAPE, _escape_bytes)


def _continuation(codec: str) -> str:
    return "".join(bytes([b]).decode(codec, errors="ignore") for b in range(0x80, 0xC0))


def _mojibake(codec: str) -> re.Pattern[str]:
    """A UTF-8 multi-byte sequence as it reads when decoded with a single-byte ``codec``."""
    tail = re.escape(_continuation(codec))
    lead2 = re.escape(bytes(range(0xC2, 0xE0)).decode(codec))
    lead3 = re.escape(bytes(range(0xE0, 0xF0)).decode(codec))
    lead4 = re.escape(bytes(range(0xF0, 0xF5)).decode(codec))
    return re.compile(f"[{lead2}][{tail}]|[{lead3}][{tail}]{{2}}|[{lead4}][{tail}]{{3}}")


@dataclass(frozen=True)
class Encoding:
    """How one file is decoded and which characters mark bytes that do not belong to it."""

    codec: str
    """Python codec: ``utf-8``, ``utf-16-le``, ``utf-16-be``, ``cp1252`` or ``latin-1``."""
    label: str
    """Name for people: ``UTF-8``, ``UTF-16``, ``Windows-1252``, ``ISO-8859-1``."""
    bom: int = 0
    """Length of the byte-order mark to skip."""
    suspect: re.Pattern[str] | None = None
    """Cells matching this hold bytes foreign to ``codec``; None when the whole file decodes cleanly."""
    foreign_code: str = "bad_encoding"
    """Row error code of a suspect cell: ``bad_encoding`` (invalid byte) or ``foreign_encoding``."""

    @property
    def single_byte_ascii(self) -> bool:
        """Every ASCII byte stands for itself (UTF-8, Windows-1252, latin-1): byte scans work."""
        return not self.codec.startswith("utf-16")

    def decode(self, data: bytes) -> str:
        """The file's text (BOM dropped); bytes invalid in the codec become U+DC00 + byte."""
        return self.text_of(memoryview(data)[self.bom :])

    def text_of(self, part: bytes | memoryview) -> str:
        """A part of the file (no BOM) as text, invalid bytes marked as in :meth:`decode`."""
        if self.suspect is None or self.foreign_code != "bad_encoding":
            return codecs.decode(part, self.codec, "strict")
        return codecs.decode(part, self.codec, "surrogateescape" if self.codec == "utf-8" else _ESCAPE)

    def describe(self, cell: str) -> str:
        """The offending bytes of a suspect cell, for the row error (``0xE4`` or ``0xC3 0xA4``)."""
        if self.suspect is None:
            return ""
        match = self.suspect.search(cell)
        if match is None:
            return ""
        if self.foreign_code == "foreign_encoding":
            return " ".join(f"0x{b:02X}" for b in match.group().encode(self.codec))
        return describe_stray(match.group())


def describe_stray(char: str) -> str:
    """An escaped byte as ``0xE4``; a lone surrogate that came from a JSON escape as ``U+D800``."""
    code = ord(char)
    return f"0x{code - 0xDC00:02X}" if 0xDC00 <= code <= 0xDCFF else f"U+{code:04X}"


UTF8 = Encoding("utf-8", "UTF-8")


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the NUL bytes sit in one byte column (mostly ASCII text)."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
    if odd >= _UTF16_NUL_SHARE * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= _UTF16_NUL_SHARE * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _utf16(codec: str, bom: int, data: bytes) -> Encoding:
    text = codecs.decode(memoryview(data)[bom:], codec, _ESCAPE)
    stray = STRAY.search(text) is not None
    return Encoding(codec, "UTF-16", bom, STRAY if stray else None)


def detect(data: bytes, *, json: bool = False) -> Encoding:
    """The encoding of a whole file; raises ``ValueError`` for binary files.

    UTF-8 when the file is valid UTF-8, or when at least as many of its lines hold valid UTF-8
    multi-byte characters as hold invalid bytes (those bytes become row errors). Otherwise
    Windows-1252 (latin-1 when bytes undefined in Windows-1252 occur), with any UTF-8 sequences
    in it marked as foreign. JSON (UTF-8 by its standard) is UTF-8 whenever any valid multi-byte
    character occurs.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _eight_bit(data, 3, json)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return _utf16(codec, 2, data)
    sample = data[:SAMPLE_BYTES]
    if b"\x00" in sample:
        codec = _utf16_without_bom(sample)
        if codec is None:
            raise ValueError("binary")
        return _utf16(codec, 0, data)
    return _eight_bit(data, 0, json)


_VALID_MULTIBYTE = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")
"""A non-ASCII character that is not an escaped invalid byte (U+DC80..U+DCFF)."""


def _utf8_wins(text: str, json: bool) -> bool:
    """Whether a file with both valid UTF-8 characters and invalid bytes is read as UTF-8."""
    if json:
        return True
    stray_lines = valid_lines = 0
    for line in text.splitlines():
        stray_lines += STRAY.search(line) is not None
        valid_lines += _VALID_MULTIBYTE.search(line) is not None
    return valid_lines >= stray_lines


def _eight_bit(data: bytes, bom: int, json: bool) -> Encoding:
    body = memoryview(data)[bom:]
    try:
        codecs.decode(body, "utf-8", "strict")
        return Encoding("utf-8", "UTF-8", bom)
    except UnicodeDecodeError:
        pass
    text = codecs.decode(body, "utf-8", "surrogateescape")
    invalid = len(STRAY.findall(text))
    ascii_bytes = int(np.count_nonzero(np.frombuffer(body, dtype=np.uint8) < 0x80))
    valid = len(text) - ascii_bytes - invalid
    if valid and _utf8_wins(text, json):
        return Encoding("utf-8", "UTF-8", bom, STRAY)
    del text
    codec = "cp1252"
    try:
        codecs.decode(body, codec, "strict")
    except UnicodeDecodeError:
        codec = "latin-1"
    label = "Windows-1252" if codec == "cp1252" else "ISO-8859-1"
    if valid == 0:
        return Encoding(codec, label, bom)
    return Encoding(codec, label, bom, _mojibake(codec), "foreign_encoding")
