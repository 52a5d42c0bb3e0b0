"""Analysing readouts for the archive: in chunks, in worker processes that never outlive the caller."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from stance.background import Background

from stance.archive.codec import statement_stances
from stance.model import (
    Alignment,
    Readout,
    Stance,
)


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the archive stores of one readout: its alignment and a stance per statement."""

    alignment: Alignment
    """Split and aligned readout."""
    stances: tuple[Stance | None, ...]
    """The stance of each statement, in order."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything the archive writes for one analysed readout, computed where the analysis ran (a
    worker process), so that the writing process only looks up ids and inserts rows."""

    hash: str
    """SHA-256 of the text (hex)."""
    path: str | None
    title: str
    text: str
    readout: tuple[Any, ...]
    """The readouts row from ``text`` to ``counterpart_canon`` (see :data:`READOUT_COLUMNS`)."""
    parties: tuple[tuple[Any, ...], ...]
    """Parties rows without the readout id."""
    themes: tuple[tuple[int, str, int, int], ...]
    """``(idx, name, principal, counterpart)`` of each theme."""
    analysis: bytes
    """:func:`stance.archive.packing.analysis_json` (compressed by the writer, whose dictionary it is)."""
    terms: tuple[tuple[str, int], ...]
    """TF-IDF terms with their counts."""
    wordings: tuple[tuple[int, str], ...]
    """``(hash, normalised wording)`` of each statement."""
    keys: tuple[tuple[int, ...], ...]
    """32-bit MinHash LSH keys of each statement's wording (empty when too short)."""
    source: str
    """Publisher ('' when none), for the formula uses."""
    day: int
    """Julian day of publication (``UNDATED`` when none)."""
    packed: bytes | None = None
    """:attr:`analysis` compressed with :attr:`zdict`, when the worker was given the dictionary."""
    zdict: bytes | None = None


READOUT_COLUMNS = (
    "text, title, body_start, body_end, paragraphs, published, meeting_date, place, kind, source, path, url,"
    " encoding, warnings, notes, principal, counterpart, principal_side, counterpart_side, counterpart_key,"
    " day, n_statements, n_shared, n_only, principal_key, principal_canon, counterpart_canon"
)
"""The readouts columns :attr:`Prepared.readout` fills, in order."""


