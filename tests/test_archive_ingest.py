"""Ingest in worker processes: results equal the one-process path, and no worker outlives its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stance.archive import Archive

COUNTRIES = ["Chile", "Kenya", "Japan", "Brazil", "Canada", "India", "Mexico", "Poland", "Ghana", "Peru"]


def write_readouts(folder: Path, n: int, tag: str) -> Path:
    """``n`` short invented readouts, each different, in ``folder/state``."""
    target = folder / "state"
    target.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        country = COUNTRIES[i % len(COUNTRIES)]
        (target / f"r{tag}{i:04d}.txt").write_text(
            f"Secretary Blinken’s Call with {country}’s Foreign Minister Ortega {tag}{i}\n"
            f"( 2023.{1 + i % 12:02d}.{1 + i % 28:02d} )\n\n"
            f"Secretary of State Antony J. Blinken spoke today with Foreign Minister Luis Ortega of {country}.\n\n"
            f"The Secretary underscored the partnership and discussed item {tag}{i} of the agenda.\n",
            encoding="utf-8",
        )
    return folder


def children_of(pid: int) -> set[int]:
    """Pids whose parent is ``pid`` (Linux /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            out.add(int(entry.name))
    return out


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(condition: object, what: str, seconds: float = 120.0) -> None:
    """Poll until ``condition()`` holds; a generous bound so that a broken build fails instead of hanging."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_add_with_workers_leaves_no_worker(tmp_path: Path) -> None:
    folder = write_readouts(tmp_path / "in", 600, tag="k")
    db = tmp_path / "k.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "stance", "add", str(folder), "--workers", "2", "--archive", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        workers: set[int] = set()

        def started() -> bool:
            workers.update(p for p in children_of(proc.pid) if alive(p))
            return len(workers) >= 2 or proc.poll() is not None

        wait_for(started, "the worker processes to start")
        assert proc.poll() is None, "the add finished before it could be killed; give it more readouts"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        wait_for(lambda: not any(alive(w) for w in workers), "the workers to exit after their parent was killed")
    finally:
        if proc.poll() is None:
            proc.kill()
    # nothing was committed: the batch is one transaction
    with Archive.open(db) as a:
        assert a.count() == 0


def test_parallel_analysis_stores_what_one_process_stores(tmp_path: Path) -> None:
    folder = write_readouts(tmp_path / "in", 230, tag="p")
    with Archive.open(tmp_path / "one.sqlite3") as one, Archive.open(tmp_path / "two.sqlite3") as two:
        a = one.add_paths([folder], workers=1)
        b = two.add_paths([folder], workers=2)
        assert len(a.added) == len(b.added) == 230
        for x, y in zip(one.rows(order="id"), two.rows(order="id"), strict=True):
            assert one.alignment(x.id) == two.alignment(y.id)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_interrupted_parallel_add_stops_its_workers(tmp_path: Path) -> None:
    from stance.archive.analysis import _parallel

    folder = write_readouts(tmp_path / "in", 300, tag="i")
    from stance.pipeline import read_all

    readouts = [r for r in read_all([folder]) if not isinstance(r, Exception)]
    chunks = [readouts[i : i + 32] for i in range(0, len(readouts), 32)]
    gen = _parallel(chunks, 2)
    next(gen)
    kids = {p for p in children_of(os.getpid()) if alive(p) and b"spawn_main" in cmdline(p)}
    assert kids
    gen.close()  # as on an exception or Ctrl-C in the caller
    # stopped and reaped (no zombie): a worker killed while writing its result would leave the
    # pool's reader thread blocked, and the interpreter hanging at exit
    assert not kids & children_of(os.getpid())


def test_a_batch_is_analysed_as_one_readout_at_a_time() -> None:
    from stance import pipeline
    from stance.align import align_split
    from stance.archive import analyse_batch
    from stance.read import read_file

    folder = Path(__file__).parent / "fixtures" / "split"
    readouts = [read_file(p)[0] for p in sorted(folder.glob("*.txt"))]
    splits = [pipeline.split(r) for r in readouts]
    assert [a.alignment for a in analyse_batch(readouts)] == [align_split(sp) for sp in splits]


def test_stored_vectors_and_inverted_index_are_the_texts_own_terms(tmp_path: Path) -> None:
    """The chunk-at-once writer stores, for each readout, exactly the term counts of its text, and
    the inverted index lists each (term, readout) once, with the readout's own TF-IDF weight."""
    import numpy as np

    from stance.archive import idf, terms_of
    from stance.archive.features import WEIGHT, unpack_ids, unpack_vector

    folder = Path(__file__).parent / "fixtures" / "split"
    with Archive.open(tmp_path / "v.sqlite3") as a:
        a.add_paths([folder])
        term_id = {t: i for i, t in a.conn.execute("SELECT id, term FROM terms")}
        df = dict(a.conn.execute("SELECT id, df FROM terms"))
        n = a.count()
        posted: dict[tuple[int, int], float] = {}
        for tid, ib, wb in a.conn.execute("SELECT term_id, ids, weights FROM postings"):
            for rid, weight in zip(unpack_ids(ib).tolist(), np.frombuffer(wb, dtype=WEIGHT).tolist(), strict=True):
                assert (tid, rid) not in posted
                posted[(tid, rid)] = weight
        assert n > 10
        for row in a.rows():
            counts = terms_of(a.get(row.id).text)
            want = sorted((term_id[t], c) for t, c in counts.items())
            (data,) = a.conn.execute("SELECT data FROM vectors WHERE readout_id = ?", (row.id,)).fetchone()
            terms, tfs = unpack_vector(data)
            assert list(zip(terms.tolist(), tfs.tolist(), strict=True)) == want
            w = np.array([(1 + np.log(c)) * idf(df[t], n) for t, c in want])
            norm = float(np.sqrt((w * w).sum()))
            (stored_norm,) = a.conn.execute("SELECT norm FROM readouts WHERE id = ?", (row.id,)).fetchone()
            assert stored_norm == pytest.approx(norm, rel=1e-12)  # one batch: refitted with the final counts
            for (t, _), weight in zip(want, w / norm, strict=True):
                assert posted.pop((t, row.id)) == pytest.approx(weight, rel=2e-3, abs=1e-4)
        assert not posted


def test_parallel_add_of_files_and_a_record_file_stores_what_one_process_stores(tmp_path: Path) -> None:
    """One-readout files are read once, by the analysing workers; a record file is streamed by the
    writer. Either way the archive holds what a one-process add stores, in the same order."""
    import json

    folder = write_readouts(tmp_path / "in", 150, tag="f")
    records = tmp_path / "records.jsonl"
    lines = []
    for i in range(120):
        text = (write_readouts(tmp_path / f"r{i}", 1, tag=f"j{i}") / "state" / f"rj{i}0000.txt").read_text()
        lines.append(json.dumps({"title": text.splitlines()[0], "text": text, "source": "state"}))
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Archive.open(tmp_path / "one.sqlite3") as one, Archive.open(tmp_path / "two.sqlite3") as two:
        a = one.add_paths([folder, records, records], workers=1)
        b = two.add_paths([folder, records, records], workers=2)
        assert len(a.added) == len(b.added) == 270
        assert len(a.present) == len(b.present) == 120
        assert [(x.path, x.title) for x in a.added] == [(x.path, x.title) for x in b.added]
        for x, y in zip(one.rows(order="id"), two.rows(order="id"), strict=True):
            assert one.alignment(x.id) == two.alignment(y.id)
            assert one.statement_stances(x.id) == two.statement_stances(y.id)


def test_a_file_that_changed_since_it_was_checked_is_an_error_naming_it(tmp_path: Path) -> None:
    import hashlib

    from stance.archive.analysis import prepare_batch
    from stance.errors import ReadError

    path = write_readouts(tmp_path, 1, tag="c") / "state" / "rc0000.txt"
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert prepare_batch([(str(path), digest)])[0].hash == digest
    path.write_text(text.replace("partnership", "friendship"), encoding="utf-8")
    with pytest.raises(ReadError, match="changed") as info:
        prepare_batch([(str(path), digest)])
    assert str(path) in str(info.value)


def test_an_archive_fits_its_own_background_once_it_is_large_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once per batch, when the archive holds at least BACKGROUND_MIN readouts and has doubled since
    the last fit; later analysis (add and compare) uses it instead of the packaged background."""
    from stance.archive import store
    from stance.background import fit_background
    from stance.compare import analyse_query
    from stance.pipeline import split
    from stance.read import read_file

    monkeypatch.setattr(store, "BACKGROUND_MIN", 20)  # 1,000 in use; the rule is the same
    first = write_readouts(tmp_path / "a", 15, tag="a")
    second = write_readouts(tmp_path / "b", 10, tag="b")
    third = write_readouts(tmp_path / "c", 30, tag="c")
    with Archive.open(tmp_path / "bg.sqlite3") as a:
        a.add_paths([first])
        assert a.background() is None  # 15 readouts: the packaged background
        a.add_paths([second])
        bg = a.background()
        assert bg is not None
        texts = [a.get(r.id).text for r in a.rows(order="id")]
        assert bg.df == fit_background(texts).df  # fitted on every text (fewer than the sample size)
        fits = a.conn.execute("SELECT first, documents FROM backgrounds").fetchall()
        assert fits == [(26, 25)]  # applies from the next readout id on
        a.add_paths([write_readouts(tmp_path / "d", 5, tag="d")])
        assert a.conn.execute("SELECT count(*) FROM backgrounds").fetchone()[0] == 1  # 30 < 2 x 25
        a.add_paths([third])
        assert a.conn.execute("SELECT documents FROM backgrounds ORDER BY first").fetchall() == [(25,), (60,)]
        # what compare makes of a new readout is what align_split makes of it with that background
        from stance.align import align_split

        new = read_file(write_readouts(tmp_path / "e", 1, tag="e") / "state" / "re0000.txt")[0]
        assert analyse_query(a, new) == align_split(split(new), background=a.background())
        result = a.add([new])
        rid = result.added[0].readout_id
        assert rid is not None
        assert a.alignment(rid) == align_split(split(new), background=a.background())
