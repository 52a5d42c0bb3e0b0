"""All formatting of tables (tabulate) in one place, and the shared ``--format`` choices."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tabulate import tabulate, tabulate_formats  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from stance.accounts import AccountsComparison, Topic

from stance import safe
from stance.model import JOINT, NARRATOR, Alignment, Party, Split, Theme

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


_TERMINAL = "terminal"
_fit_width: int | None = None
"""Columns the command line's text tables fit (set once by ``stance``'s main; None: as wide as they are)."""


def terminal_width() -> int | None:
    """The columns to fit: ``$COLUMNS`` when set, else the terminal's width when stdout is one; None
    when the output goes to a file or a pipe (tables then keep their natural width)."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    return None


def fit_terminal(width: int | None) -> None:
    """Make every text table that does not say otherwise fit ``width`` columns (None: no limit)."""
    global _fit_width
    _fit_width = width if width is None else max(40, width)


def fit(rows: Sequence[Sequence[Any]], headers: Sequence[str], width: int) -> list[list[Any]]:
    """Rows whose widest columns are re-wrapped so that a text table fits ``width`` columns.

    The widest wrappable column gives way first, down to its header or 10 characters; numbers and
    one-word cells never wrap. A table that cannot fit keeps its narrowest layout.
    """
    n = len(headers)
    cells: list[list[Any]] = [list(r) for r in rows]
    floor = [max(10, len(h) + 2) for h in headers]
    frozen: set[int] = set()

    def col_width(i: int) -> int:
        lines = [x for r in cells if i < len(r) and isinstance(r[i], str) for x in r[i].split("\n")]
        other = [len(str(r[i])) for r in cells if i < len(r) and not isinstance(r[i], str) and r[i] is not None]
        return max([len(headers[i]) + 2, *(len(x) for x in lines), *other])  # tabulate pads heads by 2

    while True:
        widths = [col_width(i) for i in range(n)]
        excess = sum(widths) + 2 * (n - 1) - width
        if excess <= 0:
            break
        wrappable = [i for i in range(n) if i not in frozen and widths[i] > floor[i]
                     and any(isinstance(r[i], str) and " " in r[i].strip() for r in cells if i < len(r))]
        if not wrappable:
            break
        k = max(wrappable, key=lambda i: (widths[i], -i))
        second = max((widths[i] for i in wrappable if i != k), default=0)
        target = max(floor[k], widths[k] - excess, min(second, widths[k] - 1))
        for r in cells:
            if k < len(r) and isinstance(r[k], str):
                r[k] = "\n".join(textwrap.wrap(" ".join(r[k].split()), target)) or ""
        if col_width(k) >= widths[k]:
            frozen.add(k)
    return cells


def note(text: str) -> str:
    """A line of running text under a table, wrapped to the terminal (or :data:`WIDTH`)."""
    return wrap(text, min(_fit_width or WIDTH, WIDTH))


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str], fmt: str = "text",
          *, width: int | None | str = _TERMINAL) -> str:
    """A table in the given format (text, markdown or any tabulate format; csv as CSV).

    A text table fits ``width`` columns (default: the command line's terminal, see
    :func:`fit_terminal`; None: as wide as its cells).
    """
    if fmt == "csv":
        return to_csv(rows, headers)
    if fmt == "tsv":  # a spreadsheet opens it: formula-like cells neutralised (stance.safe.cell)
        rows = [[safe.cell(v) for v in r] for r in rows]
    limit = _fit_width if width == _TERMINAL else width
    if fmt == "text" and isinstance(limit, int):
        rows = fit(rows, headers, limit)
    return str(tabulate(list(rows), headers=list(headers), tablefmt=tablefmt(fmt), disable_numparse=True))


