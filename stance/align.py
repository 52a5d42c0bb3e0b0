"""Cross-party alignment: where the two sides' themes overlap, differ, or stand alone.

For one readout, each theme the statements raise is placed in one of four groups:

* ``shared`` — each side raises it in its own words, with compatible stances;
* ``differ`` — each side raises it, but the stances pull apart (one welcomes, the other opposes);
* ``joint`` — the two sides raise it together, in a joint statement only ("The leaders discussed trade");
* ``only`` — one side alone.

Themes come from the vocabulary (:mod:`stance.themes`) and, outside it, from the two sides'
statements compared word by word (:mod:`stance.discover`: stems, GloVe vectors, background idf). A phrase
both sides use word for word is a theme of its own even where another theme holds its statements.
Every theme carries its evidence: for each side, the statement and the phrase that carries the
theme (a few words, never the statement), with the stance governing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz, utils

from stance.background import Background, default_background, stem
from stance.discover import Unit, discover, grow_phrase
from stance.modality import differ, stance_at
from stance.model import JOINT, NARRATOR, Alignment, Evidence, Party, Span, Split, Theme, ThemeStatus
from stance.themes import ThemeDef, ThemeHit, Vocabulary, default_vocabulary

VOCAB_PHRASE = 60
"""A vocabulary theme's evidence is its words grown into the phrase around them (characters; 0: the words only)."""
WIDEN = 2
"""Other places where each side uses a two-sided theme's words, added as evidence (at most this many a side)."""
ONE_PER_PAIR = True
"""At most one two-sided theme from discovery per pair of statements (a vocabulary theme there comes first)."""
SECOND_PAIR_MIN = 0.8
"""Score a discovered match needs to be a theme in a statement pair that already carries one (0.75-0.8
raise both Chinese-side sets alike and move no other file; 0.7 adds a false theme on dev)."""
BROAD_MIN = 0.5
"""A broad theme ("economic cooperation", "Ukraine") is two-sided only when the two sides' words on it match at
least this closely (:func:`words_closeness`); raised in unlike words ("financial assistance" / "economy in recent
decades") it says nothing the two sides share, and is not reported."""
SAME_PHRASE_WORDS = 2
"""A vocabulary phrase of at least this many words that both sides use word for word, away from the pair a
vocabulary theme was given, is a second theme of it (:func:`_second_same`; 0: never). A word alone ("trade",
"education") repeats the theme and names no item of its own: as a second theme it was mostly false."""
SAME_RARE = 0.05
"""A phrase of adjacent content words that both sides use word for word is a theme of its own when one of its
words is in at most this share of background readouts (:func:`_same_words_themes`; 0: never). At 0.15 common
pairs ("military operations", "deepen cooperation") come in."""
SAME_LONGEST = 4
"""Longest such phrase, in content words."""
SAME_SCORE = 0.9
"""Score of such a theme: the words match exactly, the statements around them need not."""
RELATIONS = "relations"
"""Key of the vocabulary theme that the two sides' relations named by their names raise ("ties with China")."""


@dataclass(frozen=True, slots=True)
class _Hit:
    hit: ThemeHit
    statement: int
    party: str


def align_split(split: Split, *, vocabulary: Vocabulary | None = None,
                background: Background | None = None) -> Alignment:
    """The themes of one split readout, aligned across its two sides.

    ``background`` gives the word weights (the packaged background when None; an archive passes
    its own). Nothing is fitted on the one readout.
    """
    vocab = vocabulary or default_vocabulary()
    bg = background or default_background()
    principal = next((p.id for p in split.parties if p.role == "principal"), None)
    counterpart = next((p.id for p in split.parties if p.role == "counterpart"), None)
    sides = {x for x in (principal, counterpart) if x is not None} | {JOINT}
    hits = vocabulary_hits(split, vocab, sides)
    themes = _vocab_themes(split, hits, principal, counterpart, bg)
    found = _discovered_themes(split, hits, principal, counterpart, bg, themes)
    # A discovered pair that overlaps a theme one side alone raised makes that theme two-sided: the
    # one-sided entry gives way to the pair.
    paired = [e.span for t in found for e in t.evidence[:2]]  # the matched words, not the wider mentions
    themes = [t for t in themes if not (t.status == "only" and any(e.span.overlaps(sp) for e in t.evidence
                                                                     for sp in paired))]
    themes += found
    # a phrase both sides use word for word is a theme, even where other themes hold its statements
    same = _same_words_themes(split, principal, counterpart, themes, bg)
    paired = [e.span for t in same for e in t.evidence[:2]]
    themes = [t for t in themes if not (t.status == "only" and any(e.span.overlaps(sp) for e in t.evidence
                                                                     for sp in paired))]
    themes += same
    themes = _one_theme_per_evidence(themes, vocab.broad_names)
    return Alignment(split=split, themes=tuple(_ordered(themes)))


