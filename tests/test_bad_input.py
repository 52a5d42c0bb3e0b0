"""Every bad input and every fault: one clear line on stderr, exit 2, nothing lost, nothing injected.

The battery runs every command that reads files on every kind of bad input, the archive commands
on numbers beyond 64 bits and on broken archives, and checks what reaches the terminal, a
spreadsheet and an error line. Commands run in-process through ``stance.cli.main`` (an exception
escaping ``main`` is what the user would see as a traceback); the cases that need a real process
(standard output full or closed, a read-only file for a non-root user, a file-size limit for a
full disk) run ``python -m stance`` in a subprocess.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from stance.cli import main
from stance.read import read_file
from stance.safe import BIDI, cell, line, name, terminal

# --------------------------------------------------------------------------------------------
# readouts written for these tests (invented people and places)

GOOD = (
    "Wang Lei Meets with Foreign Minister of Vestria Ana Ruiz\n"
    "( 2025.05.03 )\n"
    "\n"
    "Beijing, May 2ndWang Lei, Member of the Political Bureau of the CPC Central Committee and Foreign "
    "Minister, met here today with Foreign Minister of Vestria Ana Ruiz.\n"
    "\n"
    "Wang Lei said, China and Vestria are good partners. China is willing to deepen cooperation in trade "
    "and green energy with Vestria.\n"
    "\n"
    "Ruiz said that Vestria adheres to the one-China policy and hopes to expand trade with China.\n"
)

HOSTILE = (
    "=HYPERLINK(\"http://example.invalid\") Wang Lei Meets \x1b]0;retitled\x07\x1b[2J Ana Ruiz "
    "\u202eevil\u202c\n"
    "( 2025.05.04 )\n"
    "\n"
    "Beijing, May 3rdWang Lei, Member of the Political Bureau of the CPC Central Committee and Foreign "
    "Minister, met here today with Foreign Minister of Vestria Ana Ruiz.\n"
    "\n"
    "=1+2 Wang Lei said China is willing to deepen \x1b[31mtrade\x1b[0m cooperation with Vestria.\n"
    "\n"
    "+Ruiz said that Vestria hopes to expand trade \x9b2J with China.\n"
    "\n"
    "-Both sides agreed to keep close communication \u2066on trade\u2069.\n"
    "\n"
    "@Wang Lei said that green energy is a new area of cooperation.\n"
)

INJECTION = ("\x1b", "\x07", "\x9b", *BIDI)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a good readout and an archive holding it (and the hostile readout)."""
    root = tmp_path_factory.mktemp("bad")
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    archive = root / "archive.sqlite3"
    assert main(["add", str(root / "good.txt"), str(root / "hostile.txt"), "--archive", str(archive)]) == 0
    return root


@pytest.fixture(scope="module")
def hostile_id(base: Path) -> str:
    """The archive id of the hostile readout."""
    from stance.archive import Archive

    with Archive.open(base / "archive.sqlite3") as archive:
        (row,) = [r for r in archive.rows() if r.title.startswith("=HYPERLINK")]
    return str(row.id)


