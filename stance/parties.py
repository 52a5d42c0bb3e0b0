"""Who met whom: the two sides of a readout, their names, titles, sides and alias tables.

The lead sentence ("X met here today with Y", "X had a telephone conversation with Y") gives
full names; the title ("X Meets with Y", "Readout of X's Call with Y", "Telephone conversation
with Y") fills what the lead lacks. The principal is the publishing government's official.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from stance.identity import canonical_side
from stance.model import Party, Readout, Span
from stance.sentences import (
    ORG_WORDS,
    Person,
    iter_sentences,
    name_particles,
    office_regex,
    office_words,
    people_in,
    sentences,
)
from stance.vocab import countries, country_index, country_regex, titles
from stance.wordtrie import alternation

# Publishers whose readouts speak for a known side (used when the principal's title names none).
PUBLISHER_SIDES = {
    "whitehouse": "United States",
    "state": "United States",
    "kremlin": "Russia",
    "ukraine": "Ukraine",
    "idcpc": "China",
    "mfa": "China",
    "xinhua": "China",
    "mofcom": "China",
}
# Sides whose readouts name their own official in every statement, never by a bare office.
NAMED_PRINCIPAL_SIDES = frozenset({"China"})
# A news-agency dateline before the lead: "BEIJING, June 2 (Xinhua) -- ".
_AGENCY_DATELINE = re.compile(r"^(?:[A-Z][A-Z .'\-]+,\s+[A-Z][a-z]+\.?\s+\d{1,2}\s+)?\([A-Z][\w ]+\)\s*"
                              r"(?:--|\u2014|\u2013)\s*")

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

LEADER_TITLES = (r"\b(?:President|Prime Minister|Chancellor|King|Queen|Emir|Amir|Sultan|Crown Prince|Premier|Pope|"
                 r"Leader|General Secretary|Taoiseach|Head of State|Governor-General)\b")

# "X met/spoke/had a call ... with Y": the verbs that join the two sides in a lead sentence.
_MEET = (
    r"(?:met|meets|meet|spoke|speaks|talked|talks|held|holds|had|has had|hosted|hosts|received|receives|traveled|"
    r"travelled|took part in|takes part in|"
    r"called|calls|conversed|conferred|visited|welcomed|convened|joined|co-chaired|co-chairs|chaired|chairs)"
)
# Up to 120 characters between the verb and "with": "held the 17th round of diplomatic consultations between
# the foreign ministries of A and B in <city> with Y" (80 lost Y; no corpus readout changes at 120).
_LEAD = re.compile(
    r"(?P<a>(?:[^.;:]|(?<=\b[A-Z])\.|(?<=\b[JDMSGRLC][a-z])\.|(?<=\b(?:Mrs|Amb|Sen|Rep|Gov|Adm|Col))\.)*?)\s+"
    + _MEET + r"\b(?P<mid>(?:[^.;]|(?<=\b[A-Z])\.){0,120}?)\bwith\s+(?P<b>[^;]+)",
)
# "X hosted/welcomed/spoke to Y ...": the object follows the verb directly.
_DIRECT = re.compile(r"^(?P<a>.+?)\s+(?:today\s+|yesterday\s+)?(?:hosted|hosts|received|receives|welcomed|welcomes|"
                     r"(?:spoke|speaks|talked|talks)(?: by (?:tele)?phone)? to|phoned|telephoned|called)\s+"
                     r"(?P<b>[A-Z].+?)(?:\s+(?:for|to|at|in|on|today|yesterday|this|and)\s|,\s*(?:who|which|and|to)\b|$)")
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
    # "... held a video conference with ...", "... Holds Diplomatic Consultations with ...", "... Co-chairs the
    # Strategic Dialogue with ...": a meeting by its name
    re.compile(r"^(?P<a>.+?)\s+(?i:held|had|holds|has|co-chairs|co-chaired|chairs|chaired)\s+(?i:a\s+|an\s+|the\s+)?"
               r"(?:[\w\-]+\s+){0,3}?(?i:conference|call|conversation|talks|meeting|consultations?|dialogue|"
               r"discussions?)\s+[Ww]ith\s+(?P<b>.+)$"),
    re.compile(r"^(?:Telephone conversation|Phone call|Telephone call|Meeting|Talks|Conversation|Video call|"
               r"Videoconference|Call|Readout of [^\n]*?(?:Meeting|Call))\s+with\s+(?P<b>.+)$", re.I),
]


@dataclass(frozen=True, slots=True)
class Parties:
    """The outcome of :func:`find_parties`."""

    parties: tuple[Party, ...]
    """Principal and counterpart, or empty."""
    notes: tuple[str, ...] = ()
    """Why the parties could not be (fully) found."""


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
        _, _, skip = parse_dateline(text, para, readout.published)
        for sent in iter_sentences(text, Span(para.start + skip, para.end)):  # only the first n are read
            lead = _AGENCY_DATELINE.sub("", sent.of(text))
            out.append(_unfront(re.sub(r"^(?:Today|Yesterday|This (?:morning|afternoon|evening)),\s*", "", lead)))
            if len(out) >= n:
                return out
    return out


# A fronted adverbial before the subject: "After the summit, ...", "Initiated by the X side, ...",
# "During a visit to Brussels, ..." (but not "During a meeting with Y, X said": _DURING reads that).
_FRONTED = re.compile(r"^(?:(?:After|Ahead of|Before|Following|Amid|Upon|Prior to|On the sidelines of|On behalf of|"
                      r"As part of|In the course of|During|At|In|On)\b(?![^,]*\bwith\b)|At the (?:request|invitation|"
                      r"initiative|suggestion) of|[A-Z][a-z]{3,}ed by)[^,]{0,120},\s+(?=\S)")
_BETWEEN = re.compile(r"\b(?:talks|conversation|meeting|call|talk|negotiations)\s+between\s+(?P<a>.+?)\s+and\s+"
                      r"(?P<b>.+?)(?:,|\s+(?:focused|took|was|were|is|lasted|covered|centred|centered|who|on|in|at|to)\b|$)")


def _unfront(sentence: str) -> str:
    """The sentence without a fronted adverbial phrase, when one stands before the subject."""
    m = _FRONTED.match(sentence)
    return sentence[m.end():] if m else sentence


_RECEIVED = re.compile(r"^(?P<a>.+?)\s+(?:received|receives|hosted|hosts)\s+(?:(?:in|at)\s+(?:the\s+)?"
                       r"[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*\s+)?(?P<b>[A-Z].+)$")
_PAIR = re.compile(r"^(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+"
                   r"(?P<v>held|had|met|spoke|talked|hold|have|co-chaired|co-hosted|led|[a-z]{3,}ed)\b")
# "The 16th round of consultations was held ... It was co-chaired by A and B": the pair after "by".
_BY_PAIR = re.compile(r"\b(?:co-chaired|co-hosted|co-led|jointly chaired|chaired|hosted)\s+(?:jointly\s+)?by\s+"
                      r"(?P<a>.+?)\s+and\s+(?P<b>.+)$")
# Verbs after which "with" names a third party: "A and B met with C" is not A meeting B.
_JOINS = frozenset({"held", "had", "met", "spoke", "talked", "hold", "have", "joined", "called", "visited"})


# "X received in Beijing today a delegation of former officials from Y led by Z, ...": Z is the counterpart
# (people_in reads the person after "led by" and the side from the delegation).
_DELEGATION_LEAD = re.compile(
    r"^(?P<a>.+?)\s+(?:met|meets|received|receives|hosted|hosts|welcomed|welcomes)\s+"
    r"(?:(?:in|at)\s+[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?\s+)?(?:(?:here\s+)?today\s+|yesterday\s+|here\s+)?(?:with\s+)?"
    r"(?P<b>(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?delegation\b[^.;]{0,200}?\b(?:led|headed)\s+by\s+[^;]+)$"
)


def _split_sides(sentence: str) -> tuple[str, str] | None:
    """The subject phrase and the "with ..." phrase of a lead sentence, if it has that shape.

    Each known shape is tried in turn; the first whose two phrases both name a person wins, else
    the first that matched at all.
    """
    found: list[tuple[str, str]] = []
    has_with = bool(re.search(r"\bwith\b", sentence))
    if m := _DELEGATION_LEAD.match(sentence):
        found.append((m.group("a"), m.group("b")))
    if m := _DURING.match(sentence):
        found.append((m.group("a"), m.group("b")))
    if not has_with and (m := _DIRECT.match(sentence)):
        found.append((m.group("a"), m.group("b")))
    if not has_with and (m := _PAIR.match(sentence)):
        found.append((m.group("a"), m.group("b")))
    if not has_with and (m := _RECEIVED.match(sentence)):
        found.append((m.group("a"), re.split(r",\s*(?:who|which)\b", m.group("b"))[0]))
    if m := _LEAD.match(sentence):
        b = re.split(r"\s+(?:to discuss|to review|to congratulate|to express|to convey|to reaffirm|regarding|"
                     r"about|on the|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|in (?:the )?"
                     r"[A-Z][a-z]+\s*(?:,|\.|$)|at the|at his|at her|during|who|where|today|yesterday|this "
                     r"(?:morning|afternoon|evening)|and (?:discussed|expressed|underscored|reaffirmed|welcomed|"
                     r"noted|congratulated|thanked|emphasized|stressed|highlighted))\b",
                     m.group("b"))[0]
        found.append((m.group("a"), b))
    if m := _BETWEEN.search(sentence):
        found.append((m.group("a"), m.group("b")))
    if m := _BY_PAIR.search(sentence):
        found.append((m.group("a"), m.group("b")))
    if m := _DIRECT.match(sentence):
        found.append((m.group("a"), m.group("b")))
    if has_with and (m := _PAIR.match(sentence)) and m.group("v") not in _JOINS:
        # "A and B discussed ... cooperation with the Alliance": a pair, when nothing else reads.
        found.append((m.group("a"), m.group("b")))
    for a, b in found:
        if people_in(a, describe=False) and people_in(b, describe=False):
            return a, b
    return found[0] if found else None


_VISIT = re.compile(r"^(?P<a>.+?)[\u2019']s?\s+(?:Visit|Trip|Travel)\s+to\s+(?P<b>.+)$")
_STATEMENT = re.compile(r"^Statement (?:by|from) (?P<x>.+?) on (?P<topic>.*?)\b(?:Bilateral |Virtual |Video |Telephone "
                        r"|Phone )?(?:Meeting|Call|Calls|Conversation|Talks|Videoconference)\s+[Ww]ith\s+(?P<b>.+)$")
_AROUND = re.compile(r"^(?P<a>.+?)\s+(?:after|during|before|following|ahead of)\s+(?:the|a|his|her|their)\s+"
                     r"(?:[\w\-]+\s+){0,2}?(?:meeting|talks|conversation|call|negotiations)\s+with\s+(?P<b>.+)$")


def _from_title(title: str) -> tuple[str | None, str | None]:
    """The principal's and the counterpart's phrase in a headline, when it has one of the known shapes.

    "Statement by X on Assistance to Y and Call with Z" is X's own statement (X is the principal);
    "Statement by a spokesperson on X's Meeting with Z" speaks for X.
    """
    title = title.strip()
    head, colon, _ = title.partition(": ")
    if colon and re.search(r"\bwith\b", head):
        title = head  # "X after the meeting with Y: <quotation>"
    m = _STATEMENT.match(title)
    if m:
        own = re.match(r"^(?P<a>.+?)[\u2019']s?\s", m.group("topic"))
        a = own.group("a") if own and people_in(own.group("a"), describe=False) else m.group("x")
        return a, re.split(r"\s+(?:in|at|on)\s+(?:the\s+)?[A-Z][a-z]+$", m.group("b"))[0]
    m = _AROUND.match(title) or _VISIT.match(title)
    if m:
        return m.group("a"), m.group("b")
    for rx in _TITLE:
        m = rx.match(title)
        if m:
            a = m.groupdict().get("a")
            b = m.group("b")
            b = re.split(r"\s+(?:in|at|on)\s+(?:the\s+)?[A-Z][a-z]+$", b)[0]
            return a, b
    return None, None


_LONG_WORD = re.compile(r"[\w\-]{3,}")
_SPACES = re.compile(r"\s+")
_INITIAL = re.compile(r"[A-Z]\.")
_NAME_BEFORE = re.compile(r"[A-Z\u00c0-\u00de][\w'\u2019.\-]*\s+$")


def _same_person(a: str, b: str) -> bool:
    """Same person when the surnames agree ("Joseph R. Biden" ~ "Biden"; not "Joseph Biden" ~ "Joseph Aoun")."""
    wa = [w.lower() for w in _LONG_WORD.findall(a)]
    wb = [w.lower() for w in _LONG_WORD.findall(b)]
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
    def meets(xs: list[Person], ys: list[Person]) -> bool:
        return any(_same_person(p.name, q.name) for p in xs for q in ys)

    swap_a = bool(lead_a and title_a and lead_b and not meets(lead_a, title_a) and meets(lead_b, title_a))
    swap_b = bool(lead_a and title_b and meets(lead_a, title_b) and not meets(lead_a, title_a))
    if swap_a or swap_b:
        lead_a, lead_b = lead_b, lead_a
    # "As part of ... the UN Climate Change Conference, President X met ...": the headline says who.
    if len(lead_a) > 1 and title_a:
        lead_a = sorted(lead_a, key=lambda p: not any(_same_person(p.name, q.name) for q in title_a))
    principal = lead_a or title_a
    counterpart = lead_b or title_b
    pnotes: list[str] = []
    cnotes: list[str] = []
    if not principal and counterpart:
        # "Telephone conversation with Angela Merkel": the principal is the lead's first person, or
        # the person the body names most ("The President of Russia received ... Vladimir Putin noted").
        first = [p for p in people_in(lead) if not any(_same_person(p.name, q.name) for q in counterpart)]
        principal = first[:1]
        if not principal:
            principal = _most_named(readout, counterpart)
            pnotes = ["guessed: the person the body names most often (no 'X met Y' in the title or lead)"]
        else:
            pnotes = []
    # Keep the title's fuller description when the lead only gave a surname, and vice versa.
    principal = _merge(principal, title_a)
    counterpart = _merge(counterpart, title_b)
    counterpart = [p for p in counterpart if not any(_same_person(p.name, q.name) for q in principal)]
    publisher = PUBLISHER_SIDES.get((readout.source or "").lower())
    if not principal and publisher and counterpart:
        # "Senior administration officials met ... with ...": the publishing government itself.
        principal = [Person(name=f"{publisher} Government", title=None, side=publisher, organisation=None)]
        pnotes = ["no person named for the publishing side: the government stands for it"]
    if not counterpart and tb and (holder := _office_holder(readout, tb)):
        # "X after the meeting with the President of the European Commission": the lead names her
        counterpart = [holder]
        cnotes = ["the headline names an office; the lead names its holder"]
    if not counterpart and (group := _group(lead_sides[1] if lead_sides else None) or _group(tb)):
        # "met with the leaders of the EU member states": a group, no one person.
        counterpart = [group]
        cnotes = ["a group, no one person named: the counterpart is the group"]
        if not principal:
            principal = [p for p in people_in(lead)][:1] or _most_named(readout, counterpart)
            pnotes = ["guessed: the person the body names most often (no 'X met Y' in the title or lead)"]
    if not principal or not counterpart:
        if not principal:
            notes.append("could not find the principal (no 'X met/spoke/had a call with Y' in the title or lead)")
        if not counterpart:
            notes.append("could not find the counterpart (no 'with Y' in the title or lead)")
        if not principal and not counterpart:
            return Parties((), tuple(notes))
    parties: list[Party] = []
    cside = next((p.side for p in counterpart if p.side), None)
    if cside is None and tb and (c := country_regex().search(tb)):
        # "... with Uruguayan Under-Secretary ...": a country the principal's side is not
        cside = country_index()[c.group(0).lower()].name
    pside, poffice, how = _principal_side(readout, principal, cside)
    if how:
        pnotes.append(how)
    if counterpart:
        counterpart = _other_side(counterpart, title_b, pside)
    for pid, role, people, side, pn in (("p1", "principal", principal, pside, pnotes),
                                        ("p2", "counterpart", counterpart, None, cnotes)):
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
        if side is None and role == "counterpart" and tb and (c := country_regex().search(tb)):
            side = country_index()[c.group(0).lower()].name  # "Deputy Secretary X's Visit to Cambodia"
            pn = [*pn, "side read from the headline, not from the person's office"]
        if side is None and role == "counterpart" and parties and (
                host := _AMBASSADOR_TO.search(parties[0].title or "")) and (c := country_regex().search(host.group(1))):
            side = country_index()[c.group(0).lower()].name  # an ambassador meets the officials of the host country
            pn = [*pn, "side read from the principal's post: an ambassador meets the host country's officials"]
        if side is None and role == "counterpart" and pside and (paired := _paired_side(readout, pside)):
            side = paired  # "the 17th round of China-Nepal diplomatic consultations"
            pn = [*pn, "side read from the pair of countries the headline or lead names ('China-Nepal')"]
        if side is None and role == "counterpart" and (named := _side_from_text(readout, pside)[0]):
            side = named  # "Foreign Secretary X" alone, then "The Nepalese side said ..."
            pn = [*pn, "side read from how the body names the speakers ('the X side')"]
        if side is None:
            pn = [*pn, "side unknown: no country, demonym or organisation found around the name"]
        elif role == "counterpart" and canonical_side(side) == canonical_side(pside):
            pn = [*pn, f"both parties read as {side}: check whether this is an intra-side meeting"]
        parties.append(
            Party(
                id=pid,
                role=role,  # type: ignore[arg-type]
                name=lead_person.name,
                title=_untimed(lead_person.title) or (poffice if role == "principal" else None),
                organisation=lead_person.organisation,
                side=side,
                members=_members(people, readout.title),
                notes=tuple(pn),
            )
        )
    parties = _with_aliases(parties, readout, led_delegation=bool(_DELEGATION_LEAD.match(lead)))
    return Parties(tuple(parties), tuple(notes))


def _most_named(readout: Readout, exclude: list[Person]) -> list[Person]:
    """The person the body names most often as a sentence subject, other than ``exclude``."""
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


_GROUP = re.compile(r"^(?:the\s+)?(?:[\w\-]+\s+){0,2}?(?:leaders|representatives|students|members|delegation|"
                    r"delegations|community|officials|ambassadors|heads|executives|business leaders|lawmakers|"
                    r"parliamentarians|governors|mayors)\b.*", re.I)


def _group(phrase: str | None) -> Person | None:
    """A counterpart that is a group ("the leaders of the EU member states"), named by its phrase."""
    if not phrase or not (m := _GROUP.match(phrase.strip())):
        return None
    name = re.split(r"\s+(?:to|on|who|which|from|during|about)\s|[,;.]", m.group(0))[0].strip()
    name = re.sub(r"^the\s+", "", name)
    c = country_regex().search(name)
    side = country_index()[c.group(0).lower()].name if c else None
    return Person(name=name[:80], title=None, side=side, organisation=None)


def _other_side(people: list[Person], title_people: list[Person], pside: str | None) -> list[Person]:
    """The counterpart, with a side other than the principal's when the title or another member gives one.

    "President X, highlighting the U.S.-Angolan relationship" reads the principal's side next to
    the counterpart's name; the headline ("President X of Angola") knows better.
    """
    lead = people[0]
    if pside is None or canonical_side(lead.side) != canonical_side(pside):
        return people
    others = [q.side for q in title_people if _same_person(q.name, lead.name)] + [q.side for q in people[1:]]
    better = next((s for s in others if s and canonical_side(s) != canonical_side(pside)), None)
    if better is None:
        return people
    return [Person(name=lead.name, title=lead.title, side=better, organisation=lead.organisation), *people[1:]]


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


def _office_holder(readout: Readout, office: str) -> Person | None:
    """The person the lead names with the headline's office ("President of the European Commission Ursula von
    der Leyen" for "the President of the European Commission")."""
    core = re.sub(r"^(?:the|a|an)\s+", "", office.strip(), flags=re.I)
    if len(core.split()) < 2:
        return None
    for sentence in _lead_sentences(readout, 3):
        for person in people_in(sentence):
            if person.title and core.lower() in person.title.lower():
                return dataclasses.replace(person, title=core)  # the headline's words, not the lead's run-up
    return None