def _one_theme_per_evidence(themes: list[Theme], broad: frozenset[str] = frozenset()) -> list[Theme]:
    """Two two-sided themes whose matched words overlap on both sides are one theme told twice
    ("support for Ukraine" and "security and defence" on "defence support for Ukraine" / "support for
    Ukraine by the British government"): the stronger stays, a specific theme before a ``broad`` one
    ("30th anniversary of diplomatic relations" is the anniversary's, not the relations')."""
    two = sorted((t for t in themes if t.status in ("shared", "differ")), key=lambda t: (t.name in broad, -t.score))
    kept: list[Theme] = []
    for t in two:
        a, b = t.evidence[0].span, t.evidence[1].span
        if not any(a.overlaps(k.evidence[0].span) and b.overlaps(k.evidence[1].span) for k in kept):
            kept.append(t)
    keep = {id(t) for t in kept}
    return [t for t in themes if t.status not in ("shared", "differ") or id(t) in keep]


def vocabulary_hits(split: Split, vocab: Vocabulary, parties: set[str] | None = None, *,
                    our_country: bool = True) -> list[_Hit]:
    """Vocabulary themes in the statements of ``parties`` (all but the narrator's when None).

    A side's own name ("Ukraine" when Ukraine is a party) names a speaker, not a theme, and is
    left out; with ``our_country``, "our country" reads as the publishing side.
    """
    text = split.readout.text
    side_words = _side_words(split)
    speakers = _skip_of(split)
    ours = next((p.side for p in split.parties if p.role == "principal" and p.side), None) if our_country else None
    relations = vocab.themes.get(RELATIONS)
    sides = _side_pattern(split) if relations is not None else None
    if sides is None:
        relations = None
    support = vocab.themes.get(SUPPORT)
    helps = _support_pattern(split) if support is not None else None
    hits: list[_Hit] = []
    for i, st in enumerate(split.statements):
        if st.party == NARRATOR or (parties is not None and st.party not in parties):
            continue
        found = vocab.find(text, st.span, ours=ours)
        if relations is not None and sides is not None:
            found = sorted(found + [h for h in _relation_hits(text, st.span, relations, sides)
                                    if not any(f.span.overlaps(h.span) for f in found)],
                           key=lambda h: (h.span.start, h.key))
        if support is not None and helps is not None:
            # one side's support for the other: it outranks the broad themes its words hold ("support for
            # Volodymyr Zelenskyy" is support, not the Ukraine theme), never a specific one
            extra = [h for h in _support_hits(text, st.span, support, helps)
                     if not any(f.span.overlaps(h.span) and not f.broad for f in found)]
            found = sorted([f for f in found if not (f.broad and any(f.span.overlaps(h.span) for h in extra))] + extra,
                           key=lambda h: (h.span.start, h.key))
        names = _name_spans(text, st.span) if found else []
        kept = [h for h in found if h.span.of(text).lower().rstrip("s") not in side_words
                and not _all_in(h.span.of(text), speakers) and not _OUR_SIDE.fullmatch(h.span.of(text))
                and not any(_inside_name(text, h.span, n, office) for n, office in names)
                and not _LIKE.match(text, h.span.end)]
        hits += [_Hit(h, i, st.party) for h in kept]
    return hits


def _name_spans(text: str, span: Span) -> list[tuple[Span, bool]]:
    """The offices (True) and country names (False) written inside ``span``."""
    from stance.sentences import office_regex

    out = [(Span(m.start(), m.end()), True) for m in office_regex().finditer(text, span.start, span.end)]
    out += [(Span(m.start(), m.end()), False) for m in _state_regex().finditer(text, span.start, span.end)]
    return out


@cache
def _state_regex() -> re.Pattern[str]:
    """The names of states, several words long ("Democratic People's Republic of Korea"; not an
    organisation's: "World Trade Organization" is about trade)."""
    from stance.vocab import countries
    from stance.wordtrie import alternation

    forms = {f.removeprefix("the ") for c in countries() if c.kind == "country" for f in c.names if " " in f}
    return re.compile(r"(?<![\w.])" + alternation(forms) + r"(?![\w])")


def _inside_name(text: str, hit: Span, name: Span, office: bool) -> bool:
    """A theme's words that are part of an office ("National Security Advisor", "Secretary of Defense") or of a
    country's name ("Democratic People's Republic of Korea") name a person or a side, not a topic; a word that
    names a country itself ("Korea", "Syrian" in "Syrian Arab Republic") stays."""
    if not (name.start <= hit.start and hit.end <= name.end) or hit == name:
        return False
    from stance.sentences import _POSSESSIVE_S
    from stance.vocab import country_index

    return office or _POSSESSIVE_S.sub("", hit.of(text)).lower() not in country_index()


# "a business-like response", "war-like": a manner, not the topic the first word names
_LIKE = re.compile(r"-like\b", re.I)


# "our country" alone stands for the speaker's side: it names a speaker, never a theme (it still
# reads as that side inside a phrase: "help our country" ~ "help Ukraine").
_OUR_SIDE = re.compile(r"(?i)our\s+(?:country|state|nation)")
_RELATION_NOUN = r"(?:relations|relationship|ties|partnership)"


