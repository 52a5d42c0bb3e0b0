"""Sentences, and who said each one.

Each sentence (or clause, where the speaker changes mid-sentence) becomes a
:class:`~stance.model.Statement` labelled with a party id, ``joint`` or ``narrator``. The rules:

* a party named as the subject of a reporting verb ("Liu said", "The Secretary stressed",
  "San Francisco hopes") opens that party's turn; two parties as one subject, or a joint
  subject ("The two leaders", "They"), make a joint statement;
* a sentence with no reporting verb continues the current turn ("Both sides should ..." inside
  Liu's turn is Liu's proposal); reciprocal passives ("It was agreed", "were discussed") are joint;
* a third person speaking inside a party's turn ("President Xi Jinping pointed out that ...") is
  cited by that party; outside any turn, a third person is narrator;
* framing ("X met with Y", "Z was present", "The following is attributable to ...") is narrator;
* quoted sentences belong to whoever the quotation is attributed to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from stance.cues import Verb, find_verbs, is_passive, passive_regex, phrase_regex
from stance.model import JOINT, NARRATOR, Party, Readout, Span, Statement
from stance.sentences import cut, office_words, people_in, sentences, speaker_labels
from stance.vocab import countries, country_index, country_regex, cues

GAP_WORDS = frozenset(
    [
        "also", "further", "once", "again", "then", "in", "turn", "has", "had", "have", "both", "separately",
        "later", "today", "yesterday", "repeatedly", "firmly", "respectively", "jointly", "briefly", "personally",
        "especially", "particularly", "specially", "sincerely", "highly", "fully", "clearly", "explicitly", "for",
        "his", "her", "their", "its", "part", "on", "all", "each", "too", "likewise", "similarly", "moreover",
        "additionally", "subsequently", "first", "firstly", "secondly", "finally", "notably", "warmly", "strongly",
        "deeply", "positively", "emphatically", "would", "will", "could", "can", "may", "might", "did", "does",
        "do", "not", "meanwhile", "there", "here", "this", "morning", "afternoon", "evening", "during", "the",
        "call", "meeting", "talks", "conversation", "at", "end", "of", "a", "an", "same", "time", "been", "is",
        "are", "was", "were", "themselves", "himself", "herself", "earlier", "previously", "already", "still",
        "again", "once", "more", "jr", "sr", "ii", "iii", "iv"
    ]
)

# Patterns scanned over every sentence start with a letter test where they can ("(?=[HhSs])", or the
# letter and then "(?<![\w].)" for "\b" before it): the regex engine then skips to those letters
# instead of trying the whole pattern at every character. The matches are the same.
_PRONOUN = re.compile(r"(?=[HhSs])(?<![\w])(?:He|She|he|she)(?![\w'\u2019])")


_OF_AFTER = re.compile(r"\s+of\s+(?:the\s+)?")
# a name may open with a lower-case particle ("President von der Leyen", "Minister van Dijk")
_PARTICLES = r"(?:(?:von|van|der|den|de|del|della|di|da|du|dos|das|le|la|bin|ibn|al|el)\s+)*"
_CAPITAL_AFTER = re.compile(r"\s+(?:of\s+)?" + _PARTICLES + r"[A-Z]")
_NAME_AFTER = re.compile(r"\s+(?:of\s+(?:the\s+)?)?" + _PARTICLES + r"([A-Z][\w\-]+)")
_GAP_OFFICE_TAIL = re.compile(r"^\s*of\s+(?:the\s+)?(?:(?:[A-Z][\w'\u2019\-]*|of|the|and|for)\s*)+")
_GAP_COMMAS = re.compile(r",[^,;]{1,160}?,")
_GAP_BRACKETS = re.compile(r"\([^()]{0,80}\)")
_GAP_WORD = re.compile(r"[\w'\u2019\-]+")
_ANY_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d]")
_DURING_BEFORE = re.compile(r"\b(?:during|at|in|after|before|following|throughout)\s+$", re.I)
_IT_WAS_THAT = re.compile(r"\s*(?:[^,]{0,40},\s*)?it was (?:\w+ly\s+|also\s+)*\w+ed\s+that\b", re.I)
_IT_WAS_AGREED = re.compile(r"\bit was (?:\w+ly\s+)?(?:agreed|decided)")
_MEETING_WORD = re.compile(r"\b(?:met|meets|spoke|talks?|conversation|call)\b")


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference to a speaker: a party id, ``joint``, ``pronoun`` or ``third``."""

    who: str
    span: Span
    name: str = ""


@cache
def _joint_forms() -> dict[str, tuple[str, ...]]:
    """Joint subjects, lower case -> the ways they are written ("The two leaders", "the Presidents")."""
    out: dict[str, tuple[str, ...]] = {}
    for j in cues()["joint"]["subjects"]:
        forms = [j, j[:1].upper() + j[1:], j.title(),
                 j[:1].upper() + j[1:].replace(" presidents", " Presidents").replace(" leaders", " Leaders")]
        out[j.lower()] = tuple(dict.fromkeys(forms))
    return out


_WITH_COMPANY = re.compile(r"\s+and\s+(?:(?:their|the|both)\s+)?(?:[a-z]+\s+){1,5}(?:also\s+)?")
_ASIDE = re.compile(r"\s*,\s*(?:[a-z]+\s+){1,5}(?:the\s+)?")
_OFFICE_TAIL = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w\-]*\s+(?:and\s+)?){1,5}")
_PAIRED_SIDES = re.compile(r"[Tt](?<![\w].)he [A-Z][\w.\-]+ and [A-Z][\w.\-]+ (?:sides|delegations|leaders|presidents|"
                           r"governments|parties|ministers|teams)\b")


_MODIFIERS = r"(?:interim|acting|outgoing|incoming|caretaker|newly\s+\w+)"
_OFFICE_CONJUNCT = re.compile(r"\s*(?:,\s*)?and\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:" + _MODIFIERS + r"\s+)?"
                              r"(?P<office>(?:(?:[A-Z][\w\-]*|of|the|to|for)\s+){1,8}|"
                              r"(?:[A-Z][\w\-]*\s+)?counterparts?\s+)(?:also\s+|further\s+|separately\s+|jointly\s+|"
                              r"both\s+)*")


@cache
def _demonyms() -> frozenset[str]:
    return frozenset(d for c in countries() for d in c.demonyms)


_REPORT_LEMMAS = frozenset({"stress", "note", "emphasize", "underline", "underscore", "highlight", "express",
                            "reaffirm", "say", "state", "point out", "mention", "voice"})
_PLURAL_OFFICES = re.compile(r"(?:[Tt](?<![\w].)he (?:two |both )?|(?<![\w])[Bb]oth )"
                             r"(?:(?:[A-Z][\w\-]*|diplomatic|foreign|national|security|"
                             r"deputy|defen[cs]e|finance|trade|senior|top|high-level)\s+){0,3}(?:[Aa]dvis[oe]rs|Presidents|"
                             r"Vice Presidents|Secretaries|officials|"
                             r"Ministers|Chancellors|Premiers|Envoys|Sherpas|Deputies|Coordinators)\b(?!\s+(?:of|from|for)\b)")
