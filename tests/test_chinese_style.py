"""Chinese-side readouts (IDCPC, MFA, Xinhua): fixtures written by hand in each style, invented content."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from stance import pipeline
from stance.model import JOINT, NARRATOR, Split, Statement
from stance.read import parse_text, read_file


def split(name: str) -> Split:
    return pipeline.split(read_file(FIXTURES / "split" / name)[0])


def label(sp: Split, words: str) -> str:
    at = sp.readout.text.index(words)
    st = next(s for s in sp.statements if s.span.start <= at < s.span.end)
    if st.party in (JOINT, NARRATOR):
        return st.party
    party = sp.party(st.party)
    assert party is not None
    return party.role


def test_idcpc_meets_with_a_party_delegation() -> None:
    sp = split("idcpc_meets_delegation.txt")
    pr, co = sp.parties
    assert (pr.name, pr.side) == ("Chen Haoran", "China")
    assert "Chen" in pr.aliases  # surname first
    assert (co.name, co.side) == ("Martina Soto Vega", "Chile")
    assert "Soto" in co.aliases  # the first of two Iberian surnames
    assert label(sp, "met here today") == NARRATOR
    assert label(sp, "Chen said") == "principal"
    relayed = next(s for s in sp.statements if "Xi Jinping stressed" in s.span.of(sp.readout.text))
    assert relayed.cited == "Xi Jinping"
    assert label(sp, "Soto expressed") == "counterpart"
    assert label(sp, "She said the party") == "counterpart"
    assert label(sp, "The two sides also exchanged") == JOINT
    assert label(sp, "was present") == NARRATOR


def test_mfa_xi_speaks_on_the_phone() -> None:
    sp = split("mfa_xi_phone.txt")
    pr, co = sp.parties
    assert (pr.name, pr.side) == ("Xi Jinping", "China")
    assert (co.name, co.side) == ("Park Min-jun", "South Korea")
    assert "Park" in co.aliases  # Korean names: surname first
    assert label(sp, "spoke with South Korean President") == NARRATOR
    assert label(sp, "The Chinese side is ready") == "principal"
    assert label(sp, "Both sides should respect") == "principal"  # a proposal inside Xi's turn
    assert label(sp, "Park hoped") == "counterpart"
    assert label(sp, "The ROK side is willing") == "counterpart"
    assert label(sp, "The two heads of state agreed") == JOINT


def test_xinhua_fm_phone_talks() -> None:
    sp = split("xinhua_fm_phone.txt")
    pr, co = sp.parties
    assert (pr.name, pr.side) == ("Wang Yi", "China")  # not "Xinhua" from the dateline
    assert (co.name, co.side) == ("Bence Tóth", "Hungary")
    assert label(sp, "held phone talks") == NARRATOR
    assert label(sp, "Wang said") == "principal"
    assert label(sp, "China is ready") == "principal"
    assert label(sp, "He said Hungary opposes") == "counterpart"
    assert label(sp, "The two sides also exchanged") == JOINT


def test_mfa_wang_yi_holds_talks() -> None:
    sp = split("mfa_wang_yi_dahlberg.txt")
    assert [p.name for p in sp.parties] == ["Wang Yi", "Erik Dahlberg"]
    assert label(sp, "held talks here today") == NARRATOR



def test_cited_speech_in_any_tense() -> None:
    """"President Xi Jinping pointed out", "has pointed out", "As ... has stressed, ..." and "once
    said": the same citation inside the speaker's turn, in whatever tense the readout uses."""
    sp = split("mfa_cited_tenses.txt")
    text = sp.readout.text

    def cited(words: str) -> str | None:
        at = text.index(words)
        return next(s for s in sp.statements if s.span.start <= at < s.span.end).cited

    assert label(sp, "As President Xi Jinping has pointed out") == "principal"
    assert cited("As President Xi Jinping has pointed out") == "Xi Jinping"
    assert label(sp, "has stressed on many occasions") == "principal"
    assert cited("has stressed on many occasions") == "Xi Jinping"
    assert label(sp, "Both sides should firmly support") == "principal"
    assert label(sp, "President Ana Morales once said") == "counterpart"
    assert cited("President Ana Morales once said") == "Ana Morales"
    assert label(sp, "Valdoria welcomes more Chinese") == "counterpart"
    assert label(sp, "The two sides agreed") == JOINT


