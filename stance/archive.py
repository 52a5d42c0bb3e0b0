"""The archive: one SQLite file of readouts with their analysis, ready for search, compare and track.

:class:`Archive` is the product; the command line and the TUI call it and never write SQL.

What is stored
    Each readout's text and metadata (idempotent by the SHA-256 of its text), its parties,
    statements (with offsets, cue, stance), themes and evidence, so that
    :meth:`Archive.alignment` rebuilds exactly what :func:`stance.pipeline.analyse` returned,
    without analysing again. Beside it, what compare needs to answer quickly:

    * a TF-IDF inverted index over whole readouts (``terms`` with document frequencies,
      ``postings``, per-readout ``vectors`` and their lengths), refitted when the archive has
      doubled or halved since the last fit;
    * every distinct normalised statement wording (``formulas``) with MinHash LSH band keys over
      its word 3-grams, so that near-same wordings are found without scanning every statement;
    * an FTS5 index over titles and texts for :meth:`Archive.search`.

Transactions and concurrency
    The file is in WAL mode with a busy timeout, so two processes adding at once both succeed
    (one waits for the other's batch) and readers are never blocked. Every batch is one
    transaction: :meth:`Archive.add_paths` reads and analyses every input first and writes
    nothing when any input fails (see :class:`AddResult`).

Location
    ``Archive.open(None)`` uses ``$STANCE_ARCHIVE`` when set, else
    ``platformdirs.user_data_dir("stance") / "archive.sqlite3"``. A new archive is filled from
    the project's ``seeds/`` folder, so that every command works out of the box.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from stance import migrations
from stance.errors import ArchiveError, ReadError
from stance.model import (
    JOINT,
    Alignment,
    Evidence,
    Party,
    Readout,
    Span,
    Split,
    Stance,
    Statement,
    Theme,
)

SEED_DIR = Path(__file__).resolve().parents[1] / "seeds"
"""Readouts a new archive starts with."""

ENV = "STANCE_ARCHIVE"
"""Environment variable naming the archive file."""

BUSY_TIMEOUT_MS = 120_000
"""How long a writer waits for another writer's batch before giving up."""

CHUNK = 2000
"""Readouts written per step inside one batch transaction (bounds memory, not atomicity)."""

PROBE_BUDGET = 200_000
"""Postings read to find candidate nearest readouts (see :meth:`Archive.nearest`)."""

COMPACT_ROWS = 1_000_000
"""Inverted-index rows added since the last compaction that trigger one."""

PARALLEL_MIN = 100
"""Batches of at least twice this many new readouts are analysed in several processes."""

ORDER_COLUMNS = (
    "published",
    "id",
    "title",
    "source",
    "principal",
    "counterpart",
    "principal_side",
    "counterpart_side",
    "kind",
    "n_shared",
    "n_only",
    "n_statements",
    "path",
)
"""Columns :meth:`Archive.rows` can sort by (``-column`` for descending)."""
_TEXT_COLUMNS = frozenset(
    {"title", "source", "principal", "counterpart", "principal_side", "counterpart_side", "kind", "path"}
)
Order = str


def default_path() -> Path:
    """``$STANCE_ARCHIVE``, else the per-user data folder's ``archive.sqlite3``."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("stance")) / "archive.sqlite3"


# --------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True, slots=True)
class ReadoutRow:
    """One archived readout as a list shows it (no text)."""

    id: int
    """Archive id."""
    title: str
    """Headline."""
    published: date | None
    """Publication date."""
    source: str | None
    """Publisher."""
    principal: str | None
    """Name of the publishing side's official."""
    counterpart: str | None
    """Name of the other side's leading person."""
    principal_side: str | None
    """Country or organisation of the principal."""
    counterpart_side: str | None
    """Country or organisation of the counterpart."""
    kind: str
    """Meeting, call, video call, talks or unknown."""
    n_shared: int
    """Themes both sides raise (status shared, differ or joint)."""
    n_only: int
    """Themes one side raises alone."""
    n_statements: int
    """Statements in the readout."""
    path: str | None
    """File the readout came from."""
    meeting: int | None
    """Pair key of two accounts of the same meeting (the smallest id of the group), else None."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result."""

    readout_id: int
    """Archive id."""
    title: str
    """Headline."""
    published: date | None
    """Publication date."""
    source: str | None
    """Publisher."""
    snippet: str
    """Words around the matches, without marks."""
    marks: tuple[Span, ...]
    """Where the matched words stand in :attr:`snippet` (to highlight)."""
    spans: tuple[Span, ...]
    """Where the query's words stand in the readout text (first ten)."""
    score: float
    """BM25 relevance, higher is better."""


@dataclass(frozen=True, slots=True)
class Added:
    """An input that was added, or was already in the archive."""

    path: str | None
    """File (``file#N`` for a record) it came from."""
    readout_id: int | None
    """Its archive id (for one already present: the id of the stored copy)."""
    title: str
    """Headline."""


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be added, or was skipped, and why."""

    path: str | None
    """File or record."""
    reason: str
    """What is wrong, in words a user can act on."""


@dataclass(frozen=True, slots=True)
class AddResult:
    """What a batch did.

    When :attr:`failed` is not empty the batch was not written (:attr:`committed` is False):
    the archive is exactly as before, :attr:`added` is empty and :attr:`pending` counts the
    readouts that were read fine and would have been added. Fix or leave out the failed inputs
    and add again. :attr:`skipped` inputs (record files in which no record has a content
    field, such as a corpus ``index.jsonl``) are not failures.
    """

    added: tuple[Added, ...] = ()
    """Readouts written by this batch."""
    present: tuple[Added, ...] = ()
    """Readouts whose text was already archived (or came twice in the batch): stored once."""
    failed: tuple[Failure, ...] = ()
    """Inputs that could not be read."""
    skipped: tuple[Failure, ...] = ()
    """Inputs that are not readouts, left out on purpose."""
    committed: bool = True
    """True when the batch was written."""
    pending: int = 0
    """Readouts that would have been added had nothing failed."""

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed

    @property
    def ids(self) -> tuple[int, ...]:
        """Archive ids of the readouts added, then of those already present (empty when not committed)."""
        return tuple(a.readout_id for a in (*self.added, *self.present) if a.readout_id is not None)


# --------------------------------------------------------------------------------------------
# features: terms for TF-IDF, normalised wordings and MinHash keys for formulas

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say mr ms mrs dr""".split()  # noqa: SIM905
)
"""Words left out of the TF-IDF vectors."""

_TERM = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_NORM_WORD = re.compile(r"[^\W_]+")
BANDS = 12
"""MinHash LSH bands per formula."""
ROWS = 2
"""MinHash values per band."""
MIN_FORMULA_WORDS = 4
"""Shorter statements are not looked up as formulas."""

_rng = np.random.default_rng(0x5354)
_MH_A = _rng.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_MH_B = _rng.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
_BAND_MIX = _rng.integers(1, 2**63, size=(3, BANDS), dtype=np.uint64) | np.uint64(1)
_BAND_NO = np.arange(1, BANDS + 1, dtype=np.uint64)
_GRAM_MIX = _rng.integers(1, 2**63, size=3, dtype=np.uint64) | np.uint64(1)


def terms_of(text: str) -> Counter[str]:
    """Lower-cased words of two letters or more, without stop words, with their counts."""
    return Counter(w for w in _TERM.findall(text.lower()) if len(w) > 1 and w not in STOPWORDS)