_ELISION = re.compile(r"<\s*(?:\u2026|\.\.\.)\s*>|\[\s*(?:\u2026|\.\.\.)\s*\]")


def _first_person(readout: Readout) -> bool:
    """True for a statement in its author's own voice ("Statement by X ...", body "I spoke with ...")."""
    return bool(re.match(r"(?:Statement|Remarks|Message) (?:by|from)\b", readout.title)) and bool(
        re.search(r"(?:^|[.!?]\s+)(?:I|We)\s+[a-z]", readout.body_text))


_PREPOSITION_BEFORE = re.compile(r"\b(?:of|for|to|with|in|on|by|from|about|against|between|among|into)\s+(?:the\s+)?$")
_OF_BETWEEN = re.compile(r"\s+of\s+(?:the\s+)?")
_THAT_END = re.compile(r"\bthat\s*$")
_SPEECH_VERB = (r"\b(?:said|says|noted|notes|stressed|stresses|pointed\s+out|emphasi[sz]ed|underlined|underscored|"
                r"stated)")
"""Verbs that open a speaker's own words ('said that ...', 'said, ...')."""
_SAID_THEN_ADVERBIAL = re.compile(
    _SPEECH_VERB + r"(?:\s+that)?\s*,?\s+(?:during|since|over|in|at|after|before|under|with|as|through|amid|"
    r"despite|for|on|from|following|given|currently|now|recently|today|this|last|next)\b[^,;]*$", re.I)
"""'X said, over the past years, ...' / 'X said that during his visit, ...': what follows the comma is still
what X said (the comma only closes a fronted adverbial)."""
_SPEECH_OPEN = re.compile(_SPEECH_VERB + r"(?:\s+that\b|\s*,)", re.I)
"""A speaker's words opened by 'said that' / 'said,': '..., and the two sides have continued to deepen
cooperation' later in the sentence is still what the speaker said, not the two sides speaking ('..., and
they pledged to ...' still hands over: the narrator's 'they')."""
_SUBORDINATOR = re.compile(r"[,;]?\s*(?:if|unless|when|whenever|although|though|because|since|once|whether)\b")
# "X welcomed Y's trip to the region, where the Secretary will meet ...": a place in what X said, not a new
# speaker (after a framing verb it is: "X met Y at the White House, where they discussed ...").
_WHERE = re.compile(r"[,;]?\s*where\b")
_LIST_LEAD = re.compile(r"[^.;:]*(?:,|\band\b)\s*(?:[A-Z][\w.\-]*\s+)*")
_PAIRED_AFTER = re.compile(r"\s*(?:,|and\b|&|together)")
_THE_DEMONYM = re.compile(r"\s*The ([A-Z][\w\-]+) ")
_BY_AGENT_AFTER = re.compile(r"\s+by\s")


_NAME_RUN = re.compile(r"\b[A-Z][\w'\u2019\-]{3,}(?:\s+[A-Z][\w'\u2019\-]{3,})?\b")
"""Capitalised words (and pairs): the candidates for a spelling variant of a party's name."""


def _spelt_otherwise(text: str, parties: tuple[Party, ...], owner: dict[str, str]) -> list[tuple[str, str]]:
    """Names in the text that are a party's name or surname spelt another way ("Naftali Bennet" for
    "Naftali Bennett", "Zelensky" for "Zelenskyy"): one or two letters apart, same first letter."""
    from rapidfuzz import fuzz

    forms = {f: p.id for p in parties for f in {p.name, p.name.split()[-1]} if len(f) >= 5 and f[0].isupper()}
    if not forms:
        return []
    out: list[tuple[str, str]] = []
    initials = {f[0] for f in forms}
    runs: set[str] = set()
    for m in _NAME_RUN.finditer(text):
        run = m.group(0)
        if run[0] in initials:
            runs.add(run)
        last = run.rsplit(None, 1)[-1]  # "President Zelensky": the name alone too
        if last is not run and last[0] in initials:
            runs.add(last)
    for cand in runs - set(owner):
        if cand.endswith(("'s", "\u2019s")):
            continue  # a possessive ("Zelenskyy's") is the name itself
        for form, pid in forms.items():
            if cand[0] == form[0] and cand.count(" ") == form.count(" ") and abs(len(cand) - len(form)) <= 2 \
                    and fuzz.ratio(cand, form) >= 88:
                out.append((cand, pid))
                break
    return out