def to_csv(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> str:
    """RFC 4180 CSV with a header row; every cell through :func:`stance.safe.cell` (no formulas, no
    terminal control codes)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    for r in rows:
        w.writerow(["" if v is None else safe.cell(v) for v in r])
    return buf.getvalue()


def to_json(doc: Any) -> str:
    """Stable, readable JSON (UTF-8 kept as is; C1 controls and bidi overrides as ``\\uXXXX``)."""
    return safe.json_text(json.dumps(doc, ensure_ascii=False, indent=2))


def party_label(split: Split, pid: str) -> str:
    """A short label for a statement's party: the surname, "joint" or "narrator"."""
    if pid in (JOINT, NARRATOR):
        return pid
    p = split.party(pid)
    return p.name if p else pid


def display_aliases(p: Party, limit: int = 10) -> str:
    """The aliases a person wants to see (no honorific, capitalisation or "of the" variants)."""
    shown: list[str] = []
    for a in p.aliases:
        if a == p.name or a.startswith(("Mr", "Ms", "Mrs", "Dr.", "Madam", "The ")) or " of the " in a:
            continue
        if a.lower() in (x.lower() for x in shown):
            continue
        if " of " in a and any(" of " in x for x in shown):
            continue  # one "the Minister of China" is enough to show the pattern
        shown.append(a)
    more = len(p.aliases) - len(shown) - 1
    return ", ".join(shown[:limit]) + (f" (+{more + max(0, len(shown) - limit)} more in --format json)"
                                       if len(shown) > limit else "")


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
            (p.id, p.role, p.name, wrap(p.title or "", 30), p.side or "", wrap(display_aliases(p), 44))
            for p in split.parties
        ]
        lines.append(table(prow, ["id", "role", "name", "title", "side", "aliases"], fmt))
        lines += [f"{'unsure:':14}{p.id} {p.name}: {n}" for p in split.parties for n in p.notes]
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
        if fmt == "text":
            lines.append("score: how closely the two sides match on the theme (0 to 1)")
    else:
        lines.append("  (none: no theme raised by each side in its own words)")
    joint = [t for t in al.themes if t.status == "joint"]
    if joint:
        lines.append("")
        lines.append("Together (joint statements)")
        lines.append(table([(t.name, _words(al, t, JOINT, 60)) for t in joint], ["theme", "words"], fmt))
    for party in (p, c):
        if party is None:
            continue
        own = [t for t in al.themes if t.status == "only" and any(e.party == party.id for e in t.evidence)]
        lines.append("")
        lines.append(f"Only {party.name}")
        if own:
            lines.append(table([(t.name, _stance_label(t, party.id), _words(al, t, party.id, 56)) for t in own],
                               ["theme", "stance", "words"], fmt))
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


# ---------------------------------------------------------------------------------------------
# Two accounts of one meeting


def _account_name(c: AccountsComparison, account: int) -> str:
    r = c.split(account).readout
    return f"[{account}] {r.source or r.path or 'account'}"


