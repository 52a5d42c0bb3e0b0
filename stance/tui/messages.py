"""Every message the UI's widgets post, as dataclasses: widgets post, screens act. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenReadout(Message):
    """Open an archived readout on the Readout screen."""

    readout_id: int
    """The archive id of the readout."""


@dataclass
class ThemeChosen(Message):
    """The user moved to (or selected) a theme in the theme panel."""

    index: int | None
    """Index into :attr:`Alignment.themes`, or None when no theme is chosen."""
    scroll: bool = True
    """Whether the evidence should be scrolled into view."""


@dataclass
class StatementClicked(Message):
    """The user clicked a statement."""

    index: int
    """Index into :attr:`Split.statements`."""


@dataclass
class RowHighlighted(Message):
    """The cursor of a :class:`~stance.tui.widgets.rowtable.RowTable` moved to a row."""

    row: int
    """Row index."""


@dataclass
class RowChosen(Message):
    """Enter (or a click) on a row of a :class:`~stance.tui.widgets.rowtable.RowTable`."""

    row: int
    """Row index."""


@dataclass
class HeaderClicked(Message):
    """A click on a column head of a :class:`~stance.tui.widgets.rowtable.RowTable`."""

    column: str
    """The column's key."""
