"""One readout's report: parties, each side's statements, themes, stances, and (given a
comparison with the archive) what is recurring and new.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from stance import serialize
from stance.model import JOINT, NARRATOR, Alignment, Statement, Theme
from stance.reports.document import (
    Block,
    Cell,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
    counterpart_of,
    file_stem,
    iso_day,
    principal_of,
    source_file,
    speaker_name,
)
from stance.reports.legend import legend_section

if TYPE_CHECKING:
    from stance.archive import Archive
    from stance.compare import Comparison


def _day(al: Alignment) -> date | None:
    r = al.split.readout
    return r.meeting_date or r.published


def _cue(s: Statement) -> str:
    return (s.cue or "") + (f"; cites {s.cited}" if s.cited else "")


def _status(t: Theme) -> str:
    status: str = t.status
    return status + (" (+joint)" if t.joint and status != "joint" else "")


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
        ("file", source_file(r.path)),
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
    p, c = principal_of(sp), counterpart_of(sp)
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
        ("statement", i + 1, "", "", "", s.party, speaker_name(sp, s.party), stances[i].label, s.span.start,
         s.span.end, s.span.of(text), _cue(s))
        for i, s in enumerate(sp.statements)]
    csv_rows += [("theme", e.statement + 1, t.name, t.status, t.score, e.party, speaker_name(sp, e.party),
                  e.stance.label if e.stance else "", e.span.start, e.span.end, e.span.of(text), t.basis)
                 for t in al.themes for e in t.evidence]

    data = serialize.alignment(al)
    data["readout"]["path"] = source_file(r.path)
    for st_dict, st in zip(data["statements"], stances, strict=True):
        st_dict["stance"] = serialize.stance(st)
    extra: list[tuple[str, str | None]] = []
    if comparison is not None:
        sections += _compare_sections(comparison)
        csv_rows += _compare_rows(comparison)
        data["compare"] = _compare_data(comparison)
        if comparison.readout_id is not None:
            extra.append(("archive id", str(comparison.readout_id)))
    sections.append(legend_section())
    names = [x.name for x in (p, c) if x is not None] or [r.title]
    return Document(
        kind="readout", name=file_stem(_day(al), *names), title=r.title or "(untitled)",
        facts=_readout_facts(al, extra), sections=tuple(sections), data={"report": "readout", **data},
        csv_headers=("section", "n", "theme", "status", "score", "party", "speaker", "stance", "start", "end",
                     "text", "note"),
        csv_rows=tuple(csv_rows))


def archived_readout_document(archive: Archive, readout_id: int) -> Document:
    """The report of archived readout ``readout_id`` with its "Against the archive" section: what
    ``stance report --id N`` writes and what the TUI exports for that readout (one builder, one report)."""
    from stance.compare import compare

    al = archive.alignment(readout_id)
    return readout_document(al, compare(archive, al))


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
        tuple((w.statement + 1, speaker_name(sp, w.party), w.count, iso_day(w.first_published),
               f"#{w.first_readout}" if w.first_readout is not None else "", w.text) for w in rec),
        (3, 16, 8, 10, 8, 45), empty="(none: no statement repeats an earlier readout's wording)"),), level=3))
    new = [w for w in cm.wordings if not w.recurring]
    out.append(Section("New wording", (Table(
        ("#", "who", "statement"), tuple((w.statement + 1, speaker_name(sp, w.party), w.text) for w in new),
        (3, 18, 75)),), level=3))
    if cm.previous is None:
        themes: list[Block] = [Paragraph("No earlier readout with this counterpart in the archive, so no "
                                         "theme is new or dropped.")]
    else:
        prev = cm.previous
        themes = [Facts((
            ("new with this counterpart", ", ".join(t.theme for t in cm.new_themes) or "(none)"),
            (f"dropped since #{prev.readout_id} ({iso_day(prev.published)})",
             ", ".join(t.theme for t in cm.dropped_themes) or "(none)")))]
    out.append(Section("Themes new or dropped with this counterpart", tuple(themes), level=3))
    out.append(Section("Stance shifts", (Table(
        ("theme", "then", "now", "then: words", "now: words"),
        tuple((s.theme, f"{s.before.label} (#{s.before.readout_id}, {iso_day(s.before.published)})",
               s.after.label, s.before.text, s.after.text) for s in cm.shifts),
        (16, 18, 12, 24, 24), empty="(none)"),), level=3))
    out.append(Section("Nearest archived readouts", (Table(
        ("id", "date", "publisher", "cosine", "title"),
        tuple((f"#{n.readout_id}", iso_day(n.published), n.source, f"{n.score:.2f}", n.title)
              for n in cm.nearest),
        (6, 10, 12, 6, 60)),), level=3))
    return out


def _compare_rows(cm: Comparison) -> list[tuple[Cell, ...]]:
    sp = cm.alignment.split
    rows: list[tuple[Cell, ...]] = []
    for w in cm.wordings:
        note = (f"first seen {iso_day(w.first_published)} in #{w.first_readout}; {w.count} earlier readouts"
                if w.recurring else "new wording")
        rows.append(("wording", w.statement + 1, "", "recurring" if w.recurring else "new", w.score, w.party,
                     speaker_name(sp, w.party), "", w.span.start, w.span.end, w.text, note))
    for s in cm.shifts:
        rows.append(("shift", "", s.theme, f"{s.before.label} -> {s.after.label}", "", "", "", s.after.label,
                     s.after.span.start, s.after.span.end, s.after.text,
                     f"then #{s.before.readout_id} ({iso_day(s.before.published)}): {s.before.text}"))
    return rows


def _compare_data(cm: Comparison) -> dict[str, Any]:
    from stance.archive import plain

    out: dict[str, Any] = plain(cm)
    out.pop("alignment", None)
    return out
