"""Cross-party alignment: where the two sides' themes overlap, differ, or stand alone.

For one readout, each theme the statements raise is placed in one of four groups:

* ``shared`` — each side raises it in its own words, with compatible stances;
* ``differ`` — each side raises it, but the stances pull apart (one welcomes, the other opposes);
* ``joint`` — the two sides raise it together, in a joint statement only ("The leaders discussed trade");
* ``only`` — one side alone.

Themes come from the vocabulary (:mod:`stance.themes`) and, outside it, from salient TF-IDF
phrases matched across the sides with rapidfuzz. Every theme carries its evidence: for each side,
the statement and the span of the words naming the theme, with the stance governing them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process, utils

from stance.background import Background, default_background
from stance.discover import Unit, discover, grow_phrase
from stance.modality import differ, stance_at
from stance.model import JOINT, NARRATOR, Alignment, Evidence, Span, Split, Theme, ThemeStatus
from stance.themes import GENERIC, PhraseModel, ThemeHit, Vocabulary, default_vocabulary

VOCAB_PHRASE = 60
"""A vocabulary theme's evidence is its words grown into the phrase around them (characters; 0: the words only)."""
FUZZY_SHARED = 90.0
"""rapidfuzz ``ratio`` (0-100) above which two salient phrases name one theme."""

REPORTING = frozenset({
    "briefed", "updated", "informed", "told", "thanked", "congratulated", "appreciation", "gratitude", "expressed",
    "readiness", "underscored", "emphasized", "emphasised", "highlighted", "stressed", "conveyed", "raised",
    "welcomed", "commended", "praised",
})
"""Words of the reporting frame, not of a theme: a phrase needs some other word to count."""


@dataclass(frozen=True, slots=True)
class _Hit:
    hit: ThemeHit
    statement: int
    party: str


def fit_model(splits: Iterable[Split]) -> PhraseModel:
    """A TF-IDF phrase model fitted on the statements of many readouts (the background corpus)."""
    docs = [s.span.of(sp.readout.text) for sp in splits for s in sp.statements if s.party != NARRATOR]
    return PhraseModel().fit(docs)


def align_split(split: Split, *, vocabulary: Vocabulary | None = None, model: PhraseModel | None = None,
                background: Background | None = None) -> Alignment:
    """The themes of one split readout, aligned across its two sides.

    ``background`` gives the word weights (the packaged background when None; an archive passes
    its own). Nothing is fitted on the one readout. ``model`` is accepted for older callers and
    no longer used: the TF-IDF weights come from the background.
    """
    del model
    vocab = vocabulary or default_vocabulary()
    bg = background or default_background()
    principal = next((p.id for p in split.parties if p.role == "principal"), None)
    counterpart = next((p.id for p in split.parties if p.role == "counterpart"), None)
    sides = {x for x in (principal, counterpart) if x is not None} | {JOINT}
    hits = vocabulary_hits(split, vocab, sides)
    themes = _vocab_themes(split, hits, principal, counterpart)
    found = _discovered_themes(split, hits, principal, counterpart, bg, themes)
    # A discovered pair that overlaps a theme one side alone raised makes that theme two-sided: the
    # one-sided entry gives way to the pair.
    paired = [e.span for t in found for e in t.evidence]
    themes = [t for t in themes if not (t.status == "only" and any(e.span.overlaps(sp) for e in t.evidence
                                                                     for sp in paired))]
    return Alignment(split=split, themes=tuple(_ordered(themes + found)))


def vocabulary_hits(split: Split, vocab: Vocabulary, parties: set[str] | None = None, *,
                    our_country: bool = True) -> list[_Hit]:
    """Vocabulary themes in the statements of ``parties`` (all but the narrator's when None).

    A side's own name ("Ukraine" when Ukraine is a party) names a speaker, not a theme, and is
    left out; with ``our_country``, "our country" reads as the publishing side.
    """
    text = split.readout.text
    side_words = _side_words(split)
    speakers = skip_words(split)
    ours = next((p.side for p in split.parties if p.role == "principal" and p.side), None) if our_country else None
    hits: list[_Hit] = []
    for i, st in enumerate(split.statements):
        if st.party == NARRATOR or (parties is not None and st.party not in parties):
            continue
        hits += [_Hit(h, i, st.party) for h in vocab.find(text, st.span, ours=ours)
                 if h.span.of(text).lower().rstrip("s") not in side_words
                 and not _all_in(h.span.of(text), speakers)]
    return hits