def test_a_party_inside_a_relative_clause_is_not_the_speaker() -> None:
    """'The assistance China provided ... saved many lives': China is the subject of a clause inside
    the sentence's subject; the sentence goes on with the counterpart's turn, and so do the next."""
    sp = split("mfa_relative_clause.txt")
    assert label(sp, "The assistance China provided") == "counterpart"
    assert label(sp, "Ghana firmly adheres") == "counterpart"
    assert label(sp, "The people of Ghana cherish") == "counterpart"
    assert label(sp, "China is willing to deepen") == "principal"


def test_consultations_and_received_delegations_have_their_speakers() -> None:
    sp = split("mfa_consultations.txt")
    assert sp.parties[0].title == "Vice Foreign Minister"  # not "2025, Vice Foreign Minister"
    assert label(sp, "Ma Zhaoxu said that China") == "principal"
    assert label(sp, "Somchai Wongsakul said") == "counterpart"
    sp = split("idcpc_received_delegation.txt")
    assert label(sp, "Echagüe said") == "counterpart"
    assert label(sp, "Argentina is willing") == "counterpart"
    assert label(sp, "Members of the delegation said") == "counterpart"
    assert label(sp, "is visiting China at the invitation") == NARRATOR


def test_held_consultations_is_the_meeting_and_each_side_speaks_as_a_side() -> None:
    """"X held the 9th round of diplomatic consultations with Y" reports the meeting (not X's words);
    then "the Chinese side" / "the Ecuadorian side" speak, and a sentence after either continues it."""
    sp = split("mfa_side_consultations.txt")
    assert [p.side for p in sp.parties] == ["China", "Ecuador"]
    assert label(sp, "held the 9th round") == NARRATOR
    assert label(sp, "The Chinese side said") == "principal"
    assert label(sp, "China is ready") == "principal"
    assert label(sp, "The Ecuadorian side said") == "counterpart"
    assert label(sp, "Ecuador welcomes") == "counterpart"
    assert label(sp, "it appreciates") == "counterpart"
    assert label(sp, "The two sides also exchanged") == JOINT


def test_a_governors_state_by_its_own_name_is_the_governor() -> None:
    """'Governor of Brazil's Bahia State': the body says 'Bahia is willing ...' (the governor's side
    speaking, not someone cited), and Bahia is no theme."""
    sp = split("idcpc_governor_state.txt")
    st = next(s for s in sp.statements if s.span.of(sp.readout.text).startswith("Bahia is willing"))
    assert label(sp, "Bahia is willing") == "counterpart"
    assert st.cited is None
    al = pipeline.analyse(sp.readout)
    assert not any("bahia" in t.name.lower() for t in al.themes)

def test_a_side_committed_to_something_speaks_for_itself() -> None:
    """'Norrhamn is committed to expanding ...' is the mayor's own pledge: 'is committed to' is the
    city's state of mind, not a passive that someone else acted on (then it would be the other side's)."""
    sp = split("idcpc_mayor_committed.txt")
    assert label(sp, "Norrhamn is committed to") == "counterpart"
    assert label(sp, "Local exchanges are") == "principal"


def test_a_new_paragraph_opening_with_the_speakers_side_continues_the_speaker() -> None:
    """After the counterpart's paragraph, a new paragraph with no speaker named is the publisher's own
    voice, unless it opens with the counterpart's own side ("Malawi will never forget ...", "The Malawian
    people ..."): then the counterpart goes on speaking."""
    sp = split("idcpc_counterpart_paragraphs.txt")
    assert label(sp, "Young people are the future") == "principal"
    assert label(sp, "Grace Mbewe said") == "counterpart"
    assert label(sp, "Malawi will never forget") == "counterpart"
    assert label(sp, "Malawi firmly adheres") == "counterpart"
    assert label(sp, "The Malawian people see") == "counterpart"