def digest(path: Path) -> str:
    """The archive's content, hashed: the database file and its write-ahead log (the shared-memory
    index, ``-shm``, is not content). Unchanged means byte-identical."""
    h = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    """``stance ARGV`` in-process: exit status (argparse's SystemExit included), stdout, stderr."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_clear_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("stance"), err
    return lines[0]


# --------------------------------------------------------------------------------------------
# class 2, 6, 7: every command that reads files, on every bad input


def _missing(d: Path) -> str:
    return str(d / "missing.txt")


def _empty(d: Path) -> str:
    (d / "empty.txt").write_text("  \n\n", encoding="utf-8")
    return str(d / "empty.txt")


def _binary(d: Path) -> str:
    (d / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return str(d / "picture.txt")


def _device(d: Path) -> str:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero on this system")
    return "/dev/zero"


def _fifo(d: Path) -> str:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(d / "pipe.txt")
    return str(d / "pipe.txt")


def _no_readouts(d: Path) -> str:
    (d / "folder").mkdir()
    (d / "folder" / "notes.pdf").write_bytes(b"%PDF-1.4")
    return str(d / "folder")


def _nested_json(d: Path) -> str:
    (d / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return str(d / "deep.json")


def _nested_jsonl(d: Path) -> str:
    (d / "deep.jsonl").write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    return str(d / "deep.jsonl")


def _too_big(d: Path) -> str:
    # one huge single line, over the limit set by the test below ($STANCE_MAX_SIZE=64k)
    (d / "huge.txt").write_text("Wang Lei met Ana Ruiz and said trade matters " * 2_000, encoding="utf-8")
    return str(d / "huge.txt")


def _title_only(d: Path) -> str:
    (d / "title.txt").write_text("Wang Lei Meets with Ana Ruiz\n", encoding="utf-8")
    return str(d / "title.txt")


def _bad_json(d: Path) -> str:
    (d / "records.json").write_text('[{"title": "A", "text": "B"', encoding="utf-8")
    return str(d / "records.json")


def _forged_name(d: Path) -> str:
    p = d / "x.txt\nstance: error: all good\x1b[2J\u202e.txt"
    p.write_bytes(b"binary\x00junk")
    return str(p)


BAD_INPUTS: dict[str, Callable[[Path], str]] = {
    "missing": _missing,
    "empty": _empty,
    "binary": _binary,
    "device": _device,
    "fifo": _fifo,
    "folder without readouts": _no_readouts,
    "deeply nested JSON": _nested_json,
    "deeply nested JSONL": _nested_jsonl,
    "one huge line over the size limit": _too_big,
    "title line only": _title_only,
    "invalid JSON": _bad_json,
    "forged file name": _forged_name,
}

READING_COMMANDS: dict[str, Callable[[str, Path], list[str]]] = {
    "split": lambda p, d: ["split", p],
    "align": lambda p, d: ["align", p],
    "add": lambda p, d: ["add", p, "--archive", str(d / "archive.sqlite3")],
    "compare": lambda p, d: ["compare", p, "--archive", str(d / "archive.sqlite3")],
    "report": lambda p, d: ["report", p, "--out", str(d / "reports")],
    "tui": lambda p, d: ["tui", p],
}


@pytest.mark.parametrize("bad", list(BAD_INPUTS))
@pytest.mark.parametrize("command", list(READING_COMMANDS))
def test_every_command_refuses_every_bad_input_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, base: Path,
    command: str, bad: str,
) -> None:
    monkeypatch.setenv("STANCE_MAX_SIZE", "64k")
    shutil.copy(base / "archive.sqlite3", tmp_path / "archive.sqlite3")
    before = digest(tmp_path / "archive.sqlite3")
    path = BAD_INPUTS[bad](tmp_path)
    code, out, err = run(capsys, READING_COMMANDS[command](path, tmp_path))
    assert code == 2
    message = one_clear_line(err)
    assert name(path) in message  # the file is named, quoted when its name holds controls
    assert not any(ch in message for ch in INJECTION)
    assert digest(tmp_path / "archive.sqlite3") == before
    assert not (tmp_path / "reports").exists()
    assert not any(ch in out for ch in INJECTION)


def test_a_forged_name_cannot_fake_a_second_message(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _forged_name(tmp_path)
    code, _, err = run(capsys, ["split", path])
    assert code == 2
    assert one_clear_line(err).startswith("stance: error: ")
    assert repr(path) in err  # quoted and escaped: \n, \x1b, \u202e


def test_the_size_limit_can_be_raised(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    big = tmp_path / "long.txt"
    big.write_text(GOOD + "\nWang Lei said that trade and green energy matter to both peoples.\n" * 1_500,
                   encoding="utf-8")
    monkeypatch.setenv("STANCE_MAX_SIZE", "64k")
    code, _, err = run(capsys, ["split", str(big), "--format", "json"])
    assert code == 2
    assert "larger than the limit of 64 kB" in one_clear_line(err)
    assert "--max-size" in err
    code, out, err = run(capsys, ["split", str(big), "--format", "json", "--max-size", "1M"])
    assert code == 0, err
    assert json.loads(out)["readout"]["title"].startswith("Wang Lei Meets")


def test_an_unreadable_subfolder_is_reported_not_skipped(tmp_path: Path) -> None:
    """The readable readouts are split; the subfolder is named; exit 2 (not 0 with 'failed 0')."""
    (tmp_path / "in" / "ok").mkdir(parents=True)
    (tmp_path / "in" / "ok" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "locked").mkdir()
    (tmp_path / "in" / "locked" / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "locked").chmod(0)
    try:
        r = stance_process(["split", str(tmp_path / "in"), "--format", "json"], tmp_path, unprivileged=True)
        archive = tmp_path / "archive.sqlite3"
        r2 = stance_process(["add", str(tmp_path / "in"), "--archive", str(archive)], tmp_path, unprivileged=True)
    finally:
        (tmp_path / "in" / "locked").chmod(0o755)
    assert r.returncode == 2
    assert "locked" in one_clear_line(r.stderr)
    assert "cannot read the folder" in r.stderr
    assert json.loads(r.stdout)["readout"]["title"].startswith("Wang Lei Meets")
    assert r2.returncode == 2
    assert "locked" in r2.stderr
    assert "Traceback" not in r2.stderr


# --------------------------------------------------------------------------------------------
# class 6: valid input that used to be rejected


def test_jsonl_with_raw_line_separators_inside_strings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = GOOD.replace("good partners.", "good partners.\u2028").replace("green energy", "green\u0085energy")
    p = tmp_path / "records.jsonl"
    p.write_text(json.dumps({"title": "T", "text": text}, ensure_ascii=False) + "\n"
                 + json.dumps({"title": "U", "text": GOOD}) + "\n", encoding="utf-8")
    readouts = read_file(p)
    assert [r.text for r in readouts] == [text, GOOD]
    code, _, err = run(capsys, ["split", str(p), "--format", "json"])
    assert code == 0, err


def test_csv_content_field_longer_than_the_csv_module_default(tmp_path: Path) -> None:
    body = GOOD + "Wang Lei said that trade matters to both peoples. " * 3_000
    assert len(body) > 131_072
    buf = io.StringIO()
    csv.writer(buf).writerows([["title", "content"], ["Long", body]])
    p = tmp_path / "long.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    (readout,) = read_file(p)
    assert readout.text == body


def test_index_of_metadata_is_one_note(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Issue 12 item 3: a record file without text beside the readouts is skipped with one note."""
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "index.jsonl").write_text(
        "".join(json.dumps({"path": f"r{i}.txt", "source": "mfa", "date": "2025-05-03"}) + "\n" for i in range(40)),
        encoding="utf-8")
    code, out, err = run(capsys, ["split", str(tmp_path), "--format", "json"])
    assert code == 0
    note = one_clear_line(err)
    assert note.startswith("stance: note:")
    assert "index.jsonl" in note
    assert "skipped" in note
    assert json.loads(out)["readout"]["title"].startswith("Wang Lei Meets")
    # alone, it is the one input and nothing was read: an error
    code, _, err = run(capsys, ["split", str(tmp_path / "index.jsonl")])
    assert code == 2
    assert one_clear_line(err).startswith("stance: error:")


