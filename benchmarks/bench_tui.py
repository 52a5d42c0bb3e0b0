"""TUI benchmark: start to first screen on a 10k-readout archive, and the time a filter keystroke takes.

    .venv/bin/python benchmarks/bench_tui.py                       # builds (once) a 10,000-readout archive
    .venv/bin/python benchmarks/bench_tui.py --archive FILE        # on an archive you already have

The archive is built like ``bench_archive.py`` builds its archives: ../shared/corpus analysed once,
then replicated with length-preserving perturbations (``Replicator``), and kept in the work
folder so that later runs start at once.

* **start to first screen**: a fresh ``python`` process is started; the clock runs from just
  before the spawn until the archive table shows its first rows (interpreter start, imports,
  opening the archive, the first page of rows and the first paint; headless, 120x40). Target
  <= 1.5 s.
* **filter keystroke**: in a running app, one key typed into the filter box until the table
  shows the new rows (the query on the core thread, the table refill, a repaint). Target
  <= 100 ms. Timed for typing a word (full-text prefix search), a side filter and a theme filter.

Numbers go to stdout; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = r"""
import asyncio, json, sys, time
t0 = time.time()
from stance.tui.app import make_app
from stance.tui.screens.archive import ArchiveScreen, ArchiveTable
t_import = time.time()

async def main():
    app = make_app(archive=sys.argv[1])
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, ArchiveScreen) and screen.query_one(ArchiveTable).row_count:
                break
            await asyncio.sleep(0.002)
        await pilot.pause()
        t_shown = time.time()
        print(json.dumps({"t0": t0, "import": t_import, "shown": t_shown,
                          "rows": screen.query_one(ArchiveTable).row_count, "total": screen.total}))

asyncio.run(main())
"""


def build(path: Path, size: int) -> None:
    """A replicated corpus archive of ``size`` readouts at ``path``."""
    sys.path.insert(0, str(HERE))
    from bench_archive import CORPUS, Replicator

    from stance.archive import Archive, analyse
    from stance.model import Readout
    from stance.pipeline import read_all

    if not CORPUS.is_dir():
        raise SystemExit(f"no corpus at {CORPUS}; give --archive FILE")
    t = time.perf_counter()
    readouts = [r for r in read_all([CORPUS]) if isinstance(r, Readout)]
    rep = Replicator([analyse(r) for r in readouts])
    tmp = path.with_suffix(".building")
    for f in path.parent.glob(tmp.name + "*"):
        f.unlink()
    with Archive.open(tmp, seed=False) as arch:
        for start in range(0, size, 5000):
            arch.add_analysed([rep.copy(i) for i in range(start, min(size, start + 5000))])
        n = arch.count()
    tmp.rename(path)
    print(f"built {path} ({n:,} readouts) in {time.perf_counter() - t:.0f} s")


def first_screen(archive: Path, runs: int) -> None:
    times, imports = [], []
    info: dict[str, float] = {}
    for _ in range(runs):
        spawn = time.time()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(archive)], capture_output=True, text=True, check=True
        )
        info = json.loads(out.stdout.strip().splitlines()[-1])
        times.append(info["shown"] - spawn)
        imports.append(info["import"] - spawn)
    print(
        f"start to first screen ({info['total']:,} readouts, first {info['rows']} rows shown), {runs} runs: "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s "
        f"(of which interpreter start + imports: median {statistics.median(imports):.2f} s)  target <= 1.5 s"
    )


async def keystrokes(archive: Path) -> None:
    from textual.widgets import Input

    from stance.archive import Archive
    from stance.tui.app import make_app
    from stance.tui.screens.archive import ArchiveScreen, ArchiveTable

    with Archive.open(archive, seed=False) as arch:
        themes = arch.themes()
        sides = arch.sides()
    theme = "trade" if "trade" in themes else themes[0]
    side = "China" if "China" in sides else sides[0]
    app = make_app(archive=archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        table = screen.query_one(ArchiveTable)
        await pilot.press("slash")
        box = screen.query_one("#filter", Input)

        async def painted() -> None:
            done = asyncio.Event()
            app.call_after_refresh(done.set)
            await done.wait()

        noop = []
        for _ in range(5):
            t = time.perf_counter()
            await pilot.press("left")
            noop.append((time.perf_counter() - t) * 1000)
        print(
            f"(a key the table ignores, through Pilot: median {statistics.median(noop):.0f} ms; "
            f"the figures below start when the key reaches the filter box, as in a terminal)"
        )
        for label, typed in (
            ("word (full-text prefix)", "cooperation"),
            (f"side:{side}", f"side:{side}"),
            (f"theme:{theme}", f"theme:{theme}"),
            ("word + side", f"trade side:{side}"),
        ):
            box.value = ""
            await app.workers.wait_for_complete()
            await pilot.pause()
            took = []
            for ch in typed:
                t = time.perf_counter()
                box.insert_text_at_cursor(ch)  # what the key handler does with a typed character
                await pilot.pause(0)
                await app.workers.wait_for_complete()
                await painted()
                took.append((time.perf_counter() - t) * 1000)
            print(
                f"filter keystroke, {label!r:32} {len(typed):2} keys: "
                f"median {statistics.median(took):5.1f} ms, "
                f"max {max(took):6.1f} ms; rows at the end {table.row_count:,}  target <= 100 ms"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--archive", type=Path, help="an existing archive (default: build one of --size readouts)"
    )
    ap.add_argument("--size", type=int, default=10_000, help="readouts in the built archive (default 10000)")
    ap.add_argument(
        "--dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "stance-bench",
        help="where the built archive is kept between runs",
    )
    ap.add_argument("--runs", type=int, default=5, help="cold starts timed (default 5)")
    args = ap.parse_args(argv)
    archive = args.archive
    if archive is None:
        args.dir.mkdir(parents=True, exist_ok=True)
        archive = args.dir / f"tui-{args.size}.sqlite3"
        if not archive.exists():
            build(archive, args.size)
    print(f"archive: {archive}; python {sys.version.split()[0]}")
    first_screen(archive, args.runs)
    asyncio.run(keystrokes(archive))
    return 0


if __name__ == "__main__":
    sys.exit(main())
