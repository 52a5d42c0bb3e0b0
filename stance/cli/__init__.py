"""The command line: parse arguments, call the core, print. No SQL and no analysis here.

Each command group lives in its own module with a ``register(subparsers)`` function; errors of
the :class:`~stance.errors.StanceError` family are rendered once, in :func:`main`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from stance import __version__
from stance.errors import StanceError

if TYPE_CHECKING:
    from stance.model import Readout

COMMAND_MODULES = ("split", "align", "archive", "report", "tui")

COMMANDS: dict[str, tuple[str, str]] = {
    "split": ("split", "split readouts into per-party statements (who said each sentence)"),
    "align": ("align", "align the themes the two sides raise: shared, differing, joint, one side only"),
    "add": ("archive", "add readouts (files, folders, JSONL/JSON/CSV record files) to the archive"),
    "list": ("archive", "list archived readouts, with filters"),
    "show": ("archive", "show one archived readout: parties, statements, themes"),
    "search": ("archive", "full-text search of the archive, with highlighted snippets"),
    "remove": ("archive", "remove one readout from the archive"),
    "compare": ("archive", "what is new in a readout, compared with the archive"),
    "track": ("archive", "a side's line over time, per theme"),
    "report": (
        "report",
        "write report files (text, markdown, html, json, csv): readouts, accounts, archive, timeline",
    ),
    "tui": ("tui", "explore readouts in a terminal UI: both sides, shared themes, compare, timeline"),
}
"""Every command, the module that registers it and its one-line help (for ``stance --help``
without importing any command module: a test checks these agree with the modules)."""


def add_format(parser: argparse.ArgumentParser, default: str = "text") -> None:
    """The one ``--format`` option every command shares."""
    from stance.tables import FORMATS

    parser.add_argument(
        "--format", "-f",
        choices=FORMATS,
        default=default,
        metavar="FORMAT",
        help=f"output format: text (default), json, csv, markdown, or any tabulate table format "
        f"({', '.join(f for f in FORMATS if f not in ('text', 'json', 'csv', 'markdown'))})",
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; every command module adds its sub-commands.

    With ``command`` (a name of :data:`COMMANDS`) only the module of that command is imported
    and registered, the others appear by name and help alone: ``stance list`` does not pay for
    the imports of ``stance split``.
    """
    import importlib

    parser = argparse.ArgumentParser(
        prog="stance",
        description="Who said what in diplomatic meeting readouts, and where the two sides meet or differ.",
        epilog="Run 'stance COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command is not None and command in COMMANDS:
        wanted = COMMANDS[command][0]
        for name, (home, help_) in COMMANDS.items():
            if home != wanted:
                sub.add_parser(name, help=help_, add_help=False)
        modules: Sequence[str] = (wanted,)
    elif command is not None:
        for name, (_, help_) in COMMANDS.items():
            sub.add_parser(name, help=help_, add_help=False)
        modules = ()
    else:
        modules = COMMAND_MODULES
    for name in modules:
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
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((w for w in words if not w.startswith("-")), "")
    parser = build_parser(command)
    args = parser.parse_args(words)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
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
