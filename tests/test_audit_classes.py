"""Classes found by auditing corpus readouts that no rule was written for (issue 9, second pass).

Every readout here is invented, in the publisher's layout; each test names the class it pins.
"""

from __future__ import annotations

from labels import label, split

from stance.model import JOINT, NARRATOR, Party, Split
from stance.vocab import country_index


def role(sp: Split, which: str) -> Party:
    return next(p for p in sp.parties if p.role == which)


# ---- sub-national units give their country's side ------------------------------------------------

def test_a_state_governor_is_on_the_side_of_the_states_country() -> None:
    sp = split("Readout of President Marcus Hale's Call with Arizona Governor Dana Whitfield",
               "President Marcus Hale spoke today with Arizona Governor Dana Whitfield about the wildfires. "
               "The President pledged federal support.", source="whitehouse")
    co = role(sp, "counterpart")
    assert (co.name, co.side) == ("Dana Whitfield", "United States")
    assert any("intra-side" in n for n in co.notes)  # both on one side, and the tool says so


def test_a_state_named_like_a_country_does_not_take_that_country() -> None:
    """'New Mexico' is a US state: the longer name wins over 'Mexico'; parts are never aliases."""
    assert country_index()["new mexico"].name == "United States"
    assert country_index()["mexico"].name == "Mexico"
    assert country_index()["georgia"].name == "Georgia"  # the country, not the state
    sp = split("Li Wei Meets with Governor of New Mexico Sara Ortiz",
               "Beijing, March 3rdLi Wei, Minister of the International Department of the CPC Central Committee "
               "(IDCPC), met here today with Governor of New Mexico Sara Ortiz. Li said, China values local "
               "exchanges. Ortiz said, New Mexico hopes to expand its exports to China.")
    co = role(sp, "counterpart")
    assert co.side == "United States"
    assert "Mexico" not in co.aliases
    assert "New Mexico" not in role(sp, "principal").aliases
    assert label(sp, "Ortiz said") == "counterpart"


def test_a_canadian_premier_and_a_chinese_province() -> None:
    sp = split("Readout of Deputy Secretary Ruth Adler's Meeting with Ontario Premier Colin Brandt",
               "Deputy Secretary Ruth Adler met today with Ontario Premier Colin Brandt. "
               "Deputy Secretary Adler welcomed cross-border trade.", source="state")
    assert role(sp, "counterpart").side == "Canada"
    assert country_index()["guangdong"].name == "China"


# ---- a group of sides as counterpart -------------------------------------------------------------

def test_a_named_group_of_countries_is_part_of_a_group_counterpart_not_a_person() -> None:
    sp = split("President of Ukraine met with the leaders of the Nordic-Baltic Eight countries",
               "During his visit to Riga, President of Ukraine Volodymyr Zelenskyy took part in a meeting with the "
               "leaders of the Nordic-Baltic Eight countries. The President thanked the leaders for their support. "
               "The leaders discussed energy security.", source="ukraine")
    co = role(sp, "counterpart")
    assert "Nordic-Baltic Eight" in co.name
    assert co.name.startswith("leaders")
    assert "countries" not in co.aliases
    assert "Eight" not in co.aliases
    assert label(sp, "The President thanked") == "principal"


# ---- the body names a person by a token other than the surname -----------------------------------

def test_a_given_name_after_an_office_is_that_party() -> None:
    """Naming customs differ: a given name (Indonesia, Ethiopia), a Vietnamese last given name, a nickname.
    A coordinated subject with that form is then joint, not a third person's act."""
    sp = split("Secretary Blinken's Meeting with Indonesian Foreign Minister Sari Wulandari",
               "The below is attributable to Spokesperson Ned Price:\n\nSecretary of State Antony J. Blinken met "
               "with Indonesian Foreign Minister Sari Wulandari today in Washington. Secretary Blinken and Foreign "
               "Minister Sari emphasized the value of maritime cooperation. The Secretary welcomed Indonesia's "
               "leadership in ASEAN.", source="state")
    assert "Sari" in role(sp, "counterpart").aliases
    assert label(sp, "Secretary Blinken and Foreign Minister Sari") == JOINT
    sp = split("Readout of President Marcus Hale's Meeting with Prime Minister Tran Van Long of Vietnam",
               "President Marcus Hale met today with Prime Minister Tran Van Long of Vietnam. President Hale and "
               "Prime Minister Long discussed supply chains. President Hale welcomed new flights.",
               source="whitehouse")
    assert label(sp, "President Hale and Prime Minister Long") == JOINT


