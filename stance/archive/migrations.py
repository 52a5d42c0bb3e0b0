"""Numbered schema migrations of the archive, tracked with ``PRAGMA user_version``.

Migration N turns a version N-1 archive into a version N archive. Each runs inside the
transaction that :func:`migrate` opens, so a failed migration leaves the file as it was. A new
schema change is a new entry at the end of :data:`MIGRATIONS`; never edit one that has shipped.

The file is marked as a stance archive with ``PRAGMA application_id`` (:data:`APPLICATION_ID`),
so that :func:`check` can tell a stance archive from some other SQLite database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from stance.errors import ArchiveError

APPLICATION_ID = 0x5354_4E43
"""``PRAGMA application_id`` of a stance archive ("STNC")."""

V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Content-addressed, zlib-compressed JSON values that repeat across readouts (alias tables).
CREATE TABLE blobs (
    id   INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE,
    data BLOB NOT NULL
);

CREATE TABLE readouts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused after a remove
    hash             TEXT NOT NULL UNIQUE,      -- sha256 of the text: the same text is stored once
    text             TEXT NOT NULL,
    title            TEXT NOT NULL,
    body_start       INTEGER NOT NULL,
    body_end         INTEGER NOT NULL,
    paragraphs       TEXT NOT NULL,             -- JSON [[start, end], ...]
    published        TEXT,                      -- ISO date
    meeting_date     TEXT,
    place            TEXT,
    kind             TEXT NOT NULL,
    source           TEXT,
    path             TEXT,
    url              TEXT,
    encoding         TEXT NOT NULL,
    warnings         TEXT NOT NULL,             -- JSON list
    notes            TEXT NOT NULL,             -- JSON list (Split.notes)
    principal        TEXT,
    counterpart      TEXT,
    principal_side   TEXT,
    counterpart_side TEXT,
    counterpart_key  TEXT,                      -- lower-cased surname of the counterpart
    day              INTEGER,                   -- date ordinal of meeting_date, else published
    n_statements     INTEGER NOT NULL,
    n_shared         INTEGER NOT NULL,
    n_only           INTEGER NOT NULL,
    meeting          INTEGER,                   -- smallest id of the readouts that report the same meeting
    norm             REAL NOT NULL DEFAULT 1.0, -- TF-IDF vector length under the fitted idf
    added            TEXT NOT NULL
);
CREATE INDEX readouts_published ON readouts(published, id);
CREATE INDEX readouts_source ON readouts(source, published);
CREATE INDEX readouts_pside ON readouts(principal_side, published);
CREATE INDEX readouts_cside ON readouts(counterpart_side, published);
CREATE INDEX readouts_ckey ON readouts(counterpart_key, principal_side, published);
CREATE INDEX readouts_accounts ON readouts(principal_side, counterpart_side, day);
CREATE INDEX readouts_meeting ON readouts(meeting) WHERE meeting IS NOT NULL;
CREATE INDEX readouts_norm ON readouts(id, norm);

CREATE TABLE parties (
    readout_id   INTEGER NOT NULL REFERENCES readouts(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    pid          TEXT NOT NULL,
    role         TEXT NOT NULL,
    name         TEXT NOT NULL,
    title        TEXT,
    organisation TEXT,
    side         TEXT,
    members      TEXT NOT NULL,                 -- JSON list
    aliases      INTEGER NOT NULL REFERENCES blobs(id),
    PRIMARY KEY (readout_id, idx)
) WITHOUT ROWID;

CREATE TABLE statements (
    id              INTEGER PRIMARY KEY,
    readout_id      INTEGER NOT NULL REFERENCES readouts(id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,
    party           TEXT NOT NULL,
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    cue             TEXT,
    cue_start       INTEGER,
    cue_end         INTEGER,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    cited           TEXT,
    confidence      REAL NOT NULL,
    reason          TEXT NOT NULL,
    paragraph       INTEGER NOT NULL,
    stance_label    TEXT,                       -- the statement's Stance, or NULL label
    stance_strength REAL,
    stance_polarity TEXT,
    stance_cue_start INTEGER,
    stance_cue_end  INTEGER,
    stance_negated  INTEGER,
    formula_id      INTEGER,                    -- formulas(id) of its normalised wording
    source          TEXT,                       -- copies of the readout's, for formula counts
    published       TEXT,
    UNIQUE (readout_id, idx)
);
CREATE INDEX statements_formula ON statements(formula_id, source, published, readout_id);

-- Distinct normalised statement wordings, and MinHash LSH band keys over their word 3-grams.
CREATE TABLE formulas (
    id   INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL UNIQUE,
    norm TEXT NOT NULL
);
CREATE TABLE formula_lsh (
    key        INTEGER NOT NULL,
    formula_id INTEGER NOT NULL,
    PRIMARY KEY (key, formula_id)
) WITHOUT ROWID;

CREATE TABLE themes (
    id           INTEGER PRIMARY KEY,
    readout_id   INTEGER NOT NULL REFERENCES readouts(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    score        REAL NOT NULL,
    basis        TEXT NOT NULL,
    joint        INTEGER NOT NULL,
    principal    INTEGER NOT NULL,              -- 1 when the principal (or both, jointly) raised it
    counterpart  INTEGER NOT NULL,              -- 1 when the counterpart (or both, jointly) raised it
    UNIQUE (readout_id, idx)
);
CREATE INDEX themes_name ON themes(name, readout_id);

CREATE TABLE evidence (
    theme_id  INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    party     TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    statement INTEGER NOT NULL,
    stance_label    TEXT,                       -- the evidence's Stance, or NULL label
    stance_strength REAL,
    stance_polarity TEXT,
    stance_cue_start INTEGER,
    stance_cue_end  INTEGER,
    stance_negated  INTEGER,
    PRIMARY KEY (theme_id, idx)
) WITHOUT ROWID;

-- TF-IDF over whole readouts: vocabulary with document frequencies, an inverted index and each
-- readout's own vector (for exact rescoring). The inverted index holds one row per term and
-- insert chunk: the readout ids (uint32) and their weights (float32, sublinear tf times idf over
-- the vector length, as of insertion). Rows of removed readouts stay until they are skipped.
CREATE TABLE terms (
    id   INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE,
    df   INTEGER NOT NULL
);
CREATE TABLE postings (
    term_id INTEGER NOT NULL,
    chunk   INTEGER NOT NULL,                   -- the first readout id of the insert chunk
    ids     BLOB NOT NULL,
    weights BLOB NOT NULL,
    PRIMARY KEY (term_id, chunk)
) WITHOUT ROWID;
CREATE TABLE vectors (
    readout_id INTEGER PRIMARY KEY REFERENCES readouts(id) ON DELETE CASCADE,
    terms      BLOB NOT NULL,                   -- uint32 term ids, ascending
    tfs        BLOB NOT NULL                    -- uint16 counts
);

CREATE VIRTUAL TABLE readouts_fts USING fts5(
    title, text, content='readouts', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
"""