def _side_forms(split: Split) -> frozenset[str]:
    """The two sides' names, demonyms and capitals."""
    from stance.identity import canonical_side
    from stance.vocab import country_index

    forms: set[str] = set()
    for p in split.parties:
        if p.side:
            forms.add(p.side)
        c = country_index().get((canonical_side(p.side) or "").lower())
        if c is not None:
            forms.update(f.removeprefix("the ") for f in (*c.names, *c.demonyms, *c.capitals))
    return frozenset(f for f in forms if len(f) > 1)


def _side_pattern(split: Split) -> re.Pattern[str] | None:
    """The two sides' names, demonyms and capitals as one word-bounded alternation."""
    forms = _side_forms(split)
    return _relation_regex(forms) if forms else None


@cache
def _relation_regex(forms: frozenset[str]) -> re.Pattern[str] | None:
    """The pattern of "relations with <side>", "<side>-<X> relations" and "<X>-<side> relations"."""
    if not forms:
        return None
    alt = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    side = rf"(?:the\s+)?(?:{alt})"
    return re.compile(rf"\b{_RELATION_NOUN}\s+(?:with|between)\s+{side}(?![\w])"
                      rf"|(?<![\w.])(?:{alt})\s?[-\u2013]\s?[A-Z][\w.]*\s+{_RELATION_NOUN}\b"
                      rf"|(?<![\w.])[A-Z][\w.]*\s?[-\u2013]\s?(?:{alt})\s+{_RELATION_NOUN}\b")


def _relation_hits(text: str, span: Span, theme: ThemeDef, sides: re.Pattern[str]) -> list[ThemeHit]:
    """The relations of the two sides named through their own names ("relations with China",
    "China-US relations", "ties between Russia and ..."): the bilateral relations theme, whatever the pair."""
    return [ThemeHit(theme.key, theme.name, Span(m.start(), m.end()), theme.broad)
            for m in sides.finditer(text, span.start, span.end)]


SUPPORT = "support_ukraine"
"""The vocabulary theme that also takes one side's support for the other, named through the sides."""
SUPPORT_NAME = "support between the two sides"
"""The name of that theme where only such side-relative support raises it."""
_SUPPORT_WORD = r"(?:support(?:s|ed|ing)?|assistance|help(?:s|ed|ing)?|solidarity)"
# Words that may stand between a word of support and the side it goes to ("support for the people of X").
_SUPPORT_GAP = r"(?:for|to|of|with|from|the|a|its|their|his|her|all|and|people|peoples|government)"


def _support_pattern(split: Split) -> re.Pattern[str] | None:
    """One side's support for the other, named through a side or party: "support for <side>", "solidarity
    with the people of <side>", "help our country", "<side>'s (firm) support"."""
    from stance.parties import short_names

    forms = set(_side_forms(split))
    for p in split.parties:
        if p.role in ("principal", "counterpart"):
            forms.update(x for x in (p.name, *short_names(p)) if len(x) > 1)
    return _support_regex(frozenset(forms)) if forms else None


@cache
def _support_regex(forms: frozenset[str]) -> re.Pattern[str]:
    alt = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    side = rf"(?:(?:{alt})(?![\w])|our\s+(?:country|state|nation|people))"
    # The side ends the phrase: "support for Kenya's digital economy", "supports Zambia in ..." are about
    # what the support is for, a theme of its own.
    ends = r"(?!\u2019s|'s|\s+(?:in|on|to|for|side)\b)"
    return re.compile(rf"(?i:\b{_SUPPORT_WORD}\b)(?:\s+{_SUPPORT_GAP}){{0,4}}\s+{side}{ends}"
                      rf"|(?<![\w.]){side}(?:\u2019s|'s)(?:\s+[\w-]+){{0,2}}?\s+(?i:{_SUPPORT_WORD})\b"
                      # ... but not a side's support for a third, named party ("the PRC's support for Russia's")
                      r"(?!\s+(?:for|to)\s+(?:the\s+)?[A-Z])")


def _support_hits(text: str, span: Span, theme: ThemeDef, pat: re.Pattern[str]) -> list[ThemeHit]:
    """Side-relative support in ``text[span]``: broad hits of ``theme`` (a formula beside a specific topic)."""
    return [ThemeHit(theme.key, SUPPORT_NAME, Span(m.start(), m.end()), True)
            for m in pat.finditer(text, span.start, span.end)]


def _all_in(phrase: str, words: frozenset[str] | set[str]) -> bool:
    found = _lower_words(phrase)
    return bool(found) and all(w in words or w.rstrip("s") in words for w in found)


def _side_words(split: Split) -> set[str]:
    """Lower-cased names and demonyms of both sides (and their people), without a plural s."""
    out: set[str] = set()
    for p in split.parties:
        out |= _party_side_words(p)
    return out


@lru_cache(maxsize=256)
def _party_side_words(p: Party) -> frozenset[str]:
    """:func:`_side_words` of one party (cached: a principal's alias table recurs from readout to readout)."""
    from stance.vocab import country_index

    out = {form.lower().rstrip("s") for form in (p.name, *p.members, *p.aliases)}
    c = country_index().get((p.side or "").lower())
    if c is not None:
        out.update(f.lower().removeprefix("the ").rstrip("s") for f in (*c.names, *c.demonyms))
    return frozenset(out)


