"""Cross-party alignment of themes (work in progress: returns no themes yet)."""

from __future__ import annotations

from stance.model import Alignment, Split


def align_split(split: Split) -> Alignment:
    """The themes of one split readout, aligned across the two sides."""
    return Alignment(split=split, themes=())
