"""The archive on real SQLite files: round trips, idempotence, atomic batches, migration, concurrency."""

from __future__ import annotations

import hashlib
import math
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance import pipeline
from stance.archive import Archive, band_keys, migrations, normalise, terms_of, wording_hash
from stance.errors import ArchiveError
from stance.read import parse_text, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "archive"
ARCHIVED = FIXTURES / "archived"
NEW = FIXTURES / "new" / "state" / "2024-01-20_blinken-ibarra.txt"

COUNTRIES = ["Chile", "Kenya", "Japan", "Brazil", "Canada", "India", "Mexico", "Poland", "Ghana", "Peru"]


def readout_text(i: int, tag: str = "") -> str:
    """A short invented readout, different for every ``i`` (and ``tag``)."""
    country = COUNTRIES[i % len(COUNTRIES)]
    day = date(2021, 1, 1).toordinal() + (i * 7) % 1400
    d = date.fromordinal(day)
    return (
        f"Secretary Blinken’s Call with {country}’s Foreign Minister Ortega {tag}{i}\n"
        f"( {d:%Y.%m.%d} )\n\n"
        "Secretary of State Antony J. Blinken spoke today with Foreign Minister Luis Ortega of "
        f"{country}.\n\n"
        f"The Secretary underscored the partnership between the United States and {country} "
        f"and discussed item {tag}{i} of the agenda.\n"
    )


def write_readouts(folder: Path, n: int, tag: str = "") -> Path:
    """``n`` invented readout files in a ``state/`` folder under ``folder``."""
    target = folder / "state"
    target.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (target / f"r{tag}{i:04d}.txt").write_text(readout_text(i, tag), encoding="utf-8")
    return folder


