"""Reading the inputs of an add: files, folders and record files, with failures and skips."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from stance.archive.results import Failure
from stance.errors import ReadError
from stance.model import (
    Readout,
)


def _walk_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[str, Readout | Failure]]:
    """Every input, file by file: ``("readout", Readout)``, ``("failed", Failure)``, or
    ``("skipped", Failure)`` for a record file that holds no readouts."""
    from stance.read import format_of, iter_paths, read_records

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
            if bad and not good and format_of(f) == "records" and _not_readouts(f):
                yield "skipped", Failure(
                    path=str(f),
                    reason="not readouts: no record has a content field (content, text, body, ...); skipped",
                )
                continue
            for r in good:
                yield "readout", r
            for e in bad:
                yield "failed", Failure(path=e.path or str(f), reason=_reason(e))


def _reason(exc: ReadError) -> str:
    text = str(exc)
    return text.removeprefix(f"{exc.path}: ") if exc.path else text


def _not_readouts(path: Path) -> bool:
    """True for a record file none of whose records has a content-like field (e.g. an index)."""
    import csv
    import io

    from stance.read import CONTENT_FIELDS

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    keys: set[str] = set()
    try:
        if path.suffix.lower() == ".csv":
            keys = {k.strip().lower() for k in (csv.DictReader(io.StringIO(text)).fieldnames or [])}
        elif path.suffix.lower() in (".jsonl", ".ndjson"):
            for line in text.splitlines():
                if line.strip():
                    obj = json.loads(line)
                    if isinstance(obj, dict):
                        keys |= {str(k).strip().lower() for k in obj}
        else:
            data = json.loads(text)
            for obj in data if isinstance(data, list) else [data]:
                if isinstance(obj, dict):
                    keys |= {str(k).strip().lower() for k in obj}
    except (json.JSONDecodeError, csv.Error):
        return False
    return bool(keys) and not keys & set(CONTENT_FIELDS)
