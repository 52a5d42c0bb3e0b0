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
    conn.execute("INSERT INTO readouts_fts(readouts_fts) VALUES ('rebuild')")
    # the track index is filled by schema 4's step, in its own layout (migrations never call code
    # that assumes the latest schema)


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


V4 = """
-- What no query filters on is stored compactly (stance.archive.packing): a readout's statements,
-- themes and evidence become one compressed value; statements keep a row only as formula uses,
-- themes only with what track and compare filter on; formula wordings are compressed and their
-- LSH keys folded to 32 bits. 7.9 -> (see README) KB per readout beyond the text.
CREATE TABLE zdicts (
    kind    TEXT NOT NULL,                      -- 'analysis' (by readout id), 'wording' (by formula id)
    first   INTEGER NOT NULL,                   -- the first id whose value uses this dictionary
    samples INTEGER NOT NULL,                   -- values it was trained on
    data    BLOB NOT NULL,
    PRIMARY KEY (kind, first)
) WITHOUT ROWID;
CREATE TABLE analysis (
    readout_id INTEGER PRIMARY KEY,             -- readouts(id)
    data       BLOB NOT NULL                    -- zlib(JSON [1, statements, themes]) with a zdicts dictionary
);
CREATE TABLE uses (                             -- each statement as a use of its formula
    formula_id INTEGER NOT NULL,
    source     TEXT NOT NULL,                   -- the readout's publisher, '' when none
    day        INTEGER NOT NULL,                -- julian day of publication; 99999999 when undated
    readout_id INTEGER NOT NULL,
    idx        INTEGER NOT NULL,                -- the statement's index
    PRIMARY KEY (formula_id, source, day, readout_id, idx)
) WITHOUT ROWID;
CREATE TABLE theme_names (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE theme_rows (                       -- read through the view "themes"
    readout_id  INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    name_id     INTEGER NOT NULL,               -- theme_names(id)
    principal   INTEGER NOT NULL,               -- 1 when the principal (or both, jointly) raised it
    counterpart INTEGER NOT NULL,               -- 1 when the counterpart (or both, jointly) raised it
    PRIMARY KEY (readout_id, idx)
) WITHOUT ROWID;
CREATE TABLE formulas_v4 (
    id   INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL UNIQUE,
    norm BLOB NOT NULL                          -- zlib(normalised wording) with a zdicts dictionary
);
CREATE TABLE vectors_v4 (
    readout_id INTEGER PRIMARY KEY,
    data       BLOB NOT NULL                    -- zlib(term id deltas uint32, counts uint16): features.pack_vector
);
CREATE TABLE postings_v4 (
    term_id INTEGER NOT NULL,
    chunk   INTEGER NOT NULL,                   -- the first readout id of the insert chunk
    ids     BLOB NOT NULL,                      -- zlib(readout id deltas uint32): features.pack_ids
    weights BLOB NOT NULL,                      -- float16
    PRIMARY KEY (term_id, chunk)
) WITHOUT ROWID;
CREATE TABLE formula_lsh_v4 (
    key        INTEGER NOT NULL,                -- MinHash LSH band key folded to 32 bits
    formula_id INTEGER NOT NULL,
    PRIMARY KEY (key, formula_id)
) WITHOUT ROWID;
"""

V4_AFTER = """
DROP TABLE evidence;
DROP TABLE statements;
DROP TABLE themes;
DROP TABLE formulas;
DROP TABLE formula_lsh;
DROP TABLE vectors;
DROP TABLE postings;
ALTER TABLE vectors_v4 RENAME TO vectors;
ALTER TABLE postings_v4 RENAME TO postings;
ALTER TABLE formulas_v4 RENAME TO formulas;
ALTER TABLE formula_lsh_v4 RENAME TO formula_lsh;
CREATE INDEX themes_name ON theme_rows(name_id);
CREATE VIEW themes AS
    SELECT t.readout_id, t.idx, n.name, t.principal, t.counterpart
    FROM theme_rows t JOIN theme_names n ON n.id = t.name_id;
DROP TABLE track_index;
CREATE TABLE track_lines (                      -- a side's line on a theme
    id    INTEGER PRIMARY KEY,
    side  TEXT NOT NULL COLLATE NOCASE,         -- canonical side
    theme TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (side, theme)
);
CREATE TABLE track_index (
    line       INTEGER NOT NULL,                -- track_lines(id)
    day        INTEGER NOT NULL,                -- julian day of publication; 99999999 when undated
    readout_id INTEGER NOT NULL,
    idx        INTEGER NOT NULL,                -- the theme's index in the readout
    PRIMARY KEY (line, day, readout_id, idx)
) WITHOUT ROWID;
"""

