"""The editable vocabularies (TOML data files beside the package), loaded once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from stance.wordtrie import alternation


def load_toml(name: str) -> dict[str, Any]:
    """A data file of the package, parsed."""
    with resources.files("stance").joinpath("data", name).open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True, slots=True)
class Country:
    """A country or organisation that can be a side."""

    key: str
    """Short id, e.g. ``us``."""
    name: str
    """Canonical display name."""
    names: tuple[str, ...]
    """Every way the text names it."""
    demonyms: tuple[str, ...]
    """Adjectives ("Chinese", "U.S.")."""
    capitals: tuple[str, ...]
    """Capital or seat used as metonym."""
    kind: str
    """``country`` or ``organisation``."""
    name_order: str = "given-first"
    """How its people's names are written: ``given-first``, ``surname-first``, ``either``, ``paternal-first``."""
    parts: tuple[str, ...] = ()
    """Sub-national units ("New Mexico", "Ontario"): they give this side, but are not names of it."""


@cache
def countries() -> tuple[Country, ...]:
    """Every known side."""
    data = load_toml("countries.toml")["countries"]
    return tuple(
        Country(
            key=k,
            name=v["name"],
            names=tuple(dict.fromkeys([v["name"], *v.get("names", [])])),
            demonyms=tuple(v.get("demonyms", [])),
            capitals=tuple(v.get("capitals", [])),
            kind=v.get("kind", "country"),
            name_order=v.get("name_order", "given-first"),
            parts=tuple(v.get("parts", [])),
        )
        for k, v in data.items()
    )


@cache
def country_index() -> dict[str, Country]:
    """Lower-cased name, demonym or capital -> country (names win over demonyms over capitals)."""
    out: dict[str, Country] = {}
    for attr in ("parts", "capitals", "demonyms", "names"):
        for c in countries():
            for form in getattr(c, attr):
                out[form.lower().removeprefix("the ")] = c
    return out


@cache
def country_regex() -> re.Pattern[str]:
    """Matches any country name or demonym (longest first, word-bounded)."""
    forms = {f.removeprefix("the ") for c in countries() for f in (*c.names, *c.demonyms, *c.parts)} - {""}
    # Longest first, written as a trie: the same matches as the plain alternation, many times faster.
    return re.compile(r"(?<![\w.])" + alternation(forms) + r"(?![\w])")


@cache
def titles() -> dict[str, Any]:
    """Offices, honorifics, name particles, heads and joint subjects."""
    return load_toml("titles.toml")


@cache
def cues() -> dict[str, Any]:
    """Reporting verbs, framing verbs, passive and narrator patterns."""
    return load_toml("cues.toml")
