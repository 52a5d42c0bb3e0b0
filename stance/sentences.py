"""Sentences and the people named in them: the lowest layer under parties and attribution.

``sentences`` cuts a paragraph into sentence spans (surviving "U.S.", "Mr.", initials);
``people_in`` finds the people a phrase names, with the office words around each name.
Both :mod:`stance.parties` (who met whom) and :mod:`stance.attribute` (who said what) use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from stance.model import Span
from stance.vocab import Country, countries, country_index, country_regex, titles
from stance.wordtrie import alternation

# --------------------------------------------------------------------------------------------
# Sentences

ABBREVIATIONS = frozenset(
    [
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "messrs", "prof", "gen", "lt", "col", "maj", "capt", "adm",
        "sgt", "gov", "sen", "rep", "amb", "min", "hon", "rev", "fr", "no", "nos", "vol", "art", "para", "sec",
        "dept", "est", "approx", "vs", "etc", "e.g", "i.e", "inc", "co", "corp", "ltd", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "op", "p", "pp", "fig"
    ]
)
SENTENCE_STARTERS = frozenset(
    [
        "The", "They", "He", "She", "It", "We", "This", "These", "Those", "In", "On", "At", "During", "Also", "And",
        "But", "However", "Both", "Today", "President", "Secretary", "Prime", "Minister", "Foreign", "Vice", "Mr",
        "Ms", "Mrs", "Dr", "As", "After", "Before", "Following"
    ]
)
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+)|[.!?]+[\"\u201d](?=[A-Z])|:(?=\s*\n)")


_NEXT_WORD = re.compile(r"\s*([\"'\u201c\u2018(]?)(\S+)")
_LAST_WORD = re.compile(r"([\w.\-]+)$")
_INITIAL = re.compile(r"[A-Z]")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ATTRIBUTE_BEFORE = re.compile(r"\b(?:with|between|in|of|for|to|by|from|a|an|new|former|then|late|incoming|outgoing|"
                               r"senior|top)\s+$")


def sentences(text: str, within: Span) -> list[Span]:
    """Sentence spans inside ``within`` (trimmed), surviving "U.S.", "Mr.", "Jan.", "No. 1", "J."."""
    return list(iter_sentences(text, within))


def iter_sentences(text: str, within: Span) -> Iterator[Span]:
    """The spans of :func:`sentences`, one at a time: a caller that needs the first few stops early."""
    start = within.start
    for m in _BOUNDARY.finditer(text, within.start, within.end):
        end = m.end()
        nxt = _NEXT_WORD.match(text[end : min(within.end, end + 40)])
        if not nxt:
            continue
        nxt_word = nxt.group(2)
        if m.group(0).startswith(":"):
            if (sp := _trimmed(text, start, end)) is not None:
                yield sp
                start = end
            continue
        if not (nxt_word[:1].isupper() or nxt_word[:1].isdigit() or nxt.group(1)):
            continue
        before = text[max(within.start, m.start() - 12) : m.start()]
        word = _LAST_WORD.search(before)
        w = word.group(1) if word else ""
        if m.group(0).startswith(".") and w:
            lw = w.lower()
            if lw in ABBREVIATIONS or lw.rstrip(".") in ABBREVIATIONS:
                # "No. 1", "Mr. Sullivan", "Jan. 6": an abbreviation, not an end.
                continue
            if _INITIAL.fullmatch(w):  # an initial: "Antony J. Blinken"
                continue
            if _DOTTED.fullmatch(w.rsplit("-", 1)[-1]) and (
                    "-" in w or _ATTRIBUTE_BEFORE.search(
                                          text[max(within.start, m.start() - len(w) - 10) : m.start() - len(w)])):
                # "the Mekong-U.S. Partnership", "a call with U.S. Secretary of State ...": the abbreviation
                # is an attribute inside a noun phrase, which no sentence ends with.
                continue
            if _DOTTED.fullmatch(w) and nxt_word.rstrip(",.;:") not in SENTENCE_STARTERS \
                    and w not in ("D.C", "D.C.", "Jr"):
                # "U.S. Government", "D.C. area": an abbreviation inside a sentence
                continue
        if (sp := _trimmed(text, start, end)) is not None:
            yield sp
            start = end
    if (sp := _trimmed(text, start, within.end)) is not None:
        yield sp


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """``start``..``end`` without the spaces at either end (None when nothing is left)."""
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(s, e) if e > s else None


def _keep(out: list[Span], text: str, start: int, end: int) -> bool:
    sp = _trimmed(text, start, end)
    if sp is None:
        return False
    out.append(sp)
    return True



# --------------------------------------------------------------------------------------------
# People named in a phrase

ORG_WORDS = frozenset(
    [
        "Administration", "Department", "Committee", "Ministry", "Council", "Commission", "Office", "Agency",
        "Affairs", "Security", "Defense", "Defence", "Federal", "National", "State", "Republic", "Kingdom",
        "Federation", "Union", "Organization", "Organisation", "People's", "Peoples", "Central", "Party",
        "International", "Foreign", "Government", "Cabinet", "Parliament", "Assembly", "House", "Senate",
        "Congress", "Representatives", "Bank", "Fund", "Court", "Emirate", "Emirates", "Confederation",
        "Principality", "Sultanate", "Islamic", "Democratic", "Socialist", "Arab", "United", "Nations",
        "Presidential", "Executive", "General", "Supreme", "Joint", "Staff", "Chiefs", "Forces", "Armed", "Army",
        "Navy", "Air", "Force", "Services", "Service", "Board", "Authority", "Bureau", "Directorate", "Region",
        "Regional", "Province", "Provincial", "City", "Municipal", "Municipality", "County", "Mayor's", "Union's",
        "Health", "World", "Trade", "Economic", "Development", "Cooperation", "Co-operation", "Commerce", "Finance",
        "Treasury", "Energy", "Justice", "Interior", "Homeland", "Intelligence", "Operations", "Policy",
        "Relations", "Strategic", "Strategy", "Coordination", "Communications", "Olympic", "Apostolic", "See",
        "Holy", "Vatican", "Kremlin", "White", "Palace", "Head", "Heads", "Chairman", "Chairperson", "Chair",
        "Partnership", "Charter", "Dialogue", "Forum", "Summit", "Conference", "Group", "Initiative", "Program",
        "Programme", "Treaty", "Agreement", "Format", "Mechanism", "Consultations", "Middle", "East", "West",
        "North", "South", "Eastern", "Western", "Northern", "Southern", "Africa", "Asia", "Europe", "Pacific",
        "Indo-Pacific", "Arctic", "Atlantic", "Caribbean", "Gulf", "Balkans", "Caucasus", "Sahel", "Mediterranean",
        "Americas", "Hemisphere", "Grand", "Duchy", "Ministerial", "Legislative",
        "Knesset", "Duma", "Rada", "Verkhovna", "Majlis"
    ]
)

STOP_CAPS = frozenset(
    [
        "The", "A", "An", "In", "On", "At", "During", "Today", "Yesterday", "This", "That", "These", "Those",
        "Readout", "Statement", "Telephone", "Phone", "Call", "Conversation", "Meeting", "Meets", "Met", "Talks",
        "Visit", "And", "But", "Also", "Following", "Below", "Above", "Video", "Joint", "January", "February",
        "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Beijing", "Spokesperson",
        # Words that open a sentence before its subject ("After the summit, X and Y ...").
        "After", "Ahead", "Before", "According", "Amid", "Upon", "Prior", "Since", "Despite", "Given", "Under",
        "Within", "Through", "Throughout", "Earlier", "Later", "Last", "Next", "Then", "Moreover", "However",
        "Beginning", "Senior", "Officials", "Administration", "Led", "Headed", "Chaired", "Hosted",
    ]
)


@dataclass(frozen=True, slots=True)
class Person:
    """One person named in a title or lead, with the office words around the name."""

    name: str
    title: str | None
    side: str | None
    organisation: str | None


@cache
def office_words() -> frozenset[str]:
    words: set[str] = set()
    for office in titles()["offices"]:
        words.update(w for w in re.split(r"[\s\-]+", office) if w[:1].isupper())
        words.update(w for w in office.split() if w[:1].isupper())
    for h in titles()["honorifics"]:
        # "Sen." keeps its dot ("Hun Sen" is a name); "Mr" is listed bare where it is written bare.
        words.update(w for w in h.split() if w[:1].isupper())
    return frozenset(words)


@cache
def name_particles() -> frozenset[str]:
    return frozenset(titles()["particles"])


@cache
def _offices_by_length() -> tuple[str, ...]:
    return tuple(sorted(titles()["offices"], key=len, reverse=True))


@cache
def office_regex() -> re.Pattern[str]:
    """Any office, longest first, word-bounded."""
    return re.compile(r"(?<![\w])" + alternation(_offices_by_length()) + r"(?![\w])")


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[a-z]{1,3}-[A-Z][\w'\u2019\-]*|[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019\-]*\.?|"
                    r"[a-z\u00df-\u00ff][\w'\u2019\-]*|\(|\)|,|&")


def _country_in(text: str) -> Country | None:
    m = country_regex().search(text)
    if not m:
        return None
    return country_index().get(m.group(0).lower())


@cache
def _country_words() -> frozenset[str]:
    """Country names and demonyms (not capitals: "London Breed" is a name)."""
    return frozenset(f.lower().removeprefix("the ") for c in countries() for f in (*c.names, *c.demonyms))


@cache
def _is_name_token(tok: str) -> bool:
    bare = re.sub(r"[\u2019']s$", "", tok.rstrip("."))  # "Russia's" is Russia
    if bare in STOP_CAPS or bare in office_words() or tok in office_words() or bare in ORG_WORDS or tok in ORG_WORDS:
        return False
    if bare.isupper() and len(bare) > 1 and "." not in tok:  # acronyms: IDCPC, NATO
        return False
    if re.fullmatch(r"(?:[A-Z]\.){2,}", tok):  # U.S., U.K.
        return False
    if tok.lower() in _country_words() or bare.lower() in _country_words():
        return False
    if bare.endswith("s") and (bare[:-1] in office_words() or bare[:-1] in ORG_WORDS):
        return False  # "the National Security Advisors of ...": an office in the plural
    return bool(re.match(r"[A-Z\u00c0-\u00de]|[a-z]{1,3}-[A-Z]", tok))


_FRONT_WORDS = frozenset({"Having", "Being", "When", "While", "Whilst", "Upon", "Once", "If", "Although", "Though",
                          "Since", "Unless", "Whereas", "Asked", "Noting", "Recalling", "Welcoming", "Citing"})
_OBJECT_PREP = frozenset({"of", "for", "in", "at", "on"})
_GROUP_NOUNS = frozenset({"countries", "states", "nations", "members", "partners", "governments", "leaders",
                          "economies", "allies"})
_PARTICIPLE = re.compile(r"[A-Z][a-z]{3,}(?:ed|ing)")
_POSSESSIVE_BODY = re.compile(r"[^,;]{0,60}?\b(?:Delegation|Team|Office|Staff|Group)\b[^,;]{0,30},?\s+"
                              r"(?:led|headed)\s+by\b")


@cache
def _capitals() -> frozenset[str]:
    return frozenset(x for c in countries() for x in c.capitals)


@cache
def _multiword_capitals() -> re.Pattern[str]:
    caps = sorted((c for c in _capitals() if " " in c), key=len, reverse=True)
    return re.compile(r"(?<!\w)" + alternation(caps) + r"(?!\w)")


def _capital_in(text: str) -> Country | None:
    m = _multiword_capitals().search(text)
    if m:
        return country_index().get(m.group(0).lower())
    return next((country_index()[w.lower()] for w in re.findall(r"[A-Z][\w\-]+", text) if w in _capitals()), None)


@cache
def _multiword_places() -> re.Pattern[str]:
    """Country names, demonyms and capitals of more than one word, longest first."""
    forms = {f.removeprefix("the ") for c in countries() for f in (*c.names, *c.demonyms, *c.capitals)}
    multi = sorted((f for f in forms if " " in f), key=len, reverse=True)
    return re.compile(r"(?<![\w.])" + alternation(multi) + r"(?![\w])")


def _place_tokens(phrase: str, toks: list[tuple[str, int, int]]) -> set[int]:
    """Tokens inside a multi-word country name, demonym or capital ("New Zealand", "Abu Dhabi")."""
    covered: set[int] = set()
    if " " not in phrase:
        return covered
    spans = [(m.start(), m.end()) for m in _multiword_places().finditer(phrase)]
    if spans:
        for k, (_, a, b) in enumerate(toks):
            if any(s <= a and b <= e for s, e in spans):
                covered.add(k)
    return covered


def _last_two_names(toks: list[tuple[str, int, int]], run: list[int]) -> list[int]:
    """The last two name words of a run, with any initials between them ("Brian P. McKeon")."""
    seen = 0
    for n in range(len(run) - 1, -1, -1):
        if len(toks[run[n]][0].rstrip(".")) >= 2:
            seen += 1
            if seen == 2:
                return run[n:]
    return run


def _office_then_name(toks: list[tuple[str, int, int]], j: int, single: bool) -> bool:
    """True when office words start at token ``j`` and (for a run of two words) a name follows them."""
    k = j
    while k < len(toks) and (toks[k][0].rstrip(".") in office_words() or toks[k][0] in office_words()
                             or (k > j and toks[k][0] in ("of", "the", "for", "and"))):
        k += 1
    if k == j:
        return False
    return single or k >= len(toks) or _is_name_token(toks[k][0])


_SPACES = re.compile(r"\s+")
_GLUED_LINK = re.compile(r"\b(of|the|and)(?=[A-Z][a-z])")
_POSSESSIVE_S = re.compile(r"[\u2019']s$")
_JR = re.compile(r",?\s*Jr\.?$")
_SEG_LEAD = re.compile(r"^[\s,;]*(?:and|as well as|with)?\s+")
_APPOSITIVE = re.compile(r"\s*,\s*(?:the\s+)?([^,;()]+?)(?:\s*\(|,|;|$| and | to | in | at | on )")
_TITLE_LEAD = re.compile(r"^(?:the|The|and|with)\s+")
_OF_ORGANISATION = re.compile(r"\bof (?:the )?((?:[A-Z][\w'\-]*\.?\s?)+(?:of (?:the )?(?:[A-Z][\w'\-]*\s?)+)*)")


def people_in(phrase: str, *, describe: bool = True) -> list[Person]:
    """People named in a phrase (see :func:`_people_in`); the same phrase is read once."""
    return list(_people_in(phrase, describe))


def clear_caches() -> None:
    """Forget the phrases read so far (benchmarks time cold runs)."""
    _people_in.cache_clear()


def _portfolio_before(toks: list[tuple[str, int, int]], and_at: int) -> bool:
    """True when the words before the "and" at ``and_at`` are the capitalised items of an office's
    object, back to its "of"/"for" ("of Commerce, Trade and ...")."""
    k = and_at - 1
    seen = False
    while k >= 0 and (toks[k][0] == "," or toks[k][0][:1].isupper()):
        seen = seen or toks[k][0] != ","
        k -= 1
    if k >= 1 and toks[k][0] == "the":
        k -= 1
    return seen and k >= 0 and toks[k][0] in _OBJECT_PREP


@lru_cache(maxsize=8192)
def _people_in(phrase: str, describe: bool) -> tuple[Person, ...]:
    """People named in a phrase like "Head of Administration Andriy Yermak and Foreign Minister ...".

    A person is a run of capitalised tokens that are not office, organisation or country words
    (name particles such as "bin", "von der" may stand inside). A run right after "of" names the
    office's organisation, not a person. Never a person: a multi-word country name or capital
    ("New Zealand", "Abu Dhabi"), a capital alone ("Brussels"), a participle opening a clause
    ("Initiated by ..."), the possessor of a delegation led by someone else.
    """
    phrase = _SPACES.sub(" ", phrase.replace("\u00a0", " "))
    phrase = _GLUED_LINK.sub(r"\1 ", phrase)  # "ofLuxembourg"
    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(phrase)]
    places = _place_tokens(phrase, toks)
    people: list[Person] = []
    prev_end = 0
    portfolio_end = -2  # token after the last run read as an office's object ("for Management")
    i = 0
    while i < len(toks):
        tok = toks[i][0]
        if _is_name_token(tok) and i not in places:
            j = i
            run: list[int] = []
            possessive = False
            while j < len(toks):
                t = toks[j][0]
                if j in places:
                    break
                if _is_name_token(t) or (run and t in name_particles() and j + 1 < len(toks)
                                         and (_is_name_token(toks[j + 1][0]) or toks[j + 1][0] in name_particles())):
                    run.append(j)
                    j += 1
                    if t.endswith(("'s", "\u2019s")):
                        possessive = True
                        break
                elif run and (t.startswith("Jr") or (t == "," and j + 1 < len(toks)
                                                    and toks[j + 1][0].startswith("Jr"))):
                    j += 1
                else:
                    break
            while run and toks[run[-1]][0] in name_particles():
                run.pop()
            prev = toks[i - 1][0] if i > 0 else ""
            prev2 = toks[i - 2][0] if i > 1 else ""
            # A run after "of/for/in/at/on" is an office's object ("Envoy on Sexual Violence"), not a person.
            after_of = prev in _OBJECT_PREP or (prev == "the" and prev2 in _OBJECT_PREP) \
                or (prev == "and" and portfolio_end == i - 1)  # "for Management and Resources Brian P. McKeon"
            nxt = toks[j][0] if j < len(toks) else ""
            if not after_of and prev in ORG_WORDS and prev2 == "the" and i > 2 and toks[i - 3][0] in _OBJECT_PREP \
                    and nxt == "of":
                after_of = True  # "Speaker of the State Great Khural of Mongolia X": the body's name goes on
            if len(run) == 1 and prev2.lower() not in _country_words() and (
                    (prev == "," and nxt in (",", "and") and _portfolio_before(toks, i))
                    or (prev == "and" and nxt == "of" and not _is_name_token(prev2)
                        and _portfolio_before(toks, i - 1))):
                # "of Agriculture, Water and Land Reform", "of Foreign Affairs and Expatriates of Jordan":
                # one item of the office's list
                after_of = True
            if run and not any(len(toks[k][0].rstrip(".")) >= 2 for k in run):
                run = []  # initials alone ("U. S.") are not a person
            if run and len(run) <= 2 and _office_then_name(toks, j, len(run) == 1):
                run = []  # "Westland Foreign Minister X", "... Climate Action State Secretary X": not a person
            if run and prev == "the" and nxt in _GROUP_NOUNS:
                run = []  # "the Associated Trio countries", "the Visegrad Group states": a group of sides
            if len(run) == 1 and (nxt in ORG_WORDS or nxt.lower() in _country_words()):
                run = []  # "Palestinian Liberation Organization", "New Mexico": part of a body or place name
            if len(run) == 1 and toks[run[0]][0] in _FRONT_WORDS:
                run = []  # "Having noted ...", "When asked about ...": a fronted clause, not a person
            if len(run) == 1 and (toks[run[0]][0] in _capitals() or (
                    _PARTICIPLE.fullmatch(toks[run[0]][0]) and (nxt in ("by", ",", "") or nxt[:1].islower()))):
                run = []  # "Brussels", "Initiated by the ... side": a place or a participle
            if possessive and run and (_POSSESSIVE_BODY.match(phrase, toks[run[-1]][2])
                                       or _office_then_name(toks, j, False)):
                # "X's Transition Delegation, led by Y", "X's Head of Cabinet Y": Y is the party
                run = []
                while j < len(toks) and (toks[j][0][:1].isupper() or toks[j][0] == "-"):
                    j += 1
            if run and _acronym_after(phrase, [toks[k][0] for k in run], toks[run[-1]][2]):
                run = []  # "Chama Cha Mapinduzi (CCM)": a body with its acronym, not a person
            if run and not after_of and prev == "and" and len(run) >= 3 and _portfolio_before(toks, i - 1):
                run = run[1:]  # "Minister of Commerce, Trade and Industry Ingrid Solheim Aasen": an item, then the name
            if run and after_of and len(run) >= 3 and (j >= len(toks) or toks[j][0] in (",", "and", "(")):
                # "President of Vostokia Timur Aliev": an unknown place, then the person; "Crown Prince
                # of Qadira Hamad bin Khalid Al Rashid": the name starts before its first particle.
                part = next((n for n, k in enumerate(run) if n >= 2 and toks[k][0] in name_particles()), None)
                run = run[part - 1 :] if part is not None else _last_two_names(toks, run)
                after_of = False
            if run and after_of:
                portfolio_end = run[-1] + 1
            if run and not after_of:
                name = phrase[toks[run[0]][1] : toks[run[-1]][2]].rstrip(".,\u2019'")
                name = _POSSESSIVE_S.sub("", name)
                name = _JR.sub("", name).strip()
                if name and not (len(run) == 1 and len(name) < 3):
                    people.append(_describe(name, phrase, toks[run[0]][1], toks[run[-1]][2], prev_end)
                                  if describe else Person(name=name, title=None, side=None, organisation=None))
                    prev_end = toks[run[-1]][2]
            i = max(j, i + 1)
        else:
            i += 1
    return tuple(people)


_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z]{2,8})\)")


def _acronym_after(phrase: str, words: list[str], end: int) -> bool:
    """True when the run of ``words`` is followed by its own initials in brackets: a body's name."""
    m = _ACRONYM_AFTER.match(phrase, end)
    if not m:
        return False
    initials = "".join(w[0] for w in words if w[:1].isupper())
    return len(words) >= 2 and m.group(1).startswith(initials[:2]) and len(m.group(1)) >= len(words) - 1


