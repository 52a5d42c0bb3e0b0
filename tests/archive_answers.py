"""What an archive answers through the library API, as plain JSON, to compare archives and schemas.

``stored(archive)`` covers what only the stored data decides (rows, each readout and its stored
analysis, statement stances, full-text hits, sides, themes, sources, two accounts); ``derived(archive)``
what compare and track compute from it (their output may change when their code changes).

The schema-3 fixture and its answers were made by the schema-3 code (commit bcd4395) with

    .venv/bin/python tests/archive_answers.py tests/fixtures/archive/v3-schema.sqlite3

which builds the fixture from this repository's own test readouts when the file is missing and
writes ``v3-answers.json.gz`` beside it.
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
    from stance.archive import Archive

    path = Path(sys.argv[1])
    if not path.exists():
        build(path)
    with Archive.open(path) as a:
        answers = {"stored": stored(a), "derived": derived(a)}
        a.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target = path.with_name(path.name.replace("-schema.sqlite3", "-answers.json.gz"))
    data = json.dumps(answers, ensure_ascii=False, sort_keys=True).encode("utf-8")
    target.write_bytes(gzip.compress(data, mtime=0))
    print(f"{path}: {len(answers['stored']['rows'])} readouts; answers in {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
