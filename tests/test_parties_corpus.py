"""Party detection over every readout of ../shared/corpus (skipped when it is absent).

A party is a person or an organisation: the check is the written list of non-person words in
``benchmarks/non_person.py`` (participles, topic words, cities, country fragments), shared with
``benchmarks/bench_parties.py``, which prints the same counts with examples.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import cast

import pytest
from conftest import ROOT, need_corpus

from stance import pipeline
from stance.identity import canonical_side
from stance.model import Split
from stance.read import read_file

pytestmark = pytest.mark.corpus


def _not_a_person() -> Callable[[str], str | None]:
    spec = importlib.util.spec_from_file_location("non_person", ROOT / "benchmarks" / "non_person.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return cast(Callable[[str], "str | None"], module.not_a_person)


@pytest.fixture(scope="module")
def splits() -> list[Split]:
    corpus = need_corpus()
    return [pipeline.split(read_file(f)[0]) for f in sorted(corpus.glob("*/*.txt"))]


def test_the_checker_catches_the_words_it_lists() -> None:
    check = _not_a_person()
    for word in ("After", "Brussels", "Omicron", "Advisors", "Support", "Initiated", "New Zealand", "Arabia",
                 "Assistance"):
        assert check(word), word
    for name in ("Liu Jianchao", "London Nicole Breed", "Mohammed bin Zayed", "Sung Kim", "Hun Sen"):
        assert check(name) is None, name


def test_every_party_and_member_is_a_person_or_an_organisation(splits: list[Split]) -> None:
    check = _not_a_person()
    bad = [(sp.readout.path, name, why) for sp in splits for p in sp.parties for name in (p.name, *p.members)
           if (why := check(name))]
    assert len(splits) > 1000
    assert bad == []


def test_every_principal_has_a_side(splits: list[Split]) -> None:
    missing = [sp.readout.path for sp in splits
               if not any(p.role == "principal" and p.side for p in sp.parties)]
    assert missing == []


def test_both_parties_on_one_side_only_when_the_tool_says_so(splits: list[Split]) -> None:
    """An intra-side meeting is possible (a President and a governor); the counterpart then carries a note."""
    same = []
    for sp in splits:
        pr = next((p for p in sp.parties if p.role == "principal"), None)
        co = next((p for p in sp.parties if p.role == "counterpart"), None)
        if pr and co and pr.side and canonical_side(pr.side) == canonical_side(co.side):
            same.append((sp.readout.path, co.notes))
    assert all(any("intra-side" in n for n in notes) for _, notes in same), same
    assert len(same) <= 3
