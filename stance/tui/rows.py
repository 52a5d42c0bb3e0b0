"""What goes where on the Readout screen: pure functions over the model, no Textual.

Two layouts of one split readout:

* **columns** (:func:`column_rows`): text order, cut into sections at every joint or narrator
  statement; in a section, the principal's statements stack in the left column and the
  counterpart's in the right; joint and narrator statements run across both.
* **diff** (:func:`diff_rows`): the same sections, but statements that share a theme sit on the
  same row, and an unmatched statement faces an empty cell.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from stance.model import JOINT, NARRATOR, Alignment, Party, Span, Split, Stance, Theme

Column = Literal["left", "right", "joint", "narrator"]


@dataclass(frozen=True, slots=True)
class Wide:
    """A joint or narrator statement across both columns."""

    statement: int
    """Index into :attr:`Split.statements`."""


@dataclass(frozen=True, slots=True)
class Pair:
    """One row (diff layout) or one section (columns layout) with a left and a right cell."""

    left: tuple[int, ...]
    """Statement indices in the principal's column (empty: an empty cell)."""
    right: tuple[int, ...]
    """Statement indices in the counterpart's column."""


Row = Wide | Pair


def column_of(split: Split, party: str) -> Column:
    """Where a statement of ``party`` goes."""
    if party == JOINT:
        return "joint"
    if party == NARRATOR:
        return "narrator"
    p = split.party(party)
    if p is not None and p.role == "counterpart":
        return "right"
    return "left"


def _sections(split: Split) -> list[Row]:
    rows: list[Row] = []
    left: list[int] = []
    right: list[int] = []

    def flush() -> None:
        if left or right:
            rows.append(Pair(tuple(left), tuple(right)))
        left.clear()
        right.clear()

    for i, st in enumerate(split.statements):
        col = column_of(split, st.party)
        if col in ("joint", "narrator"):
            flush()
            rows.append(Wide(i))
        else:
            (left if col == "left" else right).append(i)
    flush()
    return rows


def column_rows(split: Split) -> list[Row]:
    """The columns layout: sections in text order."""
    return _sections(split)


def matches(alignment: Alignment) -> set[tuple[int, int]]:
    """(principal statement, counterpart statement) pairs that evidence the same theme."""
    split = alignment.split
    out: set[tuple[int, int]] = set()
    for theme in alignment.themes:
        lefts = sorted({e.statement for e in theme.evidence if _col(split, e.statement) == "left"})
        rights = sorted({e.statement for e in theme.evidence if _col(split, e.statement) == "right"})
        out.update((a, b) for a in lefts for b in rights)
    return out


def _col(split: Split, index: int) -> Column | None:
    if not 0 <= index < len(split.statements):
        return None
    return column_of(split, split.statements[index].party)


def _align(left: tuple[int, ...], right: tuple[int, ...], pairs: set[tuple[int, int]]) -> list[Pair]:
    """Longest order-keeping chain of matched pairs (LCS), unmatched cells against empty ones."""
    n, m = len(left), len(right)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if (left[i], right[j]) in pairs:
                best[i][j] = best[i + 1][j + 1] + 1
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    rows: list[Pair] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and (left[i], right[j]) in pairs and best[i][j] == best[i + 1][j + 1] + 1:
            rows.append(Pair((left[i],), (right[j],)))
            i += 1
            j += 1
        elif j >= m or (i < n and best[i + 1][j] >= best[i][j + 1]):
            rows.append(Pair((left[i],), ()))
            i += 1
        else:
            rows.append(Pair((), (right[j],)))
            j += 1
    return rows


def diff_rows(alignment: Alignment) -> list[Row]:
    """The diff layout: matched statements on one row, each section aligned on its own."""
    pairs = matches(alignment)
    rows: list[Row] = []
    for row in _sections(alignment.split):
        if isinstance(row, Pair):
            rows.extend(_align(row.left, row.right, pairs))
        else:
            rows.append(row)
    return rows


def themes_by_statement(alignment: Alignment) -> dict[int, list[Theme]]:
    """The themes each statement is evidence for, in theme order, without repeats."""
    out: dict[int, list[Theme]] = defaultdict(list)
    for theme in alignment.themes:
        for e in theme.evidence:
            if theme not in out[e.statement]:
                out[e.statement].append(theme)
    return dict(out)


def stance_by_statement(alignment: Alignment) -> dict[int, Stance]:
    """The stance of every party statement: from theme evidence when it has one, else the lexicon."""
    from stance.modality import stance_of

    out: dict[int, Stance] = {}
    for theme in alignment.themes:
        for e in theme.evidence:
            if e.stance is not None and e.statement not in out:
                out[e.statement] = e.stance
    split = alignment.split
    for i, st in enumerate(split.statements):
        if i not in out and st.party != NARRATOR:
            out[i] = stance_of(st, split.readout.text)
    return out


def evidence_spans(theme: Theme) -> dict[int, list[Span]]:
    """Statement index -> the spans of ``theme``'s words in it."""
    out: dict[int, list[Span]] = defaultdict(list)
    for e in theme.evidence:
        out[e.statement].append(e.span)
    return dict(out)


def theme_sides(alignment: Alignment, theme: Theme) -> str:
    """Who raises the theme, in words the status badge does not already say: both parties' short
    names ("Liu and Breed"), one party's, that party "and jointly", or "" when only a joint
    statement raises it (the badge says "joint")."""
    split = alignment.split
    cols = {_col(split, e.statement) for e in theme.evidence} | {
        "joint" if e.party == JOINT else None for e in theme.evidence
    }
    cols.discard(None)
    names: dict[str, str] = {}
    for e in theme.evidence:
        p = split.party(e.party)
        col = _col(split, e.statement)
        if p is not None and col in ("left", "right"):
            names.setdefault(col, short_name(p))
    if "left" in cols and "right" in cols:
        return f"{names.get('left', 'one side')} and {names.get('right', 'the other')}"
    named = next(iter(names.values()), None)
    if "joint" in cols:
        return f"{named} and jointly" if named else ""
    return named or "?"


def short_name(party: Party) -> str:
    """How the text usually calls a party: its first one-word alias from the name ("Liu", "Breed")."""
    words = (party.name or "").split()
    return next((a for a in party.aliases if a in words), party.name or party.id)
