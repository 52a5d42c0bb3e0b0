"""One identity per person and per side, across readouts and the archive.

``person_key`` and ``canonical_side`` are the only places that decide whether two surface names
("Joseph R. Biden, Jr.", "Joe Biden", "President Biden") are one person, or two side names
("U.S.", "the United States", "Washington") one side. The archive stores both keys; filters of
``list``, ``track`` and ``compare`` go through them.

A person's key is the surname and the canonical side. Which word is the surname depends on how
the people of that side write their names (``name_order`` in ``countries.toml``):

* given name first (the default): the last name word, so "Joseph R. Biden, Jr." = "Joe Biden" =
  "Biden" (of the United States);
* surname first (China, the Koreas, Vietnam, ...): the whole name, surname first, because one
  surname covers many people ("Wang Yi" is not "Wang Wenbin"); a lone surname stays itself;
* either order (Japan, Hungary: "Kishida Fumio" and "Fumio Kishida"): both words, sorted;
* paternal surname first (Iberian double surnames): "Carlos Mendoza Ruiz" = "Carlos Mendoza";
* Arabic "bin" names: the given name and the father's ("Mohammed bin Salman"), since the family
  name ("Al Saud") is shared; other names ending in a family name ("Al-Sabah", "El Sisi"): the first
  given name and the family name.

Two people of one side who share a surname and are otherwise named alike share a key (a father
and son, "Gurbanguly" and "Serdar Berdimuhamedov"): a lone "Berdimuhamedov" could be either.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from stance.vocab import Country, country_index, titles

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SIDE_NOUNS = re.compile(r"\s+(?:side|government|leadership|party|delegation|authorities|administration)$")
_PATRONYMIC = frozenset({"bin", "bint", "ibn", "ben"})
_FAMILY = re.compile(r"(?:al|el)-(\w+)")


def _fold(text: str) -> str:
    """Lower case without accents: "Sánchez" and "Sanchez" agree."""
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


_THE = re.compile(r"^the\s+", re.I)


def _country(side: str | None) -> Country | None:
    if not side:
        return None
    form = _SIDE_NOUNS.sub("", side.strip().rstrip(",;:"))
    form = _THE.sub("", form).strip()
    c = country_index().get(form.lower()) or country_index().get(form.lower().rstrip("."))
    if c is None and form.lower().endswith("s") and "." not in form:
        c = country_index().get(form.lower()[:-1])  # "Americans"
    return c


def name_words(name: str) -> list[str]:
    """The folded words of a person's name, without titles, honorifics, initials and suffixes."""
    skip = _title_words() | _SUFFIXES
    return [w for w in (_fold(t) for t in _WORD.findall(name)) if w not in skip and len(w) > 1]


def person_key(name: str | None, side: str | None = None) -> str | None:
    """A canonical key for one person: ``"<surname words>|<canonical side>"``.

    Titles, honorifics and generational suffixes are dropped, so "Joseph R. Biden, Jr.",
    "Joe Biden" and "President Biden" of the United States share the key ``biden|united states``.
    Which words make the key follows the naming order of the person's side (module docstring).
    Returns ``None`` when no name word is left.
    """
    if not name:
        return None
    words = name_words(name)
    if not words:
        return None
    c = _country(side)
    order = c.name_order if c else "given-first"
    patron = next((i for i, w in enumerate(words) if w in _PATRONYMIC), None)
    if patron is not None and 0 < patron < len(words) - 1:
        core = words[: patron + 2]  # "mohammed bin salman"
    elif len(words) >= 3 and (_FAMILY.fullmatch(words[-1]) or words[-2] in ("al", "el")):
        # "Nawaf Al-Ahmad Al-Jaber Al-Sabah": a family name is shared, the first given name tells people apart.
        core = [words[0].split("-")[0], _FAMILY.sub(r"\1", words[-1])]
    elif len(words) == 1 or order == "surname-first":
        core = words
    elif order == "either":
        core = sorted(words[:2]) if len(words) == 2 else words
    elif order == "paternal-first" and len(words) >= 3:
        core = [words[-2]]
    else:
        core = [_FAMILY.sub(r"\1", words[-1])]  # "Al-Sheikh" and "Sheikh" agree
    side_key = (c.name if c else canonical_side(side) or "").lower()
    return f"{' '.join(core)}|{side_key}"


def canonical_side(text: str | None) -> str | None:
    """The canonical display name of a side named by any of its forms, or ``None``.

    Names, demonyms and capitals are all accepted ("U.S.", "American", "Washington", "the
    Chinese side", "PRC" -> their country); an unknown but non-empty name is returned stripped,
    unchanged.
    """
    if not text:
        return None
    form = text.strip()
    if not form:
        return None
    c = _country(form)
    return c.name if c else form
