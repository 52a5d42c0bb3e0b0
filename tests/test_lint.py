"""Typed, strict, boring tooling: ruff and mypy --strict stay clean (skipped if not installed)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT


def _tool(name: str) -> str:
    exe = shutil.which(name, path=str(ROOT / ".venv" / "bin")) or shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return exe


def test_ruff_is_clean() -> None:
    r = subprocess.run([_tool("ruff"), "check", "stance", "tests", "benchmarks"], cwd=ROOT, capture_output=True,
                       text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_strict_is_clean() -> None:
    _tool("mypy")
    r = subprocess.run([sys.executable, "-m", "mypy", "stance"], cwd=ROOT, capture_output=True, text=True,
                       check=False)
    assert r.returncode == 0, r.stdout + r.stderr