def dump(path: Path) -> str:
    """A digest of every table's content (FTS shadow tables included)."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode("utf-8")).hexdigest()
    finally:
        conn.close()


def _account_files(tmp_path: Path, *publishers: str) -> list[Path]:
    """One ``<publisher>/call.txt`` path per publisher (folders made), for two accounts of one call."""
    paths = [tmp_path / p / "call.txt" for p in publishers]
    for path in paths:
        path.parent.mkdir()
    return paths


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive.open(tmp_path / "a.sqlite3", seed=False) as a:
        yield a


# -- opening and migrations -----------------------------------------------------------------


def test_migrates_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    with Archive.open(path, seed=False) as a:
        assert a.count() == 0
        version = a.conn.execute("PRAGMA user_version").fetchone()[0]
        app = a.conn.execute("PRAGMA application_id").fetchone()[0]
        mode = a.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert version == migrations.VERSION
    assert app == migrations.APPLICATION_ID
    assert mode == "wal"
    with Archive.open(path, seed=False) as a:  # opening again migrates nothing
        assert a.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.VERSION


def test_refuses_files_that_are_not_archives(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ArchiveError, match=r"notes\.txt: not a stance archive"):
        Archive.open(text)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError, match=r"other\.db: is an SQLite database but not a stance archive"):
        Archive.open(other)
    with pytest.raises(ArchiveError, match="is a folder"):
        Archive.open(tmp_path)


def test_new_archive_is_seeded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANCE_ARCHIVE", str(tmp_path / "env.sqlite3"))
    seeds = len(list((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt")))
    with Archive.open() as a:
        assert a.path == tmp_path / "env.sqlite3"
        assert a.count() == seeds >= 1
        assert a.search("San Francisco vision")
        first = a.rows()[0].id
        a.remove(first)
    with Archive.open() as a:  # not seeded again once it exists
        assert a.count() == seeds - 1


# -- adding -----------------------------------------------------------------------------------


def test_round_trip_is_exact(archive: Archive) -> None:
    result = archive.add_paths([ARCHIVED])
    assert result.committed
    assert len(result.added) == 3
    assert not result.failed
    for item in result.added:
        assert item.path is not None
        assert item.readout_id is not None
        original = read_file(item.path)[0]
        assert archive.get(item.readout_id) == original
        stored = archive.alignment(item.readout_id)
        assert stored == pipeline.analyse(original)
        for s in stored.split.statements:
            assert s.span.of(stored.split.readout.text) == s.span.of(original.text)


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_TEXT.filter(lambda s: s.strip() != "" and "\n" not in s),
    paragraphs=st.lists(_TEXT, min_size=1, max_size=4),
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
)
def test_round_trip_property(title: str, paragraphs: list[str], day: date) -> None:
    text = f"{title.strip()}\n( {day:%Y.%m.%d} )\n\n" + "\n\n".join(paragraphs) + "\n"
    try:
        readout = parse_text(text, path="generated.txt")
    except Exception:  # a text the reader refuses is not what this property is about
        return
    with tempfile.TemporaryDirectory() as folder, Archive.open(Path(folder) / "p.sqlite3", seed=False) as a:
        result = a.add([readout])
        rid = result.added[0].readout_id
        assert rid is not None
        assert a.get(rid) == readout
        assert a.alignment(rid) == pipeline.analyse(readout)
        assert a.add([readout]).present[0].readout_id == rid


def test_add_is_idempotent(archive: Archive) -> None:
    first = archive.add_paths([ARCHIVED])
    again = archive.add_paths([ARCHIVED])
    assert len(first.added) == 3
    assert not again.added
    assert len(again.present) == 3
    assert {p.readout_id for p in again.present} == {a.readout_id for a in first.added}
    assert archive.count() == 3
    twice = read_file(NEW)[0]
    both = archive.add([twice, twice])
    assert len(both.added) == 1
    assert len(both.present) == 1
    assert both.present[0].readout_id == both.added[0].readout_id
    assert archive.count() == 4


def test_a_batch_with_one_bad_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    with Archive.open(path, seed=False) as a:
        a.add_paths([ARCHIVED])
    before = dump(path)
    bad = tmp_path / "inbox"
    bad.mkdir()
    (bad / "good.txt").write_text(readout_text(1), encoding="utf-8")
    (bad / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with Archive.open(path, seed=False) as a:
        result = a.add_paths([NEW, bad])
        assert not result.committed
        assert not result.added
        assert [f.path for f in result.failed] == [str(bad / "broken.txt")]
        assert "binary file" in result.failed[0].reason
        assert result.pending == 2
        assert a.count() == 3
    assert dump(path) == before


def test_missing_path_fails_the_batch(archive: Archive, tmp_path: Path) -> None:
    result = archive.add_paths([NEW, tmp_path / "nowhere.txt"])
    assert not result.committed
    assert archive.count() == 0
    assert result.failed[0].reason == "no such file"


def test_record_files_without_content_are_skipped(archive: Archive, tmp_path: Path) -> None:
    folder = write_readouts(tmp_path / "corpus", 2)
    (folder / "index.jsonl").write_text(
        '{"path": "state/r0000.txt", "title": "x", "date": "2021-01-01"}\n'
        '{"path": "state/r0001.txt", "title": "y", "date": "2021-01-08"}\n',
        encoding="utf-8",
    )
    result = archive.add_paths([folder])
    assert result.committed
    assert len(result.added) == 2
    assert [s.path for s in result.skipped] == [str(folder / "index.jsonl")]
    assert "not readouts" in result.skipped[0].reason


def test_a_record_file_with_one_bad_record_fails(archive: Archive, tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(
        '{"title": "A", "date": "2024-01-02", "content": "Blinken met Ortega. They talked."}\n'
        '{"title": "B", "date": "2024-01-03", "content": ""}\n',
        encoding="utf-8",
    )
    result = archive.add_paths([records])
    assert not result.committed
    assert archive.count() == 0
    assert result.failed[0].path == str(records)
    assert "record 2" in result.failed[0].reason


def test_two_writer_processes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    Archive.open(path, seed=False).close()
    a = write_readouts(tmp_path / "a", 200, "a")
    b = write_readouts(tmp_path / "b", 200, "b")
    cmd = [sys.executable, "-m", "stance", "add", "--archive", str(path), "--workers", "1"]
    procs = [
        subprocess.Popen([*cmd, str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in (a, b)
    ]
    seen = []
    while any(p.poll() is None for p in procs):  # reading while writing works
        with Archive.open(path, seed=False) as reader:
            seen.append(reader.count())
        time.sleep(0.2)
    outs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all("added 200" in out for out, _ in outs)
    with Archive.open(path, seed=False) as done:
        assert done.count() == 400
        titles = {r.title for r in done.rows()}
    assert len(titles) == 400
    assert seen == sorted(seen)


# -- reading ------------------------------------------------------------------------------------


def test_rows_filter_and_order(archive: Archive) -> None:
    archive.add_paths([ARCHIVED, NEW])
    rows = archive.rows()
    assert [r.published for r in rows] == sorted(r.published for r in rows if r.published)
    assert archive.rows(order="-published")[0].published == date(2024, 1, 20)
    assert {r.counterpart for r in archive.rows(party="Ibarra")} == {"Tomas Ibarra"}
    assert len(archive.rows(side="chile")) == 3
    assert len(archive.rows(side="Kenya")) == 1
    assert len(archive.rows(source="STATE")) == 4
    assert len(archive.rows(since=date(2023, 3, 1), until=date(2023, 12, 31))) == 2
    assert len(archive.rows(text="lithium")) == 1
    assert len(archive.rows(limit=2, offset=3)) == 1
    theme = archive.themes()[0]
    assert all(theme in {t.name for t in archive.alignment(r.id).themes} for r in archive.rows(theme=theme))
    row = archive.rows(party="Odhiambo")[0]
    assert (row.principal_side, row.counterpart_side, row.kind) == ("United States", "Kenya", "meeting")
    assert row.n_statements == len(archive.alignment(row.id).split.statements)
    assert archive.sources() == ["state"]
    assert {"Chile", "Kenya", "United States"} <= set(archive.sides())
    with pytest.raises(ArchiveError, match="unknown order"):
        archive.rows(order="nonsense")


def test_search_marks_the_words(archive: Archive) -> None:
    archive.add_paths([ARCHIVED])
    hits = archive.search("enduring partnership")
    assert len(hits) == 3
    for h in hits:
        assert [h.snippet[m.start : m.end].lower() for m in h.marks] == ["enduring", "partnership"]
        text = archive.get(h.readout_id).text
        assert {text[s.start : s.end].lower() for s in h.spans} == {"enduring", "partnership"}
    assert archive.search('"energy security" AND Chile')[0].title.startswith("Secretary Blinken’s Call")
    assert archive.search("U.S.-China") == []
    with pytest.raises(ArchiveError, match="bad search query"):
        archive.search('"unbalanced')


def test_remove(archive: Archive) -> None:
    result = archive.add_paths([ARCHIVED])
    rid = result.added[0].readout_id
    assert rid is not None
    archive.remove(rid)
    assert archive.count() == 2
    with pytest.raises(ArchiveError, match=f"no readout with id {rid}"):
        archive.get(rid)
    with pytest.raises(ArchiveError, match=f"no readout with id {rid}"):
        archive.remove(rid)
    assert rid not in {h.readout_id for h in archive.search("partnership")}
    again = archive.add_paths([ARCHIVED])
    assert len(again.added) == 1
    assert again.added[0].readout_id != rid


def test_two_accounts_of_one_meeting(archive: Archive, tmp_path: Path) -> None:
    us, ru = _account_files(tmp_path, "whitehouse", "kremlin")
    us.write_text(
        "Readout of President Joseph R. Biden, Jr.’s Call with President Vladimir Putin of Russia\n"
        "( 2022.02.12 )\n\nPresident Joseph R. Biden, Jr. spoke today with President Vladimir Putin of "
        "Russia.\n\nPresident Biden was clear that the United States remains prepared to engage in "
        "diplomacy.\n",
        encoding="utf-8",
    )
    ru.write_text(
        "Telephone conversation with President of the United States Joseph Biden\n( 2022.02.13 )\n\n"
        "Vladimir Putin had a telephone conversation with President of the United States Joseph Biden."
        "\n\nThe President of Russia said that Western countries ignored the concerns of Russia.\n",
        encoding="utf-8",
    )
    ids = [a.readout_id for a in archive.add_paths([us, ru]).added]
    assert archive.accounts() == [(ids[0], ids[1])]
    assert {r.meeting for r in archive.rows()} == {ids[0]}
    assert ids[0] is not None
    archive.remove(ids[0])
    assert archive.accounts() == []
    assert archive.rows()[0].meeting is None


def test_nearest_finds_itself_and_scores_in_range(archive: Archive) -> None:
    archive.add_paths([ARCHIVED])
    for row in archive.rows():
        found = archive.nearest(terms_of(archive.get(row.id).text), limit=3)
        assert found[0][0] == row.id
        assert found[0][1] == pytest.approx(1.0, abs=1e-6)
        assert all(0.0 <= s <= 1.0 for _, s in found)
        assert found == sorted(found, key=lambda x: -x[1])
        assert row.id not in {
            i for i, _ in archive.nearest(terms_of(archive.get(row.id).text), exclude=row.id)
        }


def test_near_same_wordings_share_lsh_keys() -> None:
    a = normalise(
        "The Secretary underscored the strong and enduring partnership between the United States and Chile."
    )
    b = normalise(
        "The Secretary underscored the strong and enduring partnership between the United States and Kenya."
    )
    c = normalise(
        "Both leaders agreed to expand cooperation on critical minerals and clean energy supply chains."
    )
    assert set(band_keys(a)) & set(band_keys(b))
    assert not set(band_keys(a)) & set(band_keys(c))
    assert band_keys("too short") == []


def test_compaction_merges_the_index_and_drops_removed(archive: Archive) -> None:
    archive.add_paths([ARCHIVED])
    archive.add_paths([NEW])  # a second batch: shared terms get a second index row
    rows = archive.conn.execute("SELECT count(*), count(DISTINCT term_id) FROM postings").fetchone()
    assert rows[0] > rows[1]
    gone = archive.rows(party="Odhiambo")[0].id
    archive.remove(gone)
    text = archive.get(archive.rows()[0].id).text
    before = archive.nearest(terms_of(text), limit=10)
    archive.compact()
    after = archive.conn.execute("SELECT count(*), count(DISTINCT term_id) FROM postings").fetchone()
    assert after[0] == after[1]
    assert archive.nearest(terms_of(text), limit=10) == before
    assert gone not in {i for i, _ in before}


def test_compaction_in_small_steps_equals_one_step(tmp_path: Path) -> None:
    import shutil

    one, steps = tmp_path / "one.sqlite3", tmp_path / "steps.sqlite3"
    with Archive.open(one) as a:
        for f in sorted(ARCHIVED.rglob("*.txt")):
            a.add_paths([f])  # one batch each: several index rows per shared term
        a.add_paths([NEW])
        a.remove(a.rows(party="Odhiambo")[0].id)
        a.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(one, steps)
    with Archive.open(one) as a:
        a.compact()
        whole = a.conn.execute("SELECT * FROM postings ORDER BY term_id").fetchall()
    with Archive.open(steps) as a:
        with a.conn:
            a._set_meta("removed_since_compact", "1")
        a.conn.execute("BEGIN IMMEDIATE")
        a._compact(terms_per_step=3)
        a.conn.execute("COMMIT")
        assert a.conn.execute("SELECT * FROM postings ORDER BY term_id").fetchall() == whole



def test_many_small_adds_keep_each_terms_postings_in_few_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each add writes one index row per term it holds; once the rows added since the last
    compaction outnumber the index's terms, the add compacts (the fixed floor is lowered here so a
    small archive reaches it: the rule is the same at any size)."""
    from stance.archive import index

    monkeypatch.setattr(index, "COMPACT_ROWS", 0)
    folder = write_readouts(tmp_path / "in", 40)
    with Archive.open(tmp_path / "a.sqlite3", seed=False) as a:
        a.add_paths([folder / "state" / "r0000.txt", folder / "state" / "r0001.txt"])
        most = 0
        for f in sorted((folder / "state").glob("*.txt"))[2:]:
            a.add_paths([f])
            rows, terms = a.conn.execute("SELECT count(*), count(DISTINCT term_id) FROM postings").fetchone()
            most = max(most, rows / terms)
            assert int(a._meta("rows_since_compact") or 0) <= a._term_count()
        assert 1.0 < most <= 2.0
        text = a.get(a.rows()[0].id).text
        before = a.nearest(terms_of(text), limit=10)
        a.compact()
        assert a.nearest(terms_of(text), limit=10) == before

