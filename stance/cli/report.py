"""``stance report``: write reports as files (text, markdown, html, json, csv) into a folder.

Builds documents with :mod:`stance.reports` and writes them with
:func:`stance.reports.write_report`; the archive is read through :class:`stance.archive.Archive`.
stdout gets the written paths (or, for ``--all``, a summary); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stance.errors import StanceError
from stance.reports import REPORT_FORMATS, Document, write_report

DEFAULT_OUT = "reports"
"""Folder reports go to when ``--out`` is not given."""


def register(sub: Any) -> None:
    """Add the ``report`` command."""
    from stance.cli import ident
    from stance.cli.archive import _day

    p = sub.add_parser(
        "report",
        help="write report files (text, markdown, html, json, csv): readouts, accounts, archive, timeline",
        description="Write reports into a folder, one file per report and format, named from date and "
        "parties (e.g. 2024-04-19_liu-jianchao_london-nicole-breed.txt). Give readout files (two accounts of "
        "one meeting by two governments are compared as such), archived readouts by --id, --all for every "
        "archived readout, every pair of accounts and the archive overview, or --side (and --theme) for a "
        "side's timeline. Markdown and HTML reports include charts (SVG): the timeline, and the themes x "
        "sides matrix of the overview. Nothing is written outside the --out folder; a report of the same "
        "name is replaced.",
        epilog="examples: stance report seeds/ --format all | stance report --all --archive corpus.sqlite3 "
        "--out /tmp/rep | stance report --side China --theme trade --format html",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="readout files or folders")
    p.add_argument("--id", type=ident, action="append", metavar="ID", dest="ids",
                   help="an archived readout by id (repeatable; see 'stance list')")
    p.add_argument("--all", action="store_true", dest="everything",
                   help="every archived readout (with its compare section), every pair of accounts of one "
                   "meeting, and the archive overview")
    p.add_argument("--overview", action="store_true", help="the archive overview only")
    p.add_argument("--side", metavar="S", help="a side's timeline (country or organisation, e.g. China)")
    p.add_argument("--theme", metavar="T",
                   help="with --side: only this theme (adds the stance-over-time chart)")
    p.add_argument("--since", type=_day, metavar="DATE",
                   help="with --side: from this date (YYYY-MM-DD, YYYY-MM, YYYY)")
    p.add_argument("--out", "-o", default=DEFAULT_OUT, metavar="DIR",
                   help=f"folder to write into, created when missing (default: {DEFAULT_OUT}/)")
    p.add_argument("--format", "-f", choices=(*REPORT_FORMATS, "all"), default="text", metavar="FORMAT",
                   help=f"{', '.join(REPORT_FORMATS)}, or all of them (default: text)")
    p.add_argument("--archive", metavar="PATH",
                   help="the archive (default: $STANCE_ARCHIVE, else the per-user one); with readout files, "
                   "adds the compare section (recurring formulas, new wording, stance shifts)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--accounts", action="store_true",
                      help="treat two readout files as two governments' accounts of one meeting")
    mode.add_argument("--each", action="store_true", help="one report per readout, even for two accounts")
    p.set_defaults(run=run)


def _formats(fmt: str) -> tuple[str, ...]:
    return REPORT_FORMATS if fmt == "all" else (fmt,)


def _check(args: argparse.Namespace) -> None:
    given = (("PATH", bool(args.paths)), ("--id", bool(args.ids)), ("--all", args.everything),
             ("--overview", args.overview), ("--side", args.side is not None))
    modes = [name for name, on in given if on]
    if (args.theme or args.since) and args.side is None:
        raise StanceError("--theme and --since go with --side, e.g. stance report --side China --theme trade")
    if not modes:
        raise StanceError("nothing to report: give readout files, --id N, --all, --overview, or --side S "
                          "(see 'stance report --help')")
    if len(modes) > 1:
        raise StanceError(f"give one of PATH, --id, --all, --overview, --side; got {' and '.join(modes)}")
    if (args.accounts or args.each) and not args.paths:
        raise StanceError("--accounts and --each go with readout files")


PROGRESS_MIN = 50
"""Commands that process at least this many readouts show a progress bar (on a terminal)."""


class Progress:
    """A progress bar on stderr when it is a terminal; silent otherwise (split, align and report)."""

    def __init__(self, total: int, label: str = "reports", *, stream: Any = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.on = bool(getattr(self.stream, "isatty", lambda: False)())
        self.done = 0
        self.start = time.monotonic()

    def step(self, n: int = 1) -> None:
        """Count ``n`` more done and redraw."""
        self.done += n
        if not self.on:
            return
        width = 30
        filled = width * self.done // max(1, self.total)
        elapsed = time.monotonic() - self.start
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
                          f" {elapsed:.0f}s")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _write_all(docs: Sequence[Document], out: Path, formats: Sequence[str]) -> list[Path]:
    return [write_report(d, out, f) for d in docs for f in formats]


def run(args: argparse.Namespace) -> int:
    """Build the asked reports and write them; exit 2 when an input could not be read."""
    _check(args)
    out = Path(args.out)
    formats = _formats(args.format)
    if args.paths:
        docs, failed = _from_paths(args)
        for p in _write_all(docs, out, formats):
            print(p)
        return 2 if failed else 0
    from stance.archive import Archive

    with Archive.open(args.archive, create=False) as archive:
        if args.everything:
            return _everything(archive, out, formats)
        docs = _from_archive(archive, args)
        for p in _write_all(docs, out, formats):
            print(p)
    return 0


def _from_paths(args: argparse.Namespace) -> tuple[list[Document], int]:
    from stance import pipeline
    from stance.accounts import align_accounts, same_meeting
    from stance.align import align_split
    from stance.cli import read_inputs
    from stance.reports import accounts_document, readout_document

    readouts, failed = read_inputs(args.paths)
    splits = [pipeline.split(r) for r in readouts]
    if not splits:
        return [], failed
    if len(splits) == 2 and not args.each and (args.accounts or same_meeting(splits[0], splits[1])):
        return [accounts_document(align_accounts(splits[0], splits[1]))], failed
    if args.accounts:
        raise StanceError(f"--accounts compares exactly two readouts; {len(splits)} were read")
    alignments = [align_split(sp) for sp in splits]
    if args.archive is None:
        docs = [readout_document(al) for al in alignments]
    else:
        from stance.archive import Archive
        from stance.compare import compare

        with Archive.open(args.archive, create=False) as archive:
            docs = [readout_document(al, compare(archive, al)) for al in alignments]
    return _named(docs), failed


def _named(docs: Sequence[Document]) -> list[Document]:
    from stance.reports import unique_names, with_name

    return [d if n == d.name else with_name(d, n) for d, n in zip(docs, unique_names(d.name for d in docs),
                                                                 strict=True)]


def _from_archive(archive: Any, args: argparse.Namespace) -> list[Document]:
    from stance.reports import archived_readout_document, archived_timeline_document, overview_document

    if args.overview:
        return [overview_document(archive)]
    if args.side is not None:

        return [archived_timeline_document(archive, args.side, theme=args.theme, since=args.since)]
    return _named([archived_readout_document(archive, rid) for rid in args.ids])


def _everything(archive: Any, out: Path, formats: Sequence[str]) -> int:
    """Every archived readout, every pair of accounts, the overview; a summary on stdout."""
    from stance.accounts import align_accounts
    from stance.compare import compare
    from stance.reports import (
        Names,
        OverviewStats,
        accounts_document,
        overview_document,
        readout_document,
        with_name,
    )

    started = time.monotonic()
    rows = archive.rows(order="id")
    pairs = archive.accounts()
    bar = Progress(len(rows) + len(pairs) + 1)
    stats = OverviewStats()
    names = Names()
    files = 0
    splits = {}
    wanted = {i for pair in pairs for i in pair}

    def emit(doc: Document) -> Path:
        nonlocal files
        name = names(doc.name)
        doc = doc if name == doc.name else with_name(doc, name)
        paths = [write_report(doc, out, f) for f in formats]
        files += len(paths)
        bar.step()
        return paths[0]

    for row in rows:
        al = archive.alignment(row.id)
        stats.add(row.id, al)
        if row.id in wanted:
            splits[row.id] = al.split
        emit(readout_document(al, compare(archive, al)))
    for a, b in pairs:
        emit(accounts_document(align_accounts(splits[a], splits[b])))
    first = emit(overview_document(stats))
    elapsed = time.monotonic() - started
    print(f"wrote {len(rows)} readout reports, {len(pairs)} two-account reports and the archive overview "
          f"({files} files: {', '.join(formats)}) to {out} in {elapsed:.1f} s; start with {first}")
    return 0
