"""Two governments' accounts of one meeting: what both report, what each alone reports.

Given two split readouts of the same meeting (account 0 and account 1), this finds:

* topics both accounts report and topics one account alone reports (vocabulary themes, and
  salient TF-IDF phrases matched across the accounts with rapidfuzz);
* claims: what one account says the other side's official said, and whether the other
  government's own account reports it too (confirmed);
* characterisations of the talks that differ ("candid and constructive" vs "in-depth");
* numbers and dates present in one account only;
* the order in which each account brings up the shared topics.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from stance.background import Background, default_background
from stance.discover import Unit, discover, grow_phrase
from stance.model import JOINT, NARRATOR, Party, Span, Split
from stance.themes import Vocabulary, default_vocabulary

FUZZY_TOPIC = 90.0
"""rapidfuzz ``ratio`` above which two phrases name one topic."""
CLAIM_CONFIRMED = 0.45
"""Match score (:func:`stance.discover.discover`) above which the other account reports a claim too."""
VOCAB_PHRASE = 60
"""A vocabulary topic's evidence is its words grown into the phrase around them (characters)."""

CHARACTERISATIONS = (
    "candid", "frank", "constructive", "in-depth", "substantive", "productive", "warm", "friendly", "businesslike",
    "business-like", "detailed", "useful", "open", "cordial", "positive", "fruitful", "thorough", "comprehensive",
    "good", "lengthy", "long", "intensive", "meaningful", "trust-based", "very good", "excellent", "difficult",
    "tough", "serious", "direct", "respectful", "extensive", "sincere", "pragmatic",
)
_TALK = r"(?:conversation|talks?|meeting|call|discussion|exchange|dialogue|consultations?)"


@dataclass(frozen=True, slots=True)
class AccountEvidence:
    """Words in one account."""

    account: int
    """0 for the first readout, 1 for the second."""
    span: Span
    """Offsets into that account's text."""
    statement: int
    """Index of the statement in that account's split."""
    party: str
    """Who says it in that account (party id, joint or narrator)."""


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic and where each account reports it."""

    name: str
    """Theme name or the shared phrase."""
    status: Literal["both", "only"]
    """Reported by both accounts, or by one."""
    evidence: tuple[AccountEvidence, ...]
    """The words in each account that report it."""
    score: float = 1.0
    """Match strength 0..1."""
    basis: str = ""
    """What produced the match."""


@dataclass(frozen=True, slots=True)
class Claim:
    """What one account says the other side's official said."""

    account: int
    """The account that makes the claim."""
    span: Span
    """The claim's words in that account."""
    speaker: str
    """Whose words are reported (the other government's official)."""
    confirmed: bool
    """True when the other government's own account reports it too."""
    match: AccountEvidence | None = None
    """Where the other account reports it."""
    score: float = 0.0
    """Similarity of claim and match, 0..1."""


@dataclass(frozen=True, slots=True)
class Characterisation:
    """How an account describes the talks ("candid and constructive")."""

    account: int
    """Which account."""
    span: Span
    """The sentence that characterises the talks."""
    words: tuple[str, ...]
    """The characterising words, lower case."""


@dataclass(frozen=True, slots=True)
class Detail:
    """A number, date or amount that only one account gives."""

    account: int
    """Which account."""
    span: Span
    """The words."""


@dataclass(frozen=True, slots=True)
class AccountsComparison:
    """Two accounts of one meeting, compared."""

    a: Split
    """Account 0."""
    b: Split
    """Account 1."""
    topics: tuple[Topic, ...]
    """Both-topics first (in account 0's order), then one-account topics."""
    claims: tuple[Claim, ...]
    """What each account says the other side said."""
    characterisations: tuple[Characterisation, ...]
    """How each account describes the talks."""
    details: tuple[Detail, ...]
    """Numbers and dates in one account only."""
    order: tuple[tuple[str, ...], tuple[str, ...]]
    """The both-topics in the order each account raises them."""

    def split(self, account: int) -> Split:
        """The split readout of account 0 or 1."""
        return self.a if account == 0 else self.b


