"""Snapshots of the main screens at fixed sizes (pytest-textual-snapshot).

These catch unintended changes in how the screens look; what the screens *do* is checked in
``test_tui.py``. After an intended change, look at the new screens and run
``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from stance.archive import Archive
from stance.tui.app import StanceApp, make_app
from stance.tui.screens.readout import ReadoutScreen
from stance.tui.widgets.themes import ThemePanel

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "read"

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[StanceApp]:
    archive = Archive.open(tmp_path / "a.sqlite3")
    archive.add_paths([FIXTURES / "mfa_december.txt", FIXTURES / "state_attributable.txt"])
    yield make_app(archive=archive, reports=tmp_path / "reports")
    archive.close()


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_seed(pilot: Pilot[Any]) -> ReadoutScreen:
    await settle(pilot)
    screen = pilot.app.screen
    row = next(i for i, r in enumerate(screen.loaded) if "Breed" in r.title)  # type: ignore[attr-defined]
    screen.query_one("#table").move_cursor(row=row)  # type: ignore[attr-defined]
    await pilot.press("enter")
    await settle(pilot)
    readout = pilot.app.screen
    assert isinstance(readout, ReadoutScreen)
    return readout


async def seed_with_shared_theme(pilot: Pilot[Any]) -> None:
    """The seed with its 'trade' theme (shared) selected."""
    screen = await open_seed(pilot)
    assert screen.alignment is not None
    index = next(i for i, t in enumerate(screen.alignment.themes) if t.name == "trade")
    screen.query_one(ThemePanel).highlighted = index
    await settle(pilot)


def test_archive_screen(snap_compare: SnapCompare, app: StanceApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_readout_screen_with_a_shared_theme(snap_compare: SnapCompare, app: StanceApp) -> None:
    assert snap_compare(app, terminal_size=(120, 36), run_before=seed_with_shared_theme)


def test_readout_screen_at_80x24(snap_compare: SnapCompare, app: StanceApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=seed_with_shared_theme)


def test_readout_diff_layout(snap_compare: SnapCompare, app: StanceApp) -> None:
    async def diff(pilot: Pilot[Any]) -> None:
        await seed_with_shared_theme(pilot)
        await pilot.press("d")
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 36), run_before=diff)


def test_compare_screen(snap_compare: SnapCompare, app: StanceApp) -> None:
    async def compare(pilot: Pilot[Any]) -> None:
        await open_seed(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=compare)


def test_timeline_screen(snap_compare: SnapCompare, app: StanceApp) -> None:
    async def timeline(pilot: Pilot[Any]) -> None:
        await open_seed(pilot)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=timeline)