def test_rows_sort_by_any_column(archive: Archive) -> None:
    archive.add_paths([ARCHIVED])
    assert [r.counterpart for r in archive.rows(order="counterpart")] == sorted(
        r.counterpart or "" for r in archive.rows()
    )
    assert [r.id for r in archive.rows(order="-id")] == sorted((r.id for r in archive.rows()), reverse=True)


def test_add_result_ids(archive: Archive) -> None:
    first = archive.add([read_file(NEW)[0]])
    assert first.ids == (first.added[0].readout_id,)
    assert archive.add([read_file(NEW)[0]]).ids == first.ids


def test_two_accounts_when_one_names_the_counterpart_by_surname_only(archive: Archive, tmp_path: Path) -> None:
    us, ua = _account_files(tmp_path, "whitehouse", "ukraine")
    us.write_text(
        "Readout of President Joseph R. Biden, Jr.’s Call with President Volodymyr Zelenskyy of Ukraine\n"
        "( 2023.03.02 )\n\nPresident Joseph R. Biden, Jr. spoke today with President Volodymyr Zelenskyy of "
        "Ukraine.\n\nPresident Biden reaffirmed the commitment of the United States to support Ukraine's "
        "energy grid through the winter.\n",
        encoding="utf-8",
    )
    ua.write_text(
        "Volodymyr Zelenskyy had a phone conversation with Biden\n( 2023.03.03 )\n\n"
        "President of Ukraine Volodymyr Zelenskyy had a phone conversation with Biden.\n\n"
        "The Head of State thanked the American people for the generators sent to Ukrainian cities.\n",
        encoding="utf-8",
    )
    ids = [a.readout_id for a in archive.add_paths([us, ua]).added]
    assert archive.accounts() == [(ids[0], ids[1])]