def test_two_officials_who_co_chaired_the_consultations_are_the_parties() -> None:
    """A headline with no person ("China and Bolivia Hold ... Consultations") and a lead where the two
    officials "co-chaired" the round: the lead still names principal and counterpart, and "the Chinese
    side" / "the Bolivian side" speak for them (with no parties every sentence was the narrator's)."""
    sp = split("mfa_cochaired_consultations.txt")
    assert [(p.name, p.side) for p in sp.parties] == [("Miao Deyu", "China"), ("Elena Quispe", "Bolivia")]
    assert label(sp, "co-chaired the 5th round") == NARRATOR
    assert label(sp, "The Chinese side briefed") == "principal"
    assert label(sp, "China is ready to work with Bolivia") == "principal"
    assert label(sp, "The Bolivian side thanked") == "counterpart"
    assert label(sp, "Bolivia firmly adheres") == "counterpart"
    assert label(sp, "The two sides exchanged") == JOINT
    assert label(sp, "The Chinese side expressed appreciation") == "principal"
    assert label(sp, "The Bolivian side said") == "counterpart"


def test_the_headlines_counterpart_country_is_not_the_principals_side() -> None:
    """Neither official's office names a country in the lead; the headline calls the counterpart
    "Uruguayan", and the body says "the Uruguayan side" more often than "the Chinese side". With no
    publisher folder to decide, the principal's side is read from the body leaving the counterpart's
    country out: both parties had read as Uruguay and every Uruguayan sentence went to the principal."""
    sp = split("mfa_side_headline_demonym.txt")
    assert sp.readout.source is None
    assert [p.side for p in sp.parties] == ["China", "Uruguay"]
    assert label(sp, "The Chinese side said") == "principal"
    assert label(sp, "The Uruguayan side said") == "counterpart"
    assert label(sp, "Uruguay welcomes") == "counterpart"


def test_a_pair_that_held_consultations_somewhere_reports_the_meeting() -> None:
    """"A and B held diplomatic consultations in Dili." reports the meeting (narrator), as "... with Y"
    or a bare full stop after the meeting noun already did; the place before the stop had made it the
    two sides' joint statement."""
    sp = split("mfa_pair_held_consultations.txt")
    assert [p.side for p in sp.parties] == ["China", "Timor-Leste"]
    assert label(sp, "held diplomatic consultations in Dili") == NARRATOR
    assert label(sp, "The Timorese side thanked") == "counterpart"
    assert label(sp, "The two sides agreed") == JOINT


def test_both_sides_spoke_highly_of_is_joint() -> None:
    """"Both sides spoke positively of ..." at the head of the body is the two sides' joint praise (no
    verb had been read, so it went to the publisher's own voice); "The Chinese side noted ..." then
    opens the principal's turn."""
    sp = split("mfa_both_sides_spoke_highly.txt")
    assert label(sp, "Both sides spoke positively") == JOINT
    assert label(sp, "The Chinese side noted") == "principal"
    assert label(sp, "Under the strategic guidance") == "principal"
    assert label(sp, "The Malawian side expressed") == "counterpart"
    assert label(sp, "It reaffirmed that Malawi") == "counterpart"


def test_consultations_co_chaired_by_two_officials_name_the_parties() -> None:
    """"The 16th round ... was held in Kathmandu. It was co-chaired by A and B.": no headline person and
    no "X met Y"; the pair after "co-chaired by" are the parties, and the sentence reports the meeting."""
    sp = split("mfa_consultations_co_chaired_by.txt")
    assert [(p.name, p.side) for p in sp.parties] == [("Sun Weidong", "China"), ("Kamala Thapa", "Nepal")]
    assert label(sp, "It was co-chaired by") == NARRATOR
    assert label(sp, "The Chinese side said") == "principal"
    assert label(sp, "The Nepalese side expressed") == "counterpart"
    assert label(sp, "The Nepalese side reaffirmed") == "counterpart"
    assert label(sp, "The two sides agreed") == JOINT


def test_leaders_who_witnessed_the_signing_report_an_event() -> None:
    """"Xi and Kiprono also witnessed the signing of cooperation documents" narrates the meeting; with
    no verb read it had gone to the publisher's own voice (the principal), and its topics to his themes.
    The Xinhua turns around it keep their speakers ("..., Xi said, adding that ...", "For his part, ...")."""
    sp = split("xinhua_xi_meets_kenya.txt")
    assert label(sp, "witnessed the signing") == NARRATOR
    assert label(sp, "Noting that China and Kenya") == "principal"
    assert label(sp, "China supports Kenya") == "principal"
    assert label(sp, "For his part") == "counterpart"
    assert label(sp, "Kenya firmly adheres") == "counterpart"


