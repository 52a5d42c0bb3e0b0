"""The HTML renderer: one self-contained, escaped file with the charts inline.
"""

from __future__ import annotations

import html

from stance.reports.document import (
    Cell,
    Document,
    Facts,
    Paragraph,
    Table,
    clean,
)

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"



def esc(value: Cell) -> str:
    """Text for HTML: one line, escaped."""
    return html.escape(clean(value), quote=True)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;
padding:0 1rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.4rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1.05rem;margin-top:1.4rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}dl.facts dt{font-weight:600}
dl.facts dd{margin:0}p.empty{color:#666;font-style:italic}figure{margin:1rem 0}
figure svg{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#555}
""".strip()


def _html_table(t: Table) -> str:
    if not t.rows:
        return f'<p class="empty">{esc(t.empty)}</p>'
    head = "".join(f"<th>{esc(h)}</th>" for h in t.headers)
    out = ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in t.rows:
        cells = "".join(f'<td class="n">{esc(v)}</td>' if isinstance(v, int | float) else f"<td>{esc(v)}</td>"
                        for v in row)
        out.append(f"<tr>{cells}</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _html_facts(f: Facts) -> str:
    if not f.items:
        return ""
    items = "\n".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in f.items)
    return f'<dl class="facts">\n{items}\n</dl>'


def render_html(doc: Document) -> str:
    """The report as one self-contained HTML page, charts inline."""
    from stance.charts import svg_inline

    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="stance">',
        f"<title>{esc(doc.title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(doc.title)}</h1>",
    ]
    facts = _html_facts(doc.facts)
    if facts:
        out.append(facts)
    for s in doc.sections:
        h = f"h{min(6, s.level)}"
        out.append(f"<{h}>{esc(s.title)}</{h}>")
        for b in s.blocks:
            if isinstance(b, Table):
                out.append(_html_table(b))
            elif isinstance(b, Paragraph):
                out.append(f"<p>{esc(b.text)}</p>")
            elif isinstance(b, Facts):
                out.append(_html_facts(b))
            else:
                label = esc(b.chart.title)
                out.append(f'<figure role="img" aria-label="{label}">\n{svg_inline(b.chart).strip()}\n'
                           f"<figcaption>{label}</figcaption>\n</figure>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
