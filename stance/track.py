"""A side's line over time: per theme, what it said when, with which stance.

:func:`track` reads the archive for every readout in which a side (a country or organisation)
took part, as principal or counterpart, and gives

* per theme, the dated entries: readout, stance label, and the side's words with offsets
  (its own statements and joint ones);
* counts per month (readouts in which the side raised the theme);
* when phrases first appear in the side's statements — given phrases (e.g. "San Francisco
  vision"), or the recurring phrases of its statements found automatically.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from stance.archive import STOPWORDS, Archive, iso_date
from stance.archive.packing import stance_of
from stance.archive.store import MAX_INT
from stance.archive.trackindex import UNDATED
from stance.errors import ArchiveError
from stance.identity import canonical_side
from stance.model import JOINT, Span, Stance

AUTO_WINDOW = 500
"""Automatic phrases are drawn from the side's statements in its latest this-many readouts."""

AUTO_PHRASES = 10
"""How many automatic phrases to report."""

_WORD = re.compile(r"[^\W_]+(?:[-'\u2019.][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class TrackEntry:
    """The side's words on a theme in one readout."""

    theme: str
    """Theme name."""
    published: date | None
    """Date of the readout."""
    readout_id: int
    """Archive id."""
    title: str
    """Headline."""
    party: str
    """Party id of the words (the side's party, or joint)."""
    stance: str | None
    """Stance label of the words (the evidence's, else its statement's)."""
    strength: float | None
    """Signed grade of the stance."""
    span: Span
    """The words naming the theme, in the readout text."""
    statement: int
    """Index of the statement they stand in."""
    text: str
    """The words."""


@dataclass(frozen=True, slots=True)
class ThemeLine:
    """One theme over time."""

    theme: str
    """Theme name."""
    entries: tuple[TrackEntry, ...]
    """Oldest first: all of them, or the latest ones when :func:`track` was given a ``limit``."""
    months: tuple[tuple[str, int], ...]
    """``(YYYY-MM, readouts raising it)``, every month from the first to the last entry."""
    readouts: int = 0
    """Readouts in which the side raised the theme (all of them, whatever the limit)."""
    first: date | None = None
    """Date of the first readout raising it (None when undated)."""
    hidden: int = 0
    """Readouts raising it whose entries are left out by the limit."""


@dataclass(frozen=True, slots=True)
class PhraseFirst:
    """When a phrase first appears in the side's words."""

    phrase: str
    """The phrase as asked (or as first written, when found automatically)."""
    first_published: date | None
    """Date of the first readout using it (None when never found)."""
    readout_id: int | None
    """That readout's archive id."""
    span: Span | None
    """Where it stands there."""
    count: int
    """Readouts in which the side uses it."""


@dataclass(frozen=True, slots=True)
class Timeline:
    """A side's line over time."""

    side: str
    """The side tracked."""
    theme: str | None
    """The one theme asked for, if any."""
    since: date | None
    """Start date, if any."""
    readouts: int
    """Readouts in which the side took part (since the start date)."""
    months: tuple[tuple[str, int], ...]
    """``(YYYY-MM, readouts)`` with the side, every month from the first to the last."""
    themes: tuple[ThemeLine, ...]
    """Per theme, most raised first."""
    phrases: tuple[PhraseFirst, ...]
    """First appearances of phrases, oldest first."""


def track(
    archive: Archive,
    side: str,
    *,
    theme: str | None = None,
    since: date | None = None,
    phrases: Sequence[str] | None = None,
    limit: int | None = None,
) -> Timeline:
    """The timeline of ``side`` (any of its forms, case-insensitive), optionally one theme and from a date.

    Counts come from the archive's track index (side x theme x month), so they cost the same at
    any archive size; ``limit`` keeps the entries of the latest ``limit`` readouts per theme
    (:attr:`ThemeLine.hidden` says how many readouts are left out), ``None`` keeps all.
    ``phrases`` asks when those phrases first appear in the side's words; without it, the
    side's recurring phrases are found automatically (in its latest :data:`AUTO_WINDOW`
    readouts, and for the one theme when ``theme`` is given). Raises :class:`ArchiveError`
    when the archive has no readout with that side.
    """
    if limit is not None and not 0 <= limit <= MAX_INT:
        raise ArchiveError(f"--limit must be between 0 and {MAX_INT}, not {limit}")
    canon = canonical_side(side) or side
    conn = archive.conn
    since_day = since.toordinal() + _JD_ORDINAL if since else None
    if since is None:
        side_months = conn.execute(
            "SELECT month, readouts FROM track_months WHERE side = ? AND theme = ''", (canon,)
        ).fetchall()
    else:
        side_months = conn.execute(
            "SELECT substr(published, 1, 7), count(*) FROM readouts WHERE (principal_canon = ? COLLATE NOCASE"
            " OR counterpart_canon = ? COLLATE NOCASE) AND published >= ? GROUP BY 1",
            (canon, canon, since.isoformat()),
        ).fetchall()
    total = sum(int(n) for _, n in side_months)
    if not total:
        known = archive.sides()
        close = [s for s in known if side.lower() in s.lower() or s.lower() in side.lower()][:5]
        hint = (
            f"; did you mean {', '.join(close)}?"
            if close
            else (
                f"; sides in the archive: {', '.join(known[:12])}{' ...' if len(known) > 12 else ''}"
                if known
                else ""
            )
        )
        when = f" since {since.isoformat()}" if since else ""
        raise ArchiveError(f"no archived readout with side {side!r}{when}{hint}")
    if theme is not None and not _theme_exists(archive, theme):
        raise ArchiveError(
            f"no theme {theme!r} in the archive; 'stance track --side {side}' lists the themes"
        )
    per_theme: dict[str, dict[str, int]] = {}
    if since_day is None:
        sql = "SELECT theme, month, readouts FROM track_months WHERE side = ? AND theme != ''"
        args: list[Any] = [canon]
    else:
        sql = (
            "SELECT l.theme, coalesce(substr(r.published, 1, 7), ''), count(DISTINCT ti.readout_id)"
            " FROM track_lines l JOIN track_index ti ON ti.line = l.id JOIN readouts r ON r.id = ti.readout_id"
            " WHERE l.side = ? AND ti.day >= ?"
        )
        args = [canon, since_day]
    if theme is not None:
        sql += " AND theme = ?" if since_day is None else " AND l.theme = ?"
        args.append(theme)
    if since_day is not None:
        sql += " GROUP BY 1, 2"
    for name, month, n in conn.execute(sql, args):
        per_theme.setdefault(name, {})[month] = per_theme.get(name, {}).get(month, 0) + int(n)
    lines: list[ThemeLine] = []
    for name, months in per_theme.items():
        ids, first_day = _theme_rows(archive, canon, name, since_day, limit)
        entries = [
            TrackEntry(
                theme=name,
                published=pub,
                readout_id=rid,
                title=title,
                party=party,
                stance=st.label if st else None,
                strength=st.strength if st else None,
                span=span,
                statement=st_idx,
                text=words,
            )
            for _, rid, pub, title, party, span, st_idx, st, words in _side_evidence(archive, canon, ids)
        ]
        readouts = sum(months.values())
        shown = len({e.readout_id for e in entries})
        lines.append(
            ThemeLine(
                theme=name,
                entries=tuple(entries),
                months=_fill_months({m: n for m, n in months.items() if m}),
                readouts=readouts,
                first=None if first_day is None or first_day >= UNDATED else date.fromordinal(first_day - _JD_ORDINAL),
                hidden=max(0, readouts - shown) if limit is not None else 0,
            )
        )
    lines.sort(key=lambda t: (-t.readouts, t.theme))
    side_ids = _side_readouts(archive, canon, since=since, latest=AUTO_WINDOW)
    if phrases:
        every = [r for r, _, _ in _side_readouts(archive, canon, since=since)]
        found = [_first(archive, canon, p, every) for p in phrases]
    else:
        window = [r for r, _, _ in side_ids]
        keep = (
            {(e.readout_id, e.statement) for line in lines for e in line.entries}
            if theme is not None and limit is None
            else None
        )
        found = _auto_phrases(archive, canon, window, keep)
    found.sort(key=lambda p: (p.first_published is None, p.first_published or date.min, p.phrase))
    return Timeline(
        side=side,
        theme=theme,
        since=since,
        readouts=total,
        months=_fill_months({str(m): int(n) for m, n in side_months if m}),
        themes=tuple(lines),
        phrases=tuple(found),
    )


_JD_ORDINAL = 1_721_424
"""``int(julianday(d))`` in SQLite minus ``d.toordinal()``."""


def _fill_months(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """``(YYYY-MM, n)`` for every month from the first to the last, 0 where none."""
    if not counts:
        return ()
    first, last = min(counts), max(counts)
    y, m = int(first[:4]), int(first[5:])
    out: list[tuple[str, int]] = []
    while True:
        key = f"{y:04d}-{m:02d}"
        out.append((key, counts.get(key, 0)))
        if key >= last:
            return tuple(out)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _theme_exists(archive: Archive, theme: str) -> bool:
    if archive.conn.execute("SELECT 1 FROM track_months WHERE theme = ? LIMIT 1", (theme,)).fetchone():
        return True
    return theme.lower() in {t.lower() for t in archive.themes()}


def _theme_rows(
    archive: Archive, side: str, theme: str, since_day: int | None, limit: int | None
) -> tuple[list[tuple[int, int]], int | None]:
    """``(readout id, theme index)`` of the latest ``limit`` readouts (all when None) in which the side raised the
    theme, and the first day it did (from the track index)."""
    where = "line = (SELECT id FROM track_lines WHERE side = ? AND theme = ?)" + (
        " AND day >= ?" if since_day is not None else ""
    )
    args: list[Any] = [side, theme] + ([since_day] if since_day is not None else [])
    first = archive.conn.execute(f"SELECT min(day) FROM track_index WHERE {where}", args).fetchone()[0]
    sql = f"SELECT readout_id, idx FROM track_index WHERE {where} ORDER BY day DESC, readout_id DESC, idx DESC"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    rows = [(int(a), int(b)) for a, b in archive.conn.execute(sql, args)]
    return rows, None if first is None else int(first)


def _months(dated: Sequence[tuple[date | None, int]]) -> tuple[tuple[str, int], ...]:
    """Distinct readouts per month, with empty months in between filled with 0."""
    seen: dict[str, set[int]] = {}
    for d, rid in dated:
        if d is not None:
            seen.setdefault(f"{d.year:04d}-{d.month:02d}", set()).add(rid)
    if not seen:
        return ()
    first, last = min(seen), max(seen)
    y, m = int(first[:4]), int(first[5:])
    out: list[tuple[str, int]] = []
    while True:
        key = f"{y:04d}-{m:02d}"
        out.append((key, len(seen.get(key, ()))))
        if key >= last:
            return tuple(out)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _first(archive: Archive, side: str, phrase: str, readout_ids: list[int]) -> PhraseFirst:
    """The first readout in which the side's own (or joint) words hold the phrase."""
    rx = re.compile(r"(?<![^\W_])" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?![^\W_])", re.I)
    first: tuple[date | None, int, Span] | None = None
    count = 0
    if not phrase.split():
        return PhraseFirst(phrase=phrase, first_published=None, readout_id=None, span=None, count=0)
    for rid in _phrase_readouts(archive, phrase, readout_ids):
        text = _text_of(archive, rid)
        mine = set(_party_of(archive, rid, side)) | {"joint"}
        spans = [sp for _, party, sp in _statement_spans(archive, rid) if party in mine]
        hit = next(
            (
                m
                for m in rx.finditer(text)
                if any(sp.start <= m.start() and m.end() <= sp.end for sp in spans)
            ),
            None,
        )
        if hit is None:
            continue
        count += 1
        if first is None:
            first = (archive.row(rid).published, rid, Span(hit.start(), hit.end()))
    if first is None:
        return PhraseFirst(phrase=phrase, first_published=None, readout_id=None, span=None, count=0)
    return PhraseFirst(
        phrase=phrase, first_published=first[0], readout_id=first[1], span=first[2], count=count
    )


def _auto_phrases(
    archive: Archive, side: str, readout_ids: list[int], keep: set[tuple[int, int]] | None
) -> list[PhraseFirst]:
    """Recurring 2-4 word phrases of the side's statements, with where each first appears."""
    # one pass counts the readouts of each phrase (lower-cased words, one set per readout); where
    # the chosen phrases first appear is looked up afterwards, for them alone
    statements = [
        (rid, pub, span, words)
        for rid, pub, idx, span, words in _side_statements(archive, readout_ids, side)
        if keep is None or (rid, idx) in keep
    ]
    counter: Counter[str] = Counter()
    current: int | None = None
    mine: set[str] = set()
    for rid, _, _, words in statements:
        if rid != current:
            counter.update(mine)
            current, mine = rid, set()
        toks = _WORD.findall(words.lower())
        ok = [t not in STOPWORDS for t in toks]
        t1, t2, t3 = toks[1:], toks[2:], toks[3:]
        o1, o2, o3 = ok[1:], ok[2:], ok[3:]
        grams = [f"{a} {b}" for a, b, x, y in zip(toks, t1, ok, o1, strict=False) if x and y]
        grams += [f"{a} {b} {c}" for a, b, c, x, y in zip(toks, t1, t2, ok, o2, strict=False) if x and y]
        grams += [
            f"{a} {b} {c} {d}" for a, b, c, d, x, y in zip(toks, t1, t2, t3, ok, o3, strict=False) if x and y
        ]
        if any(t.isdigit() for t in toks):  # rare: phrases with a number in them are left out
            grams = [g for g in grams if not any(w.isdigit() for w in g.split())]
        mine.update(grams)
    counter.update(mine)
    seen = {k: c for k, c in counter.items() if c >= 2}
    counts = Counter(seen)
    rows, n = archive.term_rows({w for k in counts for w in k.split()})
    known = {term: math.log((1.0 + n) / (1.0 + df)) + 1.0 for _, term, df in rows}  # smoothed idf, no numpy

    def weight(k: str) -> float:
        # recurring, long and distinctive: the rarest word's idf carries the phrase
        words = k.split()
        rarest = max(known.get(w, 1.0) for w in words)
        return math.sqrt(counts[k]) * len(words) * rarest

    ranked = sorted(counts, key=lambda k: (-weight(k), k))
    chosen: list[str] = []
    for k in ranked:
        if any(k in c and counts[c] >= counts[k] * 0.8 for c in chosen):
            continue
        chosen = [c for c in chosen if not (c in k and counts[k] >= counts[c] * 0.8)]
        chosen.append(k)
        if len(chosen) >= AUTO_PHRASES:
            break
    first = _first_uses(statements, chosen)
    return [
        PhraseFirst(
            phrase=first[k][3],
            first_published=first[k][0],
            readout_id=first[k][1],
            span=first[k][2],
            count=counts[k],
        )
        for k in chosen
        if k in first
    ]


def _first_uses(
    statements: Sequence[tuple[int, date | None, Span, str]], phrases: Sequence[str]
) -> dict[str, tuple[date | None, int, Span, str]]:
    """Where each (lower-cased) phrase first stands in these statements (oldest first): date,
    readout, span in its text and the words as written."""
    out: dict[str, tuple[date | None, int, Span, str]] = {}
    wanted = set(phrases)
    for rid, pub, span, words in statements:
        if not wanted:
            break
        folded = words.lower()
        if not any(p in folded for p in wanted):  # most statements hold none: skip them fast
            continue
        tokens = list(_WORD.finditer(words))
        lower = [m.group(0).lower() for m in tokens]
        for n in (2, 3, 4):
            for i in range(len(tokens) - n + 1):
                key = " ".join(lower[i : i + n])
                if key in wanted:
                    a, b = tokens[i].start(), tokens[i + n - 1].end()
                    out[key] = (pub, rid, Span(span.start + a, span.start + b), words[a:b])
                    wanted.discard(key)
    return out


# -- archive queries --------------------------------------------------------------------------


def _side_evidence(
    archive: Archive, side: str, theme_rows: Sequence[tuple[int, int]]
) -> Iterator[tuple[str, int, date | None, str, str, Span, int, Stance | None, str]]:
    """Evidence of one side in these themes (``(readout id, theme index)``), oldest first.

    Yields ``(theme, readout id, published, title, party, span, statement index, stance,
    words)``. The side's party is the principal or the counterpart, whichever has that side;
    joint statements count for both. The stance is the evidence's, else its statement's.
    """
    wanted: dict[int, list[int]] = {}
    for rid, idx in theme_rows:
        wanted.setdefault(rid, []).append(idx)
    ids = list(wanted)
    meta: dict[int, tuple[str | None, str, str]] = {}
    mine: dict[int, set[str]] = {}
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        marks = ",".join("?" * len(part))
        for rid, pub, title, text in archive.conn.execute(
            f"SELECT id, published, title, text FROM readouts WHERE id IN ({marks})", part
        ):
            meta[int(rid)] = (pub, title, text)
        for rid, pid in archive.conn.execute(
            f"SELECT readout_id, pid FROM parties WHERE readout_id IN ({marks}) AND canon_side = ? COLLATE NOCASE",
            [*part, side],
        ):
            mine.setdefault(int(rid), set()).add(str(pid))
    # Read from the decoded values, building only the evidence kept (not every theme of a readout).
    rows: list[tuple[Any, ...]] = []
    for rid, value in archive.stored_values(ids).items():
        pub, title, text = meta[rid]
        raw_statements, raw_themes = value[1], value[2]
        own = mine.get(rid, set())
        for idx in wanted[rid]:
            if not 0 <= idx < len(raw_themes):
                continue
            name = raw_themes[idx][0]
            for j, (party, start, end, st_idx, raw_stance) in enumerate(raw_themes[idx][5]):
                if party != JOINT and party not in own:
                    continue
                st = stance_of(raw_stance) or (
                    stance_of(raw_statements[st_idx][12]) if 0 <= st_idx < len(raw_statements) else None
                )
                rows.append(
                    ((pub is None, pub or "", rid, idx, j),
                     (name, rid, iso_date(pub), title, party, Span(start, end), st_idx, st, text[start:end]))
                )
    rows.sort(key=lambda r: r[0])
    for _, row in rows:
        yield row


def _side_readouts(
    archive: Archive, side: str, *, since: date | None = None, latest: int | None = None
) -> list[tuple[int, date | None, str]]:
    """``(id, published, role of the side)`` of every readout in which the side took part (the
    ``latest`` ones only, when given), oldest first."""
    sql = (
        "SELECT id, published, CASE WHEN principal_canon = ? COLLATE NOCASE THEN 'principal' ELSE"
        " 'counterpart' END FROM readouts WHERE (principal_canon = ? COLLATE NOCASE OR"
        " counterpart_canon = ? COLLATE NOCASE)"
    )
    args: list[Any] = [side, side, side]
    if since is not None:
        sql += " AND published >= ?"
        args.append(since.isoformat())
    if latest is not None:
        sql += " ORDER BY published IS NOT NULL, published DESC, id DESC LIMIT ?"
        args.append(latest)
        rows = archive.conn.execute(sql, args).fetchall()[::-1]
    else:
        sql += " ORDER BY published IS NULL, published, id"
        rows = archive.conn.execute(sql, args).fetchall()
    return [(int(a), iso_date(b), str(c)) for a, b, c in rows]


def _side_statements(
    archive: Archive, readout_ids: Sequence[int], side: str
) -> Iterator[tuple[int, date | None, int, Span, str]]:
    """The statements the side made (its own and joint ones) in these readouts:
    ``(readout id, published, statement index, span, words)``."""
    for i in range(0, len(readout_ids), 500):
        part = list(readout_ids[i : i + 500])
        marks = ",".join("?" * len(part))
        meta = archive.conn.execute(
            f"SELECT id, published, text FROM readouts WHERE id IN ({marks})"
            " ORDER BY published IS NULL, published, id",
            part,
        ).fetchall()
        mine: dict[int, set[str]] = {}
        for rid, pid in archive.conn.execute(
            f"SELECT readout_id, pid FROM parties WHERE readout_id IN ({marks}) AND canon_side = ? COLLATE NOCASE",
            [*part, side],
        ):
            mine.setdefault(int(rid), set()).add(str(pid))
        statements = archive.stored_statements([int(r[0]) for r in meta])
        for rid, pub, text in meta:
            own = mine.get(int(rid), set())
            for idx, s in enumerate(statements.get(int(rid), ((), ()))[0]):
                if s.party == JOINT or s.party in own:
                    yield int(rid), iso_date(pub), idx, s.span, s.span.of(text)


def _phrase_readouts(archive: Archive, phrase: str, readout_ids: Sequence[int] | None = None) -> list[int]:
    """Ids of readouts whose text holds the phrase (FTS phrase query), oldest first."""
    q = '"' + phrase.replace('"', '""') + '"'
    rows = [
        int(r[0])
        for r in archive.conn.execute(
            "SELECT r.id FROM readouts_fts JOIN readouts r ON r.id = readouts_fts.rowid WHERE "
            "readouts_fts MATCH ?"
            " ORDER BY r.published IS NULL, r.published, r.id",
            (f"text : {q}",),
        )
    ]
    if readout_ids is not None:
        keep = set(readout_ids)
        rows = [r for r in rows if r in keep]
    return rows


def _text_of(archive: Archive, readout_id: int) -> str:
    """The text of one readout."""
    row = archive.conn.execute("SELECT text FROM readouts WHERE id = ?", (readout_id,)).fetchone()
    if row is None:
        raise ArchiveError(f"no readout with id {readout_id} in the archive")
    return str(row[0])


def _statement_spans(archive: Archive, readout_id: int) -> list[tuple[int, str, Span]]:
    """``(index, party, span)`` of each statement of a readout."""
    statements = archive.stored_statements([readout_id]).get(readout_id, ((), ()))[0]
    return [(i, s.party, s.span) for i, s in enumerate(statements)]


def _party_of(archive: Archive, readout_id: int, side: str) -> list[str]:
    """Party ids of a readout whose side is ``side``."""
    return [
        str(r[0])
        for r in archive.conn.execute(
            "SELECT pid FROM parties WHERE readout_id = ? AND canon_side = ? COLLATE NOCASE", (readout_id, side)
        )
    ]