def normalise(text: str) -> str:
    """A statement's wording for formula matching: lower case, words and numbers, single spaces."""
    return " ".join(_NORM_WORD.findall(text.lower()))


def wording_hash(norm: str) -> int:
    """A stable signed 64-bit hash of a normalised wording."""
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def band_keys(norm: str) -> list[int]:
    """MinHash LSH keys (:data:`BANDS` of them) of a wording's word 3-grams; empty when too short.

    Two wordings whose 3-gram sets have Jaccard similarity ``s`` share at least one key with
    probability ``1 - (1 - s**2) ** 12`` (0.97 at s = 0.5), so near-same wordings are found by
    key lookups instead of a scan.
    """
    return band_keys_many([norm])[0]


def band_keys_many(norms: Sequence[str]) -> list[list[int]]:
    """:func:`band_keys` of many wordings at once (one numpy pass)."""
    out: list[list[int]] = [[] for _ in norms]
    hashes: list[int] = []
    starts: list[int] = []
    which: list[int] = []
    for i, norm in enumerate(norms):
        words = norm.split()
        if len(words) < MIN_FORMULA_WORDS:
            continue
        starts.append(len(hashes))
        which.append(i)
        hashes += [zlib.crc32(w.encode("utf-8")) for w in words]
    if not which:
        return out
    h = np.array(hashes, dtype=np.uint64)
    bounds = np.array([*starts, len(hashes)], dtype=np.int64)
    n_grams = np.diff(bounds) - 2
    first = np.repeat(bounds[:-1], n_grams) + (
        np.arange(n_grams.sum()) - np.repeat(np.cumsum(n_grams) - n_grams, n_grams)
    )
    grams = h[first] * _GRAM_MIX[0] + h[first + 1] * _GRAM_MIX[1] + h[first + 2] * _GRAM_MIX[2]
    offsets = np.concatenate(([0], np.cumsum(n_grams)[:-1]))
    sig = np.minimum.reduceat(
        (_MH_A[:, None] * grams[None, :] + _MH_B[:, None]) >> np.uint64(20), offsets, axis=1
    )
    sig = sig.T.reshape(len(which), BANDS, ROWS)
    keys = sig[:, :, 0] * _BAND_MIX[0] + sig[:, :, 1] * _BAND_MIX[1] + _BAND_NO * _BAND_MIX[2]
    for i, row in zip(which, keys.view(np.int64).tolist(), strict=True):
        out[i] = row
    return out


def idf(df: int | np.ndarray[Any, Any], n: int) -> Any:
    """Smoothed inverse document frequency, as scikit-learn's ``TfidfVectorizer`` computes it."""
    return np.log((1.0 + n) / (1.0 + np.asarray(df, dtype=np.float64))) + 1.0


def counterpart_key(name: str | None, side: str | None) -> str | None:
    """Who "the same counterpart" is: the lower-cased surname, with the side when known."""
    if not name:
        return None
    words = [w for w in re.findall(r"[^\W\d_]+", name.lower()) if w not in ("jr", "sr", "ii", "iii", "iv")]
    if not words:
        return None
    return f"{words[-1]}|{(side or '').lower()}"


# --------------------------------------------------------------------------------------------
# (de)serialising the parts of an alignment


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def iso_date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


STANCE_COLS = (
    "stance_label, stance_strength, stance_polarity, stance_cue_start, stance_cue_end, stance_negated"
)
"""The six columns that hold a :class:`Stance` (statements and evidence)."""


def _stance_cols(st: Stance | None) -> tuple[Any, ...]:
    if st is None:
        return (None, None, None, None, None, None)
    cue = st.cue_span
    return (
        st.label,
        st.strength,
        st.polarity,
        cue.start if cue else None,
        cue.end if cue else None,
        int(st.negated),
    )


def stance_from(
    label: str | None,
    strength: float | None,
    polarity: str | None,
    cue_start: int | None,
    cue_end: int | None,
    negated: int | None,
) -> Stance | None:
    if label is None:
        return None
    return Stance(
        label=label,
        strength=float(strength or 0.0),
        polarity=polarity,  # type: ignore[arg-type]
        cue_span=_span(cue_start, cue_end),
        negated=bool(negated),
    )


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else Span(start, end)


@cache
def _statement_stance_fn() -> Callable[[Statement, str], Stance] | None:
    """``stance.modality.stance_of`` when that module exists."""
    try:
        from stance import modality
    except ModuleNotFoundError as exc:
        if exc.name != "stance.modality":
            raise
        return None
    fn: Callable[[Statement, str], Stance] | None = getattr(modality, "stance_of", None)
    return fn