def _paired_side(readout: Readout, pside: str) -> str | None:
    """The other country of a "<principal's country>-<country>" pair in the headline or lead ("China-Nepal
    consultations", "Nepal-China relations")."""
    head = readout.title + " " + _lead_sentence(readout)
    found = [country_index()[m.group(0).lower()].name for m in country_regex().finditer(head)]
    for a, b in zip(found, found[1:], strict=False):
        if pside in (a, b) and a != b and re.search(re.escape(a) + r"\s?[-\u2013]\s?" + re.escape(b), head):
            return b if a == pside else a
    return None


def _principal_side(readout: Readout, people: list[Person], counterpart_side: str | None) -> tuple[
        str | None, str | None, str | None]:
    """The principal's side, its office when the text gives it and the title did not, and a note when guessed.

    The principal is the publishing government's official, so a known publisher decides the side
    (a country next to the name may be the counterpart's: "At the initiative of the Uzbek side").
    """
    if readout.source and readout.source.lower() in PUBLISHER_SIDES:
        side = PUBLISHER_SIDES[readout.source.lower()]
        if any(p.side for p in people):
            return side, None, None
        found, office = _side_from_text(readout, counterpart_side)
        return side, office if found == side else None, None
    for p in people:
        if p.side:
            return p.side, None, None
    head = readout.title + " " + readout.body_text[:400]
    if re.search(r"\bCPC\b|\bIDCPC\b|Chinese Communist Party|Communist Party of China", head):
        return "China", None, None
    named, office = _side_from_text(readout, counterpart_side)
    if named:
        return named, office, "side read from how the body names the speakers ('the X side')"
    counts: dict[str, int] = {}
    for m in country_regex().finditer(readout.body_text):
        c = country_index()[m.group(0).lower()]
        if c.name != counterpart_side and c.kind == "country":
            counts[c.name] = counts.get(c.name, 0) + 1
    best = max(sorted(counts), key=lambda k: counts[k]) if counts else None
    if best and counts[best] >= 2 and list(counts.values()).count(counts[best]) == 1:
        # "China is ready to ...", "China-Brazil relations": the other country the body keeps naming
        return best, None, "side read from the country the body names most, other than the counterpart's"
    return None, None, None


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WHEN = re.compile(r"^(?:(?:On|This|Earlier|Later|Last)\s+)?(?:(?:Today|Yesterday|today|yesterday|[A-Z][a-z]+day|"
                   + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|(?:19|20)\d\d(?=\s*,)|morning|afternoon|"
                   r"evening|night)"
                   r"[\s,]*)+(?:(?:in|at)\s+[A-Z][\w.\-]*(?:,?\s+[A-Z][\w.\-]*)*\s*,\s*)?")