class Attributor:
    """Label the sentences of one readout; built once per readout from its parties."""

    def __init__(self, readout: Readout, parties: tuple[Party, ...]) -> None:
        self.readout = readout
        self.text = readout.text
        self.parties = parties
        self.principal = next((p.id for p in parties if p.role == "principal"), None)
        text = readout.text
        owner: dict[str, str] = {}
        # Only forms that occur in this text are searched for; the first party to claim a form keeps it,
        # then the joint subjects ("the two leaders") whose lower-case form the text has.
        for p in parties:
            for form in p.aliases:
                if form not in owner and form in text:
                    owner[form] = p.id
        for variant, pid in _spelt_otherwise(text, parties, owner):
            owner[variant] = pid
        if len(parties) >= 2:
            lowered = text.lower()
            for base, forms in _joint_forms().items():
                if base in lowered:
                    for form in forms:
                        if form not in owner and form in text:
                            owner[form] = JOINT
        self._owner = owner
        if self.principal and _first_person(readout):
            # "Statement by President X on ...": "I" and "We" are the author, the principal.
            for form in ("I", "We", "we"):
                self._owner[form] = self.principal
        self._forms = sorted(self._owner, key=len, reverse=True)

    def _find_forms(self, masked: str) -> list[tuple[int, int, str]]:
        """Word-bounded occurrences of every alias form, longest first at each place."""
        hits: list[tuple[int, int, str]] = []
        for form in self._forms:
            i = masked.find(form)
            while i >= 0:
                j = i + len(form)
                before = masked[i - 1] if i > 0 else " "
                after = masked[j] if j < len(masked) else " "
                if not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_"):
                    hits.append((i, j, form))
                i = masked.find(form, i + 1)
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        return hits

    # ---- mentions -------------------------------------------------------------------------
    def mentions(self, masked: str, base: int) -> list[Mention]:
        """Party, joint and pronoun references in a (quote-masked) sentence."""
        out: list[Mention] = []
        for m_start, m_end, form in self._find_forms(masked):
            who = self._owner[form]
            # "China-US relations", "Breed's visit": not a speaker here.
            tail = masked[m_end : m_end + 3]
            if tail[:1] == "-" or tail[:2] in ("'s", "\u2019s") or tail[:1] in ("'", "\u2019"):
                continue
            # "the President of Ukraine" is someone else's president when it is not an alias.
            of = _OF_AFTER.match(masked[m_end : m_end + 12])
            if of and len(form.split()) <= 3 and not form.split()[-1][:1].islower() and \
                    country_regex().match(masked, m_end + of.end()) and \
                    not any(a.startswith(form + " of") and a in masked for a in self._forms):
                continue
            # Bare office forms must not be followed by a name ("President Xi Jinping").
            if form[:1].isupper() and _CAPITAL_AFTER.match(masked[m_end : m_end + 30]) \
                    and form.split()[-1] not in {self._surname_of(who)}:
                nxt = _NAME_AFTER.match(masked[m_end : m_end + 60])
                if nxt and not self._continues_alias(form, masked, m_end):
                    continue
            out.append(Mention(who, Span(base + m_start, base + m_end), form))
        for m in _PRONOUN.finditer(masked):
            out.append(Mention("pronoun", Span(base + m.start(), base + m.end()), m.group(0)))
        for m in _PLURAL_OFFICES.finditer(masked):
            # "The National Security Advisors discussed", "the Vice Presidents": both holders of the office.
            out.append(Mention(JOINT, Span(base + m.start(), base + m.end()), m.group(0)))
        for m in _PAIRED_SIDES.finditer(masked):
            # "the Ukrainian and American sides": both sides named at once.
            out.append(Mention(JOINT, Span(base + m.start(), base + m.end()), m.group(0)))
        out.sort(key=lambda x: (x.span.start, -len(x.span)))
        kept: list[Mention] = []
        for x in out:
            if kept and x.span.start < kept[-1].span.end:
                continue
            if kept and kept[-1].who == x.who and x.who != "pronoun" and (
                    not masked[kept[-1].span.end - base : x.span.start - base].strip()
                    or _OFFICE_TAIL.fullmatch(masked, kept[-1].span.end - base, x.span.start - base)):
                # "Foreign Minister" + "Kofod": one mention.
                y = kept.pop()
                x = Mention(x.who, Span(y.span.start, x.span.end), f"{y.name} {x.name}")
            kept.append(x)
        return kept

    def _surname_of(self, who: str) -> str:
        p = next((p for p in self.parties if p.id == who), None)
        return p.name.split()[-1] if p else ""

    def _continues_alias(self, form: str, masked: str, end: int) -> bool:
        """True when the capitalised words after ``form`` name the same party (its own name)."""
        who = self._owner.get(form)
        rest = masked[end : end + 60].lstrip()
        return any(rest.startswith(alias) and not rest[len(alias) : len(alias) + 1].isalnum()
                   for alias, owner in self._owner.items() if owner == who and alias != form)

    # ---- subjects -------------------------------------------------------------------------
    def subject_of(self, masked: str, base: int, verb: Verb, mentions: list[Mention], clause_start: int) -> list[
            Mention] | None:
        """The mention(s) standing as subject of ``verb``, or None when the verb has no party subject."""
        before = [m for m in mentions if m.span.end <= verb.span.start and m.span.start >= clause_start]
        if not before:
            return None
        last = before[-1]
        if _RELATIVE_AFTER_NOUN.search(masked, max(0, last.span.start - base - 80), last.span.start - base):
            # "... will never forget the selfless support China gave to ...": a relative clause without "that"
            return None
        if _RELATIVE_HEAD.fullmatch(masked, clause_start - base, before[0].span.start - base):
            # "The assistance China provided ... saved lives": the party is the subject of a clause
            # inside the sentence's subject, not the speaker
            return None
        gap = masked[last.span.end - base : verb.span.start - base]
        if last.who == JOINT and _WITH_COMPANY.fullmatch(gap):
            return [last]  # "The two leaders and their teams agreed ..."
        if len(before) >= 2 and gap.lstrip().startswith(",") and _ASIDE.fullmatch(
                masked, before[-2].span.end - base, last.span.start - base):
            # "X, in the presence of Y, presented ...": Y stands in an aside, X is the subject.
            before = before[:-1]
            last = before[-1]
            gap = masked[last.span.end - base : verb.span.start - base]
        before_last = masked[max(0, last.span.start - base - 12) : last.span.start - base]
        if gap.strip() == "," and _PREPOSITION_BEFORE.search(before_last):
            # "... support for the territorial integrity of Ukraine, stressed ...": the object of a preposition,
            # and the verb after the comma goes on with the sentence's subject
            return None
        if not _adjacent(gap):
            other = self._office_conjunct(gap, last)
            return [last, Mention(other, Span(last.span.end, verb.span.start), "")] if other else None
        chain = [last]
        joined = False  # "A, B and C": a bare comma joins only a list that "and" closes
        k = len(before) - 2
        while k >= 0:
            between = masked[before[k].span.end - base : chain[0].span.start - base]
            if before[k].who == chain[0].who and _OF_BETWEEN.fullmatch(between):
                # "the delegation of the Republic of Korea": one party named twice, one subject
                chain[0] = before[k]
                k -= 1
                continue
            # "The Head of the Office of the President and ...": the first office may keep its tail.
            if re.fullmatch(r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w\-]*\s*){1,4})?"
                            r"(?:\s*,\s*(?:Jr|Sr)\.?)?\s*(?:,\s*)?(?:and|as well as|&|together with)\s+(?:the\s+)?(?:"
                            + _MODIFIERS + r"\s+)?"
                            r"(?:(?:[A-Z][\w\-]*\.?|of|for|the)\s+){0,8}", between):
                chain.insert(0, before[k])
                joined = True
                k -= 1
            elif joined and re.fullmatch(r"\s*,\s*(?:the\s+)?(?:(?:[A-Z][\w\-]*\.?|of|for|the)\s+){0,8}", between):
                # "Deputy Secretary Sherman, Minister Lee, and Vice Minister Choi": each item with its office
                chain.insert(0, before[k])
                k -= 1
            else:
                break
        if len(chain) == 2 and re.match(r"\s*,", masked[chain[0].span.end - base : chain[1].span.start - base]) \
                and not re.match(r"\s*,\s*(?:as well as|together with)", masked[chain[0].span.end - base :]):
            # "They discussed Northern Ireland, and President Biden reiterated ...": a comma before "and"
            # closes a list of three or more; with two, the first is the object of the clause before.
            chain = chain[1:]
        return chain

    def _office_conjunct(self, gap: str, last: Mention) -> str | None:
        """The other party when ``gap`` joins it to ``last`` by its office alone: "The Secretary and Foreign
        Minister discussed", "... and the interim Prime Minister also emphasized", "... and his Ukrainian
        counterparts discussed". An office of the subject's own side ("The President and Vice President")
        keeps the subject alone."""
        m = _OFFICE_CONJUNCT.fullmatch(gap)
        if not m or last.who not in {p.id for p in self.parties}:
            return None
        other = next((p for p in self.parties if p.id != last.who), None)
        own = next((p for p in self.parties if p.id == last.who), None)
        if other is None or own is None:
            return None
        office = m.group("office")
        if re.fullmatch(r"(?:[A-Z][\w\-]*\s+)?counterparts?\s*", office):
            return other.id
        words = {w for w in re.findall(r"[A-Z][\w\-]*", office)}
        if not words or not words <= office_words() | _demonyms():
            return None

        def fit(p: Party) -> int:
            title = f"{p.title or ''} {' '.join(p.aliases)}"
            return sum(1 for w in words if re.search(rf"\b{re.escape(w)}\b", title))

        mine, theirs = fit(own), fit(other)
        return other.id if theirs > mine or (theirs == mine and theirs > 0 and
                                             " ".join(office.split()) not in own.aliases) else None

    def owner_in(self, words: str) -> str | None:
        """The party a phrase names (its last party form), e.g. a transcript speaker label."""
        hits = [self._owner[f] for _, _, f in self._find_forms(words) if self._owner[f] not in (JOINT,)]
        return hits[-1] if hits else None

    def third_person(self, masked: str, base: int, verb: Verb, clause_start: int) -> str | None:
        """A named non-party speaker right before ``verb`` ("President Xi Jinping pointed out")."""
        head = masked[clause_start - base : verb.span.start - base]
        head = re.sub(r"\s*,[^,]{1,120},\s*$", " ", head)  # appositive
        head = re.sub(r"^\s*As\s+", "", head)  # "As President Xi Jinping has stressed, ..."
        head = re.sub(r",?\s*(?:Jr|Sr)\.?,?\s*$", " ", head)  # "President Joseph R. Biden, Jr. dropped by"
        # "pointed out", "has pointed out", "once said", "has repeatedly stressed": the same citation
        m = re.search(r"((?:[A-Z][\w.'\u2019\-]*\s+)*?(?:[A-Z][\w.'\u2019\-]*\s+)?[A-Z][\w'\u2019\-]+)\s*"
                      r"(?:(?:has|had|once|\w+ly|also|further|previously|earlier)\s+)*$", head)
        if not m:
            return None
        people = people_in(m.group(1), describe=False)
        if not people:
            return None
        return people[-1].name


