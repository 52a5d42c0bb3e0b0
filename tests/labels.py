"""Helpers for tests that split a readout written inline and ask who said a sentence."""

from __future__ import annotations

from stance import pipeline
from stance.model import JOINT, NARRATOR, Split
from stance.read import parse_text


def split(title: str, body: str, source: str | None = None) -> Split:
    """Split a readout made of ``title``, a date line and ``body``."""
    return pipeline.split(parse_text(f"{title}\n( 2025.02.10 )\n\n{body}\n", source=source))


def label(sp: Split, words: str) -> str:
    """principal / counterpart / joint / narrator for the statement holding ``words``."""
    at = sp.readout.text.index(words)
    st = next(s for s in sp.statements if s.span.start <= at < s.span.end)
    if st.party in (JOINT, NARRATOR):
        return st.party
    party = sp.party(st.party)
    assert party is not None
    return party.role
