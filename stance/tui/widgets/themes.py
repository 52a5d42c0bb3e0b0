"""The theme panel: shared / differ / only / joint themes, each in its own colour."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from stance.model import Alignment
from stance.tui.messages import ThemeChosen
from stance.tui.rows import theme_sides
from stance.tui.text import STATUS_STYLE, one_line, status_key


def theme_prompt(alignment: Alignment, index: int) -> Text:
    """One line for a theme: a coloured status badge, the name, and who raises it."""
    theme = alignment.themes[index]
    key = status_key(theme.status, theme.joint)
    label = "joint" if key == "joint" else theme.status
    out = Text()
    out.append(f"{label:^6}", style=STATUS_STYLE[key])
    out.append(" ")
    out.append_text(one_line(theme.name, "bold"))
    who = theme_sides(alignment, theme)
    if who:
        out.append_text(one_line(f" · {who}", "dim"))
    return out


class ThemePanel(OptionList):
    """Lists the alignment's themes; moving the cursor or pressing Enter posts :class:`ThemeChosen`."""

    BORDER_TITLE = "Themes"

    def __init__(self, alignment: Alignment, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        # added after construction so that no theme starts highlighted (the first Down picks one)
        self.add_options(
            [Option(theme_prompt(alignment, i), id=f"theme-{i}") for i in range(len(alignment.themes))]
        )
        self.alignment = alignment
        self.border_title = f"Themes ({len(alignment.themes)})"
        self.border_subtitle = "↑↓ pick" if alignment.themes else "none found"

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(ThemeChosen(event.option_index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(ThemeChosen(event.option_index))