def test_minhash_parameters_are_the_seeded_draw_keys_were_stored_with() -> None:
    """The written-out MinHash parameters equal numpy's default_rng(0x5354) draw (stored keys stay valid)."""
    import numpy as np

    from stance.archive.features import BANDS, ROWS, _minhash

    rng = np.random.default_rng(0x5354)
    a = rng.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
    band_mix = rng.integers(1, 2**63, size=(3, BANDS), dtype=np.uint64) | np.uint64(1)
    gram_mix = rng.integers(1, 2**63, size=3, dtype=np.uint64) | np.uint64(1)
    got = _minhash()
    for want, have in zip((a, b, band_mix, np.arange(1, BANDS + 1, dtype=np.uint64), gram_mix), got, strict=True):
        assert have.dtype == np.uint64
        assert np.array_equal(want, have)


def test_account_linking_searches_by_side_and_day_never_scans(archive: Archive, tmp_path: Path) -> None:
    """Linking a new readout to its other account must cost an index search, not a pass over every
    readout of a side (which made `add` slow down as the archive grew): each lookup it makes is
    planned as a search on the side and the day range."""
    import sqlite3

    us, ua = _account_files(tmp_path, "whitehouse", "ukraine")
    us.write_text(
        "Readout of President Marcus Hale's Call with President Ivan Koval of Ukraine\n( 2023.05.02 )\n\n"
        "President Marcus Hale spoke today with President Ivan Koval of Ukraine. President Hale reaffirmed "
        "the support of the United States for Ukraine's air defence.\n",
        encoding="utf-8",
    )
    ua.write_text(
        "Ivan Koval had a phone conversation with Hale\n( 2023.05.02 )\n\n"
        "President of Ukraine Ivan Koval had a phone conversation with Hale. The Head of State thanked the "
        "American people for the air defence systems.\n",
        encoding="utf-8",
    )
    seen: list[str] = []
    archive.conn.set_trace_callback(seen.append)
    try:
        archive.add_paths([us, ua])
    finally:
        archive.conn.set_trace_callback(None)
    lookups = [s for s in seen if s.lstrip().startswith("SELECT") and "day BETWEEN" in s and "readouts" in s]
    assert lookups, "no account-linking lookup was made"
    probe = sqlite3.connect(archive.path)
    try:
        for sql in lookups:
            plan = " | ".join(str(r[3]) for r in probe.execute("EXPLAIN QUERY PLAN " + sql))
            assert "SCAN readouts" not in plan, plan
            assert "day>? AND day<?" in plan, plan
    finally:
        probe.close()



