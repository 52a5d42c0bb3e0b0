"""Who met whom: the two sides of a readout, their names, titles, sides and alias tables.

The lead sentence ("X met here today with Y", "X had a telephone conversation with Y") gives
full names; the title ("X Meets with Y", "Readout of X's Call with Y", "Telephone conversation
with Y") fills what the lead lacks. The principal is the publishing government's official.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from stance.model import Party, Readout, Span
from stance.vocab import Country, countries, country_index, country_regex, titles

# Publishers whose readouts speak for a known side (used when the principal's title names none).
PUBLISHER_SIDES = {
    "whitehouse": "United States",
    "state": "United States",
    "kremlin": "Russia",
    "ukraine": "Ukraine",
    "idcpc": "China",
    "mfa": "China",
}

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
        "Americas", "Hemisphere", "Ministerial", "Legislative", "Knesset", "Duma", "Rada", "Verkhovna", "Majlis"
    ]
)

STOP_CAPS = frozenset(
    [
        "The", "A", "An", "In", "On", "At", "During", "Today", "Yesterday", "This", "That", "These", "Those",
        "Readout", "Statement", "Telephone", "Phone", "Call", "Conversation", "Meeting", "Meets", "Met", "Talks",
        "Visit", "And", "But", "Also", "Following", "Below", "Above", "Video", "Joint", "January", "February",
        "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Beijing", "Spokesperson"
    ]
)

CHINESE_SURNAMES = frozenset(
    [
        "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu",
        "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie", "Han", "Tang", "Feng", "Yu",
        "Dong", "Xiao", "Cheng", "Cao", "Yuan", "Deng", "Fu", "Shen", "Zeng", "Peng", "Lu", "Su", "Jiang", "Cai",
        "Jia", "Ding", "Wei", "Xue", "Ye", "Yan", "Pan", "Du", "Dai", "Xia", "Zhong", "Tian", "Ren", "Jiang", "Fan",
        "Fang", "Shi", "Yao", "Tan", "Liao", "Zou", "Xiong", "Jin", "Qin", "Qiu", "Hou", "Bai", "Meng", "Qi",
        "Kong", "Mao", "Xi", "Le", "Ding"
    ]
)
EAST_ASIAN_SIDES = frozenset({"China", "Vietnam", "Viet Nam", "South Korea", "North Korea", "Republic of Korea",
                              "Taiwan", "Hong Kong", "Macao", "Singapore", "Mongolia", "Cambodia"})

LEADER_TITLES = (r"\b(?:President|Prime Minister|Chancellor|King|Queen|Emir|Amir|Sultan|Crown Prince|Premier|Pope|"
                 r"Leader|General Secretary|Taoiseach|Head of State|Governor-General)\b")

# "X met/spoke/had a call ... with Y": the verbs that join the two sides in a lead sentence.
_MEET = (
    r"(?:met|meets|meet|spoke|speaks|talked|talks|held|holds|had|has had|hosted|hosts|received|receives|"
    r"called|calls|conversed|conferred|visited|welcomed|convened|joined)"
)
_LEAD = re.compile(
    r"(?P<a>(?:[^.;:]|(?<=\b[A-Z])\.|(?<=\bJr)\.)*?)\s+" + _MEET + r"\b(?P<mid>[^.;]{0,80}?)\bwith\s+(?P<b>[^;]+)",
)
_DURING = re.compile(
    r"^(?:During|At|In|On the sidelines of|In the course of)\s+(?:a|an|the|his|her|their)?\s*(?:[\w\-]+\s+){0,3}?"
    r"(?:meeting|talks|conversation|call|phone call|telephone conversation|visit|bilateral)\s+with\s+"
    r"(?P<b>.+?),\s+(?P<a>[^,]+?)\s+(?:[a-z]+ed|said|told|spoke|met|held)\b"
)
_TITLE = [
    re.compile(r"^(?:Readout of |Statement (?:by|from) [^\u2019']+? on )?(?P<a>.+?)[\u2019']s?\s*"
               r"(?:Bilateral |Virtual |Video |Telephone |Phone )?(?:Meeting|Call|Calls|Conversation|"
               r"Phone Call|Telephone Call|Talks|Visit|Video Call|Videoconference)\s+[Ww]ith\s+(?P<b>.+)$"),
    # "Readout of President Joseph R. Biden, Jr. Call with ...": no possessive, but the prefix says it.
    re.compile(r"^(?:Readout of |Statement (?:by|from) [^\u2019']+? on )(?P<a>.+?)\s+"
               r"(?:Bilateral |Virtual |Video |Telephone |Phone )?(?:Meeting|Call|Calls|Conversation|"
               r"Phone Call|Telephone Call|Talks|Video Call|Videoconference)\s+[Ww]ith\s+(?P<b>.+)$"),
    re.compile(r"^(?:Readout of |Readout: )?(?P<a>.+?)\s+(?:Meets|Met|Meeting|Speaks|Spoke|Talks|Talked|Holds Talks|"
               r"Held Talks|Has a Phone Call|Had a Phone Call|Has Phone Call|Holds Phone Call|Had Telephone Talks|"
               r"Holds Video Call|Calls|Called|Hosts|Hosted|Receives|Received|Converses|Confers|had a "
               r"(?:phone|telephone) (?:call|conversation)|held talks|met|meets|spoke|discussed [\w\s]+?)"
               r"\s+(?:[Ww]ith\s+)?(?P<b>.+)$"),
    re.compile(r"^(?P<a>.+?)\s+(?:held|had|holds|has)\s+(?:a\s+|an\s+)?(?:[\w\-]+\s+){0,3}?(?:conference|call|"
               r"conversation|talks|meeting)\s+with\s+(?P<b>.+)$"),
    re.compile(r"^(?:Telephone conversation|Phone call|Telephone call|Meeting|Talks|Conversation|Video call|"
               r"Videoconference|Call|Readout of [^\n]*?(?:Meeting|Call))\s+with\s+(?P<b>.+)$", re.I),
]


@dataclass(frozen=True, slots=True)
class Person:
    """One person named in a title or lead, with the office words around the name."""

    name: str
    title: str | None
    side: str | None
    organisation: str | None


@dataclass(frozen=True, slots=True)
class Parties:
    """The outcome of :func:`find_parties`."""

    parties: tuple[Party, ...]
    """Principal and counterpart, or empty."""
    notes: tuple[str, ...] = ()
    """Why the parties could not be (fully) found."""


@cache
def _office_words() -> frozenset[str]:
    words: set[str] = set()
    for office in titles()["offices"]:
        words.update(w for w in re.split(r"[\s\-]+", office) if w[:1].isupper())
        words.update(w for w in office.split() if w[:1].isupper())
    for h in titles()["honorifics"]:
        words.update(w.rstrip(".") for w in h.split() if w[:1].isupper())
    return frozenset(words)


@cache
def _particles() -> frozenset[str]:
    return frozenset(titles()["particles"])


@cache
def _offices_by_length() -> tuple[str, ...]:
    return tuple(sorted(titles()["offices"], key=len, reverse=True))


@cache
def _office_regex() -> re.Pattern[str]:
    """Any office, longest first, word-bounded."""
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(o) for o in _offices_by_length()) + r")(?![\w])")


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
    bare = tok.rstrip(".")
    if bare in STOP_CAPS or bare in _office_words() or bare in ORG_WORDS:
        return False
    if bare.isupper() and len(bare) > 1 and "." not in tok:  # acronyms: IDCPC, NATO
        return False
    if re.fullmatch(r"(?:[A-Z]\.){2,}", tok):  # U.S., U.K.
        return False
    if tok.lower() in _country_words() or bare.lower() in _country_words():
        return False
    return bool(re.match(r"[A-Z\u00c0-\u00de]|[a-z]{1,3}-[A-Z]", tok))


def people_in(phrase: str, *, describe: bool = True) -> list[Person]:
    """People named in a phrase like "Head of Administration Andriy Yermak and Foreign Minister ...".

    A person is a run of capitalised tokens that are not office, organisation or country words
    (name particles such as "bin", "von der" may stand inside). A run right after "of" names the
    office's organisation, not a person.
    """
    phrase = re.sub(r"\s+", " ", phrase.replace("\u00a0", " "))
    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(phrase)]
    people: list[Person] = []
    i = 0
    while i < len(toks):
        tok = toks[i][0]
        if _is_name_token(tok):
            j = i
            run: list[int] = []
            while j < len(toks):
                t = toks[j][0]
                if _is_name_token(t) or (run and t in _particles() and j + 1 < len(toks)
                                         and (_is_name_token(toks[j + 1][0]) or toks[j + 1][0] in _particles())):
                    run.append(j)
                    j += 1
                elif run and (t.startswith("Jr") or (t == "," and j + 1 < len(toks)
                                                    and toks[j + 1][0].startswith("Jr"))):
                    j += 1
                else:
                    break
            while run and toks[run[-1]][0] in _particles():
                run.pop()
            prev = toks[i - 1][0] if i > 0 else ""
            prev2 = toks[i - 2][0] if i > 1 else ""
            after_of = prev in ("of", "for", "in", "at") or (prev == "the" and prev2 in ("of", "for", "in", "at"))
            if run and not any(len(toks[k][0].rstrip(".")) >= 2 for k in run):
                run = []  # initials alone ("U. S.") are not a person
            if len(run) == 1 and j < len(toks) and toks[j][0].rstrip(".") in _office_words():
                run = []  # "Westland Foreign Minister ...": a place adjective, not a person
            if run and after_of and len(run) >= 3 and (j >= len(toks) or toks[j][0] in (",", "and", "(")):
                # "President of Vostokia Timur Aliev": an unknown place, then the person.
                run = run[-2:]
                after_of = False
            if run and not after_of:
                name = phrase[toks[run[0]][1] : toks[run[-1]][2]].rstrip(".,\u2019'")
                name = re.sub(r",?\s*Jr\.?$", "", name).strip()
                if name and not (len(run) == 1 and len(name) < 3):
                    people.append(_describe(name, phrase, toks[run[0]][1], toks[run[-1]][2]) if describe
                                  else Person(name=name, title=None, side=None, organisation=None))
            i = max(j, i + 1)
        else:
            i += 1
    return people


def _describe(name: str, phrase: str, start: int, end: int) -> Person:
    """Title, side and organisation from the words around a name in its phrase."""
    before = phrase[:start]
    # The title is the office phrase nearest before the name (after the last "and"/","), or an
    # appositive after it ("London Nicole Breed, Mayor of San Francisco").
    seg = re.split(r"\s+and\s+|;", before)[-1].strip(" ,")
    after = phrase[end:]
    app = re.match(r"\s*,\s*(?:the\s+)?([^,;()]+?)(?:\s*\(|,|;|$| and | to | in | at | on )", after)
    title: str | None = None
    for cand in (seg, app.group(1) if app else ""):
        if _office_regex().search(cand):
            title = cand.strip()
            break
    if title is None and seg:
        title = seg or None
    if title:
        title = re.sub(r"^(?:the|The|and|with)\s+", "", title).strip(" ,.;:") or None
    org: str | None = None
    of_m = re.search(r"\bof (?:the )?((?:[A-Z][\w'\-]*\.?\s?)+(?:of (?:the )?(?:[A-Z][\w'\-]*\s?)+)*)",
                     (title or "") + " " + after[:80])
    if of_m:
        org = of_m.group(1).strip().rstrip(".,;:")
    country = _country_in(f"{title or ''} {after[:60]}")
    if country is None and org:
        country = _country_in(org)
    side = country.name if country else None
    return Person(name=name, title=title, side=side, organisation=org)


def _lead_sentence(readout: Readout) -> str:
    """The first body sentence that is not an attribution line, without the dateline."""
    leads = _lead_sentences(readout, 1)
    return leads[0] if leads else ""


def _lead_sentences(readout: Readout, n: int = 3) -> list[str]:
    """The first ``n`` body sentences that are not attribution lines, without the dateline."""
    out: list[str] = []
    from stance.read import parse_dateline

    text = readout.text
    for para in readout.paragraphs[:3]:
        chunk = para.of(text)
        if re.match(r"(?i)the (?:following|below) (?:is|statement is) attributable", chunk):
            rest = chunk.split(":", 1)
            if len(rest) == 2 and rest[1].strip():
                chunk = rest[1].strip()
            else:
                continue
        from stance.attribute import sentences

        _, _, skip = parse_dateline(text, para, readout.published)
        for sent in sentences(text, Span(para.start + skip, para.end)):
            out.append(re.sub(r"^(?:Today|Yesterday|This (?:morning|afternoon|evening)),\s*", "", sent.of(text)))
            if len(out) >= n:
                return out
    return out


_RECEIVED = re.compile(r"^(?P<a>.+?)\s+(?:received|receives|hosted|hosts)\s+(?:(?:in|at)\s+(?:the\s+)?"
                       r"[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*\s+)?(?P<b>[A-Z].+)$")
_PAIR = re.compile(r"^(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+(?:held|had|met|spoke|talked|discussed|hold|have)\b")


def _split_sides(sentence: str) -> tuple[str, str] | None:
    """The subject phrase and the "with ..." phrase of a lead sentence, if it has that shape."""
    m = _DURING.match(sentence)
    if m:
        return m.group("a"), m.group("b")
    if not re.search(r"\bwith\b", sentence) and (m := _PAIR.match(sentence)):
        return m.group("a"), m.group("b")
    if not re.search(r"\bwith\b", sentence) and (m := _RECEIVED.match(sentence)):
        return m.group("a"), re.split(r",\s*(?:who|which)\b", m.group("b"))[0]
    m = _LEAD.match(sentence)
    if m:
        b = re.split(r"\s+(?:to discuss|to review|to congratulate|to express|to convey|to reaffirm|regarding|"
                     r"about|on the|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|in (?:the )?"
                     r"[A-Z][a-z]+\s*(?:,|\.|$)|at the|at his|at her|during|who|where|today|yesterday|this "
                     r"(?:morning|afternoon|evening)|and (?:discussed|expressed|underscored|reaffirmed|welcomed|"
                     r"noted|congratulated|thanked|emphasized|stressed|highlighted))\b",
                     m.group("b"))[0]
        return m.group("a"), b
    return None


def _from_title(title: str) -> tuple[str | None, str | None]:
    title = title.strip()
    for rx in _TITLE:
        m = rx.match(title)
        if m:
            a = m.groupdict().get("a")
            b = m.group("b")
            b = re.split(r"\s+(?:in|at|on)\s+(?:the\s+)?[A-Z][a-z]+$", b)[0]
            return a, b
    return None, None


def _same_person(a: str, b: str) -> bool:
    """Same person when the surnames agree ("Joseph R. Biden" ~ "Biden"; not "Joseph Biden" ~ "Joseph Aoun")."""
    wa = [w.lower() for w in re.findall(r"[\w\-]{3,}", a)]
    wb = [w.lower() for w in re.findall(r"[\w\-]{3,}", b)]
    if not wa or not wb:
        return False
    if len(wa) == 1 or len(wb) == 1:
        return bool(set(wa) & set(wb))
    return wa[-1] == wb[-1] or wa[0] == wb[0] and wa[-1] in wb or len(set(wa) & set(wb)) >= 2


def find_parties(readout: Readout) -> Parties:
    """The principal and counterpart of a readout, with titles, sides and alias tables."""
    lead = _lead_sentence(readout)
    notes: list[str] = []
    lead_sides = _split_sides(lead) if lead else None
    if not (lead_sides and people_in(lead_sides[0], describe=False) and people_in(lead_sides[1], describe=False)):
        # "... led a delegation to Phnom Penh. In a meeting with Prime Minister Hun Sen, ..."
        for cand in _lead_sentences(readout, 3)[1:]:
            sides = _split_sides(cand)
            if sides and people_in(sides[0], describe=False) and people_in(sides[1], describe=False):
                lead, lead_sides = cand, sides
                break
    ta, tb = _from_title(readout.title)
    lead_a = people_in(lead_sides[0]) if lead_sides else []
    lead_b = people_in(lead_sides[1]) if lead_sides else []
    title_a = people_in(ta) if ta else []
    title_b = people_in(tb) if tb else []
    # The lead's subject may be the counterpart ("Prime Minister X called President Biden").
    if lead_a and title_a and lead_b and not any(_same_person(p.name, q.name) for p in lead_a for q in title_a) \
            and any(_same_person(p.name, q.name) for p in lead_b for q in title_a):
        lead_a, lead_b = lead_b, lead_a
    if lead_a and title_b and not title_a and any(_same_person(p.name, q.name) for p in lead_a for q in title_b):
        lead_a, lead_b = lead_b, lead_a
    principal = lead_a or title_a
    counterpart = lead_b or title_b
    if not principal and counterpart:
        # "Telephone conversation with Angela Merkel": the principal is the lead's first person, or
        # the person the body names most ("The President of Russia received ... Vladimir Putin noted").
        first = [p for p in people_in(lead) if not any(_same_person(p.name, q.name) for q in counterpart)]
        principal = first[:1] or _most_named(readout, counterpart)
    # Keep the title's fuller description when the lead only gave a surname, and vice versa.
    principal = _merge(principal, title_a)
    counterpart = _merge(counterpart, title_b)
    counterpart = [p for p in counterpart if not any(_same_person(p.name, q.name) for q in principal)]
    if not principal or not counterpart:
        if not principal:
            notes.append("could not find the principal (no 'X met/spoke/had a call with Y' in the title or lead)")
        if not counterpart:
            notes.append("could not find the counterpart (no 'with Y' in the title or lead)")
        if not principal and not counterpart:
            return Parties((), tuple(notes))
    parties: list[Party] = []
    cside = next((p.side for p in counterpart if p.side), None)
    pside, poffice = _principal_side(readout, principal, cside)
    for pid, role, people, side in (("p1", "principal", principal, pside), ("p2", "counterpart", counterpart, None)):
        if not people:
            continue
        lead_person = people[0]
        side = side or lead_person.side or next((p.side for p in people if p.side), None)
        if side is None and lead_person.organisation:
            # "President of the Republic of Vostokia": an unlisted country is still a side.
            core = re.sub(r"^(?:the\s+)?(?:(?:Federal|Islamic|Democratic|People's|Socialist|United|Arab|Federative|"
                          r"Plurinational|Bolivarian|Cooperative|Independent|Sovereign)\s+)*"
                          r"(?:Republic|Kingdom|State|Commonwealth|Principality|Grand Duchy|Sultanate|Emirate|"
                          r"Federation|Confederation)\s+of\s+(?:the\s+)?", "", lead_person.organisation)
            if core != lead_person.organisation and core[:1].isupper():
                side = core
            elif not all(w in ORG_WORDS for w in core.split()):
                side = core  # a city or region: "Mayor of San Francisco"
        parties.append(
            Party(
                id=pid,
                role=role,  # type: ignore[arg-type]
                name=lead_person.name,
                title=lead_person.title or (poffice if role == "principal" else None),
                organisation=lead_person.organisation,
                side=side,
                members=tuple(p.name for p in people[1:]),
            )
        )
    parties = _with_aliases(parties, readout)
    return Parties(tuple(parties), tuple(notes))


def _most_named(readout: Readout, exclude: list[Person]) -> list[Person]:
    """The person the body names most often as a sentence subject, other than ``exclude``."""
    from stance.attribute import sentences

    counts: dict[str, int] = {}
    seen: dict[str, Person] = {}
    text = readout.text
    for para in readout.paragraphs[:6]:
        for sent in sentences(text, para)[:12]:
            head = sent.of(text)[:80]
            for p in people_in(head, describe=False)[:1]:
                if any(_same_person(p.name, q.name) for q in exclude) or len(p.name.split()) < 2:
                    continue
                counts[p.name] = counts.get(p.name, 0) + 1
                seen.setdefault(p.name, p)
    if not counts:
        return []
    best = max(sorted(counts), key=lambda k: counts[k])
    return [seen[best]]


def _merge(primary: list[Person], secondary: list[Person]) -> list[Person]:
    out: list[Person] = []
    for p in primary:
        twin = next((q for q in secondary if _same_person(p.name, q.name)), None)
        if twin is None:
            out.append(p)
            continue
        name = p.name if len(p.name) >= len(twin.name) else twin.name
        out.append(Person(name=name, title=p.title or twin.title, side=p.side or twin.side,
                          organisation=p.organisation or twin.organisation))
    return out


_SIDE_REF = re.compile(
    r"\b[Tt]he (?P<office>President|Prime Minister|Chancellor|leader|head of state|Foreign Minister|side|party) of "
    r"(?:the )?(?P<c1>[A-Z][\w'\u2019\-]*(?: [A-Z][\w'\u2019\-]*)*)"
    r"|\b[Tt]he (?P<d>[A-Z][\w.\-]+) (?P<office2>President|Prime Minister|Chancellor|leader|side|Foreign Minister)\b"
)


def _side_from_text(readout: Readout, exclude: str | None) -> tuple[str | None, str | None]:
    """The side most often named as a speaker ("the President of Russia", "the Russian side"), and its office."""
    counts: dict[str, int] = {}
    office: dict[str, str] = {}
    for m in _SIDE_REF.finditer(readout.body_text):
        form = m.group("c1") or m.group("d")
        c = country_index().get(form.lower()) if form else None
        if c is None or c.name == exclude:
            continue
        counts[c.name] = counts.get(c.name, 0) + 1
        off = m.group("office") or m.group("office2")
        if off and off[0].isupper():
            office.setdefault(c.name, off)
    if not counts:
        return None, None
    best = max(sorted(counts), key=lambda k: counts[k])
    return best, office.get(best)


def _principal_side(readout: Readout, people: list[Person], counterpart_side: str | None) -> tuple[str | None,
                                                                                                   str | None]:
    """The principal's side (and office, when the text gives it and the title did not)."""
    for p in people:
        if p.side:
            return p.side, None
    if readout.source and readout.source.lower() in PUBLISHER_SIDES:
        side = PUBLISHER_SIDES[readout.source.lower()]
        found, office = _side_from_text(readout, counterpart_side)
        return side, office if found == side else None
    head = readout.title + " " + readout.body_text[:400]
    if re.search(r"\bCPC\b|\bIDCPC\b|Chinese Communist Party|Communist Party of China", head):
        return "China", None
    return _side_from_text(readout, counterpart_side)


