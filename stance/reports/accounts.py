"""The report of two governments' accounts of one meeting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stance import serialize
from stance.model import Split
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
)

if TYPE_CHECKING:
    from stance.accounts import AccountsComparison


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
        facts.append((label[k], f"{r.title} ({iso_day(r.published)})"))
        if r.path:
            facts.append((f"{label[k]} file", source_file(r.path) or ""))
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
        acc["readout"]["path"] = source_file(acc["readout"]["path"])
    days = [d for d in (cm.a.readout.meeting_date or cm.a.readout.published,
                        cm.b.readout.meeting_date or cm.b.readout.published) if d]
    pa, ca = principal_of(cm.a), counterpart_of(cm.a)
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
