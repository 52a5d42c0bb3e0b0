"""The terminal UI, driven with Textual's Pilot: behaviour first (widget state), pixels elsewhere.

Every test builds the app with the same factory as ``stance tui`` (``make_app``) on a real SQLite
archive in a temporary folder.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from stance.archive import Archive
from stance.model import Alignment, Evidence, Party, Readout, Span, Split, Stance, Statement, Theme
from stance.tui import rows
from stance.tui.app import StanceApp, make_app
from stance.tui.core import Filter, live_query, parse_filter
from stance.tui.screens.accounts import AccountsListScreen
from stance.tui.screens.archive import ArchiveScreen, ArchiveTable
from stance.tui.screens.compare import CompareScreen
from stance.tui.screens.help import HelpScreen
from stance.tui.screens.readout import ReadoutScreen, region_in
from stance.tui.screens.timeline import TimelineScreen
from stance.tui.text import STATUS_STYLE, safe
from stance.tui.widgets.header import ReadoutHeader
from stance.tui.widgets.statement import StatementView
from stance.tui.widgets.themes import ThemePanel

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt"))
FIXTURES = ROOT / "tests" / "fixtures" / "read"
SIZE = (100, 32)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    """The seeded archive plus two more readouts (so compare and timeline have history)."""
    a = Archive.open(tmp_path / "a.sqlite3", seed=True)  # an archive by path starts empty unless asked
    a.add_paths([FIXTURES / "mfa_december.txt", FIXTURES / "state_attributable.txt"])
    yield a
    a.close()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Archive]:
    a = Archive.open(tmp_path / "empty.sqlite3", seed=False)
    yield a
    a.close()


def sync(fn: Callable[..., Coroutine[object, object, None]]) -> Callable[..., None]:
    """Run an async test body in a fresh event loop (no async pytest plugin needed)."""

    @functools.wraps(fn)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run


def app_on(archive: Archive, tmp_path: Path, path: Path | None = None) -> StanceApp:
    return make_app(archive=archive, path=path, reports=tmp_path / "reports")


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def seed_row(app: StanceApp) -> int:
    screen = app.screen
    assert isinstance(screen, ArchiveScreen)
    return next(i for i, r in enumerate(screen.loaded) if "London Nicole Breed" in r.title)


async def open_seed(pilot: Pilot[None]) -> ReadoutScreen:
    app = pilot.app
    assert isinstance(app, StanceApp)
    await settle(pilot)
    table = app.screen.query_one(ArchiveTable)
    table.move_cursor(row=seed_row(app))
    await pilot.press("enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReadoutScreen)
    return screen


def highlighted(screen: ReadoutScreen) -> dict[str, list[StatementView]]:
    out: dict[str, list[StatementView]] = {}
    for sv in screen.query(StatementView):
        if sv.highlighted:
            out.setdefault(sv.column, []).append(sv)
    return out


# -- the archive screen ----------------------------------------------------------------------------


@sync
async def test_archive_lists_every_readout(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        table = screen.query_one(ArchiveTable)
        assert table.row_count == archive.count() == 3
        assert sorted(table.ids) == sorted(r.id for r in archive.rows())
        assert app.focused is table
        # newest first by default
        dates = [r.published for r in screen.loaded]
        assert dates == sorted(dates, reverse=True)


@sync
async def test_filter_box_narrows_the_table_as_you_type(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        table = screen.query_one(ArchiveTable)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"Bree")  # a prefix: matches while still typing
        await settle(pilot)
        assert table.row_count == 1
        assert "Breed" in screen.loaded[0].title
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert table.row_count == 3
        await pilot.press("slash", *"side:China")
        await settle(pilot)
        assert {r.principal_side for r in screen.loaded} | {r.counterpart_side for r in screen.loaded} >= {
            "China"
        }
        assert table.row_count == len(archive.rows(side="China"))
        await pilot.press(*" zzzzqx")
        await settle(pilot)
        assert table.row_count == 0
        assert screen.query_one("#empty").display


@sync
async def test_columns_sort(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        await pilot.press("r")  # oldest first
        await settle(pilot)
        dates = [r.published for r in screen.loaded]
        assert dates == sorted(dates)
        await pilot.press("s")  # next column: source
        await settle(pilot)
        assert screen.order == "source"
        sources = [(r.source or "").casefold() for r in screen.loaded]
        assert sources == sorted(sources)
        await pilot.click("#table", offset=(50, 0))  # a click on a column head sorts by it
        await settle(pilot)
        assert screen.order != "source"


# -- the readout screen ----------------------------------------------------------------------------


@sync
async def test_open_seed_and_select_a_shared_theme(archive: Archive, tmp_path: Path) -> None:
    """End to end through the real pipeline: the seed's shared theme lights up in both columns."""
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert screen.alignment is not None
        split = screen.alignment.split
        assert {p.role for p in split.parties} == {"principal", "counterpart"}
        header = screen.query_one(ReadoutHeader)
        assert "Liu Jianchao Meets with London Nicole Breed" in str(header.render())
        # both columns hold statements, narrator lines are dimmed wide rows
        columns = {sv.column for sv in screen.query(StatementView)}
        assert {"left", "right", "narrator"} <= columns
        # themes: the panel lists them; no theme is highlighted before the user picks one
        panel = screen.query_one(ThemePanel)
        assert panel.option_count == len(screen.alignment.themes) > 0
        assert not highlighted(screen)
        shared = next(
            i for i, t in enumerate(screen.alignment.themes) if t.status == "shared" and t.name == "trade"
        )
        assert app.focused is panel
        for _ in range(shared + 1):
            await pilot.press("down")
        await settle(pilot)
        assert screen.theme_index == shared
        marked = highlighted(screen)
        assert marked.get("left"), "evidence must be highlighted in the principal's column"
        assert marked.get("right"), "evidence must be highlighted in the counterpart's column"
        theme = screen.alignment.themes[shared]
        for sv in (*marked["left"], *marked["right"]):
            spans = [e.span for e in theme.evidence if e.statement == sv.index]
            assert list(sv.marks) == spans
            assert all(sv.words.find(s.of(split.readout.text)) >= 0 for s in spans)
            assert sv.has_class("-evidence")
            assert sv.mark_style == STATUS_STYLE["shared"]
        # and the words are in view: the first evidence statement lies inside the scrolled viewport
        box = screen.query_one("#statements")
        first = marked["left"][0]
        top = box.scroll_y
        region = region_in(box, first)
        assert top <= region.y < top + box.scrollable_content_region.height
        # untouched statements carry no highlight
        others = [
            sv for sv in screen.query(StatementView) if sv.index not in {e.statement for e in theme.evidence}
        ]
        assert others
        assert not any(sv.highlighted for sv in others)


