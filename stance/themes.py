"""Theme tagging: the vocabulary of named themes (TOML data).

:class:`Vocabulary` finds the themes a statement raises by their phrases ("cultural tourism" ->
tourism), with the span of the words. Themes outside the vocabulary are found by
:mod:`stance.discover`, with word weights from the TF-IDF background (:mod:`stance.background`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from stance.errors import StanceError
from stance.model import Span
from stance.vocab import load_toml


@dataclass(frozen=True, slots=True)
class ThemeDef:
    """One theme of the vocabulary."""

    key: str
    """Identifier in the TOML file."""
    name: str
    """Display name."""
    phrases: tuple[str, ...]
    """Phrases that raise it."""
    broad: bool = False
    """True for themes so general that they align only when nothing specific does."""
    not_after: frozenset[str] = frozenset()
    """Words that, right before a phrase, make it another thing ("palm oil" is no energy)."""


@dataclass(frozen=True, slots=True)
class ThemeHit:
    """A theme raised at a place in the text."""

    key: str
    """Theme key, or ``phrase:<words>`` for a salient phrase outside the vocabulary."""
    name: str
    """Display name."""
    span: Span
    """The words that name the theme."""
    broad: bool = False
    """From a broad theme."""


class Vocabulary:
    """Themes and their phrases; finds them in text with their spans."""

    def __init__(self, themes: Sequence[ThemeDef]) -> None:
        if not themes:
            raise StanceError("the theme vocabulary is empty")
        self.themes = {t.key: t for t in themes}
        self.broad_names = frozenset(t.name for t in themes if t.broad)
        """Names of the broad themes ("bilateral relations"): a specific theme goes before them."""
        # Phrases as word sequences, indexed by their first word: matching walks the words of a
        # text once with dictionary look-ups instead of running one huge regex alternation.
        self._index: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        self._owners: dict[str, list[str]] = {}
        for t in themes:
            for p in t.phrases:
                acronym = p.isupper()
                words = tuple(w if acronym else w.lower() for w in _PHRASE_WORD.findall(p))
                if not words:
                    continue
                key = " ".join(words)
                if t.key not in self._owners.setdefault(key, []):
                    self._owners[key].append(t.key)
                entry = (words, acronym, key)
                bucket = self._index.setdefault(words[0], [])
                if entry not in bucket:
                    bucket.append(entry)
        for bucket in self._index.values():
            bucket.sort(key=lambda e: -len(e[0]))

    @classmethod
    def load(cls, extra: str | Path | None = None) -> Vocabulary:
        """The packaged vocabulary, with the themes of a user file added (same keys replace)."""
        data = dict(load_toml("themes.toml")["themes"])
        if extra is not None:
            path = Path(extra)
            try:
                user = tomllib.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError as exc:
                raise StanceError("no such theme file", path=str(path)) from exc
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise StanceError(f"not a valid TOML theme file ({exc})", path=str(path)) from exc
            themes = user.get("themes")
            if not isinstance(themes, dict) or not themes:
                raise StanceError("no [themes.<key>] tables found; see the packaged themes.toml for the layout",
                                  path=str(path))
            for key, t in themes.items():
                if not isinstance(t, dict) or not isinstance(t.get("phrases"), list) or not t["phrases"]:
                    raise StanceError(f"theme '{key}' needs a non-empty list 'phrases'", path=str(path))
            data.update(themes)
        return cls([_theme(k, v) for k, v in data.items()])

    def find(self, text: str, span: Span, *, ours: str | None = None) -> list[ThemeHit]:
        """Themes raised inside ``span`` of ``text``, in order (a phrase may raise several).

        Words match case-insensitively (acronyms such as "AI" or "UN" exactly), hyphens and
        spaces alike, and a plural "s"/"es" on the last word. ``ours`` is the publishing side's
        name: "our country" / "our state" then read as that name ("help our country" ~ "help Ukraine").
        """
        toks = [(m.group(0), m.start(), m.end()) for m in _PHRASE_WORD.finditer(text, span.start, span.end)]
        if ours and "our" in text[span.start : span.end].lower():
            toks = _our_country(toks, ours)
        lows = [t[0].lower().replace("\u2019", "'") for t in toks]
        index = self._index
        hits: list[ThemeHit] = []
        n = len(toks)
        after = 0  # where the next phrase may start (the end of the last one)
        # Only a word that starts some phrase can start a match: the others are skipped at once.
        for i in [j for j in range(n) if toks[j][0] in index or lows[j] in index]:
            if i < after:
                continue
            tok, low = toks[i][0], lows[i]
            best: tuple[int, str] | None = None
            for cand in ((tok,) if tok == low else (tok, low)):  # one bucket read twice finds nothing new
                for words, acronym, key in index.get(cand, ()):
                    k = len(words)
                    if i + k > n or (best is not None and k <= best[0]):
                        continue
                    if self._matches(text, toks, lows, i, words, acronym):
                        best = (k, key)
                        break
            if best is None:
                continue
            k, key = best
            sp = Span(toks[i][1], toks[i + k - 1][2])
            for theme_key in self._owners[key]:
                t = self.themes[theme_key]
                if i and t.not_after and lows[i - 1] in t.not_after:
                    continue
                hits.append(ThemeHit(theme_key, t.name, sp, t.broad))
            after = i + k
        hits.sort(key=lambda h: (h.span.start, h.key))
        return hits

    @staticmethod
    def _matches(text: str, toks: list[tuple[str, int, int]], lows: list[str], i: int, words: tuple[str, ...],
                 acronym: bool) -> bool:
        last = len(words) - 1
        for k, w in enumerate(words):
            got = toks[i + k][0] if acronym else lows[i + k]
            if got != w and not (k == last and got in (w + "s", w + "es", w + "'s")):
                return False
            if k and not _SEPARATOR.fullmatch(text[toks[i + k - 1][2] : toks[i + k][1]]):
                return False
        return True


def _our_country(toks: list[tuple[str, int, int]], ours: str) -> list[tuple[str, int, int]]:
    """Merge "our country|state|nation" into one word standing for the publishing side."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(toks):
        if i + 1 < len(toks) and len(toks[i][0]) == 3 and toks[i][0].lower() == "our" and \
                toks[i + 1][0].lower() in ("country", "state", "nation"):
            out.append((ours, toks[i][1], toks[i + 1][2]))
            i += 2
            continue
        out.append(toks[i])
        i += 1
    return out


_PHRASE_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019][A-Za-z]+)?")
_SEPARATOR = re.compile(r"[\s\u00a0\-\u2010\u2011\u2013]{1,3}")


def _theme(key: str, v: dict[str, Any]) -> ThemeDef:
    return ThemeDef(key=key, name=str(v.get("name", key)), phrases=tuple(str(p) for p in v["phrases"]),
                    broad=bool(v.get("broad", False)),
                    not_after=frozenset(str(w).lower() for w in v.get("not_after", ())))


@cache
def default_vocabulary() -> Vocabulary:
    """The packaged vocabulary (loaded once)."""
    return Vocabulary.load()
