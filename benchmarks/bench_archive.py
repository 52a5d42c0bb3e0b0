"""Archive benchmark: every figure of issue 10's table at 1k, 10k and 100k readouts, one run.

    .venv/bin/python benchmarks/bench_archive.py                               # 1k and 10k
    .venv/bin/python benchmarks/bench_archive.py --sizes 1000 10000 100000     # the issue's table

Archives are built from ../shared/corpus replicated with perturbed names, dates and words (the
perturbations keep every length, so each replica reuses the analysis of its original: 100k
readouts build in a couple of minutes, in a child process whose peak memory is reported). They
are kept in ``--dir`` (default /tmp/issue10) and reused by later runs (``--rebuild`` to start
over); a schema-1 archive found there is migrated on first open, and the time it took printed.

Measured per size, side by side with the naive baseline timed in the same run (rapidfuzz
``process.cdist``, ``fuzz.ratio`` with ``utils.default_process``, over every archived statement,
read from the archive before the timing starts):

* ``stance compare FILE`` as a whole process (held-back corpus readouts, never added), and the
  library call ``compare()`` on an open archive, with the naive scan and the ratio;
* ``stance add`` of fresh replicas (real analysis, ``--workers 2``) into a copy of the archive:
  readouts/s and the peak memory of the largest process;
* archive size per readout beyond the text; ``stance track --side X``, ``stance search``,
  ``stance list --side`` as whole processes; the TUI's first screen (``bench_tui.py``);
* formula fidelity: the recurring-formula lookup (LSH candidates, rescored) against a brute-force
  rapidfuzz scan of every archived wording with the same scorer and threshold, as recall and
  precision over (statement, earlier readout of the same publisher) pairs;
* nearest fidelity: the share of the exact top 5 nearest readouts (every archived readout scored)
  that the bounded read of the inverted index returns;
* log-log slopes of compare latency and add rate against archive size (0 = flat).

Numbers go to stdout; none are asserted anywhere.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

from stance.archive import (
    MIN_FORMULA_WORDS,
    Analysis,
    Archive,
    analyse,
    normalise,
    terms_of,
)
from stance.compare import FORMULA_MIN_SCORE, compare, formula_matches
from stance.model import Readout
from stance.pipeline import read_all

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus"
PY = sys.executable
_WORD = re.compile(r"(?<![\w'])[a-z]{4,}(?![\w'])")
_DATE_LINE = re.compile(r"\(\s*\d{4}\.\d{2}\.\d{2}\s*\)")
SIDES = ("China", "Russia", "United States")
ADD_SMALL = 50
"""Readouts of the small add that measures the start-up cost of `stance add` (imports, worker processes)."""
SEARCHES = ("trade sanctions", "energy security", "sanct*")
TARGETS = {
    "compare_process": 0.5,
    "compare_library": 0.050,
    "compare_ratio": 100.0,
    "add_rate": 300.0,
    "add_rss": 1024.0,
    "kb_beyond_text": 5.0,
    "track": 0.5,
    "search": 0.2,
    "tui": 1.5,
    "fidelity": 0.95,
}


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


def statement_rows(archive: Archive) -> list[tuple[int, str | None, str | None, str]]:
    """Every archived statement: (readout id, source, published, words). Read once, before the
    naive scan is timed (schema 4 keeps statements inside compressed values; decoding them is not
    counted against the baseline, which makes the baseline faster and the ratio smaller)."""
    rows = []
    meta = archive.conn.execute("SELECT id, source, published, text FROM readouts ORDER BY id").fetchall()
    for i in range(0, len(meta), 500):
        part = meta[i : i + 500]
        stored = archive.stored_statements([m[0] for m in part])
        for rid, source, published, text in part:
            rows += [(rid, source, published, s.span.of(text)) for s in stored.get(rid, ((), ()))[0]]
    return rows


def naive_formulas(rows: list[tuple[int, str | None, str | None, str]], analysis: Analysis) -> list[int]:
    """The baseline: every archived statement (:func:`statement_rows`) scored with rapidfuzz, then
    kept when of the same publisher and earlier; returns how many readouts use each statement's wording."""
    al = analysis.alignment
    r = al.split.readout
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



