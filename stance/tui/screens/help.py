"""The help screen: every key binding of the screen below and of the app, and the colour legend."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from stance.tui.text import STATUS_HELP, STATUS_STYLE

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def key_label(key: str) -> str:
    """A key as a person types it: ``?``, ``Esc``, ``Ctrl+p``, ``F2``."""
    out = []
    for k in key.split(","):
        if k in KEY_NAMES:
            out.append(KEY_NAMES[k])
            continue
        *mods, base = k.split("+")
        base = KEY_NAMES.get(base, base.upper() if base[:1] == "f" and base[1:].isdigit() else base)
        out.append("+".join([*(m.capitalize() for m in mods), base]))
    return " / ".join(out)


def bindings_of(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(where, key, what) for every described binding active on ``screen``, app-wide last."""
    seen: dict[str, tuple[int, str, str, str]] = {}
    for key, active in screen.active_bindings.items():
        b = active.binding
        if not b.description:
            continue
        if active.node is screen.app:
            rank, where = 1, "everywhere"
        elif active.node is screen:
            rank, where = 0, "this screen"
        else:
            rank, where = 2, f"in the {type(active.node).__name__}"
        seen.setdefault(key, (rank, where, key_label(key), b.description))
    return [(where, key, what) for _, where, key, what in sorted(seen.values(), key=lambda t: t[0])]


def help_table(entries: list[tuple[str, str, str]]) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", expand=True, padding=(0, 1))
    table.add_column("key", no_wrap=True)
    table.add_column("does")
    table.add_column("where", style="dim")
    for where, key, what in entries:
        table.add_row(Text(key, style="bold"), Text(what), Text(where))
    return table


def legend() -> Text:
    """What the colours, words and numbers on the screens mean (the reports' legend, shared)."""
    from stance.reports.legend import MEASURES, STANCE, STATUSES, stance_words

    out = Text("\nTheme status (the coloured badge)\n", style="bold")
    means = dict(STATUSES)
    for status, style in STATUS_STYLE.items():
        out.append(f" {status:^6} ", style=style)
        out.append(f" {means.get(status, STATUS_HELP[status])}\n")
    out.append("\nNumbers and marks\n", style="bold")
    for mark, what in MEASURES:
        out.append(f" {mark}", style="bold")
        out.append(f": {what}\n")
    out.append(" ×N recur", style="bold")
    out.append(": on the Compare screen, a recurring formula found in N earlier readouts\n")
    out.append("\nStance words\n", style="bold")
    out.append(f" {STANCE}\n", style="dim")
    for label, what in stance_words():
        out.append(f" {label}", style="bold")
        out.append(f": {what}\n")
    out.append("\nArchive filter: ", style="bold")
    out.append("free words, plus side:China party:Breed theme:trade source:IDCPC since:2024-01 until:2024\n")
    out.append("Mouse: click a row, a theme, a statement or a column head (sorts).\n", style="dim")
    out.append("Ctrl+P: every command (Screenshot saves the screen into the reports folder).\n", style="dim")
    return out


class HelpScreen(ModalScreen[None]):
    """Key bindings of the screen it was opened on."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "app.pop_screen", "Close help")]

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        self.below = below
        self.entries = bindings_of(below)
        """(where, key, what) for every binding listed."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes"
            yield Static(help_table(self.entries), id="help-keys")
            yield Static(legend(), id="help-legend")