# --------------------------------------------------------------------------------------------
# class 1: numbers beyond 64 bits, argparse errors in one line

HUGE = str(2**64)

NUMBER_COMMANDS = {
    "show --id": ["show", HUGE],
    "remove --id": ["remove", HUGE],
    "report --id": ["report", "--id", HUGE],
    "list --limit": ["list", "--limit", HUGE],
    "search --limit": ["search", "trade", "--limit", HUGE],
    "compare --limit": ["compare", "PATH", "--limit", HUGE],
    "add --workers": ["add", "PATH", "--workers", HUGE],
    "split --max-size": ["split", "PATH", "--max-size", "lots"],
    "list --limit -1": ["list", "--limit", "-1"],
}


@pytest.mark.parametrize("case", list(NUMBER_COMMANDS))
def test_numbers_beyond_64_bits_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, base: Path,
                                             case: str) -> None:
    archive = tmp_path / "archive.sqlite3"
    shutil.copy(base / "archive.sqlite3", archive)
    before = digest(archive)
    argv = [str(base / "good.txt") if a == "PATH" else a for a in NUMBER_COMMANDS[case]]
    code, out, err = run(capsys, [*argv, "--archive", str(archive)] if argv[0] != "split" else argv)
    assert code == 2
    message = one_clear_line(err)
    assert "too large" in message or "negative" in message or "not a size" in message
    assert out == ""
    assert digest(archive) == before