@sync
async def test_next_theme_key_and_click_on_statement(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert screen.alignment is not None
        await pilot.press("n")
        await settle(pilot)
        assert screen.theme_index == 0
        await pilot.press("n")
        await settle(pilot)
        assert screen.theme_index == 1
        await pilot.press("p")
        await settle(pilot)
        assert screen.theme_index == 0
        # a click on a statement picks a theme it is evidence for
        only = next(i for i, t in enumerate(screen.alignment.themes) if t.name == "climate and environment")
        stmt = screen.alignment.themes[only].evidence[0].statement
        target = screen.query_one(f"#st-{stmt}", StatementView)
        screen.query_one("#statements").scroll_to_widget(target, animate=False)
        await pilot.pause()
        await pilot.click(target)
        await settle(pilot)
        assert screen.theme_index is not None
        assert any(e.statement == stmt for e in screen.alignment.themes[screen.theme_index].evidence)


@sync
async def test_diff_layout_puts_matched_statements_on_one_row(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert screen.alignment is not None
        pairs = rows.matches(screen.alignment)
        assert pairs
        await pilot.press("d")
        await settle(pilot)
        assert screen.diff
        on_one_row = 0
        for left, right in pairs:
            a = screen.query_one(f"#st-{left}", StatementView)
            b = screen.query_one(f"#st-{right}", StatementView)
            assert a.parent is not None
            assert b.parent is not None
            if a.parent.parent is b.parent.parent:
                on_one_row += 1
        assert on_one_row >= 1
        # every row holds at most one statement per side, empty cells for the unmatched
        for pair in screen.query(".pair"):
            assert len(pair.query(StatementView)) <= 2
        assert screen.query(".cell.-empty")
        await pilot.press("d")
        await settle(pilot)
        assert not screen.diff
        assert not screen.query(".cell.-empty")


@sync
async def test_compare_then_back(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        readout = await open_seed(pilot)
        assert readout.alignment is not None
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.comparison is not None
        table = screen.query_one("#compare-statements", DataTable)
        assert table.row_count == len(readout.alignment.split.statements)
        near = screen.query_one("#compare-near", DataTable)
        assert near.row_count >= 1  # the other archived readouts
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is readout


@sync
async def test_timeline_from_a_readout(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.side == "China"
        assert screen.timeline is not None
        table = screen.query_one("#timeline-table", DataTable)
        assert table.row_count == len(screen.entries) > 0
        assert screen.query_one("#timeline-side", Select).value == "China"
        dates = [e.published for e in screen.entries]
        assert dates == sorted(dates, reverse=True)
        first = screen.entries[0]
        who = "both sides (joint)" if first.party == "joint" else screen.speakers[first.readout_id]
        assert who in ("both sides (joint)", "Liu Jianchao", "Wang Yi")  # who said it, by name
        assert f"{who} on {first.theme}" in str(screen.query_one("#timeline-detail").render())
        # Enter opens the readout of the highlighted entry
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadoutScreen)
        assert app.screen.readout_id == screen.entries[0].readout_id
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReadoutScreen)


@sync
async def test_timeline_theme_choice(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        screen.query_one("#timeline-side", Select).value = "China"
        await settle(pilot)
        screen.query_one("#timeline-theme", Select).value = "trade"
        await settle(pilot)
        assert screen.theme == "trade"
        assert screen.entries
        assert all(e.theme == "trade" for e in screen.entries)


# -- safety: readout text is data ------------------------------------------------------------------

HOSTILE = (
    "[bold red]Alice Smith[/] Meets with Bob Jones [link=https://evil.example]click[/link]\n"
    " ( 2024.04.23 )\n\n"
    "Beijing, April 19thAlice Smith, Minister of Trade, met here today with Bob Jones, "
    "Mayor of Springfield.\n\n"
    "Smith said, [bold red]trade[/] matters \x1b[31mred\x1b[0m and [link=https://evil.example]click[/link]. "
    "Both sides should strengthen cooperation in trade and tourism.\n\n"
    "Jones said that Springfield hopes to expand trade [italic]now[/italic] and tourism \x1b]8;;http://x\x07.\n"
)


@sync
async def test_markup_and_ansi_in_a_readout_are_shown_literally(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    app = app_on(archive, tmp_path, path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadoutScreen)
        assert screen.alignment is not None
        assert screen.readout_id is None
        title = screen.query_one(ReadoutHeader).render()
        assert "[bold red]Alice Smith[/]" in str(title)
        views = list(screen.query(StatementView))
        texts = [sv.render_text() for sv in views]
        joined = "\n".join(t.plain for t in texts)
        assert "[bold red]trade[/]" in joined
        assert "[link=https://evil.example]click[/link]" in joined
        assert "\u241b[31mred\u241b[0m" in joined  # ESC shown as a visible symbol, same length
        assert "\x1b" not in joined
        assert "\x07" not in joined
        for t in texts:
            for span in t.spans:
                assert "link" not in str(span.style)
                assert "red" not in str(span.style).replace("reverse", "")
        # and on the terminal itself: nothing was interpreted
        svg = app.export_screenshot()
        assert "\x1b" not in svg
        assert "evil.example" in svg
        assert 'href="https://evil.example' not in svg
        # a theme still highlights the right words, offsets intact
        await pilot.press("n")
        await settle(pilot)
        for sv in highlighted(screen).get("left", []):
            for span in sv.marks:
                assert safe(span.of(screen.alignment.split.readout.text)) in sv.render_text().plain
        # adding it puts the literal title in the archive table
        await pilot.press("a")
        await settle(pilot)
        assert screen.readout_id is not None
        assert archive.count() == 4
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one(ArchiveTable)
        cells = [table.cells(i)[-1].plain for i in range(table.row_count)]
        assert any("[bold red]Alice Smith[/]" in c for c in cells)


@sync
async def test_a_file_already_archived_opens_as_archived(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadoutScreen)
        assert screen.readout_id is not None
        assert screen.readout_id == archive.find(SEED.read_text(encoding="utf-8"))
        assert not screen.check_action("add", ())


def test_cli_tui_command_says_what_is_wrong(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stance.cli import main

    assert main(["tui", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["tui"]) == 2  # no terminal under pytest
    assert "needs a terminal" in capsys.readouterr().err


def test_safe_keeps_offsets() -> None:
    text = "a\x1b[31mb\x07c\x9bd\r\ne\tf"
    assert len(safe(text)) == len(text)
    assert "\x1b" not in safe(text)
    assert "\x07" not in safe(text)
    assert "\x9b" not in safe(text)
    assert "\n" in safe(text)
    assert "\t" in safe(text)


# -- odd readouts and archives ---------------------------------------------------------------------


def one_sided() -> Alignment:
    """A US-style readout: only the principal speaks; every theme is 'only'."""
    text = (
        "Readout of the President's Call with Prime Minister Doe\n\n"
        "President Roe spoke today with Prime Minister Doe of Norland. "
        "The President underscored support for trade. "
        "He urged progress on climate."
    )
    body = Span(text.index("President Roe"), len(text))
    readout = Readout(
        text=text,
        title="Readout of the President's Call with Prime Minister Doe",
        body=body,
        paragraphs=(body,),
        published=date(2024, 5, 1),
        source="whitehouse",
    )
    s1 = text.index("President Roe")
    s2 = text.index("The President underscored")
    s3 = text.index("He urged")
    statements = (
        Statement(party="narrator", span=Span(s1, s2 - 1)),
        Statement(party="p1", span=Span(s2, s3 - 1)),
        Statement(party="p1", span=Span(s3, len(text))),
    )
    parties = (
        Party(id="p1", role="principal", name="Roe", side="United States"),
        Party(id="p2", role="counterpart", name="Doe", side="Norland"),
    )
    split = Split(readout=readout, parties=parties, statements=statements)
    st = Stance(label="urges", strength=0.6, polarity="positive")
    t1 = text.index("trade")
    t2 = text.index("climate")
    themes = (
        Theme("trade", "only", (Evidence("p1", Span(t1, t1 + 5), 1),)),
        Theme("climate", "only", (Evidence("p1", Span(t2, t2 + 7), 2, st),)),
    )
    return Alignment(split=split, themes=themes)


@sync
async def test_a_readout_with_one_side_only(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    al = one_sided()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ReadoutScreen(al))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadoutScreen)
        assert {sv.column for sv in screen.query(StatementView)} == {"narrator", "left"}
        assert screen.query(".cell.-right.-empty")
        await pilot.press("down", "down")
        await settle(pilot)
        marked = highlighted(screen)
        assert list(marked) == ["left"]
        assert marked["left"][0].index == 2
        assert "urges" in marked["left"][0].render_text().plain
        await pilot.press("d")
        await settle(pilot)
        assert len(screen.query(StatementView)) == 3
        assert highlighted(screen).get("left")  # the highlight survives the layout change


@sync
async def test_an_empty_archive(empty: Archive, tmp_path: Path) -> None:
    app = app_on(empty, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        assert screen.query_one(ArchiveTable).row_count == 0
        assert screen.query_one("#empty").display
        assert "archive is empty" in str(screen.query_one("#empty").render())
        await pilot.press("enter", "s", "r")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert "nothing to track" in str(app.screen.query_one("#timeline-title").render())
        await pilot.press("escape", "w")
        await settle(pilot)
        assert isinstance(app.screen, AccountsListScreen)
        assert "No meeting" in str(app.screen.query_one("#pairs-empty").render())


@sync
async def test_a_bad_file_is_a_notification_not_a_crash(archive: Archive, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    app = app_on(archive, tmp_path, bad)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ArchiveScreen)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors
        assert "empty.txt" in errors[0].message


@sync
async def test_a_broken_archive_file_is_a_notification(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_text("not a database")
    app = make_app(archive=broken, reports=tmp_path / "reports")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors
        assert "broken.sqlite3" in errors[0].message
        assert "could not be read" in str(app.screen.query_one("#status").render())


# -- keys, palette, help, export, themes -----------------------------------------------------------


@sync
async def test_help_lists_the_screens_bindings(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = " | ".join(f"{key} {what}" for _, key, what in app.screen.entries)
        for what in (
            "d Diff",
            "c Compare",
            "t Timeline",
            "n Next theme",
            "p Previous theme",
            "e Export",
            "q Quit",
            "? Help",
            "F2 Light/dark",
            "Esc Back",
        ):
            assert what in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReadoutScreen)


@sync
async def test_palette_offers_every_action(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        titles = {c.title for c in app.get_system_commands(screen)}
        for b in ReadoutScreen.BINDINGS:
            if b.description and b.action != "add":  # add shows only for readouts not yet archived
                assert b.description in titles
        assert {"Help", "Light/dark", "Quit", "Export", "Back"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Diff", "enter")
        await settle(pilot)
        assert screen.diff


@sync
async def test_export_writes_the_view_and_says_where(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.last_export is not None
        assert app.last_export.parent == tmp_path / "reports"
        text = app.last_export.read_text(encoding="utf-8")
        assert "Liu Jianchao Meets with London Nicole Breed" in text
        assert "trade" in text
        assert any(str(app.last_export) in n.message for n in app._notifications)


@sync
async def test_every_screen_exports_its_view(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    written: list[Path] = []

    async def export() -> str:
        await pilot.press("e")
        await settle(pilot)
        assert app.last_export is not None
        assert app.last_export not in written
        written.append(app.last_export)
        return app.last_export.read_text(encoding="utf-8")

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "London Nicole Breed" in await export()  # the archive table
        await open_seed(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert "Liu Jianchao" in await export()
        await pilot.press("escape", "t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert "China" in await export()
        assert all(p.parent == tmp_path / "reports" for p in written)


@sync
async def test_light_and_dark(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.theme
        await pilot.press("f2")
        assert app.theme != before
        await pilot.press("f2")
        assert app.theme == before


@sync
async def test_usable_at_80x24(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        assert screen.has_class("-narrow")
        panel = screen.query_one(ThemePanel)
        box = screen.query_one("#statements")
        assert panel.region.height >= 5
        assert box.region.height >= 8
        assert box.region.width == 80


# -- pure parts --------------------------------------------------------------------------------------


def test_parse_filter() -> None:
    flt, problems = parse_filter('trade side:China theme:"direct flights" since:2024-02 until:2024')
    assert flt == Filter(
        text="trade", side="China", theme="direct flights", since=date(2024, 2, 1), until=date(2024, 12, 31)
    )
    assert not problems
    flt, problems = parse_filter("since:yesterday Breed")
    assert flt == Filter(text="Breed")
    assert problems
    assert parse_filter("until:2024-02")[0].until == date(2024, 2, 29)


def test_live_query_matches_the_word_being_typed() -> None:
    assert live_query("Bree") == '"Bree"*'
    assert live_query("trade ") == '"trade"'
    assert live_query('"San Francisco vision"') == '"San Francisco vision"'


def test_diff_rows_keep_order_on_both_sides() -> None:
    al = one_sided()
    assert rows.diff_rows(al) == [rows.Wide(0), rows.Pair((1,), ()), rows.Pair((2,), ())]
    pairs = {(1, 4), (2, 3)}
    out = rows._align((1, 2), (3, 4), pairs)
    lefts = [r.left for r in out if r.left]
    rights = [r.right for r in out if r.right]
    assert lefts == [(1,), (2,)]
    assert rights == [(3,), (4,)]
    assert sum(1 for r in out if r.left and r.right) == 1


# -- the first hour: layouts that fit, keys that do what they say (issue 12) ------------------------


def screen_lines(app: StanceApp) -> list[str]:
    """What the terminal shows, one string per line."""
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


RECORD = (
    '{"title": "Foreign Minister Ibarra Meets Wang Yi", "date": "2024-01-06", '
    '"source": "Valdora Ministry of Foreign Affairs", "text": "Foreign Minister Tomas Ibarra met with Chinese '
    'Foreign Minister Wang Yi in Beijing on December 28.\\n\\nIbarra said that Valdora values its friendship '
    'with China and hopes to expand trade and investment.\\n\\nWang Yi said that China is ready to deepen '
    'cooperation on trade with Valdora and welcomes more students."}\n'
)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
@sync
async def test_archive_titles_and_footer_fit_the_terminal(archive: Archive, tmp_path: Path,
                                                          size: tuple[int, int]) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        table = screen.query_one(ArchiveTable)
        widths = table.widths(table.scrollable_content_region.width)
        title_width = widths[[k for k, _, _ in table.columns].index("title")]
        assert title_width >= 25
        lines = screen_lines(app)
        for row in screen.loaded:
            # the real title's first 20 characters are on screen, not a cut "Readout"
            assert any(row.title[:20] in line for line in lines)
        footer = lines[-1]
        assert footer.rstrip().endswith("palette")  # nothing after the palette key
        assert len(footer) == size[0]
        for line in lines:
            assert len(line) == size[0]


@sync
async def test_readout_footer_fits_at_80x24(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_seed(pilot)
        footer = screen_lines(app)[-1]
        assert footer.rstrip().endswith("palette")
        assert "? Help" in footer
        assert "…" in footer  # some keys did not fit: said, and ? lists them all
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        wide = screen_lines(app)[-1]
        assert "…" not in wide
        assert "c Compare" in wide
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen_lines(app)[-1] == footer


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
@sync
async def test_compare_themes_tab_takes_the_screen_and_scrolls(archive: Archive, tmp_path: Path,
                                                               size: tuple[int, int]) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_seed(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await pilot.press("3")
        await settle(pilot)
        box = screen.query_one("#compare-themes-scroll")
        text = screen.query_one("#compare-themes")
        assert box.region.width >= size[0] - 2  # the whole width, not a 34-column box
        assert box.region.height >= size[1] - 10  # down to the footer
        assert app.focused is box  # the keys scroll it
        lines = str(text.render()).count("\n")
        assert text.region.height >= min(lines, box.region.height)
        if text.virtual_region.height > box.region.height:
            assert box.max_scroll_y > 0
        shown = "\n".join(screen_lines(app))
        assert "New themes with this counterpart" in shown
        assert "Stance shifts" in shown


@sync
async def test_compare_nearest_tab_shows_whole_source_names(archive: Archive, tmp_path: Path) -> None:
    record = tmp_path / "valdora.jsonl"
    record.write_text(RECORD, encoding="utf-8")
    archive.add_paths([record])
    app = app_on(archive, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        row = next(i for i, r in enumerate(screen.loaded) if r.title.startswith("Wang Yi Meets"))
        screen.query_one(ArchiveTable).move_cursor(row)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        near = app.screen.query_one("#compare-near", DataTable)
        sources = [near.get_row_at(i)[2].plain for i in range(near.row_count)]
        assert "Valdora Ministry of Foreign Affairs" in sources
        shown = "\n".join(screen_lines(app))
        assert "Valdora Ministry of Foreign Affairs" in shown


@sync
async def test_end_reaches_the_last_row_of_the_archive(archive: Archive, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import stance.tui.screens.archive as archive_screen

    monkeypatch.setattr(archive_screen, "PAGE", 1)  # one row a page: End must load the rest
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        table = screen.query_one(ArchiveTable)
        assert table.row_count == 1
        assert screen.more
        await pilot.press("end")
        await settle(pilot)
        assert table.row_count == archive.count() == 3
        assert table.cursor_row == 2
        oldest = min(archive.rows(), key=lambda r: r.published)
        assert table.ids[table.cursor_row] == oldest.id


@sync
async def test_typing_a_word_after_esc_filters_and_never_quits(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        await pilot.press("slash", *"Bree")
        await settle(pilot)
        await pilot.press("escape")  # out of the filter: the table has the focus
        await settle(pilot)
        assert isinstance(app.focused, ArchiveTable)
        await pilot.press(*"Iraq")
        await settle(pilot)
        assert app.is_running
        assert app.screen is screen
        box = screen.query_one("#filter", Input)
        assert box.value == "Iraq"
        assert app.focused is box
        assert screen.query_one(ArchiveTable).row_count == 0  # no readout about Iraq here


@sync
async def test_timeline_opens_on_the_side_the_archive_is_filtered_to(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        await pilot.press("slash", *"side:Valdora", "enter")
        await settle(pilot)
        assert screen.loaded
        assert all(r.principal_side != "Valdora" for r in screen.loaded)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.side == "Valdora"
        assert app.screen.query_one("#timeline-side", Select).value == "Valdora"


@sync
async def test_export_of_an_archived_readout_is_the_cli_report(archive: Archive, tmp_path: Path) -> None:
    from stance.cli import main

    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert screen.readout_id is not None
        await pilot.press("e")
        await settle(pilot)
        assert app.last_export is not None
        tui = app.last_export.read_text(encoding="utf-8")
        assert "Against the archive" in tui
        rid = screen.readout_id
    archive.close()
    cli_out = tmp_path / "cli"
    assert main(["report", "--id", str(rid), "--archive", str(tmp_path / "a.sqlite3"), "--out", str(cli_out)]) == 0
    (cli,) = list(cli_out.iterdir())
    assert cli.name == app.last_export.name
    assert cli.read_text(encoding="utf-8") == tui


@sync
async def test_export_asks_before_replacing_a_file(archive: Archive, tmp_path: Path) -> None:
    from stance.tui.screens.confirm import OverwriteScreen

    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        await pilot.press("e")
        await settle(pilot)
        first = app.last_export
        assert first is not None
        first.write_text("my notes\n", encoding="utf-8")

        async def asked() -> None:
            # the export waits for an answer: pause (settle would wait for the export itself)
            for _ in range(50):
                await pilot.pause(0.05)
                if isinstance(app.screen, OverwriteScreen):
                    return
            raise AssertionError("no question before replacing the file")

        await pilot.press("e")  # the same report again: asks
        await asked()
        await pilot.press("escape")  # write nothing
        await settle(pilot)
        assert isinstance(app.screen, ReadoutScreen)
        assert first.read_text(encoding="utf-8") == "my notes\n"
        assert any("Nothing written" in n.message for n in app._notifications)
        await pilot.press("e")
        await asked()
        await pilot.press("k")  # keep both
        await settle(pilot)
        assert app.last_export == first.with_name(first.stem + "-2.txt")
        assert first.read_text(encoding="utf-8") == "my notes\n"
        assert "Against the archive" in app.last_export.read_text(encoding="utf-8")
        assert any(str(app.last_export.resolve()) in n.message for n in app._notifications)
        await pilot.press("e")
        await asked()
        await pilot.press("r")  # replace
        await settle(pilot)
        assert app.last_export == first
        assert "Against the archive" in first.read_text(encoding="utf-8")


@sync
async def test_screenshot_from_the_palette_goes_where_the_user_can_find_it(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home-without-downloads"))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Screenshot") == 1
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Screenshot", "enter")
        await settle(pilot)
        await asyncio.sleep(0.3)  # the palette runs the command after a short timer
        await settle(pilot)
        assert app.last_screenshot is not None
        assert app.last_screenshot.parent == (tmp_path / "reports").resolve()
        assert app.last_screenshot.read_text(encoding="utf-8").startswith("<svg")
        assert any(str(app.last_screenshot) in n.message for n in app._notifications)
        assert not any(n.severity == "error" for n in app._notifications)


@sync
async def test_palette_has_no_colour_theme_beside_next_theme(archive: Archive, tmp_path: Path) -> None:
    app = app_on(archive, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Next theme" in titles
        assert "Theme" not in titles


def test_theme_lines_never_repeat_the_badge() -> None:
    """No "joint · joint" or "joint · both": the words after the badge say who, in names."""
    from stance.tui.widgets.themes import theme_prompt

    al = one_sided()
    text = al.split.readout.text
    sentence = al.split.statements[1].span
    joint_only = Theme("trade", "joint", (Evidence("joint", Span(text.index("trade"), text.index("trade") + 5),
                                                   1),))
    split = replace(al.split, statements=(al.split.statements[0], Statement(party="joint", span=sentence),
                                          al.split.statements[2]))
    both = Theme("climate", "shared", (Evidence("p1", Span(text.index("climate"), text.index("climate") + 7), 2),
                                       Evidence("p2", Span(text.index("trade"), text.index("trade") + 5), 1)),
                 joint=True)
    split = replace(split, statements=(split.statements[0], Statement(party="p2", span=sentence),
                                       split.statements[2]))
    al2 = Alignment(split=split, themes=(joint_only, both))
    lines = [theme_prompt(al2, i).plain for i in range(2)]
    for line in lines:
        words = line.split()
        assert words.count("joint") <= 1, line
        assert "both" not in words, line
    assert lines[1].endswith("Roe and Doe")
    assert lines[0].split() == ["joint", "trade"]


@sync
async def test_help_explains_the_words_of_a_readout(archive: Archive, tmp_path: Path) -> None:
    from stance.modality import lexicon

    app = app_on(archive, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_seed(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        legend = str(app.screen.query_one("#help-legend").render())
        for word in ("shared", "differ", "joint", "only", "score", "cosine", "recurring formula", "×N recur"):
            assert word in legend
        for label in {c.label for c in lexicon()[0]}:
            assert f" {label}:" in legend


@sync
async def test_export_of_a_file_outside_the_archive_is_the_cli_report(empty: Archive, tmp_path: Path) -> None:
    from stance.cli import main

    path = FIXTURES / "mfa_december.txt"
    app = app_on(empty, tmp_path, path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadoutScreen)
        assert screen.readout_id is None
        await pilot.press("e")
        await settle(pilot)
        assert app.last_export is not None
        tui = app.last_export.read_text(encoding="utf-8")
    cli_out = tmp_path / "cli"
    assert main(["report", str(path), "--out", str(cli_out)]) == 0
    (cli,) = list(cli_out.iterdir())
    assert cli.name == app.last_export.name
    assert cli.read_text(encoding="utf-8") == tui
    assert "Against the archive" not in tui


def test_compare_themes_text_puts_each_theme_on_its_own_line(tmp_path: Path) -> None:
    from types import SimpleNamespace

    day = date(2024, 1, 5)
    theme = SimpleNamespace
    c = SimpleNamespace(
        previous=SimpleNamespace(published=day, readout_id=2),
        new_themes=[theme(theme="trade", texts=["trade"]), theme(theme="tourism", texts=["visits\nby air"])],
        dropped_themes=[theme(theme="energy", texts=["oil"], published=day), theme(theme="Iran", texts=["Iran"],
                                                                                    published=day)],
        shifts=[SimpleNamespace(theme="trade", before=SimpleNamespace(label="hopes", published=day, text="then words"),
                                after=SimpleNamespace(label="opposes", text="now words"))],
    )
    plain = CompareScreen.themes_text(None, c).plain  # type: ignore[arg-type]
    lines = plain.splitlines()  # (one_line makes each run of spaces one space)
    assert " + trade “trade”" in lines
    assert " + tourism “visits by air”" in lines  # a newline inside readout words stays one line
    assert " − energy (2024-01-05: “oil”)" in lines
    assert " − Iran (2024-01-05: “Iran”)" in lines
    assert " then: then words" in lines
    assert " now: now words" in lines


def test_a_file_outside_the_archive_is_analysed_as_compare_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The readout screen's analysis of a file that is not archived uses the archive's own background
    (as ``stance compare`` does), not the packaged one; an archived file gives the stored analysis."""
    from stance import pipeline
    from stance.align import align_split
    from stance.archive import store
    from stance.read import read_file
    from stance.tui.core import Core

    monkeypatch.setattr(store, "BACKGROUND_MIN", 3)  # 1,000 in use; the rule is the same
    outside = ROOT / "tests" / "fixtures" / "split" / "xinhua_wang_meets_singapore.txt"
    with Archive.open(tmp_path / "bg.sqlite3", seed=True) as a:
        a.add_paths([FIXTURES / "mfa_december.txt", FIXTURES / "state_attributable.txt", FIXTURES / "mfa_wang_yi.md"])
        own = a.background()
        assert own is not None
        assert own.source != "package"
        split = pipeline.split(read_file(outside)[0])
        with_own, packaged = align_split(split, background=own), align_split(split)
        assert with_own != packaged  # the two backgrounds weigh this readout's words differently
        core = Core(a)
        try:
            assert core.analyse_path(outside) == with_own
            rid = a.find(SEED.read_text(encoding="utf-8"))
            assert rid is not None
            assert core.analyse_path(SEED) == a.alignment(rid)
        finally:
            core.close()
