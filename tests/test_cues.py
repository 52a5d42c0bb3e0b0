"""The reporting-verb lexicon: lemmas with particles, inflected from the data file."""

from __future__ import annotations

from stance.cues import find_verbs, inflect


def test_inflect_regular_irregular_and_phrasal() -> None:
    irregular = {"set": ["set", "set"], "draw": ["drew", "drawn"]}
    assert inflect("set out", irregular) == ["set out", "sets out", "has set out", "have set out"]
    assert inflect("draw attention to", irregular)[:2] == ["drew attention to", "draws attention to"]
    assert inflect("underline", {})[:2] == ["underlined", "underlines"]
    assert inflect("vow", {})[:2] == ["vowed", "vows"]
    assert inflect("apply", {})[:2] == ["applied", "applies"]
    assert inflect("stress", {})[:2] == ["stressed", "stresses"]


def test_phrasal_verbs_are_found_with_their_lemma() -> None:
    text = "The minister set out his view and later put forth a plan; the envoy spelled out the terms."
    found = [(v.lemma, text[v.span.start : v.span.end]) for v in find_verbs(text, 0)]
    assert ("inform", "set out") in found
    assert ("inform", "put forth") in found
    assert ("inform", "spelled out") in found
    assert all(not v.framing for v in find_verbs(text, 0))


def test_framing_verbs_are_marked() -> None:
    text = "The Secretary dropped in on the talks."
    (verb,) = find_verbs(text, 0)
    assert verb.framing
