"""``stance add | list | show | search | remove | compare | track``: the archive from the command line.

Every command opens the archive given by ``--archive PATH``, else ``$STANCE_ARCHIVE``, else the
per-user default (see :func:`stance.archive.default_path`). Only ``add`` creates an archive given
by path (it starts empty); every other command says "no archive at PATH" (exit 2). The default
archive is created, with the seed readouts, on first use.
No SQL here: everything goes through :class:`stance.archive.Archive`.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from stance import serialize, tables
from stance.archive.results import AddResult, plain
from stance.errors import StanceError
from stance.safe import terminal

if TYPE_CHECKING:
    from stance.archive import Archive

PROGRESS_MIN = 50
"""Batches at least this large show a progress bar (when stderr is a terminal)."""


def safe(text: str) -> str:
    """Readout text is data: control characters (escape sequences) are shown as "?" in terminal output,
    one for one, so that offsets still hold."""
    return terminal(text)


def _day(value: str) -> date:
    """``YYYY-MM-DD``, ``YYYY-MM`` (the first of the month) or ``YYYY`` (1 January)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    try:
        if m is None:
            raise ValueError
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY"
        ) from None


def _archive_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--archive",
        metavar="PATH",
        help="the archive file (default: $STANCE_ARCHIVE, else archive.sqlite3 in the per-user data "
        "folder, which starts with the seed readouts); only 'add' creates a new one, empty",
    )


def register(sub: Any) -> None:
    """Add the archive commands."""
    from stance.cli import add_format, count, ident, workers

    p = sub.add_parser(
        "add",
        help="add readouts (files, folders, JSONL/JSON/CSV record files) to the archive",
        description="Read, analyse and store readouts in the archive, as one batch: when any input fails, "
        "nothing is added and every failure is listed (exit status 2). The same text is stored once: adding "
        "it again reports it as already present. A record file in which no record has a content field "
        "(content, text, body, ...), such as a corpus index.jsonl, is reported as 'not readouts' and "
        "skipped, "
        "not failed. Folders are read recursively.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="readout files, folders or record files")
    p.add_argument(
        "--workers",
        type=workers,
        default=None,
        metavar="N",
        help="processes that analyse large batches (default: one per CPU, at most 4)",
    )
    _archive_option(p)
    add_format(p)
    p.set_defaults(run=run_add)

    p = sub.add_parser(
        "list",
        help="list archived readouts, with filters",
        description="Archived readouts, newest first, filtered by publisher, side, party, date "
        "range and theme.",
    )
    p.add_argument("--source", metavar="S", help="publisher (e.g. whitehouse, kremlin, IDCPC)")
    p.add_argument("--side", metavar="S", help="either side's country or organisation (e.g. China)")
    p.add_argument("--party", metavar="NAME", help="part of either leading person's name")
    p.add_argument(
        "--since", type=_day, metavar="DATE", help="published on or after (YYYY-MM-DD, YYYY-MM, YYYY)"
    )
    p.add_argument("--until", type=_day, metavar="DATE", help="published on or before")
    p.add_argument("--theme", metavar="T", help="a theme raised in it (e.g. trade)")
    p.add_argument("--limit", type=count, default=None, metavar="N", help="at most N readouts")
    _archive_option(p)
    add_format(p)
    p.set_defaults(run=run_list)

    p = sub.add_parser(
        "show",
        help="show one archived readout: parties, statements, themes",
        description="One archived readout as stored: metadata, parties, statements with offsets, "
        "themes and evidence (no re-analysis).",
    )
    p.add_argument("id", type=ident, metavar="ID", help="archive id (see 'stance list')")
    _archive_option(p)
    add_format(p)
    p.set_defaults(run=run_show)

    p = sub.add_parser(
        "search",
        help="full-text search of the archive, with highlighted snippets",
        description="Full-text search (SQLite FTS5, best first). Plain words must all occur; "
        "double-quoted phrases, AND/OR/NOT, NEAR and prefix* work as in FTS5.",
    )
    p.add_argument("query", nargs="+", metavar="QUERY", help="words or an FTS5 query")
    p.add_argument("--limit", type=count, default=20, metavar="N", help="at most N hits (default 20)")
    _archive_option(p)
    add_format(p)
    p.set_defaults(run=run_search)

    p = sub.add_parser(
        "remove",
        help="remove one readout from the archive",
        description="Delete an archived readout and everything stored about it.",
    )
    p.add_argument("id", type=ident, metavar="ID", help="archive id (see 'stance list')")
    _archive_option(p)
    add_format(p)
    p.set_defaults(run=run_remove)

    p = sub.add_parser(
        "compare",
        help="what is new in a readout, compared with the archive",
        description="Compare a readout (archived or not) with the archive: the nearest archived "
        "readouts (TF-IDF cosine) and earlier ones with the same counterpart or side; per statement, "
        "recurring formula (same or near-same wording in earlier readouts of the same publisher, "
        "first seen when and where) or new wording; themes raised for the first time with this "
        "counterpart or dropped since the last readout with it; stance shifts.",
    )
    p.add_argument("path", metavar="PATH", help="a readout file (each record of a record file is compared)")
    p.add_argument("--limit", type=count, default=5, metavar="N", help="neighbours per list (default 5)")
    _archive_option(p)
    add_format(p)
    p.set_defaults(run=run_compare)

    p = sub.add_parser(
        "track",
        help="a side's line over time, per theme",
        description="A timeline per theme of what a side said (as principal or counterpart, and "
        "jointly): date, readout, stance and words; readouts per month with a text chart; when "
        "phrases first appear in its words. --format json or csv for plotting elsewhere.",
    )
    p.add_argument("--side", required=True, metavar="S", help="country or organisation (e.g. China)")
    p.add_argument("--theme", metavar="T", help="only this theme")
    p.add_argument("--since", type=_day, metavar="DATE", help="from this date (YYYY-MM-DD, YYYY-MM, YYYY)")
    p.add_argument(
        "--phrase",
        action="append",
        metavar="P",
        help="when this phrase first appears in the side's "
        "words (repeatable; default: its recurring phrases, found automatically)",
    )
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help=f"statements of the latest N readouts per theme (default: {tables.TRACK_ENTRIES}, in every "
                   "format; json says per theme how many readouts it leaves out)")
    p.add_argument("--all", action="store_true", dest="every",
                   help="every statement of every theme (json and csv of a large archive run to hundreds of MB)")
    _archive_option(p)
    add_format(p)
    p.set_defaults(run=run_track)


