"""The phrase model of one query readout, fitted without scikit-learn (query time stays light).

``stance compare FILE`` analyses a readout that is not archived; :func:`stance.align.align_split`
then fits a TF-IDF phrase model on that readout's own statements. Importing scikit-learn for that
costs more than half a second, the fit itself a millisecond. :class:`QueryPhraseModel` computes
the same vocabulary, analyzer and smoothed IDF as :class:`stance.themes.PhraseModel` (scikit-learn's
``TfidfVectorizer`` with the same settings) in plain Python; ``tests/test_compare.py`` checks they
agree term for term, and that the alignments they give are equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Self

import numpy as np

from stance.themes import PhraseModel

ENGLISH_STOP_WORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although
    always am among amongst amoungst amount an and another any anyhow anyone anything anyway
    anywhere are around as at back be became because become becomes becoming been before beforehand
    behind being below beside besides between beyond bill both bottom but by call can cannot cant co
    con could couldnt cry de describe detail do done down due during each eg eight either eleven
    else elsewhere empty enough etc even ever every everyone everything everywhere except few
    fifteen fifty fill find fire first five for former formerly forty found four from front full
    further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers
    herself him himself his how however hundred i ie if in inc indeed interest into is it its itself
    keep last latter latterly least less ltd made many may me meanwhile might mill mine more
    moreover most mostly move much must my myself name namely neither never nevertheless next nine
    no nobody none noone nor not nothing now nowhere of off often on once one only onto or other
    others otherwise our ours ourselves out over own part per perhaps please put rather re same see
    seem seemed seeming seems serious several she should show side since sincere six sixty so some
    somehow someone something sometime sometimes somewhere still such system take ten than that the
    their them themselves then thence there thereafter thereby therefore therein thereupon these
    they thick thin third this those though three through throughout thru thus to together too top
    toward towards twelve twenty two un under until up upon us very via was we well were what
    whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever
    whether which while whither who whoever whole whom whose why will with within without would yet
    you your yours yourself yourselves
    """.split()  # noqa: SIM905
)
"""scikit-learn's English stop-word list (BSD licence), as ``PhraseModel`` passes it."""

_TOKEN = re.compile(r"(?u)\b[A-Za-z][A-Za-z\-]+\b")


class QueryPhraseModel(PhraseModel):
    """:class:`~stance.themes.PhraseModel` with a pure-Python :meth:`fit` (same vocabulary and IDF)."""

    def fit(self, documents: Sequence[str]) -> Self:
        """Learn vocabulary and IDF exactly as ``PhraseModel.fit`` does, without scikit-learn."""
        docs = [d for d in documents if d and d.strip()]
        n = len(docs)
        max_df: float = self.max_df if n >= 20 else 1.0
        min_df = self.min_df if n >= 2 * self.min_df else 1
        analyzer = _analyzer(self.ngram_range)
        df: dict[str, int] = {}
        tf: dict[str, int] = {}
        for d in docs:
            grams = analyzer(d)
            for g in grams:
                tf[g] = tf.get(g, 0) + 1
            for g in set(grams):
                df[g] = df.get(g, 0) + 1
        n_fit = n or 1  # scikit-learn fits [""] when there is no document
        max_count = max_df if isinstance(max_df, int) and not isinstance(max_df, bool) else max_df * n_fit
        keep = {g: c for g, c in df.items() if min_df <= c <= max_count}
        if self.max_features is not None and len(keep) > self.max_features:
            best = sorted(keep, key=lambda g: (-tf[g], g))[: self.max_features]
            keep = {g: keep[g] for g in best}
        self.vectorizer_ = None
        names = sorted(keep)
        self.terms_ = np.array(names, dtype=object)
        # in float32, step by step, as scikit-learn's TfidfTransformer (dtype=np.float32) does
        df_arr = np.array([keep[g] for g in names], dtype=np.float32) + np.float32(1.0)
        weights = np.full_like(df_arr, fill_value=n_fit + 1, dtype=np.float32)
        weights /= df_arr
        np.log(weights, out=weights)
        weights += np.float32(1.0)
        self.idf_ = {g: float(w) for g, w in zip(names, weights.tolist(), strict=True)}
        self.analyzer_ = analyzer
        self.n_documents_ = n
        return self


def _analyzer(ngram_range: tuple[int, int]) -> Callable[[str], list[str]]:
    """scikit-learn's word analyzer: lower case, token pattern, stop words out, then n-grams."""
    lo, hi = ngram_range

    def analyse(text: str) -> list[str]:
        tokens = [t for t in _TOKEN.findall(text.lower()) if t not in ENGLISH_STOP_WORDS]
        if hi == 1:
            return tokens
        out = list(tokens) if lo == 1 else []
        for k in range(max(2, lo), min(hi, len(tokens)) + 1):
            out += [" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]
        return out

    return analyse
