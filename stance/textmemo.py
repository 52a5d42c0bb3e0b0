"""A memo of the text being read: values kept by span while one text is analysed, dropped when the
next text comes (alignment asks for the same statement's words or stances many times)."""

from __future__ import annotations

from typing import TypeVar

V = TypeVar("V")

Slot = list[tuple[str, dict[tuple[int, int], V]]]
"""Where a memo lives: empty, or one ``(text, {(start, end): value})`` entry."""


def per_text(slot: Slot[V], text: str) -> dict[tuple[int, int], V]:
    """The memo of ``text`` in ``slot``: the one there when it is for this very text, else a new one.

    The caller keeps its own reference to the dict it gets, so another thread that starts another
    text replaces the slot without changing what this call reads.
    """
    last = slot[0] if slot else None
    if last is None or last[0] is not text:
        last = (text, {})
        slot[:] = [last]
    return last[1]