_RELATIVE_HEAD = re.compile(r"\s*(?:[A-Z][\w ]{0,30},\s*)?(?:The|the|A|An|Its|Their|This|These|Those)\s+"
                            r"(?:[a-z][\w\-]*\s+){0,3}(?![a-z][\w\-]*(?:ing|ed|ly)\s)(?!(?:new|former|incoming|"
                            r"outgoing|two|three|both|visiting|current|then|of|for|from|with|and|or|to|in|by|on|at|"
                            r"between|among|as|that|which|whom|whose)\s)[a-z][\w\-]*\s+")
"""A sentence opening with a noun phrase of common words right before a party ("The support China
gave ...", "the railway China helped build ..."): a relative clause without "that"."""


_RELATIVE_AFTER_NOUN = re.compile(
    r"(?<![Dd]uring )(?<![Ii]n )(?<![Aa]t )(?<![Aa]fter )(?<![Bb]efore )(?<![Oo]n )(?<![Ff]ollowing )(?<![Oo]ver )"
    r"(?<![Tt]hroughout )(?<![Ww]ithin )\b(?:the|a|an|its|their|his|her)\s+(?:[a-z][\w\-]*\s+){0,2}?"
    r"(?!(?:and|or|but|that|which|who|whom|as|if|when|while|then|also|today|yesterday|here|there|now|later|earlier|"
    r"further|finally|together|both|with|of|for|to|in|on|at|by|from)\s)[a-z][\w\-]*(?<!ly)\s+(?:the\s+)?$")
"""A noun phrase right before a party ("the selfless support China gave ...")."""


def _adjacent(gap: str) -> bool:
    """True when only adverbs, auxiliaries and appositives stand between subject and verb."""
    g = _GAP_OFFICE_TAIL.sub(" ", gap)
    for _ in range(3):
        g2 = _GAP_COMMAS.sub(" ", g)
        g2 = _GAP_BRACKETS.sub(" ", g2)
        if g2 == g:
            break
        g = g2
    g = g.replace(",", " ")
    words = _GAP_WORD.findall(g)
    if len(words) > 6 or (words and words[-1].lower() in ("his", "her", "their", "its", "our")):
        return False  # "thanked the High Commissioner for his continued ...": a possessive, then an adjective
    return all(w.lower() in GAP_WORDS or w.lower().endswith("ly") for w in words)


_QUOTE = re.compile(r"[\"\u201c\u201d]")


def _quote_kind(text: str, i: int) -> str:
    """Whether the quotation mark at ``i`` opens or closes a quotation: curly marks by their glyph,
    straight ones by what stands around them ('said: "We ...' opens, 'war," he' closes); "?" when
    nothing tells."""
    c = text[i]
    if c == "\u201c":
        return "open"
    if c == "\u201d":
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in "([{\u2014\u2013-:") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}\u2014\u2013-"):
        return "close"
    return "?"


def _quote_regions(text: str, span: Span) -> list[Span]:
    """Quoted stretches in a paragraph (straight or curly quotes).

    Marks pair by what they are, not by their order: a quotation inside a quotation ('the "good
    offices" mechanism') nests, a stray closing mark is dropped, and a quotation left unclosed,
    as publishers do when it runs on ('... rape. "Europe has ...," he said'), ends where the next
    one opens, else at the end of the paragraph.
    """
    marks = [(m.start(), _quote_kind(text, m.start())) for m in _QUOTE.finditer(text, span.start, span.end)]
    out: list[Span] = []
    opened: list[int] = []
    for i, kind in marks:
        if kind == "?":
            kind = "close" if opened else "open"
        if kind == "open":
            opened.append(i)
        elif opened:
            out.append(Span(opened.pop(), i + 1))
    for a in opened:
        end = next((i for i, k in marks if i > a and k != "close"), span.end)
        out.append(Span(a, end))
    return sorted(out, key=lambda q: (q.start, -q.end))


def _mask(text: str, sent: Span, quotes: list[Span]) -> str:
    """The sentence with quoted words blanked out (same length), so that verbs inside quotes do not count."""
    chars = list(text[sent.start : sent.end])
    for q in quotes:
        s, e = max(q.start, sent.start), min(q.end, sent.end)
        # Short quoted terms ("San Francisco vision") stay; only quoted speech is masked.
        if e - s > 0 and (q.end - q.start) > 60:
            for j in range(s - sent.start, e - sent.start):
                if not chars[j].isspace():
                    chars[j] = "\u2592"
    return "".join(chars).replace("\u00a0", " ")



@dataclass
class _Turn:
    """The running state while walking a readout: who holds the floor."""

    current: str | None = None
    last_party: str | None = None
    introduced: set[str] = field(default_factory=set)
    """Surnames of third persons the narrator brought in ("King Abdullah ... to join the call")."""
    framed: str | None = None
    """The party the last framing sentence was about ("X spoke with Y." -> "He ..." is X)."""
    aside: str | None = None
    """A party that spoke with a third person ("X also spoke with Z. They ..." -> X)."""
    transcript: str | None = None
    """Whose turn a transcript speaker label opened (a party id, or narrator for someone else)."""