def _heads(title: str | None) -> list[str]:
    """Short office heads for "the <head>" references: "Mayor of San Francisco" -> ["Mayor"]."""
    if not title:
        return []
    heads_map: dict[str, str] = titles().get("heads", {})
    found: list[str] = []
    offices = sorted((m.group(0) for m in _office_regex().finditer(title)), key=len, reverse=True)
    if offices:
        office = offices[0]
        if len(office.split()) <= 3:
            found.append(office)
        if office in heads_map:
            found.append(heads_map[office])
        elif len(office.split()) > 3:
            found.append(office.split()[0])
    return list(dict.fromkeys(found))


def _surnames(name: str, side: str | None) -> list[str]:
    parts = [p for p in re.split(r"\s+", name.replace(",", " ")) if p and p not in {"Jr.", "Jr", "Sr."}]
    parts = [p for p in parts if not re.fullmatch(r"[A-Z]\.", p)]
    if not parts:
        return []
    out: list[str] = []
    # "von der Leyen", "bin Zayed Al Nahyan": the surname keeps its particles.
    for i, p in enumerate(parts):
        if p in _particles() and i > 0:
            out.append(" ".join(parts[i:]))
            break
    if len(parts) >= 2 and (side in EAST_ASIAN_SIDES or parts[0] in CHINESE_SURNAMES):
        return [parts[0]]
    last = parts[-1]
    out.append(last)
    if "-" in last:
        tail = last.split("-", 1)[1]
        if tail[:1].isupper() and len(tail) > 2:
            out.append(tail)
    return [s for s in dict.fromkeys(out) if len(s) >= 2]