def accounts_text(c: AccountsComparison, fmt: str = "text") -> str:
    """Both accounts of one meeting: shared topics, one-account topics, claims, tone, numbers, order."""
    texts = (c.a.readout.text, c.b.readout.text)
    names = (_account_name(c, 0), _account_name(c, 1))
    lines = ["Two accounts of one meeting", "=" * 27]
    for k in (0, 1):
        r = c.split(k).readout
        lines.append(f"{names[k]}: {r.title}" + (f" ({r.published.isoformat()})" if r.published else ""))
    lines.append("")

    def words(t: Topic, k: int, width: int) -> str:
        seen = list(dict.fromkeys(" ".join(e.span.of(texts[k]).split()) for e in t.evidence if e.account == k))
        return wrap("; ".join(seen[:3]) + (" ..." if len(seen) > 3 else ""), width)

    both = [t for t in c.topics if t.status == "both"]
    lines.append("Reported by both")
    lines.append(table([(t.name, words(t, 0, 32), words(t, 1, 32)) for t in both], ["topic", names[0], names[1]], fmt)
                 if both else "  (none)")
    for k in (0, 1):
        only = [t for t in c.topics if t.status == "only" and t.evidence[0].account == k]
        lines.append("")
        lines.append(f"Only in {names[k]}")
        lines.append(table([(t.name, words(t, k, 64)) for t in only], ["topic", "words"], fmt) if only else "  (none)")
    lines.append("")
    lines.append("What each account says the other side said")
    if c.claims:
        rows = [(names[cl.account], cl.speaker, "confirmed" if cl.confirmed else "not in the other account",
                 wrap(cl.span.of(texts[cl.account]), 60)) for cl in c.claims]
        lines.append(table(rows, ["account", "speaker", "other account", "claim"], fmt))
    else:
        lines.append("  (none)")
    lines.append("")
    lines.append("How each account describes the talks")
    if c.characterisations:
        lines.append(table([(names[ch.account], ", ".join(ch.words)) for ch in c.characterisations],
                           ["account", "words"], fmt))
    else:
        lines.append("  (neither characterises the talks)")
    lines.append("")
    lines.append("Numbers and dates in one account only")
    lines.append(table([(names[d.account], d.span.of(texts[d.account])) for d in c.details], ["account", "detail"], fmt)
                 if c.details else "  (none)")
    lines.append("")
    lines.append("Order of the shared topics")
    for k in (0, 1):
        lines.append(f"  {names[k]}: " + (" > ".join(c.order[k]) or "(none)"))
    return "\n".join(lines)


ACCOUNTS_CSV_HEADERS = ["topic", "status", "account", "start", "end", "words", "basis"]


def accounts_rows(c: AccountsComparison) -> list[list[Any]]:
    """One CSV row per piece of evidence of each topic."""
    texts = (c.a.readout.text, c.b.readout.text)
    return [[t.name, t.status, e.account, e.span.start, e.span.end, e.span.of(texts[e.account]), t.basis]
            for t in c.topics for e in t.evidence]


# --------------------------------------------------------------------------------------------
# archive: list, search, compare, track (stance/cli/archive.py)

SPARKS = "▁▂▃▄▅▆▇█"
"""Bar heights of the text chart, lowest first."""

ROW_HEADERS = ["id", "date", "source", "principal", "counterpart", "sides", "kind", "shared", "only", "stmts",
               "title"]
"""Columns of ``stance list``."""


NARROW = 120
"""Below this many columns ``stance list`` shows fewer columns (id, date, source, parties, title)."""


def archive_rows(rows: Sequence[Any], fmt: str = "text") -> str:
    """``stance list``: one line per archived readout (on a narrow terminal, the columns that matter most)."""
    wide = fmt == "csv"
    if fmt == "text" and _fit_width is not None and _fit_width < NARROW:
        return table([[r.id, r.published.isoformat() if r.published else "", r.source or "",
                       wrap(f"{r.principal or '?'} – {r.counterpart or '?'}", 30), wrap(r.title, 50)]
                      for r in rows], ["id", "date", "source", "parties", "title"], fmt)
    body = [
        [r.id, r.published.isoformat() if r.published else "", r.source or "",
         r.principal or "" if wide else wrap(r.principal or "", 20), r.counterpart or "" if wide else
         wrap(r.counterpart or "", 22), f"{r.principal_side or '?'} / {r.counterpart_side or '?'}", r.kind,
         r.n_shared, r.n_only, r.n_statements, r.title if wide else wrap(r.title, 50)]
        for r in rows
    ]
    return table(body, ROW_HEADERS, fmt)


def marked(snippet: str, marks: Sequence[Any], on: str = "[", off: str = "]") -> str:
    """A snippet with its marked spans wrapped in ``on``/``off``."""
    out, pos = [], 0
    for m in marks:
        out += [snippet[pos : m.start], on, snippet[m.start : m.end], off]
        pos = m.end
    out.append(snippet[pos:])
    return "".join(out)


