"""One short pipeline used by every front door: read -> parties -> attribute -> align."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from stance.attribute import attribute
from stance.errors import ReadError
from stance.model import Alignment, Readout, Split
from stance.parties import find_parties
from stance.read import iter_paths, read_records

if TYPE_CHECKING:
    from stance.background import Background


def split(readout: Readout) -> Split:
    """Who said what in one readout."""
    found = find_parties(readout)
    statements = attribute(readout, found.parties)
    return Split(readout=readout, parties=found.parties, statements=statements, notes=found.notes)


def align(split_: Split, background: Background | None = None) -> Alignment:
    """The themes of one split readout, aligned across the two sides.

    ``background`` gives the word weights (an archive passes the one it fitted on its readouts with
    :func:`stance.background.fit_background`); the packaged background when None.
    """
    from stance.align import align_split

    return align_split(split_, background=background)


def analyse(readout: Readout, background: Background | None = None) -> Alignment:
    """Split and align in one call."""
    return align(split(readout), background)


def read_all(paths: Iterable[str | Path]) -> Iterator[Readout | ReadError]:
    """Every readout in the given files and folders, in order; bad inputs come as errors in place.

    A caller that processes several paths keeps going past a bad one and reports it. A record
    file with no readouts in it (an index of metadata) comes as a
    :class:`~stance.errors.NotReadouts`, which callers report as a note, not a failure.
    """
    for given in paths:
        try:
            for path in iter_paths([given]):  # files as found: a subfolder that cannot be read
                yield from read_records(path)  # comes last, after the readouts that could be
        except ReadError as exc:
            yield exc