_ATTRIBUTION = "framing: presence, attribution or the meeting's tone"


@dataclass(frozen=True, slots=True)
class _Clause:
    span: Span
    verb: Verb | None
    subject: list[Mention] | None
    passive: bool = False


_GENERIC_VERB = re.compile(r"\s*(?:\w+ly\s+|also\s+)?([a-z]{3,}ed)\b")


def attribute(readout: Readout, parties: tuple[Party, ...]) -> tuple[Statement, ...]:
    """Statements for every sentence of the body, in order, each with its speaker."""
    at = Attributor(readout, parties)
    text = readout.text
    out: list[Statement] = []
    turn = _Turn()
    ids = {p.id for p in parties}
    opening = True  # nothing but attribution lines so far
    for pi, para in enumerate(readout.paragraphs):
        quotes = [q for q in _quote_regions(text, para) if q.end - q.start > 60]
        para_first = len(out)
        labels = {lb.start: lb for lb in speaker_labels(text, para)}
        points = [p for lb in labels.values() for p in (lb.start, lb.end)]
        points += [p for m in _ELISION.finditer(text, para.start, para.end) for p in (m.start(), m.end())]
        spans = cut(text, sentences(text, para), points)
        for si, sent in enumerate(spans):
            words = sent.of(text)
            heading = any(lb >= sent.end and not text[sent.end : lb].strip() for lb in labels)
            if sent.start in labels or (heading and not re.search(r"[.!?\u2026>\"\u201d]\s*$", words)):
                # A transcript speaker label ("President of Russia Vladimir Putin:"), or a heading glued to it.
                is_label = sent.start in labels
                owner = at.owner_in(words) if is_label else None
                out.append(Statement(party=NARRATOR, span=sent, confidence=0.9, paragraph=pi,
                                     reason="transcript speaker label" if is_label else "heading"))
                if is_label:
                    turn.transcript = owner or NARRATOR
                    turn.current = owner or NARRATOR
                    if owner:
                        turn.last_party = owner
                continue
            if turn.transcript is not None:
                elision = not re.sub(r"[<>\u2026.\[\]\s]", "", words)
                who = NARRATOR if elision else turn.transcript
                why = "elision in a transcript" if elision else "transcript: the labelled speaker's turn"
                out.append(Statement(party=who, span=sent, confidence=0.85, paragraph=pi, reason=why))
                continue
            masked = _mask(text, sent, quotes)
            mentions = at.mentions(masked, sent.start)
            verbs = _reframe(at, masked, sent, find_verbs(masked, sent.start), mentions)
            clauses = _handover(masked, sent, _clauses(at, masked, sent, verbs, mentions), mentions)
            for ci, cl in enumerate(clauses):
                label, reason, cited, conf = _label(
                    at, turn, masked, sent, cl, ids, first_in_para=(si == 0 and ci == 0),
                    first_in_text=opening, first_clause=ci == 0,
                )
                opening = opening and label == NARRATOR and reason == _ATTRIBUTION
                if cited is None and label in ids and cl.verb is not None and cl.verb.lemma in _REPORT_LEMMAS:
                    cited = _relayed_after(at, masked, sent, cl)
                named = cl.verb is not None and cl.subject is not None
                out.append(
                    Statement(
                        party=label,
                        span=cl.span,
                        cue=cl.verb.lemma if named and cl.verb else None,
                        cue_span=cl.verb.span if named and cl.verb else None,
                        speaker_span=Span(cl.subject[0].span.start, cl.subject[-1].span.end)
                        if cl.subject and cl.subject[0].who != "third" else None,
                        cited=cited,
                        confidence=conf,
                        reason=reason,
                        paragraph=pi,
                    )
                )
                _follow(turn, at, masked, sent, cl, label, ids, mentions)
        _attribute_quotes(out, para_first, quotes, ids)
    return tuple(out)


_RELAYED = re.compile(r"\s*(?:that\s*)?,?\s*(?:as\s+)?(?P<who>(?:[A-Z][\w.'\u2019\-]*\s+){1,6}?)"
                      r"(?:(?:has|had|once|repeatedly|also|previously)\s+)*(?:pointed out|stressed|said|emphasized|"
                      r"emphasised|noted|underlined|underscored|stated|proposed)\b")


def _relayed_after(at: Attributor, masked: str, sent: Span, cl: _Clause) -> str | None:
    """The third person whose words a party's reported speech opens with ("Wang Yi said that President Xi
    Jinping has pointed out that ...", "... noted that, as President Xi Jinping emphasized, ...")."""
    assert cl.verb is not None
    m = _RELAYED.match(masked, cl.verb.span.end - sent.start, cl.span.end - sent.start)
    if m is None:
        return None
    people = people_in(m.group("who"), describe=False)
    if not people or any(form in m.group("who") for form in at._owner):
        return None
    return people[-1].name


def _follow(turn: _Turn, at: Attributor, masked: str, sent: Span, cl: _Clause, label: str, ids: set[str],
            mentions: list[Mention]) -> None:
    """Move the floor after one clause: who speaks now, whom a framing sentence was about."""
    text = at.text
    if label == NARRATOR:
        for person in people_in(cl.span.of(text), describe=False):
            turn.introduced.add(person.name.split()[-1])
        subj = cl.subject[0].who if cl.subject else None
        if cl.verb is not None and cl.verb.framing and subj in ids:
            turn.framed = subj
            rest = masked[cl.verb.span.end - sent.start : cl.span.end - sent.start]
            others = {m.who for m in mentions if m.span.start >= cl.verb.span.end} & (ids - {subj})
            # "X also spoke with the Government of Z": a conversation without the other side.
            turn.aside = subj if re.search(r"\bwith\b", rest) and not others and turn.last_party else None
        else:
            turn.aside = None
    else:
        turn.framed = None
        if label != JOINT or cl.subject is None:
            turn.aside = None
    if label in ids:
        turn.current = label
        turn.last_party = label
    elif label == JOINT:
        turn.current = JOINT
    else:
        turn.current = NARRATOR


_CONVERSATION = re.compile(r"\s+(?:(?:a|an|the|their|his|her|its)\s+)?(?:[\w\-]+,?\s+){0,5}?"
                           r"(?:telephone\s+|phone\s+|video\s+)?"
                           r"(?:conversation|call|talks|meeting|videoconference|video conference|phone call|"
                           r"consultations|dialogue|negotiations)\b"
                           r"(?=[^.;]{0,80}\bwith\b|\s*[.;]|\s+(?:on the phone|by phone|today|yesterday)\b"
                           r"|\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?\s*[.;]"
                           r"|\s+and\s+(?:a\s+|an\s+)?(?:[\w\-]+\s+){0,2}(?:luncheon|lunch|dinner|breakfast|banquet)\b)")
