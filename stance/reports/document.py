"""The report document model: format-free blocks (tables, paragraphs, facts, charts) in sections,
safe deterministic file names, and the small helpers every builder shares.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from stance.charts import Chart
from stance.model import JOINT, NARRATOR, Party, Split

REPORT_FORMATS: tuple[str, ...] = ("text", "markdown", "html", "json", "csv")
"""The formats a report is written in."""

EXTENSIONS = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json", "csv": ".csv"}
"""File name suffix of each format."""

Cell = str | int | float | None
Kind = Literal["readout", "accounts", "overview", "timeline"]


@dataclass(frozen=True, slots=True)
class Table:
    """Rows under headers."""

    headers: tuple[str, ...]
    """Column titles."""
    rows: tuple[tuple[Cell, ...], ...]
    """One tuple per row, one cell per header."""
    widths: tuple[int, ...] = ()
    """Wrap width of each column in the text format (0: no wrap)."""
    empty: str = "(none)"
    """What stands in place of a table without rows."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text."""

    text: str
    """The words (may quote readout text; always escaped)."""


@dataclass(frozen=True, slots=True)
class Facts:
    """Key: value lines."""

    items: tuple[tuple[str, str], ...]
    """``(key, value)`` pairs, in order; empty values are left out."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart: an image in markdown (a file beside it) and HTML (inline SVG)."""

    chart: Chart
    """What to draw."""
    text: str = ""
    """Its stand-in in the text format (a text chart), if any."""


Block = Table | Paragraph | Facts | Figure


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a report."""

    title: str
    """Heading."""
    blocks: tuple[Block, ...]
    """Contents, in order."""
    level: int = 2
    """2 for a section, 3 for a sub-section."""


@dataclass(frozen=True, slots=True)
class Document:
    """A report, free of format."""

    kind: Kind
    """Which builder made it."""
    name: str
    """File name stem (sanitised): date and parties, or the report's subject."""
    title: str
    """Heading of the whole report."""
    facts: Facts
    """Lines under the title (dates, place, publisher, ...)."""
    sections: tuple[Section, ...]
    """The body."""
    data: dict[str, Any] = field(default_factory=dict)
    """The JSON form."""
    csv_headers: tuple[str, ...] = ()
    """Columns of the CSV form."""
    csv_rows: tuple[tuple[Cell, ...], ...] = ()
    """Rows of the CSV form."""

    def charts(self) -> list[Chart]:
        """Every chart in the report, in order."""
        return [b.chart for s in self.sections for b in s.blocks if isinstance(b, Figure)]


@dataclass(frozen=True, slots=True)
class Rendered:
    """A report in one format: the main file's text and the files beside it (charts)."""

    name: str
    """Main file name, with its suffix."""
    text: str
    """Main file contents."""
    files: tuple[tuple[str, bytes], ...] = ()
    """``(file name, bytes)`` written beside the main file."""


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII letters, digits and single dashes; a short hash for text with no such letters."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:limit].strip("-")
    if out:
        return out
    return "x" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8] if text.strip() else ""


def file_stem(day: date | None, *parts: str | None) -> str:
    """``YYYY-MM-DD_part_part``: a deterministic, sanitised file name stem."""
    words = [s for s in (slug(p) for p in parts if p) if s]
    return "_".join([day.isoformat() if day else "undated", *words])[:120].strip("-_")


class Names:
    """Unique file stems, in call order: the first keeps its stem, repeats get ``-2``, ``-3``, ..."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.seen: Counter[str] = Counter()

    def __call__(self, stem: str) -> str:
        self.seen[stem] += 1
        name = stem if self.seen[stem] == 1 else f"{stem}-{self.seen[stem]}"
        while name in self.taken:
            self.seen[stem] += 1
            name = f"{stem}-{self.seen[stem]}"
        self.taken.add(name)
        return name


def unique_names(stems: Iterable[str]) -> list[str]:
    """The stems in order, repeats numbered (``name``, ``name-2``, ``name-3``, ...)."""
    names = Names()
    return [names(s) for s in stems]


def source_file(path: str | None) -> str | None:
    """A source path without its folders (reports do not depend on where files were read from)."""
    if not path:
        return None
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def principal_of(sp: Split) -> Party | None:
    """The principal (the publishing government's official), if found."""
    return next((p for p in sp.parties if p.role == "principal"), None)


def counterpart_of(sp: Split) -> Party | None:
    """The counterpart, if found."""
    return next((p for p in sp.parties if p.role == "counterpart"), None)


def speaker_name(sp: Split, pid: str) -> str:
    """Who a party id stands for, in words."""
    if pid == JOINT:
        return "both sides (joint)"
    if pid == NARRATOR:
        return "narrator"
    p = sp.party(pid)
    return p.name if p else pid


def by_count(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most counted first, ties by name."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def iso_day(d: date | None) -> str:
    """``YYYY-MM-DD`` or ``undated``."""
    return d.isoformat() if d else "undated"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def clean(value: Cell) -> str:
    """A cell as one line of text: control characters dropped, whitespace runs made one space."""
    if value is None:
        return ""
    return " ".join(_CONTROL.sub("", str(value)).split())
