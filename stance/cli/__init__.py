"""The command line: parse arguments, call the core, print. No SQL and no analysis here.

Each command group lives in its own module with a ``register(subparsers)`` function; errors of
the :class:`~stance.errors.StanceError` family are rendered once, in :func:`main`.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from stance import __version__
from stance.errors import StanceError
from stance.safe import line

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

READING_COMMANDS = ("split", "align", "add", "compare", "report", "tui")
"""Commands that read readout files; each gets ``--max-size``."""

MAX_INT = 2**63 - 1
"""The largest id or count SQLite stores (a signed 64-bit integer)."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``stance CMD: error: ... (see 'stance CMD --help')``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {line(message)} (see '{self.prog} --help')\n")


def _whole(value: str, what: str, low: int) -> int:
    try:
        n = int(value.strip().replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n > MAX_INT:
        raise argparse.ArgumentTypeError(f"{what} {value!r} is too large (at most {MAX_INT:,})")
    if n < low:
        raise argparse.ArgumentTypeError(f"{what} {value!r} is {'negative' if n < 0 else 'too small'} "
                                         f"(between {low} and {MAX_INT:,})")
    return n


def ident(value: str) -> int:
    """An archive id for argparse: a whole number from 1 to 2**63-1 (what SQLite stores)."""
    return _whole(value, "id", 1)


def count(value: str) -> int:
    """A limit or count for argparse: a whole number from 1 to 2**63-1."""
    return _whole(value, "number", 1)


def workers(value: str) -> int:
    """``--workers``: 1 to 256 processes."""
    n = _whole(value, "number of workers", 1)
    if n > 256:
        raise argparse.ArgumentTypeError(f"at most 256 workers; {value!r} was given")
    return n


def size(value: str) -> int:
    """A size in bytes for argparse: ``500000``, ``800k``, ``20M``, ``1G`` (powers of 1024)."""
    from stance.read import parse_size

    n = parse_size(value)
    if n is None or n > MAX_INT:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size; use e.g. 800k, 20M or 1G")
    return n


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

    parser = Parser(
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
    from stance.read import DEFAULT_MAX_SIZE, MAX_SIZE_ENV, RECORD_FILE_FACTOR, human_size

    for name in READING_COMMANDS:
        if name in sub.choices:
            sub.choices[name].add_argument(
                "--max-size", type=size, metavar="SIZE",
                help=f"refuse a readout larger than SIZE (e.g. 800k or 2M; default ${MAX_SIZE_ENV}, else "
                f"{human_size(DEFAULT_MAX_SIZE)}); a record file may hold {RECORD_FILE_FACTOR} times as much",
            )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stance`` command; returns the exit status.

    Every failure ends here as one line on stderr and exit status 2: a :class:`StanceError`, an
    SQLite or OS error that escaped the core, standard output closed or full. No traceback
    reaches the user; an unexpected exception (a bug) is one line too, with exit status 1 and the
    traceback only when ``STANCE_DEBUG`` is set.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((w for w in words if not w.startswith("-")), "")
    parser = build_parser(command)
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # --help, --version, or a usage error already printed as one line
        return exc.code if isinstance(exc.code, int) else 2
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    from stance.read import MAX_SIZE_ENV

    size_before = os.environ.get(MAX_SIZE_ENV)
    if getattr(args, "max_size", None) is not None:
        os.environ[MAX_SIZE_ENV] = str(args.max_size)  # workers of 'add' inherit it
    if sys.stdout is None:  # started with standard output closed (>&-)
        return fail("standard output is closed; send the output to a file or a pipe")
    real = sys.stdout
    sys.stdout = _Guarded(real)  # type: ignore[assignment,unused-ignore]
    from stance import tables

    tables.fit_terminal(tables.terminal_width())  # text tables fit the terminal (or $COLUMNS)
    try:
        status: int = args.run(args)
        sys.stdout.flush()
    except OutputLost as exc:
        return _output_lost(exc.error)
    except StanceError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        print("stance: interrupted", file=sys.stderr)
        return 130
    except sqlite3.Error as exc:
        return fail(_sqlite_message(exc, getattr(args, "archive", None)))
    except OSError as exc:
        return fail(_os_message(exc))
    except MemoryError:
        return fail("out of memory; give smaller inputs (see --max-size)")
    except RecursionError:
        return fail("input nested too deeply to read")
    except Exception as exc:
        if os.environ.get("STANCE_DEBUG"):
            raise
        print(line(f"stance: internal error: {type(exc).__name__}: {exc} (a bug: please report it with the "
                   "command; STANCE_DEBUG=1 shows the traceback)"), file=sys.stderr)
        return 1
    finally:
        sys.stdout = real
        if size_before is None:
            os.environ.pop(MAX_SIZE_ENV, None)
        else:
            os.environ[MAX_SIZE_ENV] = size_before
    return status


def fail(message: str) -> int:
    """Print one error line on stderr; the exit status 2."""
    print(f"stance: error: {line(message)}", file=sys.stderr)
    return 2


class OutputLost(Exception):
    """Writing to standard output failed (closed pipe, full disk): not the input's fault."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Guarded:
    """Standard output whose write errors become :class:`OutputLost`, told apart from other OS errors."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as exc:
            raise OutputLost(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputLost(exc) from exc

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._stream, attr)


def _output_lost(exc: OSError) -> int:
    """Standard output is closed or full: say so once, and keep the exit-time flush quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if isinstance(exc, BrokenPipeError):  # 'stance ... | head': the reader has what it wanted
        return 0
    return fail(f"cannot write the output ({exc.strerror or exc}); it is incomplete")


def _os_message(exc: OSError) -> str:
    from stance.safe import name

    what = exc.strerror or str(exc)
    if exc.filename is not None:
        return f"{name(exc.filename)}: {what}"
    return what


def _sqlite_message(exc: sqlite3.Error, archive: str | None) -> str:
    from stance.safe import name

    if archive is None:
        try:
            from stance.archive import default_path

            archive = str(default_path())
        except Exception:
            archive = "the archive"
    where = f"archive {name(archive)}"
    text = str(exc)
    if "disk is full" in text:
        return f"{where}: the disk is full; nothing was written; free some space and run the command again"
    if "readonly" in text or "read-only" in text:
        return f"{where} is read-only (or its folder is); make both writable, or copy the archive elsewhere"
    if "malformed" in text or "not a database" in text:
        return (f"{where} is damaged ({text}); restore a copy, or recover what is left with "
                f"'sqlite3 {archive} .recover | sqlite3 recovered.sqlite3'")
    if "cannot rollback" in text or "disk I/O error" in text:  # a write failed underneath (full disk, ...)
        return (f"{where} could not be written ({text}); is the disk full? SQLite leaves it as it was "
                "before the command; free some space and run the command again")
    if "unable to open" in text:
        return f"cannot open {where}: check that its folder exists and is writable"
    if "too large" in text:
        return f"a number given is too large for the archive (at most {MAX_INT:,})"
    return f"{where}: {text}"


def read_inputs(paths: Sequence[str]) -> tuple[list[Readout], int]:
    """Every readout in ``paths``; each bad input is reported on stderr (one line) and counted.

    Reader warnings (e.g. a fallback encoding) go to stderr too. A record file without readouts
    (an index of metadata beside them) is skipped with one note, and is not a failure unless
    nothing else was read. Returns the readouts and how many inputs failed, so that a command can
    process the good ones and still exit 2.
    """
    from stance import pipeline
    from stance.errors import NotReadouts, ReadError
    from stance.safe import name

    readouts: list[Readout] = []
    skipped: list[NotReadouts] = []
    failed = 0
    for item in pipeline.read_all(paths):
        if isinstance(item, NotReadouts):
            skipped.append(item)
            continue
        if isinstance(item, ReadError):
            fail(str(item))
            failed += 1
            continue
        for w in item.warnings:
            warn(f"{name(item.path)}: {w}")
        readouts.append(item)
    for s in skipped:
        if readouts or failed:
            print(line(f"stance: note: {s}; skipped"), file=sys.stderr)
        else:
            failed += fail(str(s)) // 2
    return readouts, failed


def warn(message: str) -> None:
    """A warning for the user, on stderr, one line."""
    print(f"stance: warning: {line(message)}", file=sys.stderr)