def prepare(an: Analysis, zdict: bytes | None = None) -> Prepared:
    """The rows of one analysis (pure: no archive needed); the analysis value also compressed with
    ``zdict`` when given (the writer uses it when that is still the archive's dictionary)."""
    import hashlib
    import json

    from stance.archive.codec import _iso
    from stance.archive.features import band_keys_many, fold_key, normalise, terms_of, wording_hash
    from stance.archive.packing import analysis_json, pack
    from stance.archive.trackindex import UNDATED, julian
    from stance.identity import canonical_side, person_key
    from stance.model import JOINT

    al = an.alignment
    sp = al.split
    r = sp.readout
    principal = next((p for p in sp.parties if p.role == "principal"), None)
    counterpart = next((p for p in sp.parties if p.role == "counterpart"), None)
    day = r.meeting_date or r.published
    keys = {id(p): person_key(p.name, p.side) for p in sp.parties}
    sides = {id(p): canonical_side(p.side) for p in sp.parties}
    row = (
        r.text, r.title, r.body.start, r.body.end,
        json.dumps([[p.start, p.end] for p in r.paragraphs], separators=(",", ":")),
        _iso(r.published), _iso(r.meeting_date), r.place, r.kind, r.source, r.path, r.url, r.encoding,
        json.dumps(list(r.warnings), ensure_ascii=False), json.dumps(list(sp.notes), ensure_ascii=False),
        principal.name if principal else None, counterpart.name if counterpart else None,
        principal.side if principal else None, counterpart.side if counterpart else None,
        keys[id(counterpart)] if counterpart else None,
        day.toordinal() if day else None, len(sp.statements),
        sum(1 for t in al.themes if t.status in ("shared", "differ", "joint")),
        sum(1 for t in al.themes if t.status == "only"),
        keys[id(principal)] if principal else None,
        sides[id(principal)] if principal else None,
        sides[id(counterpart)] if counterpart else None,
    )
    parties = tuple(
        (i, p.id, p.role, p.name, p.title, p.organisation, p.side,
         json.dumps(list(p.members), ensure_ascii=False), tuple(p.aliases),
         keys[id(p)], sides[id(p)])
        for i, p in enumerate(sp.parties)
    )
    p_ids = {p.id for p in sp.parties if p.role == "principal"}
    c_ids = {p.id for p in sp.parties if p.role == "counterpart"}

    def raises(t: Any, ids: set[str]) -> int:
        return int(t.joint or any(e.party == JOINT or e.party in ids for e in t.evidence)) if ids else 0

    themes = tuple((i, t.name, raises(t, p_ids), raises(t, c_ids)) for i, t in enumerate(al.themes))
    norms = [normalise(s.span.of(r.text)) for s in sp.statements]
    lsh = band_keys_many(norms)
    raw = analysis_json(sp.statements, an.stances, al.themes)
    return Prepared(
        hash=hashlib.sha256(r.text.encode("utf-8", "surrogatepass")).hexdigest(),
        path=r.path,
        title=r.title,
        text=r.text,
        readout=row,
        parties=parties,
        themes=themes,
        analysis=raw,
        terms=tuple(terms_of(r.text).items()),
        wordings=tuple((wording_hash(n), n) for n in norms),
        keys=tuple(tuple(fold_key(k) for k in ks) for ks in lsh),
        source=r.source or "",
        day=julian(r.published) if r.published else UNDATED,
        packed=pack(raw, zdict) if zdict is not None else None,
        zdict=zdict,
    )


Item = Readout | tuple[str, str]
"""What analysis is given: a readout, or ``(path, sha256 of its text)`` of a one-readout file that the
analysing process reads itself (so that the writing process reads each such file once)."""


def prepare_batch(
    items: Sequence[Item], zdict: bytes | None = None, background: bytes | None = None
) -> list[Prepared]:
    """Read (see :data:`Item`), :func:`analyse_batch` and :func:`prepare`: what a worker does with a
    chunk. ``background``: the archive's own (:meth:`Archive.background_bytes`), else the packaged one."""
    from pathlib import Path

    from stance.archive.inputs import read_one

    readouts = [x if isinstance(x, Readout) else read_one(Path(x[0]), x[1]) for x in items]
    return [prepare(a, zdict) for a in analyse_batch(readouts, background=_loaded(background))]


_BACKGROUNDS: dict[bytes, Any] = {}


def _loaded(raw: bytes | None) -> Any:
    """The :class:`~stance.background.Background` of stored bytes, parsed once per process."""
    if raw is None:
        return None
    import hashlib

    from stance.background import Background

    key = hashlib.sha1(raw).digest()
    if key not in _BACKGROUNDS:
        _BACKGROUNDS.clear()
        _BACKGROUNDS[key] = Background.loads(raw, source="archive")
    return _BACKGROUNDS[key]


def analyse(readout: Readout) -> Analysis:
    """Everything the archive stores about a readout (the slow part of adding)."""
    return analyse_batch([readout])[0]


ANALYSIS_CHUNK = 64
"""Readouts sent to a worker process at a time."""


def analyse_batch(readouts: Sequence[Readout], background: Background | None = None) -> list[Analysis]:
    """Split and align each readout; word weights come from ``background`` (an archive's own, see
    :meth:`Archive.background`), else the packaged one (:mod:`stance.background`): nothing is
    fitted per chunk."""
    from stance import pipeline
    from stance.align import align_split

    out = []
    for r in readouts:
        al = align_split(pipeline.split(r), background=background)
        out.append(Analysis(alignment=al, stances=statement_stances(al)))
    return out


