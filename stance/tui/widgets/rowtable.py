"""A fast read-only table for long lists: one pre-cut line per row, drawn only when visible.

Textual's DataTable renders every visible cell through Rich on each change, which costs about
150 ms to refill at 120x40; the archive filter must redraw within 100 ms of a keystroke. Rows
here are cut to fixed column widths once, and :meth:`render_line` draws a cached strip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from stance.tui.messages import HeaderClicked, RowChosen, RowHighlighted

Column = tuple[str, str, int | None]
"""(key, label, width); width None: the rest of the line."""


class RowTable(ScrollView, can_focus=True):
    """Header line plus rows of :class:`Text` cells; a row cursor; Enter or click chooses a row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--cursor",
        "row-table--odd",
        "row-table--dim",
    }
    DEFAULT_CSS = """
    RowTable { height: 1fr; background: $surface; }
    RowTable > .row-table--header { text-style: bold; background: $panel; }
    RowTable > .row-table--cursor { background: $block-cursor-blurred-background; }
    RowTable:focus > .row-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: bold; }
    RowTable > .row-table--odd { background: $surface-lighten-1; }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=True)

    def __init__(self, columns: Sequence[Column], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.columns = list(columns)
        self.rows: list[tuple[Text, ...]] = []
        self._lines: dict[tuple[int, int], Strip] = {}
        self._header: Text = Text()

    # -- content ------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_label(self, key: str, label: str) -> None:
        """Change a column head (e.g. to show the sort order)."""
        self.columns = [(k, label if k == key else lab, w) for k, lab, w in self.columns]
        self._lines.clear()
        self.refresh()

    def clear(self) -> None:
        """Drop every row; the cursor goes back to the top."""
        self.rows = []
        self._lines.clear()
        self.cursor_row = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self._resize()

    def add_rows(self, rows: Sequence[Sequence[Text]]) -> None:
        """Append rows (one Text per column)."""
        self.rows.extend(tuple(r) for r in rows)
        self._resize()
        self.refresh()

    def cells(self, row: int) -> tuple[Text, ...]:
        """The cells of one row."""
        return self.rows[row]

    def _resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self._resize()

    # -- drawing ------------------------------------------------------------------------------

    REST_MIN: ClassVar[int] = 30
    """Columns the open-width column (the title) keeps before it is cut: narrower columns give way."""
    SHRINK: ClassVar[tuple[tuple[str, int], ...]] = ()
    """``(key, narrowest)`` in the order columns give way to the open-width one on a narrow screen
    (narrowest 0: the column is hidden)."""

    def widths(self, total: int) -> list[int]:
        """Each column's width on a line of ``total`` cells (0: hidden on this width)."""
        ws = [w or 0 for _, _, w in self.columns]
        keys = [k for k, _, _ in self.columns]

        def rest() -> int:
            return total - sum(ws) - sum(1 for i, w in enumerate(ws) if w or self.columns[i][2] is None)

        for key, narrowest in self.SHRINK:
            if rest() >= self.REST_MIN or key not in keys:
                continue
            i = keys.index(key)
            need = self.REST_MIN - rest()
            ws[i] = 0 if narrowest == 0 else max(narrowest, ws[i] - need)
        return [w if width is not None else max(rest(), 8) for w, (_, _, width) in zip(ws, self.columns, strict=True)]

    def line_text(self, cells: Sequence[Text], total: int) -> Text:
        out = Text(no_wrap=True, end="")
        for cell, width in zip(cells, self.widths(total), strict=False):
            if width <= 0:
                continue
            piece = cell.copy()
            piece.no_wrap = True
            piece.end = ""
            if cell.justify == "right" and cell.cell_len < width:
                piece = Text(" " * (width - cell.cell_len), end="") + piece
            piece.truncate(width, overflow="ellipsis", pad=True)
            out.append(" ")
            out.append_text(piece)
        return out

    def _strip(self, text: Text, style: Style, width: int) -> Strip:
        segments = list(text.render(self.app.console))
        return Strip(segments).crop_extend(0, width, style).apply_style(style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        if y == 0:
            style = self.get_component_rich_style("row-table--header")
            head = self.line_text([Text(label) for _, label, _ in self.columns], width)
            return self._strip(head, style, width)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip([Segment(" " * width, self.rich_style)], width)
        cursor = index == self.cursor_row
        key = (index, (2 if self.has_focus else 1) if cursor else 0)
        strip = self._lines.get(key)
        if strip is None:
            if cursor:
                style = self.rich_style + self.get_component_rich_style("row-table--cursor")
            elif index % 2:
                style = self.rich_style + self.get_component_rich_style("row-table--odd")
            else:
                style = self.rich_style
            strip = self._strip(self.line_text(self.rows[index], width), style, width)
            self._lines[key] = strip
        return strip

    # -- cursor and mouse ---------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        for key in [k for k in self._lines if k[0] in (old, new)]:
            del self._lines[key]
        if self.rows:
            self._scroll_to_cursor()
            self.post_message(RowHighlighted(new))

    def _scroll_to_cursor(self) -> None:
        visible = max(self.scrollable_content_region.height - 1, 1)
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped)."""
        if self.rows:
            self.cursor_row = max(0, min(row, len(self.rows) - 1))

    def action_move(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * max(self.scrollable_content_region.height - 2, 1))

    def action_edge(self, end: int) -> None:
        self.move_cursor(len(self.rows) - 1 if end else 0)

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(RowChosen(self.cursor_row))

    def on_focus(self) -> None:
        self._lines.clear()

    def on_blur(self) -> None:
        self._lines.clear()

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = event.x - 1
            for (key, _, _), width in zip(self.columns, self.widths(self.size.width), strict=False):
                if width <= 0:
                    continue
                if x < width + 1:
                    self.post_message(HeaderClicked(key))
                    return
                x -= width + 1
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.rows):
            self.move_cursor(index)
            self.post_message(RowChosen(index))
