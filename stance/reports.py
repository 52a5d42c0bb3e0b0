"""Report documents: build them from the core's results, write them as files (``stance report``).

The API the front doors use (the CLI's ``stance report`` and the TUI's export key)::

    from stance.reports import (readout_document, accounts_document, overview_document,
                                timeline_document, write_report)

    doc = readout_document(alignment, comparison=None)   # one readout (+ compare section)
    doc = accounts_document(accounts_comparison)          # two accounts of one meeting
    doc = overview_document(archive)                      # themes x sides, formulas per publisher
    doc = timeline_document(timeline)                     # a side's dated statements with stance
    path = write_report(doc, out_dir, fmt)                # -> Path of the written file

``fmt`` is one of :data:`REPORT_FORMATS`: ``text`` (tabulate tables, wrapped for 100 columns),
``markdown``, ``html`` (one self-contained file, charts inline), ``json``, ``csv``. A markdown
report's charts are SVG files beside it (``<name>.<chart>.svg``). :func:`render` gives a
report's text without writing anything.

A :class:`Document` is format-free: a title, header facts, sections of blocks (tables,
paragraphs, facts, charts), the JSON data and the CSV rows. Builders make one from the core's
results; renderers turn it into each format. Readout text is data: the HTML renderer escapes
it, the markdown renderer escapes what markdown and HTML would read as markup (pipes in tables
too), every renderer drops control characters.

File names are deterministic, from date and parties (``2024-04-19_liu-jianchao_london-nicole-
breed.txt``), lower-case ASCII letters, digits and dashes; :func:`write_report` writes only
inside ``out_dir`` (never through a symlink: it writes a temporary file there and renames it).

Regenerate the seed's reports in ``reports/``: ``python -m stance.reports --seed``.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import tempfile
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from stance import serialize, tables
from stance.charts import Chart, MatrixChart, TimelineChart
from stance.errors import StanceError
from stance.model import JOINT, NARRATOR, Alignment, Party, Split, Statement, Theme

if TYPE_CHECKING:
    from stance.accounts import AccountsComparison
    from stance.archive import Archive
    from stance.compare import Comparison
    from stance.track import Timeline

REPORT_FORMATS: tuple[str, ...] = ("text", "markdown", "html", "json", "csv")
"""The formats a report is written in."""

EXTENSIONS = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json", "csv": ".csv"}
"""File name suffix of each format."""

WIDTH = 100
"""Columns of a text report."""

SEED_REPORTS = Path(__file__).resolve().parents[1] / "reports"
"""Where ``python -m stance.reports --seed`` writes the seed's reports."""

ENTRIES_SHOWN = 20
"""Latest entries per theme shown in a many-theme timeline (JSON and CSV hold all)."""

THEMES_SHOWN = 12
"""Themes given their own entry table in a many-theme timeline."""

MATRIX_SIDES = 6
"""Sides shown as columns of the overview's themes x sides table (most readouts first)."""

MATRIX_THEMES = 25
"""Themes shown as rows of the overview's matrix (most raised first)."""

RANKED = 10
"""Themes in the overview's most-shared and most-divergent lists; formulas per publisher."""

MIN_FORMULA_WORDS = 6
"""Statements shorter than this are not counted as formulas in the overview."""

Cell = str | int | float | None
Kind = Literal["readout", "accounts", "overview", "timeline"]


# --------------------------------------------------------------------------------------------
# the document model


@dataclass(frozen=True, slots=True)
class Table:
    """Rows under headers."""

    headers: tuple[str, ...]
    """Column titles."""
    rows: tuple[tuple[Cell, ...], ...]
    """One tuple per row, one cell per header."""
    widths: tuple[int, ...] = ()
    """Wrap width of each column in the text format (0: no wrap)."""
    empty: str = "(none)"
    """What stands in place of a table without rows."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text."""

    text: str
    """The words (may quote readout text; always escaped)."""


@dataclass(frozen=True, slots=True)
class Facts:
    """Key: value lines."""

    items: tuple[tuple[str, str], ...]
    """``(key, value)`` pairs, in order; empty values are left out."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart: an image in markdown (a file beside it) and HTML (inline SVG)."""

    chart: Chart
    """What to draw."""
    text: str = ""
    """Its stand-in in the text format (a text chart), if any."""


Block = Table | Paragraph | Facts | Figure


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a report."""

    title: str
    """Heading."""
    blocks: tuple[Block, ...]
    """Contents, in order."""
    level: int = 2
    """2 for a section, 3 for a sub-section."""


@dataclass(frozen=True, slots=True)
class Document:
    """A report, free of format."""

    kind: Kind
    """Which builder made it."""
    name: str
    """File name stem (sanitised): date and parties, or the report's subject."""
    title: str
    """Heading of the whole report."""
    facts: Facts
    """Lines under the title (dates, place, publisher, ...)."""
    sections: tuple[Section, ...]
    """The body."""
    data: dict[str, Any] = field(default_factory=dict)
    """The JSON form."""
    csv_headers: tuple[str, ...] = ()
    """Columns of the CSV form."""
    csv_rows: tuple[tuple[Cell, ...], ...] = ()
    """Rows of the CSV form."""

    def charts(self) -> list[Chart]:
        """Every chart in the report, in order."""
        return [b.chart for s in self.sections for b in s.blocks if isinstance(b, Figure)]


@dataclass(frozen=True, slots=True)
class Rendered:
    """A report in one format: the main file's text and the files beside it (charts)."""

    name: str
    """Main file name, with its suffix."""
    text: str
    """Main file contents."""
    files: tuple[tuple[str, bytes], ...] = ()
    """``(file name, bytes)`` written beside the main file."""


