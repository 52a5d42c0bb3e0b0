"""A readout against the archive: what is new in it.

:func:`compare` answers, for one analysed readout (archived or not):

* which archived readouts are nearest (TF-IDF cosine over whole readouts), and which earlier
  ones have the same counterpart, or the same counterpart side;
* for each statement, whether its wording is a recurring formula — the same or near-same
  wording (rapidfuzz ``ratio`` >= :data:`FORMULA_MIN_SCORE` on normalised words) in earlier
  readouts of the same publisher, with how many and where it was first seen — or new wording;
* the themes the principal raises for the first time with this counterpart, and those it
  dropped since the last readout with the same counterpart;
* stance shifts: a theme the principal raised now and in an earlier readout with the same
  counterpart, with a different stance label, with both texts.

"Earlier" means published before this readout (everything archived when it has no date); the
readout itself is left out when it is archived. Candidates for formulas come from MinHash LSH
keys stored in the archive, so a comparison reads a few hundred rows, not every statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from rapidfuzz import fuzz, process

from stance.archive import (
    MIN_FORMULA_WORDS,
    ROW_COLUMNS,
    Archive,
    ReadoutRow,
    band_keys_many,
    counterpart_key,
    normalise,
    row_from,
    statement_stances,
    terms_of,
    wording_hash,
)
from stance.errors import ArchiveError
from stance.identity import canonical_side
from stance.model import JOINT, Alignment, Readout, Span, Stance, Theme

FORMULA_MIN_SCORE = 85.0
"""Least rapidfuzz ``ratio`` (0..100, on normalised words) for two wordings to be the same formula."""

CANDIDATES = 1000
"""Formulas (by shared LSH keys, most shared first) checked with rapidfuzz per statement. A common
formula has many near-same variants in a large archive: with 64, recall against a brute-force
scan fell to 0.59 at 100k readouts; 1,000 keeps it >= 0.99 (``benchmarks/bench_archive.py``)."""

MIN_SHARED_KEYS = 2
"""LSH keys (of 12) an archived wording must share with a statement to be checked first. Wordings
sharing one key are mostly unrelated: at 100k readouts ~930 of a readout's ~1,200 candidates (by
statement), ~30 of them near-same. They are checked when a wording sharing more matches (then
every candidate is, so a recurring formula is counted over all of them) or when no candidate
shares more; see :func:`formula_matches`."""

HISTORY = 10
"""Earlier readouts with the same counterpart searched for stance shifts."""


@dataclass(frozen=True, slots=True)
class Neighbour:
    """An archived readout related to the one compared."""

    readout_id: int
    """Archive id."""
    title: str
    """Headline."""
    published: date | None
    """Publication date."""
    source: str | None
    """Publisher."""
    counterpart: str | None
    """Its counterpart's name."""
    counterpart_side: str | None
    """Its counterpart's side."""
    score: float
    """TF-IDF cosine similarity with the compared readout, 0..1."""
    same_counterpart: bool
    """Same counterpart (surname and side) and same principal side."""
    same_side: bool
    """Same counterpart side."""


@dataclass(frozen=True, slots=True)
class Wording:
    """One statement of the compared readout: a recurring formula or new wording."""

    statement: int
    """Index into the compared readout's statements."""
    party: str
    """Who said it (party id, joint or narrator)."""
    span: Span
    """The statement in the compared readout."""
    text: str
    """Its words."""
    recurring: bool
    """True when earlier readouts of the same publisher use the same or near-same wording."""
    score: float
    """Best rapidfuzz ratio against an archived wording (0 when none came near)."""
    count: int
    """How many earlier readouts of the same publisher use it."""
    first_published: date | None = None
    """Date of the earliest of them."""
    first_readout: int | None = None
    """Archive id of the earliest of them."""
    first_span: Span | None = None
    """The statement in that readout."""
    first_text: str | None = None
    """Its words there."""


@dataclass(frozen=True, slots=True)
class ThemeChange:
    """A theme the principal raises for the first time with this counterpart, or dropped."""

    theme: str
    """Theme name."""
    change: Literal["new", "dropped"]
    """New with this counterpart, or raised last time and not now."""
    readout_id: int | None
    """Where the words are: None for the compared readout, else the archived one."""
    published: date | None
    """That readout's date."""
    spans: tuple[Span, ...]
    """The principal's words naming the theme there."""
    texts: tuple[str, ...]
    """Those words."""


