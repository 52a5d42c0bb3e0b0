"""Features the indexes are built from: TF-IDF terms, normalised wordings and their MinHash LSH keys."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# --------------------------------------------------------------------------------------------
# features: terms for TF-IDF, normalised wordings and MinHash keys for formulas

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say mr ms mrs dr""".split()  # noqa: SIM905
)
"""Words left out of the TF-IDF vectors."""

_TERM = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_NORM_WORD = re.compile(r"[^\W_]+")
BANDS = 12
"""MinHash LSH bands per formula."""
ROWS = 2
"""MinHash values per band."""
MIN_FORMULA_WORDS = 4
"""Shorter statements are not looked up as formulas."""



@cache
def _minhash() -> tuple[Any, Any, Any, Any, Any]:
    """The fixed random MinHash parameters (numpy loads only when a wording is hashed)."""
    import numpy as np


    rng = np.random.default_rng(0x5354)
    a = rng.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
    band_mix = rng.integers(1, 2**63, size=(3, BANDS), dtype=np.uint64) | np.uint64(1)
    band_no = np.arange(1, BANDS + 1, dtype=np.uint64)
    gram_mix = rng.integers(1, 2**63, size=3, dtype=np.uint64) | np.uint64(1)
    return a, b, band_mix, band_no, gram_mix


def terms_of(text: str) -> Counter[str]:
    """Lower-cased words of two letters or more, without stop words, with their counts."""
    return Counter(w for w in _TERM.findall(text.lower()) if len(w) > 1 and w not in STOPWORDS)


def normalise(text: str) -> str:
    """A statement's wording for formula matching: lower case, words and numbers, single spaces."""
    return " ".join(_NORM_WORD.findall(text.lower()))


def wording_hash(norm: str) -> int:
    """A stable signed 64-bit hash of a normalised wording."""
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def band_keys(norm: str) -> list[int]:
    """MinHash LSH keys (:data:`BANDS` of them) of a wording's word 3-grams; empty when too short.

    Two wordings whose 3-gram sets have Jaccard similarity ``s`` share at least one key with
    probability ``1 - (1 - s**2) ** 12`` (0.97 at s = 0.5), so near-same wordings are found by
    key lookups instead of a scan.
    """
    return band_keys_many([norm])[0]


def band_keys_many(norms: Sequence[str]) -> list[list[int]]:
    """:func:`band_keys` of many wordings at once (one numpy pass)."""
    import numpy as np

    out: list[list[int]] = [[] for _ in norms]
    hashes: list[int] = []
    starts: list[int] = []
    which: list[int] = []
    for i, norm in enumerate(norms):
        words = norm.split()
        if len(words) < MIN_FORMULA_WORDS:
            continue
        starts.append(len(hashes))
        which.append(i)
        hashes += [zlib.crc32(w.encode("utf-8")) for w in words]
    if not which:
        return out
    _MH_A, _MH_B, _BAND_MIX, _BAND_NO, _GRAM_MIX = _minhash()
    h = np.array(hashes, dtype=np.uint64)
    bounds = np.array([*starts, len(hashes)], dtype=np.int64)
    n_grams = np.diff(bounds) - 2
    first = np.repeat(bounds[:-1], n_grams) + (
        np.arange(n_grams.sum()) - np.repeat(np.cumsum(n_grams) - n_grams, n_grams)
    )
    grams = h[first] * _GRAM_MIX[0] + h[first + 1] * _GRAM_MIX[1] + h[first + 2] * _GRAM_MIX[2]
    offsets = np.concatenate(([0], np.cumsum(n_grams)[:-1]))
    sig = np.minimum.reduceat(
        (_MH_A[:, None] * grams[None, :] + _MH_B[:, None]) >> np.uint64(20), offsets, axis=1
    )
    sig = sig.T.reshape(len(which), BANDS, ROWS)
    keys = sig[:, :, 0] * _BAND_MIX[0] + sig[:, :, 1] * _BAND_MIX[1] + _BAND_NO * _BAND_MIX[2]
    for i, row in zip(which, keys.view(np.int64).tolist(), strict=True):
        out[i] = row
    return out


def idf(df: int | np.ndarray[Any, Any], n: int) -> Any:
    """Smoothed inverse document frequency, as scikit-learn's ``TfidfVectorizer`` computes it."""
    import numpy as np

    return np.log((1.0 + n) / (1.0 + np.asarray(df, dtype=np.float64))) + 1.0


def counterpart_key(name: str | None, side: str | None) -> str | None:
    """Who "the same counterpart" is: :func:`stance.identity.person_key` (surname and canonical side)."""
    from stance.identity import person_key

    return person_key(name, side)
