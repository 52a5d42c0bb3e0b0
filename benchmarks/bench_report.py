"""Report benchmark: ``stance report --all`` on an archive of ../shared/corpus, per format and per stage.

    .venv/bin/python benchmarks/bench_report.py        # adds the corpus to /tmp/stance-bench-corpus.sqlite3
    .venv/bin/python benchmarks/bench_report.py --archive /tmp/corpus.sqlite3 --formats text all

Adds the corpus to the archive when it is empty (analysis is timed there, not here), then runs the
command the issue names, ``stance report --all --archive A --out DIR [--format F]``, in this one
process (one core: no workers), and times the stages a readout report goes through on a sample:
loading the stored analysis, the compare section, building the document, rendering each format,
drawing the charts. Numbers go to stdout; none are asserted anywhere.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from stance.archive import Archive
from stance.cli import main as stance
from stance.compare import compare
from stance.reports import REPORT_FORMATS, overview_document, readout_document, render

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _timed(label: str, fn: object, *args: object) -> object:
    t = time.perf_counter()
    out = fn(*args)  # type: ignore[operator]
    print(f"{label:<44}{time.perf_counter() - t:8.2f} s")
    return out


def stages(archive: Archive, sample: int) -> None:
    """Per-stage cost on the first ``sample`` readouts (averages in milliseconds)."""
    ids = [r.id for r in archive.rows(order="id", limit=sample)]
    t: dict[str, float] = {}

    def add(key: str, start: float) -> float:
        now = time.perf_counter()
        t[key] = t.get(key, 0.0) + now - start
        return now

    for rid in ids:
        s = time.perf_counter()
        al = archive.alignment(rid)
        s = add("load the stored analysis", s)
        cm = compare(archive, al)
        s = add("compare with the archive", s)
        doc = readout_document(al, cm)
        s = add("build the document", s)
        for fmt in REPORT_FORMATS:
            render(doc, fmt)
            s = add(f"render {fmt}", s)
    print(f"\nper readout, mean of {len(ids)}:")
    for key, total in t.items():
        print(f"  {key:<42}{1000 * total / max(1, len(ids)):8.1f} ms")
    doc = overview_document(archive)
    for fmt in ("text", "html"):
        _timed(f"  overview, {fmt} (with the matrix chart)", render, doc, fmt)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", default=str(Path(tempfile.gettempdir()) / "stance-bench-corpus.sqlite3"),
                        help="archive file (the corpus is added when it is empty)")
    parser.add_argument("--formats", nargs="+", default=["text", "all"], help="--format values to time")
    parser.add_argument("--sample", type=int, default=100, help="readouts for the per-stage timing")
    args = parser.parse_args()
    with Archive.open(args.archive, seed=False) as archive:
        if archive.count() == 0:
            if not CORPUS.is_dir():
                raise SystemExit(f"no corpus at {CORPUS}")
            _timed("stance add ../shared/corpus (analysis)", archive.add_paths, [CORPUS])
        print(f"archive {args.archive}: {archive.count()} readouts, {len(archive.accounts())} account pairs")
    for fmt in args.formats:
        with tempfile.TemporaryDirectory(prefix="stance-bench-report-") as out:
            argv = ["report", "--all", "--archive", args.archive, "--out", out, "--format", fmt]
            _timed(f"stance report --all --format {fmt}", stance, argv)
            files = sum(1 for _ in Path(out).iterdir())
            size = sum(p.stat().st_size for p in Path(out).iterdir()) / 1e6
            print(f"  {files} files, {size:.1f} MB")
    with Archive.open(args.archive, seed=False) as archive:
        stages(archive, args.sample)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
