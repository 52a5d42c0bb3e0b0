"""Regenerate the README's screenshot: ``python -m stance.tui.screenshot docs/readout-screen.svg``.

Opens the app on a fresh archive (seeded from ``seeds/``), opens the seed's Readout screen,
selects its shared theme "trade" and saves the screen as SVG (120x36).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from stance.archive import Archive
from stance.tui.app import make_app
from stance.tui.screens.readout import ReadoutScreen
from stance.tui.widgets.themes import ThemePanel

THEME = "trade"


async def shoot(out: Path, size: tuple[int, int] = (120, 36)) -> None:
    """Write the screenshot to ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive.open(Path(tmp) / "a.sqlite3", seed=True)
        app = make_app(archive=archive, reports=Path(tmp) / "reports")
        async with app.run_test(size=size) as pilot:

            async def settle() -> None:
                for _ in range(3):
                    await pilot.pause()
                    await app.workers.wait_for_complete()

            await settle()
            await pilot.press("enter")
            await settle()
            screen = app.screen
            if not isinstance(screen, ReadoutScreen) or screen.alignment is None:
                raise SystemExit("the seed did not open")
            names = [t.name for t in screen.alignment.themes]
            screen.query_one(ThemePanel).highlighted = names.index(THEME) if THEME in names else 0
            await settle()
            out.write_text(app.export_screenshot(title=f"stance tui: the seed, theme '{THEME}' selected"))
        archive.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/readout-screen.svg")
    asyncio.run(shoot(target))
    print(target)
