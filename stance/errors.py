"""One error family. The CLI renders it once (stderr, exit 2); the TUI shows it as a notification."""

from __future__ import annotations


class StanceError(Exception):
    """Anything a user can fix: bad input, a missing file, a broken archive.

    The message names the file (when there is one; quoted with escapes when the name holds a line
    break or control characters, see :func:`stance.safe.name`) and says what is wrong and, where
    it can, what to do about it.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        from stance.safe import name

        self.path = path
        self.reason = message
        """The message without the file name."""
        super().__init__(f"{name(path)}: {message}" if path else message)


class ReadError(StanceError):
    """A file or record that cannot be read as a readout."""


class NotReadouts(ReadError):
    """A record file that holds no readouts at all (no record has a content field), such as an
    index of metadata beside the readouts: a command skips it with one note, not as a failure."""


class ArchiveError(StanceError):
    """The archive cannot do what was asked (missing id, unreadable database, ...)."""