def default_workers() -> int:
    """Processes worth using for analysis here: one per CPU, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last one shorter), consuming ``items`` lazily."""
    batch: list[T] = []
    for x in items:
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _prepared(
    readouts: Iterable[Item],
    workers: int,
    zdict: bytes | None = None,
    pool: Any = None,
    background: bytes | None = None,
) -> Iterator[Prepared]:
    """The prepared analysis of each readout, in order, streamed: in ``workers`` processes when more
    than one (which also compress the analysis values with ``zdict``), in ``pool`` when given
    (see :func:`start_pool`)."""
    chunks = batched(readouts, ANALYSIS_CHUNK)
    if workers > 1:
        batches = _parallel(chunks, workers, zdict, pool, background)
    else:
        batches = (prepare_batch(chunk, None, background) for chunk in chunks)
    for batch in batches:
        yield from batch


STOP_GRACE = 10.0
"""Seconds an interrupted add waits for its workers to finish their chunk before killing them."""


def start_pool(workers: int) -> Any:
    """A pool of ``workers`` analysis processes, started now: each loads the models while the caller
    reads its inputs (see :func:`_worker_start`). Give it to :func:`_parallel`, or :func:`stop_pool`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_worker_start, initargs=(os.getpid(),)
    )
    for _ in range(workers):
        pool.submit(_noop)
    return pool


def _noop() -> None:
    """A task that makes the pool start its processes."""


def stop_pool(pool: Any) -> None:
    """Stop a pool that was not used (its workers finish starting, then exit)."""
    pool.shutdown(wait=False, cancel_futures=True)


def _parallel(
    chunks: Iterable[Sequence[Item]],
    workers: int,
    zdict: bytes | None = None,
    given: Any = None,
    background: bytes | None = None,
) -> Iterator[list[Prepared]]:
    """:func:`prepare_batch` of each chunk, in order, in ``workers`` processes.

    At most two chunks per worker are in flight (memory stays flat however large the batch).
    The workers never outlive this process: on any exit of the caller (an exception, Ctrl-C,
    closing the generator) they are terminated, and each worker also dies with its parent when
    the parent is killed outright (``kill -9``: see :func:`_worker_start`).
    """
    from collections import deque
    from concurrent.futures import Future

    pool = given if given is not None else start_pool(workers)
    pending: deque[Future[list[Prepared]]] = deque()
    it = iter(chunks)
    try:
        for chunk in it:
            pending.append(pool.submit(prepare_batch, chunk, zdict, background))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        # Stop the pool without killing a worker in the middle of sending a result: a half-written
        # result leaves the pool's reader thread blocked for ever, and the interpreter then hangs
        # at exit joining it. Queued chunks are cancelled, each worker finishes the chunk it holds
        # (a fraction of a second) and exits; one still alive after STOP_GRACE seconds is killed.
        for f in pending:
            f.cancel()
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + STOP_GRACE
        for proc in procs:
            proc.join(max(0.0, deadline - time.monotonic()))
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        raise
    pool.shutdown(wait=True)


def _worker_start(parent: int) -> None:
    """In each worker: die with the parent. On Linux the kernel sends SIGKILL when the parent dies
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere a watchdog thread polls the parent's pid."""
    import signal
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="stance-parent-watch", daemon=True).start()
    _warm()


WARM = (
    "Minister Arvo Lind Meets with Foreign Minister Mara Quell\n( 2024.03.05 )\n\n"
    "Minister Arvo Lind met with Foreign Minister Mara Quell of Ostland in Vestria today. "
    "Lind said Vestria values trade and welcomes cooperation on energy. "
    "Quell said Ostland supports closer ties and hopes to expand exchanges.\n"
)
"""An invented readout each worker analyses once at start, so that its first chunk does not wait for
the models (word vectors, background, vocabularies) to load."""


def _warm() -> None:
    from stance.read import parse_text

    prepare_batch([parse_text(WARM, path="warm.txt")])
