"""What the speed work on analysis must not change: the same matches, and work that grows linearly.

No wall-clock limits here (benchmarks/ time things); these tests pin behaviour that a faster
implementation could get subtly wrong.
"""

from __future__ import annotations

import random
import re

import pytest

from stance.modality import _cue_regex, lexicon
from stance.wordtrie import alternation


def _plain(words: list[str], space: str | None) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", space) if space else re.escape(w) for w in ordered) + ")"


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


TEXT = ("The Minister strongly supports the plan, and the minister of trade firmly  opposes tariffs. "
        "Ministers SUPPORTED it; supportive words, supports-ish, the Minister of Trade and Industry "
        "hopes, hoped and is hopeful. Support\tfor it was strong. NOT supported, not\nsupporting. A Minister "
        "of trade spoke.")


def test_trie_matches_what_the_longest_first_alternation_matches() -> None:
    rnd = random.Random(7)
    alphabet = "abs t"
    cases = [["Minister", "minister of trade", "Minister of Trade and Industry", "the minister", "supports",
              "support", "supported", "strongly supports", "hopes", "hope", "not"]]
    for _ in range(200):
        words = {"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 6))).strip() or "a" for _ in range(12)}
        cases.append(sorted(words))
    texts = [TEXT] + ["".join(rnd.choice("abst  \tAB.") for _ in range(300)) for _ in range(20)]
    for words in cases:
        for flags in (0, re.I):
            for space in (None, r"\s+"):
                for wrap in ("{}", r"(?<![\w]){}(?![\w])", r"\b{}"):
                    plain = re.compile(wrap.format(_plain(words, space)), flags)
                    trie = re.compile(wrap.format(alternation(words, ignore_case=bool(flags), space=space)), flags)
                    for text in texts:
                        assert _spans(trie, text) == _spans(plain, text), (words, flags, space, wrap)


def test_cue_regex_is_the_lexicon_longest_first() -> None:
    rx, by_words = _cue_regex()
    cues, _ = lexicon()
    plain = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(c.words).replace(r"\ ", r"\s+") for c in cues)
                       + r")(?![\w])", re.I)
    text = " ".join(by_words) + ". " + " ".join(w.upper() for w in by_words) + " " + TEXT
    assert _spans(rx, text) == _spans(plain, text)


# ----------------------------------------------------------------------------------------------
# Work per readout grows with its length, not with its length squared

TOPICS = [
    ("trade and investment", "more trade and investment"),
    ("direct flights between the capitals", "new direct flights"),
    ("energy security and power grids", "energy security and grid links"),
    ("fisheries in the northern sea", "joint fisheries rules"),
    ("student exchanges and scholarships", "scholarships for students"),
    ("railway links across the border", "faster railway links"),
    ("flood protection along the river", "river flood protection"),
    ("digital customs procedures", "simpler digital customs"),
]


def _readout(n: int) -> str:
    """An invented readout in which both sides raise the first ``n`` topics, in their own words."""
    paras = ["Minister of Westmark Mira Castell met with Foreign Minister of Ostland Tomas Reyka in Lindau."]
    for mine, theirs in TOPICS[:n]:
        paras.append(f"Castell said that Westmark is ready to deepen {mine} and stressed that {mine} "
                     f"serve both peoples.")
        paras.append(f"Reyka said that Ostland wants {theirs} and noted that {theirs} matter to its economy.")
    return "Mira Castell Meets with Tomas Reyka\n( 2025.03.04 )\n\n" + "\n\n".join(paras) + "\n"


class _Counting:
    """A compiled pattern whose ``finditer`` calls are counted."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.calls = 0

    def finditer(self, *args: object) -> object:
        self.calls += 1
        return self.rx.finditer(*args)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self.rx, name)


def _tokenisations(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, int]:
    """(statements, passes of the content-word tokenizer, passes of the phrase-word tokenizer) for one analysis."""
    from stance import discover, pipeline, similarity
    from stance.read import parse_text

    split = pipeline.split(parse_text(text))
    with monkeypatch.context() as m:
        words = _Counting(similarity._TOKEN)
        units = _Counting(discover._ANY_WORD)
        m.setattr(similarity, "_TOKEN", words)
        m.setattr(discover, "_ANY_WORD", units)
        al = pipeline.align(split)
    assert sum(t.status in ("shared", "differ") for t in al.themes) >= 2
    return len(split.statements), words.calls, units.calls


def test_alignment_reads_each_statement_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    n4, w4, u4 = _tokenisations(_readout(4), monkeypatch)
    n8, w8, u8 = _tokenisations(_readout(8), monkeypatch)
    assert n8 >= 2 * n4 - 2
    # Each statement is tokenised a few times at most (once per distinct word filter), however many
    # themes widen over it; twice the statements is about twice the passes, not four times.
    assert w8 <= 3 * n8
    assert u8 <= n8
    assert w8 <= 2.5 * w4
    assert u8 <= 2.5 * u4


def test_the_memo_of_a_text_lives_until_the_next_text() -> None:
    from stance.textmemo import Slot, per_text

    slot: Slot[int] = []
    first = "The two sides discussed trade."
    memo = per_text(slot, first)
    memo[(0, 3)] = 1
    assert per_text(slot, first) is memo  # the same text: the same memo
    second = "".join(["The two sides ", "discussed trade."])  # equal words, another text object
    assert per_text(slot, second) == {}
    assert memo == {(0, 3): 1}  # a caller's reference stays as it was
    assert len(slot) == 1