def test_nearest_scores_are_scikit_learns_tfidf_cosine(archive: Archive) -> None:
    """Scored with the index's shortcuts (the query weighed once, candidate vectors decoded
    together), the scores are the cosines of scikit-learn's sublinear, smoothed TF-IDF over the
    archive; the query's terms the archive lacks count in its length at the highest idf."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    archive.add_paths([ARCHIVED])
    rows = list(archive.rows())
    texts = [archive.get(r.id).text for r in rows]
    tfidf = TfidfVectorizer(analyzer=lambda t: list(terms_of(t).elements()), sublinear_tf=True)
    matrix = tfidf.fit_transform(texts)
    counts = terms_of(NEW.read_text(encoding="utf-8"))
    known = [t for t in counts if t in tfidf.vocabulary_]
    unknown = [t for t in counts if t not in tfidf.vocabulary_]
    assert known
    assert unknown
    idf = dict(zip(tfidf.get_feature_names_out(), tfidf.idf_, strict=True))
    inside = sum(((1 + math.log(counts[t])) * idf[t]) ** 2 for t in known)
    outside = sum(((1 + math.log(counts[t])) * (math.log(len(texts) + 1) + 1)) ** 2 for t in unknown)
    want = cosine_similarity(tfidf.transform([NEW.read_text(encoding="utf-8")]), matrix)[0]
    want = want * math.sqrt(inside / (inside + outside))

    query = archive.term_query(counts)
    got = dict(archive.nearest(query, only=[r.id for r in rows]))
    assert got == dict(archive.nearest(counts, only=[r.id for r in rows]))
    for r, w in zip(rows, want, strict=True):
        assert got[r.id] == pytest.approx(w, abs=1e-9)
    ranked = sorted(got.items(), key=lambda x: (-x[1], x[0]))
    assert archive.nearest(query, limit=3) == ranked[:3]


def test_nearest_answers_the_same_whatever_was_asked_before(archive: Archive) -> None:
    """nearest keeps its work arrays between queries (memory, not answers): each readout's
    neighbours asked after every other readout's are those a fresh archive object gives, and with
    room for every readout as a candidate they are the exact ranking."""
    archive.add_paths([ARCHIVED])
    ids = [r.id for r in archive.rows()]
    texts = {i: archive.get(i).text for i in ids}
    for i in ids:
        archive.nearest(terms_of(texts[i]), limit=5, exclude=i)
    with Archive.open(archive.path) as fresh:
        for i in reversed(ids):
            counts = terms_of(texts[i])
            got = archive.nearest(counts, limit=5, exclude=i)
            assert got == fresh.nearest(counts, limit=5, exclude=i)
            exact = archive.nearest(counts, only=[j for j in ids if j != i])
            assert archive.nearest(counts, limit=5, exclude=i, candidates=len(ids)) == exact[:5]
            assert all(j != i for j, _ in got)


def test_distinct_readouts_counted_in_a_reused_work_array(archive: Archive) -> None:
    """The count of distinct ids in a use list, marked in a work array kept between questions, is
    the count of the set, whatever was counted before."""
    import random

    rng = random.Random(11)
    for size in (1, 5, 300, 13000, 40):
        ids = [rng.randint(1, 2000) for _ in range(size)]
        assert archive._distinct(",".join(map(str, ids))) == len(set(ids))
    assert archive._distinct("7") == 1
    assert archive._distinct(f"{2**40},3,{2**40}") == 2


def _archived_wordings(archive: Archive) -> list[str]:
    """Add the archived fixtures and return every stored statement's normalised wording."""
    archive.add_paths([ARCHIVED])
    return [
        normalise(s.span.of(archive.get(r.id).text))
        for r in archive.rows()
        for s in archive.stored_statements([r.id])[r.id][0]
    ]


