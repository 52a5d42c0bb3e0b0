"""Align benchmark: align every corpus readout, on one core, against a rapidfuzz-only baseline.

    .venv/bin/python benchmarks/bench_align.py [--repeat 3] [--corpus ../shared/corpus]

The readouts are read and split first (see bench_split.py for that cost). The packaged background
(document frequencies) and the GloVe vectors are loaded once, each timed from a cold cache in a
fresh process and in this one, against reading the theme vocabulary (a TOML file) as the baseline.
Then, in the same process:

* stance: ``align_split`` for every readout (vocabulary themes, cross-side discovery with stems,
  word vectors and idf weights, evidence phrases, stance);
* baseline: compare every principal statement with every counterpart statement with rapidfuzz
  alone (``process.cdist``, ``token_set_ratio``), which is the obvious way to find overlap.

Prints readouts per second for both and the ratio. Best of --repeat runs; nothing asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from _timing import best  # type: ignore[import-not-found]
from rapidfuzz import fuzz, process, utils

from stance import pipeline
from stance.align import _party_names, _party_side_words, align_split
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



_LOADS = """
import time
from stance.themes import Vocabulary
t = time.perf_counter()
Vocabulary.load()
t_vocab = time.perf_counter() - t
from stance.background import default_background
t = time.perf_counter()
default_background()
t_bg = time.perf_counter() - t
from stance.similarity import vectors
t = time.perf_counter()
vectors()
t_vec = time.perf_counter() - t
print(t_bg, t_vec, t_vocab)
"""


def _cold_loads(repeat: int = 3) -> tuple[float, float, float]:
    """Background, vectors and vocabulary load times, each in a fresh interpreter (best of ``repeat``)."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _LOADS], capture_output=True, text=True, check=True).stdout
        runs.append(tuple(float(x) for x in out.split()))
    return min(r[0] for r in runs), min(r[1] for r in runs), min(r[2] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*/*.txt"))
    if not files:
        raise SystemExit(f"no readouts under {a.corpus}")
    t_bg, t_vec, t_vocab = _cold_loads()
    splits = [pipeline.split(read_file(f)[0]) for f in files]
    n = len(splits)
    align_split(splits[0])  # warm caches: background, vectors, vocabulary

    def run_all() -> None:
        # Each run starts cold: no credit for a cache from the last run (per statement, per party).
        _stances_cached.cache_clear()
        _party_names.cache_clear()
        _party_side_words.cache_clear()
        for sp in splits:
            align_split(sp)

    t_align = best(run_all, a.repeat)
    t_base = best(lambda: [baseline(sp) for sp in splits], a.repeat)
    t_split = best(lambda: [pipeline.split(sp.readout) for sp in splits], 1)
    themes = sum(len(align_split(sp).themes) for sp in splits[:200])
    print(f"readouts: {n}")
    print(f"{'background load (cold)':<26}{t_bg * 1000:9.1f} ms           target <= 100 ms")
    print(f"{'GloVe vectors load (cold)':<26}{t_vec * 1000:9.1f} ms")
    print(f"{'vocabulary load (baseline)':<26}{t_vocab * 1000:9.1f} ms   ratio background / vocabulary: "
          f"{t_bg / t_vocab:.1f}x")
    print(f"{'align (stance)':<26}{n / t_align:9.0f} readouts/s   target >= 300")
    print(f"{'baseline (rapidfuzz only)':<26}{n / t_base:9.0f} readouts/s")
    print(f"ratio stance / baseline time: {t_align / t_base:.1f}x  (stance finds named themes with spans and "
          f"stances; {themes} themes in the first 200 readouts)")
    print(f"{'split + align end to end':<26}{n / (t_align + t_split):9.0f} readouts/s")


if __name__ == "__main__":
    main()