_PLACE_AFTER = re.compile(r"[^,.;]{0,80}?\s+to\s+(?:the\s+)?(?:[A-Z][\w\-]+|Kremlin)")
_CALLED_WHAT = re.compile(r"\s+(?:[a-z]|[A-Z][\w\-]*[\u2019']s\b)")  # "called it ...", "called Canada's support ..."
_A_CALL = re.compile(r"\s+(?:him|her|them|by|on|to|back|today|yesterday|again|this|last|earlier|for|in|via|over|"
                     r"a|an|each|one another)\b")
_SPEAK_MANNER = re.compile(r"\s+(?:understanding|concern|appreciation|satisfaction|regret|gratitude|warmth|respect|"
                           r"approval|alarm|sympathy|confidence|optimism|pride)\b")


def _reframe(at: Attributor, masked: str, sent: Span, verbs: list[Verb], mentions: list[Mention]) -> list[Verb]:
    """Verbs whose reading depends on what follows them.

    "had a short secure video call with", "welcomed Y to Oslo" and "dropped in on" report the
    meeting (framing), while "called the support important" and "spoke with understanding"
    report words (a cue).
    """
    out: list[Verb] = []
    for v in verbs:
        after = masked[v.span.end - sent.start :]
        word = masked[v.span.start - sent.start : v.span.end - sent.start].lower()
        hosts = v.lemma == "welcome" and bool(_PLACE_AFTER.match(after)) and any(
            m.who not in ("pronoun", JOINT) and 0 <= m.span.start - v.span.end <= 40 for m in mentions)
        named_next = any(m.who != "pronoun" and 0 <= m.span.start - v.span.end <= 2 for m in mentions)
        calls_it = v.framing and word in ("called", "calls") and bool(_CALLED_WHAT.match(after)) and not \
            _A_CALL.match(after) and not named_next
        manner = v.framing and word.startswith(("spoke with", "speaks with")) and bool(
            _SPEAK_MANNER.match(masked, v.span.end - sent.start))
        if (v.lemma == "hold" and _CONVERSATION.match(after)) or hosts:
            v = Verb("meet", v.span, True)
        elif calls_it or manner:
            v = Verb("say", v.span, False)
        out.append(v)
    return out


def _attribute_quotes(out: list[Statement], first: int, quotes: list[Span], ids: set[str]) -> None:
    """Give quoted sentences to whoever the quotation is attributed to (before or after it)."""
    for q in quotes:
        inside = [i for i in range(first, len(out)) if q.start <= out[i].span.start and out[i].span.end <= q.end + 2]
        closing = next((i for i in range(first, len(out)) if out[i].span.start < q.end <= out[i].span.end), None)
        opening = next((i for i in range(first, len(out)) if out[i].span.start <= q.start < out[i].span.end), None)
        owner: str | None = None
        for i in (closing, opening):
            if i is not None and out[i].cue is not None and out[i].party in ids | {JOINT}:
                owner = out[i].party
                break
        if owner is None:
            continue
        for i in {*inside, *(x for x in (closing, opening) if x is not None)}:
            s = out[i]
            if s.party != owner and s.cue is None:
                out[i] = Statement(party=owner, span=s.span, cue=s.cue, cue_span=s.cue_span,
                                   speaker_span=s.speaker_span, cited=s.cited, confidence=0.8,
                                   reason="quoted speech, attributed at the quotation", paragraph=s.paragraph)


_INVERTED = re.compile(r"[\u2592\"\u201d],?\s+(said|says|stated|noted|added|stressed|emphasi[sz]ed|continued|"
                       r"explained|concluded|underlined|assured|remarked|declared)\s+")
_HANDOVER = re.compile(r",\s*(?:and|while|but|whereas)\s+$")
_MODAL = re.compile(r"\s+(?:will|would|shall|intends|plans|is going|is ready|stands ready|continues|remains|has "
                    r"decided|is prepared)\b")


def _clauses(at: Attributor, masked: str, sent: Span, verbs: list[Verb], mentions: list[Mention]) -> list[_Clause]:
    """Split a sentence where a second speaker takes over ("..., and Zelenskyy thanked him")."""
    acc = _ACCOUNT.match(masked)
    if acc:
        # "According to X, the parties discussed ...": X's account, whatever its subject.
        src = next((m for m in mentions if m.who not in ("pronoun", JOINT) and m.span.end <= sent.start + acc.end(1)),
                   None)
        if src is not None:
            verb = Verb("say", Span(sent.start + acc.start(), sent.start + acc.start() + len("According")), False)
            return [_Clause(sent, verb, [src])]
    inv = _INVERTED.search(masked)
    if inv:
        # '"...," said the Head of State': the speaker stands after the verb.
        after = sent.start + inv.end()
        speaker = next((m for m in mentions if m.who not in ("pronoun", JOINT) and 0 <= m.span.start - after <= 4),
                       None)
        if speaker is not None:
            verb = Verb("say", Span(sent.start + inv.start(1), sent.start + inv.end(1)), False)
            return [_Clause(sent, verb, [speaker])]
    found: list[tuple[int, Verb, list[Mention], bool]] = []
    clause_start = sent.start
    for v in verbs:
        subj = at.subject_of(masked, sent.start, v, mentions, clause_start)
        if subj is None and not found:
            name = at.third_person(masked, sent.start, v, clause_start) if _is_cue_position(masked, sent, v) else None
            if name:
                found.append((sent.start, v, [Mention("third", Span(v.span.start, v.span.start), name)], False))
            continue
        if subj is None:
            continue
        gap = masked[subj[-1].span.end - sent.start : v.span.start - sent.start]
        passive = is_passive(gap, masked[v.span.start - sent.start : v.span.end - sent.start])
        vt = masked[v.span.start - sent.start : v.span.end - sent.start]
        if not passive and not gap.strip() and vt.endswith("ed") and " " not in vt and \
                _BY_AGENT_AFTER.match(masked, v.span.end - sent.start):
            continue  # "the defense of Japan backed by the full range of U.S. capabilities": a participle
        if not found:
            found.append((sent.start, v, subj, passive))
            continue
        prev_who = {m.who for m in found[-1][2]}
        who = {m.who for m in subj}
        # A new clause only where a conjunction or semicolon introduces another speaker.
        lead = masked[: subj[0].span.start - sent.start]
        conj = re.search(r"(?:,\s*(?:and|while|whereas|but|and\s+in\s+turn)\s+|;\s*|\s+(?:while|whereas)\s+|,\s*"
                         r"(?:in\s+turn,?\s+)?)(?:[\w\-]+\s+){0,3}?$", lead)
        if not conj and (subj[0].who == JOINT or JOINT in prev_who):
            # "... of Africa and they agreed ...", "They discussed X and the Secretary emphasized ..."
            conj = re.search(r"\s+and\s+$", lead)
        if conj and (_THAT_END.search(lead[: conj.start()]) or _SUBORDINATOR.match(lead[conj.start() :])
                     or (not found[-1][1].framing and _WHERE.match(lead[conj.start() :]))
                     or _SAID_THEN_ADVERBIAL.search(lead[: conj.start()])
                     or (who == {JOINT} and JOINT not in prev_who and _SPEECH_OPEN.search(lead[: conj.start()])
                         and masked[subj[0].span.start - sent.start : subj[0].span.end - sent.start].lower()
                         != "they")):
            conj = None  # "... was clear that, if Russia undertakes ...": a clause inside what was said
        if who != prev_who and conj and subj[0].who != "pronoun" and "third" not in prev_who:
            found.append((sent.start + conj.start(), v, subj, passive))
    if not found:
        # "President Zelenskyy awarded ...": a party at the head of the sentence with any past-tense verb.
        for m in mentions:
            if m.who in ("pronoun",) or m.span.start - sent.start > 60:
                continue
            head = masked[: m.span.start - sent.start]
            if head.strip() and not re.fullmatch(r"[^,]{0,60},\s*", head):
                continue
            g = _GENERIC_VERB.match(masked, m.span.end - sent.start)
            if g:
                v = Verb(g.group(1), Span(sent.start + g.start(1), sent.start + g.end(1)), False)
                return [_Clause(sent, v, [m])]
        return [_Clause(sent, None, None)]
    out: list[_Clause] = []
    for i, (start, v, subj, passive) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else sent.end
        s = sent.start if i == 0 else start
        while s < end and masked[s - sent.start] in " ,;":
            s += 1
        out.append(_Clause(Span(s, end), v, subj, passive))
    return out


