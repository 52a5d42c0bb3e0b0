"""What the speed work on analysis must not change: the same matches, and work that grows linearly.

No wall-clock limits here (benchmarks/ time things); these tests pin behaviour that a faster
implementation could get subtly wrong.
"""

from __future__ import annotations

import random
import re

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