def _by_key(hits: Sequence[_Hit]) -> dict[str, list[_Hit]]:
    out: dict[str, list[_Hit]] = {}
    for h in hits:
        out.setdefault(h.hit.key, []).append(h)
    return out


def _evidence(split: Split, h: _Hit) -> Evidence:
    st = split.statements[h.statement]
    span = grow_phrase(split.readout.text, h.hit.span, st.span, VOCAB_PHRASE, _skip_of(split)) if VOCAB_PHRASE \
        else h.hit.span
    return Evidence(party=h.party, span=span, statement=h.statement,
                    stance=stance_at(st, split.readout.text, h.hit.span.start))


def words_closeness(words_a: str, words_b: str, cosine: float) -> tuple[float, float]:
    """How closely the two sides' words on one theme match (0..1), and the fuzzy match of the words alone.

    0.6 x the words' fuzzy match (rapidfuzz token set ratio) + 0.4 x ``cosine``, the closeness of the
    statements that hold them.
    """
    fz = fuzz.token_set_ratio(words_a, words_b, processor=utils.default_process) / 100.0
    return 0.6 * fz + 0.4 * cosine, fz


def _pair_score(split: Split, a: _Hit, b: _Hit, cos: dict[tuple[int, int], float]) -> tuple[float, float, float]:
    text = split.readout.text
    c = cos.get((a.statement, b.statement), 0.0)
    score, fz = words_closeness(a.hit.span.of(text), b.hit.span.of(text), c)
    return score, fz, c


def _cosines(split: Split, a: Iterable[int], b: Iterable[int]) -> dict[tuple[int, int], float]:
    """Cosine of the idf-weighted mean word vectors of statement pairs (0 without vectors)."""
    from stance.similarity import content_tokens, mean_vector

    ia, ib = sorted(set(a)), sorted(set(b))
    if not ia or not ib:
        return {}
    text = split.readout.text

    def vec(i: int) -> Any:
        sp = split.statements[i].span
        return mean_vector(content_tokens(text, sp.start, sp.end))

    va = {i: vec(i) for i in ia}
    vb = {j: vec(j) for j in ib}
    return {(x, y): float(va[x] @ vb[y]) for x in ia for y in ib if va[x] is not None and vb[y] is not None}


def _vocab_themes(split: Split, hits: list[_Hit], principal: str | None, counterpart: str | None,
                  bg: Background) -> list[Theme]:
    grouped = _by_key(hits)
    p_stmts = [h.statement for h in hits if h.party == principal]
    c_stmts = [h.statement for h in hits if h.party == counterpart]
    cos = _cosines(split, p_stmts, c_stmts)
    specific_stmts = {(h.statement, h.party) for h in hits if not h.hit.broad}
    out: list[Theme] = []
    for _key, hs in grouped.items():
        # the vocabulary's own name where one of its phrases is among the hits (not a side-relative one)
        name = next((h.hit.name for h in hs if h.hit.name != SUPPORT_NAME), hs[0].hit.name)
        broad = all(h.hit.broad for h in hs)
        P = [h for h in hs if h.party == principal]
        C = [h for h in hs if h.party == counterpart]
        J = [h for h in hs if h.party == JOINT]
        if P and C:
            if broad and all((h.statement, h.party) in specific_stmts for h in P + C):
                # A broad theme ("Ukraine", "bilateral relations") beside specific ones in the same
                # statements adds nothing to them: it is not reported.
                continue
            best = max(((a, b) for a in P for b in C), key=lambda ab: _pair_score(split, ab[0], ab[1], cos)[0])
            score, fz, c = _pair_score(split, best[0], best[1], cos)
            if broad and score < BROAD_MIN:  # a broad theme in unlike words on the two sides: nothing shared
                out += _joint(split, name, J, P + C)
                continue
            ea, eb = _evidence(split, best[0]), _evidence(split, best[1])
            status: ThemeStatus = "differ" if ea.stance and eb.stance and differ(ea.stance, eb.stance) else "shared"
            rest = [_evidence(split, h) for h in P + C + J if h not in best]
            rest += _widen(split, (ea, eb, *rest), [(principal, best[0].hit.span), (counterpart, best[1].hit.span)],
                           bg)
            basis = (f"vocabulary theme '{name}'; words {best[0].hit.span.of(split.readout.text)!r} ~ "
                     f"{best[1].hit.span.of(split.readout.text)!r} (fuzzy {fz * 100:.0f}); statement cosine {c:.2f}")
            if status == "differ":
                basis += f"; stance {ea.stance.label if ea.stance else '?'} vs {eb.stance.label if eb.stance else '?'}"
            # a specific theme's phrase that both sides repeat elsewhere is an item of its own (not a broad one's)
            second = None if broad else _second_same(split, best, (ea, eb), P, C, cos, bg, principal, counterpart)
            if second is not None:
                rest = [e for e in rest if not any(e.span.overlaps(x.span) for x in second.evidence)]
                out.append(second)
            out.append(Theme(name=name, status=status, evidence=(ea, eb, *rest), score=round(max(score, 0.5), 3),
                             basis=basis, joint=bool(J)))
        elif J:
            out += _joint(split, name, J, P + C)
        else:
            out += _only(split, name, principal, P, "vocabulary")
            out += _only(split, name, counterpart, C, "vocabulary")
    return out