def _words(s: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z\u00c0-\u024f]{3,}", s)}


def _person_words(p: Party) -> set[str]:
    return _words(" ".join((p.name, *p.members)))


def _counterpart_of(sp: Split) -> Party | None:
    return next((p for p in sp.parties if p.role == "counterpart"), None)


def _principal_of(sp: Split) -> Party | None:
    return next((p for p in sp.parties if p.role == "principal"), None)


def _same_person(p: Party, q: Party) -> bool:
    """One person by canonical identity: the same person key, or the same surname when a side is unknown."""
    from stance.identity import canonical_side, person_key

    for a in (p.name, *p.members):
        for b in (q.name, *q.members):
            ka, kb = person_key(a, p.side), person_key(b, q.side)
            if ka is None or kb is None:
                continue
            if ka == kb:
                return True
            sa, sb = canonical_side(p.side), canonical_side(q.side)
            if (sa is None or sb is None) and ka.split("|")[0] == kb.split("|")[0]:
                return True
    return False


def _same_side(p: Party, q: Party) -> bool:
    from stance.identity import canonical_side

    sa, sb = canonical_side(p.side), canonical_side(q.side)
    return sa is not None and sa == sb


def same_meeting(a: Split, b: Split, *, days: int = 3) -> bool:
    """True when two readouts look like two governments' accounts of one meeting.

    Parties are compared by canonical identity (:mod:`stance.identity`), not by surface names:
    the principal of one must be the counterpart of the other and the other way round, or, when
    one of the two people is misread, the sides must cross and one person must. Publication
    dates, when both are known, are at most ``days`` apart.
    """
    pa, ca, pb, cb = _principal_of(a), _counterpart_of(a), _principal_of(b), _counterpart_of(b)
    if not (pa and ca and pb and cb):
        return False
    people = (_same_person(pa, cb), _same_person(ca, pb))
    sides = _same_side(pa, cb) and _same_side(ca, pb) and not _same_side(pa, pb)
    if not (all(people) or (sides and any(people))):
        return False
    da, db = a.readout.published, b.readout.published
    return da is None or db is None or abs((da - db).days) <= days


def _hits(sp: Split, account: int, vocab: Vocabulary,
          cores: dict[tuple[int, Span, str], list[Span]] | None = None,
          shown: dict[str, set[str]] | None = None) -> dict[str, list[AccountEvidence]]:
    """The vocabulary hits of one account by theme key (``cores``: their matched words; ``shown``: the
    names each key's hits carry)."""
    from stance.align import skip_words, vocabulary_hits

    skip = skip_words(sp)
    out: dict[str, list[AccountEvidence]] = {}
    for h in vocabulary_hits(sp, vocab, our_country=False):
        span = grow_phrase(sp.readout.text, h.hit.span, sp.statements[h.statement].span, VOCAB_PHRASE, skip)
        out.setdefault(h.hit.key, []).append(AccountEvidence(account, span, h.statement, h.party))
        if cores is not None:
            cores.setdefault((account, span, h.hit.key), []).append(h.hit.span)
        if shown is not None:
            shown.setdefault(h.hit.key, set()).add(h.hit.name)
    return out


ECHO_SHARE = 0.3
"""A one-account topic's telling word found (in any form) in the other account makes it not one account's
alone when at most this share of background readouts use the word ("aggression" 0.16; not "security" 0.65)."""


def _bound(text: str, a: Span, b: Span) -> bool:
    """True when two phrases overlap or stand within a few words of each other in one phrase (no "and",
    comma or clause break between them): "support for Ukraine's | sovereignty"."""
    if a.overlaps(b):
        return True
    gap = text[min(a.end, b.end) : max(a.start, b.start)]
    return len(gap) <= BOUND_GAP and not re.search(r"[,;:.]|\band\b|\bor\b", gap)


BOUND_GAP = 12
"""Most characters between two topics' words for one to belong to the other ("for Ukraine's ")."""


