"""The archive overview: themes x sides, most shared and most divergent themes, recurring
formulas per publisher.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from stance.charts import MatrixChart
from stance.model import JOINT, NARRATOR, Alignment
from stance.reports.document import (
    Block,
    Cell,
    Document,
    Facts,
    Figure,
    Paragraph,
    Section,
    Table,
    by_count,
    iso_day,
    slug,
)

if TYPE_CHECKING:
    from stance.archive import Archive


MATRIX_SIDES = 6
"""Sides shown as columns of the overview's themes x sides table (most readouts first)."""

MATRIX_THEMES = 25
"""Themes shown as rows of the overview's matrix (most raised first)."""

RANKED = 10
"""Themes in the overview's most-shared and most-divergent lists; formulas per publisher."""

MIN_FORMULA_WORDS = 6
"""Statements shorter than this are not counted as formulas in the overview."""


@dataclass
class _Wording:
    """One normalised statement wording of a publisher: where it is used, and its first use."""

    readouts: set[int]
    first: tuple[date | None, int, str, str]
    """``(published, readout id, words, who)`` of the earliest use."""


@dataclass(frozen=True, slots=True)
class Formula:
    """A wording (with its near-same variants) that recurs in a publisher's readouts."""

    readouts: int
    """Readouts using it."""
    variants: int
    """Distinct wordings merged into it (near-same: rapidfuzz ratio >= compare's formula score)."""
    first_published: date | None
    """Date of the first readout using it."""
    first_readout: int
    """Archive id of that readout."""
    text: str
    """Its words there."""
    who: str
    """Who says it there: principal, counterpart or joint."""


def _first(a: tuple[date | None, int, str, str], b: tuple[date | None, int, str, str]) -> bool:
    """True when use ``a`` came before ``b`` (undated last, then by id)."""
    return (a[0] is None, a[0] or date.min, a[1]) < (b[0] is None, b[0] or date.min, b[1])