_V3_STATEMENTS = (
    "SELECT readout_id, party, start, end, cue, cue_start, cue_end, speaker_start, speaker_end, cited,"
    " confidence, reason, paragraph, stance_label, stance_strength, stance_polarity, stance_cue_start,"
    " stance_cue_end, stance_negated FROM statements WHERE readout_id BETWEEN ? AND ? ORDER BY readout_id, idx"
)
_V3_THEMES = (
    "SELECT readout_id, id, idx, name, status, score, basis, joint, principal, counterpart FROM themes"
    " WHERE readout_id BETWEEN ? AND ? ORDER BY readout_id, idx"
)
_V3_EVIDENCE = (
    "SELECT e.theme_id, e.party, e.start, e.end, e.statement, e.stance_label, e.stance_strength,"
    " e.stance_polarity, e.stance_cue_start, e.stance_cue_end, e.stance_negated FROM evidence e"
    " JOIN themes t ON t.id = e.theme_id WHERE t.readout_id BETWEEN ? AND ? ORDER BY e.theme_id, e.idx"
)


def _v3_analyses(
    conn: sqlite3.Connection, first: int, last: int
) -> dict[int, tuple[bytes, list[tuple[int, str, int, int]]]]:
    """Schema 3's statements, themes and evidence of readouts ``first`` to ``last`` as analysis
    values (:func:`stance.archive.packing.analysis_json`) and the slim theme rows."""
    from stance.archive.codec import stance_from
    from stance.archive.packing import analysis_json
    from stance.model import Evidence, Span, Stance, Statement, Theme

    def span(a: int | None, b: int | None) -> Span | None:
        return None if a is None or b is None else Span(a, b)

    statements: dict[int, list[tuple[Statement, Stance | None]]] = {}
    for r in conn.execute(_V3_STATEMENTS, (first, last)):
        statements.setdefault(r[0], []).append(
            (
                Statement(party=r[1], span=Span(r[2], r[3]), cue=r[4], cue_span=span(r[5], r[6]),
                          speaker_span=span(r[7], r[8]), cited=r[9], confidence=r[10], reason=r[11],
                          paragraph=r[12]),
                stance_from(*r[13:19]),
            )
        )
    evidence: dict[int, list[Evidence]] = {}
    for tid, party, start, end, st, *stance in conn.execute(_V3_EVIDENCE, (first, last)):
        evidence.setdefault(tid, []).append(
            Evidence(party=party, span=Span(start, end), statement=st, stance=stance_from(*stance))
        )
    themes: dict[int, list[tuple[Theme, tuple[int, str, int, int]]]] = {}
    for rid, tid, idx, name, status, score, basis, joint, principal, counterpart in conn.execute(
        _V3_THEMES, (first, last)
    ):
        themes.setdefault(rid, []).append(
            (
                Theme(name=name, status=status, evidence=tuple(evidence.get(tid, ())), score=score, basis=basis,
                      joint=bool(joint)),
                (idx, name, principal, counterpart),
            )
        )
    out = {}
    for (rid,) in conn.execute("SELECT id FROM readouts WHERE id BETWEEN ? AND ? ORDER BY id", (first, last)):
        st = statements.get(rid, [])
        th = themes.get(rid, [])
        out[int(rid)] = (
            analysis_json([s for s, _ in st], [x for _, x in st], [t for t, _ in th]),
            [row for _, row in th],
        )
    return out


