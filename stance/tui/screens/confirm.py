"""Ask before replacing a file: replace it, keep both (a new name), or write nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from stance.tui.text import one_line

Choice = Literal["replace", "keep", "cancel"]


class OverwriteScreen(ModalScreen[Choice]):
    """``target`` exists: what now? Dismissed with ``replace``, ``keep`` or ``cancel``."""

    BINDINGS = [
        Binding("r", "choose('replace')", "Replace"),
        Binding("k", "choose('keep')", "Keep both"),
        Binding("escape,c", "choose('cancel')", "Cancel"),
    ]

    def __init__(self, target: Path, kept: Path) -> None:
        super().__init__()
        self.target = target
        self.kept = kept

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            text = one_line(f"{self.target.resolve()} exists.", "bold")
            text.append("\nReplace it, keep both (the new one as ")
            text.append_text(one_line(self.kept.name, "bold"))
            text.append("), or write nothing?")
            yield Static(text, id="confirm-text")
            with Horizontal(id="confirm-buttons"):
                yield Button("r Replace", id="replace", variant="warning", compact=True)
                yield Button("k Keep both", id="keep", variant="primary", compact=True)
                yield Button("Esc Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def on_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss("replace" if choice == "replace" else "keep" if choice == "keep" else "cancel")