def test_a_name_without_its_accents_and_a_regnal_number_still_name_the_party() -> None:
    sp = split("Readout of National Security Advisor Jake Sullivan's Call with National Security Adviser Tomás "
               "Peñalba of Chile",
               "National Security Advisor Jake Sullivan spoke today with National Security Adviser Tomás Peñalba of "
               "Chile. Mr. Sullivan and Mr. Penalba discussed cyber security.", source="whitehouse")
    assert label(sp, "Mr. Sullivan and Mr. Penalba") == JOINT
    sp = split("Readout of President Marcus Hale's Meeting with King Faisal III of Jordan",
               "President Marcus Hale met today with King Faisal III of Jordan. The President and King Faisal III "
               "discussed water security.", source="whitehouse")
    assert label(sp, "The President and King Faisal III") == JOINT


def test_a_given_name_that_starts_the_full_name_is_not_an_alias() -> None:
    """'President Joseph R. Biden' writes the given name before the rest of the name: not a short form."""
    sp = split("Readout of President Marcus Hale's Call with President Joseph Ndlovu of Zambia",
               "President Marcus Hale spoke today with President Joseph Ndlovu of Zambia. "
               "President Hale thanked President Ndlovu.", source="whitehouse")
    assert "Joseph" not in role(sp, "counterpart").aliases
    assert "Marcus" not in role(sp, "principal").aliases


# ---- a coordinated subject whose second part is the other side's office alone ---------------------

def test_the_other_side_named_by_its_office_alone_in_a_coordinated_subject_is_joint() -> None:
    sp = split("Secretary Blinken's Call with Jordanian Deputy Prime Minister and Foreign Minister Omar Haddad",
               "The following is attributable to Spokesperson Ned Price:\n\nSecretary of State Antony J. Blinken "
               "spoke today with Jordanian Deputy Prime Minister and Foreign Minister Omar Haddad. The "
               "Secretary welcomed Jordan's support for refugees. The Secretary and Foreign Minister discussed "
               "water security. The Secretary and his Jordanian counterparts also reviewed border cooperation.",
               source="state")
    assert label(sp, "The Secretary and Foreign Minister discussed") == JOINT
    assert label(sp, "his Jordanian counterparts") == JOINT


def test_an_interim_office_and_a_long_own_office_still_join_the_subject() -> None:
    sp = split("Secretary Blinken's Meeting with Libyan interim Prime Minister Omar Haddad",
               "The below is attributable to Spokesperson Ned Price:\n\nSecretary of State Antony J. Blinken met "
               "today with Libyan interim Prime Minister Omar Haddad in Rome. Secretary Blinken and interim Prime "
               "Minister Haddad discussed preparations for the elections.", source="state")
    assert label(sp, "Secretary Blinken and interim Prime Minister") == JOINT
    sp = split("Andriy Yermak had a phone conversation with Deputy Prime Minister of Norway Ingrid Solberg",
               "Head of the Office of the President of Ukraine Andriy Yermak had a phone conversation with Deputy "
               "Prime Minister of Norway Ingrid Solberg. The Head of the Office of the President and the Deputy "
               "Prime Minister of Norway discussed demining.", source="ukraine")
    assert label(sp, "and the Deputy Prime Minister of Norway discussed") == JOINT


def test_an_office_of_the_subjects_own_side_keeps_the_subject_alone() -> None:
    sp = split("Readout of the Vice President's Meeting with First Minister Aoife Byrne",
               "Vice President Kamala Harris met today with First Minister Aoife Byrne of Northern Ireland. "
               "The Vice President and Vice President's staff reviewed the agenda. First Minister Byrne thanked "
               "the Vice President.", source="whitehouse")
    assert label(sp, "The Vice President and Vice President's staff") == "principal"


def test_a_long_office_gives_its_head_noun_not_a_bare_modifier() -> None:
    sp = split("Deputy Secretary Sherman's Meeting with Deputy Minister of Foreign Affairs of Laos Khamla Vongsa",
               "Deputy Secretary of State Wendy Sherman met today with Deputy Minister of Foreign Affairs of Laos "
               "Khamla Vongsa. The Deputy Secretary and the Deputy Foreign Minister discussed unexploded ordnance.",
               source="state")
    co = role(sp, "counterpart")
    assert "Deputy Minister" in co.aliases
    assert "Deputy" not in co.aliases
    assert label(sp, "the Deputy Foreign Minister discussed") == JOINT


def test_a_possessive_before_a_participle_is_not_a_subject() -> None:
    sp = split("Readout of President Marcus Hale's Call with Prime Minister Ingrid Solberg of Norway",
               "President Marcus Hale spoke today with Prime Minister Ingrid Solberg of Norway. The Prime Minister "
               "congratulated the American people, and thanked the President for his continued support.",
               source="whitehouse")
    assert label(sp, "thanked the President for his continued") == "counterpart"


# ---- the publisher commenting on the meeting itself ------------------------------------------------