def _all_in(phrase: str, words: set[str]) -> bool:
    found = [w.lower() for w in re.findall(r"\w+", phrase)]
    return bool(found) and all(w in words or w.rstrip("s") in words for w in found)


def _side_words(split: Split) -> set[str]:
    """Lower-cased names and demonyms of both sides (and their people), without a plural s."""
    from stance.vocab import country_index

    out: set[str] = set()
    for p in split.parties:
        for form in (p.name, *p.members, *p.aliases):
            out.add(form.lower().rstrip("s"))
        c = country_index().get((p.side or "").lower())
        if c is not None:
            out.update(f.lower().removeprefix("the ").rstrip("s") for f in (*c.names, *c.demonyms))
    return out


def _by_key(hits: Sequence[_Hit]) -> dict[str, list[_Hit]]:
    out: dict[str, list[_Hit]] = {}
    for h in hits:
        out.setdefault(h.hit.key, []).append(h)
    return out


def _evidence(split: Split, h: _Hit) -> Evidence:
    st = split.statements[h.statement]
    span = grow_phrase(split.readout.text, h.hit.span, st.span, VOCAB_PHRASE) if VOCAB_PHRASE else h.hit.span
    return Evidence(party=h.party, span=span, statement=h.statement,
                    stance=stance_at(st, split.readout.text, h.hit.span.start))


def _pair_score(split: Split, a: _Hit, b: _Hit, cos: dict[tuple[int, int], float]) -> tuple[float, float, float]:
    text = split.readout.text
    fz = fuzz.token_set_ratio(a.hit.span.of(text), b.hit.span.of(text), processor=utils.default_process) / 100.0
    c = cos.get((a.statement, b.statement), 0.0)
    return 0.6 * fz + 0.4 * c, fz, c


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


def _vocab_themes(split: Split, hits: list[_Hit], principal: str | None, counterpart: str | None) -> list[Theme]:
    grouped = _by_key(hits)
    p_stmts = [h.statement for h in hits if h.party == principal]
    c_stmts = [h.statement for h in hits if h.party == counterpart]
    cos = _cosines(split, p_stmts, c_stmts)
    specific_stmts = {(h.statement, h.party) for h in hits if not h.hit.broad}
    out: list[Theme] = []
    for _key, hs in grouped.items():
        name = hs[0].hit.name
        broad = hs[0].hit.broad
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
            ea, eb = _evidence(split, best[0]), _evidence(split, best[1])
            status: ThemeStatus = "differ" if ea.stance and eb.stance and differ(ea.stance, eb.stance) else "shared"
            rest = [_evidence(split, h) for h in P + C + J if h not in best]
            basis = (f"vocabulary theme '{name}'; words {best[0].hit.span.of(split.readout.text)!r} ~ "
                     f"{best[1].hit.span.of(split.readout.text)!r} (fuzzy {fz * 100:.0f}); statement cosine {c:.2f}")
            if status == "differ":
                basis += f"; stance {ea.stance.label if ea.stance else '?'} vs {eb.stance.label if eb.stance else '?'}"
            out.append(Theme(name=name, status=status, evidence=(ea, eb, *rest), score=round(max(score, 0.5), 3),
                             basis=basis, joint=bool(J)))
        elif J:
            ev = tuple(_evidence(split, h) for h in J + P + C)
            out.append(Theme(name=name, status="joint", evidence=ev, score=1.0,
                             basis=f"vocabulary theme '{name}' in a joint statement", joint=True))
        else:
            out += _only(split, name, principal, P, "vocabulary")
            out += _only(split, name, counterpart, C, "vocabulary")
    return out


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
    matches = discover(text, P, text, C, skip=skip_words(split), background=bg)
    two_sided = [t for t in vocab_themes if t.status in ("shared", "differ")]
    out: list[Theme] = []
    for m in matches:
        sa, sb = m.span_a, m.span_b
        if any(any(e.party == principal and e.span.overlaps(sa) for e in t.evidence)
               and any(e.party == counterpart and e.span.overlaps(sb) for e in t.evidence) for t in two_sided):
            continue  # the vocabulary already pairs these words
        ia, ib = P[m.a].index, C[m.b].index
        ea = Evidence(principal, sa, ia, stance_at(split.statements[ia], text, sa.start))
        eb = Evidence(counterpart, sb, ib, stance_at(split.statements[ib], text, sb.start))
        status: ThemeStatus = "differ" if ea.stance and eb.stance and differ(ea.stance, eb.stance) else "shared"
        name = _name(text, hits, (ea, eb), m.words)
        more = [Evidence(principal, sp, P[u].index, stance_at(split.statements[P[u].index], text, sp.start))
                for u, sp in m.more_a]
        more += [Evidence(counterpart, sp, C[u].index, stance_at(split.statements[C[u].index], text, sp.start))
                 for u, sp in m.more_b]
        out.append(Theme(name=name, status=status, evidence=(ea, eb, *more), score=m.score,
                         basis=f"words {m.words[0]!r} ~ {m.words[1]!r}; statement vector cosine {m.cosine:.2f}"))
    return out