def _second_same(split: Split, best: tuple[_Hit, _Hit], first: Sequence[Evidence], P: list[_Hit], C: list[_Hit],
                 cos: dict[tuple[int, int], float], bg: Background, principal: str | None,
                 counterpart: str | None) -> Theme | None:
    """A second theme of one vocabulary theme: both sides use one phrase of several words of it, word for word,
    in other statements than the pair the theme was given ("free trade agreement" paired, and "Global
    Development Initiative" / "economic and trade" on both sides elsewhere). None when there is no such phrase.

    Each item the two sides name alike is a theme of its own; one vocabulary theme gave at most one.
    """
    if SAME_PHRASE_WORDS <= 0:
        return None
    text = split.readout.text

    def words(h: _Hit) -> str:
        return " ".join(_lower_words(h.hit.span.of(text)))

    cands = [(a, b) for a in P for b in C if a.statement != best[0].statement and b.statement != best[1].statement
             and len(words(a).split()) >= SAME_PHRASE_WORDS and words(a) == words(b) != words(best[0])]
    if not cands:
        return None
    a, b = max(cands, key=lambda ab: _pair_score(split, ab[0], ab[1], cos)[0])
    score, fz, c = _pair_score(split, a, b, cos)
    ea, eb = _evidence(split, a), _evidence(split, b)
    status: ThemeStatus = "differ" if ea.stance and eb.stance and differ(ea.stance, eb.stance) else "shared"
    more = _widen(split, (ea, eb, *first), [(principal, a.hit.span), (counterpart, b.hit.span)], bg)
    phrase = " ".join(a.hit.span.of(text).split())
    return Theme(name=phrase, status=status, evidence=(ea, eb, *more), score=round(max(score, 0.5), 3),
                 basis=f"vocabulary theme '{a.hit.name}', a second time; words {phrase!r} on both sides; "
                       f"statement cosine {c:.2f}")


def _joint(split: Split, name: str, joint: list[_Hit], sides: list[_Hit]) -> list[Theme]:
    """A vocabulary theme the two sides raise together in a joint statement (none without one)."""
    if not joint:
        return []
    ev = tuple(_evidence(split, h) for h in joint + sides)
    return [Theme(name=name, status="joint", evidence=ev, score=1.0,
                  basis=f"vocabulary theme '{name}' in a joint statement", joint=True)]


def _discovered_themes(split: Split, hits: list[_Hit], principal: str | None, counterpart: str | None,
                       bg: Background, vocab_themes: list[Theme]) -> list[Theme]:
    """Themes both sides raise in their own words, found by comparing their statements."""
    if principal is None or counterpart is None:
        return []
    text = split.readout.text
    P = [Unit(i, st.span) for i, st in enumerate(split.statements) if st.party == principal]
    C = [Unit(i, st.span) for i, st in enumerate(split.statements) if st.party == counterpart]
    if not P or not C:
        return []
    matches = discover(text, P, text, C, skip=_skip_of(split), background=bg)
    two_sided = [t for t in vocab_themes if t.status in ("shared", "differ")]
    # Statement pairs that already carry a two-sided theme: a discovered match there is the same exchange
    # seen through other words ("IAEA" beside "nuclear power plants"), not a theme of its own.
    held = {(t.evidence[0].statement, t.evidence[1].statement) for t in two_sided}
    by_vocab = set(held)  # the pairs a vocabulary theme holds
    out: list[Theme] = []
    for m in matches:  # best first
        sa, sb = m.span_a, m.span_b
        if any(any(e.party == principal and e.span.overlaps(sa) for e in t.evidence)
               and any(e.party == counterpart and e.span.overlaps(sb) for e in t.evidence) for t in two_sided):
            continue  # the vocabulary already pairs these words
        ia, ib = P[m.a].index, C[m.b].index
        # The same common noun on both sides ("... and its fisheries sector") is a theme of its own even
        # where a vocabulary theme already pairs the two statements (not a name: "Lake Victoria").
        same_word = stem(m.words[0]) == stem(m.words[1]) and all(
            text[c.start : c.end][:1].islower() for c in (m.core_a, m.core_b))
        # A very close match is a theme of its own even there: long statements that list many topics
        # ("... advance projects such as the East Coast Rail Link, ... the digital economy ...").
        strong = m.score >= SECOND_PAIR_MIN
        if ONE_PER_PAIR and (ia, ib) in held and not ((same_word and (ia, ib) in by_vocab) or strong):
            continue
        held.add((ia, ib))
        ea = Evidence(principal, sa, ia, stance_at(split.statements[ia], text, sa.start))
        eb = Evidence(counterpart, sb, ib, stance_at(split.statements[ib], text, sb.start))
        status: ThemeStatus = "differ" if ea.stance and eb.stance and differ(ea.stance, eb.stance) else "shared"
        name = _name(text, hits, (ea, eb), m.words, ((principal, m.top_a), (counterpart, m.top_b)))
        more = [Evidence(principal, sp, P[u].index, stance_at(split.statements[P[u].index], text, sp.start))
                for u, sp in m.more_a]
        more += [Evidence(counterpart, sp, C[u].index, stance_at(split.statements[C[u].index], text, sp.start))
                 for u, sp in m.more_b]
        more += _widen(split, (ea, eb, *more), [(principal, m.core_a), (counterpart, m.core_b)], bg)
        out.append(Theme(name=name, status=status, evidence=(ea, eb, *more), score=m.score,
                         basis=f"words {m.words[0]!r} ~ {m.words[1]!r}; statement vector cosine {m.cosine:.2f}"))
    return out


