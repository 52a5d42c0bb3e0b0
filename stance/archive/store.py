"""The store: opening the file (schema, migrations, pragmas), transactions, metadata, blobs."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar

from stance.archive import migrations

if TYPE_CHECKING:
    from stance.archive.packing import Unpacker
    from stance.background import Background
from stance.errors import ArchiveError

T = TypeVar("T")

SEED_DIR = Path(__file__).resolve().parents[2] / "seeds"
"""Readouts a new archive starts with."""

ENV = "STANCE_ARCHIVE"
"""Environment variable naming the archive file."""

BUSY_TIMEOUT_MS = 120_000
"""How long a writer waits for another writer's batch before giving up."""

CHUNK = 2000
"""Readouts written per step inside one batch transaction (bounds memory, not atomicity)."""

PROBE_BUDGET = 100_000
"""Postings read to find candidate nearest readouts (see :meth:`Archive.nearest`). At 100k readouts
(the 20 held-back readouts of ``benchmarks/bench_archive.py``), the query's terms taken by weight
over the square root of their postings, 100,000 postings and :data:`CANDIDATES` 150 find 0.93 of
the exact top 5 in ~0.5 ms less a compare than 200,000 postings taken by weight alone with 100
candidates (0.91); by weight alone, 100,000 postings found 0.85."""

CANDIDATES = 150
"""Readouts :meth:`Archive.nearest` scores exactly (those its read of the inverted index scores best)."""

IDS = "(SELECT value FROM json_each(?))"
"""The right side of ``IN`` for a list of integers bound as one JSON array (:func:`ids_arg`): one
prepared statement whatever the list's length. An ``IN (?, ?, ...)`` of n values is a new SQL text
for each n, prepared again (~0.1 ms for 600 values), and compare's lists change length with every
readout; SQLite seeks the values in order either way (the same query plans)."""


def ids_arg(values: Iterable[int]) -> str:
    """Integers as the JSON array :data:`IDS` binds."""
    return "[" + ",".join(str(int(v)) for v in values) + "]"


MMAP_BYTES = 2**30
"""Bytes of the file SQLite reads through a memory map instead of copying pages into its cache.
Compare's lookups land on pages all over the file (postings, LSH keys, wordings, vectors), most of
them read once per query: at 100k readouts mapped reads took ~0.7 ms off a compare of ~11."""

COMPACT_ROWS = 20_000
"""Inverted-index rows added since the last compaction that trigger one, or as many as the index
has terms when more: each add writes one row per term it holds, so many small adds split a term's
postings into many rows, and a query reads them all (nearest at 100k readouts: ~10 rows per term it
probes before a compaction, 1 after, 1.5x sooner; merging them all takes ~1.2 s at 100k)."""

BACKGROUND_MIN = 1000
"""Readouts an archive holds before it fits its own background (the packaged one: 1,247 readouts)."""

BACKGROUND_SAMPLE = 4000
"""Texts a background is fitted on at most (evenly spread over the archive)."""

PARALLEL_MIN = 100
"""Batches of at least twice this many new readouts are analysed in several processes."""