@cache
def _place_words() -> frozenset[str]:
    """Every word of a side's names, parts and capitals, lower-cased."""
    return frozenset(w.lower() for c in countries() for form in (*c.names, *c.parts, *c.capitals)
                     for w in re.findall(r"[\w\-]+", form))


def _members(people: list[Person], headline: str) -> tuple[str, ...]:
    """The people beside the lead. A lone word ("States", "Day", "Games", "Alliance", "Arabia") is a member
    only when the headline names it too ("Sullivan, Blinken, Milley Call with ..."): the lead sentence's
    other capitalised words are places, events and third persons. The lead's own name is no member."""
    lead = set(people[0].name.split()) if people else set()
    out: list[str] = []
    for p in people[1:]:
        words = p.name.split()
        if len(words) == 1 and (p.name in lead or not re.search(rf"\b{re.escape(p.name)}\b", headline)
                                or p.name.lower() in _place_words()):
            continue  # "Saudi Arabia", "Cabo Verde", "Kurdistan Region" in the headline: a place, not a person
        if p.name not in out and p.name != (people[0].name if people else ""):
            out.append(p.name)
    return tuple(out)


def _untimed(title: str | None) -> str | None:
    """An office without the fronted time or place the lead put before it ("Today in Jeddah, President",
    "September 20, 2023, Principal Deputy National Security Advisor", "On April 5 Special Representative")."""
    if not title:
        return title
    title = _TRAILING_HONORIFIC.sub("", title.lstrip("\u201c\"' ")) or title  # "... Director-General Dr" (. Tedros)
    rest = _WHEN.sub("", title, count=1).strip(" ,")
    return rest if rest and rest[:1].isupper() else title