def _handover(masked: str, sent: Span, clauses: list[_Clause], mentions: list[Mention]) -> list[_Clause]:
    """Split a joint clause where one side takes over without a reporting verb.

    "The two leaders instructed their teams ..., and Washington will fund its first phase."
    """
    if len(clauses) != 1 or not clauses[0].subject or clauses[0].subject[0].who != JOINT or clauses[0].verb is None:
        return clauses
    first = clauses[0]
    assert first.verb is not None
    assert first.subject is not None
    for m in mentions:
        if m.who in (JOINT, "pronoun", "third") or m.span.start <= first.verb.span.end:
            continue
        conj = _HANDOVER.search(masked[: m.span.start - sent.start])
        mv = _MODAL.match(masked, m.span.end - sent.start)
        if conj and mv:
            verb = Verb("say", Span(sent.start + mv.start() + 1, sent.start + mv.end()), False)
            cut_at = sent.start + conj.start()
            nxt = cut_at + 1
            while nxt < sent.end and masked[nxt - sent.start] in " ,;":
                nxt += 1
            return [_Clause(Span(sent.start, cut_at), first.verb, first.subject, first.passive),
                    _Clause(Span(nxt, sent.end), verb, [m])]
    return clauses


def _is_cue_position(masked: str, sent: Span, v: Verb) -> bool:
    """A third-person subject counts only at the start of the sentence or after an opening phrase."""
    head = masked[: v.span.start - sent.start]
    return len(_ANY_WORD.findall(head)) <= 12


def _other(ids: set[str], who: str) -> str | None:
    rest = sorted(ids - {who})
    return rest[0] if len(rest) == 1 else None


_WEAK_NARRATOR = frozenset({"at the request of", "at the initiative of", "was initiated by"})
_ACCOUNT = re.compile(r"\s*According to ([^,]{3,80}),")
_BY_AGENT = re.compile(r"\b(?:was|were|has been|have been)\s+(?:\w+ly\s+|also\s+|again\s+)*(?:raised|proposed|"
                       r"suggested|put forward|initiated|presented|stressed|emphasi[sz]ed|noted|expressed|voiced)"
                       r"\s+by\s+((?:the\s+)?[A-Z][^,.;]{2,60})")
_NOTED_THAT = re.compile(r"\s*(?:[^,]{0,40},\s*)?it was (?:\w+ly\s+|also\s+)*(?:noted|stressed|emphasi[sz]ed|pointed "
                         r"out|said|underlined|mentioned|reported)\s+that\s+((?:\S+\s+){1,5})")
_EXCHANGE_SUBJECT = re.compile(r"\s*(?:[A-Z][\w ]{0,30},\s*)?(?:The|An|This|Their)\s+(?:[\w\-]+\s+){0,2}?"
                               r"(?:conversation|discussion|talks|exchange of views|exchange|dialogue|call|meeting|"
                               r"negotiations|consultations)(?:\s+(?:on|about|of|between)\s+[^,]{1,80}?)?\s+"
                               r"(?:also\s+|further\s+|then\s+)?(?:touched|covered|included|focused|centred|centered|"
                               r"concerned|dealt|addressed|took place|was resumed|were resumed|turned|moved|"
                               r"continued|went on)\b")
_MEETING_NOUN = r"(?:meeting|call|phone call|conversation|visit|trip|engagement|talks|dialogue)"
_COMMENTARY = re.compile(r"\s*(?:(?:This|That|Today's|Today\u2019s)\s+(?:[\w\-]+\s+){0,2}?" + _MEETING_NOUN +
                         r"\s+(?:is|was|comes|came|follows|followed|marks|marked|represents|represented)\b"
                         r"|(?:This|It)\s+(?:is|was)\s+(?:the|their|a)\s+(?:[\w\-]+\s+){0,2}?" + _MEETING_NOUN + r"\b)")
_MUTUAL_AGENT = re.compile(r"\b(?:was|were)\s+(?:\w+ly\s+|also\s+)*\w+(?:ed|en)\s+(?:on|by|from)\s+(?:both sides|"
                           r"the two sides|both parties|the parties|each side|the sides)\b")
_IMPORTANCE_PASSIVE = re.compile(r"\s*(?:[A-Z][\w ]{0,30},\s*)?The (?:importance|need|necessity|significance|"
                                 r"relevance|value) of [^.;]{3,200}?\b(?:was|were) (?:\w+ly\s+|also\s+)*"
                                 r"(?:emphasi[sz]ed|stressed|noted|underlined|underscored|highlighted|confirmed|"
                                 r"reaffirmed)\b")


def _opening_side(at: Attributor, clause: str, *, demonym: bool = True) -> tuple[str, int] | None:
    """The party a clause opens with, and where its name ends: a mention at the head ("Zambia firmly ...",
    "The United States will ...", "Chile and China are ...") or, with ``demonym``, its side's demonym ("The
    Malawian people ...")."""
    first = next(iter(at.mentions(clause, 0)), None)
    if first is not None and first.who in {p.id for p in at.parties} and \
            clause[: first.span.start].strip() in ("", "The", "the"):
        return first.who, first.span.end
    m = _THE_DEMONYM.match(clause) if demonym else None
    if m is None:
        return None
    for party in at.parties:
        c = country_index().get((party.side or "").lower())
        if c is not None and m.group(1) in c.demonyms:
            return party.id, m.end(1)
    return None


