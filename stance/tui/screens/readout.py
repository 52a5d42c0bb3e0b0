"""The Readout screen: both sides in two columns, the themes that connect them, diff layout."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

from stance.errors import StanceError
from stance.model import Alignment, Theme
from stance.tui import rows
from stance.tui.core import ExportJob
from stance.tui.messages import StatementClicked, ThemeChosen
from stance.tui.screens.base import StanceScreen
from stance.tui.text import STATUS_STYLE, status_key
from stance.tui.widgets.footer import StanceFooter
from stance.tui.widgets.header import ColumnHead, ReadoutHeader
from stance.tui.widgets.statement import StatementView
from stance.tui.widgets.themes import ThemePanel


def region_in(container: Widget, widget: Widget) -> Region:
    """``widget``'s region in ``container``'s virtual (scrollable) coordinates."""
    region = widget.virtual_region_with_margin
    node = widget.parent
    while isinstance(node, Widget) and node is not container:
        region = region.translate(node.styles.border.spacing.top_left).translate(node.virtual_region.offset)
        node = node.parent
    return region


class ReadoutScreen(StanceScreen):
    """One readout: header, principal | counterpart columns, joint and narrator across, themes."""

    BINDINGS = [
        Binding("d", "toggle_diff", "Diff"),
        Binding("n", "next_theme", "Next theme"),
        Binding("p", "previous_theme", "Previous theme", show=False),
        Binding("c", "compare", "Compare"),
        Binding("t", "timeline", "Timeline"),
        Binding("w", "accounts", "Two accounts"),
        Binding("a", "add", "Add to archive"),
    ]

    def __init__(
        self,
        alignment: Alignment | None = None,
        *,
        readout_id: int | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__()
        self.alignment = alignment
        """What is shown (None while loading)."""
        self.readout_id = readout_id
        """The archive id, or None for a readout read from a file."""
        self.path = path
        self.diff = False
        """True in the aligned diff layout."""
        self.theme_index: int | None = None
        """The theme whose evidence is highlighted."""
        self.pair: tuple[int, int] | None = None
        """This readout and the other government's account of the same meeting, when archived."""

    def compose(self) -> ComposeResult:
        yield ReadoutHeader(id="header")
        with Horizontal(id="heads"):
            yield ColumnHead(id="head-left", classes="-left")
            yield ColumnHead(id="head-right", classes="-right")
        with Horizontal(id="body"):
            yield VerticalScroll(id="statements")
            yield Static(id="themes-slot")
        yield StanceFooter()

    async def on_mount(self) -> None:
        if self.alignment is not None:
            await self.show(self.alignment)
        else:
            self.query_one("#body").loading = True
            self.load()

    @work(exclusive=True, group="readout", exit_on_error=False)
    async def load(self) -> None:
        core = self.stance_app.core
        try:
            if self.readout_id is not None:
                alignment = await core.run(core.alignment, self.readout_id)
            elif self.path is not None:
                alignment = await core.run(core.analyse_path, self.path)
                self.readout_id = await core.run(core.find, alignment.split.readout.text)
            else:
                return
        finally:
            self.query_one("#body").loading = False
        await self.show(alignment)
        if self.readout_id is not None:
            self.find_pair()
        else:
            self.notify("This readout is not in the archive. Press a to add it.", timeout=6)

    def load_failed(self) -> None:
        """The readout could not be loaded (the error is already shown): go back."""
        if self.alignment is None and self.is_current and len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    @work(group="pair", exit_on_error=False)
    async def find_pair(self) -> None:
        core = self.stance_app.core
        try:
            pairs = await core.run(core.accounts)
        except (StanceError, ImportError, AttributeError):
            return
        for a, b in pairs:
            if self.readout_id in (a, b):
                self.pair = (a, b)
                self.refresh_bindings()
                return

    # -- building ---------------------------------------------------------------------------------

    async def show(self, alignment: Alignment) -> None:
        """Show a readout (replacing whatever was shown)."""
        self.alignment = alignment
        split = alignment.split
        self.query_one(ReadoutHeader).show(split, self.readout_id)
        principal = next((p for p in split.parties if p.role == "principal"), None)
        counterpart = next((p for p in split.parties if p.role == "counterpart"), None)
        self.query_one("#head-left", ColumnHead).show(principal, "principal")
        self.query_one("#head-right", ColumnHead).show(counterpart, "counterpart")
        slot = self.query_one("#themes-slot")
        panel = ThemePanel(alignment, id="themes")
        await slot.remove()
        await self.query_one("#body").mount(panel)
        self.title = split.readout.title
        await self.build_rows()
        self.refresh_bindings()
        if alignment.themes:
            panel.focus()
        else:
            self.query_one("#statements").focus()

    async def build_rows(self) -> None:
        """(Re)build the statement rows for the current layout, keeping the theme highlight."""
        assert self.alignment is not None
        al = self.alignment
        split = al.split
        themes = rows.themes_by_statement(al)
        stances = rows.stance_by_statement(al)

        def view(i: int) -> StatementView:
            col = rows.column_of(split, split.statements[i].party)
            return StatementView(split, i, col, stance=stances.get(i), themes=tuple(themes.get(i, ())))

        def cell(indices: tuple[int, ...], side: str) -> Vertical:
            if indices:
                return Vertical(*(view(i) for i in indices), classes=f"cell -{side}")
            return Vertical(Static("", classes="empty"), classes=f"cell -{side} -empty")

        layout = rows.diff_rows(al) if self.diff else rows.column_rows(split)
        widgets: list[Widget] = []
        for row in layout:
            if isinstance(row, rows.Wide):
                widgets.append(view(row.statement))
            else:
                widgets.append(Horizontal(cell(row.left, "left"), cell(row.right, "right"), classes="pair"))
        if not widgets:
            widgets.append(Static("This readout has no body statements.", classes="empty-note"))
        box = self.query_one("#statements", VerticalScroll)
        box.set_class(self.diff, "-diff")
        with self.app.batch_update():
            await box.remove_children()
            await box.mount_all(widgets)
        box.border_title = (
            "diff: statements on one theme share a row (d: columns)"
            if self.diff
            else "statements (d: diff layout)"
        )
        if self.theme_index is not None:
            self.call_after_refresh(self.highlight, self.theme_index, True)

    # -- themes -----------------------------------------------------------------------------------

    @on(ThemeChosen)
    def on_theme_chosen(self, event: ThemeChosen) -> None:
        event.stop()
        self.highlight(event.index, event.scroll)

    def highlight(self, index: int | None, scroll: bool = True) -> None:
        """Highlight the evidence words of theme ``index`` in both columns and scroll them into view."""
        if self.alignment is None:
            return
        themes = self.alignment.themes
        theme: Theme | None = themes[index] if index is not None and 0 <= index < len(themes) else None
        self.theme_index = index if theme is not None else None
        spans = rows.evidence_spans(theme) if theme is not None else {}
        style = STATUS_STYLE[status_key(theme.status, theme.joint)] if theme is not None else ""
        marked: list[StatementView] = []
        for sv in self.query(StatementView):
            found = tuple(spans.get(sv.index, ()))
            sv.mark(found, style, theme.name if theme is not None else None)
            if found:
                marked.append(sv)
        if scroll and marked:
            self.call_after_refresh(self.scroll_to_evidence)

    def evidence_views(self) -> list[StatementView]:
        """The statements highlighted now, in text order."""
        return sorted((sv for sv in self.query(StatementView) if sv.highlighted), key=lambda s: s.index)

    def scroll_to_evidence(self) -> None:
        """Scroll so that the first evidence of each column is in view (both, when they fit)."""
        box = self.query_one("#statements", VerticalScroll)
        marked = self.evidence_views()
        if not marked:
            return
        firsts: dict[str, StatementView] = {}
        for sv in marked:
            firsts.setdefault(sv.column, sv)
        regions = [region_in(box, sv) for sv in firsts.values()]
        union = regions[0]
        for r in regions[1:]:
            union = union.union(r)
        if union.height > box.scrollable_content_region.height:
            union = min(regions, key=lambda r: r.y)
        box.scroll_to_region(union, animate=False, immediate=True)

    def action_next_theme(self) -> None:
        self._step_theme(1)

    def action_previous_theme(self) -> None:
        self._step_theme(-1)

    def _step_theme(self, step: int) -> None:
        if self.alignment is None or not self.alignment.themes:
            self.notify("This readout has no themes.", severity="warning")
            return
        n = len(self.alignment.themes)
        index = 0 if self.theme_index is None else (self.theme_index + step) % n
        panel = self.query_one(ThemePanel)
        panel.highlighted = index  # posts ThemeChosen through the panel

    @on(StatementClicked)
    def on_statement_clicked(self, event: StatementClicked) -> None:
        """Clicking a statement picks the first theme it is evidence for."""
        if self.alignment is None:
            return
        for i, theme in enumerate(self.alignment.themes):
            if any(e.statement == event.index for e in theme.evidence):
                self.query_one(ThemePanel).highlighted = i
                return

    # -- actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add":
            return self.readout_id is None and self.alignment is not None
        if action in ("compare", "timeline"):
            return self.alignment is not None
        return True

    async def action_toggle_diff(self) -> None:
        if self.alignment is None:
            return
        self.diff = not self.diff
        await self.build_rows()

    def action_compare(self) -> None:
        if self.alignment is not None:
            self.stance_app.open_compare(self.alignment, self.readout_id)

    def action_timeline(self) -> None:
        if self.alignment is None:
            return
        split = self.alignment.split
        side = next((p.side for p in split.parties if p.side), None)
        theme = None
        if self.theme_index is not None:
            theme = self.alignment.themes[self.theme_index].name
        self.stance_app.open_timeline(side, theme)

    def action_accounts(self) -> None:
        """The other government's account of this meeting, else the list of such meetings."""
        if self.pair is not None:
            self.stance_app.open_accounts(*self.pair)
        else:
            self.stance_app.open_accounts()

    @work(exclusive=True, group="add", exit_on_error=False)
    async def action_add(self) -> None:
        if self.alignment is None or self.readout_id is not None:
            return
        core = self.stance_app.core
        try:
            new_id, present = await core.run(core.add, self.alignment.split.readout)
        except StanceError as exc:
            self.stance_app.error(exc)
            return
        self.readout_id = new_id
        self.query_one(ReadoutHeader).show(self.alignment.split, new_id)
        self.refresh_bindings()
        self.notify(
            f"Already in the archive as #{new_id}." if present else f"Added to the archive as #{new_id}."
        )
        self.stance_app.archive_changed()

    def export_job(self) -> ExportJob | None:
        """The readout report, as ``stance report`` writes it: for an archived readout (``--id N``)
        with its "Against the archive" section, for a file outside the archive (``PATH``) without."""
        alignment = self.alignment
        if alignment is None:
            return None
        readout_id = self.readout_id
        core = self.stance_app.core

        def job() -> object:
            from stance.reports import archived_readout_document, readout_document

            if readout_id is not None:
                return archived_readout_document(core.archive, readout_id)
            return readout_document(alignment)

        return job
