"""``stance split``: who said what, per readout."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from stance import pipeline, serialize, tables
from stance.safe import terminal


def register(sub: Any) -> None:
    """Add the ``split`` command."""
    from stance.cli import add_format

    p = sub.add_parser(
        "split",
        help="split readouts into per-party statements (who said each sentence)",
        description="Split each readout into statements and say who said each one: the principal (the "
        "publishing government's official), the counterpart, both jointly, or the narrator.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="readout files or folders (text, Markdown, HTML, "
                   "JSON/JSONL/CSV records)")
    add_format(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Split every readout; bad inputs are reported on stderr and make the exit status 2."""
    from stance.cli import read_inputs
    from stance.cli.report import PROGRESS_MIN, Progress

    readouts, failed = read_inputs(args.paths)
    docs: list[dict[str, Any]] = []
    texts: list[str] = []
    rows: list[list[Any]] = []
    bar = Progress(len(readouts), "splitting") if len(readouts) >= PROGRESS_MIN else None
    for item in readouts:
        sp = pipeline.split(item)
        if bar is not None:
            bar.step()
        if args.format == "json":
            docs.append(serialize.split(sp))
        elif args.format == "csv":
            rows += tables.split_rows(sp)
        else:
            texts.append(tables.split_text(sp, args.format))
    if args.format == "json":
        if docs:
            print(tables.to_json(docs[0] if len(docs) == 1 else docs))
    elif args.format == "csv":
        if rows:
            sys.stdout.write(tables.to_csv(rows, tables.SPLIT_CSV_HEADERS))
    elif texts:
        print(terminal("\n\n".join(texts)))
    return 2 if failed else 0