def _name(text: str, hits: list[_Hit], evidence: Sequence[Evidence], words: tuple[str, str]) -> str:
    """A vocabulary theme's name when its words sit in the evidence, else the shorter evidence phrase."""
    for e in evidence:
        for h in hits:
            if h.party == e.party and h.hit.span.overlaps(e.span):
                return h.hit.name
    phrases = [" ".join(e.span.of(text).split()) for e in evidence]
    best = min(phrases, key=lambda p: (len(p) > 40, len(p)))
    if len(best) > 40:
        best = words[0] if words[0] == words[1] else f"{words[0]} / {words[1]}"
    return best.lower() if not best.isupper() else best


def skip_words(split: Split) -> set[str]:
    """Words that name the speakers, never a theme: names, honorifics, sides, demonyms, capitals."""
    from stance.identity import canonical_side
    from stance.vocab import country_index, titles

    out = side_names(split)
    for p in split.parties:
        c = country_index().get((canonical_side(p.side) or "").lower())
        if c is not None:
            for f in (*c.names, *c.demonyms, *c.capitals):
                out.update(w.lower() for w in re.findall(r"\w+", f))
    for item in titles().get("honorifics", []):
        if isinstance(item, str):
            out.update(w.lower() for w in re.findall(r"\w+", item))
    for item in titles().get("offices", []):
        # The office noun only ("Minister of Trade" -> "minister"): the rest may be a real topic.
        if isinstance(item, str):
            head = re.split(r"\s+(?:of|to|for|and)\s+", item)[0].split()
            if head:
                out.add(head[-1].lower().split("-")[0])
    return out


def _only(split: Split, name: str, party: str | None, hs: list[_Hit], how: str) -> list[Theme]:
    if not hs or party is None:
        return []
    return [Theme(name=name, status="only", evidence=tuple(_evidence(split, h) for h in hs), score=1.0,
                  basis=f"{how} theme '{name}', raised by one side only")]


_STOP_EDGE = re.compile(r"^(?:the|a|an|of|and|in|on|for|to|with|at|by)$", re.I)


_TOKEN = re.compile(r"\b[A-Za-z][A-Za-z\-]+\b")


def _locate(text: str, span: Span, phrase: str) -> Span | None:
    """Where the words of an n-gram (as the TF-IDF analyser produced it) stand in ``span``."""
    words = phrase.split()
    toks = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text, span.start, span.end)]
    n = len(words)
    for i in range(len(toks) - n + 1):
        # Only stop words may stand between (the analyser dropped them), within a short reach.
        if all(toks[i + k][0] == words[k] for k in range(n)) and toks[i + n - 1][2] - toks[i][1] <= len(phrase) + 24:
            return Span(toks[i][1], toks[i + n - 1][2])
    for i in range(len(toks)):
        if toks[i][0] != words[0]:
            continue
        k, j = 1, i + 1
        while k < n and j < len(toks) and j - i <= 2 * n + 2:
            if toks[j][0] == words[k]:
                k += 1
            j += 1
        if k == n:
            return Span(toks[i][1], toks[j - 1][2])
    return None


