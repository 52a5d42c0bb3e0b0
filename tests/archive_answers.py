"""What an archive answers through the library API, as plain JSON, to compare archives and schemas.

``stored(archive)`` covers what only the stored data decides (rows, each readout and its stored
analysis, statement stances, full-text hits, sides, themes, sources, two accounts); ``derived(archive)``
what compare and track compute from it (their output may change when their code changes).

The schema-3 fixture and its answers were made by the schema-3 code (commit bcd4395) with

    .venv/bin/python tests/archive_answers.py tests/fixtures/archive/v3-schema.sqlite3

which builds the fixture from this repository's own test readouts when the file is missing and
writes ``v3-answers.json.gz`` beside it. After an intended change of compare or track output,
``STANCE_UPDATE_GOLDEN=1 pytest tests/test_archive_store.py`` records the new ``derived`` answers
(of the migrated fixture); the ``stored`` ones stay those of schema 3's code.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
INPUTS = (FIXTURES / "split", FIXTURES / "archive" / "archived", FIXTURES / "archive" / "new")
SEARCHES = ("Westland", "trade cooperation", "partner*", '"two sides"', "energy OR security")
SIDES = ("China", "United States", "Russia", "Westland")


def plain(value: Any) -> Any:
    """Dataclasses, tuples, dates and sets as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def stored(archive: Any) -> dict[str, Any]:
    rows = archive.rows()
    out: dict[str, Any] = {
        "rows": plain(rows),
        "rows_newest": plain(archive.rows(order="-published", limit=5)),
        "sides": archive.sides(),
        "themes": archive.themes(),
        "sources": archive.sources(),
        "accounts": plain(archive.accounts()),
        "readouts": {
            str(r.id): {
                "readout": plain(archive.get(r.id)),
                "alignment": plain(archive.alignment(r.id)),
                "stances": plain(archive.statement_stances(r.id)),
            }
            for r in rows
        },
        "search": {q: plain(archive.search(q)) for q in SEARCHES},
        "filters": {
            f"side={s}": [r.id for r in archive.rows(side=s)] for s in SIDES
        },
    }
    for theme in archive.themes()[:8]:
        out["filters"][f"theme={theme}"] = [r.id for r in archive.rows(theme=theme)]
    for party in ("Biden", "Wang Yi", "Blinken"):
        out["filters"][f"party={party}"] = [r.id for r in archive.rows(party=party)]
    return out


def derived(archive: Any) -> dict[str, Any]:
    from stance.compare import compare
    from stance.errors import ArchiveError
    from stance.track import track

    out: dict[str, Any] = {"compare": {}, "track": {}, "nearest": {}}
    for r in archive.rows():
        al = archive.alignment(r.id)
        out["compare"][str(r.id)] = plain(compare(archive, al))
        from stance.archive import terms_of

        out["nearest"][str(r.id)] = plain(archive.nearest(terms_of(al.split.readout.text), exclude=r.id))
    for side in SIDES:
        for theme in (None, *archive.themes()[:3]):
            key = f"{side}/{theme or ''}"
            try:
                out["track"][key] = plain(track(archive, side, theme=theme, limit=None))
            except ArchiveError as exc:
                out["track"][key] = f"error: {exc}"
    return out


def build(path: Path) -> None:
    """The fixture: every test readout of this repository, then one removed (ids keep a gap)."""
    from stance.archive import Archive

    with Archive.open(path) as a:
        a.add_paths(list(INPUTS))
        a.remove(a.rows()[3].id)


