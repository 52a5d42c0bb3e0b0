"""A side's line over time as a report: readouts per month, dated statements with stance,
first appearances of phrases.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from stance import tables
from stance.charts import TimelineChart
from stance.model import JOINT
from stance.reports.document import (
    Block,
    Document,
    Facts,
    Figure,
    Paragraph,
    Section,
    Table,
    iso_day,
    slug,
)
from stance.reports.legend import legend_section

if TYPE_CHECKING:
    from stance.archive import Archive
    from stance.track import Timeline


ENTRIES_SHOWN = 20
"""Latest entries per theme shown in a many-theme timeline (JSON and CSV hold all)."""

THEMES_SHOWN = 12
"""Themes given their own entry table in a many-theme timeline."""


def speakers(archive: Archive, timeline: Timeline) -> dict[int, str]:
    """Who spoke for the tracked side in each readout of the timeline (see :func:`stance.tables.track_speakers`)."""
    ids = sorted({e.readout_id for line in timeline.themes for e in line.entries})
    return tables.track_speakers(timeline, (archive.row(i) for i in ids))


def archived_timeline_document(archive: Archive, side: str, *, theme: str | None = None,
                               since: date | None = None) -> Document:
    """A side's timeline report with who said each statement: what ``stance report --side S`` writes."""
    from stance.track import track

    tl = track(archive, side, theme=theme, since=since)
    return timeline_document(tl, speakers=speakers(archive, tl))


def timeline_document(timeline: Timeline, *, speakers: dict[int, str] | None = None) -> Document:
    """A side's line over time: readouts per month per theme (a chart), each theme's dated
    statements with who said them (``speakers``: readout id -> name) and stance, and when phrases
    first appear."""
    from stance.archive import plain

    tl = timeline
    who = speakers or {}
    axis = tuple(m for m, _ in tl.months)
    title = f"{tl.side}: {tl.theme}" if tl.theme else f"{tl.side}: every theme"
    facts = Facts(tuple((k, v) for k, v in (
        ("side", tl.side), ("theme", tl.theme or "every theme"),
        ("since", tl.since.isoformat() if tl.since else ""),
        ("readouts", f"{tl.readouts} with this side" + (f", {axis[0]} to {axis[-1]}" if axis else "")),
        ("themes", str(len(tl.themes)))) if v))
    sections: list[Section] = []
    if tl.themes:
        series = tuple((line.theme, tuple(dict(line.months).get(m, 0) for m in axis)) for line in tl.themes)
        points: tuple[tuple[date, float], ...] = ()
        if tl.theme is not None:
            points = tuple((e.published, float(e.strength)) for e in tl.themes[0].entries
                           if e.published is not None and e.strength is not None)
        chart = TimelineChart(
            name="timeline",
            title=(f"{tl.side} on {tl.theme}: stance of each statement, readouts per month" if tl.theme
                   else f"{tl.side}: readouts per month raising its most raised themes"),
            months=axis, series=series, points=points)
        text_chart = _month_text(tl.themes[0].months) if tl.theme else ""
        blocks: list[Block] = [Figure(chart, text_chart)]
        if tl.theme is None:
            blocks.append(Table(
                ("theme", "readouts", "per month", "first", "latest", "latest stance"),
                tuple((line.theme, line.readouts, _spark(line.months, axis), iso_day(line.entries[0].published),
                       iso_day(line.entries[-1].published), line.entries[-1].stance or "")
                      for line in tl.themes),
                (26, 8, 20, 10, 10, 14)))
        sections.append(Section("Over time", tuple(blocks)))
    else:
        sections.append(Section("Over time", (Paragraph(
            f"No theme stored for {tl.side}" + (f" on {tl.theme!r}" if tl.theme else "") + "."),)))
    for line in tl.themes if tl.theme else tl.themes[:THEMES_SHOWN]:
        shown = line.entries if tl.theme else line.entries[-ENTRIES_SHOWN:]
        blocks = []
        if len(shown) < len(line.entries):
            blocks.append(Paragraph(f"The latest {len(shown)} of {len(line.entries)} statements (the JSON "
                                    "and CSV reports hold all)."))
        blocks.append(Table(("date", "id", "who", "stance", "words", "readout"),
                            tuple((iso_day(e.published), f"#{e.readout_id}",
                                   "both (joint)" if e.party == JOINT else who.get(e.readout_id, ""),
                                   e.stance or "", e.text,
                                   e.title if k == 0 or shown[k - 1].readout_id != e.readout_id else "")
                                  for k, e in enumerate(shown)), (10, 6, 14, 12, 28, 26)))
        sections.append(Section(f"{line.theme}: {line.readouts} readout{'s' if line.readouts != 1 else ''}",
                                tuple(blocks)))
    if tl.theme is None and len(tl.themes) > THEMES_SHOWN:
        rest = len(tl.themes) - THEMES_SHOWN
        sections.append(Section("Themes not listed", (Paragraph(
            f"Statements are listed for the {THEMES_SHOWN} most raised themes; the {rest} other theme"
            f"{'s' if rest != 1 else ''} are counted in \"Over time\" above, and the JSON and CSV reports hold "
            "their statements."),)))
    if tl.phrases:
        sections.append(Section("First appearance of phrases", (Table(
            ("phrase", "first", "id", "readouts"),
            tuple((p.phrase, iso_day(p.first_published) if p.readout_id else "never",
                   f"#{p.readout_id}" if p.readout_id else "", p.count)
            for p in tables.readable_phrases(tl.phrases)),
            (44, 10, 6, 8)),)))
    sections.append(legend_section())
    rows = tuple(tuple(r) for r in tables.timeline_rows(tl))
    return Document(
        kind="timeline", name="_".join(x for x in ("timeline", slug(tl.side), slug(tl.theme or "")) if x),
        title=f"Timeline of {title}", facts=facts, sections=tuple(sections),
        data={"report": "timeline", **plain(tl)}, csv_headers=tuple(tables.TRACK_CSV_HEADERS), csv_rows=rows)


def _month_text(months: Sequence[tuple[str, int]]) -> str:
    """A bar per month; for long spans a sparkline of all months, then bars for the months with any."""
    if len(months) <= 24:
        return tables.month_chart(months)
    line = f"{months[0][0]} {tables.sparkline([n for _, n in months])} {months[-1][0]}"
    return line + "\n\n" + tables.month_chart([(m, n) for m, n in months if n])


def _spark(months: Sequence[tuple[str, int]], axis: Sequence[str], last: int = 24) -> str:
    """A sparkline of the latest ``last`` months of the axis."""
    counts = dict(months)
    return tables.sparkline([counts.get(m, 0) for m in axis])[-last:]