def corpus() -> tuple[list[Readout], list[Readout]]:
    """Corpus readouts sorted by date: those to replicate, and every k-th held back for compare."""
    readouts = [r for r in read_all([CORPUS]) if isinstance(r, Readout)]
    readouts.sort(key=lambda r: (r.published or r.meeting_date or date.min, r.path or ""))
    step = max(1, len(readouts) // 20)
    held = readouts[step - 1 :: step][:20]
    paths = {r.path for r in held}
    return [r for r in readouts if r.path not in paths], held


def build(size: int, path: Path, batch: int = 5000) -> dict[str, float]:
    """Build an archive of ``size`` replicas (run in a child process: its peak memory is the figure)."""
    kept, _ = corpus()
    analyses = [analyse(r) for r in kept]
    rep = Replicator(analyses)
    for f in path.parent.glob(path.name + "*"):
        f.unlink()
    t0 = time.perf_counter()
    with Archive.open(path) as arch:
        for start in range(0, size, batch):
            arch.add_analysed(rep.copy(i) for i in range(start, min(size, start + batch)))
        n = arch.count()
    took = time.perf_counter() - t0
    return {"size": n, "seconds": took, "rate": n / took, "rss_mb": rss_mb()}


def write_fresh(size: int, count: int, folder: Path) -> Path:
    """``count`` replicas not in the archive of ``size`` (indices after it) as text files."""
    kept, _ = corpus()
    rep = Replicator([Analysis(alignment=_bare(r), stances=()) for r in kept])
    if folder.exists():
        shutil.rmtree(folder)
    for i in range(size, size + count):
        r = rep.copy(i).alignment.split.readout
        rel = Path(r.path or f"x/{i}.txt")
        target = folder / rel.parent.name / f"{i:07d}_{rel.name.split('~')[0]}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(r.text, encoding="utf-8")
    return folder


def _bare(r: Readout) -> object:
    """A stand-in alignment holding only the readout (the replicator needs text and parties)."""
    from stance.model import Alignment, Split

    return Alignment(split=Split(readout=r, parties=(), statements=(), notes=()), themes=())


def timed_process(argv: list[str], runs: int = 3) -> tuple[float, float]:
    """Median wall time of a whole ``stance`` process, and the peak memory (MB) of the largest process."""
    times = []
    rss = 0.0
    # The process's own peak is read from /proc (VmHWM: this program's memory only). ru_maxrss would
    # also count what the benchmark itself held when it forked the process (Linux keeps the peak
    # across exec): at 100k that is the benchmark's ~800 MB, not stance's ~210 MB.
    code = (
        "import os, re, resource, sys\nfrom stance.cli import main\nrc = main(sys.argv[1:])\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "if os.path.exists('/proc/self/status'):\n"
        "    own = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "r = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(f'RSS {r}', file=sys.stderr)\nsys.exit(rc)"
    )
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run([PY, "-c", code, *argv], capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if out.returncode not in (0,):
            raise SystemExit(f"stance {' '.join(argv)} failed: {out.stderr[-500:]}")
        m = re.search(r"RSS (\d+)", out.stderr)
        rss = max(rss, int(m.group(1)) / 1024 if m else 0.0)
    return statistics.median(times), rss


def fidelity(arch: Archive, analyses: list[Analysis]) -> tuple[float, float, int]:
    """Recall and precision of the formula lookup against a brute-force scan of every archived
    wording (same normalisation, scorer and threshold), over (statement, readout) pairs."""
    norms = list(arch.formulas())
    fids = np.array([f for f, _ in norms])
    texts = [n for _, n in norms]
    truth: set[tuple[int, int, int]] = set()
    found: set[tuple[int, int, int]] = set()
    for qi, an in enumerate(analyses):
        r = an.alignment.split.readout
        queries = []
        for si, s in enumerate(an.alignment.split.statements):
            norm = normalise(s.span.of(r.text))
            if len(norm.split()) >= MIN_FORMULA_WORDS:
                queries.append((si, norm))
        if not queries:
            continue
        scores = process.cdist(
            [q for _, q in queries], texts, scorer=fuzz.ratio, processor=None,
            score_cutoff=FORMULA_MIN_SCORE, dtype=np.uint8, workers=1,
        )
        # compare's own lookup (LSH candidates rescored, the exact wording too)
        looked = formula_matches(arch, [q for _, q in queries])
        for (si, _), row, (matched, _) in zip(queries, scores, looked, strict=True):
            brute = [int(f) for f in fids[np.flatnonzero(row)]]
            mine = [fid for fid, _ in matched]
            for ids, into in ((brute, truth), (mine, found)):
                into.update((qi, si, rid) for rid in uses(arch, ids, r))
    hit = len(truth & found)
    return (hit / len(truth) if truth else 1.0), (hit / len(found) if found else 1.0), len(truth)


def nearest_fidelity(arch: Archive, analyses: list[Analysis], k: int = 5) -> float:
    """Share of the exact top ``k`` (TF-IDF cosine against every archived readout, scored by the same
    code with ``only=`` all of them) that ``nearest`` returns from its bounded read of the inverted
    index; a readout tied with the k-th exact score counts as found."""
    ids = [int(r[0]) for r in arch.conn.execute("SELECT id FROM readouts")]
    hit = total = 0
    for an in analyses:
        query = arch.term_query(terms_of(an.alignment.split.readout.text))
        exact = arch.nearest(query, only=ids)[:k]
        if not exact:
            continue
        kth = exact[-1][1]
        got = arch.nearest(query, limit=k)
        hit += sum(1 for _, score in got if score >= kth - 1e-9)
        total += len(exact)
    return hit / total if total else 1.0


def uses(arch: Archive, formula_ids: list[int], r: Readout) -> set[int]:
    """Readouts of the same publisher, published earlier, using any of these wordings."""
    return arch.formula_readouts(formula_ids, source=r.source, before=r.published)


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) against log(x)."""
    if len(xs) < 2:
        return float("nan")
    lx, ly = np.log(np.array(xs)), np.log(np.array(ys))
    return float(np.polyfit(lx, ly, 1)[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="archive sizes (default 1000 10000)")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/issue10"), help="where archives are kept (reused)")
    ap.add_argument("--rebuild", action="store_true", help="build the archives again")
    ap.add_argument("--naive", type=int, default=3, help="queries timed with the naive scan (default 3)")
    ap.add_argument("--add", type=int, default=2400,
                    help="fresh readouts added per size (default 2400, about two corpus folders); an add of "
                         f"{ADD_SMALL} in the same run gives the start-up cost")
    ap.add_argument("--fidelity", type=int, default=20, help="held-back readouts in the fidelity check")
    ap.add_argument("--no-tui", action="store_true", help="skip the TUI first-screen figure")
    ap.add_argument("--compare-only", action="store_true",
                    help="time compare and the naive scan only (no fidelity, processes, add or TUI): for iterating")
    ap.add_argument("--_build", nargs=2, metavar=("SIZE", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._build:
        print(json.dumps(build(int(args._build[0]), Path(args._build[1]))))
        return 0
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}; the benchmark needs ../shared/corpus", file=sys.stderr)
        return 2
    args.dir.mkdir(parents=True, exist_ok=True)
    print(
        f"machine: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; archives in {args.dir}"
    )
    kept, held = corpus()
    analyse(kept[0])  # imports and the first fit out of the way
    t = time.perf_counter()
    queries = [analyse(r) for r in held]
    print(f"corpus: {len(kept) + len(held)} readouts, {len(held)} held back for compare; "
          f"analysis in one process {len(held) / (time.perf_counter() - t):,.0f} readouts/s")
    held_files = [r.path for r in held if r.path]
    results: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        path = args.dir / f"archive-{size}.sqlite3"
        stats_file = args.dir / f"archive-{size}.json"
        if args.rebuild or not path.exists():
            print(f"\nbuilding {size:,} readouts in a child process ...", flush=True)
            out = subprocess.run(
                [PY, __file__, "--_build", str(size), str(path)], capture_output=True, text=True, check=True
            )
            stats_file.write_text(out.stdout.strip().splitlines()[-1], encoding="utf-8")
        built = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
        t = time.perf_counter()
        with Archive.open(path) as arch:
            opened = time.perf_counter() - t
            n = arch.count()
            text_bytes = arch.conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM readouts").fetchone()[0]
            arch.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size_b = path.stat().st_size
        res: dict[str, float] = {"n": n, "open_s": opened}
        res["kb_total"] = size_b / n / 1024
        res["kb_beyond_text"] = (size_b - text_bytes) / n / 1024
        res["build_rate"] = built.get("rate", float("nan"))
        res["build_rss"] = built.get("rss_mb", float("nan"))
        print(f"\n== {n:,} readouts ({path.name}, opened in {opened:.2f} s) ==", flush=True)

        with Archive.open(path) as arch:
            compare(arch, queries[0].alignment)  # warm the page cache once
            lat = []
            for q in queries:
                t = time.perf_counter()
                compare(arch, q.alignment)
                lat.append(time.perf_counter() - t)
            naive = []
            t = time.perf_counter()
            every = statement_rows(arch)
            res["naive_read"] = time.perf_counter() - t
            for q in queries[: args.naive]:
                t = time.perf_counter()
                naive_formulas(every, q)
                naive.append(time.perf_counter() - t)
            res["compare_library"] = statistics.median(lat)
            res["compare_p90"] = sorted(lat)[int(0.9 * (len(lat) - 1))]
            res["naive"] = statistics.median(naive)
            res["compare_ratio"] = res["naive"] / res["compare_library"]
            res["compare_ratio_read"] = (res["naive"] + res["naive_read"]) / res["compare_library"]
            if args.compare_only:
                print(f"compare (library): median {res['compare_library'] * 1000:.1f} ms, "
                      f"p90 {res['compare_p90'] * 1000:.1f} ms; naive scan {res['naive'] * 1000:,.0f} ms; "
                      f"ratio {res['compare_ratio']:,.0f}x", flush=True)
                continue
            rec, prec, pairs = fidelity(arch, queries[: args.fidelity])
            res["recall"], res["precision"], res["pairs"] = rec, prec, pairs
            res["nearest_recall"] = nearest_fidelity(arch, queries[: args.fidelity])
        print(f"compare (library): median {res['compare_library'] * 1000:.1f} ms, "
              f"p90 {res['compare_p90'] * 1000:.1f} ms; "
              f"naive scan {res['naive'] * 1000:,.0f} ms; ratio {res['compare_ratio']:,.0f}x "
              f"({res['compare_ratio_read']:,.0f}x counting the scan's reading of every statement, "
              f"{res['naive_read'] * 1000:,.0f} ms)", flush=True)
        print(f"formula fidelity vs brute force: recall {rec:.3f}, precision {prec:.3f} over {pairs} pairs; "
              f"nearest readouts: {res['nearest_recall']:.2f} of the exact top 5", flush=True)

        res["compare_process"], _ = timed_process(["compare", held_files[0], "--archive", str(path)])
        whole = [timed_process(["compare", f, "--archive", str(path)], runs=1)[0] for f in held_files[1:4]]
        res["compare_process"] = statistics.median([res["compare_process"], *whole])
        res["track"] = max(timed_process(["track", "--side", s, "--archive", str(path)])[0] for s in SIDES)
        res["search"] = max(timed_process(["search", q, "--archive", str(path)])[0] for q in SEARCHES)
        res["list"] = timed_process(["list", "--side", "China", "--limit", "50", "--archive", str(path)])[0]
        print(f"whole process: compare {res['compare_process']:.2f} s, track (max of {', '.join(SIDES)}) "
              f"{res['track']:.2f} s, search {res['search']:.2f} s, list {res['list']:.2f} s", flush=True)

        copy = args.dir / f"add-copy-{size}.sqlite3"
        fresh = write_fresh(size, args.add, args.dir / f"fresh-{size}")
        small = args.dir / f"fresh-small-{size}"
        shutil.rmtree(small, ignore_errors=True)
        for f in sorted(fresh.rglob("*.txt"))[:ADD_SMALL]:
            (small / f.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(f, small / f.parent.name / f.name)
        took = {}
        for n, folder in ((ADD_SMALL, small), (args.add, fresh)):  # each into a fresh copy of the archive
            for f in args.dir.glob(copy.name + "*"):
                f.unlink()
            shutil.copy(path, copy)
            took[n], rss = timed_process(["add", str(folder), "--workers", "2", "--archive", str(copy)], runs=1)
        for f in args.dir.glob(copy.name + "*"):
            f.unlink()
        shutil.rmtree(fresh)
        shutil.rmtree(small)
        res["add_rate"], res["add_rss"] = args.add / took[args.add], rss
        res["add_steady"] = (args.add - ADD_SMALL) / max(took[args.add] - took[ADD_SMALL], 1e-9)
        res["add_start"] = max(took[ADD_SMALL] - ADD_SMALL / res["add_steady"], 0.0)
        print(f"add (analysis included, 2 workers) of {args.add:,} readouts: {res['add_rate']:,.0f} readouts/s "
              f"whole process, {res['add_steady']:,.0f}/s beyond a start-up of {res['add_start']:.2f} s "
              f"(from an add of {ADD_SMALL} in the same run); largest process {rss:,.0f} MB; "
              f"building it: {res['build_rate']:,.0f} readouts/s stored, peak {res['build_rss']:,.0f} MB", flush=True)
        if not args.no_tui:
            out = subprocess.run([PY, str(HERE / "bench_tui.py"), "--archive", str(path), "--runs", "3"],
                                 capture_output=True, text=True)
            m = re.search(r"first screen.*?median\s+([\d.]+)\s*(ms|s)", out.stdout)
            res["tui"] = (float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)) if m else float("nan")
            print(f"TUI first screen: {res['tui']:.2f} s" if m else f"TUI: {out.stdout[-300:]} {out.stderr[-300:]}")
        results[size] = res

    if args.compare_only:
        return 0
    sizes = sorted(results)
    print("\n== summary ==")
    head = ["figure", *[f"{s:,}" for s in sizes], "target", "ok at largest"]
    rows = [
        ("stance compare, whole process (s)", "compare_process", "{:.2f}", "<= 0.5 s", lambda v: v <= 0.5),
        ("compare, library (ms)", "compare_library", "ms", "<= 50 ms", lambda v: v <= 0.05),
        ("naive rapidfuzz scan, same run (ms)", "naive", "ms", "", None),
        ("compare vs naive scan (x)", "compare_ratio", "{:,.0f}", ">= 100x", lambda v: v >= 100),
        ("  ... the scan reading every statement (x)", "compare_ratio_read", "{:,.0f}", "", None),
        ("stance add, 2 workers (readouts/s)", "add_rate", "{:,.0f}", ">= 300/s", lambda v: v >= 300),
        ("  ... beyond the start-up (readouts/s)", "add_steady", "{:,.0f}", "", None),
        ("  ... start-up: imports, workers (s)", "add_start", "{:.2f}", "", None),
        ("peak memory, add (MB, largest process)", "add_rss", "{:,.0f}", "", None),
        ("peak memory, building the archive (MB)", "build_rss", "{:,.0f}", "<= 1 GB", lambda v: v <= 1024),
        ("archive size beyond text (KB/readout)", "kb_beyond_text", "{:.1f}", "<= 5 KB", lambda v: v <= 5),
        ("archive size, total (KB/readout)", "kb_total", "{:.1f}", "", None),
        ("stance track --side X (s, max of 3)", "track", "{:.2f}", "<= 0.5 s", lambda v: v <= 0.5),
        ("stance search (s, max of 3)", "search", "{:.2f}", "<= 0.2 s", lambda v: v <= 0.2),
        ("stance list --side China (s)", "list", "{:.2f}", "", None),
        ("TUI first screen (s)", "tui", "{:.2f}", "<= 1.5 s", lambda v: v <= 1.5),
        ("formula recall vs brute force", "recall", "{:.3f}", ">= 0.95", lambda v: v >= 0.95),
        ("formula precision vs brute force", "precision", "{:.3f}", ">= 0.95", lambda v: v >= 0.95),
        ("nearest readouts: share of the exact top 5", "nearest_recall", "{:.2f}", "", None),
    ]
    table = []
    for label, key, fmt, target, ok in rows:
        vals = [results[s].get(key, float("nan")) for s in sizes]
        cells = [(f"{v * 1000:,.1f}" if fmt == "ms" else fmt.format(v)) if not math.isnan(v) else "-" for v in vals]
        last = vals[-1]
        table.append([label, *cells, target, "" if ok is None or math.isnan(last) else ("yes" if ok(last) else "NO")])
    widths = [max(len(str(r[i])) for r in [head, *table]) for i in range(len(head))]
    for r in [head, *table]:
        cells = zip(r, widths, strict=True)
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(cells)))
    xs = [float(results[s]["n"]) for s in sizes]
    lat_slope = slope(xs, [results[s]["compare_library"] for s in sizes])
    print(f"log-log slope vs archive size: compare latency {lat_slope:+.2f}, "
          f"add rate {slope(xs, [results[s]['add_rate'] for s in sizes]):+.2f}, "
          f"naive scan {slope(xs, [results[s]['naive'] for s in sizes]):+.2f} (0 = flat, 1 = linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