V2 = """
-- One identity per person and per side (stance.identity): canonical keys beside the names as read.
ALTER TABLE readouts ADD COLUMN principal_key TEXT;      -- identity.person_key of the principal
ALTER TABLE readouts ADD COLUMN principal_canon TEXT;    -- identity.canonical_side of principal_side
ALTER TABLE readouts ADD COLUMN counterpart_canon TEXT;  -- identity.canonical_side of counterpart_side
ALTER TABLE parties ADD COLUMN person_key TEXT;
ALTER TABLE parties ADD COLUMN canon_side TEXT;
DROP INDEX readouts_pside;
DROP INDEX readouts_cside;
DROP INDEX readouts_ckey;
DROP INDEX readouts_accounts;
CREATE INDEX readouts_pcanon ON readouts(principal_canon COLLATE NOCASE, published);
CREATE INDEX readouts_ccanon ON readouts(counterpart_canon COLLATE NOCASE, published);
CREATE INDEX readouts_ckey ON readouts(counterpart_key, principal_canon COLLATE NOCASE, published);
CREATE INDEX readouts_pkey ON readouts(principal_key, published);
CREATE INDEX readouts_accounts ON readouts(principal_canon, counterpart_canon, day);

-- track: each theme a side raised in a readout (side x theme x date), and per month the readouts
-- of a side (theme '') and those raising each theme, kept up to date by add and remove.
CREATE TABLE track_index (
    side       TEXT NOT NULL COLLATE NOCASE,    -- canonical side
    theme      TEXT NOT NULL COLLATE NOCASE,
    day        INTEGER NOT NULL,                -- julian day of publication; 99999999 when undated
    theme_id   INTEGER NOT NULL,
    readout_id INTEGER NOT NULL,
    PRIMARY KEY (side, theme, day, theme_id)
) WITHOUT ROWID;
CREATE TABLE track_months (
    side     TEXT NOT NULL COLLATE NOCASE,
    theme    TEXT NOT NULL COLLATE NOCASE,      -- '' for every readout of the side
    month    TEXT NOT NULL,                     -- YYYY-MM of publication, '' when undated
    readouts INTEGER NOT NULL,
    PRIMARY KEY (side, theme, month)
) WITHOUT ROWID;

-- full-text search with prefix indexes (2 and 3 letters) for 'word*' queries
DROP TABLE readouts_fts;
CREATE VIRTUAL TABLE readouts_fts USING fts5(
    title, text, content='readouts', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
    prefix='2 3'
);
"""