# --------------------------------------------------------------------------------------------
# class 1: standard output full or closed, read-only and damaged archives, a full disk


def stance_process(argv: list[str], cwd: Path, *, stdout: int | None = subprocess.PIPE, close_stdout: bool = False,
                   unprivileged: bool = False, file_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m stance ARGV`` in a real process.

    ``unprivileged``: file permissions apply even when the tests run as root (root keeps its
    user id but loses the capability to override them, via ``setpriv``); skipped when that is not
    possible. ``file_limit``: no file may grow beyond this many bytes (RLIMIT_FSIZE), as on a full
    disk: writes fail with an error (Python ignores SIGXFSZ).
    """
    cmd = [sys.executable, "-m", "stance", *argv]
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file permissions cannot be tested")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--", *cmd]

    def limits() -> None:
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))
        if close_stdout:
            os.close(1)

    env = {**os.environ, "STANCE_ARCHIVE": str(cwd / "default.sqlite3")}
    return subprocess.run(cmd, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, text=True, env=env,
                          preexec_fn=limits, check=False)


OUTPUT_COMMANDS = {
    "split": lambda d: ["split", str(d / "good.txt")],
    "split csv": lambda d: ["split", str(d / "good.txt"), "--format", "csv"],
    "align": lambda d: ["align", str(d / "good.txt")],
    "list": lambda d: ["list", "--archive", str(d / "archive.sqlite3")],
    "add": lambda d: ["add", str(d / "new.txt"), "--archive", str(d / "archive.sqlite3")],
}


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
@pytest.mark.parametrize("how", ["full", "closed"])
def test_output_full_or_closed_is_one_line(tmp_path: Path, base: Path, command: str, how: str) -> None:
    shutil.copy(base / "archive.sqlite3", tmp_path / "archive.sqlite3")
    shutil.copy(base / "good.txt", tmp_path / "good.txt")
    (tmp_path / "new.txt").write_text(GOOD.replace("Vestria", "Ostland"), encoding="utf-8")
    argv = OUTPUT_COMMANDS[command](tmp_path)
    if how == "full":
        if not os.path.exists("/dev/full"):
            pytest.skip("no /dev/full on this system")
        with open("/dev/full", "w") as full:
            r = stance_process(argv, tmp_path, stdout=full.fileno())
    else:
        r = stance_process(argv, tmp_path, stdout=None, close_stdout=True)
    assert r.returncode == 2
    message = one_clear_line(r.stderr)
    assert "output" in message


def _damage(path: Path) -> None:
    """Overwrite with junk the page of the readouts table, which every command reads (a damaged page
    that a command does not read, e.g. a theme row, is not noticed and need not be)."""
    import sqlite3

    conn = sqlite3.connect(path)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'readouts'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    at = (root - 1) * page
    data[at : at + page] = b"\xa5" * page
    path.write_bytes(bytes(data))


ARCHIVE_COMMANDS = {
    "add": lambda d: ["add", str(d / "new.txt")],
    "remove": lambda d: ["remove", "1"],
    "list": lambda d: ["list"],
    "show": lambda d: ["show", "1"],
    "search": lambda d: ["search", "trade"],
    "track": lambda d: ["track", "--side", "China"],
    "compare": lambda d: ["compare", str(d / "good.txt")],
    "report": lambda d: ["report", "--id", "1", "--out", str(d / "reports")],
}
WRITING = ("add", "remove")


@pytest.mark.parametrize("command", list(ARCHIVE_COMMANDS))
def test_damaged_archive_is_one_line_and_left_alone(tmp_path: Path, base: Path, command: str) -> None:
    archive = tmp_path / "archive.sqlite3"
    shutil.copy(base / "archive.sqlite3", archive)
    shutil.copy(base / "good.txt", tmp_path / "good.txt")
    (tmp_path / "new.txt").write_text(GOOD.replace("Vestria", "Ostland"), encoding="utf-8")
    _damage(archive)
    before = digest(archive)
    r = stance_process([*ARCHIVE_COMMANDS[command](tmp_path), "--archive", str(archive)], tmp_path)
    assert r.returncode == 2
    assert "damaged" in one_clear_line(r.stderr)
    assert digest(archive) == before


@pytest.mark.parametrize("command", WRITING)
def test_read_only_archive_is_one_line_and_unchanged(tmp_path: Path, base: Path, command: str) -> None:
    archive = tmp_path / "archive.sqlite3"
    shutil.copy(base / "archive.sqlite3", archive)
    (tmp_path / "new.txt").write_text(GOOD.replace("Vestria", "Ostland"), encoding="utf-8")
    archive.chmod(0o444)
    before = digest(archive)
    try:
        r = stance_process([*ARCHIVE_COMMANDS[command](tmp_path), "--archive", str(archive)], tmp_path,
                           unprivileged=True)
    finally:
        archive.chmod(0o644)
    assert r.returncode == 2
    message = one_clear_line(r.stderr).lower()
    assert "read-only" in message or "readonly" in message
    assert digest(archive) == before


def test_list_reads_an_archive_in_a_read_only_folder(tmp_path: Path, base: Path) -> None:
    """Reading needs no write access: ``list`` answers from an archive in a read-only folder."""
    folder = tmp_path / "ro"
    folder.mkdir()
    archive = folder / "archive.sqlite3"
    shutil.copy(base / "archive.sqlite3", archive)
    before = digest(archive)
    folder.chmod(0o555)
    try:
        r = stance_process(["list", "--archive", str(archive)], tmp_path, unprivileged=True)
    finally:
        folder.chmod(0o755)
    assert r.returncode == 0, r.stderr
    assert "Ana Ruiz" in r.stdout
    assert "Traceback" not in r.stderr
    assert digest(archive) == before


@pytest.mark.parametrize("command", ["add"])
def test_archive_in_a_read_only_folder_is_one_line(tmp_path: Path, base: Path, command: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    archive = folder / "archive.sqlite3"
    shutil.copy(base / "archive.sqlite3", archive)
    (tmp_path / "new.txt").write_text(GOOD.replace("Vestria", "Ostland"), encoding="utf-8")
    before = digest(archive)
    folder.chmod(0o555)
    try:
        r = stance_process([*ARCHIVE_COMMANDS[command](tmp_path), "--archive", str(archive)], tmp_path,
                           unprivileged=True)
    finally:
        folder.chmod(0o755)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    message = one_clear_line(r.stderr).lower()
    assert "read-only" in message or "readonly" in message
    assert digest(archive) == before


def test_full_disk_during_add_is_one_line_and_leaves_the_archive(tmp_path: Path, base: Path) -> None:
    archive = tmp_path / "archive.sqlite3"
    shutil.copy(base / "archive.sqlite3", archive)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"r{i:02}.txt").write_text(
            GOOD.replace("Vestria", f"Vestria{i}").replace("Ana Ruiz", f"Ana Ruiz{i}") * 3, encoding="utf-8")
    before = digest(archive)
    r = stance_process(["add", str(folder), "--archive", str(archive), "--workers", "1"], tmp_path,
                       file_limit=archive.stat().st_size + 4096)
    assert r.returncode == 2
    assert "full" in one_clear_line(r.stderr)
    assert digest(archive) == before


# --------------------------------------------------------------------------------------------
# class 3: terminal injection; class 4: formula injection

TEXT_COMMANDS = {
    "split": lambda d, f: ["split", str(d / "hostile.txt"), "--format", f],
    "align": lambda d, f: ["align", str(d / "hostile.txt"), "--format", f],
    "show": lambda d, f: ["show", "HOSTILE", "--archive", str(d / "archive.sqlite3"), "--format", f],
    "list": lambda d, f: ["list", "--archive", str(d / "archive.sqlite3"), "--format", f],
    "search": lambda d, f: ["search", "trade", "--archive", str(d / "archive.sqlite3"), "--format", f],
    "compare": lambda d, f: ["compare", str(d / "hostile.txt"), "--archive", str(d / "archive.sqlite3"),
                             "--format", f],
    "track": lambda d, f: ["track", "--side", "China", "--archive", str(d / "archive.sqlite3"), "--format", f],
}


@pytest.mark.parametrize("fmt", ["text", "markdown", "grid", "json"])
@pytest.mark.parametrize("command", list(TEXT_COMMANDS))
def test_no_control_codes_reach_the_terminal(capsys: pytest.CaptureFixture[str], base: Path, hostile_id: str,
                                             command: str, fmt: str) -> None:
    argv = [hostile_id if a == "HOSTILE" else a for a in TEXT_COMMANDS[command](base, fmt)]
    code, out, err = run(capsys, argv)
    assert code == 0, err
    assert out
    assert not [ch for ch in INJECTION if ch in out], out
    if fmt == "json":
        json.loads(out)  # escaped, not dropped: the JSON still parses


def test_json_keeps_the_text_exactly(capsys: pytest.CaptureFixture[str], base: Path) -> None:
    code, out, _ = run(capsys, ["split", str(base / "hostile.txt"), "--format", "json"])
    assert code == 0
    doc = json.loads(out)
    assert doc["readout"]["title"].startswith("=HYPERLINK")
    assert "\u202e" in doc["readout"]["title"]
    text = (base / "hostile.txt").read_text(encoding="utf-8")
    for st in doc["statements"]:
        assert text[st["start"] : st["end"]] == st["text"]


TABLE_COMMANDS = {**TEXT_COMMANDS, "list tsv": lambda d, f: ["list", "--archive", str(d / "archive.sqlite3"),
                                                            "--format", "tsv"]}


@pytest.mark.parametrize("command", list(TABLE_COMMANDS))
def test_no_cell_is_a_formula(capsys: pytest.CaptureFixture[str], base: Path, hostile_id: str,
                              command: str) -> None:
    fmt = "tsv" if command.endswith("tsv") else "csv"
    argv = [hostile_id if a == "HOSTILE" else a for a in TABLE_COMMANDS[command](base, fmt)]
    code, out, err = run(capsys, argv)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out), delimiter="\t" if fmt == "tsv" else ","))
    assert len(rows) > 1
    cells = [c.strip(" ") if fmt == "tsv" else c for r in rows for c in r]
    risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and cell(c) != c]
    assert risky == []
    if command not in ("align", "track"):  # their cells are theme names and phrases, not titles or statements
        assert any(c[:2] in ("'=", "'+", "'-", "'@") for c in cells), "the formula-like text shows, neutralised"
    assert not [ch for ch in INJECTION if ch in out]


# --------------------------------------------------------------------------------------------
# the functions themselves


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+1 call", "'+1 call"), ("-x", "'-x"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
     ("-3", "-3"), ("+1.5", "+1.5"), ("12%", "12%"), ("plain", "plain"), (7, 7), (None, None)],
)
def test_cell(value: object, expected: object) -> None:
    assert cell(value) == expected


def test_terminal_keeps_length_and_lines() -> None:
    text = "a\x1b[2Jb\x07c\u202ed\r\ne\rf\tg\x9bh"
    out = terminal(text)
    assert len(out) == len(text)
    assert out == "a?[2Jb?c?d\r\ne f\tg?h"


def test_name_and_line_quote_what_could_forge_a_line() -> None:
    assert name("plain/file.txt") == "plain/file.txt"
    assert name("北京/会见.txt") == "北京/会见.txt"
    assert name("a\nb") == "'a\\nb'"
    assert "\n" not in line("x\ny\x1b\u202e")
    assert line("x\ny") == "x\\ny"


@pytest.mark.parametrize("bad", ["device", "fifo"])
def test_a_theme_file_that_never_ends_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path, base: Path,
                                                 bad: str) -> None:
    themes = BAD_INPUTS[bad](tmp_path)
    code, out, err = run(capsys, ["align", str(base / "good.txt"), "--themes", themes])
    assert code == 2
    assert "not a regular file" in one_clear_line(err)
    assert out == ""


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path, base: Path) -> None:
    """'stance split ... | head': the pipe's reader has gone; no message, no traceback, status 0."""
    shutil.copy(base / "good.txt", tmp_path / "good.txt")
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE
    try:
        r = stance_process(["split", str(tmp_path / "good.txt")], tmp_path, stdout=write_end)
    finally:
        os.close(write_end)
    assert r.returncode == 0
    assert r.stderr == ""