def test_a_counterpart_with_no_country_takes_the_side_the_body_names() -> None:
    """"Foreign Secretary X" with no country in the headline or the lead, then "The Nepalese side said
    ...": the counterpart's side is the one the body names as a speaker, so "the Nepalese side" is his;
    with no side, his sentences had gone to the principal."""
    sp = split("mfa/counterpart_side_from_body.txt")  # an MFA readout: the publisher is China
    assert sp.readout.source == "mfa"
    assert [p.side for p in sp.parties] == ["China", "Nepal"]
    assert label(sp, "The Chinese side said") == "principal"
    assert label(sp, "The Nepalese side said") == "counterpart"
    assert label(sp, "Nepal hopes to increase") == "counterpart"


def test_a_leader_cited_inside_a_speakers_reported_words_is_cited() -> None:
    """"Wang Yi said that President Xi Jinping has pointed out that ..." and "... noted that, as President
    Xi Jinping emphasized, ...": the statement is Wang Yi's, and it relays Xi Jinping's words."""
    sp = split("mfa/cited_inside_reported_speech.txt")

    def statement(words: str) -> Statement:
        at = sp.readout.text.index(words)
        return next(s for s in sp.statements if s.span.start <= at < s.span.end)

    for words in ("Wang Yi said that President Xi", "Wang Yi noted that, as President Xi"):
        assert label(sp, words) == "principal"
        assert statement(words).cited == "Xi Jinping"
    assert statement("China is ready to work with Ecuador").cited is None
    assert statement("Gabriela Sommerfeld said").cited is None


def test_consultations_whose_heads_led_their_delegations() -> None:
    """"The 17th round of ... consultations between China and Nepal was held in Kathmandu ... A and B led their
    respective delegations to the consultations.": the pair who led the delegations are the parties, and
    both sentences report the meeting (it had no parties at all)."""
    sp = split("mfa/consultations_respective_delegations.txt")
    assert [(p.name, p.side) for p in sp.parties] == [("Sun Weidong", "China"), ("Amrit Rai", "Nepal")]
    assert label(sp, "The 17th round") == NARRATOR
    assert label(sp, "led their respective delegations") == NARRATOR
    assert label(sp, "The Chinese side said") == "principal"
    assert label(sp, "The Nepalese side thanked") == "counterpart"
    assert label(sp, "Both sides agreed") == JOINT


def test_a_counterparts_country_from_the_pair_the_headline_names() -> None:
    """"Foreign Secretary Amrit Rai" names no country; "China-Nepal Diplomatic Consultations" in the headline
    pairs the principal's country with his."""
    sp = split("mfa/consultations_country_pair.txt")
    assert [p.side for p in sp.parties] == ["China", "Nepal"]
    assert label(sp, "Rai said that Nepal") == "counterpart"


