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

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from stance.archive import STOPWORDS, Archive
from stance.errors import ArchiveError
from stance.model import Span

AUTO_WINDOW = 1000
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
    """Oldest first."""
    months: tuple[tuple[str, int], ...]
    """``(YYYY-MM, readouts raising it)``, every month from the first to the last entry."""

    @property
    def readouts(self) -> int:
        """Readouts in which the side raised the theme."""
        return len({e.readout_id for e in self.entries})


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


def track(archive: Archive, side: str, *, theme: str | None = None, since: date | None = None,
          phrases: Sequence[str] | None = None) -> Timeline:
    """The timeline of ``side`` (case-insensitive), optionally one theme and from a date.

    ``phrases`` asks when those phrases first appear in the side's words; without it, the
    side's recurring phrases are found automatically (in its latest :data:`AUTO_WINDOW`
    readouts, and for the one theme when ``theme`` is given). Raises :class:`ArchiveError`
    when the archive has no readout with that side.
    """
    readouts = archive.side_readouts(side, since=since)
    if not readouts:
        known = archive.sides()
        close = [s for s in known if side.lower() in s.lower() or s.lower() in side.lower()][:5]
        hint = f"; did you mean {', '.join(close)}?" if close else (
            f"; sides in the archive: {', '.join(known[:12])}{' ...' if len(known) > 12 else ''}" if known else "")
        when = f" since {since.isoformat()}" if since else ""
        raise ArchiveError(f"no archived readout with side {side!r}{when}{hint}")
    if theme is not None and theme.lower() not in {t.lower() for t in archive.themes()}:
        raise ArchiveError(f"no theme {theme!r} in the archive; 'stance track --side {side}' lists the themes")
    entries: dict[str, list[TrackEntry]] = {}
    for name, rid, pub, title, party, span, st_idx, st, words in archive.side_evidence(side, theme=theme, since=since):
        entries.setdefault(name, []).append(TrackEntry(
            theme=name, published=pub, readout_id=rid, title=title, party=party,
            stance=st.label if st else None, strength=st.strength if st else None, span=span, statement=st_idx,
            text=words))
    lines = [ThemeLine(theme=name, entries=tuple(es), months=_months([(e.published, e.readout_id) for e in es]))
             for name, es in entries.items()]
    lines.sort(key=lambda t: (-t.readouts, t.theme))
    if phrases:
        found = [_first(archive, side, p, [r for r, _, _ in readouts]) for p in phrases]
    else:
        window = [r for r, _, _ in readouts][-AUTO_WINDOW:]
        if theme is not None:
            keep = {(e.readout_id, e.statement) for es in entries.values() for e in es}
        else:
            keep = None
        found = _auto_phrases(archive, side, window, keep)
    found.sort(key=lambda p: (p.first_published is None, p.first_published or date.min, p.phrase))
    return Timeline(side=side, theme=theme, since=since, readouts=len(readouts),
                    months=_months([(pub, rid) for rid, pub, _ in readouts]), themes=tuple(lines),
                    phrases=tuple(found))


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
    for rid in archive.phrase_readouts(phrase, readout_ids):
        text = archive.text_of(rid)
        mine = set(archive.party_of(rid, side)) | {"joint"}
        spans = [sp for _, party, sp in archive.statement_spans(rid) if party in mine]
        hit = next((m for m in rx.finditer(text) if any(sp.start <= m.start() and m.end() <= sp.end for sp in spans)),
                   None)
        if hit is None:
            continue
        count += 1
        if first is None:
            first = (archive.row(rid).published, rid, Span(hit.start(), hit.end()))
    if first is None:
        return PhraseFirst(phrase=phrase, first_published=None, readout_id=None, span=None, count=0)
    return PhraseFirst(phrase=phrase, first_published=first[0], readout_id=first[1], span=first[2], count=count)


def _auto_phrases(archive: Archive, side: str, readout_ids: list[int],
                  keep: set[tuple[int, int]] | None) -> list[PhraseFirst]:
    """Recurring 2-4 word phrases of the side's statements, with where each first appears."""
    seen: dict[str, set[int]] = {}
    first: dict[str, tuple[date | None, int, Span, str]] = {}
    for rid, pub, idx, span, words in archive.side_statements(readout_ids, side):
        if keep is not None and (rid, idx) not in keep:
            continue
        tokens = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(words)]
        for n in (2, 3, 4):
            for i in range(len(tokens) - n + 1):
                gram = tokens[i : i + n]
                lower = [g[0].lower() for g in gram]
                if lower[0] in STOPWORDS or lower[-1] in STOPWORDS or any(w.isdigit() for w in lower):
                    continue
                key = " ".join(lower)
                seen.setdefault(key, set()).add(rid)
                if key not in first:
                    start, end = span.start + gram[0][1], span.start + gram[-1][2]
                    first[key] = (pub, rid, Span(start, end), words[gram[0][1] : gram[-1][2]])
    counts = Counter({k: len(v) for k, v in seen.items() if len(v) >= 2})
    known, _ = archive.idf_of({w for k in counts for w in k.split()})

    def weight(k: str) -> float:
        # recurring, long and distinctive: the rarest word's idf carries the phrase
        words = k.split()
        return float(counts[k]) ** 0.5 * len(words) * max(known.get(w, (0, 1.0))[1] for w in words)

    ranked = sorted(counts, key=lambda k: (-weight(k), k))
    chosen: list[str] = []
    for k in ranked:
        if any(k in c and counts[c] >= counts[k] * 0.8 for c in chosen):
            continue
        chosen = [c for c in chosen if not (c in k and counts[k] >= counts[c] * 0.8)]
        chosen.append(k)
        if len(chosen) >= AUTO_PHRASES:
            break
    return [PhraseFirst(phrase=first[k][3], first_published=first[k][0], readout_id=first[k][1], span=first[k][2],
                        count=counts[k]) for k in chosen]
