"""The UI's one door to the core: every call to the archive and the pipeline goes through here.

All core work runs on one background thread (the archive's SQLite connection stays on the thread
that opened it), awaited from Textual workers, so the UI never freezes. Nothing here imports
Textual.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from stance import pipeline
from stance.errors import ReadError, StanceError
from stance.model import Alignment, Readout

if TYPE_CHECKING:
    from stance.archive import Archive

T = TypeVar("T")

ExportJob = Callable[[], Any]
"""Builds what the export key writes: a ``stance.reports.Document`` or a ``(name, text)`` pair."""

PAGE = 100
"""Rows the archive table loads at a time."""


@dataclass(frozen=True, slots=True)
class Filter:
    """What the archive filter box says: free text plus ``key:value`` terms."""

    text: str | None = None
    side: str | None = None
    party: str | None = None
    source: str | None = None
    theme: str | None = None
    since: date | None = None
    until: date | None = None

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Archive.rows``."""
        return {
            k: v
            for k, v in (
                ("text", self.text),
                ("side", self.side),
                ("party", self.party),
                ("source", self.source),
                ("theme", self.theme),
                ("since", self.since),
                ("until", self.until),
            )
            if v is not None
        }


FILTER_KEYS = ("side", "party", "source", "theme", "since", "until")
_TERM = re.compile(r'(\w+):("[^"]*"|\S*)')


