"""What every screen after the archive shares: the app handle, Back, Export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from stance.tui.app import StanceApp
    from stance.tui.core import ExportJob


class StanceScreen(Screen[None]):
    """A screen of the stance app."""

    BINDINGS = [
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("escape", "back", "Back"),
        Binding("e", "export", "Export"),
    ]

    @property
    def stance_app(self) -> StanceApp:
        """The app, typed."""
        from stance.tui.app import StanceApp

        assert isinstance(self.app, StanceApp)
        return self.app

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.stance_app.worker_failed(event.worker)

    def action_back(self) -> None:
        self.stance_app.go_back()

    def action_export(self) -> None:
        job = self.export_job()
        if job is None:
            self.notify("Nothing to export yet.", severity="warning")
        else:
            self.stance_app.export(job)

    def export_job(self) -> ExportJob | None:
        """What the export key writes for the current view (None: nothing yet).

        The job runs on the core thread and returns a :class:`stance.reports.Document` (written
        with ``write_report``) or a ``(name, text)`` pair for views without a report builder.
        """
        return None
