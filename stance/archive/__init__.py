"""The archive: one SQLite file of readouts with their analysis, ready for search, compare and track.

:class:`Archive` is the product; the command line and the TUI call it and never write SQL.
It is a thin facade over layers, one module each, every layer building on the one before:

========================  ==================================================================
``store``                 the file: schema and migrations (``migrations``), pragmas,
                          transactions, metadata, errors of the file itself
``index``                 TF-IDF inverted index over readouts (nearest readouts) and the
                          formula table with MinHash LSH keys (``features`` computes both)
``trackindex``            side x theme x date, and monthly counts, for :func:`stance.track.track`
``linking``               two accounts of one meeting
``queries``               list rows, one readout, its stored alignment, full-text search
``ingest``                add (streamed: read, analyse, store) and remove; ``inputs`` reads
                          the files, ``analysis`` runs the pipeline in worker processes
``codec``, ``results``    rows <-> domain types; what the calls return
``packing``               a readout's analysis as one compressed value; the compression
                          dictionaries the archive trains on its own values
========================  ==================================================================

What is stored
    Each readout's text and metadata (idempotent by the SHA-256 of its text), its parties, and
    its statements (with offsets, cue, stance), themes and evidence as one compressed value
    (``analysis``, see :mod:`stance.archive.packing`), so that :meth:`Archive.alignment` rebuilds
    exactly what :func:`stance.pipeline.analyse` returned, without analysing again. Only what
    queries filter on is kept in tables of its own: each statement as a use of its formula
    (``uses``), each theme with the sides that raised it (``themes``). Beside it, what compare
    needs to answer quickly:

    * a TF-IDF inverted index over whole readouts (``terms`` with document frequencies,
      ``postings``, per-readout ``vectors`` and their lengths), refitted when the archive has
      doubled or halved since the last fit;
    * every distinct normalised statement wording (``formulas``, compressed) with MinHash LSH band
      keys (folded to 32 bits) over its word 3-grams, so that near-same wordings are found without
      scanning every statement;
    * a side x theme x date index and monthly counts for :func:`stance.track.track`;
    * its own background (:mod:`stance.background`, ``backgrounds``), fitted once per batch from
      1,000 readouts on, each time the archive has doubled; analysis and compare use the latest;
    * an FTS5 index over titles and texts for :meth:`Archive.search`;
    * per party, a canonical person key and side (:mod:`stance.identity`), for the filters.

Transactions and concurrency
    The file is in WAL mode with a busy timeout, so two processes adding at once both succeed
    (one waits for the other's batch) and readers are never blocked. Every batch is one
    transaction: nothing is written when any input fails (see :class:`AddResult`).

Location
    ``Archive.open(None)`` uses ``$STANCE_ARCHIVE`` when set, else
    ``platformdirs.user_data_dir("stance") / "archive.sqlite3"``; that default archive is
    filled from the project's ``seeds/`` folder when new. An archive given by path starts empty.
"""

from __future__ import annotations

from stance.archive.analysis import Analysis, analyse, analyse_batch, default_workers
from stance.archive.codec import (
    ROW_COLUMNS,
    STANCE_COLS,
    iso_date,
    row_from,
    stance_columns,
    stance_from,
    statement_stances,
)
from stance.archive.features import (
    MIN_FORMULA_WORDS,
    STOPWORDS,
    band_keys,
    band_keys_many,
    counterpart_key,
    idf,
    normalise,
    terms_of,
    wording_hash,
)
from stance.archive.ingest import Ingest
from stance.archive.queries import ORDER_COLUMNS, fts_query
from stance.archive.results import Added, AddResult, Failure, ReadoutRow, SearchHit, plain
from stance.archive.store import (
    ENV,
    SEED_DIR,
    ArchiveFullError,
    DamagedArchiveError,
    NoArchiveError,
    ReadOnlyArchiveError,
    default_path,
    guarded,
)


@guarded
class Archive(Ingest):
    """One archive file. Open with :meth:`open`; use as a context manager or call :meth:`close`.

    Its methods come from the layers (see the module docstring): :meth:`add_paths`,
    :meth:`add`, :meth:`remove` (ingest); :meth:`rows`, :meth:`row`, :meth:`get`,
    :meth:`alignment`, :meth:`search`, :meth:`sides`, :meth:`themes`, :meth:`sources` (queries);
    :meth:`nearest`, :meth:`refit`, :meth:`compact` (index); :meth:`accounts` (linking);
    :meth:`open`, :meth:`close`, :meth:`count`, :meth:`size` (store).
    """


__all__ = [
    "ENV",
    "MIN_FORMULA_WORDS",
    "ROW_COLUMNS",
    "ORDER_COLUMNS",
    "SEED_DIR",
    "STANCE_COLS",
    "STOPWORDS",
    "AddResult",
    "ArchiveFullError",
    "DamagedArchiveError",
    "NoArchiveError",
    "ReadOnlyArchiveError",
    "Added",
    "Analysis",
    "Archive",
    "Failure",
    "ReadoutRow",
    "SearchHit",
    "analyse",
    "analyse_batch",
    "band_keys",
    "band_keys_many",
    "counterpart_key",
    "default_path",
    "default_workers",
    "fts_query",
    "idf",
    "iso_date",
    "normalise",
    "plain",
    "row_from",
    "stance_columns",
    "stance_from",
    "statement_stances",
    "terms_of",
    "wording_hash",
]