def test_formula_candidates_read_by_key_lists_equal_those_read_row_by_row(archive: Archive) -> None:
    """The LSH index read as one list of formulas per key gives the candidates (and keys shared)
    its (key, formula) rows give."""
    import numpy as np

    from stance.archive.features import fold_key
    from stance.archive.index import _top_shared

    norms = _archived_wordings(archive)
    keys = [band_keys(n) for n in norms]
    folded = [sorted({fold_key(k) for k in ks}) for ks in keys]
    rows = archive.conn.execute("SELECT key, formula_id FROM formula_lsh").fetchall()
    table = np.array([r for r in rows if any(r[0] in f for f in folded)], dtype=np.int64).reshape(-1, 2)
    for limit in (1, 4, 1000):
        got = archive.formula_candidate_ids_many(keys, limit=limit)
        assert got == _top_shared(folded, table, limit)
    assert sum(1 for g in got if len(g) > 1) > 3
    assert archive.formula_candidate_ids_many([[]], limit=5) == [[]]


def test_formula_lookups_in_one_go_equal_one_at_a_time(archive: Archive) -> None:
    norms = _archived_wordings(archive)
    keys = [band_keys(n) for n in norms]
    assert sum(1 for k in keys if k) > 5
    for limit in (1, 3, 1000):
        assert archive.formula_candidates_many(keys, limit=limit) == [
            archive.formula_candidates(k, limit=limit) for k in keys
        ]
    hashes = [wording_hash(n) for n in norms] + [wording_hash("no such wording anywhere")]
    found = archive.formulas_by_hash(hashes)
    assert found == {h: f for h in hashes if (f := archive.formula_by_hash(h)) is not None}
    assert {wording_hash(n) for n, k in zip(norms, keys, strict=True) if k} <= set(found)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 30), max_size=12), max_size=8),
    st.lists(st.tuples(st.integers(0, 30), st.integers(1, 40)), max_size=120),
    st.integers(1, 6),
)
def test_formulas_sharing_most_keys_in_one_pass_equal_a_pass_per_wording(
    wordings: list[list[int]], rows: list[tuple[int, int]], limit: int
) -> None:
    import numpy as np

    from stance.archive.index import _top_shared

    folded = [sorted(set(k)) for k in wordings]
    table = np.array(sorted(set(rows)), dtype=np.int64).reshape(-1, 2)  # (key, formula id) is unique
    want = []
    for f in folded:  # the pass per wording the one pass replaced
        fids = table[np.isin(table[:, 0], f), 1]
        ids, shared = np.unique(fids, return_counts=True)
        order = np.argsort(-shared, kind="stable")[:limit]
        want.append(list(zip(ids[order].tolist(), shared[order].tolist(), strict=True)))
    assert _top_shared(folded, table, limit) == want


