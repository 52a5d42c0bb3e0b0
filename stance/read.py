"""Readers: bytes on disk to :class:`~stance.model.Readout`.

Four input forms give the same :class:`Readout`:

* **plain text** (``.txt``, ``.text``, no suffix): title line, ``( YYYY.MM.DD )`` date line, blank
  line, body. Datelines glued to the first word ("Beijing, April 19thLiu ..."), non-breaking
  spaces, run-together paragraphs and a "The following is attributable to ..." lead line are
  expected.
* **Markdown** (``.md``, ``.markdown``) with optional YAML-like front matter (``title:``,
  ``date:``, ``source:``, ``url:``); a leading ``# Heading`` gives the title when front matter
  has none. Offsets refer to the whole decoded file; emphasis marks stay in place.
* **HTML** (``.html``, ``.htm``): the main text of the page, extracted with
  :mod:`html.parser`. The Readout's ``text`` is that extracted text laid out like a plain-text
  readout (title line, date line when found, blank line, paragraphs separated by blank lines).
* **records** (``.json``, ``.jsonl``, ``.ndjson``, ``.csv``): one Readout per record, whose
  ``text`` is the record's content field and whose ``path`` is ``file#N``.

Offsets always refer to the decoded text (line ends are kept as they are; ``\\r`` is
whitespace). Bad input raises :class:`~stance.errors.ReadError` naming the file and what is
wrong. For record files, :func:`read_file` is strict (any bad record raises, naming it) and
:func:`read_records` yields each record's Readout or ReadError in place.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from stance.errors import ReadError
from stance.model import Kind, Readout, Span

Format = Literal["text", "markdown", "html", "records"]
"""The reader a file goes to, chosen by its suffix."""

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

FORMATS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "records",
    ".jsonl": "records",
    ".ndjson": "records",
    ".csv": "records",
}
"""Suffix (lower case, with dot; ``""`` for none) to reader."""

SUFFIXES = tuple(s for s in FORMATS if s)
"""Suffixes a folder walk picks up (files without a suffix are picked up too)."""


CONTENT_FIELDS = ("content", "text", "body", "article", "full_text", "fulltext", "readout")
"""Record fields that may hold the readout text, in order of preference."""
TITLE_FIELDS = ("title", "headline", "heading", "subject")
"""Record fields that may hold the title."""
DATE_FIELDS = ("date", "publish_time", "published", "pubdate", "pub_date", "publish_date",
               "published_at", "publication_date", "datetime", "time")
"""Record fields that may hold the publication date."""
URL_FIELDS = ("url", "source_url", "link", "href", "permalink")
"""Record fields that may hold the source address."""
SOURCE_FIELDS = ("source", "publisher", "site", "site_name")
"""Record fields that may name the publisher."""

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
# "Beijing, April 19thLiu Jianchao ..." / "Munich, Germany, February 17 -- ...": a place, a comma,
# a month and a day, at the very start of the lead; the next word may be glued to the day.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'\-]*(?:[ \u00a0]+[\w.'\-]+){0,3}"
    r"(?:,[ \u00a0]*[A-Z][\w.'\-]*(?:[ \u00a0]+[A-Z][\w.'\-]*){0,2})?)"
    rf",[ \u00a0]*(?P<month>{_MONTH_RE})\.?[ \u00a0]+(?P<day>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?"
    r"(?:,?[ \u00a0]*(?P<year>\d{4})(?!\d))?[ \u00a0]*(?:[-\u2013\u2014\u2015:|]+[ \u00a0]*)?"
)
# "On Wednesday, September 7, 2022, ..." / "On the afternoon of April 23, ..." at the start of the lead.
_ON_DATE = re.compile(
    r"[Oo]n (?:the (?:morning|afternoon|evening|night) of )?(?:(?P<weekday>[A-Z][a-z]+day),?\s+)?"
    rf"(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:,?\s*(?P<year>\d{{4}})(?!\d))?"
)
_ON_WEEKDAY_DATE = re.compile(
    rf"\bon (?P<weekday>[A-Z][a-z]+day),?\s+(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?!\d)"
    r"(?:st|nd|rd|th)?(?:,?\s*(?P<year>\d{4})(?!\d))?"
)
_PLACE_WORD = r"(?:[A-Z][a-zA-Z\-]+|[A-Z]\.[A-Z]\.)"
_MET_IN = re.compile(
    r"\b(?:met|meets|meeting|talks|held|hosted|received)\b[^.;:]{0,120}?\b(?:in|at) (?:the )?"
    rf"(?P<place>{_PLACE_WORD}(?: (?:de |da |del |do )?{_PLACE_WORD}){{0,2}})"
    rf"(?:, (?P<region>D\.C\.|{_PLACE_WORD}(?: {_PLACE_WORD})?(?=$|[.,;:)]|\s(?![a-zA-Z]))))?"
)
_NOT_PLACES = frozenset(
    {"the", "this", "that", "his", "her", "their", "our", "on", "in", "at", "a", "an", "during", "after",
     "before", "president", "prime", "secretary", "minister", "foreign", "vice", "state", "chinese",
     "both", "today", "tomorrow", "yesterday", "person", "order", "view", "addition", "particular"}
    | set(MONTHS) | set(_WEEKDAYS)
)
_TITLE_WORDS = frozenset({
    "President", "Prime", "Minister", "Secretary", "Chancellor", "King", "Queen", "Prince", "Emir",
    "Sheikh", "Mr", "Mrs", "Ms", "Dr", "General", "Ambassador", "Foreign", "Vice", "Deputy", "Premier",
    "Governor", "Mayor", "Director", "Senator", "Speaker", "His", "Her", "Chairman", "Chair", "Head",
    "Leader", "Pope", "Crown", "Sultan"
})
"""Words that start a person's title, not a place ("received in the Kremlin President ...")."""
_OFF_TOPIC = re.compile(r"\b(?:discuss|discussed|discussing|situation|about|regarding|conflict|war|crisis|"
                        r"invasion|attacks?|elections?|efforts|support|on the)\b")