_OBJECT_OF_OFFICE = re.compile(r"\b(?:for|with|on)\s+.*?(?=\s+(?:of|in|to)\s+|$)")


_DELEGATION_OF = re.compile(r"\bdelegation\s+(?:of|from)\s+(?:the\s+)?([^,;]{3,120}?)\s*(?:\([^)]*\)\s*)?"
                            r"(?:of\s+[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*\s*)?,?\s+(?:led|headed)\s+by\s*$")


_LOWER_LINK = re.compile(r"(?<![\w'\u2019-])[a-z][\w\-]*")
_LINK_WORDS = frozenset({"of", "the", "and", "for", "to", "on", "in"})


_SECOND_HAT = re.compile(r"(?:\s+of\s+[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)?\s*,\s*(?:the\s+)?(?:current\s+|incoming\s+)?"
                         r"(?:Chair|Chairman|Chairperson|Chairwoman|President|Head|Secretary[- ]General)"
                         r"(?:-in-Office)?\s+of\s+(?:the\s+)?([^,;()]{3,80})")


def _describe(name: str, phrase: str, start: int, end: int, prev_end: int = 0) -> Person:
    """Title, side and organisation from the words around a name in its phrase."""
    before = phrase[prev_end:start]
    # The title is the office phrase between the previous person and this name ("Minister for
    # Foreign Affairs and Defence" keeps its "and"), or an appositive after it ("London Nicole
    # Breed, Mayor of San Francisco").
    seg = _SEG_LEAD.sub("", before).strip(" ,;")
    after = phrase[end:]
    app = _APPOSITIVE.match(after)
    title: str | None = None
    for cand in (seg, app.group(1) if app else ""):
        if office_regex().search(cand):
            title = cand.strip()
            break
    if title is None and app and app.group(1)[:1].islower():
        # a news agency writes the office after the name in lower case ("Nurlan Asanaliev, speaker of the
        # Jogorku Kenesh"): the office as it is written before a name
        up = _LOWER_LINK.sub(lambda m: m.group(0) if m.group(0) in _LINK_WORDS else m.group(0).capitalize(),
                             app.group(1).strip())
        if office_regex().match(up):
            title = up
    if title is None and seg:
        title = seg or None
    if title:
        title = _TITLE_LEAD.sub("", title).strip(" ,.;:") or None
    org: str | None = None
    of_m = _OF_ORGANISATION.search(
                     (title or "") + " " + after[:80])
    if of_m:
        org = of_m.group(1).strip().rstrip(".,;:")
    # A place named as the object of the office ("Special Envoy for Syria", "Chair of the Friendship
    # Group with Ukraine in the ... Parliament") is not the person's side.
    own = _OBJECT_OF_OFFICE.sub(" ", title or "")
    country = _country_in(f"{own} {after[:60]}") if own.strip() or not title else _country_in(after[:60])
    if country is None and org and not _OBJECT_OF_OFFICE.search(title or ""):
        country = _country_in(org)
    if country is None and own.strip():
        country = _capital_in(own)  # "Abu Dhabi Crown Prince": a capital names its country
    if country is None and title:
        known = titles().get("office_sides", {})
        office = next((o for o in known if re.search(r"(?<!\w)" + re.escape(o) + r"(?!\w)", f"{title} {name}")), None)
        country = country_index().get(known[office].lower()) if office else None  # "Pope" -> Holy See
    if country is None and (deleg := _DELEGATION_OF.search(before)):
        country = _country_in(deleg.group(0))  # "a delegation of the Lao People's ... Party led by X"
    side = country.name if country else None
    # A second hat ("Prime Minister X of Barbados, Chair of the Caribbean Community"): the side
    # stays the country; the other body becomes the organisation, so its name is an alias too.
    hat = _SECOND_HAT.match(after)
    if hat and country is not None and (other := _country_in(hat.group(1))) and other.name != country.name:
        org = other.name
    return Person(name=name, title=title, side=side, organisation=org)