@dataclass(frozen=True, slots=True)
class StanceAt:
    """The principal's stance on a theme in one readout."""

    readout_id: int | None
    """Archive id (None: the compared readout)."""
    published: date | None
    """Its date."""
    label: str
    """Stance label ("urges", "firmly opposes", ...)."""
    strength: float
    """Signed grade, -1..1."""
    span: Span
    """The statement that carries it."""
    text: str
    """Its words."""
    cue_span: Span | None
    """The stance word."""


@dataclass(frozen=True, slots=True)
class StanceShift:
    """A theme raised now and before with a different stance."""

    theme: str
    """Theme name."""
    before: StanceAt
    """In the latest earlier readout with this counterpart that raised it."""
    after: StanceAt
    """In the compared readout."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """What is new in one readout compared with the archive."""

    alignment: Alignment
    """The compared readout, analysed."""
    readout_id: int | None
    """Its archive id when it is archived (then left out of every list)."""
    source: str | None
    """Publisher whose earlier readouts the formulas are counted in (None: all)."""
    nearest: tuple[Neighbour, ...]
    """Most similar archived readouts, best first."""
    same_counterpart: tuple[Neighbour, ...]
    """Earlier readouts with the same counterpart, newest first."""
    same_side: tuple[Neighbour, ...]
    """Earlier readouts with the same counterpart side, newest first."""
    wordings: tuple[Wording, ...]
    """Every statement: recurring formula or new wording."""
    new_themes: tuple[ThemeChange, ...]
    """Themes the principal raises for the first time with this counterpart."""
    dropped_themes: tuple[ThemeChange, ...]
    """Themes raised in :attr:`previous` and not now."""
    shifts: tuple[StanceShift, ...]
    """Themes whose stance label changed since the last time they were raised with this counterpart."""

    @property
    def previous(self) -> Neighbour | None:
        """The last earlier readout with the same counterpart."""
        return self.same_counterpart[0] if self.same_counterpart else None

    @property
    def n_recurring(self) -> int:
        """Statements whose wording is a recurring formula."""
        return sum(1 for w in self.wordings if w.recurring)


def analyse_query(archive: Archive, readout: Readout) -> Alignment:
    """The alignment of a readout to compare: the stored one when its text is archived (nothing is
    analysed again), else split and aligned against the archive's own background (the packaged
    one while the archive is small), as an added readout would be (nothing is fitted, so a
    compare from the command line never imports scikit-learn)."""
    own = archive.find(readout.text)
    if own is not None:
        return archive.alignment(own)
    from stance import pipeline
    from stance.align import align_split

    return align_split(pipeline.split(readout), background=archive.background())


def compare(archive: Archive, alignment: Alignment, *, limit: int = 5) -> Comparison:
    """Compare one analysed readout with the archive (see the module docstring)."""
    split = alignment.split
    readout = split.readout
    own = archive.find(readout.text)
    principal = next((p for p in split.parties if p.role == "principal"), None)
    counterpart = next((p for p in split.parties if p.role == "counterpart"), None)
    key = counterpart_key(counterpart.name, counterpart.side) if counterpart else None
    p_side = principal.side if principal else None
    c_side = counterpart.side if counterpart else None
    before = readout.published

    query = archive.term_query(terms_of(readout.text))
    nearest_scores = archive.nearest(query, limit=limit, exclude=own)
    same_cp = (
        _related(
            archive,
            counterpart_key=key,
            principal_side=p_side,
            before=before,
            exclude=own,
            limit=max(limit, HISTORY),
        )
        if key
        else []
    )
    same_side = (
        _related(archive, counterpart_side=c_side, before=before, exclude=own, limit=limit) if c_side else []
    )
    rows = {r.id: r for r in [*same_cp, *same_side]}
    missing = [rid for rid, _ in nearest_scores if rid not in rows]
    rows.update({rid: archive.row(rid) for rid in missing})
    scores = dict(nearest_scores)
    unscored = [rid for rid in rows if rid not in scores]
    if unscored:
        scores.update(archive.nearest(query, only=unscored))

    def neighbour(r: ReadoutRow) -> Neighbour:
        return Neighbour(
            readout_id=r.id,
            title=r.title,
            published=r.published,
            source=r.source,
            counterpart=r.counterpart,
            counterpart_side=r.counterpart_side,
            score=round(scores.get(r.id, 0.0), 4),
            same_counterpart=key is not None and r.id in {x.id for x in same_cp},
            same_side=c_side is not None and canonical_side(r.counterpart_side) == canonical_side(c_side),
        )

    wordings = tuple(_wordings(archive, alignment, own))
    p_ids = {p.id for p in split.parties if p.role == "principal"}
    now_themes = {t.name: t for t in alignment.themes if _raised(t, p_ids)}
    history = same_cp[:HISTORY]
    new_themes: list[ThemeChange] = []
    dropped: list[ThemeChange] = []
    shifts: list[StanceShift] = []
    if key and history:
        earlier = _themes_with(
            archive, counterpart_key=key, principal_side=p_side, before=before, exclude=own
        )
        for name, t in now_themes.items():
            if name not in earlier:
                spans = _principal_spans(t, p_ids)
                new_themes.append(
                    ThemeChange(
                        theme=name,
                        change="new",
                        readout_id=None,
                        published=readout.published,
                        spans=spans,
                        texts=tuple(s.of(readout.text) for s in spans),
                    )
                )
        raised = _theme_names(archive, [r.id for r in history], role="principal")
        needed = {history[0].id}
        for name in now_themes:
            latest = next((r.id for r in history if name in raised.get(r.id, ())), None)
            if latest is not None:
                needed.add(latest)
        past = [(r, archive.alignment(r.id)) for r in history if r.id in needed]
        last_row, last = past[0]
        last_p = {p.id for p in last.split.parties if p.role == "principal"}
        for t in last.themes:
            if _raised(t, last_p) and t.name not in now_themes:
                spans = _principal_spans(t, last_p)
                dropped.append(
                    ThemeChange(
                        theme=t.name,
                        change="dropped",
                        readout_id=last_row.id,
                        published=last_row.published,
                        spans=spans,
                        texts=tuple(s.of(last.split.readout.text) for s in spans),
                    )
                )
        now_stances = statement_stances(alignment)
        for name, t in now_themes.items():
            after = _stance_at(alignment, t, p_ids, now_stances, None, readout.published)
            if after is None:
                continue
            for r, al in past:
                ps = {p.id for p in al.split.parties if p.role == "principal"}
                old = next((x for x in al.themes if x.name == name and _raised(x, ps)), None)
                if old is None:
                    continue
                then = _stance_at(al, old, ps, tuple(archive.statement_stances(r.id)), r.id, r.published)
                if then is not None and then.label != after.label:
                    shifts.append(StanceShift(theme=name, before=then, after=after))
                break

    return Comparison(
        alignment=alignment,
        readout_id=own,
        source=readout.source,
        nearest=tuple(neighbour(rows[rid]) for rid, _ in nearest_scores),
        same_counterpart=tuple(neighbour(r) for r in same_cp[:limit]),
        same_side=tuple(neighbour(r) for r in same_side[:limit]),
        wordings=wordings,
        new_themes=tuple(new_themes),
        dropped_themes=tuple(dropped),
        shifts=tuple(shifts),
    )


def _raised(t: Theme, party_ids: set[str]) -> bool:
    return t.joint or any(e.party in party_ids or e.party == JOINT for e in t.evidence)


def _principal_spans(t: Theme, party_ids: set[str]) -> tuple[Span, ...]:
    return tuple(e.span for e in t.evidence if e.party in party_ids or e.party == JOINT)


def _stance_at(
    al: Alignment,
    t: Theme,
    party_ids: set[str],
    stances: tuple[Stance | None, ...] | list[Stance | None],
    readout_id: int | None,
    published: date | None,
) -> StanceAt | None:
    """The stance of the principal's first evidence for a theme (the evidence's, else its statement's)."""
    text = al.split.readout.text
    for e in t.evidence:
        if e.party not in party_ids and e.party != JOINT:
            continue
        if not 0 <= e.statement < len(al.split.statements):
            continue
        st = e.stance or (stances[e.statement] if e.statement < len(stances) else None)
        if st is None:
            continue
        span = al.split.statements[e.statement].span
        return StanceAt(
            readout_id=readout_id,
            published=published,
            label=st.label,
            strength=st.strength,
            span=span,
            text=span.of(text),
            cue_span=st.cue_span,
        )
    return None