def default_path() -> Path:
    """``$STANCE_ARCHIVE``, else the per-user data folder's ``archive.sqlite3``."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("stance")) / "archive.sqlite3"


# --------------------------------------------------------------------------------------------
# errors of the file itself (all ArchiveError, so a StanceError: the CLI prints them, exit 2)


class NoArchiveError(ArchiveError):
    """The path names no archive, and the command may not create one."""


class DamagedArchiveError(ArchiveError):
    """SQLite reports the file as damaged (a bad page, a truncated file)."""


class ReadOnlyArchiveError(ArchiveError):
    """The archive (or its folder) cannot be written, and the command needs to write."""


class ArchiveFullError(ArchiveError):
    """The disk (or the file's size limit) is full; the batch was rolled back."""


MAX_INT = 2**63 - 1
"""The largest id or count SQLite stores."""


def _located(exc: ArchiveError, path: str) -> ArchiveError:
    exc.path = path
    return exc


def translate(exc: BaseException, path: str) -> BaseException:
    """The user's view of a low-level error raised while using the archive at ``path``."""
    if isinstance(exc, OverflowError):
        return ArchiveError(f"a number given is too large ({exc}); ids and limits are at most {MAX_INT}")
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.IntegrityError):
        return exc
    text = str(exc).lower()
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return _located(
            DamagedArchiveError(
                f"the archive file {path} is damaged ({exc}). Recover what it holds with "
                f"'sqlite3 {path} .recover | sqlite3 recovered.sqlite3' and use recovered.sqlite3, "
                "or restore a backup; stance does not write into a damaged file"
            ),
            path,
        )
    if "readonly" in text or "read-only" in text:
        return _located(
            ReadOnlyArchiveError(
                f"the archive {path} is read-only ({exc}); make the file and its folder writable "
                "(chmod u+w), or copy it somewhere writable and use --archive COPY"
            ),
            path,
        )
    if "full" in text or "disk i/o" in text:
        return _located(
            ArchiveFullError(
                f"the disk holding the archive {path} is full ({exc}); nothing of this batch was written. "
                "Free some space (or use --archive on another disk) and run the command again"
            ),
            path,
        )
    return exc


