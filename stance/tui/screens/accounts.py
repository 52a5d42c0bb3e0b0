"""Two accounts of one meeting: each government's readout side by side, with what each reports
and omits, claims about the other side, how each describes the talks, numbers in one only."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from stance.model import Alignment, Span
from stance.tui.core import ExportJob
from stance.tui.rows import column_of
from stance.tui.screens.base import StanceScreen
from stance.tui.text import STATUS_STYLE, one_line
from stance.tui.widgets.footer import StanceFooter
from stance.tui.widgets.statement import StatementView


def _day(d: Any) -> str:
    return d.isoformat() if d else "—"


class AccountsListScreen(StanceScreen):
    """Meetings that two governments reported; Enter opens both accounts."""

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Two accounts: meetings reported by two governments", style="bold"), classes="title"
        )
        yield DataTable(id="pairs", cursor_type="row", zebra_stripes=True)
        yield Static("", id="pairs-empty", classes="note")
        yield StanceFooter()

    def on_mount(self) -> None:
        self.title = "Two accounts"
        table: DataTable[Text] = self.query_one("#pairs", DataTable)
        # publisher and name are never cut (auto width); the title takes what is left
        for label, width in (("date", 10), ("account A", None), ("account B", None), ("title", None)):
            table.add_column(label, width=width)
        self.pairs: list[tuple[int, int]] = []
        table.loading = True
        self.load()

    @work(exclusive=True, group="pairs", exit_on_error=False)
    async def load(self) -> None:
        core = self.stance_app.core
        table: DataTable[Text] = self.query_one("#pairs", DataTable)
        try:
            found = await core.run(core.account_rows)
        finally:
            table.loading = False
        for a, b in found:
            table.add_row(
                Text(_day(a.published or b.published)),
                one_line(f"{a.source or '?'}: {a.principal or '?'}"),
                one_line(f"{b.source or '?'}: {b.principal or '?'}"),
                one_line(a.title),
            )
            self.pairs.append((a.id, b.id))
        empty = self.query_one("#pairs-empty", Static)
        empty.update(
            ""
            if found
            else "No meeting in this archive is reported by two governments. Add both "
            "readouts of a meeting (e.g. the White House's and the Kremlin's) and they pair up here."
        )
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.pairs):
            self.stance_app.open_accounts(*self.pairs[event.cursor_row])

    def export_job(self) -> ExportJob | None:
        """The list of meetings told by two governments, as a table."""
        rows = [
            [c.plain for c in self.query_one("#pairs", DataTable).get_row_at(i)]
            for i in range(self.query_one("#pairs", DataTable).row_count)
        ]

        def job() -> object:
            from stance import tables

            return "two-accounts", tables.table(rows, ["date", "account A", "account B", "title"])

        return job


class AccountsScreen(StanceScreen):
    """Both governments' readouts of one meeting, side by side."""

    BINDINGS = [
        Binding("n", "next_topic", "Next topic"),
        Binding("1", "tab('topics')", "Topics", show=False),
        Binding("2", "tab('claims')", "Claims", show=False),
        Binding("3", "tab('talks')", "Talks & numbers", show=False),
    ]

    def __init__(self, id_a: int, id_b: int) -> None:
        super().__init__()
        self.ids = (id_a, id_b)
        self.accounts: tuple[Alignment, Alignment] | None = None
        self.comparison: Any = None
        """The core's :class:`stance.accounts.AccountsComparison` (None if it could not be made)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="accounts-title", classes="title")
        with Horizontal(id="accounts-body"):
            yield VerticalScroll(id="account-0")
            yield VerticalScroll(id="account-1")
        with TabbedContent(id="accounts-tabs"):
            with TabPane("1 Topics", id="topics"):
                yield OptionList(id="accounts-topics")
            with TabPane("2 Claims", id="claims"):
                yield VerticalScroll(Static("", id="accounts-claims"))
            with TabPane("3 Talks & numbers", id="talks"):
                yield VerticalScroll(Static("", id="accounts-talks"))
        yield StanceFooter()

    def on_mount(self) -> None:
        self.title = "Two accounts"
        self.query_one("#accounts-body").loading = True
        self.load()

    @work(exclusive=True, group="accounts", exit_on_error=False)
    async def load(self) -> None:
        core = self.stance_app.core
        try:
            a, b, comparison = await core.run(core.two_accounts, *self.ids)
        finally:
            self.query_one("#accounts-body").loading = False
        self.accounts = (a, b)
        self.comparison = comparison
        self.show()

    def show(self) -> None:
        assert self.accounts is not None
        title = Text()
        for k, al in enumerate(self.accounts):
            r = al.split.readout
            title.append(f"{'AB'[k]} ", style="bold reverse")
            title.append_text(one_line(f" {r.source or '?'} {_day(r.published)}: ", "bold"))
            title.append_text(one_line(r.title))
            if k == 0:
                title.append("\n")
        self.query_one("#accounts-title", Static).update(title)
        for k, al in enumerate(self.accounts):
            box = self.query_one(f"#account-{k}", VerticalScroll)
            box.border_title = f"{'AB'[k]}: {al.split.readout.source or 'account'}"
            box.mount_all(
                StatementView(al.split, i, column_of(al.split, st.party), prefix=f"a{k}-", speaker=True)
                for i, st in enumerate(al.split.statements)
            )
        topics = self.query_one("#accounts-topics", OptionList)
        c = self.comparison
        if c is None:
            topics.add_option(
                Option(Text("The two accounts could not be compared.", style="dim"), disabled=True)
            )
            return
        for t in c.topics:
            where = {e.account for e in t.evidence}
            label = "both" if t.status == "both" else ("A only" if where == {0} else "B only")
            prompt = Text(f"{label:^6}", style=STATUS_STYLE["shared" if t.status == "both" else "only"])
            prompt.append(" ")
            prompt.append_text(one_line(t.name, "bold"))
            topics.add_option(Option(prompt))
        self.query_one("#accounts-claims", Static).update(self.claims_text())
        self.query_one("#accounts-talks", Static).update(self.talks_text())
        topics.focus()

    def claims_text(self) -> Text:
        c = self.comparison
        out = Text()
        if c is None or not c.claims:
            return Text("Neither account reports what the other side said.", style="dim")
        for cl in c.claims:
            text = cl.span.of(c.split(cl.account).readout.text)
            out.append(f"{'AB'[cl.account]} ", style="bold reverse")
            out.append(
                " confirmed " if cl.confirmed else " not in the other account ",
                style="green" if cl.confirmed else "yellow",
            )
            out.append_text(one_line(f"{cl.speaker}: {text}\n"))
        return out

    def talks_text(self) -> Text:
        c = self.comparison
        out = Text("How each account describes the talks\n", style="bold")
        if c is None:
            return out
        for ch in c.characterisations:
            out.append(f"  {'AB'[ch.account]}: ", style="bold")
            out.append_text(one_line(", ".join(ch.words) + "\n"))
        if not c.characterisations:
            out.append("  neither characterises them\n", style="dim")
        out.append("\nNumbers and dates in one account only\n", style="bold")
        for d in c.details:
            out.append(f"  {'AB'[d.account]}: ", style="bold")
            out.append_text(one_line(d.span.of(c.split(d.account).readout.text) + "\n"))
        if not c.details:
            out.append("  none\n", style="dim")
        out.append("\nOrder of the shared topics\n", style="bold")
        for k in (0, 1):
            out.append(f"  {'AB'[k]}: ", style="bold")
            out.append_text(one_line(" → ".join(c.order[k]) + "\n"))
        return out

    @on(OptionList.OptionHighlighted, "#accounts-topics")
    def on_topic(self, event: OptionList.OptionHighlighted) -> None:
        self.highlight(event.option_index)

    def highlight(self, index: int) -> None:
        """Highlight a topic's words in both accounts and scroll each to its first one."""
        c = self.comparison
        if c is None or not 0 <= index < len(c.topics):
            return
        topic = c.topics[index]
        style = STATUS_STYLE["shared" if topic.status == "both" else "only"]
        spans: dict[tuple[int, int], list[Span]] = {}
        for e in topic.evidence:
            spans.setdefault((e.account, e.statement), []).append(e.span)
        firsts: dict[int, StatementView] = {}
        for k in (0, 1):
            for sv in self.query_one(f"#account-{k}").query(StatementView):
                found = tuple(spans.get((k, sv.index), ()))
                sv.mark(found, style)
                if found and k not in firsts:
                    firsts[k] = sv
        for k, sv in firsts.items():
            self.query_one(f"#account-{k}", VerticalScroll).scroll_to_widget(sv, animate=False, top=True)

    def action_next_topic(self) -> None:
        topics = self.query_one("#accounts-topics", OptionList)
        if topics.option_count:
            topics.highlighted = (
                0 if topics.highlighted is None else (topics.highlighted + 1) % topics.option_count
            )

    def action_tab(self, tab: str) -> None:
        self.query_one("#accounts-tabs", TabbedContent).active = tab

    def export_job(self) -> ExportJob | None:
        """The two-accounts report from the report module."""
        comparison = self.comparison
        if comparison is None:
            return None

        def job() -> object:
            from stance.reports import accounts_document

            return accounts_document(comparison)

        return job