_TRAILING_HONORIFIC = re.compile(r"\s+(?:Dr|Mr|Mrs|Ms|Prof|H\.E|Sir|Dame)\.?$")


def _heads(title: str | None) -> list[str]:
    """Short office heads for "the <head>" references: "Mayor of San Francisco" -> ["Mayor"]."""
    if not title:
        return []
    heads_map: dict[str, str] = titles().get("heads", {})
    found: list[str] = []
    offices = sorted((m.group(0) for m in office_regex().finditer(title)), key=len, reverse=True)
    if offices:
        office = offices[0]
        if len(office.split()) <= 3:
            found.append(office)
        if office in heads_map:
            found.append(heads_map[office])
        elif len(office.split()) > 3:
            # The head noun with its modifiers, before the office's object: "Deputy Minister of Foreign
            # Affairs" -> "Deputy Minister", "High Commissioner for Refugees" -> "High Commissioner",
            # "Principal Deputy National Security Advisor" -> "National Security Advisor" (never a bare
            # modifier such as "Deputy", "High" or "Principal").
            core = re.split(r"\s+(?:of|for|to|on)\s+", office)[0].split()
            found.append(" ".join(core[-3:]))
    return list(dict.fromkeys(found))


def name_order(side: str | None) -> str:
    """How the people of a side write their names (``countries.toml``), "given-first" when unknown."""
    c = country_index().get((side or "").lower().removeprefix("the "))
    return c.name_order if c else "given-first"