def guarded(cls: type[T]) -> type[T]:
    """Wrap every public method of ``cls`` so that SQLite's errors reach the user as :class:`ArchiveError`."""
    import functools
    import inspect

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def call(self: Store, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(self, *args, **kwargs)
            except (sqlite3.DatabaseError, OverflowError) as exc:
                better = translate(exc, str(self.path))
                if better is exc:
                    raise
                raise better from exc

        return call

    for name in dir(cls):
        if name.startswith("_") or name == "open":
            continue
        attr = inspect.getattr_static(cls, name)
        if inspect.isfunction(attr):
            setattr(cls, name, wrap(attr))
    return cls


class Store:
    """The SQLite file and the primitives every layer of :class:`~stance.archive.Archive` uses."""

    path: Path
    """The SQLite file."""
    read_only: bool
    """True when the file or its folder cannot be written (reading still works)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self._blob_ids: dict[bytes, int] = {}
        self._alias_ids: dict[tuple[str, ...], int] = {}
        self._zdicts: dict[str, tuple[int, list[tuple[int, bytes, int]]]] = {}
        self._unpackers: dict[bytes, Unpacker] = {}
        self._analysis_cache: dict[int, Any] = {}
        self._wording_cache: dict[int, str] = {}
        self._work: dict[str, Any] = {}
        self._theme_name_ids: dict[str, int] = {}
        self._background: tuple[int, Any] | None = None

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, seed: bool | None = None, create: bool = True) -> Self:
        """Open (migrating when needed) the archive at ``path``.

        ``None`` means :func:`default_path` (``$STANCE_ARCHIVE`` or the per-user file): it is
        created when missing and, when new, filled from :data:`SEED_DIR` (``seed`` None or
        True). An archive given by path is created only when ``create`` is true (the command
        line passes it for ``add`` alone) and starts empty unless ``seed`` is True; a missing
        file otherwise raises :class:`NoArchiveError` naming it. A file that is not a stance
        archive, a damaged one, or one that needs an upgrade it cannot be given (read-only)
        raises :class:`ArchiveError` naming it. A read-only file or folder opens for reading.
        """
        default = path is None
        p = Path(path).expanduser() if path is not None else default_path()
        name = str(p)
        if default:
            create = True
        if p.is_dir():
            raise ArchiveError(
                "is a folder; give a file name for the archive (e.g. archive.sqlite3)", path=name
            )
        exists = p.exists()
        if not exists and not create:
            raise _located(
                NoArchiveError(
                    f"no archive at {name}; check the path (only 'stance add --archive {name} FILES' "
                    "creates a new archive)"
                ),
                name,
            )
        if exists and p.stat().st_size:
            try:
                with p.open("rb") as fh:
                    head = fh.read(16)
            except OSError as exc:
                raise ArchiveError(f"cannot read the archive ({exc.strerror})", path=name) from exc
            if head != b"SQLite format 3\x00":
                raise ArchiveError(
                    "not a stance archive (not an SQLite file); give another --archive path", path=name
                )
        read_only = exists and not (os.access(p, os.W_OK) and os.access(p.parent, os.W_OK))
        try:
            if not exists:
                p.parent.mkdir(parents=True, exist_ok=True)
            conn = _connect(p, read_only)
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"cannot open the archive ({exc})", path=name) from exc
        try:
            version = migrations.check(conn, name)
            if read_only:
                if version < migrations.VERSION:
                    raise _located(
                        ReadOnlyArchiveError(
                            f"the archive {name} is read-only and was written by an older stance "
                            f"(schema {version}, now {migrations.VERSION}); make it writable (chmod u+w "
                            "on the file and its folder) so that it can be upgraded, then run the command again"
                        ),
                        name,
                    )
                before = version
            else:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                before, _ = migrations.migrate(conn, name)
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("PRAGMA cache_size = -131072")
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            conn.execute("PRAGMA temp_store = MEMORY")
        except (sqlite3.DatabaseError, OverflowError) as exc:
            conn.close()
            better = translate(exc, name)
            if better is not exc:
                raise better from exc
            raise ArchiveError(f"not a usable stance archive ({exc})", path=name) from exc
        except BaseException:
            conn.close()
            raise
        _ensure_math(conn)
        archive = cls(conn, p, read_only=read_only)
        if before == 0 and (seed if seed is not None else default) and SEED_DIR.is_dir():
            archive._seed()
        return archive

    def _seed(self) -> None:
        """Fill a new archive from ``seeds/`` (the ingest layer does it)."""

    def check(self) -> None:
        """A full integrity check (reads every page: seconds on a large archive).

        Raises :class:`DamagedArchiveError` saying how to recover when SQLite finds a problem.
        """
        try:
            rows = [r[0] for r in self.conn.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:
            better = translate(exc, str(self.path))
            raise (better if better is not exc else ArchiveError(str(exc), path=str(self.path))) from exc
        if rows != ["ok"]:
            raise translate(sqlite3.DatabaseError(f"database disk image is malformed: {rows[0]}"), str(self.path))

    def close(self) -> None:
        """Close the file (a WAL checkpoint runs when the last connection closes)."""
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r})"


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
        self._analysis_cache.clear()
        if self.read_only:
            raise translate(sqlite3.OperationalError("attempt to write a readonly database"), str(self.path))
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            better = translate(exc, str(self.path))
            if better is not exc:
                raise better from exc
            raise ArchiveError(
                f"the archive is busy ({exc}); another stance process holds it for too long, try again",
                path=str(self.path),
            ) from exc

    def _rollback(self) -> None:
        """Undo the open transaction (SQLite may have rolled back already, e.g. on a full disk)."""
        self._zdicts.clear()
        self._background = None
        self._analysis_cache.clear()
        self._wording_cache.clear()
        self._theme_name_ids.clear()
        self._blob_ids.clear()
        self._alias_ids.clear()
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

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


    # -- compressed values (see stance.archive.packing) ---------------------------------------

    _DICT_KEYS = {"analysis": "SELECT coalesce(max(readout_id), 0) FROM analysis",
                  "wording": "SELECT coalesce(max(id), 0) FROM formulas"}

    def _dicts(self, kind: str, key: int) -> list[tuple[int, bytes, int]]:
        """The dictionaries of ``kind`` as ``(first, data, samples)``, loaded again when ``key`` is
        beyond what was stored when they were loaded (another process may have trained one since)."""
        have = self._zdicts.get(kind)
        if have is None or key > have[0]:
            horizon = int(self.conn.execute(self._DICT_KEYS[kind]).fetchone()[0])
            rows = self.conn.execute(
                "SELECT first, data, samples FROM zdicts WHERE kind = ? ORDER BY first", (kind,)
            ).fetchall()
            have = self._zdicts[kind] = (max(horizon, key), [(int(f), bytes(d), int(n)) for f, d, n in rows])
        return have[1]

    def _zdict(self, kind: str, key: int) -> bytes:
        """The dictionary a value of ``kind`` stored under ``key`` is compressed with."""
        best = b""
        for first, data, _ in self._dicts(kind, key):
            if first > key:
                break
            best = data
        return best

    def _latest_zdict(self, kind: str) -> bytes | None:
        """The dictionary new values of ``kind`` are compressed with now (None before the first)."""
        dicts = self._dicts(kind, 0)
        return dicts[-1][1] if dicts else None

    def _unpack(self, kind: str, key: int, data: bytes) -> bytes:
        from stance.archive.packing import Unpacker

        zdict = self._zdict(kind, key)
        unpacker = self._unpackers.get(zdict)
        if unpacker is None:
            unpacker = self._unpackers[zdict] = Unpacker(zdict)
        return unpacker(data)

    def _analysis_value(self, readout_id: int) -> list[Any] | None:
        """The decoded analysis value of a readout (see :func:`stance.archive.packing.analysis_json`)."""
        row = self.conn.execute("SELECT data FROM analysis WHERE readout_id = ?", (readout_id,)).fetchone()
        if row is None:
            return None
        value: list[Any] = json.loads(self._unpack("analysis", readout_id, row[0]))
        return value

    def _train(self, kind: str, first: int, fresh: list[bytes], total: int) -> bytes:
        """The dictionary for values of ``kind`` from ``first`` on: a new one, trained on ``fresh`` and the
        latest stored values, when the archive holds at least four times the values the last one was
        trained on (and at least a few); else the current one."""
        from stance.archive.packing import TRAIN_CAP, TRAIN_MIN, train

        dicts = self._dicts(kind, first)
        last = dicts[-1][2] if dicts else 0
        cap = TRAIN_CAP[kind]
        if last >= cap or total < max(TRAIN_MIN[kind], 4 * last):
            return self._zdict(kind, first)
        samples = fresh[:cap]
        if len(samples) < cap:
            samples += self._latest_values(kind, cap - len(samples))
        data = train(kind, samples)
        self.conn.execute(
            "INSERT OR REPLACE INTO zdicts(kind, first, samples, data) VALUES (?, ?, ?, ?)",
            (kind, first, len(samples), data),
        )
        self._zdicts[kind] = (self._zdicts[kind][0], [*(d for d in dicts if d[0] < first), (first, data, len(samples))])
        return data

    def _latest_values(self, kind: str, limit: int) -> list[bytes]:
        """The latest ``limit`` stored values of ``kind``, decoded."""
        if kind == "analysis":
            sql = "SELECT readout_id, data FROM analysis ORDER BY readout_id DESC LIMIT ?"
        else:
            sql = "SELECT id, norm FROM formulas ORDER BY id DESC LIMIT ?"
        return [self._unpack(kind, int(k), d) for k, d in self.conn.execute(sql, (limit,)).fetchall()]

    # -- the archive's own background -------------------------------------------------------

    def background(self) -> Background | None:
        """The background the archive fitted on its own readouts (word weights for analysis and
        compare), or None while it holds fewer than :data:`BACKGROUND_MIN` readouts (then the
        packaged background is used)."""
        from stance.background import Background

        row = self.conn.execute("SELECT first, data FROM backgrounds ORDER BY first DESC LIMIT 1").fetchone()
        if row is None:
            return None
        if self._background is None or self._background[0] != row[0]:
            self._background = (int(row[0]), Background.loads(row[1], source=f"archive {self.path.name}"))
        bg: Background = self._background[1]
        return bg

    def background_bytes(self) -> bytes | None:
        """:meth:`background` as stored (what worker processes are given)."""
        row = self.conn.execute("SELECT data FROM backgrounds ORDER BY first DESC LIMIT 1").fetchone()
        return None if row is None else bytes(row[0])

    def _maybe_refit_background(self) -> None:
        """Once per batch (inside its transaction): fit the background again when the archive holds at
        least :data:`BACKGROUND_MIN` readouts and twice the readouts the last one was fitted on; from
        at most :data:`BACKGROUND_SAMPLE` texts spread evenly over the archive (a few seconds at most)."""
        from stance.background import fit_background

        n = self.count()
        row = self.conn.execute("SELECT documents FROM backgrounds ORDER BY first DESC LIMIT 1").fetchone()
        last = int(row[0]) if row else 0
        if n < BACKGROUND_MIN or (last and n < 2 * last):
            return
        step = max(1, -(-n // BACKGROUND_SAMPLE))
        texts = (
            str(t)
            for (t,) in self.conn.execute(
                "SELECT text FROM (SELECT text, row_number() OVER (ORDER BY id) AS k FROM readouts) WHERE k % ? = 0",
                (step,),
            )
        )
        bg = fit_background(texts, source=f"archive of {n} readouts")
        if not bg.documents:
            return
        first = 1 + int(
            self.conn.execute(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'readouts'), 0),"
                " coalesce((SELECT max(id) FROM readouts), 0))"
            ).fetchone()[0]
        )
        # documents records the archive's size (the refit rule), the fit itself says how many it read
        self.conn.execute(
            "INSERT OR REPLACE INTO backgrounds(first, documents, data) VALUES (?, ?, ?)", (first, n, bg.dumps())
        )

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
                self._rollback()
                raise

        return tx()


    def count(self) -> int:
        """Number of archived readouts."""
        return int(self.conn.execute("SELECT count(*) FROM readouts").fetchone()[0])


    def _missing(self, readout_id: int) -> ArchiveError:
        return ArchiveError(
            f"no readout with id {readout_id} in the archive; 'stance list' shows the ids",
            path=str(self.path),
        )


    def _load_blob(self, bid: int) -> Any:
        return json.loads(
            zlib.decompress(self.conn.execute("SELECT data FROM blobs WHERE id = ?", (bid,)).fetchone()[0])
        )


    def size(self) -> int:
        """Bytes on disk (database and WAL)."""
        total = 0
        for suffix in ("", "-wal"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                total += p.stat().st_size
        return total



def _ensure_math(conn: sqlite3.Connection) -> None:
    """Provide ``ln`` when SQLite was built without its math functions."""
    try:
        conn.execute("SELECT ln(2.0)").fetchone()
    except sqlite3.OperationalError:
        conn.create_function("ln", 1, lambda x: math.log(x) if x and x > 0 else None, deterministic=True)




def _connect(p: Path, read_only: bool) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), read-only when asked.

    A read-only archive in WAL mode cannot create its shared-memory file in a read-only folder:
    it is then opened as immutable (no other process may be writing it, which a read-only folder
    guarantees).
    """
    kwargs: dict[str, Any] = {
        "timeout": BUSY_TIMEOUT_MS / 1000,
        "isolation_level": None,
        "check_same_thread": False,
    }
    if not read_only:
        conn: sqlite3.Connection = sqlite3.connect(p, **kwargs)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn
    from urllib.parse import quote

    uri = "file:" + quote(str(p.resolve()))
    mode = "?mode=ro" if os.access(p.parent, os.W_OK) else "?mode=ro&immutable=1"
    ro: sqlite3.Connection = sqlite3.connect(uri + mode, uri=True, **kwargs)
    ro.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return ro
