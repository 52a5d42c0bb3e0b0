"""One entry for every format: :func:`render` gives a report's text (and files beside it).
"""

from __future__ import annotations

import re

from stance import tables
from stance.errors import StanceError
from stance.reports.document import (
    EXTENSIONS,
    REPORT_FORMATS,
    Cell,
    Document,
    Rendered,
)
from stance.reports.html import render_html
from stance.reports.markdown import render_markdown
from stance.reports.text import render_text

_NUMBER = re.compile(r"-?\d+(\.\d+)?")



def _csv_cell(v: Cell) -> Cell:
    """Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) gets a leading quote."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(v):
        return "'" + v
    return v


def render(doc: Document, fmt: str, *, name: str | None = None) -> Rendered:
    """A report in one format, without writing anything (``name``: file stem, default ``doc.name``)."""
    stem = name or doc.name
    if fmt not in EXTENSIONS:
        raise StanceError(f"unknown report format {fmt!r}; use one of {', '.join(REPORT_FORMATS)}")
    if fmt == "markdown":
        return render_markdown(doc, stem)
    if fmt == "text":
        text = render_text(doc)
    elif fmt == "html":
        text = render_html(doc)
    elif fmt == "json":
        text = tables.to_json({"title": doc.title, **doc.data}) + "\n"
    else:
        text = tables.to_csv([[_csv_cell(v) for v in row] for row in doc.csv_rows], doc.csv_headers)
    return Rendered(name=stem + EXTENSIONS[fmt], text=text)
