"""Two governments' accounts of one meeting (placeholder; built next)."""

from __future__ import annotations

from stance.model import Split


def same_meeting(a: Split, b: Split) -> bool:
    """Placeholder: never."""
    return False


def align_accounts(a: Split, b: Split, **_: object) -> object:
    """Placeholder."""
    raise NotImplementedError
