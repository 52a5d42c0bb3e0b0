"""Readout text is data: what it may not do to a terminal, a spreadsheet or an error line.

One function per place text goes out, used by every front door:

* :func:`terminal` for text, Markdown and table output: control characters (ESC of an ANSI or
  OSC sequence, BEL, C1 controls) and bidirectional overrides/isolates become ``?``, one
  character for one, so offsets into the text still hold.
* :func:`cell` for CSV and TSV cells: a cell a spreadsheet would run as a formula (``=``, ``+``,
  ``-``, ``@``, tab or CR first) gets a leading ``'``; numbers pass unchanged.
* :func:`json_text` for JSON: C1 controls and bidi overrides are written as ``\\uXXXX`` escapes
  (still the same string once parsed); the JSON encoder already escapes C0 controls.
* :func:`name` for a file name in a message: quoted like a Python string literal when it holds
  anything that is not plainly printable (a newline, ESC, a bidi override), so that one message
  stays one line and cannot fake another.
* :func:`line` for a whole message: whatever is left of line breaks and controls is escaped.
"""

from __future__ import annotations

import re
from typing import Any

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Embeddings, overrides and isolates: they reorder what the terminal shows (Trojan Source)."""

_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{BIDI}]")
_CR = re.compile("\r(?!\n)")
_JSON_UNSAFE = re.compile(f"[\\x7f-\\x9f{BIDI}\\u2028\\u2029]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?%?")


def terminal(text: str) -> str:
    """``text`` safe to print: controls and bidi overrides become ``?`` (a lone CR a space), same length.

    Newlines and tabs stay; CRLF stays (it is a line end).
    """
    if _UNSAFE.search(text) is None and "\r" not in text:
        return text  # the usual case
    return _UNSAFE.sub("?", _CR.sub(" ", text))


def cell(value: Any) -> Any:
    """A CSV/TSV cell a spreadsheet shows as text: formula-like text gets a leading ``'``.

    Text is also made :func:`terminal`-safe (one for one, offsets hold). Non-text values and
    numbers written as text ("-3", "+1.5") pass unchanged.
    """
    if not isinstance(value, str):
        return value
    value = terminal(value)
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def json_text(encoded: str) -> str:
    """JSON text (from :func:`json.dumps` with ``ensure_ascii=False``) with C1 controls, bidi overrides
    and line separators written as ``\\uXXXX`` escapes; parsing gives the same data."""
    if _JSON_UNSAFE.search(encoded) is None:
        return encoded
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", encoded)


def name(path: object) -> str:
    """A file name for a message: as is when plainly printable, else quoted with escapes (``repr``)."""
    text = str(path)
    if text.isprintable() and text.strip() == text and text:
        return text
    return repr(text)


def line(message: str) -> str:
    """One message, one line: line breaks and control characters escaped, bidi overrides too."""
    if message.isprintable():
        return message
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in message)
