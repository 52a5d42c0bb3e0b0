"""Dates in every shape readouts write them.

``( 2024.04.23 )``, ``April 23, 2024``, ``23 April 2024``, ``2024-04-23``.
"""

from __future__ import annotations

import re
from datetime import date

from stance.model import Span
from stance.read.decode import _clean

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
"""Month names and abbreviations, lower case, to month numbers."""

_MONTH_RE = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE_LINE = re.compile(r"^\s*\(\s*(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})\s*\)\s*$")
_YMD = re.compile(r"(?<!\d)(\d{4})\s*[.\-/\u5e74]\s*(\d{1,2})\s*[.\-/\u6708]\s*(\d{1,2})(?!\d)")
_MDY = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
)
_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_RE})\.?,?\s+(?P<year>\d{{4}})\b"
)


def _ymd(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str) -> date | None:
    """The first date in ``value``: ``2024-04-23``, ``2024.04.23``, ``April 23, 2024``, ``23 April 2024``.

    Times and time zones after the date are ignored. Returns ``None`` when no valid date is found.
    """
    found = find_date(value)
    return found[0] if found else None


def find_date(text: str) -> tuple[date, int] | None:
    """The earliest valid full date in ``text`` and where it starts, or ``None``."""
    found = _find_date(text)
    return (found[0], found[1].start) if found else None


def _find_date(text: str) -> tuple[date, Span] | None:
    best: tuple[date, Span] | None = None
    for m in _YMD.finditer(text):
        if (d := _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))) is not None:
            best = (d, Span(m.start(), m.end()))
            break
    for rx in (_MDY, _DMY):
        for m in rx.finditer(text):
            if best is not None and m.start() >= best[1].start:
                break
            month = MONTHS.get(m.group("month").lower())
            if month and (d := _ymd(int(m.group("year")), month, int(m.group("day")))) is not None:
                best = (d, Span(m.start(), m.end()))
                break
    return best


def _date_from_parts(month_name: str, day: str, year: str | None, published: date | None) -> date | None:
    month = MONTHS.get(month_name.lower().rstrip("."))
    if month is None:
        return None
    if year:
        return _ymd(int(year), month, int(day))
    if published is None:
        return None
    y = published.year - 1 if month > published.month else published.year
    return _ymd(y, month, int(day))


def _bare_date(line: str) -> date | None:
    """The date of a line that holds only a date ("*April 23, 2024*", "Updated: 2024-04-23 10:30")."""
    bare = _clean(line).strip("*_ ")
    found = _find_date(bare)
    if found is None or len(bare) > 60:
        return None
    rest = re.sub(r"(?i)\b(?:updated|published|posted|released|date|time|source)\b", " ",
                  bare[: found[1].start] + " " + bare[found[1].end :])
    rest = re.sub(r"[\d:.\-/,|()]", " ", rest)
    return found[0] if len(rest.split()) <= 2 and len(re.sub(r"\W", "", rest)) <= 14 else None