def _label(at: Attributor, turn: _Turn, masked: str, sent: Span, cl: _Clause, ids: set[str], *,
           first_in_para: bool, first_in_text: bool, first_clause: bool = True) -> tuple[str, str, str | None, float]:
    """(label, reason, cited, confidence) for one clause."""
    clause = masked[cl.span.start - sent.start : cl.span.end - sent.start]
    low = clause.lower()
    verb, subject = cl.verb, cl.subject
    if not _LETTER.search(cl.span.of(at.text)):
        return NARRATOR, "no words (a separator)", None, 0.9
    if first_clause and _COMMENTARY.match(clause) and not _QUOTE_MARK.search(clause):
        # "This meeting was part of ongoing efforts ...", "This is the fifth meeting between ...":
        # the publisher commenting on the meeting itself, framing like "The talks were held in ...".
        return NARRATOR, "a comment on the meeting itself", None, 0.6
    narr = phrase_regex("narrator", "patterns").search(clause)
    if narr and narr.group(0).lower() in _WEAK_NARRATOR and passive_regex("reciprocal").search(clause):
        narr = None  # "Links were examined at the request of X": the exchange, not its framing
    if narr and (_DURING_BEFORE.search(clause[: narr.start()]) or _IT_WAS_THAT.match(clause)):
        # "Special attention during the meeting was paid to ...": the meeting is not the subject;
        # "It was emphasized that ... talks were held ...": framing words inside what was said.
        narr = None
    if phrase_regex("narrator", "always").search(clause) or (
            (subject is None or verb is None or verb.framing or subject[0].who == "third") and narr):
        return NARRATOR, _ATTRIBUTION, None, 0.8
    if narr and cl.passive and verb is not None and verb.lemma == "hold":
        # "The 17th round of consultations between China and Nepal was held in Kathmandu": the sides stand
        # in the meeting's name, not as its subject
        return NARRATOR, _ATTRIBUTION, None, 0.75
    if cl.passive and verb is not None and verb.lemma in _REPORT_LEMMAS:
        # "The importance of ..., including vaccines to Venezuela, was stressed": a party at the end of
        # the subject is not what was stressed; the sentence has no named speaker.
        verb, subject = None, None
    if verb is not None and subject is not None:
        whos = {m.who for m in subject}
        if subject[0].who == "third":
            surname = subject[0].name.split()[-1]
            if verb.framing:
                return NARRATOR, f"{subject[0].name} joins (a framing verb)", None, 0.7
            lead = masked[cl.span.start - sent.start : subject[0].span.start - sent.start]
            listed = {m.who for m in at.mentions(lead, cl.span.start)}
            if len(listed & ids) >= 2 and _LIST_LEAD.fullmatch(lead):
                # "Secretary Blinken, President Cortizo, Foreign Minister Mouynes, and Secretary Mayorkas
                # discussed ...": both sides, with others of their delegations
                return JOINT, "both sides (and others) as subject", None, 0.7
            if turn.current in ids and surname not in turn.introduced:
                return turn.current, f"relays {subject[0].name} inside the turn", subject[0].name, 0.7
            return NARRATOR, f"{subject[0].name} is on neither side", None, 0.6
        if cl.passive:
            if verb.lemma in ("discuss", "agree") or JOINT in whos or len(whos & ids) >= 2:
                return JOINT, "reciprocal passive ('was discussed')", None, 0.7
            who = next(iter(whos))
            if who == "pronoun":
                who = turn.current if turn.current in ids else (turn.last_party or "")
            other = _other(ids, who) if who in ids else None
            if other is not None:
                return other, f"passive: the other side {verb.lemma}s", None, 0.6
        if "pronoun" in whos:
            speaker = turn.current if turn.current in ids else (turn.framed or turn.last_party)
            if speaker is None:
                return NARRATOR, "pronoun with no party before it", None, 0.3
            if verb.framing:
                return NARRATOR, "framing verb", None, 0.6
            return speaker, f"'{subject[0].name}' refers to the current speaker", None, 0.75
        if JOINT in whos or len(whos & ids) >= 2:
            if verb.framing:
                return NARRATOR, "both sides as subject of a framing verb", None, 0.7
            if turn.aside is not None and JOINT in whos:
                return turn.aside, "'they' of a conversation with a third person", None, 0.6
            return JOINT, "both sides as subject", None, 0.9
        who = next(iter(whos))
        if verb.framing:
            return NARRATOR, "framing: who met whom", None, 0.85
        return who, f"named subject of '{verb.lemma}'", None, 0.9
    # No speaker named: the exchange itself, framing, or the turn going on.
    if (m := _ACCOUNT.match(clause)) and (agent := at.owner_in(m.group(1))) in ids and agent:
        return agent, "account frame ('According to X, ...')", None, 0.75
    if (m := _BY_AGENT.search(clause)) and (agent := at.owner_in(m.group(1))) in ids and agent:
        return agent, "passive with the speaker as agent ('was raised by X')", None, 0.75
    if (m := _NOTED_THAT.match(clause)) and (agent := at.owner_in(m.group(1))) in ids and agent and \
            turn.current in ids and agent != turn.current:
        return agent, "agentless report of the other side's position", None, 0.55
    if _EXCHANGE_SUBJECT.match(clause) or _MUTUAL_AGENT.search(clause) or _IMPORTANCE_PASSIVE.match(clause):
        return JOINT, "the exchange itself as subject, or a passive of both sides", None, 0.65
    if passive_regex("reciprocal").search(clause) or _IT_WAS_AGREED.search(low):
        return JOINT, "reciprocal passive ('were discussed', 'it was agreed')", None, 0.7
    if phrase_regex("passive", "topic").search(clause):
        return JOINT, "reports the topic of the exchange", None, 0.7
    pm = passive_regex("reports").search(clause)
    if pm and phrase_regex("passive", "mutual").search(clause[: pm.start()]) and not re.search(
            r"\b(?:which|that|who|whom)\s*$", clause[: pm.start()]):
        return JOINT, "passive report of mutual positions", None, 0.65
    if first_in_text and _MEETING_WORD.search(low) and turn.current is None:
        return NARRATOR, "opening framing", None, 0.6
    if turn.current in ids:
        if first_in_para and at.principal is not None:
            opening = _opening_side(at, clause)
            if turn.current != at.principal and opening is not None and opening[0] == turn.current:
                return turn.current, "new paragraph opening with the speaker's own side", None, 0.55
            return at.principal, "new paragraph in the publisher's own voice", None, 0.5
        return turn.current, "continues the current speaker's turn", None, 0.7
    if turn.current == JOINT and not first_in_para:
        opening = _opening_side(at, clause, demonym=False)
        if opening is not None and opening[0] == at.principal and not _PAIRED_AFTER.match(clause[opening[1] :]):
            # "The United States will also provide ...": the publisher's side speaking as itself
            return at.principal, "the publishing side speaking as itself after a joint statement", None, 0.5
        return JOINT, "continues a joint statement", None, 0.55
    if at.principal is not None and turn.current is not None:
        return at.principal, "the publishing side speaking as itself", None, 0.45
    return NARRATOR, "no speaker named", None, 0.4
