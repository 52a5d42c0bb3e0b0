"""Alternations of many phrases written as a trie: the same matches, a fraction of the time.

A lexicon regex such as ``(?:strongly opposes|strongly supports|supports|opposes|...)`` makes
Python's regex engine try every alternative, one after the other, at every place in the text.
Written as a trie (``(?:s(?:trongly\\s+(?:opposes|supports)|upports)|opposes|...)``) it tries only
the branch whose first letter is there.

The trie matches exactly what the alternation sorted longest first matches: two phrases that
match at one place end on one path of the trie (one is a prefix of the other, case folded when
the pattern ignores case), and the trie tries the longer continuation before it ends a phrase.
Where that argument does not hold (letters outside ASCII with ``ignore_case``, phrases starting
or ending with a space, other whitespace inside), the plain alternation is returned instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Node = dict[str, "_Node"]
_END = ""


def alternation(phrases: Iterable[str], *, ignore_case: bool = False, space: str | None = None) -> str:
    """A non-capturing group matching what ``(?:p1|p2|...)`` does with the phrases sorted longest first.

    ``space``, when given, is the pattern a space inside a phrase stands for (``r"\\s+"``).
    """
    words = list(phrases)
    if not words:
        return "(?:)"
    if not _trie_safe(words, ignore_case, space):
        ordered = sorted(words, key=len, reverse=True)
        return "(?:" + "|".join(_escape_phrase(w, space) for w in ordered) + ")"
    root: _Node = {}
    for w in words:
        node = root
        for ch in (w.lower() if ignore_case else w):
            node = node.setdefault(ch, {})
        node[_END] = {}
    return "(?:" + _emit(root, space) + ")"


def _escape_phrase(w: str, space: str | None) -> str:
    return "".join(space if ch == " " and space is not None else re.escape(ch) for ch in w)


def _trie_safe(words: list[str], ignore_case: bool, space: str | None) -> bool:
    for w in words:
        if not w:
            return False
        if ignore_case and not w.isascii():
            return False
        if space is not None and (w[0] == " " or w[-1] == " " or "  " in w
                                  or any(c.isspace() and c != " " for c in w)):
            return False
    return True


def _emit(node: _Node, space: str | None) -> str:
    alts = []
    for ch in sorted(k for k in node if k != _END):
        head = space if ch == " " and space is not None else re.escape(ch)
        alts.append(head + _emit(node[ch], space))
    if not alts:
        return ""
    if len(alts) > 1:
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if _END in node else body
    # Longer continuations first (a greedy "?"), then the phrase that ends here.
    return "(?:" + alts[0] + ")?" if _END in node else alts[0]
