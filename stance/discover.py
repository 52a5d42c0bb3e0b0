"""Cross-side discovery: the themes two sets of statements share, found in their own words.

The units of the two sides (statements of the principal and of the counterpart in one readout,
or of two governments' accounts of one meeting) are compared word by word: two content words
meet when they share a stem ("flooded" / "floods") or their word vectors are close ("help" /
"assistance"), weighed by how rare the words are in the background corpus. Two units whose
idf-weighted mean vectors are close and that share at least one strong word pair form a shared
theme; each side's evidence is the few words that carry the match, never the whole statement.
Units are matched greedily, best first, so that each statement pair yields at most one theme.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from stance.background import Background, default_background, stem
from stance.model import Span
from stance.similarity import FRAME, STOP, Token, amounts, content_tokens, vectors
from stance.textmemo import Slot, per_text

WORD_MATCH = 0.8
"""Cosine of two words' vectors above which they count as one word (same stem counts 1.0)."""
PAIR_MIN = 0.6
"""Score (0..1) two units need to make a theme."""
MAX_EVIDENCE = 60
"""Longest evidence span on one side, in characters."""
PHRASE = 60
"""Longest evidence phrase grown around the anchored words, in characters."""
NEAR = 40
"""Anchored words this close (characters) to the strongest one join its evidence."""
SPELLING = 90.0
"""rapidfuzz ratio above which two words without vectors are one word spelt two ways."""
CONTEXT = 0.5
"""Share of a score that comes from the whole units' closeness (the rest: the anchored words)."""
LOCAL = 3
"""Content words on each side of the anchored words that make their phrase (0: the whole units only).

The context share of a score is the lower of the two units' closeness and the closeness of the phrases
around the anchored words: one word in two unlike phrases ("abolition of the visa regime" /
"abolition of customs duties") is weaker than the same word where the phrases also meet."""
MASS_FULL = 60.0
"""Anchored idf mass (sum over anchors of similarity x idf x idf) that alone makes a full score."""
NOT_ANCHOR_WORDS = (
    # feeling and wishes
    "happy", "glad", "pleased", "delighted", "pleasure", "sad", "sorry", "unfortunately", "fortunately", "wish",
    # belief, knowledge and degree
    "think", "thought", "sure", "aware", "fact", "maybe", "perhaps", "yes", "probably", "definitely", "quite",
    "simply", "especially", "remember", "imagine", "understand", "understood", "doubt", "acknowledge", "certainly",
    "obviously", "clearly", "indeed", "absolutely", "convinced", "confident",
    # evaluation
    "wonderful", "beautiful", "difficult", "hard", "best", "better", "worse", "bad", "serious", "excellent", "nice",
    "fine", "enormous",
    # numbers in words
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "thousand", "dozen",
)
"""Words that say how a speaker feels or thinks, how much, or how many, not what about: they may stand in
an evidence phrase but never anchor a theme alone ("happy" ~ "glad", "quite" ~ "definitely", "nine" ~
"seven" made 54 of the 181 themes discovered in the corpus, nearly all in conversation transcripts)."""
NOT_ANCHOR = frozenset(stem(w) for w in NOT_ANCHOR_WORDS)
COMMON_SHARE = 0.6
"""A word found in more than this share of background readouts cannot anchor a match alone."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One statement (or clause) of one side."""

    index: int
    """Statement index in its split."""
    span: Span
    """Where it stands in its text."""


@dataclass(frozen=True, slots=True)
class Match:
    """Two units that raise one theme, with the words that carry it on each side."""

    a: int
    """Index into the first list of units."""
    b: int
    """Index into the second list of units."""
    span_a: Span
    """Evidence in the first text."""
    span_b: Span
    """Evidence in the second text."""
    score: float
    """Strength of the match, 0..1."""
    words: tuple[str, str]
    """The strongest word pair (first side, second side)."""
    cosine: float
    """Cosine of the two units' idf-weighted mean vectors (0 without vectors)."""
    more_a: tuple[tuple[int, Span], ...] = ()
    """Other places (unit index, words) where the first side uses the anchored words again."""
    more_b: tuple[tuple[int, Span], ...] = ()
    """The same for the second side."""
    core_a: Span = Span(0, 0)
    """The anchored words in the first text (first to last)."""
    core_b: Span = Span(0, 0)
    """The same in the second text."""
    top_a: Span = Span(0, 0)
    """The strongest anchored word in the first text."""
    top_b: Span = Span(0, 0)
    """The same in the second text."""