def formula_matches(archive: Archive, norms: Sequence[str]) -> list[tuple[list[tuple[int, float]], float]]:
    """For each normalised wording (of :data:`MIN_FORMULA_WORDS` words or more), the archived
    wordings within :data:`FORMULA_MIN_SCORE`: ``([(formula id, ratio), ...] best first, best ratio
    among those checked)`` (0 when none came near).

    Checked: the wording itself when archived, and its LSH candidates (at most :data:`CANDIDATES`,
    by keys shared) that share :data:`MIN_SHARED_KEYS` keys or more -- or all of them when none
    does. When one matches, the candidates sharing fewer keys are checked too, so that the
    matches of a recurring formula are those every candidate gives. Wordings sharing one key are
    mostly unrelated (the best score of a new wording then comes from those sharing more): at 100k
    readouts a compare checks ~660 of the ~920 distinct wordings its statements have as
    candidates."""
    ranked = archive.formula_candidate_ids_many(band_keys_many(norms), limit=CANDIDATES)
    exacts = archive.formulas_by_hash([wording_hash(n) for n in norms])
    firsts = [[f for f, k in r if k >= MIN_SHARED_KEYS] or [f for f, _ in r] for r in ranked]
    words = archive.wordings({f for first in firsts for f in first})
    out: list[tuple[list[tuple[int, float]], float]] = []
    for norm, r, first in zip(norms, ranked, firsts, strict=True):
        choices = {f: words[f] for f in first}
        exact = exacts.get(wording_hash(norm))
        if exact is not None:
            choices[exact[0]] = exact[1]
        matched = process.extract(
            norm, choices, scorer=fuzz.ratio, processor=None, score_cutoff=FORMULA_MIN_SCORE, limit=None
        )
        if matched and len(first) < len(r):
            rest = [f for f, _ in r if f not in choices]
            words.update(archive.wordings(rest))
            matched += process.extract(
                norm,
                {f: words[f] for f in rest},
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=FORMULA_MIN_SCORE,
                limit=None,
            )
            matched.sort(key=lambda m: -m[1])
        if matched:
            out.append(([(int(fid), float(score)) for _, score, fid in matched], float(matched[0][1])))
            continue
        best = process.extractOne(norm, choices, scorer=fuzz.ratio, processor=None) if choices else None
        out.append(([], float(best[1]) if best else 0.0))
    return out


