"""The store on real files: migration of a schema-1 archive, identity keys, and errors a user can act on."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_answers import derived, old_tables, rebuilt_tables, stored

from stance.archive import (
    Archive,
    ArchiveFullError,
    DamagedArchiveError,
    NoArchiveError,
    ReadOnlyArchiveError,
    migrations,
)
from stance.cli import main
from stance.errors import StanceError
from stance.read import parse_text

FIXTURES = Path(__file__).parent / "fixtures"
V1 = FIXTURES / "archive" / "v1-schema.sqlite3"
V2 = FIXTURES / "archive" / "v2-schema.sqlite3"  # V1 migrated by schema 2's code (FTS with prefix='2 3')
V3 = FIXTURES / "archive" / "v3-schema.sqlite3"  # made by schema 3's code (see tests/archive_answers.py)
V3_ANSWERS = FIXTURES / "archive" / "v3-answers.json.gz"
KEPT = ("readouts", "parties", "terms", "blobs", "meta", "track_months", "sqlite_sequence")
"""Tables schema 4 keeps as they were (the track index changes its key; the analysis tables, vectors
and postings their layout: :func:`archive_answers.old_tables`)."""
SPLIT = FIXTURES / "split"
ARCHIVED = FIXTURES / "archive" / "archived"


def v1_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every schema-1 table that schema 4 kept (their schema-1 columns only), sorted
    (the others: :func:`archive_answers.old_tables`)."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for table in ("readouts", "parties", "terms", "blobs"):
            # counterpart_key is derived (stance.identity.person_key) and recomputed by the migration
            cols = [r[1] for r in sqlite3.connect(V1).execute(f"PRAGMA table_info({table})")
                    if (table, r[1]) != ("readouts", "counterpart_key")]
            out[table] = sorted(
                conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr
            )
        return out
    finally:
        conn.close()


@pytest.fixture
def old(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite3"
    shutil.copy(V1, path)
    return path


def test_fixture_is_a_schema_1_archive() -> None:
    conn = sqlite3.connect(V1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    conn.close()


def test_a_schema_1_archive_migrates_without_loss(old: Path) -> None:
    before = v1_tables(old)
    analysis_before = old_tables(old)
    assert all(analysis_before.values())
    stored_corrupt = None
    with Archive.open(old) as a:
        assert a.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.VERSION
        assert a.count() == 12
        alignments = {r.id: a.alignment(r.id) for r in a.rows()}
        stored_corrupt = a.conn.execute("PRAGMA quick_check").fetchone()[0]
        # the analysis tables schema 4 replaced: every value comes back through the API
        assert rebuilt_tables(a) == analysis_before
    assert stored_corrupt == "ok"
    # every row of every schema-1 column kept is still there, unchanged ("norm" may be refitted: not here)
    assert v1_tables(old) == before
    # and what is rebuilt from them is the same on a second open
    with Archive.open(old) as a:
        assert {r.id: a.alignment(r.id) for r in a.rows()} == alignments


def test_migration_fills_identity_keys_and_the_track_index(old: Path) -> None:
    with Archive.open(old) as a:
        keys = dict(a.conn.execute("SELECT principal, principal_key FROM readouts"))
        assert keys["Joseph R. Biden"] == "biden|united states"
        biden_as_counterpart = a.conn.execute(
            "SELECT counterpart_key FROM readouts WHERE counterpart = 'Joe Biden'"
        ).fetchone()[0]
        assert biden_as_counterpart == keys["Joseph R. Biden"]
        assert a.conn.execute("SELECT count(*) FROM parties WHERE person_key IS NULL AND name != ''").fetchone()[
            0
        ] == 0
        china = {r.id for r in a.rows(side="China")}
        assert china == {
            rid
            for rid, ps, cs in a.conn.execute("SELECT id, principal_side, counterpart_side FROM readouts")
            if "China" in (ps, cs)
        }
        assert len(china) == 4
        # the track index gives what a scan of the stored themes gives
        assert a.conn.execute("SELECT count(*) FROM track_index").fetchone()[0] > 0
        total = a.conn.execute(
            "SELECT sum(readouts) FROM track_months WHERE side = 'China' AND theme = ''"
        ).fetchone()[0]
        assert total == 4


def test_migration_rebuilds_full_text_search(old: Path) -> None:
    with Archive.open(old) as a:
        sql = a.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'readouts_fts'").fetchone()[0]
        assert "prefix" not in sql  # schema 3: prefix queries scan the term index instead
        assert a.search("partner*")
        assert {h.readout_id for h in a.search("Westland")} == {
            r.id for r in a.rows() if "Westland" in a.get(r.id).text
        }


@pytest.mark.parametrize("form", ["China", "china", "Chinese", "the People's Republic of China", "Beijing"])
def test_side_filter_takes_every_form_of_a_side(tmp_path: Path, form: str) -> None:
    with Archive.open(tmp_path / "s.sqlite3") as a:
        a.add_paths([SPLIT])
        expected = {r.id for r in a.rows() if "China" in (r.principal_side, r.counterpart_side)}
        assert expected
        assert {r.id for r in a.rows(side=form)} == expected


def test_one_person_under_several_names_has_one_key(tmp_path: Path) -> None:
    texts = [
        "President Biden’s Call with President Lindqvist of Westland\n( 2023.05.02 )\n\n"
        "President Joseph R. Biden, Jr. spoke today with President Anna Lindqvist of Westland. "
        "President Biden reaffirmed support for Westland.\n",
        "Readout of President Joe Biden’s Meeting with President Lindqvist of Westland\n( 2023.09.12 )\n\n"
        "President Joe Biden met today with President Anna Lindqvist of Westland. "
        "The leaders discussed energy security.\n",
    ]
    with Archive.open(tmp_path / "p.sqlite3") as a:
        a.add([parse_text(t, path=f"wh{i}.txt", source="whitehouse") for i, t in enumerate(texts)])
        keys = {r[0] for r in a.conn.execute("SELECT principal_key FROM readouts")}
        assert len(keys) == 1
        assert len(a.rows(party="Joseph R. Biden")) == 2


# -- errors of the store ---------------------------------------------------------------------


def test_a_missing_archive_is_not_created_by_reading_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.sqlite3"
    for argv in (["list"], ["show", "1"], ["search", "trade"], ["track", "--side", "China"],
                 ["compare", str(SPLIT / "wh_call_westland.txt")], ["remove", "1"], ["report", "--overview"],
                 ["tui"]):
        assert main([*argv, "--archive", str(missing)]) == 2, argv
        err = capsys.readouterr().err
        assert f"no archive at {missing}" in err, argv
        assert not missing.exists(), argv
    with pytest.raises(NoArchiveError):
        Archive.open(missing, create=False)


def test_add_creates_an_empty_archive_by_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new.sqlite3"
    assert main(["add", str(SPLIT / "wh_call_westland.txt"), "--archive", str(db)]) == 0
    with Archive.open(db, create=False) as a:
        assert a.count() == 1
        assert "westland" in a.get(1).text.lower()
    assert "added 1" in capsys.readouterr().out


def test_the_default_archive_is_created_with_the_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANCE_ARCHIVE", str(tmp_path / "default.sqlite3"))
    with Archive.open(None) as a:
        assert a.count() >= 1
        assert any((r.source or "") == "IDCPC" for r in a.rows())


def read_everything(db: Path) -> None:
    with Archive.open(db) as a:
        for r in a.rows():
            a.alignment(r.id)
        a.check()


def test_a_damaged_page_gives_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    with Archive.open(db) as a:
        a.add_paths([SPLIT])
        a.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = a.conn.execute("PRAGMA page_size").fetchone()[0]
        root = a.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'analysis'").fetchone()[0]
    raw = bytearray(db.read_bytes())
    start = (root - 1) * page
    raw[start : start + page] = b"\xff" * page
    db.write_bytes(bytes(raw))
    with pytest.raises(DamagedArchiveError) as info:
        read_everything(db)
    message = str(info.value)
    assert str(db) in message
    assert ".recover" in message
    assert isinstance(info.value, StanceError)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_archive_reads_and_refuses_to_write(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "a.sqlite3"
    with Archive.open(db) as a:
        a.add_paths([SPLIT])
        n = a.count()
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        with Archive.open(db, create=False) as a:
            assert a.read_only
            assert len(a.rows()) == n
            assert a.search("Westland")
            with pytest.raises(ReadOnlyArchiveError, match="read-only"):
                a.add_paths([ARCHIVED])
            with pytest.raises(ReadOnlyArchiveError):
                a.remove(1)
            assert a.count() == n
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def test_read_only_connection_refuses_writes_with_a_clear_error(tmp_path: Path) -> None:
    # the same path as above without relying on permissions (which root ignores)
    db = tmp_path / "a.sqlite3"
    with Archive.open(db) as a:
        a.add_paths([ARCHIVED])
    from stance.archive.store import _connect

    conn = _connect(db, read_only=True)
    a = Archive(conn, db, read_only=True)
    try:
        assert a.count() == 3
        with pytest.raises(ReadOnlyArchiveError, match="chmod"):
            a.add_paths([SPLIT])
        a.read_only = False  # let it try: SQLite itself refuses, and the error is translated
        with pytest.raises(ReadOnlyArchiveError):
            a.remove(1)
        assert a.count() == 3
    finally:
        a.close()


def test_a_full_disk_rolls_the_batch_back(tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite3"
    with Archive.open(db) as a:
        a.add_paths([ARCHIVED])
        before = a.count()
        pages = a.conn.execute("PRAGMA page_count").fetchone()[0]
        a.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the file cannot grow: as a full disk
        with pytest.raises(ArchiveFullError, match="full") as info:
            a.add_paths([SPLIT])
        assert str(db) in str(info.value)
        assert not a.conn.in_transaction
        assert a.count() == before
        a.conn.execute("PRAGMA max_page_count = 1073741823")
        a.add_paths([SPLIT])
        assert a.count() > before


@pytest.mark.parametrize("argv", [["show", str(2**64)], ["remove", str(2**70)], ["list", "--limit", str(2**64)]])
def test_numbers_beyond_64_bits_are_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    db = tmp_path / "n.sqlite3"
    with Archive.open(db) as a:
        a.add_paths([ARCHIVED])
    assert main([*argv, "--archive", str(db)]) == 2
    err = capsys.readouterr().err
    assert "too large" in err
    assert "Traceback" not in err


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive.open(tmp_path / "x.sqlite3") as a:
        yield a


def test_huge_ids_in_the_library_are_archive_errors(archive: Archive) -> None:
    from stance.errors import ArchiveError

    for call in (lambda: archive.row(2**64), lambda: archive.get(2**64), lambda: archive.rows(limit=2**64)):
        with pytest.raises(ArchiveError, match="too large"):
            call()


def test_the_questions_users_ask_use_indexes(old: Path) -> None:
    from stance.archive import ROW_COLUMNS

    with Archive.open(old) as a:

        def plan(sql: str, args: tuple[object, ...]) -> str:
            return " | ".join(r[3] for r in a.conn.execute("EXPLAIN QUERY PLAN " + sql, args))

        same_counterpart = plan(
            f"SELECT {ROW_COLUMNS} FROM readouts WHERE id != ? AND counterpart_key = ? AND principal_canon = ?"
            " COLLATE NOCASE AND published < ? ORDER BY published DESC, id DESC LIMIT ?",
            (-1, "biden|united states", "China", "2025-01-01", 10),
        )
        assert "readouts_ckey" in same_counterpart
        side = plan(
            f"SELECT {ROW_COLUMNS} FROM readouts WHERE counterpart_canon = ? COLLATE NOCASE AND published < ?",
            ("China", "2025-01-01"),
        )
        assert "readouts_ccanon" in side
        latest = plan(
            "SELECT readout_id, idx FROM track_index WHERE line = (SELECT id FROM track_lines WHERE side = ?"
            " AND theme = ?) ORDER BY day DESC, readout_id DESC, idx DESC LIMIT 8",
            ("China", "trade"),
        )
        assert "SEARCH track_index" in latest
        assert "TEMP B-TREE" not in latest


@pytest.mark.parametrize("argv", [["list", "--limit", "-1"], ["search", "partnership", "--limit", "-3"],
                                  ["track", "--side", "United States", "--limit", "-2"]])
def test_a_negative_limit_is_an_error_not_no_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    db = tmp_path / "neg.sqlite3"
    with Archive.open(db) as a:
        a.add_paths([ARCHIVED])
    assert main([*argv, "--archive", str(db)]) == 2
    err = capsys.readouterr().err
    assert "negative" in err or "between 0" in err
    assert "Traceback" not in err


def _content_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the full-text index's own, sorted."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'readouts_fts%'")]
        return {n: sorted(conn.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}
    finally:
        conn.close()


FTS_QUERIES = ('"partner"*', '"Westland"', '"trade"', '"U" "S"', '"co"*', 'cooperation OR security')


def _fts_answers(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {
        q: conn.execute(
            "SELECT rowid, snippet(readouts_fts, 1, '[', ']', '...', 24), round(bm25(readouts_fts), 9)"
            " FROM readouts_fts WHERE readouts_fts MATCH ? ORDER BY bm25(readouts_fts), rowid", (q,)
        ).fetchall()
        for q in FTS_QUERIES
    }


def test_fixture_is_a_schema_2_archive_with_prefix_indexes() -> None:
    conn = sqlite3.connect(V2)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'readouts_fts'").fetchone()[0]
    assert "prefix='2 3'" in sql
    conn.close()


def test_a_schema_2_archive_migrates_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    shutil.copy(V2, path)
    before = _content_tables(path)
    analysis_before = old_tables(path)
    conn = sqlite3.connect(path)
    answers = _fts_answers(conn)
    conn.close()
    assert all(answers[q] for q in ('"partner"*', '"Westland"', '"co"*'))
    with Archive.open(path) as a:
        assert a.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.VERSION == 6
        sql = a.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'readouts_fts'").fetchone()[0]
        assert "prefix" not in sql
        # the same hits, snippets and ranks from the rebuilt index; every other row unchanged
        assert _fts_answers(a.conn) == answers
        assert {h.readout_id for h in a.search("partner*")} == {r[0] for r in answers['"partner"*']}
        assert rebuilt_tables(a) == analysis_before
    after = _content_tables(path)
    assert {n: after[n] for n in before if n in KEPT} == {n: before[n] for n in before if n in KEPT}


def test_fixture_is_a_schema_3_archive() -> None:
    conn = sqlite3.connect(V3)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM statements").fetchone()[0] > 100
    conn.close()


def test_a_schema_3_archive_migrates_without_loss(tmp_path: Path) -> None:
    """A schema-3 file made by schema 3's code: after the migration the library answers exactly as
    schema 3's code did on it (list, show, stances, search, filters, two accounts, compare, track,
    nearest), and every value of the replaced tables comes back."""
    import gzip
    import json

    path = tmp_path / "v3.sqlite3"
    shutil.copy(V3, path)
    before = _content_tables(path)
    analysis_before = old_tables(path)
    expected = json.loads(gzip.decompress(V3_ANSWERS.read_bytes()))
    with Archive.open(path) as a:
        assert a.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.VERSION == 6
        got = json.loads(json.dumps({"stored": stored(a), "derived": derived(a)}, sort_keys=True))
        assert rebuilt_tables(a) == analysis_before
        assert a.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert got["stored"] == expected["stored"]
    if os.environ.get("STANCE_UPDATE_GOLDEN") == "1":  # an intended change of compare/track output
        expected["derived"] = got["derived"]
        data = json.dumps(expected, ensure_ascii=False, sort_keys=True).encode("utf-8")
        V3_ANSWERS.write_bytes(gzip.compress(data, mtime=0))
    assert got["derived"] == expected["derived"]
    after = _content_tables(path)
    assert {n: after[n] for n in before if n in KEPT} == {n: before[n] for n in before if n in KEPT}


def test_a_migrated_archive_keeps_growing_like_a_new_one(tmp_path: Path) -> None:
    """Adding to a migrated schema-3 file and removing from it answers as an archive built by schema 4."""
    path = tmp_path / "v3.sqlite3"
    shutil.copy(V3, path)
    folder = FIXTURES / "archive" / "archived"
    with Archive.open(tmp_path / "new.sqlite3") as fresh:
        fresh.add_paths([folder])
        want = {fresh.get(r.id).text: (fresh.alignment(r.id), fresh.statement_stances(r.id)) for r in fresh.rows()}
    with Archive.open(path) as a:
        result = a.add_paths([folder])  # the fixture removed one of these: it comes back
        assert a.count() == 20
        assert len(result.added) == 1
        last = result.added[0].readout_id
        assert last is not None
        assert (a.alignment(last), a.statement_stances(last)) == want[a.get(last).text]
        n_formulas = a.conn.execute("SELECT count(*) FROM formulas").fetchone()[0]
        uses = a.conn.execute("SELECT count(*) FROM uses").fetchone()[0]
        assert uses == sum(r.n_statements for r in a.rows())
        a.remove(last)
        assert a.count() == 19
        assert a.conn.execute("SELECT count(*) FROM uses WHERE readout_id = ?", (last,)).fetchone()[0] == 0
        assert a.conn.execute("SELECT count(*) FROM analysis WHERE readout_id = ?", (last,)).fetchone()[0] == 0
        assert a.conn.execute("SELECT count(*) FROM formulas").fetchone()[0] == n_formulas
        uses = a.conn.execute("SELECT count(*) FROM uses").fetchone()[0]
        assert uses == sum(r.n_statements for r in a.rows())


def test_inverted_index_rows_decode_alone_and_together() -> None:
    import numpy as np

    from stance.archive.features import pack_ids, unpack_ids, unpack_many_ids

    rng = np.random.default_rng(3)
    rows = [np.sort(rng.choice(10**6, size=n, replace=False)).astype(np.uint32) for n in (0, 1, 5, 0, 40, 1, 0)]
    packed = [pack_ids(r) for r in rows]
    assert all((unpack_ids(p) == r).all() for p, r in zip(packed, rows, strict=True))
    ids, lengths = unpack_many_ids(packed)
    assert lengths.tolist() == [len(r) for r in rows]
    assert ids.tolist() == np.concatenate(rows).tolist()


def test_inverted_index_rows_decode_into_a_reused_work_array() -> None:
    """Decoded into a work array holding an earlier query's ids (longer than needed), the rows give
    the same ids as decoded into fresh arrays."""
    import numpy as np

    from stance.archive.features import pack_ids, unpack_many_ids, unpack_many_ids_into

    rng = np.random.default_rng(5)
    work = rng.integers(0, 2**40, size=500).astype(np.int64)
    for sizes in ((0, 1, 5, 0, 40, 1, 0), (90, 3), (0,), (7, 200, 0, 12)):
        rows = [np.sort(rng.choice(10**6, size=n, replace=False)).astype(np.uint32) for n in sizes]
        packed = [pack_ids(r) for r in rows]
        ids, lengths = unpack_many_ids_into(packed, work)
        want, want_lengths = unpack_many_ids(packed)
        assert lengths.tolist() == want_lengths.tolist() == [len(r) for r in rows]
        assert ids.dtype == np.int64
        assert ids.tolist() == want.tolist() == np.concatenate(rows).tolist()
        assert np.shares_memory(ids, work) or not len(ids)


def test_stored_vectors_decode_alone_and_together() -> None:
    import numpy as np

    from stance.archive.features import pack_vector, unpack_many_vectors, unpack_vector

    rng = np.random.default_rng(4)
    vecs = []
    for n in (3, 0, 1, 25, 0, 0, 7):
        terms = np.sort(rng.choice(50_000, size=n, replace=False)).astype(np.uint32)
        vecs.append((terms, rng.integers(1, 40, size=n).astype(np.uint16)))
    packed = [pack_vector(t, f) for t, f in vecs]
    terms, tfs, lengths = unpack_many_vectors(packed)
    assert lengths.tolist() == [len(t) for t, _ in vecs]
    alone = [unpack_vector(p) for p in packed]
    assert terms.tolist() == [int(x) for t, _ in alone for x in t]
    assert tfs.tolist() == [float(x) for _, f in alone for x in f]


def test_an_id_list_bound_as_one_json_array_selects_what_an_in_list_selects(tmp_path: Path) -> None:
    """``IN`` :data:`IDS` with :func:`ids_arg`: the same rows as ``IN (?, ...)``, for any length,
    none, and integers at both ends of SQLite's range."""
    import sqlite3

    from stance.archive.store import IDS, ids_arg

    conn = sqlite3.connect(tmp_path / "ids.sqlite3")
    values = [-(2**63), -5, 0, 3, 7, 2**31, 2**63 - 1]
    conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(v, str(v)) for v in values])
    for wanted in ([], [3], [7, 3, 3, 99], values, list(reversed(values))):
        got = conn.execute(f"SELECT k FROM t WHERE k IN {IDS} ORDER BY k", (ids_arg(wanted),)).fetchall()
        listed = conn.execute(
            f"SELECT k FROM t WHERE k IN ({','.join('?' * len(wanted))}) ORDER BY k", wanted
        ).fetchall() if wanted else []
        assert got == listed
        assert [k for (k,) in got] == sorted(set(wanted) & set(values))
    conn.close()
