"""Compact storage of what no query filters on: a readout's analysis as one compressed value, and
formula wordings compressed with a dictionary trained on the archive itself.

A readout's statements, themes and their evidence (every field :meth:`Archive.alignment` gives
back) are one JSON array, compressed with zlib and a preset dictionary: the strings that repeat
from readout to readout (party ids, cue verbs, reasons, theme names, statuses, stance labels) are
in the dictionary, so each value holds little more than its numbers. Each dictionary is trained on
the archive's own values, stored in the archive (``zdicts``: kind, first id it applies to, bytes)
and never changed; a new one, trained on more values, applies to ids from its ``first`` on, so
the archive refits its dictionaries as it grows without touching what it stored before.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from stance.model import Evidence, Span, Stance, Statement, Theme

ANALYSIS = "analysis"
"""Dictionary kind of the analysis values (keyed by readout id)."""
WORDING = "wording"
"""Dictionary kind of formula wordings (keyed by formula id)."""

DICT_SIZE = {ANALYSIS: 4096, WORDING: 16384}
"""Bytes of each kind's dictionary (larger ones compress a little better and decode more slowly)."""

TRAIN_MIN = {ANALYSIS: 16, WORDING: 64}
"""Values an archive holds before its first dictionary of each kind is trained."""
TRAIN_CAP = {ANALYSIS: 2000, WORDING: 20000}
"""Values a dictionary is trained on at most; once one is, the archive keeps it."""

LEVEL = 6
"""zlib level (9 gains 1% here at twice the time)."""

FORMAT = 1
"""First element of every analysis value: the layout below."""


# -- the analysis of one readout as JSON ------------------------------------------------------


def _stance(st: Stance | None) -> list[Any] | None:
    if st is None:
        return None
    cue = st.cue_span
    return [st.label, st.strength, st.polarity, cue.start if cue else None, cue.end if cue else None, int(st.negated)]


def _span(a: int | None, b: int | None) -> Span | None:
    return None if a is None or b is None else Span(a, b)


def stance_of(v: list[Any] | None) -> Stance | None:
    if v is None:
        return None
    return Stance(
        label=v[0], strength=float(v[1] or 0.0), polarity=v[2], cue_span=_span(v[3], v[4]), negated=bool(v[5])
    )


def analysis_json(
    statements: Sequence[Statement],
    stances: Sequence[Stance | None],
    themes: Sequence[Theme],
) -> bytes:
    """``[FORMAT, statements, themes]``: each statement ``[party, start, end, cue, cue start, cue end,
    speaker start, speaker end, cited, confidence, reason, paragraph, stance]``, each theme ``[name,
    status, score, basis, joint, evidence]``, each evidence ``[party, start, end, statement, stance]``."""
    st_rows = []
    for s, st in zip(statements, stances, strict=True):
        cue, spk = s.cue_span, s.speaker_span
        st_rows.append([
            s.party, s.span.start, s.span.end, s.cue, cue.start if cue else None, cue.end if cue else None,
            spk.start if spk else None, spk.end if spk else None, s.cited, s.confidence, s.reason,
            s.paragraph, _stance(st),
        ])
    th_rows = [
        [t.name, t.status, t.score, t.basis, int(t.joint),
         [[e.party, e.span.start, e.span.end, e.statement, _stance(e.stance)] for e in t.evidence]]
        for t in themes
    ]
    return json.dumps([FORMAT, st_rows, th_rows], ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )


def statements_of(value: list[Any]) -> tuple[tuple[Statement, ...], tuple[Stance | None, ...]]:
    """The statements and their stances of a decoded analysis value."""
    out = tuple(
        Statement(
            party=r[0], span=Span(r[1], r[2]), cue=r[3], cue_span=_span(r[4], r[5]),
            speaker_span=_span(r[6], r[7]), cited=r[8], confidence=float(r[9]), reason=r[10], paragraph=r[11],
        )
        for r in value[1]
    )
    return out, tuple(stance_of(r[12]) for r in value[1])


def themes_of(value: list[Any]) -> tuple[Theme, ...]:
    """The themes (with evidence) of a decoded analysis value."""
    return tuple(
        Theme(
            name=t[0], status=t[1], score=float(t[2]), basis=t[3], joint=bool(t[4]),
            evidence=tuple(
                Evidence(party=e[0], span=Span(e[1], e[2]), statement=e[3], stance=stance_of(e[4])) for e in t[5]
            ),
        )
        for t in value[2]
    )


# -- dictionaries ------------------------------------------------------------------------------

_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"[,\]]?|\[\[?"')


def train(kind: str, samples: Iterable[bytes]) -> bytes:
    """A preset dictionary for ``kind`` from sample values: the pieces that repeat across samples
    (JSON strings of analyses; words and word pairs of wordings), most frequent last (zlib finds
    the nearest match first), up to :data:`DICT_SIZE` bytes. Deterministic for the same samples."""
    counts: Counter[bytes] = Counter()
    for raw in samples:
        if kind == ANALYSIS:
            counts.update(set(_JSON_TOKEN.findall(raw)))
        else:
            words = raw.split(b" ")
            counts.update({w + b" " for w in words if len(w) > 2})
            counts.update({a + b" " + b + b" " for a, b in zip(words, words[1:], strict=False)})
    size = DICT_SIZE[kind]
    # the gain of a piece is roughly its length times how many samples hold it
    ranked = sorted((k for k, v in counts.items() if v > 1), key=lambda k: (-counts[k] * (len(k) - 2), k))
    parts: list[bytes] = []
    used = 0
    for piece in ranked:
        if used + len(piece) > size:
            continue
        parts.append(piece)
        used += len(piece)
        if used >= size - 8:
            break
    return b"".join(reversed(parts))


def pack(raw: bytes, zdict: bytes) -> bytes:
    c = zlib.compressobj(LEVEL, zdict=zdict) if zdict else zlib.compressobj(LEVEL)
    return c.compress(raw) + c.flush()


def unpack(data: bytes, zdict: bytes) -> bytes:
    d = zlib.decompressobj(zdict=zdict) if zdict else zlib.decompressobj()
    return d.decompress(data) + d.flush()


_HEAD = 6
"""Bytes of a zlib header naming a preset dictionary: two header bytes, then the dictionary's id."""


class Unpacker:
    """:func:`unpack` with one dictionary, for many values: a decompressor that has read the header
    of the first value (and so loaded the dictionary) is copied for each value with the same header,
    instead of a new one loading the dictionary again (compare decodes hundreds of wordings: 2 us
    each instead of 5.5). The bytes out are :func:`unpack`'s; other values go through it."""

    def __init__(self, zdict: bytes) -> None:
        self.zdict = zdict
        self._head = b""
        self._primed: Any = None

    def __call__(self, data: bytes) -> bytes:
        if not self.zdict:
            return unpack(data, self.zdict)
        head = bytes(data[:_HEAD])
        if self._primed is None and len(head) == _HEAD:
            primed = zlib.decompressobj(zdict=self.zdict)
            primed.decompress(head)
            self._primed, self._head = primed, head
        if head != self._head:
            return unpack(data, self.zdict)
        d = self._primed.copy()
        out: bytes = d.decompress(data[_HEAD:]) + d.flush()
        return out