def _phrases(text: str, span: Span, bg: Background, skip: frozenset[str]) -> dict[tuple[str, ...], Span]:
    """The phrases of 2 to ``SAME_LONGEST`` adjacent content words in ``text[span]`` that hold a rare word (in at
    most ``SAME_RARE`` of background readouts), keyed by their words (lower case, no plural s): "medical teams",
    "national transformation agenda". A phrase with a word that frames a statement ("glad", "one"), names a
    country ("South American") or a person with a title ("President Xi Jinping") is left out."""
    from stance.discover import NOT_ANCHOR, titled_name
    from stance.similarity import content_tokens

    toks = content_tokens(text, span.start, span.end, bg=bg, skip=skip)
    places = _place_words()
    out: dict[tuple[str, ...], Span] = {}
    for n in range(2, SAME_LONGEST + 1):
        for i in range(len(toks) - n + 1):
            seq = toks[i : i + n]
            if any(text[a.end : b.start].strip() not in ("", "-") for a, b in zip(seq, seq[1:], strict=False)):
                continue  # not adjacent: "trade, and tourism"
            if any(t.stem in NOT_ANCHOR or t.word in places or titled_name(text, t) for t in seq) or \
                    min(bg.share(t.stem) for t in seq) > SAME_RARE:
                continue
            out.setdefault(tuple(t.word.removesuffix("s") for t in seq), Span(seq[0].start, seq[-1].end))
    return out


@cache
def _place_words() -> frozenset[str]:
    """Country names and demonyms, lower case."""
    from stance.vocab import countries

    return frozenset(f.lower() for c in countries() for f in (*c.names, *c.demonyms))


def _same_words_themes(split: Split, principal: str | None, counterpart: str | None, themes: Sequence[Theme],
                       bg: Background) -> list[Theme]:
    """Phrases that both sides use word for word (:func:`_phrases`: "Chinese medical team(s)", "national
    transformation agenda"), each a theme of its own unless a two-sided theme already holds it on both sides.

    Discovery gives each statement at most two matches and each statement pair one theme, and a vocabulary
    theme pairs one phrase of its own: a further item that both sides name in the same words was lost.
    """
    if principal is None or counterpart is None or SAME_RARE <= 0:
        return []
    text = split.readout.text
    skip = _skip_of(split)
    found: dict[str, dict[tuple[str, ...], list[tuple[int, Span]]]] = {principal: {}, counterpart: {}}
    for i, st in enumerate(split.statements):
        if st.party in found:
            for key, sp in _phrases(text, st.span, bg, skip).items():
                found[st.party].setdefault(key, []).append((i, sp))
    both = set(found[principal]) & set(found[counterpart])
    held = [t for t in themes if t.status in ("shared", "differ")]
    out: list[Theme] = []
    for key in sorted(both, key=lambda k: (-len(k), k)):  # the longest phrase, not the shorter ones inside it
        if any(len(o) > len(key) and any(o[k : k + len(key)] == key for k in range(len(o) - len(key) + 1))
               for o in both):
            continue
        ps, cs = found[principal][key], found[counterpart][key]
        if any(any(e.party == principal and e.span.overlaps(a) for e in t.evidence for _, a in ps)
               and any(e.party == counterpart and e.span.overlaps(b) for e in t.evidence for _, b in cs)
               for t in (*held, *out)):
            continue
        ev = [Evidence(principal, sp, i, stance_at(split.statements[i], text, sp.start)) for i, sp in ps]
        ev += [Evidence(counterpart, sp, i, stance_at(split.statements[i], text, sp.start)) for i, sp in cs]
        ea, eb = ev[0], ev[len(ps)]
        status: ThemeStatus = "differ" if ea.stance and eb.stance and differ(ea.stance, eb.stance) else "shared"
        name = " ".join(ea.span.of(text).split())
        out.append(Theme(name=name, status=status, evidence=(ea, eb, *ev[1 : len(ps)], *ev[len(ps) + 1 :]),
                         score=SAME_SCORE, basis=f"the words {name!r} on both sides"))
    return out


