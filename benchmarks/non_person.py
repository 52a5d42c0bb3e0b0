"""The check behind "a party is a person or an organisation": a written list of non-person words.

Used by ``bench_parties.py`` and by ``tests/test_parties_corpus.py``; deliberately independent of
the rules in ``stance/parties.py`` (it must catch what those rules let through). A party name is
rejected when it is one of these words, a capital or a fragment of a country name, or a single
sentence-initial participle.
"""

from __future__ import annotations

import re

from stance.vocab import countries

# Words that have been (or could be) mistaken for a name: participles and adverbs that start a
# sentence, topic words from titles, frame words, plural nouns, disease and place words.
NON_PERSON_WORDS = frozenset([
    "After", "Ahead", "Before", "During", "Following", "Initiated", "Requested", "Answering", "According",
    "Beginning", "Speaking", "Today", "Yesterday", "Assistance", "Support", "Aid", "Security", "Trade",
    "Energy", "Climate", "Health", "Economy", "Sanctions", "Peace", "War", "Defense", "Defence", "Omicron",
    "Covid", "COVID-19", "Pandemic", "Coronavirus", "Vaccines", "Ukraine's", "Advisors", "Advisers",
    "Officials", "Leaders", "Ministers", "Delegation", "Delegations", "Transition", "Talks", "Call", "Meeting",
    "Meetings", "Conversation", "Readout", "Statement", "Remarks", "Brussels", "Geneva", "Vienna", "Sochi",
    "Davos", "Munich", "Kyiv", "Kiev", "Moscow", "Washington", "Beijing", "London", "Paris", "Berlin", "Tokyo",
    "Novo-Ogaryovo", "Kremlin", "White", "House", "Camp", "David", "Oval", "Office", "G7", "G20", "NATO", "EU",
    "UN", "Republic", "Kingdom", "Federation", "Principality", "Sultanate", "Emirate", "Commonwealth", "Grand",
    "Duchy", "State", "Government", "Islands", "Island", "Leone", "Arabia", "Emirates", "Zealand", "Africa",
    "Korea", "Guinea", "Bissau", "Herzegovina", "Tobago", "Nevis", "Verde", "Lanka", "Rica", "Salvador",
    "Marino", "Timor", "Leste", "Vincent", "Lucia", "Kitts", "Grenadines", "Principe", "Tome", "Faso",
    "Bahamas", "The", "And", "With", "Of", "For", "In", "On", "President", "Minister", "Secretary",
    "Chancellor", "Prime", "Foreign", "Deputy", "Vice", "Special",
])
_PARTICIPLE = re.compile(r"^[A-Z][a-z]{3,}(?:ed|ing)$")
_NAME_EXCEPTIONS = frozenset({"Mohammed", "Muhammed", "Ahmed", "Hamed", "Zayed", "Saeed", "Rashed", "Khaled"})


def _country_forms() -> tuple[set[str], set[str]]:
    names: set[str] = set()
    capitals: set[str] = set()
    for c in countries():
        names.update(n.removeprefix("the ").lower() for n in (*c.names, *c.demonyms))
        capitals.update(x.lower() for x in c.capitals)
    return names, capitals


_NAMES, _CAPITALS = _country_forms()


def not_a_person(name: str) -> str | None:
    """Why ``name`` cannot be a person's or organisation's name, or None when it can."""
    words = name.split()
    if not words:
        return "empty"
    low = name.lower().removeprefix("the ")
    if low in _NAMES:
        return "a country name or demonym"
    if low in _CAPITALS:
        return "a capital"
    if all(w in NON_PERSON_WORDS for w in words):
        return "non-person word(s)"
    if len(words) == 1 and _PARTICIPLE.match(name) and name not in _NAME_EXCEPTIONS:
        return "a participle"
    if words[-1].endswith(("'s", "\u2019s")):
        return "a possessive fragment"
    multi = [n for n in _NAMES if " " in n]
    if any(low.startswith(n + " ") for n in multi):
        return "starts with a multi-word country name"
    lw = {w.lower() for w in words}
    for n in multi:
        parts = set(n.split())
        if lw < parts:
            return f"a fragment of the country name {n!r}"
    return None
