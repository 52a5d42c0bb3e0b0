"""Web pages: the main text of the page, extracted with :mod:`html.parser`, laid out like a plain-text readout."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from stance.errors import ReadError
from stance.model import Readout, Span
from stance.read.dates import _bare_date, find_date, parse_date
from stance.read.decode import _ZERO_WIDTH
from stance.read.lead import build, source_from_url

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