_PLACE_LINKS = frozenset({"de", "da", "do", "del", "la", "le", "of", "the", "am", "upon", "on", "and", "es"})
_ATTRIBUTION = re.compile(
    r"(?:The (?:following|below) (?:statement )?is attributable to|Attributable to)\b[^:\n]{0,120}:",
    re.IGNORECASE,
)
_STATE_SPOKESPEOPLE = ("ned price", "matthew miller", "vedant patel", "tammy bruce", "jalina porter",
                       "morgan ortagus", "state department spokesperson", "department spokesperson")
_HOST_SOURCES = {
    "whitehouse.gov": "whitehouse",
    "state.gov": "state",
    "kremlin.ru": "kremlin",
    "president.gov.ua": "ukraine",
    "fmprc.gov.cn": "mfa",
    "mfa.gov.cn": "mfa",
    "idcpc.org.cn": "IDCPC",
}
_FOLDER_SOURCES = {"whitehouse": "whitehouse", "state": "state", "kremlin": "kremlin", "ukraine": "ukraine",
                   "mfa": "mfa", "idcpc": "IDCPC", "fmprc": "mfa"}
_SUBJECT_END = re.compile(r"\b(?:met|meets|meet|held|holds|had|has|spoke|speaks|received|receives|talked|"
                          r"hosted|hosts|attended|called|paid|visited)\b")
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
_FOLDER_SKIP = re.compile(r"^(?:readme|license|licence|changelog|contributing|copying|notice)(?:\.|$)",
                          re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# decoding


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


# --------------------------------------------------------------------------------------------
# dates


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


# --------------------------------------------------------------------------------------------
# layout: lines, paragraphs, dateline, kind


def _line_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """Each line of ``text[start:end]`` without its line end, as a span of ``text``."""
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        content = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        yield Span(pos, pos + len(content))
        pos += len(line)


def _trim(text: str, span: Span) -> Span | None:
    s, e = span.start, span.end
    while s < e and _is_space(text[s]):
        s += 1
    while e > s and _is_space(text[e - 1]):
        e -= 1
    return Span(s, e) if e > s else None


def _blank(text: str, span: Span) -> bool:
    return _trim(text, span) is None


def _blocks(text: str, body: Span) -> list[list[Span]]:
    """Groups of consecutive non-blank lines inside ``body``."""
    out: list[list[Span]] = []
    current: list[Span] = []
    for line in _line_spans(text, body.start, body.end):
        if _blank(text, line):
            if current:
                out.append(current)
            current = []
        else:
            current.append(line)
    if current:
        out.append(current)
    return out


_UNWRAPPED = 150
"""A block with a line longer than this is not hard-wrapped: each of its lines is a paragraph."""


def paragraphs(text: str, body: Span) -> tuple[Span, ...]:
    """Paragraphs inside ``body``, trimmed, in order.

    Blank lines (whitespace, ``\\r`` and non-breaking spaces count as blank) separate
    paragraphs. Inside a block, a lone line break does not split hard-wrapped text; but when the
    block has a line longer than 150 characters it is not hard-wrapped, and each line is a
    paragraph of its own.
    """
    out: list[Span] = []
    for block in _blocks(text, body):
        groups = [[line] for line in block] if max(len(sp) for sp in block) > _UNWRAPPED else [block]
        for group in groups:
            sp = _trim(text, Span(group[0].start, group[-1].end))
            if sp is not None:
                out.append(sp)
    return tuple(out)


_VIDEO = re.compile(r"video ?(?:call|conference|conferencing|link|conversation|format|meeting)|videoconferenc"
                    r"|virtual(?:ly)? (?:meeting|call|talks|summit|conversation|format)|\bvirtually\b"
                    r"|\bvideo\b|\bonline (?:meeting|talks|conversation|call)")
_CALL = re.compile(r"\b(?:phone|phoned|telephone|call|calls|called|spoke|speaks|speak)\b"
                   r"|\bconversations?\b")
_TALKS = re.compile(r"\btalks\b")
_MEET = re.compile(r"\bmeets?\b|\bmet\b|\bmeetings?\b|\bvisits?\b|\bvisited\b|\breceived?s?\b"
                   r"|\bhost(?:s|ed)\b|\bsummit\b|\bwelcomed\b .{0,40}\bto\b")


def _kind_in(s: str) -> Kind:
    low = s.lower()
    if _VIDEO.search(low):
        return "video call"
    call = _CALL.search(low)
    meet = _MEET.search(low)
    if call and not (meet and meet.start() < call.start()):
        return "call"
    if _TALKS.search(low):
        return "talks"
    if meet:
        return "meeting"
    return "unknown"


def guess_kind(*texts: str) -> Kind:
    """Meeting, call, video call or talks, from the title (first) and the lead.

    The title decides when it names a kind ("Call with ...", "Meets with ...", "Talks with
    ..."); talks or a meeting become a video call when the lead says so. Otherwise the lead
    decides. "unknown" when neither says.
    """
    if not texts:
        return "unknown"
    title, rest = texts[0], " ".join(texts[1:])
    by_title = _kind_in(title)
    by_lead = _kind_in(rest) if rest else "unknown"
    if by_title in ("talks", "meeting") and by_lead == "video call":
        return "video call"
    if by_title != "unknown":
        return by_title
    return by_lead


def _place_ok(place: str) -> bool:
    words = place.replace(",", " ").split()
    if not words or len(place) > 40 or words[0].lower() in _NOT_PLACES:
        return False
    return all(w[0].isupper() or w.lower() in _PLACE_LINKS for w in words)


def parse_dateline(text: str, first: Span, published: date | None) -> tuple[str | None, date | None, int]:
    """Place and date from a dateline at the start of ``first``; also how many chars it takes.

    "Beijing, April 19thLiu Jianchao ..." gives ("Beijing", 2024-04-19, 19) with the year of
    publication (the previous year when the month lies after the publication month). Without a
    dateline: ``(None, None, 0)``.
    """
    m = _DATELINE.match(text, first.start, first.end)
    if not m or not _place_ok(m.group("place")):
        return None, None, 0
    when = _date_from_parts(m.group("month"), m.group("day"), m.group("year"), published)
    return _clean(m.group("place")), when, m.end() - first.start


def _lead_start(text: str, paras: tuple[Span, ...]) -> tuple[int, int] | None:
    """Index of the first paragraph of substance and where its lead starts (after an attribution line)."""
    for i, para in enumerate(paras):
        m = _ATTRIBUTION.match(text, para.start, para.end)
        if m is None:
            return i, para.start
        rest = _trim(text, Span(m.end(), para.end))
        if rest is not None:
            return i, rest.start
    return None


def _first_sentence(s: str) -> str:
    m = re.search(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?](?=\s+[A-Z\"\u201c]|$)", s)
    return s[: m.end()] if m else s


def _source_from_text(text: str, lead: str) -> str | None:
    """Publisher from words that only the publisher writes: its own spokesperson, its own office."""
    if m := _ATTRIBUTION.search(text[:600]):
        said = m.group(0).lower()
        if "nsc" in said or "national security council" in said or "white house" in said:
            return "whitehouse"
        if any(name in said for name in _STATE_SPOKESPEOPLE):
            return "state"
    if "fmprc.gov.cn" in text:
        return "mfa"
    if "idcpc.org.cn" in text:
        return "IDCPC"
    subject = lead[: m.start()] if (m := _SUBJECT_END.search(lead)) else lead[:200]
    if re.search(r"\bIDCPC\b|International Department of the (?:CPC|Communist Party of China)", subject):
        return "IDCPC"
    if re.search(r"Central Committee and (?:Chinese )?Foreign Minister|Chinese Foreign Ministry Spokesperson"
                 r"|\bChinese (?:Vice |Assistant )?Foreign Minister\b", subject):
        return "mfa"
    return None


def source_from_url(url: str | None) -> str | None:
    """Publisher from a known host (``whitehouse.gov`` → "whitehouse", ``kremlin.ru`` → "kremlin" ...)."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    for known, name in _HOST_SOURCES.items():
        if host == known or host.endswith("." + known):
            return name
    return None


def source_from_path(path: Path) -> str | None:
    """Publisher guessed from a corpus-style folder name (``whitehouse/``, ``kremlin/`` ...)."""
    for part in reversed(path.parts[:-1]):
        if part.lower() in _FOLDER_SOURCES:
            return _FOLDER_SOURCES[part.lower()]
    return None


def build(text: str, *, title: str, body: Span, paras: tuple[Span, ...], published: date | None,
          path: str | None, source: str | None, encoding: str, warnings: tuple[str, ...],
          url: str | None = None, place: str | None = None, meeting_date: date | None = None) -> Readout:
    """Assemble a :class:`Readout`, reading dateline, meeting date, place, kind and publisher from the lead.

    The lead is the first paragraph after any "The following is attributable to ..." line.
    ``place`` and ``meeting_date``, when given (a record field), win over what the lead says;
    ``source`` wins over what the text suggests.
    """
    lead = ""
    found_place: str | None = None
    when: date | None = None
    start = _lead_start(text, paras)
    if start is not None:
        i, pos = start
        lead_span = Span(pos, paras[i].end)
        found_place, when, used = parse_dateline(text, lead_span, published)
        lead_text = text[pos + used : paras[i].end]
        first = _first_sentence(lead_text[:600])
        lead = first
        if when is None and (
            (m := _ON_DATE.match(lead_text)) is not None or (m := _ON_WEEKDAY_DATE.search(first)) is not None
        ):
            when = _date_from_parts(m.group("month"), m.group("day"), m.group("year"), published)
        if found_place is None:
            for m in _MET_IN.finditer(lead_text[:600]):
                if _OFF_TOPIC.search(m.group(0)):
                    continue
                words = m.group("place").split()
                cut = next((i for i, w in enumerate(words) if w in _TITLE_WORDS), len(words))
                candidate = " ".join(words[:cut])
                if cut == len(words) and m.group("region"):
                    candidate += f", {m.group('region')}"
                if candidate and _place_ok(candidate):
                    found_place = candidate
                    break
    if source is None:
        source = _source_from_text(text, lead)
    return Readout(
        text=text,
        title=title,
        body=body,
        paragraphs=paras,
        published=published,
        meeting_date=meeting_date or when,
        place=place or found_place,
        kind=guess_kind(title, lead),
        source=source,
        path=path,
        url=url,
        encoding=encoding,
        warnings=warnings,
    )


# --------------------------------------------------------------------------------------------
# plain text


@dataclass(slots=True)
class _Header:
    """What the lines above the body say."""

    title: str = ""
    published: date | None = None
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)


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


def _read_header(text: str, lines: list[Span], *, markdown: bool = False) -> _Header:
    """Title line and date line at the top of ``lines`` (the non-blank lines of the text).

    The date line is ``( YYYY.MM.DD )`` or a line holding only a date. Without a date line the
    first line is the title when it is short and a blank line follows it, or when it has no
    closing punctuation and the next line is unwrapped text; otherwise there is no title.
    """
    head = _Header(body_start=lines[0].start if lines else 0)
    if not lines:
        return head
    first = _clean(lines[0].of(text))
    title_line = lines[0]
    heading = re.match(r"#\s+(.*?)(?:\s+#+)?$", first) if markdown else None
    setext = markdown and len(lines) > 1 and re.fullmatch(r"=+", _clean(lines[1].of(text))) is not None
    head.title = heading.group(1).strip() if heading else first
    if setext:
        title_line = lines[1]
    rest = lines[2 if setext else 1 :]
    next_line = rest[0] if rest else None
    if next_line is not None:
        m = _DATE_LINE.match(next_line.of(text))
        if m is not None:
            head.published = _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if head.published is None:
                head.warnings.append(f"date line {_clean(next_line.of(text))!r} is not a valid date")
            head.body_start = next_line.end
            return head
        if (bare := _bare_date(next_line.of(text))) is not None:
            head.published = bare
            head.body_start = next_line.end
            return head
    if heading or setext:
        head.body_start = title_line.end
        return head
    blank_after = next_line is not None and len(text[title_line.end : next_line.start].splitlines()) >= 2
    short = len(first) <= 250 and not (first.endswith(".") and len(first) > 120)
    unwrapped_after = (next_line is not None and len(next_line) > _UNWRAPPED and len(first) <= 200
                       and not re.search(r"[.!?:;,\"\u201d]$", first))
    if (blank_after and short) or unwrapped_after:
        head.body_start = title_line.end
        head.warnings.append("no ( YYYY.MM.DD ) date line under the title; publication date unknown")
    else:
        head.title = ""
        head.body_start = lines[0].start
        head.warnings.append("no title line (the text starts with the body); title left empty")
    return head


def parse_text(text: str, *, path: str | None = None, source: str | None = None, encoding: str = "utf-8",
               warnings: tuple[str, ...] = (), url: str | None = None) -> Readout:
    """Parse the plain-text layout: title, ``( YYYY.MM.DD )``, blank line, body.

    Files without the date line are accepted (with a warning): the first line is the title when
    a blank line follows it and it is not a long sentence; otherwise the whole text is body and
    the title is empty. Raises :class:`ReadError` for empty text or a title without a body.
    """
    if _trim(text, Span(0, len(text))) is None:
        raise ReadError("empty file: no title and no body", path=path)
    lines = [sp for sp in _line_spans(text) if not _blank(text, sp)]
    head = _read_header(text, lines)
    body = _trim(text, Span(head.body_start, len(text)))
    if body is None:
        raise ReadError("no body text after the title and date lines", path=path)
    return build(text, title=head.title, body=body, paras=paragraphs(text, body), published=head.published,
                 path=path, source=source, encoding=encoding, warnings=(*warnings, *head.warnings), url=url)


# --------------------------------------------------------------------------------------------
# Markdown


def _unquote(value: str) -> str:
    v = value.strip()
    if len(v) >= 2 and v[0] == v[-1] == '"':
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), v[1:-1])
    if len(v) >= 2 and v[0] == v[-1] == "'":
        return v[1:-1].replace("''", "'")
    return re.sub(r"\s+#.*$", "", v).strip()


def parse_front_matter(text: str) -> tuple[dict[str, str], int] | None:
    """The ``key: value`` lines between a ``---`` first line and the next ``---`` (or ``...``) line.

    Returns the keys (lower case) with their values (quotes removed; ``|`` and ``>`` blocks
    joined) and the offset just after the closing line; ``None`` when the text has no front
    matter. Lists and nested mappings are skipped: only the small subset readouts need is read.
    Raises :class:`ReadError` when the front matter is never closed.
    """
    lines = list(_line_spans(text))
    if not lines or text[lines[0].start : lines[0].end].rstrip() != "---":
        return None
    values: dict[str, str] = {}
    i = 1
    while i < len(lines):
        raw = lines[i].of(text)
        if raw.rstrip() in ("---", "..."):
            close = lines[i].end
            if text.startswith("\r\n", close):
                close += 2
            elif close < len(text):
                close += 1
            return values, close
        m = re.match(r"([A-Za-z_][\w\- ]*?)\s*:(?:\s+(.*))?$", raw)
        i += 1
        if not m:
            continue
        key, value = m.group(1).strip().lower(), (m.group(2) or "").strip()
        if value in ("|", ">", "|-", ">-", "|+", ">+"):
            block: list[str] = []
            while i < len(lines) and (lines[i].of(text)[:1] in (" ", "\t") or _blank(text, lines[i])):
                block.append(lines[i].of(text).strip())
                i += 1
            value = ("\n" if value.startswith("|") else " ").join(block).strip()
        else:
            value = _unquote(value)
        if value:
            values.setdefault(key, value)
    raise ReadError("front matter opens with '---' on the first line but has no closing '---' line")


def _pick(values: Mapping[str, object], names: Iterable[str]) -> tuple[str, object] | None:
    for name in names:
        if name in values and values[name] not in (None, ""):
            return name, values[name]
    return None


def _markdown_paragraphs(text: str, body: Span) -> tuple[Span, ...]:
    """Paragraphs of a Markdown body, without headings and thematic breaks."""
    keep: list[Span] = []
    for block in _blocks(text, body):
        lines = [ln for ln in block
                 if not re.match(r"\s{0,3}(?:#{1,6}(?:\s|$)|(?:[-*_]\s*){3,}$|<!--.*-->\s*$)", ln.of(text))]
        if not lines:
            continue
        sub = Span(lines[0].start, lines[-1].end)
        keep.extend(paragraphs(text, sub))
    return tuple(keep)


def parse_markdown(text: str, *, path: str | None = None, source: str | None = None,
                   encoding: str = "utf-8", warnings: tuple[str, ...] = ()) -> Readout:
    """Parse Markdown with optional front matter (``title``, ``date``, ``source``, ``url``).

    The title comes from front matter, else from a leading ``# Heading`` (or setext heading),
    else from the first line as in plain text. A ``( YYYY.MM.DD )`` or bare date line under the
    heading gives the date when front matter has none. Offsets refer to the whole file text;
    Markdown marks (``**``, ``_``) stay in place, headings are not paragraphs.
    """
    if _trim(text, Span(0, len(text))) is None:
        raise ReadError("empty file: no title and no body", path=path)
    try:
        front = parse_front_matter(text)
    except ReadError as exc:
        raise ReadError(str(exc), path=path) from exc
    meta, start = front if front else ({}, 0)
    notes = list(warnings)
    lines = [sp for sp in _line_spans(text, start) if not _blank(text, sp)]
    title = ""
    published: date | None = None
    if (t := _pick(meta, TITLE_FIELDS)) is not None:
        title = str(t[1])
    if (d := _pick(meta, DATE_FIELDS)) is not None:
        published = parse_date(str(d[1]))
        if published is None:
            notes.append(f"front matter {d[0]}: {d[1]!r} is not a date I can read (use YYYY-MM-DD)")
    body_start = start
    if lines:
        heading = re.match(r"\s{0,3}#\s", lines[0].of(text)) is not None or (
            len(lines) > 1 and re.fullmatch(r"=+", _clean(lines[1].of(text))) is not None
        )
        if heading or not front:  # a heading (and date line) above the body, or the plain-text layout
            head = _read_header(text, lines, markdown=True)
            body_start = head.body_start
            title = title or head.title
            published = published or head.published
            notes.extend(w for w in head.warnings if "not a valid date" in w)
    if not title:
        notes.append("no title (no front matter 'title:', no '# Heading' or title line); title left empty")
    if published is None and not any("date" in w for w in notes):
        notes.append("no publication date (no front matter 'date:' and no date line under the title)")
    body = _trim(text, Span(body_start, len(text)))
    if body is None:
        raise ReadError("no body text after the front matter and heading", path=path)
    url_field = _pick(meta, URL_FIELDS)
    url = str(url_field[1]) if url_field else None
    src = _pick(meta, SOURCE_FIELDS)
    source = (str(src[1]) if src else None) or source_from_url(url) or source
    return build(text, title=title, body=body, paras=_markdown_paragraphs(text, body), published=published,
                 path=path, source=source, encoding=encoding, warnings=tuple(notes), url=url)


# --------------------------------------------------------------------------------------------
# HTML

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_SKIP = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
                   "svg", "iframe", "button", "select", "textarea", "head", "object", "canvas", "dialog"})
_BLOCK = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
                    "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "tbody", "thead",
                    "figure", "figcaption", "hr", "br", "center", "address", "body", "html"})
_CLOSES_P = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
                       "ol", "dl", "blockquote", "pre", "table", "figure", "hr", "header", "footer", "nav",
                       "aside", "form", "address"})
_MAIN_HINT = re.compile(r"content|article|text|trs_editor|story|entry|post-body|postbody|main", re.IGNORECASE)
_JUNK_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumbs", "share", "sharing",
    "social", "footer", "header", "sidebar", "related", "comment", "comments", "cookie", "cookies",
    "banner", "toolbar", "pagination", "pager", "skip", "print", "search", "subscribe", "newsletter",
    "byline", "tags", "masthead", "topbar", "promo", "ad", "ads", "advert", "advertisement", "hidden",
    "modal", "popup", "lang", "language"
})
"""Words in an id or class that mark page furniture."""


@dataclass(eq=False, slots=True)
class _Element:
    tag: str
    attrs: dict[str, str]
    parent: _Element | None
    children: list[_Element | str] = field(default_factory=list)

    def hints(self) -> list[str]:
        return (self.attrs.get("id", "") + " " + self.attrs.get("class", "")).split()

    def iter(self, skip: Callable[[_Element], bool] | None = None) -> Iterator[_Element]:
        """This element and its descendants in document order, leaving out ``skip``-ped subtrees."""
        stack: list[_Element] = [self]
        while stack:
            el = stack.pop()
            if skip is not None and skip(el):
                continue
            yield el
            stack.extend(c for c in reversed(el.children) if isinstance(c, _Element))

    def depth(self) -> int:
        n, node = 0, self.parent
        while node is not None:
            n, node = n + 1, node.parent
        return n



def _hint_words(hint: str) -> set[str]:
    """"site-nav", "shareTools", "related_links" → {"site", "nav", "share", "tools", "related", "links"}."""
    return {w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", hint)}


def _junk_hint(hint: str) -> bool:
    return bool(_hint_words(hint) & _JUNK_WORDS) and not re.search(r"content|article|trs_editor", hint, re.I)


def _furniture(el: _Element) -> bool:
    """Page furniture by tag or ARIA role: navigation, header, footer, aside, forms, scripts, hidden parts."""
    if el.tag in _SKIP or "hidden" in el.attrs or el.attrs.get("aria-hidden") == "true":
        return True
    if el.attrs.get("role") in ("navigation", "banner", "contentinfo", "search", "complementary"):
        return True
    return "display:none" in el.attrs.get("style", "").replace(" ", "")


def _junk(el: _Element) -> bool:
    """Furniture, or an element whose id/class names furniture ("site-nav", "share-tools")."""
    return _furniture(el) or any(_junk_hint(h) for h in el.hints())


_MAX_DEPTH = 200
"""Deeper elements are flattened into their parent (sloppy pages with thousands of unclosed tags)."""


class _TreeBuilder(HTMLParser):
    """A forgiving tree of elements from :mod:`html.parser` (entities decoded on the way)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {}, None)
        self.stack: list[_Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P and any(el.tag == "p" for el in self.stack):
            self._close("p")
        if tag == "li" and self.stack[-1].tag == "li":
            self._close("li")
        el = _Element(tag, {k.lower(): (v or "") for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(el)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:  # unclosed tags must not nest without end
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # </br> is a line break in browsers
            self.handle_starttag("br", [])
            return
        self._close(tag)

    def _close(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _inline_text(el: _Element) -> str:
    """All text under ``el`` (skipping scripts and styles), whitespace collapsed."""
    parts: list[str] = []

    def walk(node: _Element) -> None:
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style", "noscript", "template"):
                if child.tag in _BLOCK:
                    parts.append(" ")
                walk(child)

    walk(el)
    return _squash("".join(parts))


def _squash(s: str) -> str:
    return " ".join(s.translate({ord(c): None for c in _ZERO_WIDTH}).split())


def _p_text(el: _Element) -> int:
    """Characters of paragraph text under ``el``, outside navigation and other page furniture."""
    total = 0
    for child in el.children:
        if isinstance(child, _Element) and not _junk(child):
            total += len(_inline_text(child)) if child.tag == "p" else _p_text(child)
    return total


def _main_element(root: _Element) -> _Element:
    """The element holding the readout.

    ``<article>``, ``<main>`` or a content-like id/class (the innermost one holding at least 80% of
    the best one's paragraph text); else the element with the most ``<p>`` text among its children.
    """
    def candidate(el: _Element) -> bool:
        if el.tag in ("article", "main") or "articleBody" in el.attrs.get("itemprop", ""):
            return True
        if el.attrs.get("role") == "main":
            return True
        return any(_MAIN_HINT.search(h) and not _junk_hint(h) and not re.search("context", h, re.I)
                   for h in el.hints())

    # Class names of wrappers ("has-sidebar") must not hide the article: only tags and roles count here.
    visible = list(root.iter(skip=_furniture))
    scored = [(el, _p_text(el) or len(_inline_text(el)) // 2) for el in visible if candidate(el)]
    best = max((score for _, score in scored), default=0)
    if best > 0:
        good = [el for el, score in scored if score >= 0.8 * best]
        return max(good, key=lambda el: el.depth())
    direct = [(el, sum(len(_inline_text(c)) for c in el.children if isinstance(c, _Element) and c.tag == "p"))
              for el in visible]
    el, score = max(direct, key=lambda pair: pair[1], default=(root, 0))
    if score > 0:
        return el
    body = next((e for e in root.iter() if e.tag == "body"), root)
    return body


def _ancestors(el: _Element) -> Iterator[_Element]:
    node: _Element | None = el
    while node is not None:
        yield node
        node = node.parent


def _html_paragraphs(el: _Element) -> list[str]:
    """Text of ``el`` cut at block elements, skipping page furniture, whitespace collapsed."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _squash("".join(buf))
        buf.clear()
        if text:
            out.append(text)

    def walk(node: _Element) -> None:
        for child in node.children:
            if isinstance(child, str):
                buf.append(child)
                continue
            if _junk(child):
                continue
            if child.tag in _BLOCK:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(el)
    flush()
    return out


def _meta(root: _Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in root.iter():
        if el.tag == "meta":
            key = (el.attrs.get("name") or el.attrs.get("property") or el.attrs.get("itemprop") or "").lower()
            if key and el.attrs.get("content"):
                out.setdefault(key, el.attrs["content"].strip())
        elif el.tag == "link" and "canonical" in el.attrs.get("rel", "").lower() and el.attrs.get("href"):
            out.setdefault("#canonical", el.attrs["href"].strip())
    return out


_DATE_META = ("article:published_time", "datepublished", "pubdate", "publishdate", "publish-date",
              "dc.date", "dcterms.date", "dc.date.issued", "date", "og:published_time", "firstpublishedtime")


def _html_title(root: _Element, main: _Element, meta: Mapping[str, str]) -> str:
    h1s = [el for el in main.iter() if el.tag == "h1"]
    if not h1s:
        h1s = [el for el in root.iter() if el.tag == "h1" and not any(
            _junk(a) for a in _ancestors(el) if a.tag not in ("article", "main"))]
    for el in h1s:
        if text := _inline_text(el):
            return text
    if meta.get("og:title"):
        return _squash(meta["og:title"])
    title_el = next((el for el in root.iter() if el.tag == "title"), None)
    if title_el is not None and (text := _inline_text(title_el)):
        # "Wang Yi Meets with ..._Ministry of Foreign Affairs" / "Readout ... | The White House"
        return re.split(r"\s*(?:\||_|\s[\u2013\u2014-]\s(?=[^\u2013\u2014-]{0,60}$))\s*", text)[0] or text
    return ""


def _html_date(root: _Element, main: _Element, meta: Mapping[str, str]) -> date | None:
    for key in _DATE_META:
        if key in meta and (d := parse_date(meta[key])) is not None:
            return d
    for key, value in meta.items():
        if ("date" in key or "publish" in key) and (d := parse_date(value)) is not None:
            return d
    times = [el for el in main.iter() if el.tag == "time"] + [el for el in root.iter() if el.tag == "time"]
    for el in times:
        if (d := parse_date(el.attrs.get("datetime", "") or _inline_text(el))) is not None:
            return d
    for text in (" ".join(_html_paragraphs(main))[:600], _inline_text(root)[:3000]):
        if (found := find_date(text)) is not None:
            return found[0]
    return None


def _declared_charset(raw: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w\-]+)""", raw[:4096], re.IGNORECASE)
    return m.group(1).decode("ascii") if m else None


def parse_html(page: str, *, path: str | None = None, source: str | None = None, encoding: str = "utf-8",
               warnings: tuple[str, ...] = ()) -> Readout:
    """The main text of a web page as a Readout.

    ``Readout.text`` is the extracted text: title line, ``( YYYY.MM.DD )`` line when a date was
    found, blank line, then paragraphs separated by blank lines; offsets refer to it. The main
    text is the ``<article>``/``<main>``/content-like element (else the element with the most
    ``<p>`` text), without navigation, header, footer, aside, forms, scripts and styles. The
    title comes from ``<h1>``, ``og:title`` or ``<title>``; the date from a date ``<meta>``,
    ``<time datetime>``, or a date near the top of the text.
    """
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    root = builder.root
    meta = _meta(root)
    main = _main_element(root)
    title = _html_title(root, main, meta)
    published = _html_date(root, main, meta)
    notes = list(warnings)
    paras_text = [p for p in _html_paragraphs(main) if not _header_junk(p, title)]
    if not paras_text:
        raise ReadError("no main text found in the HTML page (no paragraphs outside navigation, "
                        "header and footer)", path=path)
    if not title:
        notes.append("no <h1> or <title> in the page; title left empty")
    if published is None:
        notes.append("no publication date in the page (no date <meta>, <time> or date near the top)")
    head = title + "\n" if title else ""
    if published is not None:
        head += f"( {published:%Y.%m.%d} )\n"
    text = head + "\n"
    spans: list[Span] = []
    for para in paras_text:
        spans.append(Span(len(text), len(text) + len(para)))
        text += para + "\n\n"
    text = text[:-1]
    url = meta.get("#canonical") or meta.get("og:url")
    source = source_from_url(url) or source or meta.get("og:site_name")
    return build(text, title=title, body=Span(spans[0].start, spans[-1].end), paras=tuple(spans),
                 published=published, path=path, source=source, encoding=encoding, warnings=tuple(notes),
                 url=url)


def _header_junk(para: str, title: str) -> bool:
    """Paragraphs that repeat the header: the title, a bare date, "Print | Close" crumbs."""
    if para == title or _bare_date(para) is not None:
        return True
    return len(para.split()) <= 2 and not re.search(r"[.!?\"\u201d]$", para)


# --------------------------------------------------------------------------------------------
# records


def _record_date(value: object) -> date | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    return parse_date(str(value)) if isinstance(value, str) else None


def _record(fields: Mapping[str, object], n: int, file: str, *, folder_source: str | None, encoding: str,
            warnings: tuple[str, ...]) -> Readout:
    """One record (keys already lower case) as a Readout, or a ReadError naming the record."""
    found = _pick(fields, CONTENT_FIELDS)
    if found is None:
        empty = next((k for k in CONTENT_FIELDS if k in fields), None)
        if empty is not None:
            raise ReadError(f"record {n} has an empty {empty!r} field", path=file)
        raise ReadError(f"record {n} has no content field (looked for: {', '.join(CONTENT_FIELDS)})",
                        path=file)
    name, value = found
    if isinstance(value, list):
        parts = [v for v in value if isinstance(v, str)]
        if len(parts) == len(value):
            value = "\n\n".join(parts)  # a list of paragraphs
    if not isinstance(value, str):
        raise ReadError(f"record {n}: field {name!r} is {type(value).__name__}, not text", path=file)
    if _trim(value, Span(0, len(value))) is None:
        raise ReadError(f"record {n} has an empty {name!r} field", path=file)
    notes = list(warnings)
    t = _pick(fields, TITLE_FIELDS)
    title = _clean(str(t[1])) if t else ""
    d = _pick(fields, DATE_FIELDS)
    published = _record_date(d[1]) if d else None
    if d and published is None:
        notes.append(f"record {n}: {d[0]} {d[1]!r} is not a date I can read (use YYYY-MM-DD)")
    u = _pick(fields, URL_FIELDS)
    url = str(u[1]) if u else None
    s = _pick(fields, SOURCE_FIELDS)
    source = (str(s[1]) if s else None) or source_from_url(url) or folder_source
    body_start = 0
    # Content that repeats the header (title line, date line) keeps it out of the body.
    lines = [sp for sp in _line_spans(value) if not _blank(value, sp)]
    repeats_title = bool(lines) and bool(title) and _clean(lines[0].of(value)) == title
    if len(lines) > 1 and (_DATE_LINE.match(lines[1].of(value)) or repeats_title):
        head = _read_header(value, lines)
        title = title or head.title
        published = published or head.published
        body_start = head.body_start
    if not title:
        notes.append(f"record {n} has no title field (looked for: {', '.join(TITLE_FIELDS)})")
    body = _trim(value, Span(body_start, len(value)))
    if body is None:
        raise ReadError(f"record {n} has a title and date but no body text", path=file)
    place = fields.get("place") or fields.get("location")
    meeting = _record_date(fields.get("meeting_date"))
    return build(value, title=title, body=body, paras=paragraphs(value, body), published=published,
                 path=f"{file}#{n}", source=source, encoding=encoding, warnings=tuple(notes), url=url,
                 place=str(place) if place else None, meeting_date=meeting)


def _lower_keys(obj: Mapping[str, object]) -> dict[str, object]:
    return {str(k).strip().lower().replace(" ", "_").replace("-", "_"): v for k, v in obj.items()}


def _raw_records(text: str, file: str, suffix: str) -> Iterator[tuple[int, Mapping[str, object] | ReadError]]:
    """Numbered records of a record file (1-based); unreadable records come as errors in place."""
    if suffix == ".csv":
        first_line = text.split("\n", 1)[0]
        delimiter = max(",;\t|", key=first_line.count)
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        if not reader.fieldnames:
            raise ReadError("CSV file has no header row", path=file)
        try:
            for n, row in enumerate(reader, start=1):
                yield n, {k: v for k, v in row.items() if k is not None}
        except csv.Error as exc:
            raise ReadError(f"not valid CSV at line {reader.line_num} ({exc})", path=file) from exc
        return
    if suffix in (".jsonl", ".ndjson"):
        n = 0
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not _clean(line):
                continue
            n += 1
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, ReadError(f"record {n} (line {lineno}) is not valid JSON ({exc.msg} at column "
                                   f"{exc.colno})", path=file)
                continue
            yield n, obj if isinstance(obj, dict) else ReadError(
                f"record {n} (line {lineno}) is a JSON {type(obj).__name__}, not an object", path=file)
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"at line {exc.lineno}, column {exc.colno}"
        raise ReadError(f"not valid JSON ({exc.msg} {where})", path=file) from exc
    if isinstance(data, dict):
        lists = [v for v in data.values()
                 if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        wrapper = _pick(_lower_keys(data), CONTENT_FIELDS) is None and len(lists) == 1
        data = lists[0] if wrapper else [data]  # {"items": [...]} and similar wrappers hold the records
    if not isinstance(data, list):
        raise ReadError(f"JSON holds a {type(data).__name__}; expected an object or a list of objects",
                        path=file)
    for n, obj in enumerate(data, start=1):
        yield n, obj if isinstance(obj, dict) else ReadError(
            f"record {n} is a JSON {type(obj).__name__}, not an object", path=file)


def parse_records(text: str, *, path: str, suffix: str, source: str | None = None, encoding: str = "utf-8",
                  warnings: tuple[str, ...] = ()) -> Iterator[Readout | ReadError]:
    """Each record of a JSON, JSONL or CSV text as a Readout, or a ReadError naming the record.

    Raises :class:`ReadError` (rather than yielding it) when the file as a whole cannot be read:
    invalid JSON, a CSV without header, no records at all.
    """
    count = 0
    for n, item in _raw_records(text, path, suffix.lower()):
        count += 1
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield _record(_lower_keys(item), n, path, folder_source=source, encoding=encoding,
                          warnings=warnings)
        except ReadError as exc:
            yield exc
    if count == 0:
        raise ReadError("no records in the file", path=path)


# --------------------------------------------------------------------------------------------
# files


def format_of(path: str | Path) -> Format:
    """The reader for a file, by suffix: plain text for ``.txt``, ``.text``, none or unknown."""
    return FORMATS.get(Path(path).suffix.lower(), "text")


def _load(path: str | Path) -> tuple[bytes, str]:
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise ReadError("no such file", path=name)
    if p.is_dir():
        raise ReadError("is a folder; give files, or use a command that takes folders", path=name)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read ({exc.strerror})", path=name) from exc
    if not raw.strip(b" \t\r\n\x0b\x0c") or raw in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                                   codecs.BOM_UTF16_BE):
        raise ReadError("empty file", path=name)
    return raw, name


def read_bytes(raw: bytes, path: str, *, fmt: Format | None = None,
               source: str | None = None) -> Iterator[Readout | ReadError]:
    """Decode and read bytes as the format given (else by ``path``'s suffix), yielding readouts in place.

    Errors about the whole input raise :class:`ReadError`; errors of single records are yielded.
    """
    suffix = Path(path).suffix.lower()
    fmt = fmt or format_of(path)
    looks_html = re.match(rb"\s*<(?:!doctype html|html)", raw[:200], re.IGNORECASE) is not None
    if fmt == "text" and suffix not in (".txt", ".text") and looks_html:
        fmt = "html"
    text, enc, warns = decode(raw, path, declared=_declared_charset(raw) if fmt == "html" else None)
    if not _clean(text):
        raise ReadError("empty file", path=path)
    if fmt == "records":
        yield from parse_records(text, path=path, suffix=suffix if suffix in FORMATS else ".json",
                                 source=source, encoding=enc, warnings=warns)
        return
    if fmt == "markdown":
        readout = parse_markdown(text, path=path, source=source, encoding=enc, warnings=warns)
    elif fmt == "html":
        readout = parse_html(text, path=path, source=source, encoding=enc, warnings=warns)
    else:
        readout = parse_text(text, path=path, source=source, encoding=enc, warnings=warns)
    yield readout


def read_records(path: str | Path) -> Iterator[Readout | ReadError]:
    """Every readout of one file, with problems yielded in place instead of raised.

    For a record file, each record gives its Readout or a ReadError naming the record
    ("record 3 has no content field ..."), so that good records are kept. For other files, and
    for problems with the whole file (missing, empty, binary, invalid JSON), a single ReadError
    is yielded. Never raises ReadError.
    """
    try:
        raw, name = _load(path)
        yield from read_bytes(raw, name, source=source_from_path(Path(path)))
    except ReadError as exc:
        yield exc


def read_file(path: str | Path) -> list[Readout]:
    """Read one file into its readouts (one for a document, one per record for record files).

    Strict: raises :class:`ReadError` for a missing, empty or binary file, a page without main
    text, and for a record file as soon as any record is bad (the message names the first bad
    record and how many are bad); use :func:`read_records` to keep the good records.
    """
    raw, name = _load(path)
    out: list[Readout] = []
    bad: list[ReadError] = []
    for item in read_bytes(raw, name, source=source_from_path(Path(path))):
        if isinstance(item, ReadError):
            bad.append(item)
        else:
            out.append(item)
    if bad:
        first = str(bad[0]).removeprefix(f"{name}: ")
        total = len(out) + len(bad)
        count = f"{len(bad)} of {total} records are bad" if len(bad) > 1 else f"1 of {total} records is bad"
        raise ReadError(f"{first}; {count} (the file is read only when every record is good)", path=name)
    return out


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into readable files; files pass through as given.

    A folder walk picks files by suffix (``.txt``, ``.text``, no suffix: plain text; ``.md``,
    ``.markdown``; ``.html``, ``.htm``; ``.json``, ``.jsonl``, ``.csv``) and skips hidden files
    and folders and README/LICENSE-like files. A folder with none raises :class:`ReadError`.
    """
    for given in paths:
        p = Path(given)
        if not p.is_dir():
            yield p
            continue
        found = False
        for f in sorted(p.rglob("*")):
            rel = f.relative_to(p).parts
            if any(part.startswith((".", "__")) for part in rel) or _FOLDER_SKIP.match(f.name):
                continue
            if f.is_file() and (f.suffix.lower() in FORMATS or (not f.suffix and not f.name.startswith("."))):
                found = True
                yield f
        if not found:
            raise ReadError("folder holds no readouts (no .txt, .md, .html, .json, .jsonl or .csv files)",
                            path=str(given))
