"""Readout text as data: never markup, never terminal control codes.

Everything that came from a readout (titles, names, statements, file names) reaches the screen
through :func:`safe` and a :class:`rich.text.Text`, never through a markup string. Control
characters (ESC of an ANSI sequence, BEL, ...) are shown as their Unicode "control picture",
one character for one, so that every :class:`~stance.model.Span` offset still points at the
same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text

from stance.model import Span

_PICTURES = {c: chr(0x2400 + c) for c in range(0x20) if chr(c) not in "\n\t"}
_PICTURES[0x0D] = " "  # a stray carriage return is layout, not content
_PICTURES[0x7F] = "\u2421"
_PICTURES.update({c: "\ufffd" for c in range(0x80, 0xA0)})  # C1 controls (CSI and friends)
_TABLE = str.maketrans(_PICTURES)
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile("[" + "".join(chr(c) for c in _PICTURES) + "]")

STATUS_STYLE = {
    "shared": "bold #000000 on #87d787",
    "differ": "bold #000000 on #ffaf5f",
    "only": "bold #000000 on #87afff",
    "joint": "bold #000000 on #d7afff",
}
"""One distinct colour per theme status, readable in light and dark themes alike."""

TAG_STYLE = {
    "shared": "#5faf5f",
    "differ": "#d78700",
    "only": "#5f87d7",
    "joint": "#af87d7",
}
"""Theme tags on statements: the status colour as text, quieter than :data:`STATUS_STYLE`."""

STATUS_HELP = {
    "shared": "both sides raise it alike",
    "differ": "both raise it, stances differ",
    "only": "one side alone",
    "joint": "said jointly",
}

POLARITY_STYLE = {"positive": "green", "negative": "red", "neutral": "dim"}


def safe(text: str | None) -> str:
    """``text`` with every control character replaced by a visible one of the same length."""
    if not text:
        return ""
    if _CONTROL.search(text) is None:  # the usual case, and much faster than translate
        return text
    return text.translate(_TABLE)


def plain(text: str | None, style: str = "") -> Text:
    """A Rich ``Text`` showing ``text`` literally (no markup, no control codes)."""
    return Text(safe(text), style=style, no_wrap=False)


def one_line(text: str | None, style: str = "") -> Text:
    """Like :func:`plain`, with runs of whitespace (newlines included) collapsed to one space."""
    return Text(_SPACES.sub(" ", safe(text)), style=style)


def status_key(status: str, joint: bool = False) -> str:
    """The colour key of a theme: its status, or ``joint`` when it rests on a joint statement."""
    if joint or status == "joint":
        return "joint"
    return status if status in STATUS_STYLE else "only"


def marked(text: str, span: Span, marks: Iterable[Span], style: str, base: str = "") -> Text:
    """The words of ``span`` in ``text``, with the parts covered by ``marks`` in ``style``."""
    out = Text(safe(span.of(text)), style=base)
    for m in marks:
        start, end = max(m.start, span.start), min(m.end, span.end)
        if end > start:
            out.stylize(style, start - span.start, end - span.start)
    return out
