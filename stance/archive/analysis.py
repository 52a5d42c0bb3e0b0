"""Analysing readouts for the archive: in chunks, in worker processes that never outlive the caller."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    pass

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


def analyse(readout: Readout) -> Analysis:
    """Everything the archive stores about a readout (the slow part of adding)."""
    return analyse_batch([readout])[0]


ANALYSIS_CHUNK = 64
"""Readouts sent to a worker process at a time."""


def analyse_batch(readouts: Sequence[Readout]) -> list[Analysis]:
    """Split and align each readout; word weights come from the packaged background
    (:mod:`stance.background`), so nothing is fitted per chunk."""
    from stance import pipeline
    from stance.align import align_split

    out = []
    for r in readouts:
        al = align_split(pipeline.split(r))
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


def _analyses(readouts: Iterable[Readout], workers: int) -> Iterator[Analysis]:
    """The analysis of each readout, in order, streamed: in ``workers`` processes when more than one."""
    chunks = batched(readouts, ANALYSIS_CHUNK)
    batches = _parallel(chunks, workers) if workers > 1 else map(analyse_batch, chunks)
    for batch in batches:
        yield from batch


STOP_GRACE = 10.0
"""Seconds an interrupted add waits for its workers to finish their chunk before killing them."""


def _parallel(chunks: Iterable[Sequence[Readout]], workers: int) -> Iterator[list[Analysis]]:
    """:func:`analyse_batch` of each chunk, in order, in ``workers`` processes.

    At most two chunks per worker are in flight (memory stays flat however large the batch).
    The workers never outlive this process: on any exit of the caller (an exception, Ctrl-C,
    closing the generator) they are terminated, and each worker also dies with its parent when
    the parent is killed outright (``kill -9``: see :func:`_worker_start`).
    """
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_worker_start, initargs=(os.getpid(),)
    )
    pending: deque[Future[list[Analysis]]] = deque()
    it = iter(chunks)
    try:
        for chunk in it:
            pending.append(pool.submit(analyse_batch, chunk))
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