def _widen(split: Split, have: Sequence[Evidence], cores: Sequence[tuple[str | None, Span]],
           bg: Background) -> list[Evidence]:
    """Other statements where each side uses the words of a theme's core (``WIDEN`` at most a side), with
    the word weights of the background the alignment uses (the archive's own, when it has one)."""
    from stance.similarity import content_tokens

    if not WIDEN:
        return []
    text = split.readout.text
    skip = _skip_of(split)
    out: list[Evidence] = []
    for party, core in cores:
        if party is None:
            continue
        stems = {t.stem for t in content_tokens(text, core.start, core.end, bg=bg, skip=skip)
                 if bg.share(t.stem) <= WIDEN_COMMON}
        if not stems:
            continue
        n = 0
        for i, st in enumerate(split.statements):
            if st.party != party or n >= WIDEN:
                continue
            for t in content_tokens(text, st.span.start, st.span.end, bg=bg, skip=skip):
                if t.stem in stems:
                    sp = grow_phrase(text, Span(t.start, t.end), st.span, VOCAB_PHRASE, skip)
                    if any(e.span.overlaps(sp) for e in (*have, *out)):
                        continue
                    out.append(Evidence(party, sp, i, stance_at(st, text, t.start)))
                    n += 1
                    break
    return out


WIDEN_COMMON = 0.6


def _name(text: str, hits: list[_Hit], evidence: Sequence[Evidence], words: tuple[str, str],
          cores: Sequence[tuple[str | None, Span]]) -> str:
    """A vocabulary theme's name when its words hold the strongest matched word, else a name from the words.

    A vocabulary phrase elsewhere in the evidence phrase does not name the theme: "China-US relations
    comes from exchanges at subnational levels" matched on "subnational" is not about relations.
    """
    for party, core in cores:
        for h in hits:
            if h.party == party and h.hit.span.overlaps(core):
                return h.hit.name
    return theme_name([" ".join(e.span.of(text).split()) for e in evidence[:2]], words)


def theme_name(phrases: Sequence[str], words: tuple[str, str]) -> str:
    """The name of a discovered theme: the phrase both sides use word for word, else the matched
    word when both sides use it, else the shorter evidence phrase when short, else both matched
    words ("help / assistance")."""
    from stance.background import stem

    if len(phrases) >= 2 and phrases[0].lower() == phrases[1].lower() and len(phrases[0]) <= 40:
        # A name both sides write alike keeps its capitals ("East Coast Rail Link").
        return phrases[0] if phrases[0] == phrases[1] and not phrases[0].islower() else phrases[0].lower()
    if _NORMAL_AMOUNT.fullmatch(words[0]):  # an amount: as the first side writes it ("US$123 billion")
        from stance.similarity import amounts

        for p in phrases:
            for norm, a, b in amounts(p):
                if norm == words[0]:
                    return p[a:b].strip()
    if stem(words[0]) == stem(words[1]):
        return _as_written(min(words, key=len), phrases)
    best = min(phrases, key=len)
    if len(best) <= 30:
        return best if best.isupper() else best.lower()
    return f"{words[0]} / {words[1]}"


_NORMAL_AMOUNT = re.compile(r"(?:[a-z]{3} )?\d+")


