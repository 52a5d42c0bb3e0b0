"""The reporting-verb lexicon (``data/cues.toml``): verbs that attribute words, verbs that frame a meeting.

Each lemma lists the forms that stand after a speaker; the ``[lexicon]`` table gives base verbs with
their particles ("set out", "put forth"), which :func:`inflect` turns into those forms. The phrase
tables (narrator patterns, passive reports, joint subjects) are compiled here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from stance.model import Span
from stance.vocab import cues
from stance.wordtrie import alternation


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb found in a sentence: a reporting cue or a framing verb."""

    lemma: str
    span: Span
    framing: bool


@cache
def _verb_forms() -> dict[str, tuple[str, bool]]:
    """Every reporting or framing verb form (lower case) -> (lemma, is framing)."""
    data = cues()
    forms: dict[str, tuple[str, bool]] = {}
    for verb in data["framing"]["verbs"]:
        forms[verb.lower()] = ("meet", True)
    for lemma, fs in data["cues"].items():
        for f in fs:
            forms[f.lower()] = (lemma, False)
    irregular: dict[str, list[str]] = data.get("irregular", {})
    for lemma, bases in data.get("lexicon", {}).items():
        for base in bases:
            for f in inflect(base, irregular):
                forms.setdefault(f.lower(), (lemma, False))
    return forms


def inflect(base: str, irregular: dict[str, list[str]]) -> list[str]:
    """The forms of a (phrasal) verb that follow a speaker: "set out" -> set out, sets out, has set out.

    The first word inflects, its particles stay: past, third person singular, and the perfect.
    """
    verb, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    if verb in irregular:
        past, participle = irregular[verb]
    elif verb.endswith("e"):
        past = participle = verb + "d"
    elif re.search(r"[^aeiou]y$", verb):
        past = participle = verb[:-1] + "ied"
    else:
        past = participle = verb + "ed"
    if re.search(r"(?:s|sh|ch|x|z|o)$", verb):
        third = verb + "es"
    elif re.search(r"[^aeiou]y$", verb):
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    return [f"{past}{tail}", f"{third}{tail}", f"has {participle}{tail}", f"have {participle}{tail}"]


@cache
def _verb_index() -> dict[str, list[tuple[tuple[str, ...], str, bool]]]:
    """First word -> [(all words of the form, lemma, framing)], longest forms first."""
    forms = _verb_forms()
    index: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    for form, (lemma, framing) in forms.items():
        words = tuple(form.split())
        index.setdefault(words[0], []).append((words, lemma, framing))
    for v in index.values():
        v.sort(key=lambda x: -len(x[0]))
    return index


_WORD = re.compile(r"[\w'\u2019\-]+")


@cache
def _first_words() -> re.Pattern[str]:
    """Whole words (runs of ``_WORD`` characters) that start a verb form: what :func:`find_verbs` looks up."""
    keys = [k for k in _verb_index() if _WORD.fullmatch(k)]
    return re.compile(r"(?<![\w'\u2019\-])" + alternation(keys) + r"(?![\w'\u2019\-])")


def find_verbs(masked: str, base: int) -> list[Verb]:
    """Reporting and framing verbs in a sentence, longest form at each place, left to right."""
    index = _verb_index()
    lowered = masked.lower()
    out: list[Verb] = []
    skip_to = 0
    for m in _first_words().finditer(lowered):  # only the words a form starts with
        if m.start() < skip_to:
            continue
        cands = index.get(m.group(0))
        if not cands:
            continue
        for form, lemma, framing in cands:
            end = m.end()
            ok = True
            for w in form[1:]:  # multi-word forms: the next words must follow
                nxt = _WORD.match(lowered, end + 1) if end < len(lowered) and lowered[end].isspace() else None
                if nxt is None or nxt.group(0) != w:
                    ok = False
                    break
                end = nxt.end()
            if ok:
                out.append(Verb(lemma, Span(base + m.start(), base + end), framing))
                skip_to = end
                break
    return out


@cache
def phrase_regex(key: str, sub: str) -> re.Pattern[str]:
    # The phrases longest first, written as a trie (the same matches, faster: see stance.wordtrie).
    return re.compile(r"(?<![\w])" + alternation(cues()[key][sub], ignore_case=True) + r"(?![\w])", re.I)


@cache
def passive_regex(sub: str) -> re.Pattern[str]:
    # "(?=[whiab])": the first letters of the auxiliaries, tested first so that the scan skips to them.
    return re.compile(
        r"(?=[whiab])\b(?:was|were|has been|have been|had been|is|are|being|be)\s+"
        r"(?:\w+ly\s+|also\s+|again\s+|further\s+)*"
        + alternation(cues()["passive"][sub], ignore_case=True) + r"\b",
        re.I,
    )


_PARTICIPLE_IRREGULAR = frozenset({"told", "given", "held", "shown", "sent", "asked", "urged", "invited", "informed",
                                   "briefed", "thanked", "congratulated", "assured", "offered", "presented", "awarded"})


_BE = re.compile(r"\b(?:was|were|is|are|been|be|being)\b")


_STATE = frozenset({"committed", "determined", "dedicated", "resolved"})
"""Participles that after "be" say the subject's own state of mind ("Duisburg is committed to ..."): no passive."""


def is_passive(gap: str, verb_text: str) -> bool:
    """True for "X was asked", "X has been informed": the subject receives the act."""
    if not _BE.search(gap):
        return False
    v = verb_text.split()[0].lower()
    return v not in _STATE and (v.endswith("ed") or v in _PARTICIPLE_IRREGULAR)