def _phrase_themes(split: Split, hits: list[_Hit], principal: str | None, counterpart: str | None,
                   model: PhraseModel) -> list[Theme]:
    """Themes outside the vocabulary: salient TF-IDF phrases that both sides use alike."""
    if principal is None or counterpart is None:
        return []
    spoken = {st.party for st in split.statements}
    if principal not in spoken or counterpart not in spoken:
        return []  # one side reports nothing in its own words: nothing to pair
    text = split.readout.text
    names = side_names(split)
    P = phrase_candidates(split, model, {principal}, names)
    C = phrase_candidates(split, model, {counterpart}, names)
    pairs = close_pairs([p[0] for p in P], [c[0] for c in C])
    out: list[Theme] = []
    used_p: set[int] = set()
    used_c: set[int] = set()
    used_pairs: set[tuple[int, int]] = set()
    for s, i, j in pairs:
        if i in used_p or j in used_c or (P[i][1], C[j][1]) in used_pairs:
            continue
        shared_words = set(P[i][0].split()) & set(C[j][0].split())
        if not shared_words - names:
            continue
        sp_p = _locate(text, split.statements[P[i][1]].span, P[i][0])
        sp_c = _locate(text, split.statements[C[j][1]].span, C[j][0])
        if sp_p is None or sp_c is None:
            continue
        if _same_shared_theme(sp_p, sp_c, hits, principal, counterpart):
            continue  # the vocabulary already pairs these words
        used_pairs.add((P[i][1], C[j][1]))  # one phrase theme per pair of statements
        used_p.add(i)
        used_c.add(j)
        ea = Evidence(principal, sp_p, P[i][1], stance_at(split.statements[P[i][1]], text, sp_p.start))
        eb = Evidence(counterpart, sp_c, C[j][1], stance_at(split.statements[C[j][1]], text, sp_c.start))
        status: ThemeStatus = "differ" if ea.stance and eb.stance and differ(ea.stance, eb.stance) else "shared"
        name = min(P[i][0], C[j][0], key=len)
        out.append(Theme(name=name, status=status, evidence=(ea, eb), score=round(s / 100.0, 3),
                         basis=f"salient phrases {P[i][0]!r} ~ {C[j][0]!r} (TF-IDF, fuzzy {s:.0f})"))
    return out


def side_names(split: Split) -> set[str]:
    """Lower-case words of both sides' names, aliases and sides: they name speakers, not themes."""
    return {w.lower() for p in split.parties for a in (p.name, *p.aliases, p.side or "") for w in re.findall(r"\w+", a)}


def phrase_candidates(split: Split, model: PhraseModel, parties: set[str], names: set[str],
                      per_statement: int = 40) -> list[tuple[str, int]]:
    """2-3-word TF-IDF phrases of the statements of ``parties``, as (phrase, statement index).

    A phrase must carry a word that is not a name, a generic word or a reporting-frame word.
    """
    text = split.readout.text
    out: list[tuple[str, int]] = []
    for i, st in enumerate(split.statements):
        if st.party not in parties:
            continue
        vec = model.vector(st.span.of(text))
        grams = sorted(((g, w) for g, w in vec.items() if 2 <= len(g.split()) <= 3),
                       key=lambda gw: (-round(gw[1], 4), len(gw[0]), gw[0]))
        for phrase, _w in grams[:per_statement]:
            words = phrase.split()
            if any(_STOP_EDGE.match(w) for w in (words[0], words[-1])):
                continue
            if all(w in names or w in GENERIC or w in REPORTING for w in words):
                continue
            out.append((phrase, i))
    return out


def close_pairs(a: list[str], b: list[str], cutoff: float = FUZZY_SHARED) -> list[tuple[float, int, int]]:
    """Pairs of phrases (one from each list) at least ``cutoff`` alike (rapidfuzz ratio), best first."""
    if not a or not b:
        return []
    scores = process.cdist(a, b, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=cutoff)
    close = np.argwhere(scores >= cutoff)
    return sorted(((float(scores[i, j]), int(i), int(j)) for i, j in close), key=lambda x: (-x[0], x[1], x[2]))


def _same_shared_theme(a: Span, b: Span, hits: list[_Hit], principal: str, counterpart: str) -> bool:
    ka = {h.hit.key for h in hits if h.party == principal and h.hit.span.overlaps(a)}
    kb = {h.hit.key for h in hits if h.party == counterpart and h.hit.span.overlaps(b)}
    keys_p = {h.hit.key for h in hits if h.party == principal}
    keys_c = {h.hit.key for h in hits if h.party == counterpart}
    # Both phrases sit in one theme both sides raise anyway, or each in a theme the other side also raises.
    return bool(ka & kb) or bool(ka & keys_c) or bool(kb & keys_p)


_STATUS_ORDER = {"shared": 0, "differ": 0, "joint": 1, "only": 2}


def _ordered(themes: list[Theme]) -> list[Theme]:
    def key(t: Theme) -> tuple[int, int, str]:
        first = min(e.span.start for e in t.evidence)
        return _STATUS_ORDER[t.status], first, t.name

    return sorted(themes, key=key)
