"""Split benchmark: parse + parties + attribution over every corpus readout, on one core.

    .venv/bin/python benchmarks/bench_split.py [--repeat 3] [--corpus ../shared/corpus]

Prints readouts per second for each stage and for the whole split, and the ratio against a
baseline run in the same process: a naive splitter that cuts sentences at ". " and gives each to
whoever a "X said"-style regex names (what one would write in ten minutes). Times on shared
machines are noisy: compare ratios, and take the best of --repeat runs. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from _timing import best  # type: ignore[import-not-found]

from stance.attribute import attribute
from stance.parties import find_parties
from stance.read import read_file
from stance.sentences import clear_caches

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_NAIVE = re.compile(r"^(?:The |)(\w+(?: \w+)?) (?:said|noted|stressed|expressed|welcomed|discussed|agreed)\b")


def naive(text: str) -> list[tuple[int, int, str]]:
    """The baseline: sentences at '. ', speaker = the words before a reporting verb, else the last one."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    who = "narrator"
    for sent in text.split(". "):
        m = _NAIVE.match(sent)
        if m:
            who = m.group(1)
        out.append((pos, pos + len(sent), who))
        pos += len(sent) + 2
    return out



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*/*.txt"))
    if not files:
        raise SystemExit(f"no readouts under {a.corpus}")
    n = len(files)
    # Warm the vocabularies (loaded once per process, not per readout).
    find_parties(read_file(files[0])[0])
    readouts = [read_file(f)[0] for f in files]
    found = [find_parties(r) for r in readouts]

    t_read = best(lambda: [read_file(f) for f in files], a.repeat)
    # Phrase caches are cleared before each run: a run must not reuse what an earlier run read.
    t_parties = best(lambda: (clear_caches(), [find_parties(r) for r in readouts]), a.repeat)
    t_attr = best(lambda: (clear_caches(), [attribute(r, p.parties) for r, p in zip(readouts, found, strict=True)]),
                  a.repeat)
    t_naive = best(lambda: [naive(r.body_text) for r in readouts], a.repeat)
    total = t_read + t_parties + t_attr
    two = sum(len(p.parties) == 2 for p in found)
    print(f"readouts: {n} ({two} with both parties found)")
    print(f"{'read':<22}{n / t_read:9.0f} readouts/s")
    print(f"{'parties':<22}{n / t_parties:9.0f} readouts/s")
    print(f"{'attribution':<22}{n / t_attr:9.0f} readouts/s")
    print(f"{'split (all three)':<22}{n / total:9.0f} readouts/s   target >= 500")
    print(f"{'naive baseline':<22}{n / t_naive:9.0f} readouts/s")
    print(f"ratio split / naive baseline time: {total / t_naive:.1f}x")


if __name__ == "__main__":
    main()