def search_hits(hits: Sequence[Any], fmt: str = "text", on: str = "[", off: str = "]",
                *, limit: int | None = None) -> str:
    """``stance search``: id, date, source, title and a highlighted snippet per hit (and, when the
    ``limit`` was reached, a line that says more may match and how to see them)."""
    body = []
    for h in hits:
        flat = "".join(" " if c.isspace() else c for c in h.snippet)  # same offsets, one line
        snippet = marked(flat, h.marks, on, off)
        body.append([h.readout_id, h.published.isoformat() if h.published else "", h.source or "",
                     h.title if fmt == "csv" else wrap(h.title, 36), snippet if fmt == "csv" else wrap(snippet, 64)])
    out = table(body, ["id", "date", "source", "title", "snippet"], fmt)
    if fmt != "csv" and limit is not None and len(hits) >= limit:
        out += "\n" + note(f"The best {len(hits)} hits; more may match (--limit N shows N).")
    return out


def sparkline(values: Sequence[int]) -> str:
    """One character per value, taller for larger (blank for zero)."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    return "".join(" " if v <= 0 else SPARKS[min(len(SPARKS) - 1, (v * len(SPARKS) - 1) // top)] for v in values)


def month_chart(months: Sequence[tuple[str, int]], width: int = 40) -> str:
    """A bar per month: ``2024-03 ████ 4``."""
    top = max((n for _, n in months), default=0) or 1
    return "\n".join(f"{m} {'█' * max(1 if n else 0, round(n * width / top)):<{width}} {n}" for m, n in months)


def comparison_text(c: Any, fmt: str = "text") -> str:
    """``stance compare``: neighbours, recurring formulas versus new wording, theme changes, stance shifts."""
    r = c.alignment.split.readout
    lines = [r.title or r.path or "(untitled)", "=" * min(WIDTH, max(8, len(r.title or "(untitled)")))]
    where = f"archived as id {c.readout_id}" if c.readout_id is not None else "not in the archive"
    lines.append(f"{r.published.isoformat() if r.published else 'undated'} · {r.source or 'unknown publisher'} · "
                 f"{where}")
    lines.append("")

    def neighbours(title: str, ns: Sequence[Any]) -> None:
        lines.append(f"{title}:")
        if not ns:
            lines.append("  (none)")
        else:
            lines.append(table([[n.readout_id, n.published.isoformat() if n.published else "", n.source or "",
                                 f"{n.score:.2f}", wrap(n.title, 70)] for n in ns],
                               ["id", "date", "source", "cosine", "title"], fmt))
        lines.append("")

    neighbours("Nearest archived readouts (TF-IDF cosine)", c.nearest)
    neighbours("Earlier readouts with the same counterpart", c.same_counterpart)
    neighbours("Earlier readouts with the same counterpart side", c.same_side)
    n_rec = sum(1 for w in c.wordings if w.recurring)
    pub = f"of {c.source}" if c.source else "(any publisher)"
    lines.append(note(f"Statements: {n_rec} recurring formula{'s' if n_rec != 1 else ''}, "
                      f"{len(c.wordings) - n_rec} new wording (earlier readouts {pub}):"))
    rows = []
    for w in c.wordings:
        if w.recurring:
            seen = (f"formula in {w.count} earlier; first {w.first_published.isoformat() if w.first_published else '?'}"
                    f" in #{w.first_readout} ({w.score:.0f}% alike)")
        else:
            seen = "new wording"
        rows.append([w.statement + 1, w.party, wrap(seen, 26), wrap(w.text, 62)])
    lines.append(table(rows, ["#", "party", "wording", "statement"], fmt))
    lines.append("")
    prev = c.same_counterpart[0] if c.same_counterpart else None
    if prev is None:
        lines.append("Themes: no earlier readout with this counterpart, so nothing new or dropped to say.")
    else:
        new = ", ".join(t.theme for t in c.new_themes) or "(none)"
        dropped = ", ".join(t.theme for t in c.dropped_themes) or "(none)"
        lines.append(note(f"Themes raised for the first time with this counterpart: {new}"))
        lines.append(note(f"Themes dropped since #{prev.readout_id} "
                          f"({prev.published.isoformat() if prev.published else 'undated'}): {dropped}"))
    if c.shifts:
        lines.append("")
        lines.append("Stance shifts:")
        lines.append(table([[s.theme, f"{s.before.label} (#{s.before.readout_id}, "
                             f"{s.before.published.isoformat() if s.before.published else '?'})", s.after.label,
                             wrap(s.before.text, 34), wrap(s.after.text, 34)] for s in c.shifts],
                           ["theme", "then", "now", "then: words", "now: words"], fmt))
    return "\n".join(lines)


COMPARE_CSV_HEADERS = ["statement", "party", "start", "end", "recurring", "count", "first_published",
                       "first_readout", "first_start", "first_end", "score", "text"]
"""One CSV row per statement of ``stance compare``."""


def comparison_rows(c: Any) -> list[list[Any]]:
    """``stance compare --format csv``."""
    return [[w.statement + 1, w.party, w.span.start, w.span.end, int(w.recurring), w.count,
             w.first_published.isoformat() if w.first_published else "", w.first_readout or "",
             w.first_span.start if w.first_span else "", w.first_span.end if w.first_span else "", w.score, w.text]
            for w in c.wordings]


TRACK_ENTRIES = 8
"""Latest entries per theme ``stance track`` shows (``--limit N``, ``--all``)."""

TRACK_THEMES = 3
"""Themes ``stance track`` gives an entry table without ``--theme`` (``--all``: every theme)."""


def track_speakers(timeline: Any, rows: Iterable[Any]) -> dict[int, str]:
    """Who spoke for the tracked side in each readout: the name of its principal or counterpart,
    from the archive's list rows (``Archive.row``) of the timeline's readouts."""
    side = (timeline.side or "").casefold()
    out: dict[int, str] = {}
    for r in rows:
        if (r.principal_side or "").casefold() == side and r.principal:
            out[r.id] = r.principal
        elif (r.counterpart_side or "").casefold() == side and r.counterpart:
            out[r.id] = r.counterpart
    return out


def _who(e: Any, speakers: dict[int, str]) -> str:
    if e.party == JOINT:
        return "both (joint)"
    return speakers.get(e.readout_id, "")


def timeline_text(t: Any, fmt: str = "text", *, entries: int | None = TRACK_ENTRIES,
                  themes: int | None = TRACK_THEMES, speakers: dict[int, str] | None = None) -> str:
    """``stance track``: a chart per theme, latest entries with who said them, first appearances of
    phrases. ``entries``/``themes``: how many to show (None: all); what is left out is said, with how
    to see it."""
    speakers = speakers or {}
    head = f"{t.side}: {t.readouts} readouts" + (f" since {t.since.isoformat()}" if t.since else "")
    if t.months:
        head += f", {t.months[0][0]} to {t.months[-1][0]}"
    lines = [head, ""]
    if not t.themes:
        lines.append("No themes stored for this side" + (f" on {t.theme!r}" if t.theme else "") + ".")
    elif t.theme is None:
        span = [m for m, _ in t.months]
        rows = []
        for line in t.themes:
            counts = dict(line.months)
            rows.append([line.theme, line.readouts, sparkline([counts.get(m, 0) for m in span]),
                         line.first.isoformat() if line.first else "",
                         line.entries[-1].stance or ""])
        lines.append(f"Readouts per month raising each theme ({span[0] if span else ''} .. "
                     f"{span[-1] if span else ''}):")
        lines.append(table(rows, ["theme", "readouts", "per month", "first", "latest stance"], fmt))
    listed = t.themes if t.theme is not None or themes is None else t.themes[:themes]
    for line in listed:
        lines += ["", f"{line.theme}: {line.readouts} readouts", month_chart(line.months) if t.theme else ""]
        shown = line.entries if entries is None else line.entries[-entries:] if entries > 0 else ()
        # entries of readouts left out twice over: by the archive query (ThemeLine.hidden) and here
        shown_ids = {e.readout_id for e in shown}
        hidden = line.hidden + len({e.readout_id for e in line.entries} - shown_ids)
        if hidden:
            lines.append(note(f"The latest {len(shown_ids)} of {len(shown_ids) + hidden} readouts ({hidden} earlier "
                              "not shown; --limit N shows N, --all every one):"))
        lines.append(table([[e.published.isoformat() if e.published else "", e.readout_id, _who(e, speakers),
                             e.stance or "", f"{e.span.start}-{e.span.end}", wrap(e.text, 50)] for e in shown],
                           ["date", "id", "who", "stance", "offsets", "words"], fmt))
    if len(listed) < len(t.themes):
        rest = len(t.themes) - len(listed)
        lines += ["", note(f"Statements listed for the {len(listed)} most raised themes; {rest} more theme"
                           f"{'s' if rest != 1 else ''} in the table above (--theme T lists one, --all lists every "
                           "one).")]
    if t.phrases:
        lines += ["", "First appearance of phrases:"]
        lines.append(table([[p.phrase, p.first_published.isoformat() if p.first_published else "never",
                             p.readout_id or "", p.count] for p in readable_phrases(t.phrases)],
                           ["phrase", "first", "id", "readouts"], fmt))
    return "\n".join(x for x in lines if x is not None)


FUNCTION_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "its", "of", "on", "or",
                            "the", "their", "to", "with"})
"""Words a phrase neither starts nor ends with (a phrase cut out of a longer one does)."""


def readable_phrases(phrases: Sequence[Any]) -> list[Any]:
    """First appearances fit to read: overlapping cuts of one phrase in one readout joined
    ("climate change and people-to-people" + "change and people-to-people exchanges"), then cuts that
    start or end on a function word, or stand inside a longer phrase of the same readout used as often,
    left out."""
    from dataclasses import replace

    from stance.model import Span

    out: list[Any] = []
    for p in phrases:
        words = p.phrase.split()
        for i, q in enumerate(out):
            qw = q.phrase.split()
            if q.readout_id != p.readout_id or p.readout_id is None:
                continue
            n = min(len(qw), len(words)) - 1
            k = next((k for k in range(n, 1, -1) if qw[-k:] == words[:k]), 0)
            if k:  # q's end is p's start
                span = (Span(q.span.start, p.span.end) if q.span is not None and p.span is not None
                        and p.span.end > q.span.start else q.span)
                out[i] = replace(q, phrase=" ".join(qw + words[k:]), count=min(q.count, p.count), span=span)
                break
            k = next((k for k in range(n, 1, -1) if words[-k:] == qw[:k]), 0)
            if k:  # p's end is q's start
                span = (Span(p.span.start, q.span.end) if q.span is not None and p.span is not None
                        and q.span.end > p.span.start else q.span)
                out[i] = replace(q, phrase=" ".join(words + qw[k:]), count=min(q.count, p.count), span=span)
                break
        else:
            out.append(p)
    kept = [p for p in out if p.phrase.split()[0].lower() not in FUNCTION_WORDS
            and p.phrase.split()[-1].lower() not in FUNCTION_WORDS]
    return [p for p in kept if not any(q is not p and q.readout_id == p.readout_id and q.count >= p.count
                                       and f" {p.phrase} " in f" {q.phrase} " for q in kept)]


TRACK_CSV_HEADERS = ["theme", "date", "readout", "party", "stance", "strength", "start", "end", "text"]
"""One CSV row per entry of ``stance track``."""


def timeline_rows(t: Any) -> list[list[Any]]:
    """``stance track --format csv``."""
    return [[e.theme, e.published.isoformat() if e.published else "", e.readout_id, e.party, e.stance or "",
             e.strength if e.strength is not None else "", e.span.start, e.span.end, e.text]
            for line in t.themes for e in line.entries]
