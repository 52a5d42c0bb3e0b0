"""What every format shares once the text is decoded.

Lines and paragraphs, the lead (dateline, place, kind, publisher), record field names, and
:func:`build`, which assembles the :class:`~stance.model.Readout`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from stance.model import Kind, Readout, Span
from stance.read.dates import _MONTH_RE, _WEEKDAYS, MONTHS, _date_from_parts
from stance.read.decode import _clean, _is_space

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
    "news.cn": "xinhua",
    "xinhuanet.com": "xinhua",
    "mofcom.gov.cn": "mofcom",
}
_FOLDER_SOURCES = {"whitehouse": "whitehouse", "state": "state", "kremlin": "kremlin", "ukraine": "ukraine",
                   "mfa": "mfa", "idcpc": "IDCPC", "fmprc": "mfa", "xinhua": "xinhua", "mofcom": "mofcom"}
_SUBJECT_END = re.compile(r"\b(?:met|meets|meet|held|holds|had|has|spoke|speaks|received|receives|talked|"
                          r"hosted|hosts|attended|called|paid|visited)\b")


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
    if re.search(r"\(Xinhua\)\s*[\-\u2013\u2014]", text[:600]):
        return "xinhua"  # "BEIJING, May 5 (Xinhua) -- ..."
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


def _pick(values: Mapping[str, object], names: Iterable[str]) -> tuple[str, object] | None:
    for name in names:
        if name in values and values[name] not in (None, ""):
            return name, values[name]
    return None
