"""The archive commands: exit codes, messages naming the file, every format."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from stance.archive import Archive
from stance.cli import build_parser, main

FIXTURES = Path(__file__).parent / "fixtures" / "archive"
ARCHIVED = FIXTURES / "archived"
NEW = FIXTURES / "new" / "state" / "2024-01-20_blinken-ibarra.txt"
COMMANDS = ("add", "list", "show", "search", "remove", "compare", "track")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.sqlite3")
    status, out, _ = run(capsys, "add", str(ARCHIVED), "--archive", path)
    assert status == 0
    assert "added 3" in out
    return path


def test_every_command_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in sub._choices_actions}
    for name in COMMANDS:
        assert helps.get(name), name
        text = sub.choices[name].format_help()
        assert "--archive" in text
        assert "--format" in text
    assert "index.jsonl" in sub.choices["add"].format_help()


def test_add_again_says_already_present(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "add", str(ARCHIVED), "--archive", db)
    assert status == 0
    assert err == ""
    assert "added 0, already present 3, failed 0" in out


def test_add_with_a_bad_file_adds_nothing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with Archive.open(db) as a:
        before = a.count()
    status, out, err = run(capsys, "add", str(NEW), str(empty), "--archive", db)
    assert status == 2
    assert f"stance: error: {empty}: empty file" in err
    assert "nothing added" in out
    assert "1 readout read fine" in out
    with Archive.open(db) as a:
        assert a.count() == before


def test_add_skips_an_index_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "corpus"
    (folder / "state").mkdir(parents=True)
    (folder / "state" / "a.txt").write_bytes(NEW.read_bytes())
    (folder / "index.jsonl").write_text('{"path": "state/a.txt", "date": "2024-01-20"}\n', encoding="utf-8")
    status, out, _ = run(
        capsys, "add", str(folder), "--archive", str(tmp_path / "x.sqlite3"), "--format", "json"
    )
    assert status == 0
    doc = json.loads(out)
    assert len(doc["added"]) == 1
    assert doc["skipped"][0]["path"].endswith("index.jsonl")
    assert doc["committed"] is True


def test_list_formats(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "--archive", db, "--side", "Chile")
    assert status == 0
    assert out.count("Ibarra") >= 2
    assert "Odhiambo" not in out
    status, out, _ = run(
        capsys, "list", "--archive", db, "--format", "json", "--since", "2023-03", "--until", "2023-12-31"
    )
    rows = json.loads(out)
    assert [r["published"] for r in rows] == ["2023-06-15", "2023-03-01"]
    status, out, _ = run(capsys, "list", "--archive", db, "--format", "csv", "--party", "Odhiambo")
    table = list(csv.reader(io.StringIO(out)))
    assert table[0][0] == "id"
    assert len(table) == 2
    status, out, _ = run(capsys, "list", "--archive", db, "--format", "markdown")
    assert out.startswith("| id")


def test_bad_date_is_an_argument_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--archive", db, "--since", "March"]) == 2
    assert "'March' is not a date" in capsys.readouterr().err


def test_show_search_remove(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "--archive", db, "--format", "json", "--party", "Odhiambo")
    rid = json.loads(out)[0]["id"]
    status, out, _ = run(capsys, "show", str(rid), "--archive", db, "--format", "json")
    doc = json.loads(out)
    assert status == 0
    assert doc["id"] == rid
    first = doc["statements"][0]
    with Archive.open(db) as a:
        assert first["text"] == a.get(rid).text[first["start"] : first["end"]]
    status, out, _ = run(capsys, "show", str(rid), "--archive", db)
    assert status == 0
    assert f"archive id {rid}" in out
    status, out, _ = run(capsys, "search", "enduring", "partnership", "--archive", db)
    assert status == 0
    assert "[enduring]" in out
    assert "[partnership]" in out
    status, out, _ = run(capsys, "search", "enduring", "--archive", db, "--format", "json")
    hit = json.loads(out)[0]
    assert hit["snippet"][hit["marks"][0][0] : hit["marks"][0][1]] == "enduring"
    status, out, _ = run(capsys, "search", "zanzibar", "--archive", db)
    assert status == 0
    assert out.strip() == "no matches"
    status, out, _ = run(capsys, "remove", str(rid), "--archive", db)
    assert status == 0
    assert out.startswith(f"removed {rid}: ")
    status, out, err = run(capsys, "remove", str(rid), "--archive", db)
    assert status == 2
    assert f"no readout with id {rid}" in err
    assert out == ""
    status, _, err = run(capsys, "show", "999", "--archive", db)
    assert status == 2
    assert "'stance list' shows the ids" in err


def test_compare(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "compare", str(NEW), "--archive", db)
    assert status == 0
    assert "Earlier readouts with the same counterpart" in out
    assert "formula in 3 earlier" in out
    assert "new wording" in out
    status, out, _ = run(capsys, "compare", str(NEW), "--archive", db, "--format", "json")
    doc = json.loads(out)
    w = doc["wordings"][1]
    assert w["recurring"]
    assert w["count"] == 3
    assert w["first_published"] == "2023-02-10"
    assert w["span"] == [doc["alignment"]["statements"][1]["start"], doc["alignment"]["statements"][1]["end"]]
    status, out, _ = run(capsys, "compare", str(NEW), "--archive", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["recurring"] for r in rows] == ["1", "1", "0", "0"]
    status, _, err = run(capsys, "compare", str(FIXTURES / "missing.txt"), "--archive", db)
    assert status == 2
    assert "missing.txt: no such file" in err


def test_track(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "track", "--side", "United States", "--archive", db)
    assert status == 0
    assert out.startswith("United States: 3 readouts")
    status, out, _ = run(
        capsys,
        "track",
        "--side",
        "United States",
        "--archive",
        db,
        "--format",
        "json",
        "--phrase",
        "enduring partnership",
    )
    doc = json.loads(out)
    assert doc["phrases"][0]["first_published"] == "2023-02-10"
    assert doc["phrases"][0]["count"] == 3
    status, _, err = run(capsys, "track", "--side", "Atlantis", "--archive", db)
    assert status == 2
    assert "no archived readout with side 'Atlantis'" in err


def test_not_an_archive_and_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database", encoding="utf-8")
    status, out, err = run(capsys, "list", "--archive", str(bogus))
    assert status == 2
    assert out == ""
    assert err.startswith(f"stance: error: {bogus}: not a stance archive")
    monkeypatch.setenv("STANCE_ARCHIVE", str(tmp_path / "env.sqlite3"))
    status, out, _ = run(capsys, "list", "--format", "json")
    assert status == 0
    assert len(json.loads(out)) >= 1
    assert (tmp_path / "env.sqlite3").exists()


def test_escape_sequences_in_readouts_are_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.jsonl"
    body = "Secretary Blinken met Foreign Minister Ortega. \u001b[2JThe Secretary praised the partnership."
    records.write_text(
        json.dumps({"title": "Call \u001b[31mred", "date": "2024-01-02", "content": body}) + "\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "esc.sqlite3")
    assert run(capsys, "add", str(records), "--archive", db)[0] == 0
    for argv in (["search", "praised"], ["list"], ["show", "1"]):
        status, out, _ = run(capsys, *argv, "--archive", db)
        assert status == 0, argv
        assert "\x1b" not in out, argv
    status, out, _ = run(capsys, "search", "praised", "--archive", db, "--format", "json")
    assert "\\u001b[2J" in out  # machine forms keep the data exactly


@pytest.mark.parametrize(
    ("argv", "heavy"),
    [
        (["--help"], ("numpy", "sklearn", "scipy", "textual", "rapidfuzz", "stance.archive")),
        (["list", "--limit", "1"], ("numpy", "sklearn", "scipy", "textual", "stance.pipeline")),
        (["search", "partnership"], ("numpy", "sklearn", "scipy", "textual", "stance.pipeline")),
        (["show", "1"], ("sklearn", "scipy", "textual", "stance.pipeline")),
        (["track", "--side", "United States"], ("numpy", "sklearn", "scipy", "textual", "stance.pipeline")),
    ],
)
def test_read_commands_import_only_what_they_use(tmp_path: Path, argv: list[str], heavy: tuple[str, ...]) -> None:
    import subprocess
    import sys

    db = tmp_path / "light.sqlite3"
    with Archive.open(db, seed=False) as a:
        a.add_paths([Path(__file__).parent / "fixtures" / "archive" / "archived"])
    code = (
        "import sys, contextlib, io\n"
        "from stance.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({[*argv, '--archive', str(db)] if argv != ['--help'] else argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted({m for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(eval(out.stdout.strip().splitlines()[-1]))  # noqa: S307 - our own child's repr of a list
    assert not [m for m in heavy if m in loaded]


def test_the_lazy_command_table_matches_the_command_modules() -> None:
    from stance.cli import COMMANDS

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    registered = {c.dest: c.help for c in sub._choices_actions}
    assert registered == {name: help_ for name, (_, help_) in COMMANDS.items()}
    # with a command named, its own module registers it fully (real options, not a stub)
    for name, (module, _) in COMMANDS.items():
        one = build_parser(name)
        sub = next(a for a in one._actions if isinstance(a, argparse._SubParsersAction))
        options = {o for a in sub.choices[name]._actions for o in a.option_strings}
        assert "--help" in options, (name, module)


def test_add_piped_prints_one_summary_line_and_no_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = Path(__file__).parent / "fixtures" / "split"
    db = tmp_path / "piped.sqlite3"
    assert main(["add", str(folder), "--archive", str(db)]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1
    assert out.startswith(f"added {len(list(folder.rglob('*.txt')))} ")  # subfolders too
    assert str(db) in out
    assert err == ""


def test_add_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from stance.cli import archive as cli_archive

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake = Tty()
    monkeypatch.setattr(cli_archive.sys, "stderr", fake)
    monkeypatch.setattr(cli_archive, "_stderr_console", lambda: __import__("rich.console").console.Console(
        file=fake, force_terminal=True, width=80))
    with cli_archive._progress() as show:
        assert show is not None
        for done in range(0, 201, 50):
            show(done, 200)
    assert "200/200" in fake.getvalue()
    monkeypatch.setattr(cli_archive.sys, "stderr", io.StringIO())
    with cli_archive._progress() as show:
        assert show is None
