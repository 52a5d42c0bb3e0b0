"""One identity per person and per side: the keys the archive stores."""

from __future__ import annotations

import pytest

from stance.identity import canonical_side, person_key


@pytest.mark.parametrize("name", ["Joseph R. Biden, Jr.", "Joe Biden", "Biden", "President Biden",
                                  "President Joseph R. Biden Jr."])
def test_one_key_for_one_american(name: str) -> None:
    assert person_key(name, "United States") == "biden|united states"


def test_the_side_must_agree() -> None:
    assert person_key("Biden", "United States") != person_key("Biden", "Ukraine")
    assert person_key("Joe Biden", "U.S.") == person_key("Joseph R. Biden, Jr.", "the United States")


def test_surname_first_only_for_people_whose_side_writes_it() -> None:
    # Chinese names: surname first, and the whole name, since one surname covers many people.
    assert person_key("Wang Yi", "China") == "wang yi|china"
    assert person_key("Wang Yi", "China") != person_key("Wang Wenbin", "China")
    assert person_key("Park Min-jun", "South Korea") == "park min-jun|south korea"
    # The same surname in an American name is a family name at the end.
    assert person_key("Sung Kim", "United States") == "kim|united states"
    assert person_key("David Park", "United States") == "park|united states"


def test_either_order_and_iberian_and_arabic_names() -> None:
    assert person_key("Kishida Fumio", "Japan") == person_key("Fumio Kishida", "Japan")
    assert person_key("Viktor Orban", "Hungary") == person_key("Orban Viktor", "Hungary")
    assert person_key("Carlos Mendoza Ruiz", "Colombia") == person_key("Carlos Mendoza", "Colombia")
    assert person_key("Mohammed bin Salman Al Saud", "Saudi Arabia") == "mohammed bin salman|saudi arabia"
    assert person_key("Mohammed bin Salman Al Saud", "Saudi Arabia") != person_key("Faisal bin Farhan Al Saud",
                                                                                  "Saudi Arabia")


def test_arabic_family_names_keep_the_given_name() -> None:
    assert person_key("Nawaf Al-Ahmad Al-Jaber Al-Sabah", "Kuwait") != person_key("Mishal Al-Ahmad Al-Jabir Al-Sabah",
                                                                                 "Kuwait")
    assert person_key("Abdel Fattah Al Sisi", "Egypt") == person_key("Abdel-Fattah El Sisi", "Egypt")


def test_accents_titles_and_empty_names() -> None:
    assert person_key("Gitanas Nausėda", "Lithuania") == person_key("Gitanas Nauseda", "Lithuania")
    assert person_key("His Excellency Sheikh", "Qatar") is None
    assert person_key("", "Qatar") is None
    assert person_key(None) is None
    assert person_key("Angela Merkel") == "merkel|"


@pytest.mark.parametrize(("form", "side"), [
    ("China", "China"), ("People's Republic of China", "China"), ("PRC", "China"), ("Beijing", "China"),
    ("Chinese", "China"), ("the Chinese side", "China"), ("U.S.", "United States"), ("Washington", "United States"),
    ("American", "United States"), ("the United States", "United States"), ("Kyiv", "Ukraine"),
    ("the Russian Federation", "Russia"), ("Moscow", "Russia"), ("the Ukrainian government", "Ukraine"),
])
def test_canonical_side_from_names_demonyms_and_capitals(form: str, side: str) -> None:
    assert canonical_side(form) == side


def test_unknown_side_is_kept_and_empty_is_none() -> None:
    assert canonical_side("  San Francisco ") == "San Francisco"
    assert canonical_side("") is None
    assert canonical_side(None) is None
