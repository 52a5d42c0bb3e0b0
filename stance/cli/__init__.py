"""The command line: parse arguments, call the core, print. No SQL and no analysis here.

Each command group lives in its own module with a ``register(subparsers)`` function; errors of
the :class:`~stance.errors.StanceError` family are rendered once, in :func:`main`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from stance import __version__
from stance.errors import StanceError
from stance.model import Readout
from stance.tables import FORMATS

COMMAND_MODULES = ("split", "align", "archive", "report", "tui")


def add_format(parser: argparse.ArgumentParser, default: str = "text") -> None:
    """The one ``--format`` option every command shares."""
    parser.add_argument(
        "--format", "-f",
        choices=FORMATS,
        default=default,
        metavar="FORMAT",
        help=f"output format: text (default), json, csv, markdown, or any tabulate table format "
        f"({', '.join(f for f in FORMATS if f not in ('text', 'json', 'csv', 'markdown'))})",
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole parser; every command module adds its sub-commands."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="stance",
        description="Who said what in diplomatic meeting readouts, and where the two sides meet or differ.",
        epilog="Run 'stance COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"stance.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"stance.cli.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stance`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    from stance import tables

    tables.fit_terminal(tables.terminal_width())  # text tables fit the terminal (or $COLUMNS)
    try:
        status: int = args.run(args)
    except StanceError as exc:
        print(f"stance: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stance: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return status


def read_inputs(paths: Sequence[str]) -> tuple[list[Readout], int]:
    """Every readout in ``paths``; each bad input is reported on stderr (one line) and counted.

    Reader warnings (e.g. a fallback encoding) go to stderr too. Returns the readouts and how many
    inputs failed, so that a command can process the good ones and still exit 2.
    """
    from stance import pipeline
    from stance.errors import ReadError

    readouts: list[Readout] = []
    failed = 0
    for item in pipeline.read_all(paths):
        if isinstance(item, ReadError):
            print(f"stance: error: {item}", file=sys.stderr)
            failed += 1
            continue
        for w in item.warnings:
            warn(f"{item.path}: {w}")
        readouts.append(item)
    return readouts, failed


def warn(message: str) -> None:
    """A warning for the user, on stderr, one line."""
    print(f"stance: warning: {message}", file=sys.stderr)
