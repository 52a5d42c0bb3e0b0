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



# The fixed random MinHash parameters: numpy's ``default_rng(0x5354)`` drawn once and written out
# here (tests/test_archive_features.py checks they still equal that draw), so that hashing a
# wording imports no ``numpy.random`` (about 5-9 ms of every ``stance compare``). Changing them
# changes every stored LSH key.
_A = (
    0x762863d520be599d, 0x377527449a94e917, 0x2519eb3cc42aa61d, 0x4676c41a30789d7b,
    0x481c63eec459900f, 0x231e0ef4bc2d73c7, 0x4dcedf2aeb1dcf25, 0x39358af39cf9efcf,
    0x179fdc4d942c1f49, 0x42b2f887a6f490a7, 0x0247d98574782547, 0x6cbe6d4cb8e1ed4f,
    0x12b1d07b82d9a329, 0x3a29362054de0ff9, 0x10039112950f1f4b, 0x6fdeca3c6c098e39,
    0x5225bf04383edc5b, 0x420af466c1dd675f, 0x053222843b59e0a3, 0x4d53b867da761dcf,
    0x4db147f1e73e375d, 0x051c74140764ba43, 0x5ca9dc17903d6e9f, 0x1ccdc902c3c93f63,
)
_B = (
    0x0375e365ea5afea6, 0x0f710f40927b59d0, 0x5cd0ddc567fe46a3, 0x3dc23f004cd64f51,
    0x4cb83af1cd81c2db, 0x2a22680cc4947dde, 0x7cb6fd7ed522716b, 0x62d6158046affe5f,
    0x4fc8d51e74cbfbcf, 0x15927cb77b0d3581, 0x5a8327071668e6a2, 0x0eeb1fe21866a0c1,
    0x04a43a2ae068b95b, 0x70caf094bc6918bf, 0x2d12bbaee613a19e, 0x12fd02530ed9c469,
    0x3fa9b5b6c78db1e2, 0x60b21febf0afdfaa, 0x6746543c8b1ecf5e, 0x15f73775b070d8f4,
    0x6edc776703101c48, 0x069b27285f6a4204, 0x525de037e3d74b0d, 0x61739b33ca500544,
)
_BAND_MIX_0 = (
    0x65d04212092d9015, 0x6737250ba9d44fd5, 0x72fe868ec58a541d, 0x0288662ddd549d53,
    0x720ddeb81def89bb, 0x47f064ca32eb85f3, 0x4535e9327eb7e261, 0x4fcd4173f2d70da1,
    0x0d8e54a9ece7592d, 0x0493ce88accb7e7f, 0x68be00e10ed69cd7, 0x1b397e9c1f828b19,
)
_BAND_MIX_1 = (
    0x68673095c3aa3853, 0x6daaac8fd4a246cd, 0x205c25f86b91dcdd, 0x2783a0508ca97917,
    0x4d3cb728434226e5, 0x3437d46ef093fb79, 0x687b4c798fdcdd8d, 0x6e0e5f493bfb40ed,
    0x58adac0a74f851bb, 0x1254092059f84983, 0x1319958ab88d09cd, 0x619eb0a680c173e7,
)
_BAND_MIX_2 = (
    0x232993f531fe5b09, 0x6e7cce760c806ccb, 0x628aaaeec890196d, 0x2da47c251ec33b95,
    0x11cba6476f611a2b, 0x22c3716b21ab6129, 0x23402dd548875c47, 0x00e593d9536411d9,
    0x4f9170b23081b12b, 0x4e73b92b316dfb6d, 0x20622ebf1ffe9d61, 0x162b37329350e3ab,
)
_GRAM_MIX = (
    0x7d4275aff1610b77, 0x1f81246cbe2c7f17, 0x107a5932b6d75741,
)


@cache
def _minhash() -> tuple[Any, Any, Any, Any, Any]:
    """The MinHash parameters as numpy arrays (numpy loads only when a wording is hashed)."""
    import numpy as np

    a = np.array(_A, dtype=np.uint64)
    b = np.array(_B, dtype=np.uint64)
    band_mix = np.array([_BAND_MIX_0, _BAND_MIX_1, _BAND_MIX_2], dtype=np.uint64)
    band_no = np.arange(1, BANDS + 1, dtype=np.uint64)
    gram_mix = np.array(_GRAM_MIX, dtype=np.uint64)
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


def pack_vector(terms: np.ndarray[Any, Any], tfs: np.ndarray[Any, Any]) -> bytes:
    """A readout's term vector as stored: ascending term ids as deltas (uint32) then counts (uint16),
    zlib-compressed (0.47 -> 0.17 KB per readout)."""
    import numpy as np

    deltas = np.diff(terms.astype(np.int64), prepend=0).astype("<u4")
    return zlib.compress(deltas.tobytes() + np.minimum(tfs, 65535).astype("<u2").tobytes(), 6)


