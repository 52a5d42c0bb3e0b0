"""Markdown readouts with optional YAML-like front matter."""

from __future__ import annotations

import re
from datetime import date

from stance.errors import ReadError
from stance.model import Readout, Span
from stance.read.dates import parse_date
from stance.read.decode import _clean
from stance.read.lead import (
    DATE_FIELDS,
    SOURCE_FIELDS,
    TITLE_FIELDS,
    URL_FIELDS,
    _blank,
    _blocks,
    _line_spans,
    _pick,
    _trim,
    build,
    paragraphs,
    source_from_url,
)
from stance.read.plain import _read_header


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