def test_a_party_inside_a_relative_clause_later_in_the_sentence_is_not_the_speaker() -> None:
    """"The Malawian people will never forget the selfless help China gave during the famine": China is the
    subject of a relative clause without "that" inside the object, not the speaker; the counterpart's turn
    goes on. "During the talks the two sides ..." is no such clause."""
    text = (
        "Wang Yi Holds Talks with Foreign Minister of Malawi Grace Phiri\n( 2025.04.02 )\n\n"
        "On April 2, Foreign Minister Wang Yi held talks with Foreign Minister of Malawi Grace Phiri in Beijing.\n\n"
        "Wang Yi said that China and Malawi are good friends.\n\n"
        "Grace Phiri said that Malawi values its friendship with China. The Malawian people will never forget "
        "the selfless help China gave during the famine. Malawi firmly adheres to the one-China principle.\n\n"
        "During the talks the two sides also exchanged views on regional issues.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label(sp, "The Malawian people will never forget") == "counterpart"
    assert label(sp, "Malawi firmly adheres") == "counterpart"
    assert label(sp, "During the talks the two sides") == JOINT


def test_the_guests_programme_is_narrated() -> None:
    """"X is visiting China at the invitation of ...", "He will also visit Fujian Province." and "X is on an
    official visit" tell the guest's programme (narrator); the second had gone to the publisher's voice."""
    text = (
        "Chinese top legislator meets PNG parliament speaker\n( 2025.06.20 )\n\n"
        "BEIJING, June 20 (Xinhua) -- Zhao Leji, chairman of the National People's Congress Standing Committee, "
        "met with Speaker of the National Parliament of Papua New Guinea Peter Kaupa in Beijing on Friday.\n\n"
        "Zhao said China and PNG are good friends and partners.\n\n"
        "The speaker said that PNG values its relations with China.\n\n"
        "Kaupa is visiting China at the invitation of the NPC Standing Committee. He will also visit Fujian "
        "Province.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label(sp, "The speaker said") == "counterpart"
    assert label(sp, "Kaupa is visiting") == NARRATOR
    assert label(sp, "He will also visit") == NARRATOR


# Every body sentence of five more hand-written Chinese-side readouts, with the label the gold
# conventions give it (../shared/gold/README.md): a proposal for both sides inside one speaker's
# paragraph ("Both sides should ...") is that speaker's; "the X side" is its official's side; a
# sentence reporting the exchange is joint; who attended is narrator. A tuple lists the labels the
# text allows (a closing press appearance is framing or a joint act).
CHINESE_READOUTS: dict[str, list[tuple[str, str | tuple[str, ...]]]] = {
    "mfa_wang_yi_talks_ghana.txt": [
        ("held talks here today", NARRATOR),
        ("Wang Yi said, China and Ghana enjoy", "principal"),
        ("Last year, President Xi Jinping and President of Ghana", "principal"),
        ("The Chinese side is ready", "principal"),
        ("Wang Yi said, China supports African", "principal"),
        ("Both sides should jointly uphold", "principal"),
        ("He noted that China will continue", "principal"),
        ("Wang Yi stated China's position", "principal"),
        ("Owusu-Mensah said, Ghana thanks", "counterpart"),
        ("The Ghanaian side highly appreciates", "counterpart"),
        ("Ghana welcomes more Chinese enterprises", "counterpart"),
        ("The two sides also exchanged views", JOINT),
        ("jointly met the press", (NARRATOR, JOINT)),
        ("attended the talks", NARRATOR),
    ],
    "mfa_xi_phone_brazil.txt": [
        ("President Xi Jinping spoke with Brazilian President", NARRATOR),
        ("Xi Jinping pointed out that China and Brazil", "principal"),
        ("Over the past year, bilateral cooperation", "principal"),
        ("He stressed that the two countries", "principal"),
        ("China is ready to import", "principal"),
        ("Xi Jinping emphasized that the Global South", "principal"),
        ("Both sides should strengthen coordination", "principal"),
        ("Ferreira expressed his gratitude", "counterpart"),
        ("He said that Brazil attaches", "counterpart"),
        ("The Brazilian side is ready", "counterpart"),
        ("The two heads of state also exchanged views", JOINT),
        ("They agreed to keep in close touch", JOINT),
    ],
    "idcpc_meets_governor.txt": [
        ("met here today with Governor", NARRATOR),
        ("Sun said, China-US relations", "principal"),
        ("Subnational cooperation is an important", "principal"),
        ("China is willing to work with New Mexico", "principal"),
        ("He expressed the hope that the US side", "principal"),
        ("Bennett expressed her thanks", "counterpart"),
        ("New Mexico values its partnership", "counterpart"),
        ("The state is ready to send", "counterpart"),
        ("Both sides agreed to strengthen exchanges", JOINT),
        ("was present at the meeting", NARRATOR),
    ],
    "xinhua_fm_phone_egypt.txt": [
        ("held phone talks with Egyptian Foreign Minister", NARRATOR),
        ("Wang, also a member of the Political Bureau", "principal"),
        ("China appreciates Egypt's important role", "principal"),
        ("He said China is willing", "principal"),
        ("Mansour said Egypt firmly adheres", "counterpart"),
        ("The Egyptian side looks forward", "counterpart"),
        ("The two sides also exchanged views", JOINT),
        ("Both sides agreed that an immediate ceasefire", JOINT),
    ],
    "mfa_vice_president_kenya.txt": [
        ("Vice President Gao Wenbin met with Speaker", NARRATOR),
        ("Gao Wenbin said, under the strategic guidance", "principal"),
        ("China is willing to work with Kenya", "principal"),
        ("The Chinese side supports exchanges", "principal"),
        ("Gao Wenbin expressed the hope", "principal"),
        ("Njoroge said that the Kenya-China friendship", "counterpart"),
        ("The National Assembly of Kenya appreciates", "counterpart"),
        ("Kenya hopes to learn", "counterpart"),
        ("The two sides also signed a memorandum", JOINT),
    ],
    "xinhua_wang_meets_singapore.txt": [
        ("met with Singaporean Foreign Minister", NARRATOR),
        ("Noting that next year marks", "principal"),
        ("Wang briefed Lim", "principal"),
        ("For his part, Lim said", "counterpart"),  # Xinhua's surname alone: not the last token of the name
        ("He expressed appreciation", "counterpart"),
        ("The two sides agreed to hold", JOINT),
        ("attended the meeting", NARRATOR),
    ],
    "mfa_premier_talks_portugal.txt": [
        ("Premier Li Qiang held talks with", NARRATOR),
        ("Li Qiang said that China and Portugal", "principal"),
        ("The Chinese side is willing", "principal"),
        ("China hopes that Portugal", "principal"),
        ("Tavares said that Portugal", "counterpart"),
        ("Portugal adheres to the one-China policy", "counterpart"),
        ("He hopes to strengthen", "counterpart"),
        ("witnessed the signing", (NARRATOR, JOINT)),
        ("held a welcoming ceremony", NARRATOR),  # a ceremony frames the talks, like "was present"
    ],
}
CHINESE_SIDES = {
    "mfa_wang_yi_talks_ghana.txt": ("Wang Yi", "China", "Kwabena Owusu-Mensah", "Ghana"),
    "mfa_xi_phone_brazil.txt": ("Xi Jinping", "China", "Joao Batista Ferreira", "Brazil"),
    "idcpc_meets_governor.txt": ("Sun Haiyang", "China", "Laura Bennett", "United States"),
    "xinhua_fm_phone_egypt.txt": ("Wang Yi", "China", "Khaled Mansour", "Egypt"),
    "mfa_vice_president_kenya.txt": ("Gao Wenbin", "China", "Joseph Kamau Njoroge", "Kenya"),
    "xinhua_wang_meets_singapore.txt": ("Wang Yi", "China", "Daniel Lim Wei Jie", "Singapore"),
    "mfa_premier_talks_portugal.txt": ("Li Qiang", "China", "Miguel Tavares", "Portugal"),
    # a party delegation led by someone: the leader is the counterpart, the party's country the side,
    # and neither a party's name with its acronym ("Harambee Mbele Pamoja (HMP)") nor the possessive
    # in "People's Party" is a person
    "idcpc_delegation_acronym.txt": ("Liu Haixing", "China", "Akinyi Wanjiru Otieno", "Kenya"),
    "idcpc_delegation_possessive.txt": ("Liu Haixing", "China", "Bat-Erdene Dorj", "Mongolia"),
    # "Holds Strategic Consultations with" in the title, "co-chaired ... with" in a lead opening with a date
    "mfa_consultations.txt": ("Ma Zhaoxu", "China", "Somchai Wongsakul", "Thailand"),
    # "received in Beijing today a delegation of ... from X led by Y": not a title-case "Scholars"
    "idcpc_received_delegation.txt": ("Sun Haiyan", "China", "Martín Echagüe Ruiz", "Argentina"),
    # a portfolio listed with commas before the name: "Minister of Commerce, Trade and Industry X"
    "embassy_portfolio.txt": ("Han Jing", "China", "Chipoka Mulenga", "Zambia"),
}


@pytest.mark.parametrize("name", sorted(CHINESE_READOUTS))
def test_chinese_readout_every_sentence(name: str) -> None:
    sp = split(name)
    expected = CHINESE_READOUTS[name]
    wrong = [(words, want, got) for words, want in expected
             if (got := label(sp, words)) not in (want if isinstance(want, tuple) else (want,))]
    assert wrong == []


@pytest.mark.parametrize("name", sorted(CHINESE_SIDES))
def test_chinese_readout_parties(name: str) -> None:
    pr, co = split(name).parties
    assert (pr.name, pr.side, co.name, co.side) == CHINESE_SIDES[name]


def test_principal_side_from_the_country_the_body_keeps_naming() -> None:
    """'President Xi Jinping spoke with ...' names no country next to Xi: the body's 'China ...' decides."""
    pr = split("mfa_xi_phone_brazil.txt").parties[0]
    assert pr.side == "China"
    assert any("names most" in n for n in pr.notes)  # a guess, and it says so
    assert "China" in pr.aliases


def _mfa(body: str) -> Split:
    return pipeline.split(parse_text(
        "Wang Yi Holds Talks with Foreign Minister of Norway Erik Lund\n( 2025.03.04 )\n\n"
        "On March 4, Foreign Minister Wang Yi held talks with Foreign Minister of Norway Erik Lund in Beijing.\n\n"
        + body + "\n", path="mfa/2025-03-04_wang-yi-holds-talks.txt"))


def test_maintaining_exchanges_or_opening_a_chapter_is_no_reporting_verb() -> None:
    """'The two sides have maintained close exchanges' inside what Wang Yi said is not the two sides speaking
    ('maintained' reports only with 'that'), nor is 'opened a new chapter'."""
    sp = _mfa("Wang Yi said that bilateral relations have grown steadily, and the two sides have maintained "
              "close exchanges at all levels. He said cooperation has deepened, and the two countries opened a new "
              "chapter last year. China is ready to deepen cooperation in fisheries.\n\n"
              "Lund said that Norway values its relations with China.")
    assert label(sp, "the two sides have maintained") == "principal"
    assert label(sp, "the two countries opened") == "principal"
    assert label(sp, "China is ready") == "principal"
    assert label(sp, "Lund said") == "counterpart"


def test_a_fronted_adverbial_after_said_keeps_the_rest_in_the_speakers_words() -> None:
    """'Wang Yi said, over the past years, the two sides agreed ...': the comma closes the adverbial, what
    follows is still what Wang Yi said, not a joint statement."""
    sp = _mfa("Wang Yi said, over the past years, the two sides agreed to expand trade in seafood. China is ready "
              "to open its market wider.\n\n"
              "Lund said that during his last visit, the two countries decided to open direct flights.\n\n"
              "The two sides also exchanged views on the Arctic.")
    assert label(sp, "the two sides agreed to expand") == "principal"
    assert label(sp, "China is ready") == "principal"
    assert label(sp, "the two countries decided") == "counterpart"
    assert label(sp, "The two sides also exchanged") == JOINT


def test_the_two_sides_later_in_a_speakers_words_are_still_the_speakers() -> None:
    """'Wang Yi said that ..., and the two sides have continued to deepen cooperation': what Wang Yi said; the
    following sentences stay his. A narrator's '..., and they pledged ...' still hands over to both."""
    sp = _mfa("Wang Yi said that the relationship has developed well, and the two sides have continued to deepen "
              "practical cooperation. Trade has grown fast. China is ready to work with Norway.\n\n"
              "Lund said that Norway attaches importance to its ties with China, and the two countries have "
              "recognized each other's concerns.\n\n"
              "The two ministers reviewed the fisheries talks, and they pledged to meet again in the autumn.")
    assert label(sp, "the two sides have continued") == "principal"
    assert label(sp, "Trade has grown fast") == "principal"
    assert label(sp, "the two countries have recognized") == "counterpart"
    assert label(sp, "they pledged to meet again") == JOINT


def test_both_foreign_ministers_is_a_joint_subject() -> None:
    """'Both foreign ministers agreed ...' and 'the governments discussed ...' report the two sides together."""
    sp = _mfa("Wang Yi said that China is ready to expand trade with Norway.\n\n"
              "Lund said that Norway welcomes more Chinese tourists.\n\n"
              "Both foreign ministers agreed to hold the next strategic dialogue in Oslo. Finally, the governments "
              "discussed cooperation in polar research.")
    assert label(sp, "Both foreign ministers agreed") == JOINT
    assert label(sp, "the governments discussed") == JOINT


def test_friends_and_friendship_on_the_two_sides_are_their_relations() -> None:
    """'Good friends and good partners' / 'the friendship between Bolivia and China': one theme, the
    two sides' relations, in the words each side uses."""
    text = ("Zhao Lin Meets with Delegation of Bolivia's Movement for Socialism\n( 2025.03.02 )\n\n"
            "Zhao Lin, Vice Minister of the International Department of the CPC Central Committee, met here today "
            "with a delegation of the Movement for Socialism of Bolivia led by its Vice President Rosa Quispe.\n\n"
            "Zhao Lin said, China and Bolivia are good friends and good partners who trust each other.\n\n"
            "Rosa Quispe said that her party cherishes the friendship between Bolivia and China and will keep "
            "sending young cadres to study in China.\n")
    al = pipeline.analyse(parse_text(text))
    rel = [t for t in al.themes if t.name == "bilateral relations"]
    assert [t.status for t in rel] == ["shared"]
    words = [e.span.of(text) for e in rel[0].evidence[:2]]
    assert "friends" in words[0]
    assert "friendship" in words[1]


def test_a_bare_office_both_presidents_hold_is_the_guests_in_a_chinese_readout() -> None:
    """A Chinese readout names its own President every time ("Xi Jinping said"): "The President said that
    Uruguay ..." after the guest's paragraph is the guest's. A US readout keeps the bare office for its own
    President."""
    text = ("Xi Jinping Speaks with Uruguayan President Mateo Larrosa on the Phone\n( 2025.09.12 )\n\n"
            "On the afternoon of September 12, President Xi Jinping spoke on the phone with President of the "
            "Oriental Republic of Uruguay Mateo Larrosa.\n\n"
            "Xi Jinping pointed out that China and Uruguay are good friends and good partners. China is ready to "
            "import more beef and soybeans from Uruguay.\n\n"
            "Mateo Larrosa said that Uruguay values its comprehensive strategic partnership with China.\n\n"
            "The President said that Uruguay firmly adheres to the one-China policy and welcomes Chinese "
            "investment in ports and wind power.\n")
    sp = pipeline.split(parse_text(text))
    assert label(sp, "Uruguay firmly adheres") == "counterpart"
    assert label(sp, "China is ready to import") == "principal"
    us = ("Readout of President Hale's Call with President Larrosa of Uruguay\n( 2025.09.12 )\n\n"
          "President Marcus Hale spoke today with President Mateo Larrosa of Uruguay. President Larrosa thanked "
          "President Hale for the call. The President reaffirmed the strong partnership between the United "
          "States and Uruguay.\n")
    assert label(pipeline.split(parse_text(us)), "reaffirmed the strong partnership") == "principal"


def test_an_office_written_in_lower_case_after_the_name_is_the_persons_title() -> None:
    """Xinhua writes the office after the name in lower case ("Ana Ruiz, speaker of the National Assembly of
    Panama") and then calls the guest "the speaker": both name the counterpart."""
    text = ("China's top legislator meets Panamanian parliament speaker\n( 2025.10.21 )\n\n"
            "BEIJING, Oct. 21 (Xinhua) -- Zhao Leji, chairman of the National People's Congress (NPC) Standing "
            "Committee, met with Ana Ruiz, speaker of the National Assembly of Panama, in Beijing on Tuesday.\n\n"
            "Zhao said China is willing to work with Panama to expand cooperation in trade, logistics and "
            "clean energy. The NPC is ready to deepen exchanges with the National Assembly of Panama, he said.\n\n"
            "Ruiz said Panama values its relations with China and welcomes more Chinese tourists.\n\n"
            "The speaker said Panama hopes to export more coffee and seafood to China, adding that the National "
            "Assembly will support closer exchanges between the two legislatures.\n")
    sp = pipeline.split(parse_text(text))
    pr, co = sp.parties
    assert pr.title == "Chairman of the National People's Congress"
    assert co.title == "Speaker of the National Assembly of Panama"
    assert label(sp, "Panama hopes to export more coffee") == "counterpart"
    assert label(sp, "The NPC is ready") == "principal"


def test_two_legislatures_exchanges_stay_a_theme_when_both_leaders_are_lawmakers() -> None:
    """Both sides head a legislature, so "the members of parliament" could name either: that epithet does not
    make "Parliament" a speaker's word, and the exchanges between the two parliaments stay a shared theme."""
    text = ("Zhao Leji Holds Talks with Speaker of the Parliament of Fiji Tomas Vell\n( 2025.06.03 )\n\n"
            "Chairman of the National People's Congress Standing Committee Zhao Leji held talks with Speaker of "
            "the Parliament of Fiji Tomas Vell in Beijing on June 3.\n\n"
            "Zhao Leji said that China is willing to work with Fiji to expand cooperation in trade and clean "
            "energy. The NPC is willing to strengthen exchanges with the Parliament of Fiji at all levels.\n\n"
            "Tomas Vell said that Fiji values its friendship with China. The Parliament of Fiji hopes to enhance "
            "cooperation between the two legislatures and welcomes Chinese investment in wind power.\n")
    shared = [t for t in pipeline.analyse(parse_text(text)).themes if t.status == "shared"]
    assert any(all("Parliament of Fiji" in e.span.of(text) for e in t.evidence[:2]) for t in shared)