def _day(value: str, end: bool) -> date | None:
    """A date from ``2024``, ``2024-04`` or ``2024-04-19`` (start or end of the period)."""
    parts = value.split("-")
    try:
        nums = [int(p) for p in parts if p]
        if len(nums) == 1:
            return date(nums[0], 12, 31) if end else date(nums[0], 1, 1)
        if len(nums) == 2:
            if not end:
                return date(nums[0], nums[1], 1)
            nxt = date(nums[0] + nums[1] // 12, nums[1] % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        if len(nums) == 3:
            return date(nums[0], nums[1], nums[2])
    except ValueError:
        return None
    return None


def parse_filter(query: str) -> tuple[Filter, list[str]]:
    """The filter a query describes, and what in it could not be understood (for a hint).

    ``trade side:China since:2024-01 theme:"direct flights"`` filters on text "trade", side
    China, published from 1 January 2024, and the theme.
    """
    problems: list[str] = []
    values: dict[str, Any] = {}
    rest = query
    for m in _TERM.finditer(query):
        key, value = m.group(1).lower(), m.group(2).strip('"')
        if key not in FILTER_KEYS:
            continue
        rest = rest.replace(m.group(0), " ", 1)
        if not value:
            continue
        if key in ("since", "until"):
            day = _day(value, end=key == "until")
            if day is None:
                problems.append(f"{key}:{value} is not a date (use 2024, 2024-04 or 2024-04-19)")
                continue
            values[key] = day
        else:
            values[key] = value
    text = " ".join(rest.split())
    return Filter(text=text or None, **values), problems


def _sort_key(value: Any) -> tuple[int, Any]:
    """Sort any column: missing values last, text without case."""
    if value is None or value == "":
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    return (0, value)


def live_query(text: str) -> str:
    """A full-text query for text typed so far: each word as is, the last one also as a prefix.

    ``trad`` finds "trade" while the user is still typing. A query already in FTS5 syntax
    (quotes, ``*``, AND/OR/NOT) is left alone.
    """
    if re.search(r'["*^:]|\b(AND|OR|NOT|NEAR)\b', text):
        return text
    words = text.split()
    if not words:
        return text
    quoted = ['"' + w.replace('"', "") + '"' for w in words]
    if not text[-1].isspace():
        quoted[-1] += "*"
    return " ".join(quoted)


TIMELINE_READOUTS = 200
"""Readouts per theme whose statements the Timeline screen lists (the counts cover all of them)."""


class Core:
    """The archive (opened lazily, on the core thread) and the pipeline, for the UI."""

    def __init__(self, archive: Archive | str | Path | None = None) -> None:
        self._given = archive
        self._archive: Archive | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stance-core")

    def start(self) -> None:
        """Begin opening the archive now, on the core thread, while the UI starts up."""
        self._executor.submit(self._open_quietly)

    def _open_quietly(self) -> None:
        # A failure here is left for the first real call, which reports it to the user.
        with contextlib.suppress(StanceError):
            self.archive  # noqa: B018 - the property opens the archive

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` on the core thread and wait for it without blocking the UI."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(*args, **kwargs))

    def close(self) -> None:
        """Stop the core thread (pending calls finish first)."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -- the archive -------------------------------------------------------------------------

    @property
    def archive(self) -> Archive:
        """The archive, opened on first use (call on the core thread)."""
        if self._archive is None:
            given = self._given
            if given is None or isinstance(given, (str, Path)):
                from stance.archive import Archive

                self._archive = Archive.open(None if given is None else Path(given), create=given is None)
            else:
                self._archive = given
        return self._archive

    def archive_path(self) -> str:
        """Where the archive file is, for the status line."""
        a = self.archive
        return str(getattr(a, "path", "") or os.environ.get("STANCE_ARCHIVE", "") or "")

    def rows(
        self, flt: Filter, order: str = "-published", offset: int = 0, limit: int | None = PAGE
    ) -> list[Any]:
        """One page of archive rows for a filter (``limit`` None: all of them).

        ``order`` is a row field, ``-`` first for descending. The archive sorts by the fields it
        knows (``ORDER_COLUMNS``); for any other, every matching row is fetched and sorted here.
        """
        kwargs = flt.kwargs()
        if "text" in kwargs:
            kwargs["text"] = live_query(kwargs["text"])
        key = order.lstrip("-")
        from stance.archive import ORDER_COLUMNS

        if key in ORDER_COLUMNS:
            return list(self.archive.rows(**kwargs, order=order, limit=limit, offset=offset))
        found = list(self.archive.rows(**kwargs, order="-published"))
        found.sort(key=lambda r: _sort_key(getattr(r, key, None)), reverse=order.startswith("-"))
        return found[offset : None if limit is None else offset + limit]

    def count(self) -> int:
        """How many readouts the archive holds."""
        return int(self.archive.count())

    def alignment(self, readout_id: int) -> Alignment:
        """The aligned themes of an archived readout."""
        return self.archive.alignment(readout_id)

    def sides(self) -> list[str]:
        """Every side in the archive."""
        return [str(s) for s in self.archive.sides()]

    def themes(self) -> list[str]:
        """Every theme name in the archive."""
        return [str(t) for t in self.archive.themes()]

    def accounts(self) -> list[tuple[int, int]]:
        """Pairs of readouts of one meeting by two governments."""
        return [(int(a), int(b)) for a, b in self.archive.accounts()]

    def find(self, text: str) -> int | None:
        """The archive id of a readout with exactly this text; None when absent or the archive is unusable."""
        try:
            return self.archive.find(text)
        except StanceError:
            return None

    def account_rows(self) -> list[tuple[Any, Any]]:
        """Archive rows of each pair of accounts of one meeting."""
        a = self.archive
        return [(a.row(x), a.row(y)) for x, y in self.accounts()]

    def add(self, readout: Readout) -> tuple[int | None, bool]:
        """Add one readout to the archive: its id, and whether it was there already."""
        result = self.archive.add([readout])
        if result.failed:
            raise StanceError("; ".join(f.reason for f in result.failed), path=readout.path)
        for item in result.added:
            return item.readout_id, False
        for item in result.present:
            return item.readout_id, True
        return None, False

    def compare(self, alignment: Alignment, limit: int = 5) -> Any:
        """A readout against the archive (see :mod:`stance.compare`)."""
        from stance import compare

        return compare.compare(self.archive, alignment, limit=limit)

    def track(self, side: str, theme: str | None = None, since: date | None = None) -> Any:
        """A side's line over time (see :mod:`stance.track`)."""
        from stance import track

        # the latest TIMELINE_READOUTS readouts per theme: a whole side at 100k readouts is ~750k entries
        return track.track(self.archive, side, theme=theme, since=since, limit=TIMELINE_READOUTS)

    def speakers(self, timeline: Any) -> dict[int, str]:
        """Who spoke for a timeline's side in each of its readouts (readout id -> name)."""
        from stance.reports.timeline import speakers

        return speakers(self.archive, timeline)

    def side_of(self, readout_id: int) -> str | None:
        """The principal's side of an archived readout."""
        return self.archive.row(readout_id).principal_side

    def two_accounts(self, id_a: int, id_b: int) -> tuple[Alignment, Alignment, Any]:
        """Both governments' readouts of one meeting, and the core's comparison of the two."""
        import importlib

        a, b = self.alignment(id_a), self.alignment(id_b)
        for module in ("stance.align", "stance.accounts"):
            try:
                fn = getattr(importlib.import_module(module), "align_accounts", None)
            except ImportError:
                continue
            if fn is None:
                continue
            try:
                return a, b, fn(a.split, b.split)
            except NotImplementedError:
                break
        return a, b, None

    # -- files outside the archive ------------------------------------------------------------

    def analyse_path(self, path: str | Path) -> Alignment:
        """Read the first readout in ``path`` and align it as ``stance compare`` does: the stored
        analysis when its text is archived, else against the archive's own background."""
        from stance.compare import analyse_query

        for item in pipeline.read_all([path]):
            if isinstance(item, ReadError):
                raise item
            return analyse_query(self.archive, item)
        raise ReadError("no readout found in this file", path=str(path))


@dataclass(frozen=True, slots=True)
class Export:
    """A view's export, built and not yet written: a report document or a ``(name, text)`` pair."""

    what: Any
    """A :class:`stance.reports.Document`, or ``(name, text)`` for views without a report builder."""
    folder: Path
    """Where it goes."""
    stem: str
    """File name without suffix."""

    @property
    def target(self) -> Path:
        """The file it writes."""
        return self.folder / f"{self.stem}.txt"

    def free(self) -> Export:
        """The same export under the first free name (``name-2``, ``name-3``, ...): keeps what is there."""
        n = 2
        while (self.folder / f"{self.stem}-{n}.txt").exists():
            n += 1
        return Export(self.what, self.folder, f"{self.stem}-{n}")


def build_export(job: ExportJob, folder: str | Path) -> Export:
    """Run an export job (on the core thread) and name its file; nothing is written yet."""
    what = job()
    if isinstance(what, tuple):
        name, text = what
        return Export((name, text), Path(folder), safe_name(name))
    return Export(what, Path(folder), what.name)


def write_built(built: Export) -> Path:
    """Write a built export as text (replacing a file of the same name: ask first, see ``target``)."""
    if isinstance(built.what, tuple):
        return write_export(built.folder, built.stem, built.what[1])
    from dataclasses import replace

    from stance.reports import write_report

    doc = built.what if built.what.name == built.stem else replace(built.what, name=built.stem)
    return write_report(doc, built.folder, "text")


def export(job: ExportJob, folder: str | Path) -> Path:
    """Run an export job and write its result into ``folder`` (as a text report), never over a file."""
    built = build_export(job, folder)
    return write_built(built.free() if built.target.exists() else built)


def safe_name(text: str, fallback: str = "view") -> str:
    """A file-name part from free text: lowercase words and dashes only."""
    name = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return name or fallback


def write_export(folder: str | Path, name: str, text: str) -> Path:
    """Write an exported view to ``folder/name.txt`` (the caller has asked before replacing a file)."""
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{safe_name(name)}.txt"
        target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise StanceError(f"cannot write the export: {exc.strerror or exc}", path=str(out)) from exc
    return target