def recurring_formulas(wordings: dict[str, _Wording]) -> list[Formula]:
    """Near-same wordings merged (MinHash LSH keys, then rapidfuzz ``ratio``); those in two or more
    readouts, most used first."""
    from rapidfuzz import fuzz

    from stance.archive import band_keys_many
    from stance.compare import FORMULA_MIN_SCORE

    norms = list(wordings)
    parent = list(range(len(norms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[int, list[int]] = {}
    for i, keys in enumerate(band_keys_many(norms)):
        for k in keys:
            buckets.setdefault(k, []).append(i)
    for members in buckets.values():
        head = members[0]
        for j in members[1:]:
            a, b = find(head), find(j)
            if a != b and fuzz.ratio(norms[head], norms[j]) >= FORMULA_MIN_SCORE:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(norms)):
        groups.setdefault(find(i), []).append(i)
    out: list[Formula] = []
    for members in groups.values():
        ws = [wordings[norms[i]] for i in members]
        used = set().union(*(w.readouts for w in ws))
        if len(used) < 2:
            continue
        first = ws[0].first
        for w in ws[1:]:
            if _first(w.first, first):
                first = w.first
        out.append(Formula(readouts=len(used), variants=len(ws), first_published=first[0],
                           first_readout=first[1], text=first[2], who=first[3]))
    out.sort(key=lambda f: (-f.readouts, f.first_published is None, f.first_published or date.min,
                            f.first_readout))
    return out


@dataclass
class OverviewStats:
    """What the archive overview counts; fed one readout at a time (see :meth:`add`)."""

    readouts: int = 0
    first: date | None = None
    last: date | None = None
    sides: Counter[str] = field(default_factory=Counter)
    """Readouts per side (either role)."""
    publishers: Counter[str] = field(default_factory=Counter)
    """Readouts per publisher."""
    raised: dict[str, Counter[str]] = field(default_factory=dict)
    """Per theme: readouts in which each side raises it."""
    status: dict[str, Counter[str]] = field(default_factory=dict)
    """Per theme: readouts per status (shared, differ, joint, only)."""
    wordings: dict[str, dict[str, _Wording]] = field(default_factory=dict)
    """Per publisher, per normalised wording of a party's or joint statement: its uses."""

    def add(self, readout_id: int, al: Alignment) -> None:
        """Count one archived readout."""
        from stance.archive import normalise

        sp = al.split
        r = sp.readout
        self.readouts += 1
        d = r.published
        if d is not None:
            self.first = d if self.first is None or d < self.first else self.first
            self.last = d if self.last is None or d > self.last else self.last
        side_of = {x.id: x.side for x in sp.parties if x.side}
        for s in dict.fromkeys(side_of.values()):
            self.sides[s] += 1
        pub = r.source or "unknown publisher"
        self.publishers[pub] += 1
        seen: dict[str, set[str]] = {}
        stat: dict[str, str] = {}
        for t in al.themes:
            sides = seen.setdefault(t.name, set())
            for e in t.evidence:
                if e.party == JOINT or t.joint:
                    sides.update(side_of.values())
                elif e.party in side_of:
                    sides.add(side_of[e.party])
            best = stat.get(t.name)
            if best is None or _STATUS_RANK[t.status] < _STATUS_RANK[best]:
                stat[t.name] = t.status
        for name, sides in seen.items():
            self.raised.setdefault(name, Counter()).update(sides)
            self.status.setdefault(name, Counter())[stat[name]] += 1
        forms = self.wordings.setdefault(pub, {})
        role = {x.id: x.role for x in sp.parties}
        for stmt in sp.statements:
            if stmt.party == NARRATOR:
                continue
            words = stmt.span.of(r.text)
            norm = normalise(words)
            if len(norm.split()) < MIN_FORMULA_WORDS:
                continue
            use = (d, readout_id, " ".join(words.split()), role.get(stmt.party, stmt.party))
            w = forms.get(norm)
            if w is None:
                forms[norm] = _Wording({readout_id}, use)
            else:
                w.readouts.add(readout_id)
                if _first(use, w.first):
                    w.first = use

    def themes(self) -> list[str]:
        """Themes, most readouts first."""
        return sorted(self.status, key=lambda n: (-sum(self.status[n].values()), n))


_STATUS_RANK = {"shared": 0, "differ": 1, "joint": 2, "only": 3}


def overview_stats(archive: Archive) -> OverviewStats:
    """Count every archived readout (stored analyses; nothing is analysed again)."""
    stats = OverviewStats()
    for row in archive.rows(order="id"):
        stats.add(row.id, archive.alignment(row.id))
    return stats


def overview_document(archive: Archive | OverviewStats, *, name: str = "archive-overview") -> Document:
    """The archive at a glance: a themes x sides matrix (how often each side raises each theme,
    how often shared), the most shared and most divergent themes, and each publisher's
    recurring formulas with counts and first-seen dates."""
    st = archive if isinstance(archive, OverviewStats) else overview_stats(archive)
    themes = st.themes()
    sides = [s for s, _ in sorted(st.sides.items(), key=lambda kv: (-kv[1], kv[0]))]
    top_sides = sides[:MATRIX_SIDES]
    facts = Facts((
        ("readouts", str(st.readouts)),
        ("published", f"{iso_day(st.first)} to {iso_day(st.last)}" if st.first else "undated"),
        ("publishers", ", ".join(f"{p} ({n})" for p, n in by_count(st.publishers))),
        ("sides", f"{len(sides)}: " + ", ".join(f"{s} ({st.sides[s]})" for s in sides[:12])
         + (f" (+{len(sides) - 12} more in the JSON report)" if len(sides) > 12 else "")),
        ("themes", str(len(themes))),
    ))

    def both(n: str) -> int:
        c = st.status[n]
        return c["shared"] + c["differ"] + c["joint"]

    def total(n: str) -> int:
        return sum(st.status[n].values())

    shown = themes[:MATRIX_THEMES]
    counts = [[st.raised[n][side] for side in top_sides] + [total(n), both(n)] for n in shown]
    matrix_rows: tuple[tuple[Cell, ...], ...] = tuple((n, *row) for n, row in zip(shown, counts, strict=True))
    chart = MatrixChart(
        name="matrix", title=f"Readouts in which each side raises each theme (top {len(shown)} themes, "
        f"{len(top_sides)} sides)", rows=tuple(shown), columns=(*top_sides, "all readouts", "both sides"),
        values=tuple(tuple(row) for row in counts), gap_after=len(top_sides))
    sections = [Section("Themes x sides", (
        Paragraph(f"How many readouts raise each theme: per side (the {len(top_sides)} sides with the most "
                  "readouts), in all, and with both sides raising it (shared, differing or joint)."),
        *((Paragraph(f"Shown: the {len(shown)} most raised of {len(themes)} themes and the {len(top_sides)} of "
                     f"{len(sides)} sides with the most readouts; the JSON and CSV reports hold every theme and "
                     "side."),) if len(shown) < len(themes) or len(top_sides) < len(sides) else ()),
        Figure(chart),
        Table(("theme", *top_sides, "all", "both"), matrix_rows,
              (24, *(max(5, min(9, len(s))) for s in top_sides), 5, 5)),
    ))]
    support = max(2, st.readouts // 100) if st.readouts >= 20 else 1
    cand = [n for n in themes if total(n) >= support]
    shared = sorted(cand, key=lambda n: (-both(n) / total(n), -total(n), n))[:RANKED]
    sections.append(Section("Most shared themes", (
        Paragraph(f"Themes raised in at least {support} readout{'s' if support > 1 else ''}, by the share of "
                  "readouts in which both sides raise them."),
        Table(("theme", "readouts", "both sides", "shared", "joint", "share"),
              tuple((n, total(n), both(n), st.status[n]["shared"], st.status[n]["joint"],
                     f"{both(n) / total(n):.0%}") for n in shared), (36, 8, 10, 8, 8, 6)),
    )))
    divergent = sorted(cand, key=lambda n: (-(st.status[n]["differ"] + st.status[n]["only"]) / total(n),
                                            -st.status[n]["differ"], -total(n), n))[:RANKED]
    sections.append(Section("Most divergent themes", (
        Paragraph("By the share of readouts in which only one side raises the theme or the two sides' "
                  "stances on it differ."),
        Table(("theme", "readouts", "differ", "one side", "share"),
              tuple((n, total(n), st.status[n]["differ"], st.status[n]["only"],
                     f"{(st.status[n]['differ'] + st.status[n]['only']) / total(n):.0%}") for n in divergent),
              (40, 8, 8, 8, 6)),
    )))
    sections.append(Section("Recurring formulas per publisher", (Paragraph(
        f"What the parties say (alone or jointly; framing sentences left out) in statements of "
        f"{MIN_FORMULA_WORDS} words or more whose wording, or a near-same variant, recurs in two or more "
        "readouts of the same publisher: most used first, with the first readout using it."),)))
    rows: list[tuple[Cell, ...]] = []
    formulas_data: dict[str, list[dict[str, Any]]] = {}
    for pub in sorted(st.wordings, key=lambda p: (-st.publishers[p], p)):
        rec = recurring_formulas(st.wordings[pub])
        formulas_data[pub] = [{"readouts": f.readouts, "variants": f.variants,
                               "first_published": iso_day(f.first_published) if f.first_published else None,
                               "first_readout": f.first_readout, "text": f.text, "who": f.who} for f in rec]
        rows += [("formula", pub, "", f.who, f.readouts, iso_day(f.first_published), f.first_readout, f.text)
                 for f in rec]
        more: tuple[Block, ...] = ((Paragraph(f"The {RANKED} most used of {len(rec)} recurring formulas (the JSON "
                                              "and CSV reports hold all)."),) if len(rec) > RANKED else ())
        sections.append(Section(pub, (*more, Table(
            ("readouts", "variants", "first seen", "first in", "who", "wording"),
            tuple((f.readouts, f.variants, iso_day(f.first_published), f"#{f.first_readout}", f.who, f.text)
                  for f in rec[:RANKED]),
            (8, 8, 10, 8, 11, 47), empty="(none: no wording recurs)"),), level=3))
    rows = ([("theme", "", n, side, st.raised[n][side], "", "", "")
             for n in themes for side in sorted(st.raised[n])]
            + [("status", "", n, k, v, "", "", "") for n in themes for k, v in sorted(st.status[n].items())]
            + rows)
    data = {
        "report": "overview", "readouts": st.readouts,
        "published": [st.first.isoformat() if st.first else None, st.last.isoformat() if st.last else None],
        "publishers": dict(sorted(st.publishers.items())), "sides": dict(sorted(st.sides.items())),
        "themes": [{"theme": n, "readouts": total(n), "status": dict(sorted(st.status[n].items())),
                    "sides": dict(sorted(st.raised[n].items()))} for n in themes],
        "most_shared": shared, "most_divergent": divergent, "formulas": formulas_data,
    }
    return Document(
        kind="overview", name=slug(name, 80) or "archive-overview", title="Archive overview", facts=facts,
        sections=tuple(sections), data=data,
        csv_headers=("section", "publisher", "theme", "key", "count", "first_published", "first_readout",
                     "text"),
        csv_rows=tuple(rows))
