"""Snapshots of the main screens at fixed sizes (pytest-textual-snapshot).

These catch unintended changes in how the screens look; what the screens *do* is checked in
``test_tui.py``. The Readout screens show a hand-made alignment (every theme status), so they do
not move when the analysis improves; the Archive, Compare and Timeline screens show a real
archive (the seed and two fixtures) and follow the core's output. After an intended change, look at
the new screens and run
``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from stance.archive import Archive
from stance.model import Alignment, Evidence, Party, Readout, Span, Split, Stance, Statement, Theme
from stance.tui.app import StanceApp, make_app
from stance.tui.screens.readout import ReadoutScreen
from stance.tui.widgets.themes import ThemePanel

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "read"

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[StanceApp]:
    archive = Archive.open(tmp_path / "a.sqlite3", seed=True)  # by path: empty unless asked
    archive.add_paths([FIXTURES / "mfa_december.txt", FIXTURES / "state_attributable.txt"])
    yield make_app(archive=archive, reports=tmp_path / "reports")
    archive.close()


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(2):
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


SAMPLE = (
    "Minister Lee Meets with Mayor Ortiz of Port Vale\n ( 2024.03.02 )\n\n"
    "Harbin, March 1stMinister Lee Wen met here today with Mayor Ana Ortiz of Port Vale.\n\n"
    "Lee said that trade between the two sides has grown fast. "
    "China welcomes more investment from Port Vale. "
    "China firmly opposes any interference in its internal affairs.\n\n"
    "Ortiz said that Port Vale hopes to expand trade with China. She urged China to respect human rights. "
    "Port Vale will open a new direct flight.\n\n"
    "The two sides agreed to deepen cooperation on climate.\n"
)


def sample() -> Alignment:
    """A hand-made readout with every kind of theme (shared, differ, only, joint), fixed for snapshots."""
    text = SAMPLE

    def at(words: str, after: int = 0) -> Span:
        start = text.index(words, after)
        return Span(start, start + len(words))

    def sentence(first: str) -> Span:
        start = text.index(first)
        end = text.index(".", start) + 1
        return Span(start, end)

    body = Span(text.index("Harbin"), len(text.rstrip()))
    readout = Readout(
        text=text,
        title=text.split("\n")[0],
        body=body,
        paragraphs=(body,),
        published=__import__("datetime").date(2024, 3, 2),
        place="Harbin",
        kind="meeting",
        source="IDCPC",
    )
    firsts = [
        "Harbin",
        "Lee said",
        "China welcomes",
        "China firmly",
        "Ortiz said",
        "She urged",
        "Port Vale will",
        "The two sides",
    ]
    parties_of = ["narrator", "p1", "p1", "p1", "p2", "p2", "p2", "joint"]
    statements = tuple(Statement(party=p, span=sentence(f)) for f, p in zip(firsts, parties_of, strict=True))
    parties = (
        Party(
            id="p1",
            role="principal",
            name="Lee Wen",
            title="Minister",
            side="China",
            aliases=("Lee Wen", "Lee"),
        ),
        Party(
            id="p2",
            role="counterpart",
            name="Ana Ortiz",
            title="Mayor of Port Vale",
            side="Port Vale",
            aliases=("Ana Ortiz", "Ortiz"),
        ),
    )
    split = Split(readout=readout, parties=parties, statements=statements)
    opposes = Stance("firmly opposes", -0.9, "negative")
    urges = Stance("urges", 0.6, "positive")
    themes = (
        Theme(
            "trade",
            "shared",
            (Evidence("p1", at("trade"), 1), Evidence("p2", at("trade", text.index("Ortiz said")), 4)),
        ),
        Theme(
            "human rights and sovereignty",
            "differ",
            (Evidence("p1", at("interference"), 3, opposes), Evidence("p2", at("human rights"), 5, urges)),
        ),
        Theme("investment", "only", (Evidence("p1", at("investment"), 2),)),
        Theme("direct flights", "only", (Evidence("p2", at("direct flight"), 6),)),
        Theme("climate", "shared", (Evidence("joint", at("climate"), 7),), joint=True),
    )
    return Alignment(split=split, themes=themes)


async def sample_readout(pilot: Pilot[Any], theme: int = 0) -> ReadoutScreen:
    await settle(pilot)
    pilot.app.push_screen(ReadoutScreen(sample()))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReadoutScreen)
    screen.query_one(ThemePanel).highlighted = theme
    await settle(pilot)
    return screen


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
    assert snap_compare(app, terminal_size=(120, 32), run_before=sample_readout)


def test_readout_screen_at_80x24(snap_compare: SnapCompare, app: StanceApp) -> None:
    async def differ(pilot: Pilot[Any]) -> None:
        await sample_readout(pilot, theme=1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=differ)


def test_readout_diff_layout(snap_compare: SnapCompare, app: StanceApp) -> None:
    async def diff(pilot: Pilot[Any]) -> None:
        await sample_readout(pilot)
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


def test_compare_themes_tab_at_160x48(snap_compare: SnapCompare, app: StanceApp) -> None:
    async def themes(pilot: Pilot[Any]) -> None:
        await open_seed(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=themes)


def test_help_with_the_legend(snap_compare: SnapCompare, app: StanceApp) -> None:
    async def help_(pilot: Pilot[Any]) -> None:
        await open_seed(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=help_)
