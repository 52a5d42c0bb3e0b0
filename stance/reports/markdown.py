"""The markdown renderer: escaped tables and text, charts as SVG files beside the report.
"""

from __future__ import annotations

import re

from stance import tables
from stance.charts import Chart
from stance.reports.document import (
    EXTENSIONS,
    Cell,
    Document,
    Facts,
    Paragraph,
    Rendered,
    Table,
    clean,
    slug,
)

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~&$]|(?<![^\W_])_|_(?![^\W_]))")



def md(value: Cell) -> str:
    """Text for markdown: one line, markup characters (pipes too) backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", clean(value))


def _md_table(t: Table) -> str:
    if not t.rows:
        return md(t.empty)
    return tables.table([[md(v) for v in row] for row in t.rows], [md(h) for h in t.headers], "markdown")


def _md_facts(f: Facts) -> list[str]:
    return [f"- **{md(k)}:** {md(v)}" for k, v in f.items]


def _chart_file(doc_name: str, chart: Chart) -> str:
    return f"{doc_name}.{slug(chart.name)}.svg"


def render_markdown(doc: Document, name: str) -> Rendered:
    """The report as markdown, its charts as SVG files named after ``name``."""
    from stance.charts import render as draw

    lines = [f"# {md(doc.title)}", ""]
    lines += _md_facts(doc.facts)
    files: list[tuple[str, bytes]] = []
    for s in doc.sections:
        lines += ["", f"{'#' * min(6, s.level)} {md(s.title)}"]
        for b in s.blocks:
            lines.append("")
            if isinstance(b, Table):
                lines.append(_md_table(b))
            elif isinstance(b, Paragraph):
                lines.append(md(b.text))
            elif isinstance(b, Facts):
                lines += _md_facts(b)
            else:
                fname = _chart_file(name, b.chart)
                files.append((fname, draw(b.chart, "svg")))
                lines.append(f"![{md(b.chart.title)}]({fname})")
    return Rendered(name=name + EXTENSIONS["markdown"], text="\n".join(lines).rstrip() + "\n",
                    files=tuple(files))
