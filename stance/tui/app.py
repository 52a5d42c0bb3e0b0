"""The stance app: one factory (:func:`make_app`) used by ``stance tui`` and the tests."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker

from stance.errors import StanceError
from stance.model import Alignment
from stance.tui.core import Core, ExportJob, build_export, write_built
from stance.tui.messages import OpenReadout
from stance.tui.screens.archive import ArchiveScreen
from stance.tui.screens.help import HelpScreen
from stance.tui.screens.readout import ReadoutScreen

if TYPE_CHECKING:
    from stance.archive import Archive

REPORTS = "reports"
"""Where the export key writes, relative to the working folder (``$STANCE_REPORTS`` overrides)."""


class StanceApp(App[None]):
    """Explore alignments, compare readouts against the archive, track a side over time."""

    TITLE = "stance"
    CSS_PATH = "stance.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
        Binding("f2", "toggle_dark", "Light/dark", show=False),
        Binding("h", "home", "Archive", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, core: Core, *, path: str | None = None, reports: str | Path | None = None) -> None:
        super().__init__()
        self.core = core
        self.path = path
        self.reports = Path(reports or os.environ.get("STANCE_REPORTS") or REPORTS)
        self.last_export: Path | None = None
        self.last_screenshot: Path | None = None

    # -- screens ----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(ArchiveScreen())
        if self.path is not None:
            self.push_screen(ReadoutScreen(path=self.path))

    def on_unmount(self) -> None:
        self.core.close()

    @on(OpenReadout)
    def on_open_readout(self, message: OpenReadout) -> None:
        self.open_readout(message.readout_id)

    def open_readout(self, readout_id: int) -> None:
        """Open an archived readout."""
        self.push_screen(ReadoutScreen(readout_id=readout_id))

    def open_compare(self, alignment: Alignment, readout_id: int | None) -> None:
        """The Compare screen for an open readout."""
        from stance.tui.screens.compare import CompareScreen

        self.push_screen(CompareScreen(alignment, readout_id))

    def open_timeline(self, side: str | None, theme: str | None = None) -> None:
        """The Timeline screen for a side (and theme)."""
        from stance.tui.screens.timeline import TimelineScreen

        self.push_screen(TimelineScreen(side, theme))

    def open_accounts(self, id_a: int | None = None, id_b: int | None = None) -> None:
        """Two accounts of one meeting; without ids, the list of such meetings."""
        from stance.tui.screens.accounts import AccountsListScreen, AccountsScreen

        if id_a is not None and id_b is not None:
            self.push_screen(AccountsScreen(id_a, id_b))
        else:
            self.push_screen(AccountsListScreen())

    def go_back(self) -> None:
        """Back to the screen before (the archive stays at the bottom)."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.notify("This is the archive, the first screen. q quits.", timeout=2)

    def action_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.screen))

    # -- the palette: every binding of the app and the current screen -----------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            b = active.binding
            if not b.description or b.action in seen or not active.enabled:
                continue
            seen.add(b.action)
            node = active.node
            yield SystemCommand(
                b.description,
                f"{b.description} (key: {key})",
                lambda node=node, action=b.action: self.call_later(node.run_action, action),
            )
        yield SystemCommand(
            "Screenshot",
            f"Save the screen as an SVG picture in {self.reports}/ and say where",
            lambda: self.set_timer(0.1, self.save_screen),
        )
        for command in super().get_system_commands(screen):
            # Textual's colour "Theme" sits beside "Next theme" and means something else here
            # (F2 switches light/dark); its "Screenshot" saves to ~/Downloads, often missing
            if command.title not in ("Theme", "Screenshot"):
                yield command

    def save_screen(self) -> Path | None:
        """Save the current screen as SVG in the reports folder; say where (or why not)."""
        from datetime import datetime

        from stance.tui.core import safe_name

        stamp = datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        try:
            self.reports.mkdir(parents=True, exist_ok=True)
            target = self.reports / f"screenshot_{safe_name(self.screen.title or 'stance')}_{stamp}.svg"
            n = 2
            while target.exists():
                target = target.with_name(f"{target.stem}-{n}.svg")
                n += 1
            target.write_text(self.export_screenshot(), encoding="utf-8")
        except OSError as exc:
            self.error(StanceError(f"cannot save the screenshot: {exc.strerror or exc}", path=str(self.reports)))
            return None
        self.last_screenshot = target.resolve()
        self.notify(f"Saved the screenshot to {self.last_screenshot}", title="screenshot", markup=False, timeout=8)
        return self.last_screenshot

    # -- shared services for the screens ---------------------------------------------------------

    def error(self, exc: BaseException) -> None:
        """Show an error as a notification (never a crash)."""
        self.notify(str(exc), title="stance", severity="error", markup=False, timeout=8)

    def worker_failed(self, worker: Worker[Any]) -> None:
        """A screen's worker raised: say so, stop the screen's spinners, keep running.

        A :class:`StanceError` is the user's to fix and is shown as it is; anything else is a bug,
        shown as one, so the analyst keeps the session.
        """
        exc = worker.error
        if isinstance(exc, StanceError):
            self.error(exc)
        elif exc is not None:
            self.error(RuntimeError(f"internal error ({type(exc).__name__}: {exc}); please report it"))
        node = worker.node
        screen = node if isinstance(node, Screen) else getattr(node, "screen", None)
        if isinstance(screen, Screen):
            for widget in screen.walk_children():
                if isinstance(widget, Widget) and widget.loading:
                    widget.loading = False
            failed = getattr(screen, "load_failed", None)
            if callable(failed):
                failed()

    @work(group="export", exit_on_error=False)
    async def export(self, job: ExportJob) -> None:
        """Build a view's report on the core thread, ask before replacing a file, write it, say where."""
        from stance.tui.screens.confirm import OverwriteScreen

        try:
            built = await self.core.run(build_export, job, self.reports)
            if built.target.exists():
                kept = built.free()
                choice = await self.push_screen_wait(OverwriteScreen(built.target, kept.target))
                if choice == "cancel":
                    self.notify(f"Nothing written; {built.target.resolve()} is unchanged.", title="export",
                                markup=False, timeout=6)
                    return
                if choice == "keep":
                    built = kept
            target = await self.core.run(write_built, built)
        except StanceError as exc:
            self.error(exc)
            return
        self.last_export = target
        self.notify(f"Exported to {target.resolve()}", title="export", markup=False, timeout=8)

    def archive_changed(self) -> None:
        """Refresh the archive table after the archive changed."""
        for screen in self.screen_stack:
            if isinstance(screen, ArchiveScreen):
                screen.total = None
                screen.reload()


def make_app(
    archive: Archive | str | Path | None = None,
    path: str | Path | None = None,
    *,
    reports: str | Path | None = None,
) -> StanceApp:
    """The app: on ``archive`` (an open Archive, a file, or None for the default), opening ``path``.

    ``path`` is a readout file that need not be in the archive; the Readout screen offers to add it.
    """
    core = Core(archive)
    core.start()
    return StanceApp(core, path=None if path is None else str(path), reports=reports)