@cache
def _side_forms(side: str | None) -> tuple[str, ...]:
    """Metonyms for a side: "China", "the Chinese side", "Beijing" (capitals from the data file)."""
    if not side:
        return ()
    c = country_index().get(side.lower())
    forms = [side]
    if c is None:
        return (side, f"the {side} side")
    for n in c.names:
        bare = n.removeprefix("the ")
        forms.append(n)
        if " " in bare or bare.replace(".", "").isupper():
            forms.append(f"the {bare}")
        if not c.demonyms:
            forms.append(f"the {bare} side")
    for d in c.demonyms:
        forms += [f"the {d} side", f"the {d} party", f"the {d} government", f"the {d} leadership"]
    forms += list(c.capitals)
    return tuple(forms)


@cache
def _office_forms(side: str | None, heads: tuple[str, ...], leader: bool, titled: bool) -> tuple[str, ...]:
    """"the President of Russia", "the Russian President", "the Russian leader" ... for one side and office."""
    c = country_index().get((side or "").lower())
    names = [n.removeprefix("the ") for n in c.names if not n.replace(".", "").isupper()] if c else []
    forms: list[str] = []
    for head in heads:
        if titled:
            forms += [f"the {head}", head]
        for n in names:
            forms += [f"the {head} of {n}", f"the {head} of the {n}"]
        for d in c.demonyms if c else ():
            forms += [f"the {d} {head}", f"the {d} {head.lower()}"]
    if c is not None and leader:
        for d in c.demonyms:
            forms += [f"the {d} leader", f"the head of the {d} state", f"the {d} head of state",
                      f"the {d} Head of State"]
        for n in names:
            forms += [f"the leader of {n}", f"the head of state of {n}"]
    if c is None and side:
        for head in heads:
            forms += [f"the {head} of {side}", f"the {head} of the {side}"]
    return tuple(forms)