def _wordings(archive: Archive, alignment: Alignment, own: int | None) -> list[Wording]:
    readout = alignment.split.readout
    texts = [s.span.of(readout.text) for s in alignment.split.statements]
    norms = [normalise(t) for t in texts]
    looked = [i for i, n in enumerate(norms) if len(n.split()) >= MIN_FORMULA_WORDS]
    # one index lookup for every statement's candidates and one for their exact wordings
    found = dict(zip(looked, formula_matches(archive, [norms[i] for i in looked]), strict=True))
    out: list[Wording] = []
    for i, s in enumerate(alignment.split.statements):
        text = texts[i]
        base = Wording(
            statement=i, party=s.party, span=s.span, text=text, recurring=False, score=0.0, count=0
        )
        if i not in found:
            out.append(base)
            continue
        matched, best = found[i]
        if not matched:
            out.append(
                Wording(
                    statement=i,
                    party=s.party,
                    span=s.span,
                    text=text,
                    recurring=False,
                    score=round(best, 1),
                    count=0,
                )
            )
            continue
        ids = [fid for fid, _ in matched]
        count, first = _formula_uses(
            archive, ids, source=readout.source, before=readout.published, exclude=own
        )
        if not count or first is None:
            out.append(
                Wording(
                    statement=i,
                    party=s.party,
                    span=s.span,
                    text=text,
                    recurring=False,
                    score=round(best, 1),
                    count=0,
                )
            )
            continue
        rid, idx, pub = first
        span, words, _ = _statement_text(archive, rid, idx)
        out.append(
            Wording(
                statement=i,
                party=s.party,
                span=s.span,
                text=text,
                recurring=True,
                score=round(best, 1),
                count=count,
                first_published=pub,
                first_readout=rid,
                first_span=span,
                first_text=words,
            )
        )
    return out


# -- archive queries --------------------------------------------------------------------------


