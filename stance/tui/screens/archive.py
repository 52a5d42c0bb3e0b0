"""The Archive screen: every readout in a table, a live filter, sortable columns, Enter opens."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from stance.errors import StanceError
from stance.tui.core import PAGE, ExportJob, Filter, parse_filter
from stance.tui.messages import HeaderClicked, OpenReadout, RowChosen, RowHighlighted
from stance.tui.screens.base import StanceScreen
from stance.tui.text import one_line
from stance.tui.widgets.footer import StanceFooter
from stance.tui.widgets.rowtable import RowTable

COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    # key (a ReadoutRow field and an archive order), label, width (None: as wide as the content)
    ("published", "date", 10),
    ("source", "source", 10),
    ("principal", "principal", 13),
    ("counterpart", "counterpart", 13),
    ("kind", "kind", 7),
    ("n_shared", "shared", 6),
    ("n_only", "only", 4),
    ("title", "title", None),
)

FILTER_HELP = "words  side:China  party:Breed  theme:trade  source:IDCPC  since:2024-01  until:2024"


def _cell(row: Any, key: str) -> Text:
    value = getattr(row, key, None)
    if key == "published":
        return Text(value.isoformat() if value else "—", style="" if value else "dim")
    if key in ("n_shared", "n_only"):
        return Text(str(value if value is not None else "—"), justify="right")
    if key in ("principal", "counterpart"):
        name = one_line(value or "—")
        name.no_wrap, name.overflow = True, "ellipsis"
        return name
    return one_line(str(value) if value is not None else "—")


class ArchiveTable(RowTable):
    """The readouts; Enter (or a click) posts :class:`OpenReadout`."""

    SHRINK = (("principal", 10), ("counterpart", 10), ("kind", 0), ("source", 7), ("principal", 9), ("counterpart", 9))

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(COLUMNS, **kwargs)
        self.ids: list[int] = []
        """Archive id of each row."""

    def clear(self) -> None:
        super().clear()
        self.ids = []

    def action_edge(self, end: int) -> None:
        """Home: the first row; End: the last row of the archive (loading every row not loaded yet)."""
        screen = self.screen
        if end and isinstance(screen, ArchiveScreen) and screen.more:
            screen.load_rest()
        else:
            super().action_edge(end)

    def on_row_chosen(self, event: RowChosen) -> None:
        event.stop()
        if 0 <= event.row < len(self.ids):
            self.post_message(OpenReadout(self.ids[event.row]))


class ArchiveScreen(StanceScreen):
    """The archive: a filter box over a table of readouts."""

    AUTO_FOCUS = "#table"

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter"),
        Binding("s", "sort", "Sort"),
        Binding("r", "reverse", "Reverse"),
        Binding("t", "timeline", "Timeline"),
        Binding("w", "accounts", "Two accounts"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = Filter()
        self.order = "published"
        self.descending = True
        self.loaded: list[Any] = []
        self.more = False
        """True when the archive may hold more rows than the table has loaded."""
        self.total: int | None = None
        self.shown_order: tuple[str, bool] | None = None
        """The order the column heads show now."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"/ filter: {FILTER_HELP}", id="filter", compact=True, select_on_focus=False)
        yield Static("Opening the archive…", id="status")
        yield ArchiveTable(id="table")
        yield Static("", id="empty")
        yield StanceFooter()

    def on_mount(self) -> None:
        self.title = "Archive"
        table = self.query_one(ArchiveTable)
        table.loading = True
        table.focus()
        self.watch(table, "scroll_y", self.on_table_scrolled, init=False)
        self.reload()

    def on_table_scrolled(self, old: float, new: float) -> None:
        """Scrolling (wheel, scrollbar) near the end loads the next page, like the cursor does."""
        table = self.query_one(ArchiveTable)
        if self.more and new >= table.max_scroll_y - 3:
            self.load_more()

    # -- loading ----------------------------------------------------------------------------------

    def order_arg(self) -> str:
        """The order for the core: a row field, ``-`` first for descending."""
        return f"-{self.order}" if self.descending else self.order

    @work(exclusive=True, group="rows", exit_on_error=False)
    async def reload(self) -> None:
        """Fetch the first page for the current filter and order, and show it."""
        core = self.stance_app.core
        table = self.query_one(ArchiveTable)
        try:
            if self.total is None:
                self.total = await core.run(core.count)
            found = await core.run(core.rows, self.filter, self.order_arg(), 0, PAGE)
        except StanceError as exc:
            table.loading = False
            self.stance_app.error(exc)
            self.query_one("#status", Static).update(one_line(f"The archive could not be read: {exc}"))
            return
        table.loading = False
        self.more = len(found) >= PAGE
        if [r.id for r in found] == table.ids and self.shown_order == (self.order, self.descending):
            self.update_status()  # same rows in the same order: nothing to redraw
            return
        self.loaded = list(found)
        self.fill(found, clear=True)

    @work(exclusive=True, group="more", exit_on_error=False)
    async def load_more(self) -> None:
        """Fetch the next page (when the cursor reaches the last loaded row)."""
        if not self.more:
            return
        core = self.stance_app.core
        try:
            found = await core.run(core.rows, self.filter, self.order_arg(), len(self.loaded), PAGE)
        except StanceError as exc:
            self.stance_app.error(exc)
            return
        self.more = len(found) >= PAGE
        self.loaded += found
        self.fill(found, clear=False)

    @work(exclusive=True, group="more", exit_on_error=False)
    async def load_rest(self) -> None:
        """Fetch every row not loaded yet, then put the cursor on the last one (the End key)."""
        core = self.stance_app.core
        table = self.query_one(ArchiveTable)
        if self.more:
            try:
                found = await core.run(core.rows, self.filter, self.order_arg(), len(self.loaded), None)
            except StanceError as exc:
                self.stance_app.error(exc)
                return
            self.more = False
            self.loaded += found
            self.fill(found, clear=False)
        table.move_cursor(len(self.loaded) - 1)

    def fill(self, found: list[Any], *, clear: bool) -> None:
        table = self.query_one(ArchiveTable)
        if clear:
            table.clear()
        keys = [k for k, _, _ in COLUMNS]
        table.add_rows([[_cell(r, k) for k in keys] for r in found])
        table.ids += [int(r.id) for r in found]
        if self.shown_order != (self.order, self.descending):
            self.shown_order = (self.order, self.descending)
            for key, label, _ in COLUMNS:
                arrow = (" ▼" if self.descending else " ▲") if key == self.order else ""
                table.set_label(key, label + arrow)
        self.update_status()

    def update_status(self) -> None:
        n = len(self.loaded)
        total = self.total or 0
        empty = self.query_one("#empty", Static)
        if total == 0:
            empty.update(
                "The archive is empty.\n\nAdd readouts from a shell with  stance add PATH…\n"
                "or open one file with  stance tui PATH  and press a to add it."
            )
            empty.display = True
            self.query_one("#status", Static).update(one_line("0 readouts"))
            return
        empty.display = n == 0
        if n == 0:
            empty.update("No readout matches this filter.  Esc clears it.")
        filtered = any(v is not None for v in self.filter.kwargs().values())
        shown = f"{n:,}{'+' if self.more else ''}"
        what = f"{shown} of {total:,} readouts match" if filtered else f"{total:,} readouts"
        col = next(label for k, label, _ in COLUMNS if k == self.order)
        status = one_line(f"{what} · sorted by {col} {'▼' if self.descending else '▲'}", "")
        if self.more:
            status.append("  (more load as you scroll; End loads all)", style="dim")
        self.query_one("#status", Static).update(status, layout=False)

    # -- events -----------------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def on_filter_changed(self, event: Input.Changed) -> None:
        flt, problems = parse_filter(event.value)
        self.query_one("#filter", Input).set_class(bool(problems), "-invalid")
        if problems:
            self.query_one("#status", Static).update(one_line("; ".join(problems), "yellow"), layout=False)
        if flt != self.filter:
            self.filter = flt
            self.reload()

    @on(Input.Submitted, "#filter")
    def on_filter_submitted(self) -> None:
        self.query_one(ArchiveTable).focus()

    def on_key(self, event: Any) -> None:
        box = self.query_one("#filter", Input)
        if event.key == "down" and self.focused is box:
            self.query_one(ArchiveTable).focus()
            event.stop()
        elif (
            self.focused is self.query_one(ArchiveTable)
            and event.is_printable
            and event.character
            and event.character.isalnum()
            and event.key not in self.active_bindings
        ):
            # a letter with no key of its own starts a filter: typing a word after Esc never runs
            # the keys hidden in it (the q of "Iraq")
            box.focus()
            box.value += event.character
            box.cursor_position = len(box.value)
            event.stop()
            event.prevent_default()

    @on(RowHighlighted)
    def on_row_highlighted(self, event: RowHighlighted) -> None:
        if self.more and event.row >= len(self.loaded) - 1:
            self.load_more()

    @on(HeaderClicked)
    def on_header_clicked(self, event: HeaderClicked) -> None:
        key = event.column
        if key == self.order:
            self.descending = not self.descending
        else:
            self.order, self.descending = key, key in ("published", "n_shared", "n_only")
        self.reload()

    # -- actions ----------------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Esc: clear the filter and go back to the table (where a letter with no key of its own
        starts a new filter, see :meth:`on_key`)."""
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.query_one(ArchiveTable).focus()

    def action_sort(self) -> None:
        keys = [k for k, _, _ in COLUMNS]
        self.order = keys[(keys.index(self.order) + 1) % len(keys)]
        self.descending = self.order in ("published", "n_shared", "n_only")
        self.reload()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.reload()

    def current_row(self) -> Any | None:
        table = self.query_one(ArchiveTable)
        if 0 <= table.cursor_row < len(self.loaded):
            return self.loaded[table.cursor_row]
        return None

    def action_timeline(self) -> None:
        row = self.current_row()
        # the side the filter asks for first: the timeline opens on what the table is filtered to
        side = self.filter.side or (row.principal_side if row is not None else None)
        self.stance_app.open_timeline(side, self.filter.theme)

    def action_accounts(self) -> None:
        self.stance_app.open_accounts()

    def export_job(self) -> ExportJob | None:
        """The rows listed now, as ``stance list`` prints them."""
        rows = list(self.loaded)
        query = self.query_one("#filter", Input).value

        def job() -> object:
            from stance import tables

            head = f"Archive: {len(rows)} readouts" + (f" matching {query!r}" if query else "")
            return "archive", head + "\n\n" + tables.archive_rows(rows)

        return job
