"""One identity per person and per side, across readouts and the archive.

``person_key`` and ``canonical_side`` are the only places that decide whether two surface names
("Joseph R. Biden, Jr.", "Joe Biden", "President Biden") are one person, or two side names
("U.S.", "the United States", "Washington") one side. The archive stores both keys; filters of
``list``, ``track`` and ``compare`` go through them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from stance.vocab import country_index, titles

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _fold(text: str) -> str:
    """Lower case without accents: "Zelenskyy" and "Zelenskyy", "Sánchez" and "Sanchez" agree."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@cache
def _title_words() -> frozenset[str]:
    """Honorifics and office words that never belong to a person's key."""
    data = titles()
    words: set[str] = set()
    for key in ("honorifics", "offices", "heads"):
        for item in data.get(key, []):
            if isinstance(item, str):
                words.update(_fold(w) for w in _WORD.findall(item))
    return frozenset(words)


def person_key(name: str | None, side: str | None = None) -> str | None:
    """A canonical key for one person: the folded surname, with the canonical side when known.

    Titles, honorifics and generational suffixes are dropped, so "Joseph R. Biden, Jr.",
    "Joe Biden" and "President Biden" of the United States share the key ``biden|united states``.
    Returns ``None`` when no name word is left.
    """
    if not name:
        return None
    skip = _title_words() | _SUFFIXES
    words = [w for w in (_fold(t) for t in _WORD.findall(name)) if w not in skip and len(w) > 1]
    if not words:
        return None
    side_key = canonical_side(side) or ""
    return f"{words[-1]}|{side_key.lower()}"


def canonical_side(text: str | None) -> str | None:
    """The canonical display name of a side named by any of its forms, or ``None``.

    Names, demonyms and capitals are all accepted ("U.S.", "American", "Washington" ->
    "United States"); an unknown but non-empty name is returned stripped, unchanged.
    """
    if not text:
        return None
    form = text.strip()
    if not form:
        return None
    country = country_index().get(form.lower().removeprefix("the "))
    return country.name if country else form