def short_names(p: Party) -> list[str]:
    """The short names the body uses for a party's person ("Xi", "Zelenskyy"): see :func:`_surnames`."""
    return _surnames(p.name, p.side)


def _surnames(name: str, side: str | None) -> list[str]:
    """The short names the body uses for a person: the surname, by the naming order of the person's side.

    "Xi Jinping" (China) -> Xi; "Hayashi Yoshimasa" (Japan: either order) -> Yoshimasa, Hayashi;
    "Carlos Mendoza Ruiz" (Colombia) -> Ruiz, Mendoza, Mendoza Ruiz; "von der Leyen" keeps its
    particles; "Mohammed bin Zayed Al Nahyan" -> bin Zayed Al Nahyan, Mohammed bin Zayed, Sheikh ...
    """
    parts = [p for p in _SPACES.split(name.replace(",", " ")) if p and p not in {"Jr.", "Jr", "Sr."}]
    parts = [p for p in parts if not _INITIAL.fullmatch(p)]
    if not parts:
        return []
    order = name_order(side)
    out: list[str] = []
    # "von der Leyen", "bin Zayed Al Nahyan": the surname keeps its particles.
    for i, p in enumerate(parts):
        if p in name_particles() and i > 0:
            out.append(" ".join(parts[i:]))
            if p in ("bin", "bint", "ibn") and i + 1 < len(parts):
                core = " ".join(parts[: i + 2])  # "Mohammed bin Zayed"
                # "Minister bin Salman": the patronymic with its particle names him (never "Salman"
                # alone, who may be his father)
                out += [core, f"Sheikh {core}", f"Sheikh {parts[0]}", f"Sheikha {parts[0]}", " ".join(parts[i : i + 2])]
            break
    if len(parts) >= 2 and (order == "surname-first" or (order == "given-first" and parts[0] in CHINESE_SURNAMES)):
        return [parts[0], *out]
    last = parts[-1]
    out.append(last)
    if order == "either" and len(parts) == 2:
        out.append(parts[0])
    if order == "paternal-first" and len(parts) >= 3 and parts[-2] not in name_particles():
        out += [parts[-2], " ".join(parts[-2:])]
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
        forms += [f"the {d} side", f"the {d} party", f"the {d} government", f"the {d} leadership",
                  f"the {d} officials"]
    forms += list(c.capitals)
    return tuple(forms)