def _v2_data(conn: sqlite3.Connection) -> None:
    """Fill what V2 added from what V1 stored: keys, canonical sides, the track index, FTS."""
    from stance.archive.trackindex import rebuild
    from stance.identity import canonical_side, person_key

    rows = conn.execute(
        "SELECT id, principal, principal_side, counterpart, counterpart_side FROM readouts"
    ).fetchall()
    conn.executemany(
        "UPDATE readouts SET principal_key = ?, counterpart_key = ?, principal_canon = ?, counterpart_canon = ?"
        " WHERE id = ?",
        [
            (person_key(p, ps), person_key(c, cs), canonical_side(ps), canonical_side(cs), rid)
            for rid, p, ps, c, cs in rows
        ],
    )
    parties = conn.execute("SELECT readout_id, idx, name, side FROM parties").fetchall()
    conn.executemany(
        "UPDATE parties SET person_key = ?, canon_side = ? WHERE readout_id = ? AND idx = ?",
        [(person_key(name, side), canonical_side(side), rid, idx) for rid, idx, name, side in parties],
    )
    rebuild(conn)
    conn.execute("INSERT INTO readouts_fts(readouts_fts) VALUES ('rebuild')")


Migration = str | Callable[[sqlite3.Connection], None] | tuple[str, Callable[[sqlite3.Connection], None]]

V3 = """
-- full-text search without prefix indexes: 'word*' is a range scan of the term index, fast enough
-- (sanct* 12 ms, en* 83 ms at 100k readouts) while the 2- and 3-letter prefix indexes were
-- 1.0 of the 1.6 KB per readout the index took. Phrases ("U.S.") still need detail=full.
DROP TABLE readouts_fts;
CREATE VIRTUAL TABLE readouts_fts USING fts5(
    title, text, content='readouts', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
"""


def _v3_data(conn: sqlite3.Connection) -> None:
    """Index every stored title and text again (the external content table is unchanged)."""
    conn.execute("INSERT INTO readouts_fts(readouts_fts) VALUES ('rebuild')")


MIGRATIONS: tuple[Migration, ...] = (V1, (V2, _v2_data), (V3, _v3_data))
"""Migrations; entry ``i`` brings the schema to version ``i + 1``: an SQL script, a function, or a
script followed by a function (for data only Python can compute)."""

VERSION = len(MIGRATIONS)
"""The schema version this code writes."""

STANCE_TABLES: frozenset[str] = frozenset({"meta", "readouts", "statements"})


def check(conn: sqlite3.Connection, path: str) -> int:
    """The schema version of an open database, or raise :class:`ArchiveError` if it is not an archive.

    An empty database (no tables, version 0) is version 0 and can be migrated. A database with
    tables of its own but no stance mark, or from a newer stance, is refused with a message
    naming the file.
    """
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"not a stance archive ({exc}); give another --archive path", path=path) from exc
    if version == 0 and app == 0 and not tables:
        return 0
    if app != APPLICATION_ID or not tables >= STANCE_TABLES:
        raise ArchiveError(
            "is an SQLite database but not a stance archive; give another --archive path "
            "(stance never writes into other databases)",
            path=path,
        )
    if version > VERSION:
        raise ArchiveError(
            f"archive schema version {version} is newer than this stance understands "
            f"({VERSION}); upgrade stance",
            path=path,
        )
    return version


def migrate(conn: sqlite3.Connection, path: str) -> tuple[int, int]:
    """Bring the database to :data:`VERSION`; returns ``(version before, version after)``.

    Takes the write lock first (``BEGIN IMMEDIATE``) and reads the version inside the
    transaction, so that two processes opening a new archive at once migrate it once.
    """
    if check(conn, path) == VERSION:
        return VERSION, VERSION
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = check(conn, path)
        for number in range(before, VERSION):
            step = MIGRATIONS[number]
            parts = step if isinstance(step, tuple) else (step,)
            for part in parts:
                if isinstance(part, str):
                    for statement in _statements(part):
                        conn.execute(statement)
                else:
                    part(conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return before, VERSION


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (``executescript`` would commit on its own)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        code = line.split("--", 1)[0]
        buf += code
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
