"""``stance tui``: the terminal UI on the archive, optionally opening a readout file."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from stance.errors import StanceError


def register(sub: Any) -> None:
    """Add the ``tui`` command."""
    p = sub.add_parser(
        "tui",
        help="explore readouts in a terminal UI: both sides, shared themes, compare, timeline",
        description="Open the terminal UI on the archive (the seeded default, or --archive). With PATH, open "
        "that readout file on the Readout screen even when it is not in the archive; press a there to add "
        "it. Press ? in the UI for every key, Ctrl+P for every command.",
    )
    p.add_argument("path", nargs="?", metavar="PATH", help="a readout file to open (need not be archived)")
    p.add_argument(
        "--archive",
        metavar="FILE",
        help="the archive file (default: $STANCE_ARCHIVE or the "
        "per-user data folder, filled from seeds/ on first use)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Start the UI; returns when the user quits."""
    if args.path is not None:  # a FIFO, device, missing or bad file fails here, before the UI starts
        from stance import pipeline
        from stance.errors import ReadError

        first = next(iter(pipeline.read_all([args.path])), None)
        if isinstance(first, ReadError):
            raise first
    if args.archive is not None:  # a mistyped path must not create an archive (only 'stance add' does)
        from pathlib import Path

        from stance.archive import Archive

        Archive.open(Path(args.archive), create=False).close()
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise StanceError(
            "stance tui needs a terminal; for output to a pipe or file use stance split, align or report"
        )
    from stance.tui.app import make_app

    make_app(archive=args.archive, path=args.path).run()
    return 0