# Offices whose lower-case form names the holder ("the speaker", "the prime minister"), unlike "the member".
_LOWER_HEAD = re.compile(r"(?:President|Minister|Speaker|Chair(?:man|woman|person)?|Premier|Mayor|Governor|"
                         r"Chancellor|King|Queen|Secretary)$")


@cache
def _office_forms(side: str | None, heads: tuple[str, ...], leader: bool, titled: bool) -> tuple[str, ...]:
    """"the President of Russia", "the Russian President", "the Russian leader" ... for one side and office."""
    c = country_index().get((side or "").lower())
    names = [n.removeprefix("the ") for n in c.names if not n.replace(".", "").isupper()] if c else []
    forms: list[str] = []
    for head in heads:
        if titled:
            forms += [f"the {head}", head]
            if _LOWER_HEAD.search(head):  # a news agency writes a presiding office in lower case: "the speaker said"
                forms.append(f"the {head.lower()}")
        for n in names:
            forms += [f"the {head} of {n}", f"the {head} of the {n}"]
        for d in c.demonyms if c else ():
            forms += [f"the {d} {head}", f"the {d} {head.lower()}"]
    if c is not None and leader:
        for d in c.demonyms:
            forms += [f"the {d} leader", f"the head of the {d} state", f"the Head of the {d} state",
                      f"the {d} head of state", f"the {d} Head of State"]
        for n in names:
            forms += [f"the leader of {n}", f"the head of state of {n}"]
    if c is None and side:
        for head in heads:
            forms += [f"the {head} of {side}", f"the {head} of the {side}"]
    return tuple(forms)