def _related(
    archive: Archive,
    *,
    counterpart_key: str | None = None,
    principal_side: str | None = None,
    counterpart_side: str | None = None,
    before: date | None = None,
    exclude: int | None = None,
    limit: int = 5,
) -> list[ReadoutRow]:
    """Readouts with the same counterpart (key) and/or sides, newest first, before a date when given."""
    where = ["id != ?"]
    args: list[Any] = [exclude if exclude is not None else -1]
    for col, val in (
        ("counterpart_key", counterpart_key),
        ("principal_canon", canonical_side(principal_side)),
        ("counterpart_canon", canonical_side(counterpart_side)),
    ):
        if val is not None:
            where.append(f"{col} = ? COLLATE NOCASE" if col != "counterpart_key" else f"{col} = ?")
            args.append(val)
    if before is not None:
        where.append("published < ?")
        args.append(before.isoformat())
    sql = (
        f"SELECT {ROW_COLUMNS} FROM readouts WHERE {' AND '.join(where)}"
        " ORDER BY published DESC, id DESC LIMIT ?"
    )  # undated last (NULL sorts first)
    return [row_from(r) for r in archive.conn.execute(sql, [*args, limit])]


def _formula_candidates(archive: Archive, keys: Sequence[int], *, limit: int = CANDIDATES) -> list[tuple[int, str]]:
    """Formulas sharing LSH keys with a wording, most shared keys first: ``(formula id, norm)``."""
    return archive.formula_candidates(keys, limit=limit)


def _formula_candidates_many(
    archive: Archive, key_lists: Sequence[Sequence[int]], *, limit: int = CANDIDATES
) -> list[list[tuple[int, str]]]:
    """:func:`_formula_candidates` of many wordings with one index lookup."""
    return archive.formula_candidates_many(key_lists, limit=limit)


def _formula_by_hash(archive: Archive, h: int) -> tuple[int, str] | None:
    """The formula with exactly this normalised wording hash."""
    return archive.formula_by_hash(h)


def _formulas_by_hash(archive: Archive, hashes: Sequence[int]) -> dict[int, tuple[int, str]]:
    """The formulas with exactly these normalised wording hashes: ``hash -> (id, norm)``."""
    return archive.formulas_by_hash(hashes)


def _formula_uses(
    archive: Archive,
    formula_ids: Sequence[int],
    *,
    source: str | None,
    before: date | None,
    exclude: int | None = None,
) -> tuple[int, tuple[int, int, date | None] | None]:
    """How many readouts (of ``source``; before a date) use these wordings, and the first use.

    Returns ``(count, (readout id, statement index, published) of the earliest)``.
    """
    return archive.formula_uses(formula_ids, source=source, before=before, exclude=exclude)


def _statement_text(archive: Archive, readout_id: int, idx: int) -> tuple[Span, str, str]:
    """A stored statement's span, words and party."""
    statements = archive.stored_statements([readout_id]).get(readout_id, ((), ()))[0]
    if not 0 <= idx < len(statements):
        raise ArchiveError(f"no statement {idx} in readout {readout_id}")
    s = statements[idx]
    return s.span, s.span.of(archive.get(readout_id).text), s.party


def _theme_names(
    archive: Archive, readout_ids: Sequence[int], *, role: Literal["principal", "counterpart"]
) -> dict[int, set[str]]:
    """Theme names each readout's principal (or counterpart) raised."""
    out: dict[int, set[str]] = {i: set() for i in readout_ids}
    for i in range(0, len(readout_ids), 500):
        part = list(readout_ids[i : i + 500])
        for rid, name in archive.conn.execute(
            f"SELECT readout_id, name FROM themes WHERE {role} = 1 AND readout_id IN"
            f" ({','.join('?' * len(part))})",
            part,
        ):
            out[int(rid)].add(name)
    return out


def _themes_with(
    archive: Archive,
    *,
    counterpart_key: str,
    principal_side: str | None,
    before: date | None,
    exclude: int | None = None,
) -> set[str]:
    """Every theme the principal raised in earlier readouts with this counterpart."""
    where = ["r.counterpart_key = ?", "t.principal = 1", "r.id != ?"]
    args: list[Any] = [counterpart_key, exclude if exclude is not None else -1]
    if principal_side is not None:
        where.append("r.principal_canon = ? COLLATE NOCASE")
        args.append(canonical_side(principal_side))
    if before is not None:
        where.append("r.published < ?")
        args.append(before.isoformat())
    # the distinct name ids first, then their names (through the ``themes`` view each row's name was
    # looked up before the distinct: a counterpart met 1,000 times is ~10,000 rows, 2.5 -> 1.5 ms)
    return {
        r[0]
        for r in archive.conn.execute(
            "SELECT name FROM theme_names WHERE id IN (SELECT DISTINCT t.name_id FROM theme_rows t"
            f" JOIN readouts r ON r.id = t.readout_id WHERE {' AND '.join(where)})",
            args,
        )
    }
