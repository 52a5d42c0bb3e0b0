"""Plain-text readouts: title line, ``( YYYY.MM.DD )`` date line, blank line, body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from stance.errors import ReadError
from stance.model import Readout, Span
from stance.read.dates import _DATE_LINE, _bare_date, _ymd
from stance.read.decode import _clean
from stance.read.lead import _UNWRAPPED, _blank, _line_spans, _trim, build, paragraphs


@dataclass(slots=True)
class _Header:
    """What the lines above the body say."""

    title: str = ""
    published: date | None = None
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)


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


def _title_only(line: str) -> bool:
    """A lone line that reads as a title: short, and no sentence ends in it."""
    return len(line) <= 200 and re.search(r"[.!?:;\"\u201d\u3002](?:\s|$)", line) is None


def parse_text(text: str, *, path: str | None = None, source: str | None = None, encoding: str = "utf-8",
               warnings: tuple[str, ...] = (), url: str | None = None) -> Readout:
    """Parse the plain-text layout: title, ``( YYYY.MM.DD )``, blank line, body.

    Files without the date line are accepted (with a warning): the first line is the title when
    a blank line follows it and it is not a long sentence; otherwise the whole text is body and
    the title is empty. Raises :class:`ReadError` for empty text, a title without a body, and a
    lone short line without a full stop (a title with no body).
    """
    if _trim(text, Span(0, len(text))) is None:
        raise ReadError("empty file: no title and no body", path=path)
    lines = [sp for sp in _line_spans(text) if not _blank(text, sp)]
    if len(lines) == 1 and _title_only(_clean(lines[0].of(text))):
        raise ReadError(f"only a title line ({_clean(lines[0].of(text))!r}), no body text under it", path=path)
    head = _read_header(text, lines)
    body = _trim(text, Span(head.body_start, len(text)))
    if body is None:
        raise ReadError("no body text after the title and date lines", path=path)
    return build(text, title=head.title, body=body, paras=paragraphs(text, body), published=head.published,
                 path=path, source=source, encoding=encoding, warnings=(*warnings, *head.warnings), url=url)
