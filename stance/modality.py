"""Stance and commitment: a graded label for a statement, with the words it rests on.

The lexicon is data (``data/modality.toml``): each label has a signed strength, negative for
opposition or concern, positive for support or commitment, so that "firmly opposes" is below
"opposes" and "hopes" < "willing" < "commits". A negation just before a cue ("does not support")
or just after a modal ("should not") turns it. A statement of fact ("informed", "said that") gets
the label ``no stance``: reporting is not taking a position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from stance.model import Span, Stance, Statement
from stance.textmemo import Slot, per_text
from stance.vocab import load_toml
from stance.wordtrie import alternation

NO_STANCE = "no stance"
"""The label of a statement of fact: reporting what happened ("informed", "said that") is not a stance."""
NEUTRAL = Stance(label=NO_STANCE, strength=0.0, polarity="neutral")


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon entry: the words, its label and strength."""

    words: str
    label: str
    strength: float


@cache
def lexicon() -> tuple[tuple[Cue, ...], tuple[str, ...]]:
    """All cues (longest first) and negation words."""
    data = load_toml("modality.toml")
    cues = [Cue(w.lower(), v["label"], float(v["strength"])) for v in data["labels"].values() for w in v["cues"]]
    cues.sort(key=lambda c: -len(c.words))
    return tuple(cues), tuple(data["negation"]["cues"])


@cache
def _cue_regex() -> tuple[re.Pattern[str], dict[str, Cue]]:
    cues, _ = lexicon()
    by_words: dict[str, Cue] = {}
    for c in cues:
        by_words.setdefault(c.words, c)
    # Longest first (``lexicon`` sorts the cues), written as a trie: the same matches, much faster.
    rx = re.compile(r"(?<![\w])" + alternation(by_words, ignore_case=True, space=r"\s+") + r"(?![\w])", re.I)
    return rx, by_words


@cache
def _negation_regex() -> re.Pattern[str]:
    _, neg = lexicon()
    return re.compile(r"(?<![\w])" + alternation(neg, ignore_case=True) + r"(?:\s+\w+){0,2}\s*$", re.I)


def _polarity(strength: float) -> str:
    return "positive" if strength > 0.05 else "negative" if strength < -0.05 else "neutral"


def stances_in(text: str, span: Span) -> list[Stance]:
    """Every stance cue inside ``span`` of ``text``, in order, negation applied."""
    return list(_stances_at(text, span))


_SPANS: Slot[tuple[Stance, ...]] = []


def _stances_at(text: str, span: Span) -> tuple[Stance, ...]:
    """:func:`stances_in` as a tuple, kept by span for the text being read (alignment asks for each
    statement's stances several times; this spares cutting and hashing its words every time)."""
    memo = per_text(_SPANS, text)
    got = memo.get((span.start, span.end))
    if got is None:
        got = memo[(span.start, span.end)] = _stances_cached(text[span.start : span.end], span.start)
    return got


@lru_cache(maxsize=4096)
def _stances_cached(chunk: str, offset: int) -> tuple[Stance, ...]:
    """Stances of one statement's words (cached: alignment asks for the same statement often)."""
    return tuple(_shift(s, offset) for s in _stances(chunk, Span(0, len(chunk))))


def _shift(s: Stance, offset: int) -> Stance:
    if s.cue_span is None:
        return s
    return Stance(label=s.label, strength=s.strength, polarity=s.polarity,
                  cue_span=Span(s.cue_span.start + offset, s.cue_span.end + offset), negated=s.negated)


_SPACES = re.compile(r"\s+")
_NOT_AFTER = re.compile(r"\s+not\b")


def _stances(text: str, span: Span) -> list[Stance]:
    rx, by_words = _cue_regex()
    negation = _negation_regex()
    out: list[Stance] = []
    for m in rx.finditer(text, span.start, span.end):
        cue = by_words[_SPACES.sub(" ", m.group(0).lower())]
        before = text[max(span.start, m.start() - 30) : m.start()]
        after = text[m.end() : min(span.end, m.end() + 6)]
        negated = bool(negation.search(before)) or (
            cue.label in ("should", "commits", "willing", "hopes") and _NOT_AFTER.match(after) is not None
        )
        strength = cue.strength
        label = cue.label
        if label == NO_STANCE:
            negated = False  # "did not say" states a fact too
        if negated:
            strength = -0.8 * strength if strength else -0.3
            label = f"not {label}"
        out.append(Stance(label=label, strength=strength, polarity=_polarity(strength),  # type: ignore[arg-type]
                          cue_span=Span(m.start(), m.end()), negated=negated))
    return out


def stance_of(statement: Statement, text: str) -> Stance:
    """The statement's main stance: its reporting cue when that carries one, else its first strong cue."""
    found = _stances_at(text, statement.span)
    if not found:
        return NEUTRAL
    if statement.cue_span is not None:
        at_cue = [s for s in found if s.cue_span and s.cue_span.overlaps(statement.cue_span)]
        if at_cue and at_cue[0].label != NO_STANCE:
            return at_cue[0]
    strong = [s for s in found if s.label != NO_STANCE]
    return strong[0] if strong else found[0]


def stance_at(statement: Statement, text: str, pos: int) -> Stance:
    """The stance governing the words at ``pos``: the nearest cue before it in the statement."""
    found = [s for s in _stances_at(text, statement.span) if s.cue_span and s.cue_span.start <= pos]
    strong = [s for s in found if s.label != NO_STANCE]
    if strong:
        return strong[-1]
    return stance_of(statement, text)


def differ(a: Stance, b: Stance) -> bool:
    """True when two stances on one theme pull apart: opposite polarity, or negated on one side only."""
    if a.polarity != "neutral" and b.polarity != "neutral" and a.polarity != b.polarity:
        return True
    return abs(a.strength - b.strength) >= 1.0
