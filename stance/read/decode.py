"""Decoding: bytes to text (UTF-8, UTF-16/32 with or without BOM, a declared charset, cp1252), refusing binary files."""

from __future__ import annotations

import codecs
import re
import unicodedata

from stance.errors import ReadError

_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
_BINARY_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (e.g. .docx or .xlsx)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc or .xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in _ZERO_WIDTH


def _clean(s: str) -> str:
    """Trim whitespace, non-breaking spaces and zero-width marks from both ends."""
    return s.strip().strip(_ZERO_WIDTH + "\u00a0 \t\r\n")


def _utf16_without_bom(raw: bytes) -> str | None:
    """Name of the UTF-16 variant when every other byte is NUL (a file saved without BOM)."""
    if len(raw) < 8 or len(raw) % 2:
        return None
    even, odd = raw[0::2], raw[1::2]
    for name, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.1 * len(other):
            return name
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]")


def _binary_check(text: str, path: str) -> None:
    """Raise when decoded text is mostly control characters or undecodable bytes."""
    sample = text[:8192]
    if sample.isprintable() or not _CONTROL.search(sample):
        return  # the common case, decided in C
    bad = sum(1 for ch in sample
              if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v\x1b"))
    if bad >= 8 and bad > 0.05 * len(sample):
        raise ReadError(f"binary file ({bad} of the first {len(sample)} characters are not text), "
                        "not a readout", path=path)


def decode(raw: bytes, path: str, *, declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode bytes: UTF-8 (BOM or not), UTF-16/32 with BOM; else ``declared``; else cp1252.

    Returns ``(text, encoding, warnings)``. A byte order mark is removed; CRLF and CR line ends
    are kept as they are, so offsets match the decoded file (callers treat ``\\r`` as
    whitespace). ``declared`` is an encoding the file names itself (an HTML ``<meta charset>``),
    tried before the fallback. Text that is not valid UTF-8 is decoded as Windows-1252 and a
    warning says so. Binary files (NUL bytes, known binary formats, mostly control characters)
    raise :class:`ReadError`.
    """
    for magic, what in _BINARY_MAGIC:
        if raw.startswith(magic):
            raise ReadError(f"binary file (looks like {what}), not a readout; convert it to text first",
                            path=path)
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    for bom, name in boms:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(name.removesuffix("-sig"))
            except UnicodeDecodeError as exc:
                if name != "utf-8-sig":
                    raise ReadError(f"starts with a {name.upper()} byte order mark but is not valid "
                                    f"{name.upper()} ({exc.reason} at byte {exc.start + len(bom)})",
                                    path=path) from exc
                text, enc, warns = _fallback(raw[len(bom):], exc, path)
                return text, enc, warns
            _binary_check(text, path)
            return text, name, ()
    if b"\x00" in raw:
        variant = _utf16_without_bom(raw)
        if variant is not None:
            try:
                text = raw.decode(variant)
            except UnicodeDecodeError:
                pass
            else:
                _binary_check(text, path)
                return text, variant, (
                    f"no byte order mark, but every other byte is NUL: decoded as {variant.upper()}; "
                    "save the file as UTF-8 to be sure",
                )
        raise ReadError("binary file (contains NUL bytes), not a readout", path=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if declared:
            try:
                codec = codecs.lookup(declared).name
            except LookupError:
                codec = ""
            if codec in ("gb2312", "gbk"):
                codec = "gb18030"
            if codec and codec != "utf-8":
                try:
                    text = raw.decode(codec)
                except UnicodeDecodeError:
                    pass
                else:
                    _binary_check(text, path)
                    return text, codec, ()
        return _fallback(raw, exc, path)
    _binary_check(text, path)
    return text, "utf-8", ()


def _fallback(raw: bytes, exc: UnicodeDecodeError, path: str) -> tuple[str, str, tuple[str, ...]]:
    text = raw.decode("cp1252", errors="replace")
    _binary_check(text, path)
    lost = text.count("\ufffd")
    warning = (
        f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); decoded as Windows-1252 "
        "(cp1252) instead, offsets refer to that decoding; check accented letters and quotes, "
        "or save the file as UTF-8"
    )
    if lost:
        warning += f"; {lost} byte(s) undefined in cp1252 became U+FFFD"
    return text, "cp1252", (warning,)