# --------------------------------------------------------------------------------------------
# names


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII letters, digits and single dashes; a short hash for text with no such letters."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:limit].strip("-")
    if out:
        return out
    return "x" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8] if text.strip() else ""


def file_stem(day: date | None, *parts: str | None) -> str:
    """``YYYY-MM-DD_part_part``: a deterministic, sanitised file name stem."""
    words = [s for s in (slug(p) for p in parts if p) if s]
    return "_".join([day.isoformat() if day else "undated", *words])[:120].strip("-_")


class Names:
    """Unique file stems, in call order: the first keeps its stem, repeats get ``-2``, ``-3``, ..."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.seen: Counter[str] = Counter()

    def __call__(self, stem: str) -> str:
        self.seen[stem] += 1
        name = stem if self.seen[stem] == 1 else f"{stem}-{self.seen[stem]}"
        while name in self.taken:
            self.seen[stem] += 1
            name = f"{stem}-{self.seen[stem]}"
        self.taken.add(name)
        return name


def unique_names(stems: Iterable[str]) -> list[str]:
    """The stems in order, repeats numbered (``name``, ``name-2``, ``name-3``, ...)."""
    names = Names()
    return [names(s) for s in stems]


def _file(path: str | None) -> str | None:
    """A source path without its folders (reports do not depend on where files were read from)."""
    if not path:
        return None
    return path.replace("\\", "/").rsplit("/", 1)[-1]


# --------------------------------------------------------------------------------------------
# readout


def _principal(sp: Split) -> Party | None:
    return next((p for p in sp.parties if p.role == "principal"), None)


def _counterpart(sp: Split) -> Party | None:
    return next((p for p in sp.parties if p.role == "counterpart"), None)


def _day(al: Alignment) -> date | None:
    r = al.split.readout
    return r.meeting_date or r.published


def _who(sp: Split, pid: str) -> str:
    if pid == JOINT:
        return "both sides (joint)"
    if pid == NARRATOR:
        return "narrator"
    p = sp.party(pid)
    return p.name if p else pid


def _cue(s: Statement) -> str:
    return (s.cue or "") + (f"; cites {s.cited}" if s.cited else "")


def _status(t: Theme) -> str:
    status: str = t.status
    return status + (" (+joint)" if t.joint and status != "joint" else "")


def _most(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _words(text: str, t: Theme, parties: Sequence[str], limit: int = 3) -> str:
    seen = list(dict.fromkeys(" ".join(e.span.of(text).split()) for e in t.evidence if e.party in parties))
    return "; ".join(seen[:limit]) + (" ..." if len(seen) > limit else "")


def _stance(t: Theme, parties: Sequence[str]) -> str:
    st = next((e.stance for e in t.evidence if e.party in parties and e.stance), None)
    return st.label if st else ""


def _readout_facts(al: Alignment, extra: Sequence[tuple[str, str | None]] = ()) -> Facts:
    r = al.split.readout
    items = [
        ("published", r.published.isoformat() if r.published else None),
        ("meeting date", r.meeting_date.isoformat() if r.meeting_date else None),
        ("place", r.place),
        ("kind", r.kind if r.kind != "unknown" else None),
        ("publisher", r.source),
        ("file", _file(r.path)),
        ("url", r.url),
        *extra,
        *[("note", n) for n in al.split.notes],
    ]
    return Facts(tuple((k, v) for k, v in items if v))


def readout_document(alignment: Alignment, comparison: Comparison | None = None) -> Document:
    """One readout: parties, each side's statements, the alignment table, themes one side raised
    alone, each side's stance per theme, and (given a comparison with the archive) what is
    recurring and what is new."""
    from stance.modality import stance_of

    al = alignment
    sp = al.split
    r = sp.readout
    text = r.text
    p, c = _principal(sp), _counterpart(sp)
    stances = [stance_of(s, text) for s in sp.statements]
    sections: list[Section] = []

    sections.append(Section("Parties", (Table(
        ("role", "name", "title", "organisation", "side", "with"),
        tuple((x.role, x.name, x.title, x.organisation, x.side, ", ".join(x.members)) for x in sp.parties),
        (11, 22, 24, 14, 14, 0), empty="(no parties found)"),)))

    said: list[Section] = [Section("What each side said", ())]
    groups = [(x.id, f"{x.name}" + (f" ({x.side})" if x.side else "")) for x in sp.parties]
    groups += [(JOINT, "Both sides together (joint statements)"), (NARRATOR, "Framing (narrator)")]
    for pid, heading in groups:
        rows = tuple((i + 1, _cue(s), stances[i].label, s.span.of(text))
                     for i, s in enumerate(sp.statements) if s.party == pid)
        if rows or pid not in (JOINT, NARRATOR):
            said.append(Section(heading, (Table(("#", "cue", "stance", "statement"), rows, (3, 16, 14, 60)),),
                                level=3))
    sections += said

    pn = p.name if p else "principal"
    cn = c.name if c else "counterpart"
    pids = (p.id, JOINT) if p else (JOINT,)
    cids = (c.id, JOINT) if c else (JOINT,)
    aligned = [t for t in al.themes if t.status in ("shared", "differ", "joint")]
    sections.append(Section("Themes both sides raise", (
        Paragraph("shared: each side raises the theme in its own words with compatible stances; differ: both "
                  "raise it but their stances pull apart; joint: raised together in a joint statement."),
        Table(("theme", f"{pn}'s words", f"{cn}'s words", "status", "score"),
              tuple((t.name, _words(text, t, pids), _words(text, t, cids),
                     _status(t), f"{t.score:.2f}")
                    for t in aligned),
              (22, 29, 29, 8, 5), empty="(none: no theme raised by each side)"),
    )))

    only: list[Section] = [Section("Themes only one side raises", ())]
    for party in (p, c):
        if party is None:
            continue
        own = [t for t in al.themes if t.status == "only" and any(e.party == party.id for e in t.evidence)]
        only.append(Section(f"Only {party.name}", (Table(
            ("theme", "stance", "words"),
            tuple((t.name, _stance(t, (party.id,)), _words(text, t, (party.id,))) for t in own),
            (26, 16, 54)),), level=3))
    sections += only

    sections.append(Section("Each side's stance per theme", (Table(
        ("theme", pn, cn, "status"),
        tuple((t.name, _stance(t, pids) or "-", _stance(t, cids) or "-", t.status) for t in al.themes),
        (30, 24, 24, 10)),)))

    csv_rows: list[tuple[Cell, ...]] = [
        ("statement", i + 1, "", "", "", s.party, _who(sp, s.party), stances[i].label, s.span.start,
         s.span.end, s.span.of(text), _cue(s))
        for i, s in enumerate(sp.statements)]
    csv_rows += [("theme", e.statement + 1, t.name, t.status, t.score, e.party, _who(sp, e.party),
                  e.stance.label if e.stance else "", e.span.start, e.span.end, e.span.of(text), t.basis)
                 for t in al.themes for e in t.evidence]

    data = serialize.alignment(al)
    data["readout"]["path"] = _file(r.path)
    for st_dict, st in zip(data["statements"], stances, strict=True):
        st_dict["stance"] = serialize.stance(st)
    extra: list[tuple[str, str | None]] = []
    if comparison is not None:
        sections += _compare_sections(comparison)
        csv_rows += _compare_rows(comparison)
        data["compare"] = _compare_data(comparison)
        if comparison.readout_id is not None:
            extra.append(("archive id", str(comparison.readout_id)))
    names = [x.name for x in (p, c) if x is not None] or [r.title]
    return Document(
        kind="readout", name=file_stem(_day(al), *names), title=r.title or "(untitled)",
        facts=_readout_facts(al, extra), sections=tuple(sections), data={"report": "readout", **data},
        csv_headers=("section", "n", "theme", "status", "score", "party", "speaker", "stance", "start", "end",
                     "text", "note"),
        csv_rows=tuple(csv_rows))


def _iso(d: date | None) -> str:
    return d.isoformat() if d else "undated"


def _compare_sections(cm: Comparison) -> list[Section]:
    sp = cm.alignment.split
    pub = cm.source or "any publisher"
    n_rec = cm.n_recurring
    out = [Section("Against the archive", (
        Facts((("archived as", f"#{cm.readout_id}" if cm.readout_id is not None else "not archived"),
               ("formulas counted in", f"earlier readouts of {pub}"),
               ("statements", f"{n_rec} recurring formula{'s' if n_rec != 1 else ''}, "
                              f"{len(cm.wordings) - n_rec} new wording"))),))]
    rec = [w for w in cm.wordings if w.recurring]
    out.append(Section("Recurring formulas", (Table(
        ("#", "who", "readouts", "first seen", "first in", "statement"),
        tuple((w.statement + 1, _who(sp, w.party), w.count, _iso(w.first_published),
               f"#{w.first_readout}" if w.first_readout is not None else "", w.text) for w in rec),
        (3, 16, 8, 10, 8, 45), empty="(none: no statement repeats an earlier readout's wording)"),), level=3))
    new = [w for w in cm.wordings if not w.recurring]
    out.append(Section("New wording", (Table(
        ("#", "who", "statement"), tuple((w.statement + 1, _who(sp, w.party), w.text) for w in new),
        (3, 18, 75)),), level=3))
    if cm.previous is None:
        themes: list[Block] = [Paragraph("No earlier readout with this counterpart in the archive, so no "
                                         "theme is new or dropped.")]
    else:
        prev = cm.previous
        themes = [Facts((
            ("new with this counterpart", ", ".join(t.theme for t in cm.new_themes) or "(none)"),
            (f"dropped since #{prev.readout_id} ({_iso(prev.published)})",
             ", ".join(t.theme for t in cm.dropped_themes) or "(none)")))]
    out.append(Section("Themes new or dropped with this counterpart", tuple(themes), level=3))
    out.append(Section("Stance shifts", (Table(
        ("theme", "then", "now", "then: words", "now: words"),
        tuple((s.theme, f"{s.before.label} (#{s.before.readout_id}, {_iso(s.before.published)})",
               s.after.label, s.before.text, s.after.text) for s in cm.shifts),
        (16, 18, 12, 24, 24), empty="(none)"),), level=3))
    out.append(Section("Nearest archived readouts", (Table(
        ("id", "date", "publisher", "cosine", "title"),
        tuple((f"#{n.readout_id}", _iso(n.published), n.source, f"{n.score:.2f}", n.title)
              for n in cm.nearest),
        (6, 10, 12, 6, 60)),), level=3))
    return out


def _compare_rows(cm: Comparison) -> list[tuple[Cell, ...]]:
    sp = cm.alignment.split
    rows: list[tuple[Cell, ...]] = []
    for w in cm.wordings:
        note = (f"first seen {_iso(w.first_published)} in #{w.first_readout}; {w.count} earlier readouts"
                if w.recurring else "new wording")
        rows.append(("wording", w.statement + 1, "", "recurring" if w.recurring else "new", w.score, w.party,
                     _who(sp, w.party), "", w.span.start, w.span.end, w.text, note))
    for s in cm.shifts:
        rows.append(("shift", "", s.theme, f"{s.before.label} -> {s.after.label}", "", "", "", s.after.label,
                     s.after.span.start, s.after.span.end, s.after.text,
                     f"then #{s.before.readout_id} ({_iso(s.before.published)}): {s.before.text}"))
    return rows


def _compare_data(cm: Comparison) -> dict[str, Any]:
    from stance.archive import plain

    out: dict[str, Any] = plain(cm)
    out.pop("alignment", None)
    return out


# --------------------------------------------------------------------------------------------
# two accounts of one meeting


def accounts_document(comparison: AccountsComparison) -> Document:
    """Two governments' accounts of one meeting: what both report, what each alone reports,
    claims about the other side it does not confirm, differing characterisations, numbers in
    one account only, topic order."""
    cm = comparison
    texts = (cm.a.readout.text, cm.b.readout.text)
    label = _account_labels(cm)

    def words(t: Any, k: int, limit: int = 3) -> str:
        seen = list(dict.fromkeys(" ".join(e.span.of(texts[k]).split())
                                  for e in t.evidence if e.account == k))
        return "; ".join(seen[:limit]) + (" ..." if len(seen) > limit else "")

    facts: list[tuple[str, str]] = []
    for k in (0, 1):
        r = cm.split(k).readout
        facts.append((label[k], f"{r.title} ({_iso(r.published)})"))
        if r.path:
            facts.append((f"{label[k]} file", _file(r.path) or ""))
    sections: list[Section] = []
    both = [t for t in cm.topics if t.status == "both"]
    sections.append(Section("Reported by both", (Table(
        ("topic", label[0], label[1]), tuple((t.name, words(t, 0), words(t, 1)) for t in both),
        (26, 36, 36)),)))
    sections.append(Section("Reported by one account only", ()))
    for k in (0, 1):
        only = [t for t in cm.topics if t.status == "only" and t.evidence[0].account == k]
        sections.append(Section(f"Only in {label[k]}", (Table(
            ("topic", "words"), tuple((t.name, words(t, k)) for t in only), (30, 68)),), level=3))
    unconfirmed = [cl for cl in cm.claims if not cl.confirmed]
    confirmed = [cl for cl in cm.claims if cl.confirmed]
    sections.append(Section("Claims about the other side that it does not confirm", (
        Paragraph("What one account says the other government's official said, which that government's own "
                  "account does not report."),
        Table(("account", "speaker", "claim"),
              tuple((label[cl.account], cl.speaker, cl.span.of(texts[cl.account])) for cl in unconfirmed),
              (16, 18, 62)),
    )))
    sections.append(Section("Claims the other account confirms", (Table(
        ("account", "speaker", "claim", "in the other account"),
        tuple((label[cl.account], cl.speaker, cl.span.of(texts[cl.account]),
               cl.match.span.of(texts[cl.match.account]) if cl.match else "") for cl in confirmed),
        (14, 14, 34, 34)),), level=3))
    chars = {k: [ch for ch in cm.characterisations if ch.account == k] for k in (0, 1)}
    wordset = {k: {w for ch in chars[k] for w in ch.words} for k in (0, 1)}
    differs: list[Block] = [Table(
        ("account", "words", "sentence"),
        tuple((label[ch.account], ", ".join(ch.words), ch.span.of(texts[ch.account]))
              for ch in cm.characterisations),
        (16, 22, 58), empty="(neither account characterises the talks)")]
    if wordset[0] or wordset[1]:
        differs.append(Facts(tuple(
            (f"only {label[k]}", ", ".join(sorted(wordset[k] - wordset[1 - k])) or "(none)")
            for k in (0, 1))))
    sections.append(Section("How each account describes the talks", tuple(differs)))
    sections.append(Section("Numbers and dates in one account only", (Table(
        ("account", "detail", "in the sentence"),
        tuple((label[d.account], d.span.of(texts[d.account]), _sentence_of(cm.split(d.account), d.span))
              for d in cm.details),
        (16, 16, 64)),)))
    n = max(len(cm.order[0]), len(cm.order[1]))
    sections.append(Section("Order of the shared topics", (Table(
        ("#", label[0], label[1]),
        tuple((i + 1, *(o[i] if i < len(o) else "" for o in cm.order)) for i in range(n)),
        (3, 46, 46)),)))

    rows: list[tuple[Cell, ...]] = []
    for t in cm.topics:
        rows += [("topic", e.account, t.name, t.status, "", e.party, e.span.start, e.span.end,
                  e.span.of(texts[e.account]), t.basis) for e in t.evidence]
    rows += [("claim", cl.account, "", "confirmed" if cl.confirmed else "not confirmed", cl.speaker, "",
              cl.span.start, cl.span.end, cl.span.of(texts[cl.account]),
              cl.match.span.of(texts[cl.match.account]) if cl.match else "") for cl in cm.claims]
    rows += [("characterisation", ch.account, "", "", "", "", ch.span.start, ch.span.end, ", ".join(ch.words),
              ch.span.of(texts[ch.account])) for ch in cm.characterisations]
    rows += [("detail", d.account, "", "", "", "", d.span.start, d.span.end, d.span.of(texts[d.account]), "")
             for d in cm.details]
    data = serialize.accounts(cm)
    for acc in data["accounts"]:
        acc["readout"]["path"] = _file(acc["readout"]["path"])
    days = [d for d in (cm.a.readout.meeting_date or cm.a.readout.published,
                        cm.b.readout.meeting_date or cm.b.readout.published) if d]
    pa, ca = _principal(cm.a), _counterpart(cm.a)
    names = [x.name for x in (pa, ca) if x is not None] or [cm.a.readout.title]
    title = " / ".join(x.name for x in (pa, ca) if x is not None) or cm.a.readout.title
    return Document(
        kind="accounts", name=file_stem(min(days) if days else None, "accounts", *names),
        title=f"Two accounts of one meeting: {title}", facts=Facts(tuple(facts)), sections=tuple(sections),
        data={"report": "accounts", **data},
        csv_headers=("section", "account", "topic", "status", "speaker", "party", "start", "end", "text",
                     "note"),
        csv_rows=tuple(rows))


def _account_labels(cm: AccountsComparison) -> tuple[str, str]:
    """Each account's publisher, or "account 1" and "account 2" when that does not tell them apart."""
    a, b = cm.a.readout.source, cm.b.readout.source
    if a and b and a.lower() != b.lower():
        return a, b
    return "account 1", "account 2"