def _echoed(key: str, ev: Sequence[AccountEvidence], cores: dict[tuple[int, Span, str], list[Span]],
            splits: tuple[Split, Split], bg: Background) -> bool:
    """True when the other account uses the telling word of a one-account topic in some form
    ("Russian aggression" / "Russia's aggressive actions"): the topic is not one account's alone."""
    from stance.align import skip_words
    from stance.similarity import content_tokens

    for e in ev:
        sp, other = splits[e.account], splits[1 - e.account]
        for core in cores.get((e.account, e.span, key), [e.span]):
            toks = content_tokens(sp.readout.text, core.start, core.end, bg=bg, skip=skip_words(sp) | skip_words(other))
            if not toks:
                continue
            telling = max(toks, key=lambda t: t.weight)
            if bg.share(telling.stem) <= ECHO_SHARE and telling.stem in _stems(other, bg):
                return True
    return False


def _stems(sp: Split, bg: Background) -> frozenset[str]:
    from stance.similarity import content_tokens

    text = sp.readout.text
    return frozenset(t.stem for st in sp.statements if st.party != NARRATOR
                     for t in content_tokens(text, st.span.start, st.span.end, bg=bg))


def align_accounts(a: Split, b: Split, *, vocabulary: Vocabulary | None = None,
                   background: Background | None = None) -> AccountsComparison:
    """Compare two accounts of one meeting (account 0 = ``a``, 1 = ``b``).

    Topics come from the same engine as single-readout alignment: vocabulary themes, and the
    statements of the two accounts compared word by word (:func:`stance.discover.discover`) with
    the background's weights.
    """
    from stance.align import SUPPORT_NAME

    vocab = vocabulary or default_vocabulary()
    bg = background or default_background()
    cores: dict[tuple[int, Span, str], list[Span]] = {}
    shown: dict[str, set[str]] = {}
    ha, hb = _hits(a, 0, vocab, cores, shown), _hits(b, 1, vocab, cores, shown)
    topics: list[Topic] = []
    alone: list[tuple[str, Topic]] = []
    reported: set[str] = set()
    for key in sorted(set(ha) | set(hb)):
        # side-relative support alone is named as such (see stance.align.SUPPORT_NAME)
        name = vocab.themes[key].name if shown.get(key, set()) - {SUPPORT_NAME} else SUPPORT_NAME
        broad = vocab.themes[key].broad
        ea, eb = ha.get(key, []), hb.get(key, [])
        if ea and eb:
            if broad and _covered_by_specific(ea, ha, vocab) and _covered_by_specific(eb, hb, vocab):
                continue
            if broad and not _close((a, b), ea, eb, cores, key):
                continue  # a broad topic the two accounts raise in unlike words: nothing shared to report
            topics.append(Topic(name, "both", (*ea, *eb), 1.0, f"vocabulary theme '{name}' in both accounts"))
            reported.add(key)
        elif not broad and not (_echoed(key, ea or eb, cores, (a, b), bg)):
            alone.append((key, Topic(name, "only", tuple(ea or eb), 1.0, f"vocabulary theme '{name}' in one account")))
    # Words that carry a topic both accounts report ("support for Ukraine's sovereignty") carry no topic of
    # one account alone; words joined to them by "and" or a comma are a topic of their own ("unfair trade
    # practices and human rights").
    texts = (a.readout.text, b.readout.text)
    both_cores = [(e.account, c) for k in reported for e in (*ha.get(k, []), *hb.get(k, []))
                  for c in cores.get((e.account, e.span, k), [])]
    topics += [t for key, t in alone if not all(
        any(acc == e.account and _bound(texts[acc], core, mine) for acc, core in both_cores
            for mine in cores.get((e.account, e.span, key), [e.span]))
        for e in t.evidence)]
    phrase = _discovered_topics(a, b, bg, ha, hb)
    # A phrase both accounts share makes a one-account vocabulary topic on its words two-sided.
    paired = [(e.account, e.span) for t in phrase for e in t.evidence]
    topics = [t for t in topics if not (t.status == "only" and any(
        e.account == k and e.span.overlaps(sp) for e in t.evidence for k, sp in paired))]
    topics += phrase
    both = [t for t in topics if t.status == "both"]
    order_a = tuple(t.name for t in sorted(both, key=lambda t: min(e.span.start for e in t.evidence if e.account == 0)))
    order_b = tuple(t.name for t in sorted(both, key=lambda t: min(e.span.start for e in t.evidence if e.account == 1)))
    ordered = sorted(topics, key=lambda t: (t.status != "both", min((e.account, e.span.start) for e in t.evidence),
                                            t.name))
    return AccountsComparison(
        a=a, b=b, topics=tuple(ordered), claims=tuple(_claims(a, b, bg) + _claims(b, a, bg, flip=True)),
        characterisations=tuple(_characterisations(a, 0) + _characterisations(b, 1)),
        details=tuple(_details(a, b, 0) + _details(b, a, 1)), order=(order_a, order_b),
    )