# --------------------------------------------------------------------------------------------
# Transcript speaker labels ("President of Russia Vladimir Putin: Mr President, ...")

_LABEL_TAIL = re.compile(r"((?:[A-Z]\.|[A-Z][\w'\u2019\-]*)\s*(?:(?:[A-Z]\.|[A-Z][\w'\u2019\-]*|of|the|and)\s*){1,20}"
                         r"(?:\([a-z ]{3,30}\))?)\s*$")
_LABEL_COLON = re.compile(r":(?=\s+[\"\u201c<A-Z\u2026]|\s*$)")


def speaker_labels(text: str, within: Span) -> list[Span]:
    """Transcript speaker labels inside ``within``: the words before a colon that name a speaker.

    A label is a run of capitalised words (with "of", "the", "and" inside, and an optional
    "(retranslated)") that ends at a colon followed by speech, and names a person. It may stand
    on its own line, run on after the previous turn, or be glued to a heading ("... talks
    President of Russia Vladimir Putin:"). The span runs from the label's first word to the colon.
    """
    out: list[Span] = []
    chunk = text[within.start : within.end]
    for m in _LABEL_COLON.finditer(chunk):
        head = chunk[max(0, m.start() - 200) : m.start()]
        t = _LABEL_TAIL.search(head)
        if not t:
            continue
        label = t.group(1)
        start = within.start + m.start() - len(head) + t.start(1)
        # The run must begin a sentence or follow a lower-case word (a heading before it).
        before = text[max(within.start, start - 12) : start].strip()
        if before and before[-1] not in ".!?\u2026>\"\u201d" and not before[-1].islower():
            continue
        if re.search(r"\b(?:to|by|from|of|with|and|for|the|a)$", before):
            continue  # "attributable to Spokesperson X:": an attribution line, not a turn
        if not people_in(re.sub(r"\([^)]*\)", " ", label), describe=False):
            continue
        out.append(Span(start, within.start + m.end()))
    return out


def cut(text: str, spans: list[Span], points: list[int]) -> list[Span]:
    """``spans`` cut at every point strictly inside one of them (whitespace trimmed)."""
    if not points:
        return spans
    out: list[Span] = []
    for sp in spans:
        inner = sorted(p for p in set(points) if sp.start < p < sp.end)
        edges = [sp.start, *inner, sp.end]
        for a, b in zip(edges, edges[1:], strict=False):
            _keep(out, text, a, b)
    return out
