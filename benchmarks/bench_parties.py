"""Party detection over every corpus readout: what a reader of the archive would trip over.

    .venv/bin/python benchmarks/bench_parties.py [--corpus ../shared/corpus] [--show 20]

Splits every readout and prints three counts, each with examples (targets: 0 / 0 / 0):

* parties whose name, or one of whose members, is not a person or an organisation (checked by
  :func:`stance.partycheck.not_a_person`, a written list of the words that must never be a name:
  participles, topic words, cities, fragments of country names);
* readouts whose principal and counterpart sit on one side (the same canonical side) without a
  note on the counterpart saying it is an intra-side meeting (those are listed apart, to check);
* readouts whose principal has no side.

It also prints the split speed of this run, for orientation only (bench_split.py measures it).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from non_person import not_a_person  # type: ignore[import-not-found]

from stance import pipeline
from stance.identity import canonical_side
from stance.read import read_file

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--show", type=int, default=15, help="examples printed per count")
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*/*.txt"))
    if not files:
        raise SystemExit(f"no readouts under {a.corpus}")
    readouts = [read_file(f)[0] for f in files]
    t0 = time.perf_counter()
    splits = [pipeline.split(r) for r in readouts]
    dt = time.perf_counter() - t0
    bad_names: list[str] = []
    one_side: list[str] = []
    intra: list[str] = []
    no_side: list[str] = []
    unsure: list[str] = []
    for f, sp in zip(files, splits, strict=True):
        rel = f.relative_to(a.corpus)
        for p in sp.parties:
            for name in (p.name, *p.members):
                why = not_a_person(name)
                if why:
                    bad_names.append(f"{rel}: {p.role} {name!r} ({why})")
            if p.notes:
                unsure.append(f"{rel}: {p.role} {p.name!r}: {'; '.join(p.notes)}")
        pr = next((p for p in sp.parties if p.role == "principal"), None)
        co = next((p for p in sp.parties if p.role == "counterpart"), None)
        if pr is None or not pr.side:
            no_side.append(f"{rel}: principal {pr.name if pr else None!r}")
        if pr and co and pr.side and canonical_side(pr.side) == canonical_side(co.side):
            row = f"{rel}: {pr.name} / {co.name} both {canonical_side(pr.side)}"
            # A real intra-side meeting (a President and a state governor) carries a note saying so.
            (intra if any("intra-side" in n for n in co.notes) else one_side).append(row)
    print(f"readouts: {len(files)}; split in {dt:.2f}s ({len(files) / dt:.0f} readouts/s)")
    for label, rows in (("parties or members that are not a person/organisation", bad_names),
                        ("readouts with both parties on one side, not flagged as intra-side", one_side),
                        ("intra-side meetings, flagged with a note (check them)", intra),
                        ("readouts with no principal side", no_side),
                        ("parties the tool is unsure about (notes)", unsure)):
        print(f"\n{label}: {len(rows)}")
        for row in rows[: a.show]:
            print(f"  {row}")


if __name__ == "__main__":
    main()
