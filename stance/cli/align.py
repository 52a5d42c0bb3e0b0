"""``stance align``: the themes the two sides raise, side by side, with evidence."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from stance import pipeline, serialize, tables
from stance.align import align_split
from stance.errors import StanceError
from stance.safe import terminal
from stance.themes import Vocabulary


def register(sub: Any) -> None:
    """Add the ``align`` command."""
    from stance.cli import add_format

    p = sub.add_parser(
        "align",
        help="align the themes the two sides raise: shared, differing, joint, one side only",
        description="For each readout, the themes both sides raise (shared, or differ when their stances pull "
        "apart), the themes they raise together in joint statements, and those one side raises alone, each "
        "with the words on each side. Given exactly two readouts of the same meeting by two governments, "
        "compares the two accounts instead (see --accounts/--each).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="readout files or folders")
    p.add_argument("--themes", metavar="FILE", help="a TOML file of extra themes ([themes.<key>] with name and "
                   "phrases); a key already in the packaged vocabulary replaces it")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--accounts", action="store_true",
                      help="treat two readouts as two governments' accounts of one meeting and compare them")
    mode.add_argument("--each", action="store_true", help="align every readout on its own, even when two are given")
    add_format(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Align every readout (or compare two accounts); bad inputs make the exit status 2."""
    if args.themes and os.path.lexists(args.themes):
        from stance.read import check_regular

        check_regular(args.themes)  # a FIFO or device would hang the TOML reader
    vocab = Vocabulary.load(args.themes) if args.themes else None
    from stance.cli import read_inputs
    from stance.cli.report import PROGRESS_MIN, Progress

    readouts, failed = read_inputs(args.paths)
    bar = Progress(len(readouts), "splitting") if len(readouts) >= PROGRESS_MIN else None
    splits = []
    for r in readouts:
        splits.append(pipeline.split(r))
        if bar is not None:
            bar.step()
    from stance.accounts import align_accounts, same_meeting

    if len(splits) == 2 and not args.each and (args.accounts or same_meeting(splits[0], splits[1])):
        comp = align_accounts(splits[0], splits[1], vocabulary=vocab)
        if args.format == "json":
            print(tables.to_json(serialize.accounts(comp)))
        elif args.format == "csv":
            sys.stdout.write(tables.to_csv(tables.accounts_rows(comp), tables.ACCOUNTS_CSV_HEADERS))
        else:
            print(terminal(tables.accounts_text(comp, args.format)))
        return 2 if failed else 0
    if args.accounts:
        raise StanceError(f"--accounts compares exactly two readouts; {len(splits)} were read")
    alignments = [align_split(sp, vocabulary=vocab) for sp in splits]
    if args.format == "json":
        docs = [serialize.alignment(a) for a in alignments]
        if docs:
            print(tables.to_json(docs[0] if len(docs) == 1 else docs))
    elif args.format == "csv":
        rows = [r for a in alignments for r in tables.align_rows(a)]
        if rows:
            sys.stdout.write(tables.to_csv(rows, tables.ALIGN_CSV_HEADERS))
    elif alignments:
        print(terminal("\n\n".join(tables.align_text(a, args.format) for a in alignments)))
    return 2 if failed else 0
