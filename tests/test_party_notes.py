"""When the tool is unsure about a party it says so: in the text table, the JSON and the TUI head."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stance.cli import main
from stance.model import Party
from stance.tui.widgets.header import party_head

UNSURE = "Telephone conversation with Marcus Hale\n( 2025.02.10 )\n\nVladimir Putin had a phone conversation " \
         "with Marcus Hale. They discussed fisheries.\n"
SURE = "Telephone conversation with President of Mongolia Batu Erdene\n( 2025.02.10 )\n\nVladimir Putin had a " \
       "telephone conversation with President of Mongolia Batu Erdene. They discussed fisheries.\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kremlin" / "readout.txt"  # the folder names the publisher
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def test_notes_in_json_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, UNSURE)
    assert main(["split", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    principal, counterpart = doc["parties"]
    assert principal["notes"] == []
    assert counterpart["name"] == "Marcus Hale"
    assert counterpart["side"] is None
    assert any("side unknown" in n for n in counterpart["notes"])
    assert main(["split", str(path)]) == 0
    out = capsys.readouterr().out
    assert "unsure:" in out
    assert "p2 Marcus Hale: side unknown" in out


def test_no_note_when_the_readout_says_it_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, SURE)
    assert main(["split", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [p["notes"] for p in doc["parties"]] == [[], []]
    assert main(["split", str(path)]) == 0
    assert "unsure:" not in capsys.readouterr().out


def test_tui_column_head_shows_the_note() -> None:
    party = Party(id="p2", role="counterpart", name="Marcus Hale", notes=("side unknown: no country found",))
    head = party_head(party, "counterpart").plain
    assert "Marcus Hale" in head
    assert "unsure: side unknown" in head
    sure = Party(id="p2", role="counterpart", name="Batu Erdene", side="Mongolia")
    assert "unsure" not in party_head(sure, "counterpart").plain