def _as_written(word: str, phrases: Sequence[str]) -> str:
    """``word`` with a capital where every phrase that holds it writes it so: a name ("Kosovo")."""
    forms = [m.group(0) for p in phrases for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", p, re.I)]
    if forms and all(f[:1].isupper() for f in forms):
        return forms[0] if all(f == forms[0] for f in forms) else word[:1].upper() + word[1:]
    return word


_LAST_SKIP: list[tuple[Split, frozenset[str]]] = []


def _skip_of(split: Split) -> frozenset[str]:
    """``skip_words`` of the split being aligned, computed once per split (identity, not hashing)."""
    if _LAST_SKIP and _LAST_SKIP[0][0] is split:
        return _LAST_SKIP[0][1]
    out = frozenset(skip_words(split))
    _LAST_SKIP[:] = [(split, out)]
    return out


_PLACES_IN_TITLES = frozenset({"Europe", "Africa", "Asia", "Atlantic", "Pacific", "America", "Americas"})


@cache
def _title_words() -> frozenset[str]:
    """Honorifics, and the noun of each office ("Minister of Trade" -> "minister": the rest may be a topic)."""
    from stance.vocab import titles

    out: set[str] = set()
    for item in titles().get("honorifics", []):
        if isinstance(item, str):
            out.update(w.lower() for w in re.findall(r"\w+", item))
    for item in titles().get("offices", []):
        if isinstance(item, str):
            # "Senior Humanitarian and Reconstruction Coordinator" -> "coordinator", not "humanitarian";
            # "Supreme Allied Commander Europe" -> "commander": a place after the office noun is no office
            head = [w for w in re.split(r"\s+(?:of|to|for)\s+", item)[0].split() if w not in _PLACES_IN_TITLES]
            if head:
                out.add(head[-1].lower().split("-")[0])
    return frozenset(out)


def skip_words(split: Split) -> set[str]:
    """Words that name the speakers, never a theme: names, honorifics, offices, sides, demonyms, capitals, and
    the political party the headline names."""
    from stance.identity import canonical_side
    from stance.vocab import country_index

    out = side_names(split) | _title_words()
    for p in split.parties:
        c = country_index().get((canonical_side(p.side) or "").lower())
        if c is not None:
            for f in (*c.names, *c.demonyms, *c.capitals):
                out.update(_lower_words(f))
    # a person whose words a side relays ("President Xi Jinping pointed out that ...") is a speaker
    for st in split.statements:
        if st.cited:
            out.update(_lower_words(st.cited))
    # the political party a headline names is a speaker's ("... Meets with Delegation of the X Party")
    for m in _POLITICAL_PARTY.finditer(split.readout.title or ""):
        out.update(_lower_words(re.sub(r"\bParty\b", " ", m.group(0))))
    return out


def _only(split: Split, name: str, party: str | None, hs: list[_Hit], how: str) -> list[Theme]:
    if not hs or party is None:
        return []
    return [Theme(name=name, status="only", evidence=tuple(_evidence(split, h) for h in hs), score=1.0,
                  basis=f"{how} theme '{name}', raised by one side only")]


def side_names(split: Split) -> set[str]:
    """Lower-case words that name the two sides' people and sides: they name speakers, not themes.

    Words of a party's names and aliases, less the words of its office ("Minister of Trade" makes
    "minister" a speaker word, not "trade").
    """
    out: set[str] = set()
    for p in split.parties:
        out |= _party_names(p)
    return out


_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_OWN_PLACE = re.compile(r"\b((?:[A-Z][\w\-']+\s+){1,3})(?:Autonomous\s+)?(?:Region|Province|Oblast|Prefecture|"
                        r"Governorate|County|Municipality|Provincial|Regional|Municipal)\b")
_POLITICAL_PARTY = re.compile(r"(?:[A-Z][\w'\u2019\-]*\s+){1,4}Party(?:\s+of\s+(?:the\s+)?[A-Z][\w'\u2019\-]*)?")


def _institution_names(p: Party) -> list[str]:
    """Names inside a party's office that name the speaker's own institution, not a topic: its
    acronyms ("International Department of the CPC Central Committee" -> CPC), the name of its
    political party ("Social Democratic Party of X" -> Social Democratic X; the word "party" itself
    stays a topic word, as in party-to-party exchanges) and a body known by its own name (a city).
    The other words of an office may be topics ("Minister of Trade")."""
    from stance.sentences import ORG_WORDS
    from stance.vocab import country_regex

    out: list[str] = []
    for field in (p.title or "", p.organisation or ""):
        out += _ACRONYM.findall(field)
        out += _OWN_PLACE.findall(field)  # "Governor of X Region": the speaker's own region
        out += [re.sub(r"\bParty\b", " ", m.group(0)) for m in _POLITICAL_PARTY.finditer(field)]
    org = p.organisation or ""
    # its initials: "National People's Congress" is the NPC the body goes on naming
    initials = "".join(w[0] for w in re.findall(r"[A-Z][\w'\-]*", re.sub(r"\s(?:of|for|on|the|and)\s.*", "", org)))
    if len(initials) >= 2:
        out.append(initials)
    # the body's own rare name before its country: "State Great Khural of Mongolia" -> Khural
    if (m := re.match(r"(.+?)\s+of\s+(?:the\s+)?(.+)$", org)) and country_regex().fullmatch(m.group(2)):
        bg = default_background()
        out += [w for w in re.findall(r"[\w\-]+", m.group(1))
                if w[:1].isupper() and w not in ORG_WORDS and bg.share(stem(w)) < 0.01]
    if org and not re.search(r"\s(?:of|for|on)\s", org):
        # a body named by its own name ("Duisburg", "San Francisco", "Brazil's Pernambuco State"):
        # a mayor's city is the mayor's side, as a country is a minister's
        out += [w for w in re.findall(r"[\w\-]+", org) if w[:1].isupper() and w not in ORG_WORDS]
    return out


@lru_cache(maxsize=256)
def _party_names(p: Party) -> frozenset[str]:
    """:func:`side_names` of one party (cached: a principal's alias table recurs from readout to readout)."""
    own = set().union(*map(_lower_words, (p.name, *p.members, p.side or "", *_institution_names(p))))
    office = set().union(*map(_lower_words, (p.title or "", p.organisation or ""))) - own
    # The words of every alias, read from its distinct space-separated tokens (aliases repeat words); a body
    # a generic epithet names ("the members of parliament") is a topic word still ("exchanges with the Parliament")
    aliases = [a for a in p.aliases if a.lower() not in _body_epithets()]
    return frozenset(own | (set().union(*map(_lower_words, set(" ".join(aliases).split()))) - office))


@cache
def _body_epithets() -> frozenset[str]:
    from stance.vocab import titles

    return frozenset(e.lower() for e in titles().get("epithet_legislator", []) if " of " in e)


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=16384)
def _lower_words(phrase: str) -> tuple[str, ...]:
    """The words of a phrase, lower case (names and aliases recur from readout to readout)."""
    return tuple(w.lower() for w in _WORD.findall(phrase))


_STATUS_ORDER = {"shared": 0, "differ": 0, "joint": 1, "only": 2}


def _ordered(themes: list[Theme]) -> list[Theme]:
    def key(t: Theme) -> tuple[int, int, str]:
        first = min(e.span.start for e in t.evidence)
        return _STATUS_ORDER[t.status], first, t.name

    return sorted(themes, key=key)
