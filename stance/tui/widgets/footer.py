"""A footer that fits: the keys that fit the width, in order, never a key cut in the middle.

Textual's footer lays its keys out in one scrolling row; on a narrow terminal the row runs under
the command palette key and leaves a stray letter at the right edge. This one drops the keys that
do not fit (the first ones, Open and Help among them, stay) and ends with an ellipsis; ``?``
lists every key.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer, Label

MORE = "…"
"""Shown in place of the keys that do not fit (? lists them all)."""


def key_width(key: Widget) -> int:
    """Cells a compact footer key takes (key, space, description, the margin after it); 0 for
    anything else. (Textual's ``FooterKey`` is not public: read by its attributes.)"""
    display = getattr(key, "key_display", None)
    if not isinstance(display, str):
        return 0
    description = getattr(key, "description", "") or ""
    return cell_len(display) + (1 + cell_len(description) if description else 0) + 1


class StanceFooter(Footer):
    """Key bindings of the screen, as many as fit the width."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._laid_out_for = 0

    def compose(self) -> ComposeResult:
        items: list[Widget] = list(super().compose())
        palette = [w for w in items if w.has_class("-command-palette")]
        keys = [w for w in items if w not in palette]
        width = self.size.width or self.app.size.width
        room = width - sum(key_width(w) + 1 for w in palette)
        used, shown = 0, []
        for w in keys:
            need = key_width(w)
            if used + need > room:
                break
            shown.append(w)
            used += need
        if len(shown) < len(keys):
            while shown and used + 2 > room:
                last = shown.pop()
                used -= key_width(last)
            shown.append(Label(MORE, classes="footer-more"))
        self._laid_out_for = width
        yield from shown
        yield from palette

    def on_resize(self, event: Resize) -> None:
        if event.size.width and event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
