"""Theme tagging: vocabulary phrases (TOML data) and salient phrases found with TF-IDF.

:class:`Vocabulary` finds the themes a statement raises by their phrases ("cultural tourism" ->
tourism), with the span of the words. :class:`PhraseModel` is a scikit-learn TF-IDF model shaped
like an estimator (keyword-only constructor, ``fit`` returns self, fitted state ends in ``_``): it
describes statements by their salient n-grams so that themes outside the vocabulary ("direct
flights", "San Francisco vision") are still found, and measures how close two statements are.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Self

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from stance.errors import NotFittedError, StanceError
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


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s\u00a0]+", phrase.strip())]
    body = r"[\s\u00a0]+".join(words).replace(r"\-", r"[\-\u2011\u2013 ]?")
    return body + (r"(?:s|es)?" if phrase[-1:].isalpha() and not phrase.isupper() else "")


class Vocabulary:
    """Themes and their phrases; finds them in text with their spans."""

    def __init__(self, themes: Sequence[ThemeDef]) -> None:
        if not themes:
            raise StanceError("the theme vocabulary is empty")
        self.themes = {t.key: t for t in themes}
        owners: dict[str, list[str]] = {}
        for t in themes:
            for p in t.phrases:
                owners.setdefault(p if p.isupper() else p.lower(), []).append(t.key)
        self._owners = owners
        upper = sorted((p for p in owners if p.isupper()), key=len, reverse=True)
        lower = sorted((p for p in owners if not p.isupper()), key=len, reverse=True)
        self._rx_case = re.compile(r"(?<![\w\-])(?:" + "|".join(_phrase_pattern(p) for p in upper) + r")(?![\w\-])") \
            if upper else None
        self._rx_fold = re.compile(r"(?<![\w\-])(?:" + "|".join(_phrase_pattern(p) for p in lower) + r")(?![\w\-])",
                                   re.I) if lower else None
        self._lower = lower

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

    def _keys_for(self, matched: str) -> list[str]:
        norm = re.sub(r"[\s\u00a0]+", " ", matched)
        if norm in self._owners:
            return self._owners[norm]
        low = norm.lower().replace("\u2011", "-").replace("\u2013", "-")
        for cand in (low, re.sub(r"(?:es|s)$", "", low), re.sub(r"s$", "", low)):
            if cand in self._owners:
                return self._owners[cand]
        for p in self._lower:  # hyphen/space variants: rare, so a scan is fine
            if re.fullmatch(_phrase_pattern(p), norm, re.I):
                return self._owners[p]
        return []

    def find(self, text: str, span: Span) -> list[ThemeHit]:
        """Themes raised inside ``span`` of ``text``, in order (a phrase may raise several)."""
        hits: list[ThemeHit] = []
        for rx in (self._rx_fold, self._rx_case):
            if rx is None:
                continue
            for m in rx.finditer(text, span.start, span.end):
                for key in self._keys_for(m.group(0)):
                    t = self.themes[key]
                    hits.append(ThemeHit(key, t.name, Span(m.start(), m.end()), t.broad))
        hits.sort(key=lambda h: (h.span.start, h.key))
        return hits


def _theme(key: str, v: dict[str, Any]) -> ThemeDef:
    return ThemeDef(key=key, name=str(v.get("name", key)), phrases=tuple(str(p) for p in v["phrases"]),
                    broad=bool(v.get("broad", False)))


@cache
def default_vocabulary() -> Vocabulary:
    """The packaged vocabulary (loaded once)."""
    return Vocabulary.load()


# ----------------------------------------------------------------------------------------------
# TF-IDF

# Words that say nothing about a theme in readouts (on top of English stop words).
GENERIC = frozenset(
    """said noted stressed expressed discussed agreed welcomed reaffirmed president prime minister secretary
    leaders leader sides side two countries country parties party also further importance important issues
    issue matters matter including particular continue continued continuing well ways way support
    cooperation relations relationship meeting call conversation talks today readout spokesperson
    following attributable mr ms minister's president's counterpart counterparts both mutual mutually
    interest interests efforts effort areas area range number work working level levels""".split()
)


class PhraseModel:
    """TF-IDF over statements: salient n-grams of a statement, and cosine between statements."""

    def __init__(self, *, ngram_range: tuple[int, int] = (1, 3), min_df: int = 1, max_df: float = 0.5,
                 max_features: int | None = 200_000) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features

    def fit(self, documents: Sequence[str]) -> Self:
        """Learn the vocabulary and IDF from many statements (a corpus or archive, not one text).

        Guards the small-corpus traps: with few documents ``max_df`` is relaxed so that it cannot
        contradict ``min_df``, and an empty vocabulary gives a model that finds nothing rather than
        an error.
        """
        docs = [d for d in documents if d and d.strip()]
        n = len(docs)
        max_df: float = self.max_df if n >= 20 else 1.0
        min_df = self.min_df if n >= 2 * self.min_df else 1
        self.vectorizer_ = TfidfVectorizer(
            ngram_range=self.ngram_range, stop_words=sorted(ENGLISH_STOP_WORDS | GENERIC), sublinear_tf=True,
            min_df=min_df, max_df=max_df, max_features=self.max_features, lowercase=True,
            token_pattern=r"(?u)\b[A-Za-z][A-Za-z\-]+\b", dtype=np.float32,
        )
        try:
            self.vectorizer_.fit(docs or [""])
            self.terms_ = self.vectorizer_.get_feature_names_out()
        except ValueError:  # "empty vocabulary; perhaps the documents only contain stop words"
            self.terms_ = np.array([], dtype=object)
        self.n_documents_ = n
        return self

    def _check(self) -> None:
        if not hasattr(self, "vectorizer_"):
            raise NotFittedError("PhraseModel is not fitted yet: call fit() with the statements of a corpus first")

    def transform(self, documents: Sequence[str]) -> Any:
        """TF-IDF rows (L2-normalised sparse matrix), one per document."""
        self._check()
        if len(self.terms_) == 0:
            from scipy.sparse import csr_matrix

            return csr_matrix((len(documents), 1), dtype=np.float32)
        return self.vectorizer_.transform(documents)

    def salient(self, text: str, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` n-grams of ``text`` with the highest TF-IDF weight, longest first among ties."""
        row = self.transform([text])
        if row.nnz == 0:
            return []
        idx = row.indices
        weights = row.data
        order = sorted(range(len(idx)), key=lambda i: (-round(float(weights[i]), 4), -len(self.terms_[idx[i]])))
        return [(str(self.terms_[idx[i]]), float(weights[i])) for i in order[:k]]

    def cosine(self, a: Sequence[str], b: Sequence[str]) -> Any:
        """Cosine similarity matrix between two lists of texts (rows of ``a`` x rows of ``b``)."""
        if not a or not b:
            return np.zeros((len(a), len(b)), dtype=np.float32)
        ta, tb = self.transform(a), self.transform(b)
        return (ta @ tb.T).toarray()