def _v4_data(conn: sqlite3.Connection) -> None:
    """Schema 3's rows in schema 4's layout, every value kept (tested on a schema-3 file)."""
    from stance.archive.packing import ANALYSIS, TRAIN_CAP, WORDING, pack, train
    from stance.archive.trackindex import UNDATED, rebuild

    ids = [int(r[0]) for r in conn.execute("SELECT id FROM readouts ORDER BY id")]
    # dictionaries first, trained on values spread over the whole archive
    zdicts: dict[str, bytes] = {}
    step = max(1, len(ids) // TRAIN_CAP[ANALYSIS])
    sample_ids = ids[::step][: TRAIN_CAP[ANALYSIS]]
    samples = []
    for i in range(0, len(sample_ids), 200):
        part = sample_ids[i : i + 200]
        got = _v3_analyses(conn, part[0], part[-1])
        samples += [got[r][0] for r in part if r in got]
    n_formulas = int(conn.execute("SELECT count(*) FROM formulas").fetchone()[0])
    fstep = max(1, n_formulas // TRAIN_CAP[WORDING])
    wordings = [
        str(r[0]).encode("utf-8", "surrogatepass")
        for r in conn.execute("SELECT norm FROM formulas WHERE id % ? = 0 ORDER BY id", (fstep,))
    ][: TRAIN_CAP[WORDING]]
    for kind, values in ((ANALYSIS, samples), (WORDING, wordings)):
        if values:
            zdicts[kind] = train(kind, values)
            conn.execute(
                "INSERT INTO zdicts(kind, first, samples, data) VALUES (?, 0, ?, ?)", (kind, len(values), zdicts[kind])
            )
    for i in range(0, len(ids), 1000):
        part = ids[i : i + 1000]
        got = _v3_analyses(conn, part[0], part[-1])
        conn.executemany(
            "INSERT INTO analysis(readout_id, data) VALUES (?, ?)",
            [(rid, pack(raw, zdicts.get(ANALYSIS, b""))) for rid, (raw, _) in got.items()],
        )
        themes = [(rid, *row) for rid, (_, theme_rows) in got.items() for row in theme_rows]
        conn.executemany("INSERT OR IGNORE INTO theme_names(name) VALUES (?)", [(t[2],) for t in themes])
        conn.executemany(
            "INSERT INTO theme_rows(readout_id, idx, name_id, principal, counterpart)"
            " VALUES (?, ?, (SELECT id FROM theme_names WHERE name = ?), ?, ?)",
            themes,
        )
    conn.execute(
        "INSERT INTO uses(formula_id, source, day, readout_id, idx) SELECT formula_id, coalesce(source, ''),"
        f" coalesce(CAST(julianday(published) AS INTEGER), {UNDATED}), readout_id, idx FROM statements"
        " WHERE formula_id IS NOT NULL ORDER BY 1, 2, 3, 4, 5"
    )
    low = 0
    while True:
        rows = conn.execute(
            "SELECT id, hash, norm FROM formulas WHERE id > ? ORDER BY id LIMIT 20000", (low,)
        ).fetchall()
        if not rows:
            break
        conn.executemany(
            "INSERT INTO formulas_v4(id, hash, norm) VALUES (?, ?, ?)",
            [(fid, h, pack(str(n).encode("utf-8", "surrogatepass"), zdicts.get(WORDING, b""))) for fid, h, n in rows],
        )
        low = int(rows[-1][0])
    conn.execute(
        "INSERT OR IGNORE INTO formula_lsh_v4(key, formula_id) SELECT (key & 4294967295) - 2147483648, formula_id"
        " FROM formula_lsh ORDER BY 1, 2"
    )
    _v4_vectors(conn)
    for statement in _statements(V4_AFTER):
        conn.execute(statement)
    rebuild(conn)


def _v4_vectors(conn: sqlite3.Connection) -> None:
    """Term vectors and the inverted index in their compressed form (the same ids and counts; the
    weights as half floats)."""
    import numpy as np

    from stance.archive.features import WEIGHT, pack_ids, pack_vector

    low = -1
    while True:
        rows = conn.execute(
            "SELECT readout_id, terms, tfs FROM vectors WHERE readout_id > ? ORDER BY readout_id LIMIT 5000", (low,)
        ).fetchall()
        if not rows:
            break
        conn.executemany(
            "INSERT INTO vectors_v4(readout_id, data) VALUES (?, ?)",
            [
                (rid, pack_vector(np.frombuffer(t, dtype=np.uint32), np.frombuffer(f, dtype=np.uint16)))
                for rid, t, f in rows
            ],
        )
        low = int(rows[-1][0])
    for tid, chunk, ids, weights in conn.execute("SELECT term_id, chunk, ids, weights FROM postings ORDER BY 1, 2"):
        conn.execute(
            "INSERT INTO postings_v4(term_id, chunk, ids, weights) VALUES (?, ?, ?, ?)",
            (tid, chunk, pack_ids(np.frombuffer(ids, dtype=np.uint32)),
             np.frombuffer(weights, dtype=np.float32).astype(WEIGHT).tobytes()),
        )


V5 = """
-- The archive's own background (stance.background), fitted once per batch when the archive has
-- doubled (from 1,000 readouts on); analysis and compare use the latest one.
CREATE TABLE backgrounds (
    first     INTEGER PRIMARY KEY,              -- the first readout id analysed with it
    documents INTEGER NOT NULL,                 -- readouts the archive held when it was fitted
    data      BLOB NOT NULL                     -- Background.dumps()
);
"""


V6 = """
-- Account linking looks up readouts by counterpart side and day when a readout names its
-- counterpart without a side: without this index that lookup scanned every readout.
CREATE INDEX readouts_accounts_c ON readouts(counterpart_canon, day);
"""


MIGRATIONS: tuple[Migration, ...] = (V1, (V2, _v2_data), (V3, _v3_data), (V4, _v4_data), V5, V6)
"""Migrations; entry ``i`` brings the schema to version ``i + 1``: an SQL script, a function, or a
script followed by a function (for data only Python can compute)."""

VERSION = len(MIGRATIONS)
"""The schema version this code writes."""

STANCE_TABLES: frozenset[str] = frozenset({"meta", "readouts"})


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
    if before == 0:
        # a new file: give back the pages of the tables the later versions replaced (a free page
        # is never read, so damage to it would go unnoticed; and the file stays small)
        conn.execute("VACUUM")
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