def main() -> int:
    """Answers of the archive at ``argv[1]`` (built first when missing), asked of a copy: opening an
    older archive migrates it, and the fixture must stay as the older code wrote it."""
    import shutil
    import tempfile

    from stance.archive import Archive

    path = Path(sys.argv[1])
    if not path.exists():
        build(path)
    tmp = Path(tempfile.mkdtemp()) / path.name
    shutil.copy(path, tmp)
    with Archive.open(tmp) as a:
        answers = {"stored": stored(a), "derived": derived(a)}
        a.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target = path.with_name(path.name.replace("-schema.sqlite3", "-answers.json.gz"))
    data = json.dumps(answers, ensure_ascii=False, sort_keys=True).encode("utf-8")
    target.write_bytes(gzip.compress(data, mtime=0))
    print(f"{path}: {len(answers['stored']['rows'])} readouts; answers in {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# -- schema 1-3's analysis tables, read from an old file and rebuilt from a schema-4 archive ----

OLD_TABLES = {
    "statements": "readout_id, idx, party, start, end, cue, cue_start, cue_end, speaker_start, speaker_end,"
    " cited, confidence, reason, paragraph, stance_label, stance_strength, stance_polarity, stance_cue_start,"
    " stance_cue_end, stance_negated, formula_id, source, published",
    "themes": "readout_id, idx, name, status, score, basis, joint, principal, counterpart",
    "evidence": "t.readout_id, t.idx, e.idx, e.party, e.start, e.end, e.statement, e.stance_label,"
    " e.stance_strength, e.stance_polarity, e.stance_cue_start, e.stance_cue_end, e.stance_negated",
    "formulas": "id, hash, norm",
    "formula_lsh": "(key & 4294967295) - 2147483648, formula_id",
    "vectors": "readout_id, terms, tfs",
    "postings": "term_id, chunk, ids, weights",
}
"""Every column of the tables schema 4 replaced but their surrogate row ids (referenced by nothing
a user sees); LSH keys as schema 4 folds them."""


def old_tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of a schema 1-3 file's analysis tables, sorted."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        out = {}
        for table, cols in OLD_TABLES.items():
            src = "evidence e JOIN themes t ON t.id = e.theme_id" if table == "evidence" else table
            out[table] = sorted(conn.execute(f"SELECT {cols} FROM {src}").fetchall(), key=repr)
        # schema 4 keeps inverted-index weights as half floats (they only pick candidates)
        import numpy as np

        out["postings"] = sorted(
            ((t, c, i, np.frombuffer(w, dtype=np.float32).astype("<f2").tobytes()) for t, c, i, w in out["postings"]),
            key=repr,
        )
        return out
    finally:
        conn.close()


def rebuilt_tables(archive: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The same rows, rebuilt from a schema-4 archive through its API (and its slim tables)."""
    from stance.archive import normalise, wording_hash

    def st(s: Any) -> tuple[Any, ...]:
        if s is None:
            return (None,) * 6
        cue = s.cue_span
        return (s.label, s.strength, s.polarity, cue.start if cue else None, cue.end if cue else None, int(s.negated))

    def sp(x: Any) -> tuple[Any, Any]:
        return (x.start, x.end) if x else (None, None)

    formula_of = {wording_hash(n): fid for fid, n in archive.formulas()}
    flags = {(r, i): (p, c) for r, i, p, c in archive.conn.execute(
        "SELECT readout_id, idx, principal, counterpart FROM themes")}
    out: dict[str, list[tuple[Any, ...]]] = {"statements": [], "themes": [], "evidence": []}
    for row in archive.rows():
        al = archive.alignment(row.id)
        text = al.split.readout.text
        pub = al.split.readout.published
        for i, (s, stance) in enumerate(zip(al.split.statements, archive.statement_stances(row.id), strict=True)):
            out["statements"].append(
                (row.id, i, s.party, s.span.start, s.span.end, s.cue, *sp(s.cue_span), *sp(s.speaker_span), s.cited,
                 s.confidence, s.reason, s.paragraph, *st(stance),
                 formula_of[wording_hash(normalise(s.span.of(text)))], al.split.readout.source,
                 pub.isoformat() if pub else None)
            )
        for i, t in enumerate(al.themes):
            out["themes"].append((row.id, i, t.name, t.status, t.score, t.basis, int(t.joint), *flags[(row.id, i)]))
            for j, e in enumerate(t.evidence):
                out["evidence"].append((row.id, i, j, e.party, e.span.start, e.span.end, e.statement, *st(e.stance)))
    out["formulas"] = [(fid, wording_hash(n), n) for fid, n in archive.formulas()]
    out["formula_lsh"] = archive.conn.execute("SELECT key, formula_id FROM formula_lsh").fetchall()
    from stance.archive.features import unpack_ids, unpack_vector

    out["vectors"] = [
        (rid, *(x.tobytes() for x in unpack_vector(data)))
        for rid, data in archive.conn.execute("SELECT readout_id, data FROM vectors")
    ]
    out["postings"] = [
        (t, c, unpack_ids(i).tobytes(), w) for t, c, i, w in archive.conn.execute("SELECT * FROM postings")
    ]
    return {k: sorted(v, key=repr) for k, v in out.items()}
