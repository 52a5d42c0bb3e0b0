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
    from stance.read import iter_paths, read_records

    for given in paths:
        try:
            files = list(iter_paths([given]))
        except ReadError as exc:
            yield "failed", Failure(path=exc.path or str(given), reason=_reason(exc))
            continue
        for f in files:
            got = list(read_records(f))
            good = [x for x in got if isinstance(x, Readout)]
            bad = [x for x in got if isinstance(x, ReadError)]
            skipped = next((x for x in bad if isinstance(x, NotReadouts)), None)
            if skipped is not None and not good:
                yield "skipped", Failure(path=str(f), reason=f"{skipped.reason}; skipped")
                continue
            for r in good:
                yield "readout", r
            for e in bad:
                yield "failed", Failure(path=e.path or str(f), reason=_reason(e))


def _reason(exc: ReadError) -> str:
    return exc.reason
