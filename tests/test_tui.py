"""The terminal UI, driven with Textual's Pilot: behaviour first (widget state), pixels elsewhere.

Every test builds the app with the same factory as ``stance tui`` (``make_app``) on a real SQLite
archive in a temporary folder.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine, Iterator
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
        only = next(i for i, t in enumerate(screen.alignment.themes) if t.name == "direct flights")
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