def _open(args: argparse.Namespace, *, create: bool = False) -> Archive:
    """The archive of ``--archive`` (which must exist unless ``create``), else the default one."""
    from stance.archive import Archive

    return Archive.open(args.archive, create=create)


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal (rich), else nothing: the summary line says it all."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=_stderr_console(),
    )
    task = None

    def show(done: int, total: int) -> None:
        nonlocal task
        if total < PROGRESS_MIN:
            return
        if task is None:
            bar.start()
            task = bar.add_task("add", total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield show
    finally:
        bar.stop()


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def run_add(args: argparse.Namespace) -> int:
    """Add one batch; exit 2 (and nothing written) when any input failed."""
    from stance.archive import default_workers
    from stance.cli import fail
    from stance.safe import name

    with _open(args, create=True) as archive, _progress() as progress:
        workers = args.workers if args.workers is not None else default_workers()
        result = archive.add_paths(args.paths, progress=progress, workers=workers)
        for f in result.failed:
            fail(f"{name(f.path)}: {f.reason}")
        if args.format == "json":
            print(tables.to_json({"archive": str(archive.path), **plain(result)}))
        elif args.format == "csv":
            rows = (
                [["added", a.readout_id, a.path, ""] for a in result.added]
                + [["present", a.readout_id, a.path, ""] for a in result.present]
                + [["failed", "", f.path, f.reason] for f in result.failed]
                + [["skipped", "", f.path, f.reason] for f in result.skipped]
            )
            sys.stdout.write(tables.to_csv(rows, ["status", "id", "path", "reason"]))
        else:
            print(safe(_summary(result, str(archive.path))))
    return 2 if result.failed else 0


def _summary(result: AddResult, path: str) -> str:
    from stance.safe import name

    lines = []
    for s in result.skipped:
        lines.append(f"skipped {name(s.path)}: {s.reason}")
    if result.failed:
        lines.append(
            f"nothing added to {path}: {len(result.failed)} input{'s' if len(result.failed) != 1 else ''} "
            f"failed (listed above); {result.pending} readout{'s' if result.pending != 1 else ''} read fine "
            "and would be added. Fix or leave out the failed inputs and run 'stance add' again."
        )
        return "\n".join(lines)
    ids = [a.readout_id for a in result.added if a.readout_id is not None]
    span = f" (ids {min(ids)}-{max(ids)})" if len(ids) > 1 else f" (id {ids[0]})" if ids else ""
    lines.append(
        f"added {len(result.added)}{span}, already present {len(result.present)}, failed 0"
        + (f", skipped {len(result.skipped)}" if result.skipped else "")
        + f" — archive {path}"
    )
    if result.present and len(result.present) <= 10:
        lines += [f"  already present: {name(p.path)} (id {p.readout_id})" for p in result.present]
    return "\n".join(lines)


def run_list(args: argparse.Namespace) -> int:
    """List archived readouts."""
    with _open(args) as archive:
        rows = archive.rows(
            source=args.source,
            side=args.side,
            party=args.party,
            since=args.since,
            until=args.until,
            theme=args.theme,
            limit=args.limit,
            order="-published",
        )
    if args.format == "json":
        print(tables.to_json(plain(rows)))
    else:
        out = tables.archive_rows(rows, args.format)
        sys.stdout.write(out if args.format == "csv" else safe(out) + "\n")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Show one archived readout as stored."""
    with _open(args) as archive:
        al = archive.alignment(args.id)
        row = archive.row(args.id)
    if args.format == "json":
        print(tables.to_json({"id": args.id, "meeting": row.meeting, **serialize.alignment(al)}))
    elif args.format == "csv":
        sys.stdout.write(tables.to_csv(tables.split_rows(al.split), tables.SPLIT_CSV_HEADERS))
    else:
        print(
            f"archive id {args.id}"
            + (f" · same meeting as #{row.meeting}" if row.meeting not in (None, args.id) else "")
        )
        print(safe(tables.align_text(al, args.format)))
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Full-text search with highlighted snippets."""
    with _open(args) as archive:
        hits = archive.search(" ".join(args.query), limit=args.limit)
    if args.format == "json":
        print(tables.to_json(plain(hits)))
        return 0
    if not hits and args.format != "csv":
        print("no matches")
        return 0
    tty = args.format == "text" and sys.stdout.isatty()
    on, off = ("\033[1;33m", "\033[0m") if tty else ("[", "]")
    if args.format != "csv":
        hits = [dataclasses.replace(h, title=safe(h.title), snippet=safe(h.snippet)) for h in hits]
    out = tables.search_hits(hits, args.format, on, off, limit=args.limit)
    sys.stdout.write(out if args.format == "csv" else out + "\n")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove one readout."""
    with _open(args) as archive:
        row = archive.row(args.id)
        archive.remove(args.id)
    if args.format == "json":
        print(tables.to_json({"removed": args.id, "title": row.title}))
    else:
        print(safe(f"removed {args.id}: {row.title}"))
    return 0


def run_compare(args: argparse.Namespace) -> int:
    """Compare each readout of a file with the archive."""
    from stance.compare import analyse_query, compare
    from stance.read import read_file

    readouts = read_file(args.path)
    with _open(args) as archive:
        results = [compare(archive, analyse_query(archive, r), limit=args.limit) for r in readouts]
    if args.format == "json":
        docs = [plain(c) for c in results]
        print(tables.to_json(docs[0] if len(docs) == 1 else docs))
    elif args.format == "csv":
        rows = [[c.alignment.split.readout.path, *row] for c in results for row in tables.comparison_rows(c)]
        sys.stdout.write(tables.to_csv(rows, ["path", *tables.COMPARE_CSV_HEADERS]))
    else:
        print(safe("\n\n".join(tables.comparison_text(c, args.format) for c in results)))
    return 0


def run_track(args: argparse.Namespace) -> int:
    """A side's timeline."""
    from stance.track import track

    with _open(args) as archive:
        # json and csv keep to the same default as the text: every statement of a side that speaks
        # in thousands of readouts is tens of MB (36 MB for the United States at 10k readouts)
        limit = None if args.every else (args.limit if args.limit is not None else tables.TRACK_ENTRIES)
        timeline = track(
            archive, args.side, theme=args.theme, since=args.since, phrases=args.phrase, limit=limit
        )
        ids = {e.readout_id for line in timeline.themes for e in line.entries}
        speakers = tables.track_speakers(timeline, (archive.row(i) for i in sorted(ids)))
    if args.format == "json":
        print(tables.to_json(plain(timeline)))
    elif args.format == "csv":
        sys.stdout.write(tables.to_csv(tables.timeline_rows(timeline), tables.TRACK_CSV_HEADERS))
    else:
        print(safe(tables.timeline_text(
            timeline, args.format, speakers=speakers, entries=None, themes=None if args.every else
            tables.TRACK_THEMES)))
    return 0


__all__ = ["register", "StanceError"]
