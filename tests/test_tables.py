"""Text tables fit the terminal (``$COLUMNS`` or the tty) and say what they leave out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stance import tables
from stance.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "archive"
ARCHIVED = FIXTURES / "archived"
NEW = FIXTURES / "new" / "state" / "2024-01-20_blinken-ibarra.txt"
SEED = next((Path(__file__).parents[1] / "seeds").glob("*.txt"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.sqlite3")
    assert run(capsys, "add", str(ARCHIVED), "--archive", path)[0] == 0
    assert run(capsys, "add", str(SEED), "--archive", path)[0] == 0
    return path


@pytest.fixture(autouse=True)
def _no_fit_left_over() -> object:
    yield
    tables.fit_terminal(None)


def widest(out: str) -> int:
    return max(len(line) for line in out.splitlines())


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


@pytest.mark.parametrize("columns", [80, 100, 200])
def test_list_fits_the_width_and_keeps_every_title(db: str, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    from stance.archive import Archive

    monkeypatch.setenv("COLUMNS", str(columns))
    status, out, _ = run(capsys, "list", "--archive", db)
    assert status == 0
    assert widest(out) <= columns
    lines = out.splitlines()
    start = lines[0].index("title")
    flat = words(" ".join(line[start:] for line in lines[2:]))  # the title column, read down
    with Archive.open(db) as archive:
        rows = archive.rows()
    for r in rows:
        title = words(r.title)
        assert any(flat[i:i + len(title)] == title for i in range(len(flat))), r.title  # wrapped, never cut
    header = out.splitlines()[0].split()
    if columns < tables.NARROW:
        assert header == ["id", "date", "source", "parties", "title"]
    else:
        assert "sides" in header


def test_piped_output_keeps_its_natural_width(db: str, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert tables.terminal_width() is None  # capsys: not a terminal
    status, out, _ = run(capsys, "list", "--archive", db)
    assert status == 0
    assert "sides" in out.splitlines()[0].split()
    assert widest(out) > 80


def test_every_text_command_fits_80_columns(db: str, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for argv in (("split", str(SEED)), ("align", str(SEED)), ("compare", str(NEW), "--archive", db),
                 ("search", "relations", "--archive", db), ("track", "--side", "United States", "--archive", db),
                 ("show", "1", "--archive", db)):
        status, out, err = run(capsys, *argv)
        assert status == 0, err
        # facts like "file: <path>" are one line by design; every table line fits
        long = [line for line in out.splitlines() if len(line) > 80 and not line.startswith("file:")]
        assert not long, (argv[0], long)


def test_fit_wraps_the_widest_text_column_and_never_a_number() -> None:
    rows = [[12345678901234, "a short one", "words " * 30], [7, "x", "more words here " * 5]]
    fitted = tables.fit(rows, ["n", "name", "text"], 60)
    out = tables.table(fitted, ["n", "name", "text"], width=None)
    assert widest(out) <= 60
    assert "12345678901234" in out
    assert words(out).count("words") == 35


def test_track_says_what_it_hides_and_who_said_it(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "track", "--side", "United States", "--archive", db, "--limit", "1")
    assert status == 0
    m = re.search(r"The latest 1 of (\d+) readouts \((\d+) earlier not shown; --limit N shows N, --all", out)
    assert m, out
    assert int(m.group(2)) == int(m.group(1)) - 1
    assert "Antony J. Blinken" in out or "both (joint)" in out  # who said it
    assert re.search(r"^date +id +who +stance", out, re.M)
    status, every, _ = run(capsys, "track", "--side", "United States", "--archive", db, "--all")
    assert "not shown" not in every
    assert "more theme" not in every
    shown_all = len(re.findall(r"^\d{4}-\d\d-\d\d +\d+ ", every, re.M))
    import json

    status, out_json, _ = run(capsys, "track", "--side", "United States", "--archive", db, "--format", "json", "--all")
    doc = json.loads(out_json)
    assert shown_all == sum(len(t["entries"]) for t in doc["themes"])
    # the json keeps what the text keeps (by default its latest readouts per theme) and says per
    # theme how many readouts it leaves out
    for limit in (None, 1):
        extra = ["--limit", str(limit)] if limit else []
        status, out_json, _ = run(capsys, "track", "--side", "United States", "--archive", db, "--format", "json",
                                  *extra)
        limited = json.loads(out_json)
        assert [t["theme"] for t in limited["themes"]] == [t["theme"] for t in doc["themes"]]
        for short, whole in zip(limited["themes"], doc["themes"], strict=True):
            readouts = {e["readout_id"] for e in whole["entries"]}
            kept = {e["readout_id"] for e in short["entries"]}
            assert kept <= readouts
            assert len(kept) == min(len(readouts), limit or tables.TRACK_ENTRIES)
            assert short["hidden"] == len(readouts) - len(kept)
        assert limit is None or any(t["hidden"] for t in limited["themes"])
    status, default, _ = run(capsys, "track", "--side", "United States", "--archive", db)
    themes = len(doc["themes"])
    if themes > tables.TRACK_THEMES:
        assert f"{themes - tables.TRACK_THEMES} more theme" in default


def test_compare_explains_its_numbers(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "compare", str(NEW), "--archive", db)
    assert status == 0
    assert re.search(r"\(\d+% alike\)", out.replace("\n", " ").replace("  ", " ")) or "% alike" in out
    status, out, _ = run(capsys, "align", str(SEED))
    assert "score: how closely the two sides match on the theme (0 to 1)" in out


def test_first_appearances_are_whole_phrases() -> None:
    from datetime import date

    from stance.model import Span
    from stance.track import PhraseFirst

    day = date(2024, 4, 2)
    phrases = [
        PhraseFirst("change and people-to-people exchanges", day, 7, Span(120, 157), 2),
        PhraseFirst("climate change and people-to-people", day, 7, Span(112, 147), 3),
        PhraseFirst("areas of difference", day, 7, Span(10, 29), 2),
        PhraseFirst("and the relationship", day, 8, Span(5, 25), 2),
        PhraseFirst("candid and constructive", date(2024, 1, 10), 5, Span(0, 23), 3),
    ]
    shown = [p.phrase for p in tables.readable_phrases(phrases)]
    assert shown == ["climate change and people-to-people exchanges", "areas of difference",
                     "candid and constructive"]
    merged = tables.readable_phrases(phrases)[0]
    assert merged.span == Span(112, 157)
    assert merged.count == 2


def test_search_says_when_more_may_match(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "search", "the", "--archive", db, "--limit", "1")
    assert status == 0
    assert "The best 1 hits; more may match (--limit N shows N)." in out
    status, out, _ = run(capsys, "search", "the", "--archive", db, "--limit", "100")
    assert "more may match" not in out