def _sentence_of(sp: Split, span: Any) -> str:
    st = next((s for s in sp.statements if s.span.contains(span)), None)
    return st.span.of(sp.readout.text) if st else ""


# --------------------------------------------------------------------------------------------
# archive overview


@dataclass
class _Wording:
    """One normalised statement wording of a publisher: where it is used, and its first use."""

    readouts: set[int]
    first: tuple[date | None, int, str, str]
    """``(published, readout id, words, who)`` of the earliest use."""


@dataclass(frozen=True, slots=True)
class Formula:
    """A wording (with its near-same variants) that recurs in a publisher's readouts."""

    readouts: int
    """Readouts using it."""
    variants: int
    """Distinct wordings merged into it (near-same: rapidfuzz ratio >= compare's formula score)."""
    first_published: date | None
    """Date of the first readout using it."""
    first_readout: int
    """Archive id of that readout."""
    text: str
    """Its words there."""
    who: str
    """Who says it there: principal, counterpart or joint."""


def _first(a: tuple[date | None, int, str, str], b: tuple[date | None, int, str, str]) -> bool:
    """True when use ``a`` came before ``b`` (undated last, then by id)."""
    return (a[0] is None, a[0] or date.min, a[1]) < (b[0] is None, b[0] or date.min, b[1])