def test_a_decompressor_primed_once_gives_what_a_fresh_one_gives() -> None:
    from stance.archive.packing import WORDING, Unpacker, pack, train, unpack

    raws = [f"the two sides agreed to deepen cooperation in area {i} and region {i * 7}".encode() for i in range(80)]
    zdict = train(WORDING, raws)
    assert zdict
    packed = [pack(r, zdict) for r in raws]
    other = [pack(r, zdict[:-40]) for r in raws[:3]]  # another dictionary: another header
    plain = [pack(r, b"") for r in raws[:3]]
    one = Unpacker(zdict)
    assert [one(p) for p in packed] == raws == [unpack(p, zdict) for p in packed]
    with pytest.raises(zlib.error):  # as unpack raises
        one(other[0])
    assert Unpacker(zdict[:-40])(other[0]) == raws[0]
    assert [Unpacker(b"")(p) for p in plain] == raws[:3]
    assert one(packed[5]) == raws[5]  # unchanged after a value it could not read


def test_a_readout_using_two_matched_wordings_counts_once(archive: Archive) -> None:
    ids = archive.add_paths([ARCHIVED]).added
    formulas = archive.conn.execute(
        "SELECT readout_id, formula_id, source, day, idx FROM uses ORDER BY readout_id, idx"
    ).fetchall()
    by_readout: dict[int, list[int]] = {}
    for rid, fid, *_ in formulas:
        by_readout.setdefault(rid, []).append(fid)
    rid, fids = next((r, f) for r, f in by_readout.items() if len(set(f)) >= 2)
    two = sorted(set(fids))[:2]
    source = archive.row(rid).source
    got = archive.formula_uses(two, source=source)
    readouts = {r for r, f, s, *_ in formulas if f in two and s == source}
    assert got[0] == len(readouts)
    assert rid in readouts
    assert archive.formula_uses(two, source=source, exclude=rid)[0] == len(readouts) - 1
    first = min((d, r, i) for r, f, s, d, i in formulas if f in two and s == source)
    assert got[1] is not None
    assert (got[1][0], got[1][1]) == (first[1], first[2])
    assert ids