def test_a_comment_on_the_meeting_itself_is_narrator() -> None:
    sp = split("Readout of National Security Advisor Jake Sullivan's Meeting with Minister Chen Wei",
               "National Security Advisor Jake Sullivan met with Minister Chen Wei in Vienna. The two sides "
               "discussed cross-Strait issues. Mr. Sullivan underscored the importance of open channels. This "
               "meeting was part of ongoing efforts to manage the relationship responsibly. This is the fourth "
               "meeting between the two officials this year.", source="whitehouse")
    assert label(sp, "This meeting was part of") == NARRATOR
    assert label(sp, "This is the fourth meeting") == NARRATOR
    assert label(sp, "Mr. Sullivan underscored") == "principal"


def test_a_meeting_as_the_subject_of_a_content_verb_is_not_a_comment() -> None:
    """'The conversation also touched upon ...' reports the exchange (joint); only 'is/was/marks/follows' frame."""
    sp = split("Telephone conversation with President of Mongolia Batu Erdene",
               "Vladimir Putin had a telephone conversation with President of Mongolia Batu Erdene. The "
               "conversation also touched upon the construction of a new gas pipeline. "
               "\"This visit is important for us,\" said Batu Erdene.", source="kremlin")
    assert label(sp, "The conversation also touched upon") == JOINT
    assert label(sp, "This visit is important") == "counterpart"


# ---- framing words that are not the sentence's frame -----------------------------------------------

def test_a_meeting_named_inside_a_topic_passive_does_not_make_it_framing() -> None:
    sp = split("President of Ukraine had a meeting with the Prime Minister of Norway",
               "President of Ukraine Volodymyr Zelenskyy met with Prime Minister of Norway Ingrid Solberg. The "
               "President thanked Norway for its support. Special attention during the meeting was paid to energy "
               "security. Particular emphasis during the conversation was placed on demining. It was stressed that "
               "two rounds of talks were held between the advisers in Oslo.", source="ukraine")
    assert label(sp, "Special attention during the meeting") == JOINT
    assert label(sp, "Particular emphasis during the conversation") == JOINT
    assert label(sp, "It was stressed that two rounds") != NARRATOR
    sp = split("President of Ukraine had a meeting with the Prime Minister of Norway",
               "President of Ukraine Volodymyr Zelenskyy met with Prime Minister of Norway Ingrid Solberg. "
               "The talks were held in a friendly atmosphere.", source="ukraine")
    assert label(sp, "The talks were held") == NARRATOR  # the frame itself stays framing


# ---- party fields a reader sees --------------------------------------------------------------------

def test_a_fronted_date_or_place_is_not_part_of_the_office() -> None:
    for lead in ("Today in Madrid, President Marcus Hale met with Prime Minister Ana Ruiz of Spain.",
                 "On Wednesday, September 20, 2023, President Marcus Hale met with Prime Minister Ana Ruiz of Spain.",
                 "Earlier today, President Marcus Hale met with Prime Minister Ana Ruiz of Spain."):
        sp = split("Readout of President Marcus Hale's Meeting with Prime Minister Ana Ruiz of Spain",
                   lead + " President Hale thanked Prime Minister Ruiz.", source="whitehouse")
        assert role(sp, "principal").title == "President", lead


def test_an_office_on_a_topic_keeps_the_topic_out_of_the_name() -> None:
    sp = split("Readout of Principal Deputy National Security Advisor Jon Finer's Meeting with the UN Special "
               "Representative on Youth Employment",
               "Principal Deputy National Security Advisor Jon Finer met today with UN Special Representative of "
               "the Secretary-General on Youth Employment Amara Diallo. Mr. Finer thanked the Special "
               "Representative.", source="whitehouse")
    co = role(sp, "counterpart")
    assert co.name == "Amara Diallo"


def test_lone_capitalised_words_of_the_lead_are_not_members() -> None:
    """'... on St. Patrick's Day', '... of the Olympic Games', '... the Alliance': no person beside the lead."""
    sp = split("Readout of President Marcus Hale's Call with Prime Minister Ingrid Solberg of Norway",
               "President Marcus Hale spoke today with Prime Minister Ingrid Solberg of Norway to commend her on "
               "Norway's successful hosting of the winter Olympic Games in Oslo. The President thanked the Prime "
               "Minister.",
               source="whitehouse")
    assert role(sp, "counterpart").members == ()
    sp = split("Readout of National Security Advisor Jake Sullivan, Secretary Blinken and General Milley's Call "
               "with Minister of Defence Oleksii Reznikov of Ukraine",
               "National Security Advisor Jake Sullivan, Secretary Blinken, and General Milley spoke today with "
               "Minister of Defence Oleksii Reznikov of Ukraine. They discussed air defence.", source="whitehouse")
    assert set(role(sp, "principal").members) >= {"Blinken", "Milley"}  # named in the headline too


