"""The Timeline screen: pick a side and a theme; a chart of the stance over time and the dated
statements; Enter opens the readout."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static

from stance.tui.core import ExportJob
from stance.tui.screens.base import StanceScreen
from stance.tui.screens.compare import LinkTable
from stance.tui.text import POLARITY_STYLE, one_line
from stance.tui.widgets.chart import StanceChart
from stance.tui.widgets.footer import StanceFooter

ALL = "(all themes)"
MAX_ROWS = 2000
"""Entries shown in the table (newest); the chart uses all of them."""


def _day(d: Any) -> str:
    return d.isoformat() if d else "—"


class TimelineScreen(StanceScreen):
    """A side's line over time, on one theme or all."""

    BINDINGS = [
        Binding("s", "focus_side", "Side"),
        Binding("m", "focus_theme", "Theme"),
    ]

    def __init__(self, side: str | None = None, theme: str | None = None) -> None:
        super().__init__()
        self.side = side
        self.theme = theme
        self.timeline: Any = None
        """The core's :class:`stance.track.Timeline`, once computed."""
        self.entries: list[Any] = []
        self.speakers: dict[int, str] = {}
        """Who spoke for the side in each readout (readout id -> name)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="timeline-title", classes="title")
        with Horizontal(id="timeline-pick"):
            yield Select[str]([], prompt="side", allow_blank=True, id="timeline-side", compact=True)
            yield Select[str]([], prompt="theme", allow_blank=True, id="timeline-theme", compact=True)
        yield StanceChart(id="timeline-chart")
        yield LinkTable(id="timeline-table")
        yield Static("", id="timeline-detail", classes="note")
        yield StanceFooter()

    def on_mount(self) -> None:
        self.title = "Timeline"
        table = self.query_one("#timeline-table", LinkTable)
        for label, width in (("date", 10), ("theme", 16), ("stance", 14), ("words", 24), ("readout", None)):
            table.add_column(label, width=width)
        self.query_one("#timeline-chart").border_title = "stance over time (above the line: support)"
        self.load_choices()

    @work(exclusive=True, group="choices", exit_on_error=False)
    async def load_choices(self) -> None:
        core = self.stance_app.core
        sides = await core.run(core.sides)
        themes = await core.run(core.themes)
        if not sides:
            self.query_one("#timeline-title", Static).update(
                Text("The archive has no readout with a known side yet: nothing to track.", style="dim")
            )
            return
        if self.side is None or self.side not in sides:
            lower = {s.lower(): s for s in sides}
            self.side = lower.get((self.side or "").lower(), sides[0])
        side_box = self.query_one("#timeline-side", Select)
        side_box.set_options([(s, s) for s in sides])
        theme_box = self.query_one("#timeline-theme", Select)
        theme_box.set_options([(ALL, ALL), *((t, t) for t in themes)])
        with self.prevent(Select.Changed):
            side_box.value = self.side
            theme_box.value = self.theme if self.theme in themes else ALL
        if self.theme not in themes:
            self.theme = None
        self.reload()

    @work(exclusive=True, group="track", exit_on_error=False)
    async def reload(self) -> None:
        """Track the chosen side (and theme) and show it."""
        if self.side is None:
            return
        core = self.stance_app.core
        table = self.query_one("#timeline-table", LinkTable)
        table.loading = True
        try:
            timeline = await core.run(core.track, self.side, self.theme)
            self.speakers = await core.run(core.speakers, timeline)
        finally:
            table.loading = False
        self.show(timeline)

    def show(self, tl: Any) -> None:
        """Fill chart and table from a Timeline."""
        self.timeline = tl
        entries = sorted(
            (e for line in tl.themes for e in line.entries),
            key=lambda e: (e.published is None, e.published or 0, e.readout_id, e.span.start),
        )
        self.entries = entries[-MAX_ROWS:][::-1]
        title = one_line(f"{tl.side}", "bold")
        title.append_text(
            one_line(
                f" · {tl.theme or 'all themes'} · {len(entries)} statements in {tl.readouts} readouts", "dim"
            )
        )
        if len(entries) > MAX_ROWS:
            title.append(f" (newest {MAX_ROWS} listed)", style="dim")
        from stance.tables import readable_phrases

        firsts = [p for p in readable_phrases(tl.phrases) if p.first_published is not None][:3]
        if firsts:
            title.append("\nfirst seen: ", style="dim")
            title.append_text(
                one_line("; ".join(f"“{p.phrase}” {_day(p.first_published)}" for p in firsts), "dim italic")
            )
        title.no_wrap, title.overflow = True, "ellipsis"
        self.query_one("#timeline-title", Static).update(title)
        self.query_one(StanceChart).show(
            [
                (e.published, e.strength or 0.0)
                for e in entries
                if e.published is not None and e.strength is not None
            ]
        )
        table = self.query_one("#timeline-table", LinkTable)
        table.clear()
        table.links = []
        for e in self.entries:
            strength = e.strength or 0.0
            polarity = "positive" if strength > 0.05 else "negative" if strength < -0.05 else "neutral"
            words = one_line(e.text)
            words.no_wrap, words.overflow = True, "ellipsis"
            title_cell = one_line(e.title)
            title_cell.no_wrap, title_cell.overflow = True, "ellipsis"
            table.add_row(
                Text(_day(e.published)),
                one_line(e.theme),
                Text(e.stance or "—", style=POLARITY_STYLE[polarity]),
                words,
                title_cell,
            )
            table.links.append(e.readout_id)
        self.show_detail(0)
        if not self.entries:
            self.query_one("#timeline-detail", Static).update(
                Text("No statement of this side on this theme.", style="dim")
            )
        table.focus()

    @on(Select.Changed, "#timeline-side")
    def on_side(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.side:
            self.side = event.value
            self.reload()

    @on(Select.Changed, "#timeline-theme")
    def on_theme(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) and event.value != ALL else None
        if value != self.theme:
            self.theme = value
            self.reload()

    @on(DataTable.RowHighlighted, "#timeline-table")
    def on_row(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def show_detail(self, row: int) -> None:
        detail = self.query_one("#timeline-detail", Static)
        if not 0 <= row < len(self.entries):
            detail.update("")
            return
        e = self.entries[row]
        out = one_line(f"{_day(e.published)} #{e.readout_id} ", "bold")
        out.append_text(one_line(e.title, "dim"))
        out.append("\n")
        who = "both sides (joint)" if e.party == "joint" else self.speakers.get(e.readout_id, self.side or "")
        out.append_text(
            one_line(f"{who} on {e.theme}: “{e.text}” ({e.stance or 'no stance'}) · Enter opens the readout")
        )
        detail.update(out)

    def action_focus_side(self) -> None:
        self.query_one("#timeline-side", Select).focus()

    def action_focus_theme(self) -> None:
        self.query_one("#timeline-theme", Select).focus()

    def export_job(self) -> ExportJob | None:
        """The timeline report (dated statements with who and stance), as ``stance report --side`` writes it."""
        timeline = self.timeline
        if timeline is None:
            return None
        core = self.stance_app.core

        def job() -> object:
            from stance.reports import timeline_document
            from stance.reports.timeline import speakers

            return timeline_document(timeline, speakers=speakers(core.archive, timeline))

        return job