def _unit_tokens(text: str, u: Unit, bg: Background, skip: frozenset[str] | set[str]) -> list[Token]:
    """A unit's content words, and its amounts as words of one normal form ("$1 billion" = "USD 1 bn")."""
    toks = content_tokens(text, u.span.start, u.span.end, bg=bg, skip=skip)
    rare = bg.idf("")  # an amount is as telling as a word no background readout has
    for norm, start, end in amounts(text[u.span.start : u.span.end]):
        if " " in norm:  # a sum of money, not a bare number
            toks.append(Token(norm, "#" + norm, u.span.start + start, u.span.start + end, rare))
    toks.sort(key=lambda t: t.start)
    return toks


def _spelling(flat_a: Sequence[Token], flat_b: Sequence[Token], ma: Any, mb: Any, sim: Any) -> None:
    """Words without vectors meet by spelling (rapidfuzz ratio >= ``SPELLING``): "Zelenskyy" / "Zelensky"."""
    from rapidfuzz import fuzz

    oov_a = [k for k in range(len(flat_a)) if not ma[k].any() and not flat_a[k].stem.startswith("#")]
    oov_b = [k for k in range(len(flat_b)) if not mb[k].any() and not flat_b[k].stem.startswith("#")]
    for x in oov_a:
        for y in oov_b:
            if sim[x, y] < 1.0 and fuzz.ratio(flat_a[x].word, flat_b[y].word) >= SPELLING:
                sim[x, y] = 0.95


def _matrix(tokens: Sequence[Token]) -> Any:
    vs = vectors()
    m = np.zeros((len(tokens), 50), dtype=np.float32)
    if vs is None:
        return m
    for k, t in enumerate(tokens):
        v = vs.get(t.word)
        if v is not None:
            m[k] = v
    return m