def test_a_query_asked_again_gives_the_scores_it_gave(archive: Archive) -> None:
    archive.add_paths([ARCHIVED])
    ids = [r.id for r in archive.rows()]
    counts = terms_of(NEW.read_text(encoding="utf-8"))
    query = archive.term_query(counts)
    first = archive.nearest(query, limit=1, candidates=1)
    assert len(first) == 1
    assert list(query.scored) == [first[0][0]]
    # one asked for was scored by the first call, the others not (not its candidate), one is no readout
    some = [*ids, max(ids) + 100]
    assert len(set(ids) - set(query.scored)) >= 2
    again = archive.nearest(query, only=some)
    assert again == archive.nearest(archive.term_query(counts), only=some)
    assert again == archive.nearest(query, only=some)
    assert archive.nearest(query, only=[first[0][0]], exclude=first[0][0]) == []


def test_wordings_decoded_together_equal_one_at_a_time(tmp_path: Path) -> None:
    from stance.archive.packing import WORDING

    path = tmp_path / "a.sqlite3"
    with Archive.open(path, seed=False) as a:
        a.add_paths([ARCHIVED])
        a.add_paths([write_readouts(tmp_path / "more", 60, tag="w")])
        firsts = [f for (f,) in a.conn.execute("SELECT first FROM zdicts WHERE kind = ?", (WORDING,))]
    with Archive.open(path) as a:
        one = dict(a.formulas())
    # wordings stored before the first dictionary (plain zlib) and after it
    assert firsts
    assert min(one) < firsts[0] <= max(one)
    with Archive.open(path) as a:
        together = a._wordings_of(list(one)[::-1])
        assert together == one
        assert a._wordings_of([*list(one)[:3], 10**9]) == {f: one[f] for f in list(one)[:3]}
