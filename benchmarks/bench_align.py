"""Align benchmark: align every corpus readout, on one core, against a rapidfuzz-only baseline.

    .venv/bin/python benchmarks/bench_align.py [--repeat 3] [--corpus ../shared/corpus]

The readouts are read and split first (see bench_split.py for that cost); the TF-IDF model is
fitted once on all their statements (reported separately). Then, in the same process:

* stance: ``align_split`` for every readout (vocabulary themes, TF-IDF phrases, rapidfuzz, stance);
* baseline: compare every principal statement with every counterpart statement with rapidfuzz
  alone (``process.cdist``, ``token_set_ratio``), which is the obvious way to find overlap.

Prints readouts per second for both and the ratio. Best of --repeat runs; nothing asserted.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _timing import best  # type: ignore[import-not-found]
from rapidfuzz import fuzz, process, utils

from stance import pipeline
from stance.align import align_split, fit_model
from stance.modality import _stances_cached
from stance.model import Split
from stance.read import read_file

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def baseline(sp: Split) -> int:
    """Every principal statement against every counterpart statement, rapidfuzz only."""
    text = sp.readout.text
    p = [s.span.of(text) for s in sp.statements if s.party == "p1"]
    c = [s.span.of(text) for s in sp.statements if s.party == "p2"]
    if not p or not c:
        return 0
    m = process.cdist(p, c, scorer=fuzz.token_set_ratio, processor=utils.default_process)
    return int((m >= 60).sum())



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*/*.txt"))
    if not files:
        raise SystemExit(f"no readouts under {a.corpus}")
    splits = [pipeline.split(read_file(f)[0]) for f in files]
    n = len(splits)
    t = time.perf_counter()
    model = fit_model(splits)
    t_fit = time.perf_counter() - t
    align_split(splits[0], model=model)  # warm caches
    def run_all() -> None:
        _stances_cached.cache_clear()  # each run starts cold: no credit for a cache from the last run
        for sp in splits:
            align_split(sp, model=model)

    t_align = best(run_all, a.repeat)
    t_base = best(lambda: [baseline(sp) for sp in splits], a.repeat)
    t_split = best(lambda: [pipeline.split(sp.readout) for sp in splits], 1)
    themes = sum(len(align_split(sp, model=model).themes) for sp in splits[:200])
    print(f"readouts: {n}; TF-IDF fit on all statements: {t_fit:.2f} s (once)")
    print(f"{'align (stance)':<26}{n / t_align:9.0f} readouts/s   target >= 300")
    print(f"{'baseline (rapidfuzz only)':<26}{n / t_base:9.0f} readouts/s")
    print(f"ratio stance / baseline time: {t_align / t_base:.1f}x  (stance finds named themes with spans and "
          f"stances; {themes} themes in the first 200 readouts)")
    print(f"{'split + align end to end':<26}{n / (t_align + t_split):9.0f} readouts/s")


if __name__ == "__main__":
    main()
