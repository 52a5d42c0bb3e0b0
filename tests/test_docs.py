"""The README stays true: every command has help text and appears there; the shown outputs are real."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from stance.cli import build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")

PIPED = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
"""The environment of output piped to a file: no $COLUMNS (readline may have set one for the test
process), so tables keep the width the README shows."""


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
                         capture_output=True, text=True, check=True, env=PIPED).stdout
    assert got == shown


def test_readme_split_output_is_real_where_shown() -> None:
    shown = _shown("stance split seeds/*.txt")
    seed = next((ROOT / "seeds").glob("*.txt"))
    got = subprocess.run([sys.executable, "-m", "stance", "split", str(seed.relative_to(ROOT))], cwd=ROOT,
                         capture_output=True, text=True, check=True, env=PIPED).stdout
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


def test_quick_start_says_how_to_call_stance_after_set_up() -> None:
    """The set-up command installs into .venv without activating it: the quick start says so."""
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "source .venv/bin/activate" in quick
    assert ".venv/bin/stance" in quick
    assert "-rs" in README
    assert "-rs" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def _python_snippet() -> str:
    m = re.search(r"## Library use\n.*?```python\n(.*?)```", README, re.S)
    assert m, "no library snippet"
    return m.group(1)


def test_readme_library_snippet_runs_from_any_folder(tmp_path: Path) -> None:
    code = _python_snippet().replace("/tmp/stance-example.sqlite3", str(tmp_path / "example.sqlite3"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "trade shared" in done.stdout


def _commands() -> list[str]:
    """Every ``$ stance ...`` line of the README's output blocks."""
    return re.findall(r"```\n\$ (.*)\n", README)


def test_readme_commands_run_as_written_on_the_seed() -> None:
    """Each shown command that needs only the repository runs (exit 0) from the repository folder."""
    ran = 0
    for line in _commands():
        if "../shared" in line:
            continue
        args = line.split()
        assert args[0] == "stance"
        expanded = [x for a in args[1:] for x in (
            [str(p.relative_to(ROOT)) for p in sorted(ROOT.glob(a))] if "*" in a else [a])]
        done = subprocess.run([sys.executable, "-m", "stance", *expanded], cwd=ROOT, capture_output=True, text=True,
                              timeout=600, env=PIPED)
        assert done.returncode == 0, f"{line}: {done.stderr}"
        ran += 1
    assert ran >= 2


@pytest.mark.corpus
def test_readme_compare_example_is_real(tmp_path: Path) -> None:
    """The compare example: build the archive the README describes, run the command, find the shown parts."""
    from conftest import need_corpus

    corpus = need_corpus()
    shared = corpus.parent
    cmd = next(c for c in _commands() if " compare " in c)
    build = re.search(r"\(The archive was built with\n`(.*?)`\.\)", README, re.S)
    assert build, "the README does not say how its compare archive was built"
    db = tmp_path / "readme.sqlite3"
    script = (build.group(1).replace("\n", " ").replace("/tmp/readme.sqlite3", str(db))
              .replace("stance add", f"{sys.executable} -m stance add"))
    subprocess.run(script, shell=True, cwd=shared, check=True, capture_output=True, env=PIPED, timeout=900)
    args = cmd.split("&& ", 1)[1].replace("/tmp/readme.sqlite3", str(db)).split()
    got = subprocess.run([sys.executable, "-m", "stance", *args[1:]], cwd=shared, capture_output=True, text=True,
                         check=True, env=PIPED).stdout
    for chunk in _shown(cmd).split("...\n"):
        assert chunk in got