# ---- sentence and clause boundaries ----------------------------------------------------------------

def test_an_abbreviated_country_inside_a_noun_phrase_does_not_end_the_sentence() -> None:
    sp = split("Volodymyr Zelenskyy's telephone conversation with Marcus Hale",
               "President of Ukraine Volodymyr Zelenskyy held a telephone conversation with U.S. Secretary of State "
               "Marcus Hale. The parties discussed the Mekong-U.S. Partnership and demining. The President thanked "
               "Marcus Hale for the support.", source="ukraine")
    co = role(sp, "counterpart")
    assert co.name == "Marcus Hale"
    assert co.side == "United States"
    texts = [s.span.of(sp.readout.text) for s in sp.statements]
    assert not any(t.endswith("U.S.") for t in texts)


def test_a_fronted_clause_word_is_not_a_speaker() -> None:
    sp = split("Telephone conversation with President of Mongolia Batu Erdene",
               "Vladimir Putin had a telephone conversation with President of Mongolia Batu Erdene. Having noted the "
               "importance of the new railway, Batu Erdene expressed support for joint projects. When asked about "
               "coal exports, the President of Russia noted that deliveries would grow.", source="kremlin")
    assert label(sp, "Having noted the importance") == "counterpart"
    assert label(sp, "When asked about coal") == "principal"


def test_a_side_taking_over_after_a_joint_clause_with_and() -> None:
    """'They discussed X and the Secretary emphasized Y': the second clause is the Secretary's."""
    sp = split("Secretary Blinken's Call with Norwegian Foreign Minister Ingrid Solberg",
               "The following is attributable to Spokesperson Ned Price:\n\nSecretary of State Antony J. Blinken "
               "spoke today with Norwegian Foreign Minister Ingrid Solberg. The two discussed Arctic security and "
               "the Secretary emphasized U.S. support for Norway's patrols. They also discussed Svalbard, and "
               "Foreign Minister Solberg thanked the United States for its help.", source="state")
    assert label(sp, "The two discussed Arctic") == JOINT
    assert label(sp, "the Secretary emphasized U.S. support") == "principal"
    assert label(sp, "They also discussed Svalbard") == JOINT
    assert label(sp, "Foreign Minister Solberg thanked") == "counterpart"


def test_a_list_of_three_with_a_comma_before_and_stays_one_subject() -> None:
    sp = split("Secretary Blinken's Meeting with Panamanian President Omar Vega",
               "The below is attributable to Spokesperson Ned Price:\n\nSecretary of State Antony J. Blinken met "
               "today with Panamanian President Omar Vega. Secretary Blinken, President Vega, and Foreign Minister "
               "Vega discussed migration.", source="state")
    assert label(sp, "Secretary Blinken, President Vega, and") == JOINT


def test_the_plural_of_an_office_is_both_holders() -> None:
    sp = split("Readout of National Security Advisor Jake Sullivan's Call with National Security Advisor Ingrid "
               "Solberg of Norway",
               "National Security Advisor Jake Sullivan spoke today with National Security Advisor Ingrid Solberg of "
               "Norway. Mr. Sullivan welcomed Norway's new frigates. The Presidents of Finland and Estonia will "
               "host the next round. The National Security Advisors agreed to meet in Oslo. The diplomatic advisers "
               "discussed Arctic shipping.", source="whitehouse")
    assert label(sp, "The National Security Advisors agreed") == JOINT
    assert label(sp, "The diplomatic advisers discussed") == JOINT
    assert label(sp, "The Presidents of Finland and Estonia") != JOINT  # other people's presidents


def test_a_party_at_the_end_of_a_reported_passive_subject_is_not_its_speaker() -> None:
    sp = split("Telephone conversation with President of Mongolia Batu Erdene",
               "Vladimir Putin had a telephone conversation with President of Mongolia Batu Erdene. The leaders "
               "discussed energy. The importance of cooperation in medicine, including the delivery of Russian "
               "vaccines to Mongolia, was stressed.", source="kremlin")
    assert label(sp, "The importance of cooperation in medicine") == JOINT


def test_participants_of_the_meeting_are_both_sides() -> None:
    sp = split("President of Ukraine met with the Prime Minister of Norway",
               "President of Ukraine Volodymyr Zelenskyy met with Prime Minister of Norway Ingrid Solberg. The "
               "President thanked Norway for its support. Also, participants of the meeting discussed demining. "
               "Participants in the talks agreed to meet again.", source="ukraine")
    assert label(sp, "participants of the meeting discussed") == JOINT
    assert label(sp, "Participants in the talks agreed") == JOINT
