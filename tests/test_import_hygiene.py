"""Only stance.tui imports Textual: every core module imports without it (checked in a fresh process)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import stance
import stance.cli

CORE = sorted(
    {f"stance.{m.name}" for m in pkgutil.iter_modules(stance.__path__) if m.name not in ("tui", "__main__")}
    | {f"stance.cli.{m.name}" for m in pkgutil.iter_modules(stance.cli.__path__)}
    | {"stance", "stance.cli"}
)


def test_core_modules_are_found() -> None:
    assert "stance.model" in CORE
    assert "stance.pipeline" in CORE
    assert "stance.cli.tui" in CORE
    assert not any(name.startswith("stance.tui") for name in CORE)


def test_core_and_cli_parser_do_not_import_textual() -> None:
    """Import every core module and build the whole parser (all commands), in one fresh process."""
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "from stance.cli import build_parser\n"
        "build_parser()\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'stance.tui')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the core imports the UI: {out.stdout.strip()}"