def _with_aliases(parties: list[Party], readout: Readout) -> list[Party]:
    """Fill each party's alias table; a form both could claim goes to the principal only."""
    tables: dict[str, list[str]] = {}
    for p in parties:
        forms: list[str] = [p.name, *p.members]
        honorific: list[str] = []
        for person in (p.name, *p.members):
            for s in _surnames(person, p.side):
                forms.append(s)
                honorific += [f"{h} {s}" for h in ("Mr.", "Ms.", "Mrs.", "Dr.", "Madam", "Mr", "Ms")]
        heads = tuple(_heads(p.title)) if p.title else ("President", "Prime Minister")
        leader = not p.title or bool(re.search(LEADER_TITLES, p.title))
        forms += _office_forms(p.side, heads, leader, bool(p.title))
        forms += _side_forms(p.side)
        if p.organisation and p.organisation != p.side and len(p.organisation) < 40:
            forms += [p.organisation, f"the {p.organisation}"]
        forms += honorific
        forms += ["The " + f[4:] for f in forms if f.startswith("the ")]
        tables[p.id] = list(dict.fromkeys(f.strip() for f in forms if f and f.strip()))
    if len(parties) == 2:
        a, b = parties[0].id, parties[1].id
        clash = {f.lower() for f in tables[a]} & {f.lower() for f in tables[b]}
        tables[b] = [f for f in tables[b] if f.lower() not in clash]
    return [Party(id=p.id, role=p.role, name=p.name, title=p.title, organisation=p.organisation, side=p.side,
                  members=p.members, aliases=tuple(tables[p.id])) for p in parties]