def _mean(m: Any, w: Any) -> Any:
    v = (m * w[:, None]).sum(axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def _local_cosine(ma: Any, wa: Any, mb: Any, wb: Any, members: Sequence[tuple[int, int]],
                  unit_a: tuple[int, int], unit_b: tuple[int, int], default: float) -> float:
    """Cosine of the idf-weighted mean vectors of the ``LOCAL`` content words around the anchored words on each
    side, within their units (``default`` when a side has no vectors there)."""
    xs = [x for x, _ in members]
    ys = [y for _, y in members]
    a0, a1 = max(unit_a[0], min(xs) - LOCAL), min(unit_a[1], max(xs) + LOCAL + 1)
    b0, b1 = max(unit_b[0], min(ys) - LOCAL), min(unit_b[1], max(ys) + LOCAL + 1)
    va, vb = _mean(ma[a0:a1], wa[a0:a1]), _mean(mb[b0:b1], wb[b0:b1])
    return float(va @ vb) if va.any() and vb.any() else default


def discover(text_a: str, units_a: Sequence[Unit], text_b: str, units_b: Sequence[Unit], *,
             skip: frozenset[str] | set[str] = frozenset(), background: Background | None = None,
             pair_min: float = PAIR_MIN, max_per_unit: int = 2) -> list[Match]:
    """Themes the two lists of units share, best first (each unit in at most ``max_per_unit`` matches)."""
    bg = background or default_background()
    toks_a = [_unit_tokens(text_a, u, bg, skip) for u in units_a]
    toks_b = [_unit_tokens(text_b, u, bg, skip) for u in units_b]
    flat_a = [t for ts in toks_a for t in ts]
    flat_b = [t for ts in toks_b for t in ts]
    if not flat_a or not flat_b:
        return []
    ma, mb = _matrix(flat_a), _matrix(flat_b)
    sim = ma @ mb.T
    stems_a = np.array([t.stem for t in flat_a], dtype=object)
    stems_b = np.array([t.stem for t in flat_b], dtype=object)
    sim = np.where(stems_a[:, None] == stems_b[None, :], 1.0, sim)
    _spelling(flat_a, flat_b, ma, mb, sim)
    wa = np.array([t.weight for t in flat_a], dtype=np.float32)
    wb = np.array([t.weight for t in flat_b], dtype=np.float32)
    common_a = np.array([bg.share(t.stem) > COMMON_SHARE for t in flat_a])
    common_b = np.array([bg.share(t.stem) > COMMON_SHARE for t in flat_b])
    anchor_a = np.array([t.stem not in NOT_ANCHOR and not titled_name(text_a, t) for t in flat_a])
    anchor_b = np.array([t.stem not in NOT_ANCHOR and not titled_name(text_b, t) for t in flat_b])
    # Offsets of each unit's tokens in the flat arrays.
    off_a = np.cumsum([0] + [len(t) for t in toks_a])
    off_b = np.cumsum([0] + [len(t) for t in toks_b])
    norms_a = [float(np.sqrt((wa[off_a[i]:off_a[i + 1]] ** 2).sum())) for i in range(len(units_a))]
    norms_b = [float(np.sqrt((wb[off_b[j]:off_b[j + 1]] ** 2).sum())) for j in range(len(units_b))]
    # Word-pair strengths, and each second-side unit's mean vector, computed once (not per unit pair).
    strengths = np.where((sim >= WORD_MATCH) & anchor_a[:, None] & anchor_b[None, :],
                         sim * np.sqrt(wa[:, None] * wb[None, :]), 0.0)
    means_b: dict[int, Any] = {}
    groups: list[tuple[float, int, int, float, list[tuple[int, int]]]] = []
    for i in range(len(units_a)):
        a0, a1 = int(off_a[i]), int(off_a[i + 1])
        if a0 == a1:
            continue
        va = _mean(ma[a0:a1], wa[a0:a1])
        for j in range(len(units_b)):
            b0, b1 = int(off_b[j]), int(off_b[j + 1])
            if b0 == b1:
                continue
            block = sim[a0:a1, b0:b1]
            strength = strengths[a0:a1, b0:b1]
            if not strength.any():
                continue
            vb = means_b.get(j)
            if vb is None:
                vb = means_b[j] = _mean(mb[b0:b1], wb[b0:b1])
            if va.any() and vb.any():
                cos = float(va @ vb)
            else:  # no word vectors (a unit of names only, or no vectors installed): soft TF-IDF cosine
                best_a = (np.where(block >= WORD_MATCH, block, 0.0).max(axis=1) * wa[a0:a1] ** 2).sum()
                cos = float(best_a) / (norms_a[i] * norms_b[j]) if norms_a[i] and norms_b[j] else 0.0
            # Anchors: word pairs that are each other's best match, strongest first.
            # (Each row's and column's argmax taken once for the block: the same first maxima.)
            best_y = strength.argmax(axis=1).tolist()
            best_x = strength.argmax(axis=0).tolist()
            top = strength[range(a1 - a0), best_y].tolist()
            anchors = [(top[x], a0 + x, b0 + y) for x, y in enumerate(best_y)
                       if top[x] > 0 and best_x[y] == x and not (common_a[a0 + x] and common_b[b0 + y])]
            anchors.sort(key=lambda t: (-t[0], t[1], t[2]))
            taken: set[int] = set()
            for k, (_st, x, y) in enumerate(anchors):
                if k in taken:
                    continue
                members = [(x, y)]
                taken.add(k)
                for k2, (_s2, x2, y2) in enumerate(anchors):
                    if k2 not in taken and abs(flat_a[x2].start - flat_a[x].start) <= NEAR \
                            and abs(flat_b[y2].start - flat_b[y].start) <= NEAR \
                            and not _listed(text_a, flat_a[x], flat_a[x2]) \
                            and not _listed(text_b, flat_b[y], flat_b[y2]):
                        members.append((x2, y2))
                        taken.add(k2)
                mass = sum(float(sim[mx, my]) * float(wa[mx]) * float(wb[my]) for mx, my in members)
                c = min(cos, _local_cosine(ma, wa, mb, wb, members, (a0, a1), (b0, b1), cos)) if LOCAL else cos
                score = CONTEXT * c + (1 - CONTEXT) * min(1.0, mass / MASS_FULL)
                if score >= pair_min and not (len(members) == 1
                                              and _lone_modifier(text_a, flat_a[x], text_b, flat_b[y])):
                    groups.append((score, i, j, cos, members))
    groups.sort(key=lambda g: (-g[0], g[1], g[2]))
    used_a: dict[int, int] = {}
    used_b: dict[int, int] = {}
    used_tok: set[tuple[str, int]] = set()
    used_pairs: set[tuple[str, str]] = set()
    out: list[Match] = []
    for score, i, j, cos, members in groups:
        if used_a.get(i, 0) >= max_per_unit or used_b.get(j, 0) >= max_per_unit:
            continue
        if any(("a", x) in used_tok or ("b", y) in used_tok for x, y in members):
            continue
        # The same word pairs again, elsewhere in the statements: the theme an earlier match already made
        # (its other places are in that match's ``more_a`` / ``more_b``), not a second theme.
        pairs = {(flat_a[mx].stem, flat_b[my].stem) for mx, my in members}
        if pairs <= used_pairs:
            continue
        used_pairs |= pairs
        used_a[i] = used_a.get(i, 0) + 1
        used_b[j] = used_b.get(j, 0) + 1
        used_tok.update({("a", x) for x, _ in members} | {("b", y) for _, y in members})
        x, y = members[0]
        sa = _evidence(text_a, flat_a, [mx for mx, _ in members], units_a[i].span, skip)
        sb = _evidence(text_b, flat_b, [my for _, my in members], units_b[j].span, skip)
        more_a = _again(flat_a, off_a, {flat_a[mx].stem for mx, _ in members}, i, used_tok, "a")
        more_b = _again(flat_b, off_b, {flat_b[my].stem for _, my in members}, j, used_tok, "b")
        core_a = Span(min(flat_a[mx].start for mx, _ in members), max(flat_a[mx].end for mx, _ in members))
        core_b = Span(min(flat_b[my].start for _, my in members), max(flat_b[my].end for _, my in members))
        out.append(Match(i, j, sa, sb, round(score, 3), (flat_a[x].word, flat_b[y].word), round(cos, 3),
                         more_a, more_b, core_a, core_b, Span(flat_a[x].start, flat_a[x].end),
                         Span(flat_b[y].start, flat_b[y].end)))
    return out


@cache
def _title_heads() -> frozenset[str]:
    """Words written right before a person's name: honorifics and the head noun of each office ("President",
    "Secretary", "Mr"), not the words that qualify an office ("Acting", "Deputy", "Incoming")."""
    from stance.sentences import ORG_WORDS, STOP_CAPS
    from stance.vocab import titles

    offices = titles()["offices"]
    out = {h.split()[-1] for h in titles()["honorifics"]}
    out |= {o.split()[-1] for o in (re.split(r"\s+(?:of|to|for)\s+", x)[0] for x in offices)}
    heads = {h.split()[-1] for h in (re.split(r"\s+(?:of|to|for)\s+", x)[0] for x in offices) if " " in h}
    openers = {o.split()[0] for o in offices if re.match(r"\S+ [A-Z]", o)} - heads
    return frozenset(w for w in out if w not in ORG_WORDS and w not in STOP_CAPS and w not in openers
                     and not (w.endswith("ing") and len(w) > 5))


_WORD_BEFORE = re.compile(r"([A-Z][\w\u2019'-]*\.?)[ \t]+$")


@cache
def _name_word(word: str) -> bool:
    """A capitalised word that is no organisation, office, country or stop word: part of a person's name."""
    from stance.sentences import ORG_WORDS, STOP_CAPS, office_words
    from stance.vocab import country_index

    bare = re.sub(r"[\u2019']s$", "", word)
    return (word[:1].isupper() and not bare.isupper() and bare not in ORG_WORDS and bare not in STOP_CAPS
            and bare not in office_words() and bare.lower() not in country_index())


def titled_name(text: str, t: Token) -> bool:
    """A word of a person's name written after an office or an honorific ("President Xi Jinping", "Mr
    Khamenei"): both sides may cite the same leader, but a person is no topic."""
    if not _name_word(text[t.start : t.end]):
        return False
    end = t.start
    for _ in range(4):  # the title, then up to three name words before this one
        m = _WORD_BEFORE.search(text, max(0, end - 40), end)
        if m is None:
            return False
        if m.group(1) in _title_heads():
            return True
        if m.group(1).endswith(".") or not _name_word(m.group(1)):
            return False
        end = m.start()
    return False


def _lone_modifier(text_a: str, a: Token, text_b: str, b: Token) -> bool:
    """A lone anchored pair that says how, not what: a comparative on either side ("work faster" /
    "provided faster"), a verb on both sides ("we will cover" / "events that cover"), or an adjective on
    both sides that qualifies different nouns ("young people" / "young politicians", "heavy weapons" /
    "heavy losses") or none. The same noun after both ("subnational levels") keeps it: there the noun is
    the theme's, only too common to anchor it."""
    if _comparative(a.word) or _comparative(b.word):
        return True
    oa, ob = _OF_NOUN.match(text_a, a.end), _OF_NOUN.match(text_b, b.end)
    if oa and ob and stem(oa.group(1).lower()) != stem(ob.group(1).lower()):
        return True  # "abolition of the visa regime" / "abolition of customs duties": the noun after "of" differs
    if _verb_use(text_a, a) and _verb_use(text_b, b):
        return True  # "this helps create ..." / "... that helps avoid war": what a word does, not a topic
    if not (_adjective(a.word) and _adjective(b.word)):
        return False
    na, nb = _next_word(text_a, a), _next_word(text_b, b)
    # "... are crucial for all the countries" / "... are crucial in our region": predicative, no noun at all
    return na != nb or na is None


_VERB_BEFORE = re.compile(r"(?i)\b(?:that|which|who|this|it|we|they|he|she|i|you|will|would|to|has|have|had|can|could|"
                          r"should|must|may|might|shall)\s+$")


def _verb_use(text: str, t: Token) -> bool:
    """``t`` is used as a verb: a subject pronoun, relative pronoun, auxiliary or "to" stands right before it."""
    return bool(_VERB_BEFORE.search(text[max(0, t.start - 20) : t.start]))


def _common_word(word: str) -> bool:
    """``word`` is among the most frequent English words (those with a vector)."""
    vs = vectors()
    return vs is not None and word in vs.rows


@cache
def _adjective(word: str) -> bool:
    """A gradable adjective: its adverb ("locally", "steadily", "sincerely") or its superlative ("youngest",
    "heaviest") is a common English word. Nouns rarely have either ("lithium", "beef", "training")."""
    forms = [word + "ly", word + "est", word + "st"]
    if word.endswith("y"):
        forms += [word[:-1] + "ily", word[:-1] + "iest"]
    if word.endswith("le"):
        forms.append(word[:-1] + "y")
    if word.endswith("ic"):
        forms.append(word + "ally")
    return any(_common_word(f) for f in forms)


@cache
def _comparative(word: str) -> bool:
    """A comparative ("faster", "closer", "heavier"): it ends in -er and its superlative is a common word
    (a noun in -er has none: "farmer", "partner", "border")."""
    return word.endswith("er") and any(_common_word(f) for f in (word[:-2] + "est", word[:-1] + "st",
                                                                    word[:-3] + "iest"))


_OF_NOUN = re.compile(r"\s+(?:of|to|for|on)\s+(?:(?:the|a|an|our|their|its)\s+)?([A-Za-z][\w'-]*)")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'\u2019-]*)")


def _next_word(text: str, t: Token) -> str | None:
    """The stem of the word right after ``t`` (no punctuation between), None for none or a function word."""
    m = _NEXT_WORD.match(text, t.end)
    if m is None or m.group(1).lower() in STOP:
        return None
    return stem(m.group(1).lower())


def _listed(text: str, a: Token, b: Token) -> bool:
    """Two words in different items of a list: a comma or semicolon stands between them."""
    lo, hi = (a, b) if a.start < b.start else (b, a)
    between = text[lo.end : hi.start]
    return "," in between or ";" in between


def _again(toks: Sequence[Token], offsets: Any, stems: set[str], unit: int, used: set[tuple[str, int]],
           side: str) -> tuple[tuple[int, Span], ...]:
    """Where else one side uses the anchored stems (other units, tokens not yet in a theme)."""
    out: list[tuple[int, Span]] = []
    for u in range(len(offsets) - 1):
        if u == unit:
            continue
        for k in range(int(offsets[u]), int(offsets[u + 1])):
            if toks[k].stem in stems and (side, k) not in used:
                out.append((u, Span(toks[k].start, toks[k].end)))
                break
    return tuple(out)


def _evidence(text: str, toks: Sequence[Token], anchored: Sequence[int], unit: Span,
              skip: frozenset[str] | set[str]) -> Span:
    """The anchored words, grown into the phrase around them: within the clause, at most ``PHRASE`` characters.

    Growth stops at punctuation, at a word that opens a new clause ("that", "which", "while") and
    at a word of the reporting frame ("stressed", "said").
    """
    core = Span(min(toks[k].start for k in anchored), max(toks[k].end for k in anchored))
    return grow_phrase(text, core, unit, skip=skip)


def grow_phrase(text: str, core: Span, unit: Span, limit: int | None = None,
                skip: frozenset[str] | set[str] = frozenset()) -> Span:
    """``core`` grown into the phrase around it inside ``unit`` (see :func:`_evidence`).

    ``skip`` words (the speakers' names) stop the growth to the left: "support for Ukraine", but not
    "United States to Ukraine's sovereignty".
    """
    limit = PHRASE if limit is None else limit
    start, end = core.start, core.end
    words, starts, ends = _unit_words(text, unit)
    left = words[: bisect_right(ends, start)][::-1]
    right = words[bisect_left(starts, end) :]
    li = ri = 0
    grow = True
    while grow:
        grow = False
        if li < len(left):
            w = left[li]
            if _joins(text, w[1], start) and _inside(w[2]) and w[2] not in skip and end - w[0] <= limit:
                start = w[0]
                li += 1
                grow = True
            else:
                li = len(left)
        if ri < len(right):
            w = right[ri]
            if _joins(text, end, w[0]) and _inside(w[2]) and w[1] - start <= limit:
                end = w[1]
                ri += 1
                grow = True
            else:
                ri = len(right)
    # A phrase neither starts nor ends on a function word ("of the", "and") outside the core.
    inner = words[bisect_right(ends, start) : bisect_left(starts, end)]
    while inner and inner[0][1] <= core.start and inner[0][2] in STOP:
        inner.pop(0)
    while inner and inner[-1][0] >= core.end and inner[-1][2] in STOP:
        inner.pop()
    start = min([core.start] + [w[0] for w in inner[:1]])
    end = max([core.end] + [w[1] for w in inner[-1:]])
    return Span(max(start, unit.start), min(end, unit.end))


_ANY_WORD = re.compile(r"[\w\u2019'-]+")
_UnitWords = tuple[list[tuple[int, int, str]], list[int], list[int]]
_UNIT_WORDS: Slot[_UnitWords] = []


def _unit_words(text: str, unit: Span) -> _UnitWords:
    """The words of ``unit`` (start, end, lower case) with their starts and ends, read once per text."""
    memo = per_text(_UNIT_WORDS, text)
    got = memo.get((unit.start, unit.end))
    if got is None:
        words = [(m.start(), m.end(), m.group(0).lower()) for m in _ANY_WORD.finditer(text, unit.start, unit.end)]
        got = memo[(unit.start, unit.end)] = (words, [w[0] for w in words], [w[1] for w in words])
    return got
_LINKS = frozenset({"of", "the", "a", "an", "for", "to", "in", "on", "with", "and", "between", "at", "from", "by",
                    "its", "their", "our", "his", "her", "against", "about", "among", "within", "across", "into"})
"""Function words a phrase may cross ("support for the reconstruction of Ukraine")."""


def _inside(word: str) -> bool:
    """True when ``word`` can stand inside a theme phrase: a content word or a linking word.

    Other function words ("that", "has", "will"), frame words ("stressed") and adverbs
    ("recently") end the phrase.
    """
    if word in _LINKS:
        return True
    if word in STOP or word in FRAME:
        return False
    return not (len(word) > 5 and word.endswith("ly"))


def _joins(text: str, a: int, b: int) -> bool:
    """Only spaces (or a hyphen) between offsets ``a`` and ``b``: the two words belong to one phrase."""
    return text[a:b].strip() in ("", "-", "\u2013")


def _gap(text: str, a: int, b: int) -> bool:
    """Only spaces, hyphens or one short linking word between offsets ``a`` and ``b``."""
    between = text[a:b].strip()
    return between == "" or between in ("-", "of", "for", "on", "in", "and", "to", "of the", "for the", "on the")

