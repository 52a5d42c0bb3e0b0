"""The machine twin of every output: plain dicts, ready for ``json.dumps``, with offsets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stance.accounts import AccountEvidence, AccountsComparison

from stance.model import Alignment, Party, Readout, Span, Split, Stance, Statement, Theme


def span(sp: Span | None) -> list[int] | None:
    """``[start, end]`` or None."""
    return [sp.start, sp.end] if sp is not None else None


def readout_meta(r: Readout) -> dict[str, Any]:
    """Metadata of a readout (no text)."""
    return {
        "path": r.path,
        "title": r.title,
        "published": r.published.isoformat() if r.published else None,
        "meeting_date": r.meeting_date.isoformat() if r.meeting_date else None,
        "place": r.place,
        "kind": r.kind,
        "source": r.source,
        "url": r.url,
        "encoding": r.encoding,
        "warnings": list(r.warnings),
        "body": span(r.body),
    }


def party(p: Party) -> dict[str, Any]:
    """One party as in the gold README contract (``id``, ``name``, ``aliases``) plus details."""
    return {
        "id": p.id,
        "role": p.role,
        "name": p.name,
        "title": p.title,
        "organisation": p.organisation,
        "side": p.side,
        "members": list(p.members),
        "aliases": list(p.aliases),
        "notes": list(p.notes),
    }


def statement(s: Statement, text: str) -> dict[str, Any]:
    """One statement with its offsets, cue and text."""
    return {
        "party": s.party,
        "start": s.span.start,
        "end": s.span.end,
        "text": s.span.of(text),
        "cue": s.cue,
        "cue_span": span(s.cue_span),
        "speaker_span": span(s.speaker_span),
        "cited": s.cited,
        "confidence": round(s.confidence, 3),
        "reason": s.reason,
        "paragraph": s.paragraph,
    }


def split(sp: Split) -> dict[str, Any]:
    """``stance split --format json`` for one readout."""
    return {
        "readout": readout_meta(sp.readout),
        "parties": [party(p) for p in sp.parties],
        "statements": [statement(s, sp.readout.text) for s in sp.statements],
        "notes": list(sp.notes),
    }


def stance(st: Stance | None) -> dict[str, Any] | None:
    """A stance label with its cue span."""
    if st is None:
        return None
    return {"label": st.label, "strength": round(st.strength, 3), "polarity": st.polarity,
            "cue_span": span(st.cue_span), "negated": st.negated}


def theme(t: Theme, text: str) -> dict[str, Any]:
    """One aligned theme with its evidence on each side."""
    return {
        "theme": t.name,
        "status": t.status,
        "score": round(t.score, 3),
        "basis": t.basis,
        "joint": t.joint,
        "evidence": [
            {"party": e.party, "start": e.span.start, "end": e.span.end, "text": e.span.of(text),
             "statement": e.statement, "stance": stance(e.stance)}
            for e in t.evidence
        ],
    }


def alignment(al: Alignment) -> dict[str, Any]:
    """``stance align --format json`` for one readout."""
    out = split(al.split)
    out["themes"] = [theme(t, al.split.readout.text) for t in al.themes]
    return out


def accounts(c: AccountsComparison) -> dict[str, Any]:
    """``stance align A B --format json`` for two accounts of one meeting."""
    texts = (c.a.readout.text, c.b.readout.text)

    def ev(e: AccountEvidence) -> dict[str, Any]:
        return {"account": e.account, "start": e.span.start, "end": e.span.end, "text": e.span.of(texts[e.account]),
                "statement": e.statement, "party": e.party}

    return {
        "accounts": [split(c.a), split(c.b)],
        "themes": [{"theme": t.name, "status": t.status, "score": t.score, "basis": t.basis,
                    "evidence": [ev(e) for e in t.evidence]} for t in c.topics],
        "claims": [{"account": cl.account, "start": cl.span.start, "end": cl.span.end,
                    "text": cl.span.of(texts[cl.account]), "speaker": cl.speaker, "confirmed": cl.confirmed,
                    "score": cl.score, "match": ev(cl.match) if cl.match else None} for cl in c.claims],
        "characterisations": [{"account": ch.account, "start": ch.span.start, "end": ch.span.end,
                               "words": list(ch.words)} for ch in c.characterisations],
        "details": [{"account": d.account, "start": d.span.start, "end": d.span.end,
                     "text": d.span.of(texts[d.account])}
                    for d in c.details],
        "order": [list(c.order[0]), list(c.order[1])],
    }
