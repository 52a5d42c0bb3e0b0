"""Archive benchmark: ingest rate, compare latency against a naive baseline, size and memory.

    .venv/bin/python benchmarks/bench_archive.py                    # 2,000 readouts (quick)
    .venv/bin/python benchmarks/bench_archive.py --sizes 10000 100000

Builds archives from ../shared/corpus replicated with perturbed names, dates and words. The
perturbations keep every length (a word becomes another word of the same length, a surname a
made-up surname of the same length, a date line another date), so each replica reuses the
analysis of its original and the archive sizes the issue asks for build in minutes; analysis
itself is measured separately, on the corpus, and an end-to-end ``add_paths`` of the corpus
(analysis included, in worker processes) is timed too.

Compare is timed on held-back corpus readouts (never added) once the archive is open; the
naive baseline, timed in the same run, scans every archived statement with rapidfuzz
(``process.cdist``, ``fuzz.ratio`` with ``utils.default_process``). Numbers go to stdout; none
are asserted anywhere.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import resource
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

from stance.archive import Analysis, Archive, analyse, default_workers
from stance.compare import FORMULA_MIN_SCORE, compare
from stance.model import Readout
from stance.pipeline import read_all

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_WORD = re.compile(r"(?<![\w'])[a-z]{4,}(?![\w'])")
_DATE_LINE = re.compile(r"\(\s*\d{4}\.\d{2}\.\d{2}\s*\)")


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Replicator:
    """Length-preserving perturbed copies of analysed readouts."""

    def __init__(self, analyses: list[Analysis], seed: int = 7) -> None:
        self.analyses = analyses
        self.rng = np.random.default_rng(seed)
        vocab: dict[int, set[str]] = {}
        self.words: list[list[tuple[int, int]]] = []
        self.names: list[list[tuple[int, int, str]]] = []
        for an in analyses:
            text = an.alignment.split.readout.text
            spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
            for s, e in spans[:400]:
                vocab.setdefault(e - s, set()).add(text[s:e])
            self.words.append(spans)
            names = []
            for p in an.alignment.split.parties:
                surname = p.name.split()[-1] if p.name.split() else ""
                if len(surname) >= 3 and surname.isalpha():
                    names += [
                        (m.start(), m.end(), surname) for m in re.finditer(rf"\b{re.escape(surname)}\b", text)
                    ]
            self.names.append(names)
        self.vocab = {n: sorted(ws) for n, ws in vocab.items()}

    def pseudo(self, name: str, variant: int) -> str:
        """A made-up surname of the same length, the same for the same (name, variant)."""
        r = np.random.default_rng(abs(hash((name, variant))) % (2**32))
        letters = "".join(chr(97 + int(x)) for x in r.integers(0, 26, size=len(name)))
        return letters[0].upper() + letters[1:]

    def copy(self, i: int) -> Analysis:
        """The ``i``-th readout of the replicated archive (the originals first)."""
        n = len(self.analyses)
        base, k = self.analyses[i % n], i // n
        if k == 0:
            return base
        al = base.alignment
        r = al.split.readout
        edits: dict[int, tuple[int, str]] = {}
        variant = k % 24
        for s, e, surname in self.names[i % n]:
            edits[s] = (e, self.pseudo(surname, variant))
        spans = self.words[i % n]
        for j in np.flatnonzero(self.rng.random(len(spans)) < 0.04):
            s, e = spans[j]
            choices = self.vocab.get(e - s)
            if choices and s not in edits:
                edits[s] = (e, choices[int(self.rng.integers(len(choices)))])
        shift = timedelta(days=int(self.rng.integers(-1100, 1100)))
        published = r.published + shift if r.published else None
        meeting = r.meeting_date + shift if r.meeting_date else None
        if published is not None and (m := _DATE_LINE.search(r.text, 0, r.body.start)):
            edits[m.start()] = (
                m.end(),
                f"( {published:%Y.%m.%d} )".ljust(m.end() - m.start())[: m.end() - m.start()],
            )
        out, pos = [], 0
        for s in sorted(edits):
            e, new = edits[s]
            if s < pos:
                continue
            out += [r.text[pos:s], new]
            pos = e
        out.append(r.text[pos:])
        text = "".join(out)
        assert len(text) == len(r.text)
        renames = {surname: self.pseudo(surname, variant) for _, _, surname in self.names[i % n]}
        parties = tuple(
            dataclasses.replace(p, name=" ".join(renames.get(w, w) for w in p.name.split()))
            for p in al.split.parties
        )
        readout = dataclasses.replace(
            r, text=text, published=published, meeting_date=meeting, path=f"{r.path}~{k}"
        )
        split = dataclasses.replace(al.split, readout=readout, parties=parties)
        return Analysis(alignment=dataclasses.replace(al, split=split), stances=base.stances)


def naive_formulas(archive: Archive, analysis: Analysis) -> list[int]:
    """The baseline: every archived statement scored with rapidfuzz, then kept when of the same
    publisher and earlier; returns how many readouts use each statement's wording."""
    al = analysis.alignment
    r = al.split.readout
    rows = archive.conn.execute(
        "SELECT s.readout_id, s.source, s.published, substr(t.text, s.start + 1, s.end - s.start)"
        " FROM statements s JOIN readouts t ON t.id = s.readout_id"
    ).fetchall()
    queries = [s.span.of(r.text) for s in al.split.statements]
    scores = process.cdist(
        queries,
        [x[3] for x in rows],
        scorer=fuzz.ratio,
        processor=utils.default_process,
        score_cutoff=FORMULA_MIN_SCORE,
        dtype=np.uint8,
    )
    day = r.published.isoformat() if r.published else None
    return [
        len(
            {
                rows[j][0]
                for j in np.flatnonzero(row)
                if rows[j][1] == r.source and (day is None or (rows[j][2] or "") < day)
            }
        )
        for row in scores
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--sizes", type=int, nargs="+", default=[2000], help="archive sizes to build (default 2000)"
    )
    ap.add_argument("--queries", type=int, default=20, help="held-back readouts compared (default 20)")
    ap.add_argument("--naive", type=int, default=3, help="of which timed with the naive baseline (default 3)")
    ap.add_argument("--dir", default=None, help="where to build the archives (default: a temporary folder)")
    ap.add_argument("--batch", type=int, default=5000, help="readouts per add transaction (default 5000)")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}; the benchmark needs ../shared/corpus", file=sys.stderr)
        return 2
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="stance-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"machine: Python {sys.version.split()[0]}, {default_workers()} CPUs, load average "
        f"{' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}; archives in {workdir}"
    )

    readouts = [r for r in read_all([CORPUS]) if isinstance(r, Readout)]
    readouts.sort(
        key=lambda r: (r.published or r.meeting_date or __import__("datetime").date.min, r.path or "")
    )
    step = max(1, len(readouts) // max(1, args.queries))
    held = readouts[step - 1 :: step][: args.queries]
    held_paths = {r.path for r in held}
    kept = [r for r in readouts if r.path not in held_paths]
    print(f"corpus: {len(readouts)} readouts, {len(held)} held back for compare, {len(kept)} to replicate")

    t = time.perf_counter()
    analyses = [analyse(r) for r in kept]
    t_analyse = time.perf_counter() - t
    print(f"analysis (split + align + stance), one process: {len(kept) / t_analyse:,.0f} readouts/s")
    queries = [analyse(r) for r in held]

    e2e = workdir / "corpus-e2e.sqlite3"
    for f in workdir.glob("corpus-e2e.sqlite3*"):
        f.unlink()
    with Archive.open(e2e, seed=False) as arch:
        t = time.perf_counter()
        res = arch.add_paths([CORPUS], workers=default_workers())
        t_e2e = time.perf_counter() - t
    print(
        f"ingest including analysis, 'add_paths ../shared/corpus' with {default_workers()} workers: "
        f"{len(res.added) / t_e2e:,.0f} readouts/s ({len(res.added)} in {t_e2e:.1f} s, skipped "
        f"{len(res.skipped)})"
    )

    rep = Replicator(analyses)
    for size in args.sizes:
        path = workdir / f"archive-{size}.sqlite3"
        for f in workdir.glob(f"archive-{size}.sqlite3*"):
            f.unlink()
        print(f"\n== {size:,} readouts ==")
        t_store = t_gen = cpu_store = 0.0
        with Archive.open(path, seed=False) as arch:
            for start in range(0, size, args.batch):
                t = time.perf_counter()
                batch = [rep.copy(i) for i in range(start, min(size, start + args.batch))]
                t_gen += time.perf_counter() - t
                t, c0 = time.perf_counter(), time.process_time()
                arch.add_analysed(batch)
                t_store += time.perf_counter() - t
                cpu_store += time.process_time() - c0
                print(
                    f"  {min(size, start + args.batch):,} stored, "
                    f"{min(size, start + args.batch) / t_store:,.0f}/s "
                    f"so far, rss {rss_mb():,.0f} MB",
                    flush=True,
                )
            n = arch.count()
        excl = n / t_store
        incl = 1 / (1 / excl + t_analyse / len(kept))
        print(
            f"ingest excluding analysis: {excl:,.0f} readouts/s wall, {n / cpu_store:,.0f}/s of CPU time "
            f"({n:,} in "
            f"{t_store:.1f} s; generating the replicas took {t_gen:.1f} s more)"
        )
        print(f"ingest including analysis (one process, analysis rate + store rate): {incl:,.0f} readouts/s")
        size_mb = path.stat().st_size / 1e6
        print(f"archive size: {size_mb:,.0f} MB ({size_mb * 1e6 / n / 1024:.1f} KB per readout)")

        with Archive.open(path, seed=False) as arch:
            compare(arch, queries[0].alignment)  # warm the page cache once
            lat, cpu = [], []
            found = []
            for q in queries:
                t, c0 = time.perf_counter(), time.process_time()
                c = compare(arch, q.alignment)
                lat.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c0)
                found.append((len(c.same_counterpart), c.n_recurring, len(c.wordings)))
            naive, naive_cpu = [], []
            for q in queries[: args.naive]:
                t, c0 = time.perf_counter(), time.process_time()
                naive_formulas(arch, q)
                naive.append(time.perf_counter() - t)
                naive_cpu.append(time.process_time() - c0)
        med, naive_med = statistics.median(lat), statistics.median(naive) if naive else float("nan")
        cmed, naive_cmed = statistics.median(cpu), statistics.median(naive_cpu) if naive_cpu else float("nan")
        lat.sort()
        print(
            f"compare: median {med * 1000:.1f} ms wall ({cmed * 1000:.1f} ms CPU), p90 "
            f"{lat[int(0.9 * (len(lat) - 1))] * 1000:.1f} ms, max {lat[-1] * 1000:.1f} ms over {len(lat)} "
            "held-back readouts"
        )
        print(
            f"naive baseline (rapidfuzz over every archived statement): median {naive_med * 1000:,.0f} "
            "ms wall "
            f"({naive_cmed * 1000:,.0f} ms CPU) over {len(naive)}; ratio {naive_med / med:,.0f}x wall, "
            f"{naive_cmed / cmed:,.0f}x CPU"
        )
        print(
            f"found: same-counterpart predecessors {sum(1 for f in found if f[0])}/{len(found)} queries, "
            f"recurring statements {sum(f[1] for f in found)}/{sum(f[2] for f in found)}"
        )
        print(f"peak RSS so far: {rss_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
