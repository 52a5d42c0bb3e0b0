"""Reading the inputs of an add: files, folders and record files, with failures and skips."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from stance.archive.results import Failure
from stance.errors import NotReadouts, ReadError
from stance.model import (
    Readout,
)


def _walk_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[str, Readout | Failure]]:
    """Every input, file by file: ``("readout", Readout)``, ``("failed", Failure)``, or
    ``("skipped", Failure)`` for a record file that holds no readouts."""
    for kind, item, _, _ in _walk_files(paths):
        yield kind, item


def _walk_files(paths: Iterable[str | Path]) -> Iterator[tuple[str, Readout | Failure, Path | None, int]]:
    """:func:`_walk_inputs` with the file each readout came from and how many readouts it holds."""
    from stance.read import iter_paths, read_records

    for given in paths:
        try:
            files = list(iter_paths([given]))
        except ReadError as exc:
            yield "failed", Failure(path=exc.path or str(given), reason=_reason(exc)), None, 0
            continue
        for f in files:
            got = list(read_records(f))
            good = [x for x in got if isinstance(x, Readout)]
            bad = [x for x in got if isinstance(x, ReadError)]
            skipped = next((x for x in bad if isinstance(x, NotReadouts)), None)
            if skipped is not None and not good:
                yield "skipped", Failure(path=str(f), reason=f"{skipped.reason}; skipped"), f, 0
                continue
            for r in good:
                yield "readout", r, f, len(good)
            for e in bad:
                yield "failed", Failure(path=e.path or str(f), reason=_reason(e)), f, 0


def read_one(path: Path, expected: str) -> Readout:
    """The one readout of a file read before (by the process that planned the add), checked
    against the hash of its text then: a file changed in between is an error naming it."""
    import hashlib

    from stance.read import read_records

    got = [x for x in read_records(path) if isinstance(x, Readout)]
    if len(got) != 1 or hashlib.sha256(got[0].text.encode("utf-8", "surrogatepass")).hexdigest() != expected:
        raise ReadError("the file changed while it was being added; add it again", path=str(path))
    return got[0]


def _reason(exc: ReadError) -> str:
    return exc.reason
