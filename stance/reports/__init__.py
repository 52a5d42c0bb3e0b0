"""Report documents: build them from the core's results, write them as files (``stance report``).

The API the front doors use (the CLI's ``stance report`` and the TUI's export key)::

    from stance.reports import (readout_document, accounts_document, overview_document,
                                timeline_document, write_report)

    doc = readout_document(alignment, comparison=None)   # one readout (+ compare section)
    doc = accounts_document(accounts_comparison)          # two accounts of one meeting
    doc = overview_document(archive)                      # themes x sides, formulas per publisher
    doc = timeline_document(timeline)                     # a side's dated statements with stance
    path = write_report(doc, out_dir, fmt)                # -> Path of the written file

``fmt`` is one of :data:`REPORT_FORMATS`: ``text`` (tabulate tables, wrapped for 100 columns),
``markdown``, ``html`` (one self-contained file, charts inline), ``json``, ``csv``. A markdown
report's charts are SVG files beside it (``<name>.<chart>.svg``). :func:`render` gives a
report's text without writing anything.

A :class:`Document` is format-free: a title, header facts, sections of blocks (tables,
paragraphs, facts, charts), the JSON data and the CSV rows. Builders make one from the core's
results; renderers turn it into each format. Readout text is data: the HTML renderer escapes
it, the markdown renderer escapes what markdown and HTML would read as markup (pipes in tables
too), every renderer drops control characters.

File names are deterministic, from date and parties (``2024-04-19_liu-jianchao_london-nicole-
breed.txt``), lower-case ASCII letters, digits and dashes; :func:`write_report` writes only
inside ``out_dir`` (never through a symlink: it writes a temporary file there and renames it).

The modules, by what they do:

* :mod:`~stance.reports.document`: the format-free document model, file names, shared helpers;
* builders: :mod:`~stance.reports.readout` (one readout, with the compare section),
  :mod:`~stance.reports.accounts`, :mod:`~stance.reports.overview`, :mod:`~stance.reports.timeline`;
* renderers: :mod:`~stance.reports.text`, :mod:`~stance.reports.markdown`,
  :mod:`~stance.reports.html`, and :mod:`~stance.reports.render` (JSON, CSV and the one entry);
* :mod:`~stance.reports.write` (files), :mod:`~stance.reports.seed` (``reports/`` in the repository).

Regenerate the seed's reports in ``reports/``: ``python -m stance.reports --seed``.
"""

from stance.reports.accounts import accounts_document
from stance.reports.document import (
    EXTENSIONS,
    REPORT_FORMATS,
    Block,
    Cell,
    Document,
    Facts,
    Figure,
    Kind,
    Names,
    Paragraph,
    Rendered,
    Section,
    Table,
    clean,
    file_stem,
    slug,
    unique_names,
)
from stance.reports.html import esc
from stance.reports.markdown import md
from stance.reports.overview import Formula, OverviewStats, overview_document, overview_stats, recurring_formulas
from stance.reports.readout import archived_readout_document, readout_document
from stance.reports.render import render
from stance.reports.seed import SEED_REPORTS, chart_library, main, seed_documents, write_seed_reports
from stance.reports.timeline import archived_timeline_document, timeline_document
from stance.reports.write import with_name, write_report

__all__ = [
    "EXTENSIONS", "REPORT_FORMATS", "SEED_REPORTS", "Block", "Cell", "Document", "Facts", "Figure", "Formula",
    "Kind", "Names", "OverviewStats", "Paragraph", "Rendered", "Section", "Table", "accounts_document",
    "archived_readout_document", "archived_timeline_document", "chart_library", "clean", "esc", "file_stem",
    "main", "md", "overview_document",
    "overview_stats",
    "readout_document", "recurring_formulas", "render", "seed_documents", "slug", "timeline_document",
    "unique_names", "with_name", "write_report", "write_seed_reports",
]