def unpack_vector(data: bytes) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``(term ids uint32 ascending, counts uint16)`` of a stored vector."""
    import numpy as np

    raw = zlib.decompress(data)
    n = len(raw) // 6
    terms = np.cumsum(np.frombuffer(raw, dtype="<u4", count=n).astype(np.uint64)).astype(np.uint32)
    return terms, np.frombuffer(raw, dtype="<u2", offset=4 * n).astype(np.uint16)


def pack_ids(ids: np.ndarray[Any, Any]) -> bytes:
    """Ascending readout ids of an inverted-index row: deltas (uint32), zlib-compressed."""
    import numpy as np

    return zlib.compress(np.diff(ids.astype(np.int64), prepend=0).astype("<u4").tobytes(), 6)


def unpack_ids(data: bytes) -> np.ndarray[Any, Any]:
    import numpy as np

    return np.cumsum(np.frombuffer(zlib.decompress(data), dtype="<u4").astype(np.uint64)).astype(np.uint32)


def unpack_many_ids(rows: Sequence[bytes]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """:func:`unpack_ids` of many rows at once: all their ids in row order (int64, as
    ``numpy.bincount`` takes them without a copy), and each row's length.

    One running sum over all rows' deltas, less the total the rows before each row added (one
    ``repeat``; a ``maximum.accumulate`` correction cost three times as much at 100k readouts).
    """
    import numpy as np

    raw = [zlib.decompress(b) for b in rows]
    lengths = np.fromiter((len(r) // 4 for r in raw), dtype=np.int64, count=len(raw))
    return _running_sums(np.frombuffer(b"".join(raw), dtype="<u4"), lengths), lengths


def unpack_many_ids_into(
    rows: Sequence[bytes], out: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """:func:`unpack_many_ids` written into ``out`` (int64, at least as long as the ids; a work array
    the caller keeps): the ids (a view of ``out``) and each row's length. The rows' deltas are
    widened straight into ``out`` and summed there, so a query over ~190k postings allocates no
    array of their size (each fresh one costs its page faults, more than the arithmetic)."""
    import numpy as np

    deltas = [np.frombuffer(zlib.decompress(b), dtype="<u4") for b in rows]
    lengths = np.fromiter((len(d) for d in deltas), dtype=np.int64, count=len(deltas))
    sums = out[: int(lengths.sum())]
    if deltas:
        np.concatenate(deltas, out=sums)
    return _sum_rows(sums, lengths), lengths


def _running_sums(deltas: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The running sum of each row's deltas (rows of ``lengths``, concatenated), as int64: one running
    sum over all of them, after taking off the first delta of each row what the row before it adds
    up to (the running sum carries that on; in place: at ~190k postings each fresh array costs its
    page faults)."""
    import numpy as np

    # widened first: cumsum(dtype=int64) of uint32 casts element by element, 10x as long
    return _sum_rows(deltas.astype(np.int64), lengths)


def _sum_rows(sums: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """:func:`_running_sums` of deltas already widened to int64, in place."""
    import numpy as np

    if len(lengths) > 1 and len(sums):
        starts = (np.cumsum(lengths) - lengths)[lengths > 0]  # rows with ids (empty ones add nothing)
        totals = np.add.reduceat(sums, starts)
        sums[starts[1:]] -= totals[:-1]
    np.cumsum(sums, out=sums)
    return sums


def unpack_many_vectors(
    blobs: Sequence[bytes],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """:func:`unpack_vector` of many stored vectors at once: all their term ids (int64) and counts
    (float64) in order, and each vector's length."""
    import numpy as np

    raw = [zlib.decompress(b) for b in blobs]
    lengths = np.fromiter((len(r) // 6 for r in raw), dtype=np.int64, count=len(raw))
    n = lengths.tolist()
    deltas = np.frombuffer(b"".join(r[: 4 * k] for r, k in zip(raw, n, strict=True)), dtype="<u4")
    tfs = np.frombuffer(b"".join(r[4 * k :] for r, k in zip(raw, n, strict=True)), dtype="<u2")
    return _running_sums(deltas, lengths), tfs.astype(np.float64), lengths


WEIGHT = "<f2"
"""Inverted-index weights are half floats: they only pick candidates, which are then scored exactly."""


def fold_key(key: int) -> int:
    """An LSH key folded to 32 bits (signed), as the archive stores it: SQLite keeps it in 4 bytes
    instead of 8. Chance collisions only add candidates, which are scored before use."""
    return (key & 0xFFFFFFFF) - 0x80000000


def idf(df: int | np.ndarray[Any, Any], n: int) -> Any:
    """Smoothed inverse document frequency, as scikit-learn's ``TfidfVectorizer`` computes it."""
    import numpy as np

    return np.log((1.0 + n) / (1.0 + np.asarray(df, dtype=np.float64))) + 1.0


def counterpart_key(name: str | None, side: str | None) -> str | None:
    """Who "the same counterpart" is: :func:`stance.identity.person_key` (surname and canonical side)."""
    from stance.identity import person_key

    return person_key(name, side)
