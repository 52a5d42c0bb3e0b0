"""The README stays true: every command has help text and appears there; the shown outputs are real."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from stance.cli import build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_has_help_and_is_in_the_readme() -> None:
    cmds = commands()
    assert {"split", "align", "add", "list", "show", "search", "remove", "compare", "track", "report", "tui"} <= set(
        cmds)
    for name, p in cmds.items():
        assert p.description, f"stance {name} has no description"
        assert f"stance {name}" in README, f"stance {name} is not in the README"


def test_setup_commands_match_ci() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pip install --quiet -e '.[dev]'" in ci
    assert ".venv/bin/python -m pytest" in ci
    assert "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]' && .venv/bin/python -m pytest" in README


def _shown(command: str) -> str:
    """The output block the README shows for ``$ command``."""
    m = re.search(r"```\n\$ " + re.escape(command) + r"\n(.*?)```", README, re.S)
    assert m, f"no block for {command}"
    return m.group(1)


def test_readme_align_output_is_real() -> None:
    shown = _shown("stance align seeds/*.txt")
    seed = next((ROOT / "seeds").glob("*.txt"))
    got = subprocess.run([sys.executable, "-m", "stance", "align", str(seed.relative_to(ROOT))], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert got == shown


def test_readme_split_output_is_real_where_shown() -> None:
    shown = _shown("stance split seeds/*.txt")
    seed = next((ROOT / "seeds").glob("*.txt"))
    got = subprocess.run([sys.executable, "-m", "stance", "split", str(seed.relative_to(ROOT))], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    for chunk in shown.split("...\n"):
        assert chunk in got


def test_readme_layout_names_real_files() -> None:
    """Every path in "Where things are" exists (a moved or renamed module updates its row)."""
    section = README.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    paths = re.findall(r"`((?:stance|seeds|reports|benchmarks|docs|tests)[^`*]*)`", section)
    assert len(paths) > 8
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"README names files that are not there: {missing}"
    for name in re.findall(r"`(\w+\.py)`", section):
        assert list((ROOT / "stance").rglob(name)), f"README names {name}, not in stance/"


def test_licence_is_an_spdx_string() -> None:
    """``license = "MIT"`` (PEP 639), built by a setuptools that reads it without a deprecation warning."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    req = next(r for r in project["build-system"]["requires"] if r.startswith("setuptools"))
    assert int(re.search(r">=\s*(\d+)", req).group(1)) >= 77  # type: ignore[union-attr]
    from importlib.metadata import metadata

    installed = metadata("stance")
    if installed.get("License-Expression") is None:
        pytest.skip("stance was installed before the licence change; reinstall with pip install -e .")
    assert installed["License-Expression"] == "MIT"