@cache
def country_index_names() -> frozenset[str]:
    """Canonical names of every known country and organisation."""
    return frozenset(c.name for c in country_index().values())


@cache
def _legislature_regex() -> re.Pattern[str]:
    words = sorted(titles().get("legislature", []), key=len, reverse=True)
    return re.compile(r"(?<!\w)" + alternation(words) + r"(?!\w)")


_SUBNATIONAL = re.compile(r"(?:[A-Z][\w\-]*[\u2019']s\s+)?(?:the\s+)?(?P<core>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?)\s+"
                          r"(?:State|Province|Region|Prefecture|County|Oblast|Municipality|Territory|Emirate)"
                          r"(?:\s+of\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)?")
"""A state, province or region by its own name and unit ("Brazil's Bahia State", "Turkistan Region of
Kazakhstan"): its name alone is what the body calls it."""


_AMBASSADOR_TO = re.compile(r"\bAmbassador\s+to\s+(?:the\s+)?([A-Z][^,;]{2,40})")


def _epithets(p: Party, leader: bool, parties: list[Party], led_delegation: bool = False) -> list[str]:
    """ "the Head of State", "the guests", "the lawmakers": what the body calls a party instead of its name.

    The lawmakers are the party whose office is in a legislature (``legislature`` words in titles.toml);
    "the delegation" is the counterpart when the lead met a delegation led by them (``led_delegation``).
    """
    data = titles()
    forms: list[str] = []
    if leader:
        forms += data.get("epithet_leader", [])

    def legislative(q: Party) -> bool:
        return bool(q.title and _legislature_regex().search(q.title))

    if p.role == "counterpart":
        forms += data.get("epithet_visitor", [])
        if led_delegation:
            forms += data.get("epithet_led_delegation", [])
    if legislative(p):
        forms += data.get("epithet_legislator", [])
    return forms


def _fold(word: str) -> str:
    """A name token without accents, lower-cased ("Año" ~ "Ano")."""
    if word.isascii():
        return word.lower()  # nothing to decompose
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


_REGNAL = re.compile(r"[IVX]+|Jr\.?|Sr\.?")


def _name_tokens(name: str) -> list[str]:
    """The tokens of a name the body may use alone: not particles, initials, regnal numbers, nor a father's
    name after "bin" ("Mohammed bin Salman": "Salman" is also his father, King Salman)."""
    toks = name.split()
    return [t for i, t in enumerate(toks)
            if t not in name_particles() and len(t.rstrip(".")) >= 3 and not _REGNAL.fullmatch(t)
            and not (i > 0 and toks[i - 1] in ("bin", "bint", "ibn", "ben"))]


_HEAD_THEN_WORD = re.compile(r"\b(?=([A-Z][\w.\-]*)\s+([A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019\-]*)(?![\w\-]))")


@cache
def _not_alone() -> re.Pattern[str]:
    """More of a name after a word ("Joseph R. Biden", "Ursula von der Leyen", "Luminita -Teodora")."""
    particles = "|".join(re.escape(p) for p in sorted(name_particles(), key=len, reverse=True))
    return re.compile(r"\s*-|\s+(?:[A-Z\u00c0-\u00de]|(?:" + particles + r")\b)")


# (The capital first, then "(?<![\w\-].)" for what precedes it: the engine skips to capitals; same matches.)
_WORD_THEN_REPORT = re.compile(r"([A-Z\u00c0-\u00de](?<![\w\-].)[\w\u00c0-\u024f'\u2019\-]+)\s+(?:also\s+)?"
                               r"(?:said|says|noted|"
                               r"stressed|emphasi[sz]ed|expressed|added|stated|pointed out|briefed|told|thanked|"
                               r"welcomed|hoped|underlined|reiterated)\b")


_DEFINED_ACRONYM = re.compile(r"(?<=[a-z] )\(([A-Z]{2,6})\)")
"""An acronym the body defines right after the words it stands for: "Director-General (DG)"."""


