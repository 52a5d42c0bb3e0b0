"""What archive calls return: list rows, search hits, the outcome of an add, and :func:`plain`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from stance.model import (
    Alignment,
    Span,
    Stance,
)

# --------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True, slots=True)
class ReadoutRow:
    """One archived readout as a list shows it (no text)."""

    id: int
    """Archive id."""
    title: str
    """Headline."""
    published: date | None
    """Publication date."""
    source: str | None
    """Publisher."""
    principal: str | None
    """Name of the publishing side's official."""
    counterpart: str | None
    """Name of the other side's leading person."""
    principal_side: str | None
    """Country or organisation of the principal."""
    counterpart_side: str | None
    """Country or organisation of the counterpart."""
    kind: str
    """Meeting, call, video call, talks or unknown."""
    n_shared: int
    """Themes both sides raise (status shared, differ or joint)."""
    n_only: int
    """Themes one side raises alone."""
    n_statements: int
    """Statements in the readout."""
    path: str | None
    """File the readout came from."""
    meeting: int | None
    """Pair key of two accounts of the same meeting (the smallest id of the group), else None."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result."""

    readout_id: int
    """Archive id."""
    title: str
    """Headline."""
    published: date | None
    """Publication date."""
    source: str | None
    """Publisher."""
    snippet: str
    """Words around the matches, without marks."""
    marks: tuple[Span, ...]
    """Where the matched words stand in :attr:`snippet` (to highlight)."""
    spans: tuple[Span, ...]
    """Where the query's words stand in the readout text (first ten)."""
    score: float
    """BM25 relevance, higher is better."""


@dataclass(frozen=True, slots=True)
class Added:
    """An input that was added, or was already in the archive."""

    path: str | None
    """File (``file#N`` for a record) it came from."""
    readout_id: int | None
    """Its archive id (for one already present: the id of the stored copy)."""
    title: str
    """Headline."""


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be added, or was skipped, and why."""

    path: str | None
    """File or record."""
    reason: str
    """What is wrong, in words a user can act on."""


@dataclass(frozen=True, slots=True)
class AddResult:
    """What a batch did.

    When :attr:`failed` is not empty the batch was not written (:attr:`committed` is False):
    the archive is exactly as before, :attr:`added` is empty and :attr:`pending` counts the
    readouts that were read fine and would have been added. Fix or leave out the failed inputs
    and add again. :attr:`skipped` inputs (record files in which no record has a content
    field, such as a corpus ``index.jsonl``) are not failures.
    """

    added: tuple[Added, ...] = ()
    """Readouts written by this batch."""
    present: tuple[Added, ...] = ()
    """Readouts whose text was already archived (or came twice in the batch): stored once."""
    failed: tuple[Failure, ...] = ()
    """Inputs that could not be read."""
    skipped: tuple[Failure, ...] = ()
    """Inputs that are not readouts, left out on purpose."""
    committed: bool = True
    """True when the batch was written."""
    pending: int = 0
    """Readouts that would have been added had nothing failed."""

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed

    @property
    def ids(self) -> tuple[int, ...]:
        """Archive ids of the readouts added, then of those already present (empty when not committed)."""
        return tuple(a.readout_id for a in (*self.added, *self.present) if a.readout_id is not None)


def plain(obj: Any) -> Any:
    """Any result of this module, :mod:`stance.compare` or :mod:`stance.track` as JSON-ready data.

    Dataclasses become dicts of their fields, dates ISO strings, spans ``[start, end]``, and an
    :class:`Alignment` the dict of :func:`stance.serialize.alignment` (with offsets).
    """
    import dataclasses

    from stance import serialize

    if isinstance(obj, Alignment):
        return serialize.alignment(obj)
    if isinstance(obj, Span):
        return [obj.start, obj.end]
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Stance):
        return serialize.stance(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [plain(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    return obj
