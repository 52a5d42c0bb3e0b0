"""All formatting of tables (tabulate) in one place, and the shared ``--format`` choices."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from tabulate import tabulate, tabulate_formats

from stance.model import JOINT, NARRATOR, Alignment, Split, Theme

_MACHINE = ("json", "csv")
FORMATS: tuple[str, ...] = ("text", "json", "csv", "markdown", *[f for f in tabulate_formats if f not in (
    "html", "unsafehtml", "latex_raw")])
"""Every value ``--format`` accepts: text (the default), json, csv, markdown, and tabulate's formats."""

WIDTH = 100


def tablefmt(fmt: str) -> str:
    """The tabulate format behind a ``--format`` value."""
    return {"text": "simple", "markdown": "github"}.get(fmt, fmt)


def wrap(text: str, width: int) -> str:
    """Wrap for a table cell; tabulate keeps the line breaks."""
    return "\n".join(textwrap.wrap(" ".join(text.split()), width)) or ""


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str], fmt: str = "text") -> str:
    """A table in the given format (text, markdown or any tabulate format; csv as CSV)."""
    if fmt == "csv":
        return to_csv(rows, headers)
    return tabulate(list(rows), headers=list(headers), tablefmt=tablefmt(fmt), disable_numparse=True)


def to_csv(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> str:
    """RFC 4180 CSV with a header row."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def to_json(doc: Any) -> str:
    """Stable, readable JSON (UTF-8 kept as is)."""
    return json.dumps(doc, ensure_ascii=False, indent=2)


def party_label(split: Split, pid: str) -> str:
    """A short label for a statement's party: the surname, "joint" or "narrator"."""
    if pid in (JOINT, NARRATOR):
        return pid
    p = split.party(pid)
    return p.name if p else pid


def split_text(split: Split, fmt: str = "text") -> str:
    """A readout's metadata, parties and statements as a person reads them."""
    r = split.readout
    lines = [r.title or "(untitled)", "=" * min(WIDTH, max(8, len(r.title or "(untitled)")))]
    meta = [
        ("file", r.path),
        ("published", r.published.isoformat() if r.published else None),
        ("meeting date", r.meeting_date.isoformat() if r.meeting_date else None),
        ("place", r.place),
        ("kind", r.kind),
        ("source", r.source),
    ]
    lines += [f"{k + ':':14}{v}" for k, v in meta if v]
    lines += [f"{'warning:':14}{w}" for w in r.warnings]
    lines += [f"{'note:':14}{n}" for n in split.notes]
    lines.append("")
    if split.parties:
        prow = [
            (p.id, p.role, p.name, wrap(p.title or "", 30), p.side or "",
             wrap(", ".join(a for a in p.aliases[:14] if a != p.name) + (" ..." if len(p.aliases) > 14 else ""), 44))
            for p in split.parties
        ]
        lines.append(table(prow, ["id", "role", "name", "title", "side", "aliases"], fmt))
        lines.append("")
    width = 64
    srow = [
        (i + 1, party_label(split, s.party), s.cue or "", (f"cites {s.cited}" if s.cited else ""),
         wrap(s.span.of(r.text), width))
        for i, s in enumerate(split.statements)
    ]
    lines.append(table(srow, ["#", "party", "cue", "note", "statement"], fmt))
    return "\n".join(lines)


def split_rows(split: Split) -> list[list[Any]]:
    """One CSV row per statement."""
    r = split.readout
    return [
        [r.path, i + 1, s.party, party_label(split, s.party), s.span.start, s.span.end, s.cue or "", s.cited or "",
         round(s.confidence, 2), s.span.of(r.text)]
        for i, s in enumerate(split.statements)
    ]


SPLIT_CSV_HEADERS = ["path", "n", "party", "speaker", "start", "end", "cue", "cited", "confidence", "text"]


# ---------------------------------------------------------------------------------------------
# Alignment


def _words(al: Alignment, t: Theme, party: str, width: int) -> str:
    text = al.split.readout.text
    seen: list[str] = []
    for e in t.evidence:
        if e.party == party:
            w = " ".join(e.span.of(text).split())
            if w not in seen:
                seen.append(w)
    return wrap("; ".join(seen[:3]) + (" ..." if len(seen) > 3 else ""), width)


def _stance_label(t: Theme, party: str) -> str:
    st = next((e.stance for e in t.evidence if e.party == party and e.stance), None)
    return st.label if st else ""


def align_text(al: Alignment, fmt: str = "text") -> str:
    """The side-by-side table of aligned themes, then each side's own themes with stance."""
    sp = al.split
    r = sp.readout
    p = next((x for x in sp.parties if x.role == "principal"), None)
    c = next((x for x in sp.parties if x.role == "counterpart"), None)
    pn = p.name if p else "principal"
    cn = c.name if c else "counterpart"
    lines = [r.title or "(untitled)", "=" * min(WIDTH, max(8, len(r.title or "(untitled)")))]
    if r.published:
        lines.append(f"{'published:':14}{r.published.isoformat()}")
    lines.append(f"{'principal:':14}{pn}" + (f" ({p.side})" if p and p.side else ""))
    lines.append(f"{'counterpart:':14}{cn}" + (f" ({c.side})" if c and c.side else ""))
    lines += [f"{'note:':14}{n}" for n in sp.notes]
    both = [t for t in al.themes if t.status in ("shared", "differ")]
    lines.append("")
    lines.append("Both sides")
    if both and p and c:
        rows = [(t.name, _words(al, t, p.id, 28), _words(al, t, c.id, 28), t.status
                 + (" (+joint)" if t.joint else ""), f"{t.score:.2f}") for t in both]
        lines.append(table(rows, ["theme", pn, cn, "status", "score"], fmt))
    else:
        lines.append("  (none: no theme raised by each side in its own words)")
    joint = [t for t in al.themes if t.status == "joint"]
    if joint:
        lines.append("")
        lines.append("Together (joint statements)")
        rows = [(t.name, _words(al, t, JOINT, 60)) for t in joint]
        lines.append(table(rows, ["theme", "words"], fmt))
    for party in (p, c):
        if party is None:
            continue
        own = [t for t in al.themes if t.status == "only" and any(e.party == party.id for e in t.evidence)]
        lines.append("")
        lines.append(f"Only {party.name}")
        if own:
            rows = [(t.name, _stance_label(t, party.id), _words(al, t, party.id, 56)) for t in own]
            lines.append(table(rows, ["theme", "stance", "words"], fmt))
        else:
            lines.append("  (none)")
    return "\n".join(lines)


ALIGN_CSV_HEADERS = ["path", "theme", "status", "score", "joint", "party", "start", "end", "stance", "words", "basis"]


def align_rows(al: Alignment) -> list[list[Any]]:
    """One CSV row per piece of evidence."""
    text = al.split.readout.text
    return [
        [al.split.readout.path, t.name, t.status, t.score, t.joint, e.party, e.span.start, e.span.end,
         e.stance.label if e.stance else "", e.span.of(text), t.basis]
        for t in al.themes
        for e in t.evidence
    ]