def _written_after_office(body: str) -> dict[str, str]:
    """Words the body writes alone after an office or honorific, or alone as the subject of a reporting
    verb ("Lim said", "Anwar noted"), by their folded form."""
    written: dict[str, str] = {}
    for m in _WORD_THEN_REPORT.finditer(body):
        if not _NAME_BEFORE.search(body[max(0, m.start() - 40) : m.start()]):
            written.setdefault(_fold(m.group(1)), m.group(1))  # alone, not the tail of a full name
    offices, not_alone = office_words(), _not_alone()
    # an office's short form the body defines ("Director-General (DG)", then "DG Tedros highlighted")
    defined = set(_DEFINED_ACRONYM.findall(body))
    for m in _HEAD_THEN_WORD.finditer(body):
        head, word = m.group(1), m.group(2)
        if (head in offices or head.split("-")[0] in offices or head in defined) and \
                not not_alone.match(body, m.end(2)):
            written.setdefault(_fold(word), word)
    return written


def _body_names(people: tuple[str, ...], written: dict[str, str], taken: set[str]) -> list[str]:
    """Name tokens the body writes alone after an office or honorific ("Foreign Minister Retno", "Chairman
    Hue", "Mr. Ano" for "Año"; not "President Joseph R. ...") or before a reporting verb ("Lim said"),
    whichever token of the full name it is:
    naming customs differ (given names in Indonesia and Ethiopia, the last given name in Vietnam, a
    nickname inside a Brazilian name)."""
    out: list[str] = []
    for person in people:
        if person[:1].islower():
            continue
        for tok in _name_tokens(person):
            key = _fold(tok)
            if key in written and key not in taken and written[key] not in out:
                out.append(written[key])
    return out


def _with_aliases(parties: list[Party], readout: Readout, *, led_delegation: bool = False) -> list[Party]:
    """Fill each party's alias table; a form both could claim goes to the principal only (and "the
    delegation" is the counterpart's when the lead met a delegation led by them)."""
    tables: dict[str, list[str]] = {}
    tokens = {p.id: {_fold(t) for person in (p.name, *p.members) for t in person.split()} for p in parties}
    written = _written_after_office(readout.body_text)
    for p in parties:
        forms: list[str] = [p.name, *p.members]
        taken = set().union(*(tokens[q.id] for q in parties if q.id != p.id))
        forms += _body_names((p.name, *p.members), written, taken)
        honorific: list[str] = []
        for person in (p.name, *p.members):
            if person[:1].islower():  # a group ("leaders of the EU member states"): its head noun, not a surname
                forms += [f"the {person}", f"the {person.split()[0]}"]
                continue
            for s in _surnames(person, p.side):
                forms.append(s)
                honorific += [f"{h} {s}" for h in ("Mr.", "Ms.", "Mrs.", "Dr.", "Madam", "Mr", "Ms")]
        heads = tuple(_heads(p.title)) if p.title else ("President", "Prime Minister")
        leader = not p.title or bool(re.search(LEADER_TITLES, p.title))
        forms += _office_forms(p.side, heads, leader, bool(p.title))
        forms += _side_forms(p.side)
        if p.organisation and p.organisation in country_index_names() and p.organisation != p.side:
            forms += _side_forms(p.organisation)  # a second hat: "Chair of the African Union"
        if p.organisation and p.organisation != p.side and len(p.organisation) < 40 and not all(
                w in ORG_WORDS or w in ("of", "the", "and", "for") for w in p.organisation.split()):
            forms += [p.organisation, f"the {p.organisation}"]
            if (unit := _SUBNATIONAL.fullmatch(p.organisation)) and unit.group("core") not in ORG_WORDS:
                forms.append(unit.group("core"))  # "Brazil's Bahia State" -> Bahia: the body says "Bahia is ..."
        forms += honorific
        forms += _epithets(p, leader, parties, led_delegation)
        forms += ["The " + f[4:] for f in forms if f.startswith("the ")]
        tables[p.id] = list(dict.fromkeys(filter(None, [f.strip() for f in forms if f])))
    if len(parties) == 2:
        a, b = parties[0].id, parties[1].id
        lower_b = [f.lower() for f in tables[b]]
        clash = set(map(str.lower, tables[a])).intersection(lower_b)
        if clash and parties[0].role == "principal" and parties[0].side in NAMED_PRINCIPAL_SIDES:
            # A Chinese readout names its own official every time ("Xi Jinping said"): an office both hold,
            # written bare ("The President said that Peru ..."), is the foreign guest's.
            heads_b = {h.lower() for h in (_heads(parties[1].title) if parties[1].title else ())}
            bare = {f for f in clash if f.startswith("the ") and f.removeprefix("the ") in heads_b}
            tables[a] = [f for f in tables[a] if f.lower() not in bare]
            clash -= bare
        if clash:
            tables[b] = [f for f, low in zip(tables[b], lower_b, strict=True) if low not in clash]
    return [Party(id=p.id, role=p.role, name=p.name, title=p.title, organisation=p.organisation, side=p.side,
                  members=p.members, aliases=tuple(tables[p.id]), notes=p.notes) for p in parties]
