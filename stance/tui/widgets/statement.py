"""One statement: who, stance label, theme tags, and the words, with evidence highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.events import Click
from textual.widgets import Static

from stance.model import Span, Split, Stance, Theme
from stance.tui.messages import StatementClicked
from stance.tui.rows import Column
from stance.tui.text import POLARITY_STYLE, STATUS_STYLE, TAG_STYLE, marked, one_line, status_key


class StatementView(Static):
    """A statement of the readout; :meth:`mark` highlights a theme's words in it."""

    DEFAULT_CSS = """
    StatementView { height: auto; padding: 0 1; margin: 0 0 1 0; }
    """

    def __init__(
        self,
        split: Split,
        index: int,
        column: Column,
        *,
        stance: Stance | None = None,
        themes: tuple[Theme, ...] = (),
        prefix: str = "",
        speaker: bool = False,
    ) -> None:
        super().__init__(id=f"{prefix}st-{index}", classes=f"statement -{column}")
        self.speaker = speaker
        """Whether the header names who speaks (when the column does not say it)."""
        self.split = split
        self.index = index
        """Index into :attr:`Split.statements`."""
        self.column: Column = column
        self.stance = stance
        self.themes = themes
        self.marks: tuple[Span, ...] = ()
        """The evidence spans highlighted now (empty: none)."""
        self.mark_style = ""
        self.theme_name: str | None = None
        """The theme highlighted now (its tag is shown as a badge)."""

    @property
    def highlighted(self) -> bool:
        """True when some evidence words are highlighted in this statement."""
        return bool(self.marks)

    @property
    def words(self) -> str:
        """The statement's text (as in the readout, unescaped)."""
        return self.split.statements[self.index].span.of(self.split.readout.text)

    def on_mount(self) -> None:
        self.update(self.render_text())

    def mark(self, spans: tuple[Span, ...], style: str = "", theme: str | None = None) -> None:
        """Highlight ``spans`` (a theme's evidence) in ``style``; an empty tuple clears."""
        if spans == self.marks and style == self.mark_style and theme == self.theme_name:
            return
        self.marks = spans
        self.mark_style = style
        self.theme_name = theme if spans else None
        self.set_class(bool(spans), "-evidence")
        self.update(self.render_text())

    def render_text(self) -> Text:
        """The header line (number, speaker, stance, themes) and the highlighted words."""
        st = self.split.statements[self.index]
        head = Text(f"#{self.index + 1} ", style="dim")
        if self.column in ("joint", "narrator"):
            head.append(self.column, style="bold" if self.column == "joint" else "dim italic")
            head.append(" ")
        elif self.speaker:
            party = self.split.party(st.party)
            head.append_text(one_line(f"{party.name if party else st.party} ", "bold"))
        if st.cited:
            head.append_text(one_line(f"cites {st.cited} ", "dim italic"))
        if self.stance is not None and self.stance.label:
            head.append(self.stance.label, style=POLARITY_STYLE.get(self.stance.polarity, ""))
            head.append(" ")
        for n, theme in enumerate(self.themes):
            key = status_key(theme.status, theme.joint)
            if n:
                head.append("·", style="dim")
            if theme.name == self.theme_name:
                head.append_text(one_line(f" {theme.name} ", STATUS_STYLE[key]))
            else:
                head.append_text(one_line(f" {theme.name} ", TAG_STYLE[key]))
        base = "dim italic" if self.column == "narrator" else ""
        body = marked(self.split.readout.text, st.span, self.marks, self.mark_style or "reverse", base)
        return Text("\n").join([head, body])

    def on_click(self, event: Click) -> None:
        self.post_message(StatementClicked(self.index))
