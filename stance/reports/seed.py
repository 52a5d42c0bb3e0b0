"""The seed's reports (``reports/`` in the repository) and ``python -m stance.reports --seed``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stance.reports.document import (
    REPORT_FORMATS,
    Document,
)
from stance.reports.overview import overview_document
from stance.reports.readout import archived_readout_document
from stance.reports.timeline import archived_timeline_document
from stance.reports.write import write_file, write_report

if TYPE_CHECKING:
    from stance.archive import Archive


SEED_REPORTS = Path(__file__).resolve().parents[2] / "reports"
"""Where ``python -m stance.reports --seed`` writes the seed's reports."""


SEED_SIDE = "China"
"""The side whose timeline is among the seed's reports."""


def seed_documents(archive: Archive) -> list[Document]:
    """The seed's reports: each seed readout (with the compare section), the archive overview, and
    the timeline of :data:`SEED_SIDE`."""

    docs = []
    for row in archive.rows(order="id"):
        docs.append(archived_readout_document(archive, row.id))
    docs.append(overview_document(archive))
    docs.append(archived_timeline_document(archive, SEED_SIDE))
    return docs


SEED_README = """# Reports of the seed readouts

Written by `stance report` from an archive of `seeds/`, in every format: the readout (with its
compare section), the archive overview (with the themes x sides chart) and the timeline of China
(with its chart). Markdown reports keep their charts as SVG files beside them; HTML reports are one
self-contained file each.

Regenerate after changing anything they depend on (a test fails while they are out of date):

    .venv/bin/python -m stance.reports --seed

`charts-made-with.txt` names the matplotlib that drew the charts: with another version the test
compares the charts' labels instead of their bytes.
"""


def chart_library() -> str:
    """The plotting library and version that draws the charts (``matplotlib 3.x.y``)."""
    from importlib.metadata import version

    return f"matplotlib {version('matplotlib')}"


def write_seed_reports(out_dir: str | Path = SEED_REPORTS) -> list[Path]:
    """Build a fresh archive of ``seeds/`` (in a temporary folder) and write its reports in every format,
    with a README and the name of the chart library, into ``out_dir``."""
    from stance.archive import Archive

    out = Path(out_dir)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="stance-seed-") as tmp, \
            Archive.open(Path(tmp) / "seed.sqlite3", seed=True) as archive:
        for doc in seed_documents(archive):
            for fmt in REPORT_FORMATS:
                written.append(write_report(doc, out, fmt))
    out.mkdir(parents=True, exist_ok=True)
    written.append(write_file(out, "README.md", SEED_README.encode("utf-8")))
    written.append(write_file(out, "charts-made-with.txt", (chart_library() + "\n").encode("utf-8")))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m stance.reports --seed [--out DIR]``: regenerate the seed's reports."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m stance.reports",
        description="Regenerate the seed's reports (reports/ in the repository).")
    parser.add_argument("--seed", action="store_true", required=True, help="write the seed readouts' reports")
    parser.add_argument("--out", default=str(SEED_REPORTS), metavar="DIR",
                        help=f"folder (default {SEED_REPORTS})")
    args = parser.parse_args(argv)
    for p in write_seed_reports(args.out):
        print(p)
    return 0