def recurring_formulas(wordings: dict[str, _Wording]) -> list[Formula]:
    """Near-same wordings merged (MinHash LSH keys, then rapidfuzz ``ratio``); those in two or more
    readouts, most used first."""
    from rapidfuzz import fuzz

    from stance.archive import band_keys_many
    from stance.compare import FORMULA_MIN_SCORE

    norms = list(wordings)
    parent = list(range(len(norms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[int, list[int]] = {}
    for i, keys in enumerate(band_keys_many(norms)):
        for k in keys:
            buckets.setdefault(k, []).append(i)
    for members in buckets.values():
        head = members[0]
        for j in members[1:]:
            a, b = find(head), find(j)
            if a != b and fuzz.ratio(norms[head], norms[j]) >= FORMULA_MIN_SCORE:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(norms)):
        groups.setdefault(find(i), []).append(i)
    out: list[Formula] = []
    for members in groups.values():
        ws = [wordings[norms[i]] for i in members]
        used = set().union(*(w.readouts for w in ws))
        if len(used) < 2:
            continue
        first = ws[0].first
        for w in ws[1:]:
            if _first(w.first, first):
                first = w.first
        out.append(Formula(readouts=len(used), variants=len(ws), first_published=first[0],
                           first_readout=first[1], text=first[2], who=first[3]))
    out.sort(key=lambda f: (-f.readouts, f.first_published is None, f.first_published or date.min,
                            f.first_readout))
    return out


@dataclass
class OverviewStats:
    """What the archive overview counts; fed one readout at a time (see :meth:`add`)."""

    readouts: int = 0
    first: date | None = None
    last: date | None = None
    sides: Counter[str] = field(default_factory=Counter)
    """Readouts per side (either role)."""
    publishers: Counter[str] = field(default_factory=Counter)
    """Readouts per publisher."""
    raised: dict[str, Counter[str]] = field(default_factory=dict)
    """Per theme: readouts in which each side raises it."""
    status: dict[str, Counter[str]] = field(default_factory=dict)
    """Per theme: readouts per status (shared, differ, joint, only)."""
    wordings: dict[str, dict[str, _Wording]] = field(default_factory=dict)
    """Per publisher, per normalised wording of a party's or joint statement: its uses."""

    def add(self, readout_id: int, al: Alignment) -> None:
        """Count one archived readout."""
        from stance.archive import normalise

        sp = al.split
        r = sp.readout
        self.readouts += 1
        d = r.published
        if d is not None:
            self.first = d if self.first is None or d < self.first else self.first
            self.last = d if self.last is None or d > self.last else self.last
        side_of = {x.id: x.side for x in sp.parties if x.side}
        for s in dict.fromkeys(side_of.values()):
            self.sides[s] += 1
        pub = r.source or "unknown publisher"
        self.publishers[pub] += 1
        seen: dict[str, set[str]] = {}
        stat: dict[str, str] = {}
        for t in al.themes:
            sides = seen.setdefault(t.name, set())
            for e in t.evidence:
                if e.party == JOINT or t.joint:
                    sides.update(side_of.values())
                elif e.party in side_of:
                    sides.add(side_of[e.party])
            best = stat.get(t.name)
            if best is None or _STATUS_RANK[t.status] < _STATUS_RANK[best]:
                stat[t.name] = t.status
        for name, sides in seen.items():
            self.raised.setdefault(name, Counter()).update(sides)
            self.status.setdefault(name, Counter())[stat[name]] += 1
        forms = self.wordings.setdefault(pub, {})
        role = {x.id: x.role for x in sp.parties}
        for stmt in sp.statements:
            if stmt.party == NARRATOR:
                continue
            words = stmt.span.of(r.text)
            norm = normalise(words)
            if len(norm.split()) < MIN_FORMULA_WORDS:
                continue
            use = (d, readout_id, " ".join(words.split()), role.get(stmt.party, stmt.party))
            w = forms.get(norm)
            if w is None:
                forms[norm] = _Wording({readout_id}, use)
            else:
                w.readouts.add(readout_id)
                if _first(use, w.first):
                    w.first = use

    def themes(self) -> list[str]:
        """Themes, most readouts first."""
        return sorted(self.status, key=lambda n: (-sum(self.status[n].values()), n))


_STATUS_RANK = {"shared": 0, "differ": 1, "joint": 2, "only": 3}


def overview_stats(archive: Archive) -> OverviewStats:
    """Count every archived readout (stored analyses; nothing is analysed again)."""
    stats = OverviewStats()
    for row in archive.rows(order="id"):
        stats.add(row.id, archive.alignment(row.id))
    return stats


def overview_document(archive: Archive | OverviewStats, *, name: str = "archive-overview") -> Document:
    """The archive at a glance: a themes x sides matrix (how often each side raises each theme,
    how often shared), the most shared and most divergent themes, and each publisher's
    recurring formulas with counts and first-seen dates."""
    st = archive if isinstance(archive, OverviewStats) else overview_stats(archive)
    themes = st.themes()
    sides = [s for s, _ in sorted(st.sides.items(), key=lambda kv: (-kv[1], kv[0]))]
    top_sides = sides[:MATRIX_SIDES]
    facts = Facts((
        ("readouts", str(st.readouts)),
        ("published", f"{_iso(st.first)} to {_iso(st.last)}" if st.first else "undated"),
        ("publishers", ", ".join(f"{p} ({n})" for p, n in _most(st.publishers))),
        ("sides", f"{len(sides)}: " + ", ".join(f"{s} ({st.sides[s]})" for s in sides[:12])
         + (" ..." if len(sides) > 12 else "")),
        ("themes", str(len(themes))),
    ))

    def both(n: str) -> int:
        c = st.status[n]
        return c["shared"] + c["differ"] + c["joint"]

    def total(n: str) -> int:
        return sum(st.status[n].values())

    shown = themes[:MATRIX_THEMES]
    counts = [[st.raised[n][side] for side in top_sides] + [total(n), both(n)] for n in shown]
    matrix_rows: tuple[tuple[Cell, ...], ...] = tuple((n, *row) for n, row in zip(shown, counts, strict=True))
    chart = MatrixChart(
        name="matrix", title=f"Readouts in which each side raises each theme (top {len(shown)} themes, "
        f"{len(top_sides)} sides)", rows=tuple(shown), columns=(*top_sides, "all readouts", "both sides"),
        values=tuple(tuple(row) for row in counts), gap_after=len(top_sides))
    sections = [Section("Themes x sides", (
        Paragraph(f"How many readouts raise each theme: per side (the {len(top_sides)} sides with the most "
                  "readouts), in all, and with both sides raising it (shared, differing or joint)."),
        Figure(chart),
        Table(("theme", *top_sides, "all", "both"), matrix_rows,
              (24, *(max(5, min(9, len(s))) for s in top_sides), 5, 5)),
    ))]
    support = max(2, st.readouts // 100) if st.readouts >= 20 else 1
    cand = [n for n in themes if total(n) >= support]
    shared = sorted(cand, key=lambda n: (-both(n) / total(n), -total(n), n))[:RANKED]
    sections.append(Section("Most shared themes", (
        Paragraph(f"Themes raised in at least {support} readout{'s' if support > 1 else ''}, by the share of "
                  "readouts in which both sides raise them."),
        Table(("theme", "readouts", "both sides", "shared", "joint", "share"),
              tuple((n, total(n), both(n), st.status[n]["shared"], st.status[n]["joint"],
                     f"{both(n) / total(n):.0%}") for n in shared), (36, 8, 10, 8, 8, 6)),
    )))
    divergent = sorted(cand, key=lambda n: (-(st.status[n]["differ"] + st.status[n]["only"]) / total(n),
                                            -st.status[n]["differ"], -total(n), n))[:RANKED]
    sections.append(Section("Most divergent themes", (
        Paragraph("By the share of readouts in which only one side raises the theme or the two sides' "
                  "stances on it differ."),
        Table(("theme", "readouts", "differ", "one side", "share"),
              tuple((n, total(n), st.status[n]["differ"], st.status[n]["only"],
                     f"{(st.status[n]['differ'] + st.status[n]['only']) / total(n):.0%}") for n in divergent),
              (40, 8, 8, 8, 6)),
    )))
    sections.append(Section("Recurring formulas per publisher", (Paragraph(
        f"What the parties say (alone or jointly; framing sentences left out) in statements of "
        f"{MIN_FORMULA_WORDS} words or more whose wording, or a near-same variant, recurs in two or more "
        "readouts of the same publisher: most used first, with the first readout using it."),)))
    rows: list[tuple[Cell, ...]] = []
    formulas_data: dict[str, list[dict[str, Any]]] = {}
    for pub in sorted(st.wordings, key=lambda p: (-st.publishers[p], p)):
        rec = recurring_formulas(st.wordings[pub])
        formulas_data[pub] = [{"readouts": f.readouts, "variants": f.variants,
                               "first_published": _iso(f.first_published) if f.first_published else None,
                               "first_readout": f.first_readout, "text": f.text, "who": f.who} for f in rec]
        rows += [("formula", pub, "", f.who, f.readouts, _iso(f.first_published), f.first_readout, f.text)
                 for f in rec]
        sections.append(Section(pub, (Table(
            ("readouts", "variants", "first seen", "first in", "who", "wording"),
            tuple((f.readouts, f.variants, _iso(f.first_published), f"#{f.first_readout}", f.who, f.text)
                  for f in rec[:RANKED]),
            (8, 8, 10, 8, 11, 47), empty="(none: no wording recurs)"),), level=3))
    rows = ([("theme", "", n, side, st.raised[n][side], "", "", "")
             for n in themes for side in sorted(st.raised[n])]
            + [("status", "", n, k, v, "", "", "") for n in themes for k, v in sorted(st.status[n].items())]
            + rows)
    data = {
        "report": "overview", "readouts": st.readouts,
        "published": [st.first.isoformat() if st.first else None, st.last.isoformat() if st.last else None],
        "publishers": dict(sorted(st.publishers.items())), "sides": dict(sorted(st.sides.items())),
        "themes": [{"theme": n, "readouts": total(n), "status": dict(sorted(st.status[n].items())),
                    "sides": dict(sorted(st.raised[n].items()))} for n in themes],
        "most_shared": shared, "most_divergent": divergent, "formulas": formulas_data,
    }
    return Document(
        kind="overview", name=slug(name, 80) or "archive-overview", title="Archive overview", facts=facts,
        sections=tuple(sections), data=data,
        csv_headers=("section", "publisher", "theme", "key", "count", "first_published", "first_readout",
                     "text"),
        csv_rows=tuple(rows))


# --------------------------------------------------------------------------------------------
# timeline


def timeline_document(timeline: Timeline) -> Document:
    """A side's line over time: readouts per month per theme (a chart), each theme's dated
    statements with stance, and when phrases first appear."""
    from stance.archive import plain

    tl = timeline
    axis = tuple(m for m, _ in tl.months)
    title = f"{tl.side}: {tl.theme}" if tl.theme else f"{tl.side}: every theme"
    facts = Facts(tuple((k, v) for k, v in (
        ("side", tl.side), ("theme", tl.theme or "every theme"),
        ("since", tl.since.isoformat() if tl.since else ""),
        ("readouts", f"{tl.readouts} with this side" + (f", {axis[0]} to {axis[-1]}" if axis else "")),
        ("themes", str(len(tl.themes)))) if v))
    sections: list[Section] = []
    if tl.themes:
        series = tuple((line.theme, tuple(dict(line.months).get(m, 0) for m in axis)) for line in tl.themes)
        points: tuple[tuple[date, float], ...] = ()
        if tl.theme is not None:
            points = tuple((e.published, float(e.strength)) for e in tl.themes[0].entries
                           if e.published is not None and e.strength is not None)
        chart = TimelineChart(
            name="timeline",
            title=(f"{tl.side} on {tl.theme}: stance of each statement, readouts per month" if tl.theme
                   else f"{tl.side}: readouts per month raising its most raised themes"),
            months=axis, series=series, points=points)
        text_chart = _month_text(tl.themes[0].months) if tl.theme else ""
        blocks: list[Block] = [Figure(chart, text_chart)]
        if tl.theme is None:
            blocks.append(Table(
                ("theme", "readouts", "per month", "first", "latest", "latest stance"),
                tuple((line.theme, line.readouts, _spark(line.months, axis), _iso(line.entries[0].published),
                       _iso(line.entries[-1].published), line.entries[-1].stance or "")
                      for line in tl.themes),
                (26, 8, 20, 10, 10, 14)))
        sections.append(Section("Over time", tuple(blocks)))
    else:
        sections.append(Section("Over time", (Paragraph(
            f"No theme stored for {tl.side}" + (f" on {tl.theme!r}" if tl.theme else "") + "."),)))
    for line in tl.themes if tl.theme else tl.themes[:THEMES_SHOWN]:
        shown = line.entries if tl.theme else line.entries[-ENTRIES_SHOWN:]
        blocks = []
        if len(shown) < len(line.entries):
            blocks.append(Paragraph(f"The latest {len(shown)} of {len(line.entries)} statements (the JSON "
                                    "and CSV reports hold all)."))
        blocks.append(Table(("date", "id", "stance", "words", "readout"),
                            tuple((_iso(e.published), f"#{e.readout_id}", e.stance or "", e.text,
                                   e.title if k == 0 or shown[k - 1].readout_id != e.readout_id else "")
                                  for k, e in enumerate(shown)), (10, 6, 14, 34, 30)))
        sections.append(Section(f"{line.theme}: {line.readouts} readout{'s' if line.readouts != 1 else ''}",
                                tuple(blocks)))
    if tl.phrases:
        sections.append(Section("First appearance of phrases", (Table(
            ("phrase", "first", "id", "readouts"),
            tuple((p.phrase, _iso(p.first_published) if p.readout_id else "never",
                   f"#{p.readout_id}" if p.readout_id else "", p.count) for p in tl.phrases),
            (44, 10, 6, 8)),)))
    rows = tuple(tuple(r) for r in tables.timeline_rows(tl))
    return Document(
        kind="timeline", name="_".join(x for x in ("timeline", slug(tl.side), slug(tl.theme or "")) if x),
        title=f"Timeline of {title}", facts=facts, sections=tuple(sections),
        data={"report": "timeline", **plain(tl)}, csv_headers=tuple(tables.TRACK_CSV_HEADERS), csv_rows=rows)


def _month_text(months: Sequence[tuple[str, int]]) -> str:
    """A bar per month; for long spans a sparkline of all months, then bars for the months with any."""
    if len(months) <= 24:
        return tables.month_chart(months)
    line = f"{months[0][0]} {tables.sparkline([n for _, n in months])} {months[-1][0]}"
    return line + "\n\n" + tables.month_chart([(m, n) for m, n in months if n])


def _spark(months: Sequence[tuple[str, int]], axis: Sequence[str], last: int = 24) -> str:
    """A sparkline of the latest ``last`` months of the axis."""
    counts = dict(months)
    return tables.sparkline([counts.get(m, 0) for m in axis])[-last:]


# --------------------------------------------------------------------------------------------
# rendering

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~&$]|(?<![^\W_])_|_(?![^\W_]))")


def clean(value: Cell) -> str:
    """A cell as one line of text: control characters dropped, whitespace runs made one space."""
    if value is None:
        return ""
    return " ".join(_CONTROL.sub("", str(value)).split())


def md(value: Cell) -> str:
    """Text for markdown: one line, markup characters (pipes too) backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", clean(value))


def esc(value: Cell) -> str:
    """Text for HTML: one line, escaped."""
    return html.escape(clean(value), quote=True)


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
    return tables.table(rows, heads, "text")


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


def _render_text(doc: Document) -> str:
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


def _md_table(t: Table) -> str:
    if not t.rows:
        return md(t.empty)
    return tables.table([[md(v) for v in row] for row in t.rows], [md(h) for h in t.headers], "markdown")


def _md_facts(f: Facts) -> list[str]:
    return [f"- **{md(k)}:** {md(v)}" for k, v in f.items]


def _chart_file(doc_name: str, chart: Chart) -> str:
    return f"{doc_name}.{slug(chart.name)}.svg"


def _render_markdown(doc: Document, name: str) -> Rendered:
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


def _render_html(doc: Document) -> str:
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
        return _render_markdown(doc, stem)
    if fmt == "text":
        text = _render_text(doc)
    elif fmt == "html":
        text = _render_html(doc)
    elif fmt == "json":
        text = tables.to_json({"title": doc.title, **doc.data}) + "\n"
    else:
        text = tables.to_csv([[_csv_cell(v) for v in row] for row in doc.csv_rows], doc.csv_headers)
    return Rendered(name=stem + EXTENSIONS[fmt], text=text)


# --------------------------------------------------------------------------------------------
# writing

_SAFE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


def _write(folder: Path, name: str, data: bytes) -> Path:
    """Write one file inside ``folder``, atomically, replacing (never following) what is there."""
    if not _SAFE_FILE.fullmatch(name) or ".." in name:
        raise StanceError(f"refusing to write {name!r}: report file names are letters, digits, dots, "
                          "dashes and underscores", path=str(folder))
    target = folder / name
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".stance-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def write_report(doc: Document, out_dir: str | Path, fmt: str = "text", *, name: str | None = None) -> Path:
    """Write ``doc`` as ``out_dir/<name><suffix>`` (charts beside a markdown report); returns its path.

    ``name`` defaults to the document's own deterministic name; it is sanitised either way, so
    nothing is written outside ``out_dir``. The folder is created when missing; a report of the
    same name is replaced. Raises :class:`~stance.errors.StanceError` when the folder cannot be
    written.
    """
    folder = Path(out_dir)
    stem = slug(name, 120) if name is not None else doc.name
    if not stem or not _SAFE_FILE.fullmatch(stem):
        stem = slug(stem, 120) or "report"
    out = render(doc, fmt, name=stem)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():
            raise NotADirectoryError(str(folder))
        for fname, data in out.files:
            _write(folder, fname, data)
        return _write(folder, out.name, out.text.encode("utf-8"))
    except OSError as exc:
        raise StanceError(f"cannot write the report: {exc.strerror or exc}; choose another --out folder",
                          path=str(folder)) from exc


def with_name(doc: Document, name: str) -> Document:
    """The document under another file name stem (sanitised)."""
    return replace(doc, name=slug(name, 120) or doc.name)


# --------------------------------------------------------------------------------------------
# the seed's reports (reports/ in the repository)

SEED_SIDE = "China"
"""The side whose timeline is among the seed's reports."""


def seed_documents(archive: Archive) -> list[Document]:
    """The seed's reports: each seed readout (with the compare section), the archive overview, and
    the timeline of :data:`SEED_SIDE`."""
    from stance.compare import compare
    from stance.track import track

    docs = []
    for row in archive.rows(order="id"):
        al = archive.alignment(row.id)
        docs.append(readout_document(al, compare(archive, al)))
    docs.append(overview_document(archive))
    docs.append(timeline_document(track(archive, SEED_SIDE)))
    return docs


SEED_README = """# Reports of the seed readouts

Written by `stance report` from an archive of `seeds/`, in every format: the readout (with its
compare section), the archive overview (with the themes x sides chart) and the timeline of China
(with its chart). Markdown reports keep their charts as SVG files beside them; HTML reports are one
self-contained file each.

Regenerate after changing anything they depend on (a test fails while they are out of date):

    .venv/bin/python -m stance.reports --seed

`charts-made-with.txt` names the matplotlib that drew the charts: with another version the test
compares the charts' labels instead of their bytes.
"""


def chart_library() -> str:
    """The plotting library and version that draws the charts (``matplotlib 3.x.y``)."""
    from importlib.metadata import version

    return f"matplotlib {version('matplotlib')}"


def write_seed_reports(out_dir: str | Path = SEED_REPORTS) -> list[Path]:
    """Build a fresh archive of ``seeds/`` (in a temporary folder) and write its reports in every format,
    with a README and the name of the chart library, into ``out_dir``."""
    from stance.archive import Archive

    out = Path(out_dir)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="stance-seed-") as tmp, \
            Archive.open(Path(tmp) / "seed.sqlite3", seed=True) as archive:
        for doc in seed_documents(archive):
            for fmt in REPORT_FORMATS:
                written.append(write_report(doc, out, fmt))
    out.mkdir(parents=True, exist_ok=True)
    written.append(_write(out, "README.md", SEED_README.encode("utf-8")))
    written.append(_write(out, "charts-made-with.txt", (chart_library() + "\n").encode("utf-8")))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m stance.reports --seed [--out DIR]``: regenerate the seed's reports."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m stance.reports",
        description="Regenerate the seed's reports (reports/ in the repository).")
    parser.add_argument("--seed", action="store_true", required=True, help="write the seed readouts' reports")
    parser.add_argument("--out", default=str(SEED_REPORTS), metavar="DIR",
                        help=f"folder (default {SEED_REPORTS})")
    args = parser.parse_args(argv)
    for p in write_seed_reports(args.out):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
