"""The split and align commands end to end: formats, the JSON contract, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from stance.cli import main
from stance.tables import FORMATS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_split_json_contract(capsys: pytest.CaptureFixture[str], seed_path: Path) -> None:
    code, out, err = run(capsys, "split", str(seed_path), "--format", "json")
    assert code == 0
    assert err == ""
    doc = json.loads(out)
    text = seed_path.read_text(encoding="utf-8")
    assert [p["id"] for p in doc["parties"]] == ["p1", "p2"]
    assert "Liu" in doc["parties"][0]["aliases"]
    assert "Breed" in doc["parties"][1]["aliases"]
    for st in doc["statements"]:
        assert st["party"] in ("p1", "p2", "joint", "narrator")
        assert text[st["start"] : st["end"]] == st["text"]
    assert doc["readout"]["meeting_date"] == "2024-04-19"


def test_split_text_and_csv(capsys: pytest.CaptureFixture[str], seed_path: Path) -> None:
    code, out, _ = run(capsys, "split", str(seed_path))
    assert code == 0
    assert "Liu Jianchao" in out
    assert "cites Xi Jinping" in out
    assert "narrator" in out
    code, out, _ = run(capsys, "split", str(seed_path), "--format", "csv")
    lines = out.splitlines()
    assert lines[0].startswith("path,n,party,speaker,start,end")
    assert len(lines) == 14  # header + 13 statements


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("json", "csv")])
def test_every_table_format_renders(capsys: pytest.CaptureFixture[str], seed_path: Path, fmt: str) -> None:
    code, out, _ = run(capsys, "split", str(seed_path), "--format", fmt)
    assert code == 0
    assert "Breed expressed" in out


def write(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n", "empty file"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04", "binary"),
        ("norecord.jsonl", b'{"title": "T", "date": "2024-01-01"}\n', "no content"),
    ],
)
def test_bad_input_names_the_file_and_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                                               data: bytes, message: str) -> None:
    p = write(tmp_path, name, data)
    code, out, err = run(capsys, "split", str(p))
    assert code == 2
    assert out == ""
    assert str(p) in err
    assert message in err.lower()
    assert len(err.strip().splitlines()) == 1


def test_missing_file_and_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "split", str(tmp_path / "nope.txt"))
    assert code == 2
    assert "nope.txt" in err
    assert "no such file" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "split", str(tmp_path / "empty"))
    assert code == 2
    assert "no readouts" in err


def test_good_files_are_processed_when_one_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                 seed_path: Path) -> None:
    bad = write(tmp_path, "bad.txt", b"")
    code, out, err = run(capsys, "split", str(bad), str(seed_path), "--format", "json")
    assert code == 2
    assert "bad.txt" in err
    assert json.loads(out)["parties"][0]["name"] == "Liu Jianchao"


def test_align_seed_names_the_expected_themes(capsys: pytest.CaptureFixture[str], seed_path: Path) -> None:
    code, out, _ = run(capsys, "align", str(seed_path), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    by_status: dict[str, set[str]] = {}
    for t in doc["themes"]:
        by_status.setdefault(t["status"], set()).add(t["theme"])
    assert {"trade", "tourism"} <= by_status["shared"]
    assert any("subnational" in name for name in by_status["shared"])  # found in the text, not in a list
    only = {(t["theme"], t["evidence"][0]["party"]) for t in doc["themes"] if t["status"] == "only"}
    assert ("investment", "p1") in only
    assert ("climate and environment", "p2") in only
    text = seed_path.read_text(encoding="utf-8")
    for t in doc["themes"]:
        for e in t["evidence"]:
            assert text[e["start"] : e["end"]] == e["text"]
            assert len(e["text"]) <= 120  # the words that carry the theme, never a whole statement


def test_align_text_table(capsys: pytest.CaptureFixture[str], seed_path: Path) -> None:
    code, out, _ = run(capsys, "align", str(seed_path))
    assert code == 0
    assert "Both sides" in out
    assert "Only Liu Jianchao" in out
    assert "Only London Nicole Breed" in out
    assert "tourism" in out
    assert "cultural tourism" in out


def test_user_theme_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[themes.vision]\nname = "San Francisco vision"\nphrases = ["San Francisco vision"]\n')
    code, out, _ = run(capsys, "align", str(seed_path), "--themes", str(extra), "--format", "json")
    assert code == 0
    assert any(t["theme"] == "San Francisco vision" for t in json.loads(out)["themes"])
    bad = tmp_path / "bad.toml"
    bad.write_text("[themes.x]\nname = 1\n")
    code, _, err = run(capsys, "align", str(seed_path), "--themes", str(bad))
    assert code == 2
    assert "bad.toml" in err
    assert "phrases" in err


def test_two_accounts_of_one_meeting(capsys: pytest.CaptureFixture[str]) -> None:
    a = FIXTURES / "split" / "accounts_a.txt"
    b = FIXTURES / "split" / "accounts_b.txt"
    code, out, _ = run(capsys, "align", str(a), str(b), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    both = {t["theme"] for t in doc["themes"] if t["status"] == "both"}
    assert "energy" in both
    only = {(t["theme"], t["evidence"][0]["account"]) for t in doc["themes"] if t["status"] == "only"}
    assert ("counternarcotics", 1) in only
    claims = {c["confirmed"] for c in doc["claims"]}
    assert claims == {True, False}
    assert any(d["text"] == "$500 million" for d in doc["details"])
    assert doc["characterisations"]
    assert "constructive" in doc["characterisations"][0]["words"]
    code, out, _ = run(capsys, "align", str(a), str(b), "--each", "--format", "json")
    assert isinstance(json.loads(out), list)


def test_python_dash_m_and_help() -> None:
    r = subprocess.run([sys.executable, "-m", "stance", "--help"], capture_output=True, text=True, check=False)
    assert r.returncode == 0
    for cmd in ("split", "align"):
        assert cmd in r.stdout
