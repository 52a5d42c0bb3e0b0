"""The text renderer: tabulate tables wrapped to :data:`WIDTH` columns.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from stance import tables
from stance.reports.document import (
    Document,
    Facts,
    Paragraph,
    Table,
    clean,
)

WIDTH = 100
"""Columns of a text report."""


def _head(text: str, width: int) -> str:
    """A header wrapped to ``width`` without breaking words."""
    lines = textwrap.wrap(text, max(1, width), break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or text


def _fit(t: Table, cells: Sequence[Sequence[str]]) -> list[int]:
    """Wrap widths that keep a simple table within :data:`WIDTH`: the widest columns give way first.

    tabulate pads each header by two and separates columns by two spaces, so a column is as wide
    as its longest cell line or its header plus two, whichever is more.
    """
    n = len(t.headers)
    ws = [w if w > 0 else 30 for w in (list(t.widths) + [0] * n)[:n]]
    longest = [max((len(r[i]) for r in cells), default=0) for i in range(n)]
    floor = [max(6, *(len(w) for w in h.split())) for h in t.headers]

    def width(i: int) -> int:
        return max(max(len(x) for x in _head(t.headers[i], ws[i]).split("\n")) + 2, min(ws[i], longest[i]))

    while sum(width(i) for i in range(n)) + 2 * (n - 1) > WIDTH:
        shrinkable = [i for i in range(n) if min(ws[i], longest[i]) > floor[i]]
        if not shrinkable:
            break
        k = max(shrinkable, key=lambda i: (min(ws[i], longest[i]), -i))
        ws[k] = min(ws[k], longest[k]) - 1
    return ws


def _wrap(text: str, width: int) -> str:
    """:func:`stance.tables.wrap`, skipped for text that already fits (most cells)."""
    return text if len(text) <= width and "\n" not in text else tables.wrap(text, width)


def _text_table(t: Table) -> str:
    if not t.rows:
        return "  " + t.empty
    cells = [[clean(v) for v in row] for row in t.rows]
    ws = _fit(t, cells)
    rows = [[_wrap(v, w) for v, w in zip(row, ws, strict=True)] for row in cells]
    heads = [_head(h, w) for h, w in zip(t.headers, ws, strict=True)]
    return tables.table(rows, heads, "text", width=None)  # a report is 100 columns wherever it is written


def _text_facts(f: Facts) -> list[str]:
    if not f.items:
        return []
    key_w = min(28, max(len(k) for k, _ in f.items) + 2)
    out = []
    for k, v in f.items:
        lines = tables.wrap(clean(v), WIDTH - key_w).split("\n") or [""]
        out.append(f"{k + ':':{key_w}}{lines[0]}")
        out += [" " * key_w + x for x in lines[1:]]
    return out


def render_text(doc: Document) -> str:
    """The report as text: tables wrapped to :data:`WIDTH` columns, charts as text charts."""
    title = clean(doc.title)
    lines = [*tables.wrap(title, WIDTH).split("\n"), "=" * min(WIDTH, max(8, len(title)))]
    lines += _text_facts(doc.facts)
    for s in doc.sections:
        heading = clean(s.title)
        lines += ["", heading, ("-" if s.level <= 2 else "~") * min(WIDTH, len(heading))]
        for b in s.blocks:
            if isinstance(b, Table):
                lines.append(_text_table(b))
            elif isinstance(b, Paragraph):
                lines.append(tables.wrap(clean(b.text), WIDTH))
            elif isinstance(b, Facts):
                lines += _text_facts(b)
            elif b.text:
                lines.append(b.text)
            else:
                continue
            lines.append("")
        while lines and lines[-1] == "":
            lines.pop()
    return "\n".join(lines).rstrip() + "\n"
