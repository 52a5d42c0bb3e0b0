"""Analysis benchmark: split + align + stances of every corpus readout (what ``stance add`` does per readout),
against the same analysis by another commit, in one run.

    taskset -c 1 .venv/bin/python benchmarks/bench_analysis.py [--baseline REF] [--repeat 5] [--corpus DIR]

Each measurement is a fresh process that reads the corpus, warms the vocabularies on the seed, then
times one cold pass of ``pipeline.split`` over every readout and one of ``align_split`` plus
``statement_stances`` over the splits. With ``--baseline`` (a commit, e.g. ``main`` or a hash), the
``stance`` package of that commit (``git archive``) is measured too, the two alternating, and the
ratio of the best times is printed: the machine is shared, so only ratios from one run mean much.
Nothing is asserted; the output of the two is not compared here (see tests/test_speed_invariants.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "seeds"


def child(corpus: Path) -> None:
    """One cold pass in this process; prints split seconds, align seconds and the number of readouts."""
    from stance import pipeline
    from stance.align import align_split
    from stance.archive.codec import statement_stances
    from stance.read import read_file

    readouts = [read_file(f)[0] for f in sorted(corpus.glob("*/*.txt"))]
    seed = read_file(sorted(SEED.glob("*.txt"))[0])[0]
    statement_stances(align_split(pipeline.split(seed)))  # vocabularies, background, vectors
    t0 = time.perf_counter()
    splits = [pipeline.split(r) for r in readouts]
    t1 = time.perf_counter()
    for sp in splits:
        statement_stances(align_split(sp))
    t2 = time.perf_counter()
    print(t1 - t0, t2 - t1, len(readouts))


def _run(package_root: Path | None, corpus: Path) -> tuple[float, float, int]:
    env = dict(os.environ)
    if package_root is not None:
        env["PYTHONPATH"] = str(package_root)
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--corpus", str(corpus)],
                         env=env, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir()).stdout
    s, a, n = out.split()
    return float(s), float(a), int(n)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline", metavar="REF", help="a commit whose stance package is timed too")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.corpus)
        return
    if not any(a.corpus.glob("*/*.txt")):
        raise SystemExit(f"no readouts under {a.corpus}")
    with tempfile.TemporaryDirectory(prefix="stance-baseline-") as tmp:
        runs: dict[str, Path | None] = {"this tree": ROOT}
        if a.baseline:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", a.baseline, "stance"], capture_output=True,
                                     check=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            runs = {f"baseline {a.baseline}": Path(tmp), **runs}
        best: dict[str, list[float]] = {k: [float("inf")] * 3 for k in runs}
        n = 0
        for _ in range(a.repeat):
            for name, root in runs.items():
                s, al, n = _run(root, a.corpus)
                b = best[name]
                best[name] = [min(b[0], s), min(b[1], al), min(b[2], s + al)]
        print(f"readouts: {n}; best of {a.repeat} cold passes, each in a fresh process")
        for name, (s, al, t) in best.items():
            print(f"{name:<22} split {n / s:6.0f}/s   align+stances {n / al:6.0f}/s   analysis {n / t:6.0f}/s")
        if a.baseline:
            base, new = best[f"baseline {a.baseline}"], best["this tree"]
            print(f"speed-up (baseline time / this tree's time): split {base[0] / new[0]:.2f}x   "
                  f"align+stances {base[1] / new[1]:.2f}x   analysis {base[2] / new[2]:.2f}x")


if __name__ == "__main__":
    main()