def _close(splits: tuple[Split, Split], ea: Sequence[AccountEvidence], eb: Sequence[AccountEvidence],
           cores: dict[tuple[int, Span, str], list[Span]], key: str) -> bool:
    """True when the two accounts' words on a broad topic match as closely as single-readout alignment asks
    (the best pair of their mentions, :func:`stance.align.words_closeness` >= ``BROAD_MIN``)."""
    from stance.align import BROAD_MIN, words_closeness
    from stance.similarity import content_tokens, mean_vector

    texts = (splits[0].readout.text, splits[1].readout.text)

    def vector(e: AccountEvidence) -> Any:
        sp = splits[e.account].statements[e.statement].span
        return mean_vector(content_tokens(texts[e.account], sp.start, sp.end))

    vb = [vector(y) for y in eb]
    best = 0.0
    for x in ea:
        va = vector(x)
        for y, v in zip(eb, vb, strict=True):
            cos = float(va @ v) if va is not None and v is not None else 0.0
            for cx in cores.get((x.account, x.span, key), [x.span]):
                for cy in cores.get((y.account, y.span, key), [y.span]):
                    best = max(best, words_closeness(cx.of(texts[0]), cy.of(texts[1]), cos)[0])
    return best >= BROAD_MIN


def _covered_by_specific(ev: list[AccountEvidence], hits: dict[str, list[AccountEvidence]], vocab: Vocabulary) -> bool:
    specific = {e.statement for k, es in hits.items() if not vocab.themes[k].broad for e in es}
    return all(e.statement in specific for e in ev)


def _discovered_topics(a: Split, b: Split, bg: Background, hits_a: dict[str, list[AccountEvidence]],
                       hits_b: dict[str, list[AccountEvidence]]) -> list[Topic]:
    """Topics both accounts report in their own words, found by comparing their statements."""
    from stance.align import skip_words, theme_name

    ua = [Unit(i, st.span) for i, st in enumerate(a.statements) if st.party != NARRATOR]
    ub = [Unit(j, st.span) for j, st in enumerate(b.statements) if st.party != NARRATOR]
    if not ua or not ub:
        return []
    both_keys = set(hits_a) & set(hits_b)
    out: list[Topic] = []
    # How each account characterises the talks ("candid") is compared apart, not as a topic.
    skip = skip_words(a) | skip_words(b) | set(CHARACTERISATIONS)
    for m in discover(a.readout.text, ua, b.readout.text, ub, skip=skip, background=bg):
        sa, sb = m.span_a, m.span_b
        # Words that sit in a vocabulary topic both accounts report are already paired there.
        ka = {k for k, es in hits_a.items() for e in es if e.span.overlaps(sa)}
        kb = {k for k, es in hits_b.items() for e in es if e.span.overlaps(sb)}
        if (ka | kb) & both_keys:
            continue
        ia, ib = ua[m.a].index, ub[m.b].index
        ev = [AccountEvidence(0, sa, ia, a.statements[ia].party), AccountEvidence(1, sb, ib, b.statements[ib].party)]
        ev += [AccountEvidence(0, sp, ua[u].index, a.statements[ua[u].index].party) for u, sp in m.more_a]
        ev += [AccountEvidence(1, sp, ub[u].index, b.statements[ub[u].index].party) for u, sp in m.more_b]
        names = sorted(ka | kb)
        name = default_vocabulary().themes[names[0]].name if names and names[0] in default_vocabulary().themes \
            else theme_name([" ".join(sa.of(a.readout.text).split()), " ".join(sb.of(b.readout.text).split())], m.words)
        out.append(Topic(name, "both", tuple(ev), m.score,
                         f"words {m.words[0]!r} ~ {m.words[1]!r}; statement vector cosine {m.cosine:.2f}"))
    return out