def statement_stances(al: Alignment) -> tuple[Stance | None, ...]:
    """A stance per statement: from the stance lexicon when present, else from theme evidence."""
    fn = _statement_stance_fn()
    text = al.split.readout.text
    if fn is not None:
        return tuple(fn(s, text) for s in al.split.statements)
    out: list[Stance | None] = [None] * len(al.split.statements)
    for t in al.themes:
        for e in t.evidence:
            if e.stance is not None and 0 <= e.statement < len(out) and out[e.statement] is None:
                out[e.statement] = e.stance
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the archive stores of one readout: its alignment and a stance per statement."""

    alignment: Alignment
    """Split and aligned readout."""
    stances: tuple[Stance | None, ...]
    """The stance of each statement, in order."""


def analyse(readout: Readout) -> Analysis:
    """Everything the archive stores about a readout (the slow part of adding)."""
    return analyse_batch([readout])[0]


ANALYSIS_CHUNK = 64
"""Readouts analysed together: one TF-IDF background is fitted per chunk, not per readout."""


def analyse_batch(readouts: Sequence[Readout]) -> list[Analysis]:
    """Analyse readouts together: split each, fit one TF-IDF phrase model on all their statements
    (the background the alignment ranks phrases against), then align each with it."""
    from stance import pipeline
    from stance.align import align_split, fit_model

    splits = [pipeline.split(r) for r in readouts]
    model = fit_model(splits)
    out = []
    for sp in splits:
        al = align_split(sp, model=model)
        out.append(Analysis(alignment=al, stances=statement_stances(al)))
    return out


def default_workers() -> int:
    """Processes worth using for analysis here: one per CPU, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def _analyse_all(
    readouts: Sequence[Readout], workers: int, progress: Callable[[int, int], None] | None
) -> list[Analysis]:
    """Analyse in order, in ``workers`` processes when more than one."""
    total = len(readouts)
    out: list[Analysis] = []
    if workers > 1 and total >= 2 * PARALLEL_MIN:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("spawn")
        chunks = [readouts[i : i + ANALYSIS_CHUNK] for i in range(0, total, ANALYSIS_CHUNK)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for batch in pool.map(analyse_batch, chunks):
                out += batch
                if progress:
                    progress(len(out), total)
        return out
    for i in range(0, total, ANALYSIS_CHUNK):
        out += analyse_batch(readouts[i : i + ANALYSIS_CHUNK])
        if progress:
            progress(len(out), total)
    return out


def _raises(t: Theme, party: str) -> bool:
    return any(e.party in (party, JOINT) for e in t.evidence) or t.joint


# --------------------------------------------------------------------------------------------
# the archive


class Archive:
    """One archive file. Open with :meth:`open`; use as a context manager or call :meth:`close`."""

    path: Path
    """The SQLite file."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._blob_ids: dict[bytes, int] = {}
        self._alias_ids: dict[tuple[str, ...], int] = {}

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, seed: bool = True) -> Archive:
        """Open (creating and migrating when needed) the archive at ``path``.

        ``None`` means :func:`default_path`. A new archive is filled from :data:`SEED_DIR` when
        ``seed`` is true. A file that is not a stance archive raises :class:`ArchiveError`
        naming it.
        """
        p = Path(path).expanduser() if path is not None else default_path()
        name = str(p)
        if p.is_dir():
            raise ArchiveError(
                "is a folder; give a file name for the archive (e.g. archive.sqlite3)", path=name
            )
        if p.exists() and p.stat().st_size:
            with p.open("rb") as fh:
                head = fh.read(16)
            if head != b"SQLite format 3\x00":
                raise ArchiveError(
                    "not a stance archive (not an SQLite file); give another --archive path", path=name
                )
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                p, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"cannot open the archive ({exc})", path=name) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            migrations.check(conn, name)
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("PRAGMA cache_size = -131072")
            conn.execute("PRAGMA temp_store = MEMORY")
            before, _ = migrations.migrate(conn, name)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ArchiveError(f"not a usable stance archive ({exc})", path=name) from exc
        except BaseException:
            conn.close()
            raise
        _ensure_math(conn)
        archive = cls(conn, p)
        if before == 0 and seed and SEED_DIR.is_dir():
            archive._seed()
        return archive

    def _seed(self) -> None:
        """Fill a new archive from ``seeds/`` (only while it is still empty)."""
        if self.count():
            return
        self.add_paths([SEED_DIR])

    def close(self) -> None:
        """Close the file (a WAL checkpoint runs when the last connection closes)."""
        self.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r})"

    # -- adding -----------------------------------------------------------------------------

    def add_paths(
        self,
        paths: Iterable[str | Path],
        *,
        progress: Callable[[int, int], None] | None = None,
        workers: int = 1,
    ) -> AddResult:
        """Add readout files, folders (recursively) and JSONL/JSON/CSV record files, as one batch.

        Everything is read and analysed before anything is written. When any input fails (a
        missing, empty or binary file, a bad record), nothing is written and the result lists
        the failures (``committed`` False). A record file in which no record has a content
        field (e.g. a corpus ``index.jsonl``) is skipped, not failed. ``progress(done, total)``
        is called as readouts are analysed and stored.
        """
        readouts, failed, skipped = _read_inputs(paths)
        if failed:
            fresh = {self._hash(r.text) for r in readouts}
            have = self._existing(fresh)
            return AddResult(
                failed=tuple(failed), skipped=tuple(skipped), committed=False, pending=len(fresh - set(have))
            )
        result = self.add(readouts, progress=progress, workers=workers)
        return AddResult(added=result.added, present=result.present, skipped=tuple(skipped), committed=True)

    def add(
        self,
        readouts: Iterable[Readout],
        *,
        progress: Callable[[int, int], None] | None = None,
        workers: int = 1,
    ) -> AddResult:
        """Analyse and store readouts in one transaction; idempotent by the text's content hash.

        Readouts whose text is already archived (or repeats within the batch) are not analysed
        again and come back in :attr:`AddResult.present`. With ``workers`` > 1, batches of more
        than 200 new readouts are analysed in that many processes (started with "spawn": the
        calling script needs the ``if __name__ == "__main__":`` guard); see :func:`default_workers`.
        """
        items = list(readouts)
        seen = self._existing({self._hash(r.text) for r in items})
        todo: list[Readout] = []
        fresh: set[str] = set()
        for r in items:
            h = self._hash(r.text)
            if h not in seen and h not in fresh:
                fresh.add(h)
                todo.append(r)
        return self.add_analysed(_analyse_all(todo, workers, progress), readouts=items)

    def add_analysed(
        self,
        analyses: Iterable[Analysis | Alignment],
        *,
        readouts: Sequence[Readout] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> AddResult:
        """Store readouts already analysed (see :func:`analyse`) in one transaction.

        An :class:`Alignment` alone is stored with statement stances from
        :func:`statement_stances`. ``readouts``, when given, is the whole input (in order) so
        that duplicates among them are reported as already present.
        """
        by_hash: dict[str, Analysis] = {}
        for a in analyses:
            an = a if isinstance(a, Analysis) else Analysis(alignment=a, stances=statement_stances(a))
            by_hash.setdefault(self._hash(an.alignment.split.readout.text), an)
        inputs = (
            list(readouts) if readouts is not None else [a.alignment.split.readout for a in by_hash.values()]
        )
        input_hashes = [self._hash(r.text) for r in inputs]
        added: list[Added] = []
        present: list[Added] = []
        self._begin()
        try:
            have = self._existing(set(by_hash) | set(input_hashes))
            ids: dict[str, int] = dict(have)
            todo = [(h, a) for h, a in by_hash.items() if h not in have]
            done = 0
            for start in range(0, len(todo), CHUNK):
                chunk = todo[start : start + CHUNK]
                for (h, _), rid in zip(chunk, self._insert(chunk), strict=True):
                    ids[h] = rid
                done += len(chunk)
                if progress:
                    progress(done, len(todo))
            new = {h for h, _ in todo}
            self._link_accounts([ids[h] for h in new])
            self._maybe_refit()
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        reported: set[str] = set()
        for r, h in zip(inputs, input_hashes, strict=True):
            item = Added(path=r.path, readout_id=ids.get(h), title=r.title)
            if h in new and h not in reported:
                added.append(item)
            else:
                present.append(item)
            reported.add(h)
        return AddResult(added=tuple(added), present=tuple(present), committed=True)

    @staticmethod
    def _hash(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _existing(self, hashes: set[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        hs = list(hashes)
        for i in range(0, len(hs), 500):
            part = hs[i : i + 500]
            q = f"SELECT hash, id FROM readouts WHERE hash IN ({','.join('?' * len(part))})"
            out.update(self.conn.execute(q, part).fetchall())
        return out

    def _begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ArchiveError(
                f"the archive is busy ({exc}); another stance process holds it for too long, try again",
                path=str(self.path),
            ) from exc

    def _aliases(self, aliases: tuple[str, ...]) -> int:
        bid = self._alias_ids.get(aliases)
        if bid is None:
            bid = self._alias_ids[aliases] = self._blob(list(aliases))
        return bid

    def _blob(self, value: Any) -> int:
        raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        key = hashlib.sha1(raw).digest()
        bid = self._blob_ids.get(key)
        if bid is None:
            row = self.conn.execute("SELECT id FROM blobs WHERE hash = ?", (key,)).fetchone()
            if row is None:
                bid = self.conn.execute(
                    "INSERT INTO blobs(hash, data) VALUES (?, ?)", (key, zlib.compress(raw, 6))
                ).lastrowid
            else:
                bid = row[0]
            assert bid is not None
            self._blob_ids[key] = bid
        return bid

    def _insert(self, chunk: list[tuple[str, Analysis]]) -> list[int]:
        """Insert analyses not yet archived (inside the open transaction); returns their ids."""
        c = self.conn
        n_after = self.count() + len(chunk)
        # document frequencies first, so that each new vector's length uses them
        counts = [terms_of(a.alignment.split.readout.text) for _, a in chunk]
        df: Counter[str] = Counter()
        for tc in counts:
            df.update(tc.keys())
        c.executemany(
            "INSERT INTO terms(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            df.items(),
        )
        term_ids: dict[str, tuple[int, int]] = {}
        names = list(df)
        for i in range(0, len(names), 500):
            part = names[i : i + 500]
            for tid, term, tdf in c.execute(
                f"SELECT id, term, df FROM terms WHERE term IN ({','.join('?' * len(part))})", part
            ):
                term_ids[term] = (tid, tdf)
        formula_ids = self._formulas(
            [
                s.span.of(a.alignment.split.readout.text)
                for _, a in chunk
                for s in a.alignment.split.statements
            ]
        )
        next_theme = int(c.execute("SELECT coalesce(max(id), 0) FROM themes").fetchone()[0]) + 1
        now = datetime.now(UTC).isoformat(timespec="seconds")
        ids: list[int] = []
        parties: list[tuple[Any, ...]] = []
        statements: list[tuple[Any, ...]] = []
        themes: list[tuple[Any, ...]] = []
        evidence: list[tuple[Any, ...]] = []
        postings: dict[int, tuple[list[int], list[float]]] = {}
        vectors: list[tuple[int, bytes, bytes]] = []
        fts: list[tuple[int, str, str]] = []
        k = 0
        for (h, an), tc in zip(chunk, counts, strict=True):
            al = an.alignment
            sp = al.split
            r = sp.readout
            principal = next((p for p in sp.parties if p.role == "principal"), None)
            counterpart = next((p for p in sp.parties if p.role == "counterpart"), None)
            tids = np.fromiter((term_ids[t][0] for t in tc), dtype=np.uint32, count=len(tc))
            tfs = np.fromiter(tc.values(), dtype=np.float64, count=len(tc))
            dfs = np.fromiter((term_ids[t][1] for t in tc), dtype=np.float64, count=len(tc))
            w = (1.0 + np.log(tfs)) * idf(dfs, n_after)
            norm = float(np.sqrt((w * w).sum())) or 1.0
            n_shared = sum(1 for t in al.themes if t.status in ("shared", "differ", "joint"))
            n_only = sum(1 for t in al.themes if t.status == "only")
            day = r.meeting_date or r.published
            rid = c.execute(
                "INSERT INTO readouts(hash, text, title, body_start, body_end, paragraphs, published, "
                "meeting_date,"
                " place, kind, source, path, url, encoding, warnings, notes, principal, counterpart, "
                "principal_side,"
                " counterpart_side, counterpart_key, day, n_statements, n_shared, n_only, norm, added)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    h,
                    r.text,
                    r.title,
                    r.body.start,
                    r.body.end,
                    json.dumps([[p.start, p.end] for p in r.paragraphs], separators=(",", ":")),
                    _iso(r.published),
                    _iso(r.meeting_date),
                    r.place,
                    r.kind,
                    r.source,
                    r.path,
                    r.url,
                    r.encoding,
                    json.dumps(list(r.warnings), ensure_ascii=False),
                    json.dumps(list(sp.notes), ensure_ascii=False),
                    principal.name if principal else None,
                    counterpart.name if counterpart else None,
                    principal.side if principal else None,
                    counterpart.side if counterpart else None,
                    counterpart_key(counterpart.name, counterpart.side) if counterpart else None,
                    day.toordinal() if day else None,
                    len(sp.statements),
                    n_shared,
                    n_only,
                    norm,
                    now,
                ),
            ).lastrowid
            assert rid is not None
            ids.append(rid)
            fts.append((rid, r.title, r.text))
            parties += [
                (
                    rid,
                    i,
                    p.id,
                    p.role,
                    p.name,
                    p.title,
                    p.organisation,
                    p.side,
                    json.dumps(list(p.members), ensure_ascii=False),
                    self._aliases(p.aliases),
                )
                for i, p in enumerate(sp.parties)
            ]
            pub = _iso(r.published)
            for i, (s, st) in enumerate(zip(sp.statements, an.stances, strict=True)):
                cue, spk = s.cue_span, s.speaker_span
                statements.append(
                    (
                        rid,
                        i,
                        s.party,
                        s.span.start,
                        s.span.end,
                        s.cue,
                        cue.start if cue else None,
                        cue.end if cue else None,
                        spk.start if spk else None,
                        spk.end if spk else None,
                        s.cited,
                        s.confidence,
                        s.reason,
                        s.paragraph,
                        *_stance_cols(st),
                        formula_ids[k],
                        r.source,
                        pub,
                    )
                )
                k += 1
            p_ids = {p.id for p in sp.parties if p.role == "principal"}
            c_ids = {p.id for p in sp.parties if p.role == "counterpart"}
            for i, t in enumerate(al.themes):
                themes.append(
                    (
                        next_theme,
                        rid,
                        i,
                        t.name,
                        t.status,
                        t.score,
                        t.basis,
                        int(t.joint),
                        int(any(_raises(t, pid) for pid in p_ids)),
                        int(any(_raises(t, pid) for pid in c_ids)),
                    )
                )
                evidence += [
                    (next_theme, j, e.party, e.span.start, e.span.end, e.statement, *_stance_cols(e.stance))
                    for j, e in enumerate(t.evidence)
                ]
                next_theme += 1
            order = np.argsort(tids, kind="stable")
            for tid, weight in zip(tids.tolist(), (w / norm).tolist(), strict=True):
                entry = postings.setdefault(tid, ([], []))
                entry[0].append(rid)
                entry[1].append(weight)
            vectors.append(
                (rid, tids[order].tobytes(), np.minimum(tfs[order], 65535).astype(np.uint16).tobytes())
            )
        c.executemany("INSERT INTO readouts_fts(rowid, title, text) VALUES (?, ?, ?)", fts)
        c.executemany(
            "INSERT INTO parties(readout_id, idx, pid, role, name, title, organisation, side, members,"
            " aliases) VALUES (?,?,?,?,?,?,?,?,?,?)",
            parties,
        )
        c.executemany(
            "INSERT INTO statements(readout_id, idx, party, start, end, cue, cue_start, cue_end, "
            "speaker_start,"
            f" speaker_end, cited, confidence, reason, paragraph, {STANCE_COLS}, formula_id, source, "
            "published)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            statements,
        )
        c.executemany(
            "INSERT INTO themes(id, readout_id, idx, name, status, score, basis, joint, principal,"
            " counterpart) VALUES (?,?,?,?,?,?,?,?,?,?)",
            themes,
        )
        c.executemany(
            f"INSERT INTO evidence(theme_id, idx, party, start, end, statement, {STANCE_COLS})"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            evidence,
        )
        self._set_meta("rows_since_compact", str(int(self._meta("rows_since_compact") or 0) + len(postings)))
        c.executemany(
            "INSERT INTO postings(term_id, chunk, ids, weights) VALUES (?, ?, ?, ?)",
            [
                (
                    tid,
                    ids[0],
                    np.array(rids, dtype=np.uint32).tobytes(),
                    np.array(ws, dtype=np.float32).tobytes(),
                )
                for tid, (rids, ws) in sorted(postings.items())
            ],
        )
        c.executemany("INSERT INTO vectors(readout_id, terms, tfs) VALUES (?, ?, ?)", vectors)
        return ids

    def _formulas(self, texts: Sequence[str]) -> list[int]:
        """The formula id of each statement wording (new ones are stored with their LSH keys)."""
        c = self.conn
        norms = [normalise(t) for t in texts]
        hashes = [wording_hash(n) for n in norms]
        known: dict[int, int] = {}
        distinct = list(dict.fromkeys(hashes))
        for i in range(0, len(distinct), 500):
            part = distinct[i : i + 500]
            known.update(
                c.execute(
                    f"SELECT hash, id FROM formulas WHERE hash IN ({','.join('?' * len(part))})", part
                ).fetchall()
            )
        new: dict[int, str] = {}
        for h, n in zip(hashes, norms, strict=True):
            if h not in known and h not in new:
                new[h] = n
        if new:
            start = int(c.execute("SELECT coalesce(max(id), 0) FROM formulas").fetchone()[0]) + 1
            rows = [(start + i, h, n) for i, (h, n) in enumerate(new.items())]
            c.executemany("INSERT INTO formulas(id, hash, norm) VALUES (?, ?, ?)", rows)
            lsh = [
                (key, fid)
                for (fid, _, _), keys in zip(rows, band_keys_many([n for _, _, n in rows]), strict=True)
                for key in keys
            ]
            lsh.sort()
            c.executemany("INSERT OR IGNORE INTO formula_lsh(key, formula_id) VALUES (?, ?)", lsh)
            known.update((h, fid) for fid, h, _ in rows)
        return [known[h] for h in hashes]

    # -- TF-IDF fit ------------------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
            "value = excluded.value",
            (key, value),
        )

    def _maybe_refit(self) -> None:
        """Refit vector lengths when the archive doubled or halved since the last fit (compacting the
        inverted index then, or when many rows were added since the last compaction)."""
        n = self.count()
        fitted = int(self._meta("fitted_n") or 0)
        if n and (n >= 2 * fitted or 2 * n <= fitted):
            self._refit()
            self._compact()
        elif int(self._meta("rows_since_compact") or 0) > COMPACT_ROWS:
            self._compact()

    def compact(self) -> None:
        """Merge each term's inverted-index rows into one, dropping readouts removed since."""
        with self._transaction():
            self._compact()

    def _transaction(self) -> contextlib.AbstractContextManager[None]:
        """A write transaction, unless one is open already (then part of it)."""

        @contextlib.contextmanager
        def tx() -> Iterator[None]:
            if self.conn.in_transaction:
                yield
                return
            self._begin()
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

        return tx()

    def _compact(self) -> None:
        c = self.conn
        removed = self._meta("removed_since_compact") not in (None, "0")
        live = (
            np.fromiter((r[0] for r in c.execute("SELECT id FROM readouts")), dtype=np.uint32)
            if removed
            else None
        )
        merged: list[tuple[int, int, bytes, bytes]] = []
        current: int | None = None
        parts: list[tuple[int, bytes, bytes]] = []

        def flush() -> None:
            if current is None:
                return
            ids = np.frombuffer(b"".join(p[1] for p in parts), dtype=np.uint32)
            weights = np.frombuffer(b"".join(p[2] for p in parts), dtype=np.float32)
            if live is not None:
                keep = np.isin(ids, live)
                ids, weights = ids[keep], weights[keep]
            merged.append((current, parts[0][0], ids.tobytes(), weights.tobytes()))

        for tid, chunk, ib, wb in c.execute(
            "SELECT term_id, chunk, ids, weights FROM postings ORDER BY term_id, chunk"
        ):
            if tid != current:
                flush()
                current, parts = tid, []
            parts.append((chunk, ib, wb))
        flush()
        c.execute("DELETE FROM postings")
        c.executemany(
            "INSERT INTO postings(term_id, chunk, ids, weights) VALUES (?, ?, ?, ?)",
            [m for m in merged if m[2]],
        )
        self._set_meta("rows_since_compact", "0")
        self._set_meta("removed_since_compact", "0")

    def refit(self) -> None:
        """Recompute every readout's TF-IDF vector length under the current document frequencies."""
        with self._transaction():
            self._refit()

    def _refit(self) -> None:
        c = self.conn
        n = self.count()
        size = int(c.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()[0]) + 1
        weights = np.zeros(size, dtype=np.float64)
        rows = c.execute("SELECT id, df FROM terms").fetchall()
        if rows:
            table = np.array(rows, dtype=np.int64)
            weights[table[:, 0]] = idf(table[:, 1], n)
        updates = []
        for rid, tb, fb in c.execute("SELECT readout_id, terms, tfs FROM vectors"):
            t = np.frombuffer(tb, dtype=np.uint32)
            w = (1.0 + np.log(np.frombuffer(fb, dtype=np.uint16).astype(np.float64))) * weights[t]
            updates.append((float(np.sqrt((w * w).sum())) or 1.0, rid))
        c.executemany("UPDATE readouts SET norm = ? WHERE id = ?", updates)
        self._set_meta("fitted_n", str(n))

    # -- two accounts of one meeting -----------------------------------------------------

    def _partners(self, rid: int) -> list[int]:
        row = self.conn.execute(f"SELECT {_ACCOUNT_COLS} FROM readouts WHERE id = ?", (rid,)).fetchone()
        if row is None:
            return []
        ps, cs, day = row[1], row[2], row[3]
        if not ps or not cs or ps == cs or day is None:
            return []
        return [
            int(r[0])
            for r in self.conn.execute(
                f"SELECT {_ACCOUNT_COLS} FROM readouts WHERE principal_side = ? AND counterpart_side = ?"
                " AND day BETWEEN ? AND ? AND id != ?",
                (cs, ps, day - 1, day + 1, rid),
            )
            if _same_meeting(row, r)
        ]

    def _link_accounts(self, ids: Iterable[int]) -> None:
        c = self.conn
        for rid in ids:
            partners = self._partners(rid)
            if not partners:
                continue
            group = {rid, *partners}
            keys = {
                r[0]
                for r in c.execute(
                    f"SELECT meeting FROM readouts WHERE id IN ({','.join('?' * len(group))}) AND "
                    "meeting IS NOT NULL",
                    list(group),
                )
            }
            key = min(group | keys)
            old = list(keys)
            c.execute(
                f"UPDATE readouts SET meeting = ? WHERE id IN ({','.join('?' * len(group))})"
                + (f" OR meeting IN ({','.join('?' * len(old))})" if old else ""),
                [key, *group, *old],
            )

    def accounts(self) -> list[tuple[int, int]]:
        """Pairs ``(a, b)`` with ``a < b`` of readouts that report the same meeting.

        A heuristic: two governments' readouts with the roles swapped (one's principal side is
        the other's counterpart side, and the reverse), meeting (else publication) dates at most
        one day apart, different publishers, the same kind of contact (a call is not a meeting),
        and at least one person in common (surnames, fuzzy) when both name people.
        """
        cols_a = ", ".join(f"a.{c.strip()}" for c in _ACCOUNT_COLS.split(","))
        cols_b = ", ".join(f"b.{c.strip()}" for c in _ACCOUNT_COLS.split(","))
        n = len(_ACCOUNT_COLS.split(","))
        rows = self.conn.execute(
            f"SELECT {cols_a}, {cols_b} FROM readouts a JOIN readouts b ON b.principal_side = "
            "a.counterpart_side"
            " AND b.counterpart_side = a.principal_side AND b.day BETWEEN a.day - 1 AND a.day + 1 AND "
            "b.id > a.id"
            " WHERE a.principal_side IS NOT NULL AND a.counterpart_side IS NOT NULL"
            " AND a.principal_side != a.counterpart_side ORDER BY a.id, b.id"
        ).fetchall()
        return [(int(r[0]), int(r[n])) for r in rows if _same_meeting(r[:n], r[n:])]

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        """Number of archived readouts."""
        return int(self.conn.execute("SELECT count(*) FROM readouts").fetchone()[0])

    def rows(
        self,
        *,
        source: str | None = None,
        side: str | None = None,
        party: str | None = None,
        since: date | None = None,
        until: date | None = None,
        theme: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: Order = "published",
    ) -> list[ReadoutRow]:
        """Archived readouts matching every filter given.

        ``source`` publisher, ``side`` either side's country or organisation (both
        case-insensitive), ``party`` a part of either leading person's name, ``since``/``until``
        publication dates (inclusive), ``theme`` a theme name raised in it, ``text`` a full-text
        query. ``order``: a column of :data:`ORDER_COLUMNS` (``published``: oldest first, undated
        last), ``-column`` for descending (``-published``: newest first).
        """
        where: list[str] = []
        args: list[Any] = []
        if source:
            where.append("source = ? COLLATE NOCASE")
            args.append(source)
        if side:
            where.append("(principal_side = ? COLLATE NOCASE OR counterpart_side = ? COLLATE NOCASE)")
            args += [side, side]
        if party:
            where.append(
                "(principal LIKE ? OR counterpart LIKE ? OR id IN (SELECT readout_id FROM parties"
                " WHERE name LIKE ?))"
            )
            args += [f"%{party}%"] * 3
        if since:
            where.append("published >= ?")
            args.append(since.isoformat())
        if until:
            where.append("published <= ?")
            args.append(until.isoformat())
        if theme:
            where.append("id IN (SELECT readout_id FROM themes WHERE name = ? COLLATE NOCASE)")
            args.append(theme)
        if text:
            where.append("id IN (SELECT rowid FROM readouts_fts WHERE readouts_fts MATCH ?)")
            args.append(fts_query(text))
        column = order.removeprefix("-")
        if column not in ORDER_COLUMNS:
            raise ArchiveError(
                f"unknown order {order!r}; use a column ({', '.join(ORDER_COLUMNS)}), with '-' for descending"
            )
        way = " DESC" if order.startswith("-") else ""
        nulls = "" if column in ("id", "n_shared", "n_only", "n_statements") else f"{column} IS NULL, "
        tie = "" if column == "id" else f", published{way}, id{way}"
        order_by = f"{nulls}{column}{' COLLATE NOCASE' if column in _TEXT_COLUMNS else ''}{way}{tie}"
        sql = (
            f"SELECT {ROW_COLUMNS} FROM readouts"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + f" ORDER BY {order_by}"
        )
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            args += [-1 if limit is None else limit, offset]
        try:
            return [row_from(r) for r in self.conn.execute(sql, args)]
        except sqlite3.OperationalError as exc:
            raise ArchiveError(f"bad text query {text!r} ({exc})") from exc

    def row(self, readout_id: int) -> ReadoutRow:
        """The list row of one readout."""
        r = self.conn.execute(f"SELECT {ROW_COLUMNS} FROM readouts WHERE id = ?", (readout_id,)).fetchone()
        if r is None:
            raise self._missing(readout_id)
        return row_from(r)

    def _missing(self, readout_id: int) -> ArchiveError:
        return ArchiveError(
            f"no readout with id {readout_id} in the archive; 'stance list' shows the ids",
            path=str(self.path),
        )

    def get(self, readout_id: int) -> Readout:
        """The readout as it was added."""
        r = self.conn.execute(
            "SELECT text, title, body_start, body_end, paragraphs, published, meeting_date, place, kind, "
            "source,"
            " path, url, encoding, warnings FROM readouts WHERE id = ?",
            (readout_id,),
        ).fetchone()
        if r is None:
            raise self._missing(readout_id)
        return Readout(
            text=r[0],
            title=r[1],
            body=Span(r[2], r[3]),
            paragraphs=tuple(Span(a, b) for a, b in json.loads(r[4])),
            published=iso_date(r[5]),
            meeting_date=iso_date(r[6]),
            place=r[7],
            kind=r[8],
            source=r[9],
            path=r[10],
            url=r[11],
            encoding=r[12],
            warnings=tuple(json.loads(r[13])),
        )

    def alignment(self, readout_id: int) -> Alignment:
        """The stored analysis, rebuilt exactly (no re-analysis)."""
        readout = self.get(readout_id)
        c = self.conn
        notes = tuple(
            json.loads(c.execute("SELECT notes FROM readouts WHERE id = ?", (readout_id,)).fetchone()[0])
        )
        parties = tuple(
            Party(
                id=pid,
                role=role,
                name=name,
                title=title,
                organisation=org,
                side=side,
                members=tuple(json.loads(members)),
                aliases=tuple(self._load_blob(aliases)),
            )
            for pid, role, name, title, org, side, members, aliases in c.execute(
                "SELECT pid, role, name, title, organisation, side, members, aliases FROM parties"
                " WHERE readout_id = ? ORDER BY idx",
                (readout_id,),
            )
        )
        statements = tuple(
            Statement(
                party=r[0],
                span=Span(r[1], r[2]),
                cue=r[3],
                cue_span=_span(r[4], r[5]),
                speaker_span=_span(r[6], r[7]),
                cited=r[8],
                confidence=r[9],
                reason=r[10],
                paragraph=r[11],
            )
            for r in c.execute(
                "SELECT party, start, end, cue, cue_start, cue_end, speaker_start, speaker_end, cited, "
                "confidence,"
                " reason, paragraph FROM statements WHERE readout_id = ? ORDER BY idx",
                (readout_id,),
            )
        )
        evidence: dict[int, list[Evidence]] = {}
        for tid, party, start, end, st, *stance in c.execute(
            f"SELECT e.theme_id, e.party, e.start, e.end, e.statement, {stance_columns('e')} FROM evidence e"
            " JOIN themes t ON t.id = e.theme_id WHERE t.readout_id = ? ORDER BY e.theme_id, e.idx",
            (readout_id,),
        ):
            evidence.setdefault(tid, []).append(
                Evidence(party=party, span=Span(start, end), statement=st, stance=stance_from(*stance))
            )
        themes = tuple(
            Theme(
                name=name,
                status=status,
                evidence=tuple(evidence.get(tid, ())),
                score=score,
                basis=basis,
                joint=bool(joint),
            )
            for tid, name, status, score, basis, joint in c.execute(
                "SELECT id, name, status, score, basis, joint FROM themes WHERE readout_id = ? ORDER BY idx",
                (readout_id,),
            )
        )
        split = Split(readout=readout, parties=parties, statements=statements, notes=notes)
        return Alignment(split=split, themes=themes)

    def statement_stances(self, readout_id: int) -> list[Stance | None]:
        """The stored stance of each statement of a readout, in order."""
        return [
            stance_from(*r)
            for r in self.conn.execute(
                f"SELECT {STANCE_COLS} FROM statements WHERE readout_id = ? ORDER BY idx", (readout_id,)
            )
        ]

    def _load_blob(self, bid: int) -> Any:
        return json.loads(
            zlib.decompress(self.conn.execute("SELECT data FROM blobs WHERE id = ?", (bid,)).fetchone()[0])
        )

    def find(self, text: str) -> int | None:
        """The id of the archived readout with exactly this text, if any."""
        row = self.conn.execute("SELECT id FROM readouts WHERE hash = ?", (self._hash(text),)).fetchone()
        return None if row is None else int(row[0])

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search (FTS5, BM25 order) with snippets; plain words must all occur.

        Plain words are matched as given (each quoted for FTS5); a query with FTS5 syntax
        (double-quoted phrases, ``AND``/``OR``/``NOT``, ``NEAR``, ``*``) is passed through.
        """
        q = fts_query(query)
        try:
            rows = self.conn.execute(
                "SELECT r.id, r.title, r.published, r.source, snippet(readouts_fts, 1, ?, ?, '\u2026', 24),"
                " bm25(readouts_fts), r.text FROM readouts_fts JOIN readouts r ON r.id = readouts_fts.rowid"
                " WHERE readouts_fts MATCH ? ORDER BY bm25(readouts_fts) LIMIT ?",
                (_MARK_ON, _MARK_OFF, q, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise ArchiveError(f"bad search query {query!r} ({exc}); put phrases in double quotes") from exc
        words = [
            w
            for w in re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", query)
            if w.upper() not in ("AND", "OR", "NOT", "NEAR")
        ]
        rx = (
            re.compile(
                r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in words) + r")(?![^\W_])", re.IGNORECASE
            )
            if words
            else None
        )
        hits = []
        for rid, title, pub, source, snip, rank, text in rows:
            plain, marks = _unmark(snip)
            spans = (
                tuple(Span(m.start(), m.end()) for _, m in zip(range(10), rx.finditer(text), strict=False))
                if rx
                else ()
            )
            hits.append(
                SearchHit(
                    readout_id=rid,
                    title=title,
                    published=iso_date(pub),
                    source=source,
                    snippet=plain,
                    marks=marks,
                    spans=spans,
                    score=round(-float(rank), 4),
                )
            )
        return hits

    def sides(self) -> list[str]:
        """Every side (country or organisation) named in the archive, sorted."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT principal_side FROM readouts WHERE principal_side IS NOT NULL UNION "
                "SELECT counterpart_side FROM readouts WHERE counterpart_side IS NOT NULL ORDER BY 1"
            )
        ]

    def themes(self) -> list[str]:
        """Every theme name in the archive, sorted."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT name FROM themes ORDER BY name")]

    def sources(self) -> list[str]:
        """Every publisher in the archive, sorted."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT source FROM readouts WHERE source IS NOT NULL ORDER BY source"
            )
        ]

    # -- removing --------------------------------------------------------------------------

    def remove(self, readout_id: int) -> None:
        """Delete a readout and everything derived from it; :class:`ArchiveError` if there is none."""
        c = self.conn
        self._begin()
        try:
            row = c.execute(
                "SELECT title, text, meeting FROM readouts WHERE id = ?", (readout_id,)
            ).fetchone()
            if row is None:
                raise self._missing(readout_id)
            title, text, meeting = row
            vec = c.execute("SELECT terms FROM vectors WHERE readout_id = ?", (readout_id,)).fetchone()
            if vec is not None:
                tids = [int(t) for t in np.frombuffer(vec[0], dtype=np.uint32)]
                c.executemany("UPDATE terms SET df = df - 1 WHERE id = ?", [(t,) for t in tids])
            c.execute(
                "INSERT INTO readouts_fts(readouts_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                (readout_id, title, text),
            )
            c.execute(
                "DELETE FROM evidence WHERE theme_id IN (SELECT id FROM themes WHERE readout_id = ?)",
                (readout_id,),
            )
            for table in ("themes", "statements", "parties"):
                c.execute(f"DELETE FROM {table} WHERE readout_id = ?", (readout_id,))
            c.execute("DELETE FROM vectors WHERE readout_id = ?", (readout_id,))
            self._set_meta("removed_since_compact", str(int(self._meta("removed_since_compact") or 0) + 1))
            c.execute("DELETE FROM readouts WHERE id = ?", (readout_id,))
            if meeting is not None:
                group = [r[0] for r in c.execute("SELECT id FROM readouts WHERE meeting = ?", (meeting,))]
                c.execute("UPDATE readouts SET meeting = NULL WHERE meeting = ?", (meeting,))
                self._link_accounts(group)
            self._maybe_refit()
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    # -- similarity -----------------------------------------------------------------------

    def idf_of(self, terms: Iterable[str]) -> tuple[dict[str, tuple[int, float, int]], int]:
        """``term -> (term id, idf, df)`` for the archived terms among ``terms``, and the archive size."""
        n = self.count()
        names = list(terms)
        rows: list[tuple[int, str, int]] = []
        for i in range(0, len(names), 500):
            part = names[i : i + 500]
            rows += self.conn.execute(
                f"SELECT id, term, df FROM terms WHERE term IN ({','.join('?' * len(part))}) AND df > 0", part
            ).fetchall()
        weights = idf(np.fromiter((r[2] for r in rows), dtype=np.float64, count=len(rows)), n).tolist()
        return {term: (int(tid), w, int(df)) for (tid, term, df), w in zip(rows, weights, strict=True)}, n

    def nearest(
        self,
        counts: Counter[str],
        *,
        limit: int = 5,
        exclude: int | None = None,
        candidates: int = 100,
        budget: int = PROBE_BUDGET,
        only: Sequence[int] | None = None,
    ) -> list[tuple[int, float]]:
        """Archived readouts nearest to a term-count vector by TF-IDF cosine, best first: ``(id, score)``.

        Candidates come from the inverted index of the query terms that weigh most, taken in
        order of weight until their postings add up to ``budget`` (so the cost does not grow
        with the archive); each candidate is then scored exactly over all query terms, with
        sublinear tf and smoothed idf as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``.
        ``only`` scores just those ids.
        """
        known, n = self.idf_of(counts)
        if not counts or n == 0:
            return []
        unknown_idf = float(idf(0, n))
        qw = {
            t: (1.0 + math.log(c)) * (known[t][1] if t in known else unknown_idf) for t, c in counts.items()
        }
        q_norm = math.sqrt(sum(w * w for w in qw.values())) or 1.0
        if only is not None:
            cand = [i for i in only if i != exclude]
        else:
            probe: list[str] = []
            volume = 0
            for t in sorted(
                (t for t in known if known[t][2] < n or n == 1), key=lambda t: -qw[t] * known[t][1]
            ):
                if probe and volume + known[t][2] > budget:
                    break
                probe.append(t)
                volume += known[t][2]
            if not probe:
                return []
            by_id = {known[t][0]: qw[t] / q_norm for t in probe}
            rows = self.conn.execute(
                f"SELECT term_id, ids, weights FROM postings WHERE term_id IN ({','.join('?' * len(by_id))})",
                list(by_id),
            ).fetchall()
            if not rows:
                return []
            all_ids = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint32)
            lengths = np.fromiter((len(r[1]) // 4 for r in rows), dtype=np.int64, count=len(rows))
            factor = np.repeat(
                np.fromiter((by_id[r[0]] for r in rows), dtype=np.float64, count=len(rows)), lengths
            )
            weights = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32) * factor
            partial = np.bincount(all_ids, weights=weights)
            if exclude is not None and exclude < len(partial):
                partial[exclude] = 0.0
            k = min(int(np.count_nonzero(partial)), candidates)
            if k == 0:
                return []
            top = np.argpartition(-partial, k - 1)[:k]
            cand = [int(i) for i in top if partial[i] > 0]
        if not cand:
            return []
        order = sorted(known, key=lambda t: known[t][0])
        q_ids = np.array([known[t][0] for t in order], dtype=np.uint32)
        q_vals = np.array([qw[t] * known[t][1] for t in order], dtype=np.float64)
        ids: list[int] = []
        norms: list[float] = []
        terms: list[np.ndarray[Any, Any]] = []
        tfs: list[np.ndarray[Any, Any]] = []
        for i in range(0, len(cand), 500):
            part = cand[i : i + 500]
            for rid, tb, fb, norm in self.conn.execute(
                "SELECT v.readout_id, v.terms, v.tfs, r.norm FROM vectors v JOIN readouts r ON r.id = "
                "v.readout_id"
                f" WHERE v.readout_id IN ({','.join('?' * len(part))})",
                part,
            ):
                ids.append(int(rid))
                norms.append(float(norm))
                terms.append(np.frombuffer(tb, dtype=np.uint32))
                tfs.append(np.frombuffer(fb, dtype=np.uint16))
        if not ids:
            return []
        seg = np.repeat(np.arange(len(ids)), [len(t) for t in terms])
        all_terms = np.concatenate(terms)
        all_tfs = np.concatenate(tfs).astype(np.float64)
        pos = np.clip(np.searchsorted(q_ids, all_terms), 0, max(0, len(q_ids) - 1))
        hit = q_ids[pos] == all_terms if len(q_ids) else np.zeros(len(all_terms), dtype=bool)
        contrib = (
            np.where(hit, q_vals[pos] * (1.0 + np.log(np.maximum(all_tfs, 1.0))), 0.0)
            if len(q_ids)
            else hit * 0.0
        )
        dots = np.bincount(seg, weights=contrib, minlength=len(ids))
        cos = np.minimum(1.0, dots / (q_norm * np.asarray(norms)))
        scores = sorted(zip(ids, cos.tolist(), strict=True), key=lambda x: (-x[1], x[0]))
        return scores[:limit] if only is None else scores

    def size(self) -> int:
        """Bytes on disk (database and WAL)."""
        total = 0
        for suffix in ("", "-wal"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                total += p.stat().st_size
        return total


# --------------------------------------------------------------------------------------------
# helpers

ROW_COLUMNS = (
    "id, title, published, source, principal, counterpart, principal_side, counterpart_side, kind, "
    "n_shared, n_only, n_statements, path, meeting"
)
_MARK_ON = "\ue000"
_MARK_OFF = "\ue001"


_ACCOUNT_COLS = "id, principal_side, counterpart_side, day, source, kind, principal, counterpart"


def _surname(name: str | None) -> str | None:
    words = [
        w for w in re.findall(r"[^\W\d_]+", (name or "").lower()) if w not in ("jr", "sr", "ii", "iii", "iv")
    ]
    return words[-1] if words else None


def _same_meeting(a: Sequence[Any], b: Sequence[Any]) -> bool:
    """Two candidate accounts (rows of ``_ACCOUNT_COLS``): different publishers, kind and a person agree."""
    from rapidfuzz import fuzz

    if (a[4] or "") == (b[4] or ""):
        return False
    calls = {"call", "video call"}
    if "unknown" not in (a[5], b[5]) and (a[5] in calls) != (b[5] in calls):
        return False
    pairs = [(_surname(a[7]), _surname(b[6])), (_surname(a[6]), _surname(b[7]))]
    named = [(x, y) for x, y in pairs if x and y]
    return not named or any(fuzz.ratio(x, y) >= 80 for x, y in named)


def stance_columns(alias: str) -> str:
    return ", ".join(f"{alias}.{col.strip()}" for col in STANCE_COLS.split(","))


def row_from(r: Sequence[Any]) -> ReadoutRow:
    return ReadoutRow(
        id=int(r[0]),
        title=r[1],
        published=iso_date(r[2]),
        source=r[3],
        principal=r[4],
        counterpart=r[5],
        principal_side=r[6],
        counterpart_side=r[7],
        kind=r[8],
        n_shared=int(r[9]),
        n_only=int(r[10]),
        n_statements=int(r[11]),
        path=r[12],
        meeting=None if r[13] is None else int(r[13]),
    )


def _unmark(snippet: str) -> tuple[str, tuple[Span, ...]]:
    out: list[str] = []
    marks: list[Span] = []
    pos = 0
    start = 0
    for part in re.split(f"([{_MARK_ON}{_MARK_OFF}])", snippet):
        if part == _MARK_ON:
            start = pos
        elif part == _MARK_OFF:
            marks.append(Span(start, pos))
        else:
            out.append(part)
            pos += len(part)
    return "".join(out), tuple(marks)


_FTS_SYNTAX = re.compile(r'"|\*|\bAND\b|\bOR\b|\bNOT\b|\bNEAR\b|\^|:')


def fts_query(query: str) -> str:
    """A user's query as FTS5 syntax: plain words are each quoted (so "U.S." or "people-to-people" work)."""
    if _FTS_SYNTAX.search(query):
        return query
    words = query.split()
    if not words:
        raise ArchiveError("empty search query; give one or more words")
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _ensure_math(conn: sqlite3.Connection) -> None:
    """Provide ``ln`` when SQLite was built without its math functions."""
    try:
        conn.execute("SELECT ln(2.0)").fetchone()
    except sqlite3.OperationalError:
        conn.create_function("ln", 1, lambda x: math.log(x) if x and x > 0 else None, deterministic=True)


def _read_inputs(paths: Iterable[str | Path]) -> tuple[list[Readout], list[Failure], list[Failure]]:
    """Readouts of every input, failures, and record files skipped as not readouts."""
    from stance.read import format_of, iter_paths, read_records

    readouts: list[Readout] = []
    failed: list[Failure] = []
    skipped: list[Failure] = []
    for given in paths:
        try:
            files = list(iter_paths([given]))
        except ReadError as exc:
            failed.append(Failure(path=exc.path or str(given), reason=_reason(exc)))
            continue
        for f in files:
            got = list(read_records(f))
            good = [x for x in got if isinstance(x, Readout)]
            bad = [x for x in got if isinstance(x, ReadError)]
            if bad and not good and format_of(f) == "records" and _not_readouts(f):
                skipped.append(
                    Failure(
                        path=str(f),
                        reason="not readouts: no record has a content field "
                        "(content, text, body, ...); skipped",
                    )
                )
                continue
            readouts += good
            failed += [Failure(path=e.path or str(f), reason=_reason(e)) for e in bad]
    return readouts, failed, skipped


def _reason(exc: ReadError) -> str:
    text = str(exc)
    return text.removeprefix(f"{exc.path}: ") if exc.path else text


def _not_readouts(path: Path) -> bool:
    """True for a record file none of whose records has a content-like field (e.g. an index)."""
    import csv
    import io

    from stance.read import CONTENT_FIELDS

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    keys: set[str] = set()
    try:
        if path.suffix.lower() == ".csv":
            keys = {k.strip().lower() for k in (csv.DictReader(io.StringIO(text)).fieldnames or [])}
        elif path.suffix.lower() in (".jsonl", ".ndjson"):
            for line in text.splitlines():
                if line.strip():
                    obj = json.loads(line)
                    if isinstance(obj, dict):
                        keys |= {str(k).strip().lower() for k in obj}
        else:
            data = json.loads(text)
            for obj in data if isinstance(data, list) else [data]:
                if isinstance(obj, dict):
                    keys |= {str(k).strip().lower() for k in obj}
    except (json.JSONDecodeError, csv.Error):
        return False
    return bool(keys) and not keys & set(CONTENT_FIELDS)


def plain(obj: Any) -> Any:
    """Any result of this module, :mod:`stance.compare` or :mod:`stance.track` as JSON-ready data.

    Dataclasses become dicts of their fields, dates ISO strings, spans ``[start, end]``, and an
    :class:`Alignment` the dict of :func:`stance.serialize.alignment` (with offsets).
    """
    import dataclasses

    from stance import serialize

    if isinstance(obj, Alignment):
        return serialize.alignment(obj)
    if isinstance(obj, Span):
        return [obj.start, obj.end]
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Stance):
        return serialize.stance(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [plain(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    return obj
