"""The Compare screen: the open readout against the archive — nearest readouts, new or
recurring wording per statement (Enter jumps to where it was first seen), new and dropped
themes, stance shifts."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from stance.model import Alignment
from stance.tui.core import ExportJob
from stance.tui.messages import OpenReadout
from stance.tui.rows import column_of, short_name
from stance.tui.screens.base import StanceScreen
from stance.tui.text import one_line
from stance.tui.widgets.footer import StanceFooter


def _day(d: Any) -> str:
    return d.isoformat() if d else "—"


def _cut(text: str, n: int = 200) -> Text:
    t = one_line(text)
    t.truncate(n, overflow="ellipsis")
    t.no_wrap = True
    return t


class LinkTable(DataTable[Text]):
    """A table whose rows may point at an archived readout; Enter posts :class:`OpenReadout`."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", show=True)]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.links: list[int | None] = []

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        target = self.links[event.cursor_row] if 0 <= event.cursor_row < len(self.links) else None
        if target is None:
            self.app.notify("This row has no earlier readout to open.", timeout=2)
        else:
            self.post_message(OpenReadout(target))


class CompareScreen(StanceScreen):
    """What is new in a readout compared with the archive."""

    BINDINGS = [
        Binding("1", "tab('tab-wordings')", "Statements", show=False),
        Binding("2", "tab('tab-nearest')", "Nearest", show=False),
        Binding("3", "tab('tab-themes')", "Themes & stance", show=False),
    ]

    def __init__(self, alignment: Alignment, readout_id: int | None = None) -> None:
        super().__init__()
        self.alignment = alignment
        self.readout_id = readout_id
        self.comparison: Any = None
        """The core's :class:`stance.compare.Comparison`, once computed."""

    def compose(self) -> ComposeResult:
        yield Static(
            one_line(self.alignment.split.readout.title or "(untitled)", "bold"),
            classes="title",
            id="compare-title",
        )
        with TabbedContent(id="compare-tabs"):
            with TabPane("1 Statements", id="tab-wordings"):
                yield LinkTable(id="compare-statements")
                yield Static("", id="compare-detail", classes="note")
            with TabPane("2 Nearest", id="tab-nearest"):
                yield LinkTable(id="compare-near")
            # (pane ids are unique to this screen: an id like "themes" would take the Readout
            # screen's 34-column theme panel style)
            with TabPane("3 Themes & stance", id="tab-themes"):
                yield VerticalScroll(Static("", id="compare-themes"), id="compare-themes-scroll")
        yield StanceFooter()

    def on_mount(self) -> None:
        self.title = "Compare"
        st = self.query_one("#compare-statements", LinkTable)
        for label, width in (("#", 3), ("who", 9), ("wording", 9), ("first seen", 10), ("statement", None)):
            st.add_column(label, width=width)
        near = self.query_one("#compare-near", LinkTable)
        # source and relation are as wide as their longest value (never cut); the title takes the rest
        for label, width in (("cosine", 6), ("date", 10), ("source", None), ("relation", None), ("title", None)):
            near.add_column(label, width=width)
        self.query_one("#compare-tabs").loading = True
        self.run_compare()

    @work(exclusive=True, group="compare", exit_on_error=False)
    async def run_compare(self) -> None:
        core = self.stance_app.core
        try:
            comparison = await core.run(core.compare, self.alignment)
        finally:
            self.query_one("#compare-tabs").loading = False
        self.show(comparison)

    def show(self, c: Any) -> None:
        """Fill the tabs from a Comparison."""
        self.comparison = c
        split = self.alignment.split
        n = len(c.wordings)
        prev = c.previous
        head = one_line(split.readout.title or "(untitled)", "bold")
        head.append("\n")
        head.append(f"{c.n_recurring} of {n} statements recurring", style="dim")
        if prev is not None:
            head.append_text(
                one_line(f" · last with this counterpart: {_day(prev.published)} #{prev.readout_id}", "dim")
            )
        self.query_one("#compare-title", Static).update(head)

        st = self.query_one("#compare-statements", LinkTable)
        st.clear()
        st.links = []
        for w in c.wordings:
            who = column_of(split, w.party)
            party = split.party(w.party)
            label = short_name(party) if party is not None else who
            if w.recurring:
                kind = Text(f"×{w.count}", style="bold yellow")
                kind.append(" recur", style="yellow")
            else:
                kind = Text("new", style="bold green")
            st.add_row(
                Text(str(w.statement + 1)), one_line(label), kind, Text(_day(w.first_published)), _cut(w.text)
            )
            st.links.append(w.first_readout if w.recurring else None)
        self.show_detail(0)

        near = self.query_one("#compare-near", LinkTable)
        near.clear()
        near.links = []
        seen: set[int] = set()
        for nb in (*c.nearest, *c.same_counterpart, *c.same_side):
            if nb.readout_id in seen:
                continue
            seen.add(nb.readout_id)
            relation = "same counterpart" if nb.same_counterpart else "same side" if nb.same_side else "similar"
            near.add_row(
                Text(f"{nb.score:.2f}"),
                Text(_day(nb.published)),
                one_line(nb.source or "—"),
                Text(relation),
                _cut(nb.title),
            )
            near.links.append(nb.readout_id)
        self.query_one("#compare-themes", Static).update(self.themes_text(c))
        st.focus()

    def themes_text(self, c: Any) -> Text:
        """New and dropped themes and stance shifts, one item a line (readout words shown literally)."""
        out = Text()

        def line(*parts: tuple[str, str]) -> None:
            for words, style in parts:
                out.append_text(one_line(words, style))
            out.append("\n")

        out.append("New themes with this counterpart\n", style="bold")
        for t in c.new_themes:
            line((f"  + {t.theme}", "green"), (f"  “{'; '.join(t.texts)}”", "dim"))
        if not c.new_themes:
            line(("  none" + ("" if c.previous else " (no earlier readout with this counterpart)"), "dim"))
        out.append("\nDropped since the last readout\n", style="bold")
        for t in c.dropped_themes:
            line((f"  − {t.theme}", "red"), (f"  ({_day(t.published)}: “{'; '.join(t.texts)}”)", "dim"))
        if not c.dropped_themes:
            line(("  none", "dim"))
        out.append("\nStance shifts\n", style="bold")
        for s in c.shifts:
            shift = f"{s.before.label} ({_day(s.before.published)}) → {s.after.label} (now)"
            line((f"  {s.theme}: ", "bold"), (shift, ""))
            line((f"    then: {s.before.text}", "dim"))
            line((f"    now:  {s.after.text}", "dim"))
        if not c.shifts:
            line(("  none", "dim"))
        return out

    @on(DataTable.RowHighlighted, "#compare-statements")
    def on_statement_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def show_detail(self, row: int) -> None:
        c = self.comparison
        detail = self.query_one("#compare-detail", Static)
        if c is None or not 0 <= row < len(c.wordings):
            detail.update("")
            return
        w = c.wordings[row]
        out = one_line(w.text)
        if w.recurring and w.first_text:
            out.append("\n")
            out.append_text(
                one_line(
                    f"first seen {_day(w.first_published)} in #{w.first_readout} "
                    f"(Enter opens it): {w.first_text}",
                    "dim",
                )
            )
        detail.update(out)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target = {
            "tab-wordings": "#compare-statements",
            "tab-nearest": "#compare-near",
            "tab-themes": "#compare-themes-scroll",
        }.get(tab)
        if target:
            self.query_one(target).focus()

    def export_job(self) -> ExportJob | None:
        """The readout report with its compare section, from the report module."""
        comparison, alignment = self.comparison, self.alignment
        if comparison is None:
            return None

        def job() -> object:
            from stance.reports import readout_document

            return readout_document(alignment, comparison=comparison)

        return job
