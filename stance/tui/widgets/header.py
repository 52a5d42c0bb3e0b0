"""The Readout screen's header and column heads: title, dates, place, both parties."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from stance.model import Party, Readout, Split
from stance.tui.text import one_line


def meta_line(readout: Readout, archived: int | None) -> Text:
    """Dates, place, kind and publisher on one line, then where the readout lives."""
    bits: list[str] = []
    if readout.published:
        bits.append(f"published {readout.published.isoformat()}")
    if readout.meeting_date and readout.meeting_date != readout.published:
        bits.append(f"met {readout.meeting_date.isoformat()}")
    if readout.place:
        bits.append(readout.place)
    if readout.kind and readout.kind != "unknown":
        bits.append(readout.kind)
    if readout.source:
        bits.append(readout.source)
    out = one_line(" · ".join(bits), "dim")
    if archived is not None:
        out.append(f"  #{archived}", style="dim")
    else:
        out.append("  not in the archive (a: add)", style="bold yellow")
    return out


def party_head(party: Party | None, role: str) -> Text:
    """A column head: the party's name, then title and side (or why the column is empty)."""
    if party is None:
        return Text(f"({role} not found)\n", style="dim italic")
    out = one_line(party.name, "bold")
    if party.side:
        out.append_text(one_line(f" · {party.side}", "bold"))
    out.append("\n")
    out.append_text(one_line(party.title or party.organisation or role, "dim"))
    for note in party.notes:  # where the tool guessed: say so rather than pass it off as found
        out.append("\n")
        out.append_text(one_line(f"unsure: {note}", "italic yellow"))
    return out


class ReadoutHeader(Static):
    """Title and metadata of the open readout (all of it shown literally)."""

    def show(self, split: Split, archived: int | None) -> None:
        """Fill in from a split readout."""
        r = split.readout
        text = one_line(r.title or "(untitled)", "bold")
        text.append("\n")
        text.append_text(meta_line(r, archived))
        for note in (*r.warnings, *split.notes):
            text.append("\n")
            text.append_text(one_line(f"note: {note}", "italic yellow"))
        self.update(text)


class ColumnHead(Static):
    """The head of one column: who speaks there."""

    def show(self, party: Party | None, role: str) -> None:
        """Fill in for one party."""
        self.update(party_head(party, role))