def _claims(x: Split, y: Split, bg: Background, *, flip: bool = False) -> list[Claim]:
    """Statements in account ``x`` by its counterpart, checked against ``y``'s own account.

    A claim is confirmed when a statement of the other government's official (or a joint one) in
    its own account says the same: close mean word vectors and at least one strong shared word.
    """
    account = 1 if flip else 0
    other = 0 if flip else 1
    cx = _counterpart_of(x)
    if cx is None:
        return []
    claims = [Unit(i, st.span) for i, st in enumerate(x.statements) if st.party == cx.id]
    if not claims:
        return []
    # In the other account, the same person is the principal: their own words, or joint ones.
    py = _principal_of(y)
    ours = [Unit(j, st.span) for j, st in enumerate(y.statements)
            if st.party == JOINT or (py is not None and st.party == py.id)]
    from stance.align import skip_words

    found = {m.a: m for m in discover(x.readout.text, claims, y.readout.text, ours, skip=skip_words(x) | skip_words(y),
                                      background=bg, pair_min=CLAIM_CONFIRMED, max_per_unit=1)} if ours else {}
    out: list[Claim] = []
    for k, u in enumerate(claims):
        m = found.get(k)
        if m is None:
            out.append(Claim(account, u.span, cx.name, False))
            continue
        j = ours[m.b].index
        match = AccountEvidence(other, m.span_b, j, y.statements[j].party)
        out.append(Claim(account, u.span, cx.name, True, match, m.score))
    return out


def _characterisations(sp: Split, account: int) -> list[Characterisation]:
    text = sp.readout.text
    rx = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(CHARACTERISATIONS, key=len, reverse=True)) + r")\b",
                    re.I)
    out: list[Characterisation] = []
    for st in sp.statements:
        s = st.span.of(text)
        if not re.search(_TALK, s, re.I):
            continue
        near = (m for m in rx.finditer(s)
                if re.search(_TALK, s[m.end() : m.end() + 60] + s[max(0, m.start() - 60) : m.start()], re.I))
        words = tuple(dict.fromkeys(m.group(1).lower() for m in near))
        if words:
            out.append(Characterisation(account, st.span, words))
    return out


_NUMBER = re.compile(
    r"(?:\$|\u20ac|\bUSD\s?|\bEUR\s?)?\b\d[\d,.]*(?:\s*(?:million|billion|trillion|thousand|percent|per cent|%))?"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundreds|thousands|millions|billions) of\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b",
    re.I,
)


def _details(x: Split, y: Split, account: int) -> list[Detail]:
    """Numbers and dates in ``x`` that ``y`` does not give."""
    tx, ty = x.readout.text, y.readout.text
    norm_y = re.sub(r"\s+", " ", ty.lower())
    out: list[Detail] = []
    for st in x.statements:
        for m in _NUMBER.finditer(tx, st.span.start, st.span.end):
            token = re.sub(r"\s+", " ", m.group(0).lower()).strip(" .,")
            if len(token) < 2 or token in norm_y:
                continue
            out.append(Detail(account, Span(m.start(), m.start() + len(m.group(0).rstrip(" .,")))))
    return out
