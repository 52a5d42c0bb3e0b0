"""Every failure class of ``../shared/gold/ERRORS.md`` §1-2, on its invented example.

The sentences below are the invented examples of that file (no corpus text); each test names the
class it pins. A readout is built around each example in the publisher's layout.
"""

from __future__ import annotations

import pytest
from labels import label, split

from stance.model import JOINT, NARRATOR, Split


def party(sp: Split, role: str):  # type: ignore[no-untyped-def]
    return next(p for p in sp.parties if p.role == role)


# ---- 1. a non-person word as principal ----------------------------------------------------------

def test_class_1a_first_person_statement_takes_its_author_from_the_title() -> None:
    sp = split("Statement by President Marcus Hale on Assistance to Moldova and Call with President Elena Rusu of "
               "Moldova",
               "I told President Rusu that the United States will send emergency shelter to the families displaced "
               "by the floods. We will stand with the people of Moldova.", "whitehouse")
    assert party(sp, "principal").name == "Marcus Hale"
    assert party(sp, "principal").side == "United States"
    assert party(sp, "counterpart").name == "Elena Rusu"
    assert party(sp, "counterpart").side == "Moldova"
    assert label(sp, "I told President Rusu") == "principal"


def test_class_1b_sentence_initial_participle_is_not_a_name() -> None:
    sp = split("Telephone conversation with President of Mongolia Batu Erdene",
               "Initiated by the Mongolian side, the telephone conversation between Vladimir Putin and President of "
               "Mongolia Batu Erdene focused on fuel supplies for the winter. Vladimir Putin expressed confidence that "
               "cooperation would keep growing.", "kremlin")
    assert party(sp, "principal").name == "Vladimir Putin"
    assert party(sp, "principal").side == "Russia"
    assert party(sp, "counterpart").name == "Batu Erdene"
    assert party(sp, "counterpart").side == "Mongolia"
    assert label(sp, "Initiated by") in (NARRATOR, JOINT)
    assert label(sp, "Vladimir Putin expressed confidence") == "principal"


# ---- 2. the name the body uses ------------------------------------------------------------------

def test_class_2a_envoy_title_country_neither_side_nor_name_order() -> None:
    sp = split("Special Coordinator Park's Call with Australian Deputy Secretary Evans",
               "Special Coordinator for Vietnam Affairs David Park spoke today with Deputy Secretary Claire Evans of "
               "Australia. Special Coordinator Park welcomed the new maritime training program. He stressed the value "
               "of regular consultations.", "state")
    pr = party(sp, "principal")
    assert (pr.name, pr.side) == ("David Park", "United States")
    assert "Park" in pr.aliases
    assert party(sp, "counterpart").side == "Australia"
    assert label(sp, "Special Coordinator Park welcomed") == "principal"
    assert label(sp, "He stressed the value") == "principal"


def test_class_2b_iberian_double_surname_is_an_alias() -> None:
    sp = split("Readout of President Hale's Meeting with President Carlos Mendoza Ruiz of Colombia",
               "President Marcus Hale met today with President Carlos Mendoza Ruiz of Colombia at the White House. "
               "President Hale and President Mendoza noted the importance of protecting the Amazon, and President Hale "
               "reiterated U.S. support for Colombia's forest rangers.", "whitehouse")
    assert "Mendoza" in party(sp, "counterpart").aliases
    assert label(sp, "President Hale and President Mendoza noted") == JOINT
    assert label(sp, "President Hale reiterated") == "principal"


# ---- 3. transcript speaker labels ---------------------------------------------------------------

TRANSCRIPT = ("Vladimir Putin met with President of Mongolia Batu Erdene in the Kremlin.{sep}"
              "President of Russia Vladimir Putin: Mr Erdene, welcome to Moscow. We are glad to see you.{sep}"
              "President of Mongolia Batu Erdene: Mr Putin, thank you for the invitation. We are grateful for your "
              "hospitality.{sep}Vladimir Putin: Thank you.{sep}<…>")


@pytest.mark.parametrize("sep", [" ", "\n\n"], ids=["run-on", "per-paragraph"])
def test_class_3_transcript_speaker_labels(sep: str) -> None:
    sp = split("Meeting with President of Mongolia Batu Erdene", TRANSCRIPT.format(sep=sep), "kremlin")
    assert label(sp, "met with President of Mongolia") == NARRATOR
    assert label(sp, "President of Russia Vladimir Putin:") == NARRATOR
    assert label(sp, "Mr Erdene, welcome") == "principal"
    assert label(sp, "We are glad") == "principal"
    assert label(sp, "Mr Putin, thank you") == "counterpart"
    assert label(sp, "We are grateful") == "counterpart"
    assert label(sp, "Thank you.") == "principal"
    assert label(sp, "<…>") == NARRATOR


# ---- 4. framing with a modifier ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("title", "lead", "source"),
    [
        ("Readout of President Hale's Call with Prime Minister Solberg of Norway",
         "President Marcus Hale held a short secure video call today with Prime Minister Ingrid Solberg of Norway.",
         "whitehouse"),
        ("Telephone conversation with President of Mongolia Batu Erdene",
         "Vladimir Putin had a detailed telephone conversation with President of Mongolia Batu Erdene.", "kremlin"),
        ("Readout of President Hale's Meeting with Prime Minister Solberg of Norway",
         "President Marcus Hale welcomed Prime Minister Ingrid Solberg of Norway to the White House today to review "
         "Arctic cooperation.", "whitehouse"),
    ],
)
def test_class_4_framing_sentence_with_a_modifier_is_narrator(title: str, lead: str, source: str) -> None:
    sp = split(title, lead + " The two leaders discussed energy security.", source)
    assert label(sp, lead[:30]) == NARRATOR
    assert label(sp, "The two leaders discussed") == JOINT


# ---- 5. the exchange itself, with no named speaker ---------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The conversation also touched upon the construction of a new gas pipeline.",
    "The dialogue on regional security was resumed.",
    "The importance of coordinating positions within international organisations was emphasised.",
    "Transport links were examined in detail at the request of the Mongolian President.",
])
def test_class_5_exchange_nouns_and_agentless_passives_are_joint(sentence: str) -> None:
    sp = split("Telephone conversation with President of Mongolia Batu Erdene",
               "Vladimir Putin had a telephone conversation with President of Mongolia Batu Erdene. Vladimir Putin "
               f"informed his counterpart about the harvest. {sentence}", "kremlin")
    assert label(sp, sentence[:25]) == JOINT


# ---- 6. a pronoun right after the framing sentence ---------------------------------------------

def test_class_6_pronoun_after_framing_is_its_subject() -> None:
    sp = split("Statement by NSC Spokesperson on National Security Advisor Hale's Call with Norwegian National "
               "Security Advisor Solberg",
               "National Security Advisor Marcus Hale spoke today with Norwegian National Security Advisor Ingrid "
               "Solberg. He welcomed Norway's decision to expand its Arctic patrols. He also conveyed the President's "
               "appreciation for Norway's support.", "whitehouse")
    assert label(sp, "spoke today with") == NARRATOR
    assert label(sp, "He welcomed Norway") == "principal"
    assert label(sp, "He also conveyed") == "principal"


# ---- 7. a fronted phrase naming the other side -------------------------------------------------

def test_class_7_fronted_request_is_not_part_of_the_subject() -> None:
    sp = split("Telephone conversation with President of Mongolia Batu Erdene",
               "Vladimir Putin had a telephone conversation with President of Mongolia Batu Erdene. At the request of "
               "Batu Erdene, Vladimir Putin described the situation on the grain markets. In particular, it was "
               "stressed that Russian exporters fulfil all their contracts. Answering questions put by Batu Erdene, "
               "the President of Russia noted that fertiliser deliveries would continue.", "kremlin")
    assert label(sp, "At the request of") == "principal"
    assert label(sp, "In particular, it was stressed") == "principal"
    assert label(sp, "Answering questions") == "principal"


# ---- 8. a reporting verb outside the list of -ed forms -----------------------------------------

def test_class_8_phrasal_reporting_verb() -> None:
    sp = split("Telephone conversation with President of Mongolia Batu Erdene",
               "Vladimir Putin had a telephone conversation with President of Mongolia Batu Erdene. Batu Erdene told "
               "Vladimir Putin about the harsh winter in his country. Vladimir Putin set out his view of the situation "
               "on the energy markets. He mentioned the planned increase in coal deliveries.", "kremlin")
    assert label(sp, "Batu Erdene told") == "counterpart"
    assert label(sp, "Vladimir Putin set out") == "principal"
    assert label(sp, "He mentioned") == "principal"


# ---- 9. the attribution after the quotation ----------------------------------------------------

def test_class_9_inverted_quotation() -> None:
    sp = split("Volodymyr Zelenskyy met with Prime Minister of Norway Ingrid Solberg",
               "President of Ukraine Volodymyr Zelenskyy met with Prime Minister of Norway Ingrid Solberg. The parties "
               "discussed the reconstruction of energy infrastructure. \"We have agreed on new generators for our "
               "cities,\" said the Head of State. \"Norway's support for the reconstruction of our power plants is an "
               "example of real partnership,\" said Volodymyr Zelenskyy.", "ukraine")
    assert label(sp, "The parties discussed") == JOINT
    assert label(sp, "We have agreed on new generators") == "principal"
    assert label(sp, "support for the reconstruction of our power plants") == "principal"


# ---- 10. epithets and group nouns --------------------------------------------------------------

def test_class_10_head_of_state_epithet() -> None:
    sp = split("Volodymyr Zelenskyy met with Prime Minister of Norway Ingrid Solberg",
               "President of Ukraine Volodymyr Zelenskyy met with Prime Minister of Norway Ingrid Solberg. The leaders "
               "discussed the protection of energy facilities. The Head of State noted that Ukraine's path to the EU "
               "is irreversible.", "ukraine")
    assert label(sp, "The Head of State noted") == "principal"


def test_class_10_group_nouns_and_p2_title_object() -> None:
    sp = split("Andriy Yermak met with a delegation of the Norwegian Storting",
               "Head of the Office of the President of Ukraine Andriy Yermak met with Chair of the Friendship Group "
               "with Ukraine in the Norwegian Storting Ingrid Solberg. Andriy Yermak informed the guests about the "
               "situation at the front. The lawmakers said that Norway is preparing a new package of humanitarian "
               "aid.", "ukraine")
    co = party(sp, "counterpart")
    assert (co.name, co.side) == ("Ingrid Solberg", "Norway")  # P2: not "Ukraine", the principal's own side
    assert label(sp, "Andriy Yermak informed the guests") == "principal"
    assert label(sp, "The lawmakers said") == "counterpart"


# ---- 11-17 -------------------------------------------------------------------------------------

HALE_SOLBERG = ("Secretary Hale's Meeting with Norwegian State Secretary Solberg",
                "Secretary of State Marcus Hale met today with Norwegian State Secretary of Foreign Affairs Ingrid "
                "Solberg in Washington. Secretary Hale underscored the strength of the alliance. ")


def test_class_11_agenda_summary_is_joint() -> None:
    sp = split(HALE_SOLBERG[0], HALE_SOLBERG[1] + "The conversation focused on preparations for the regional summit.",
               "state")
    assert label(sp, "The conversation focused") == JOINT


def test_class_12_according_to_attributes_to_its_source() -> None:
    sp = split("Volodymyr Zelenskyy met with Prime Minister of Norway Ingrid Solberg",
               "President of Ukraine Volodymyr Zelenskyy met with Prime Minister of Norway Ingrid Solberg. According "
               "to Volodymyr Zelenskyy, the parties also discussed housing for displaced families.", "ukraine")
    assert label(sp, "According to") == "principal"


def test_class_13_coordinated_subject_with_a_long_office() -> None:
    sp = split(HALE_SOLBERG[0], HALE_SOLBERG[1] + "Mr. Hale and State Secretary of Foreign Affairs Solberg reaffirmed "
               "their support for regular consultations.", "state")
    assert label(sp, "Mr. Hale and State Secretary") == JOINT


def test_class_14_third_person_drops_in() -> None:
    sp = split(HALE_SOLBERG[0], HALE_SOLBERG[1] + "Secretary of Defense John Carter dropped in on the talks to greet "
               "the State Secretary.", "state")
    assert label(sp, "John Carter dropped in") == NARRATOR


def test_class_15_speaker_change_mid_sentence_without_a_verb() -> None:
    sp = split("Readout of President Hale's Meeting with Prime Minister Solberg of Norway",
               "President Marcus Hale met today with Prime Minister Ingrid Solberg of Norway. The two leaders "
               "instructed their teams to prepare a joint plan, and Washington will fund its first phase.",
               "whitehouse")
    assert label(sp, "The two leaders instructed") == JOINT
    assert label(sp, "Washington will fund") == "principal"


def test_class_16_they_in_a_second_conversation() -> None:
    sp = split(HALE_SOLBERG[0], HALE_SOLBERG[1] + "Mr. Hale also spoke today with the Government of Finland on the "
               "same issue. They discussed ways to reduce tensions in the Baltic Sea.", "state")
    assert label(sp, "They discussed ways") == "principal"


def test_class_17_agentless_passive_reports_the_other_side() -> None:
    sp = split("Andriy Yermak met with Prime Minister of Norway Ingrid Solberg",
               "Head of the Office of the President of Ukraine Andriy Yermak met with Prime Minister of Norway Ingrid "
               "Solberg. Andriy Yermak informed Ingrid Solberg about the situation at the front. In this context, it "
               "was noted that the Norwegian government is weighing more money for demining.", "ukraine")
    assert label(sp, "it was noted that the Norwegian government") == "counterpart"


# ---- §2 party detection ------------------------------------------------------------------------

def test_p2_side_is_not_read_from_the_object_of_an_office() -> None:
    sp = split("Special Envoy Park's Call with Jordanian Foreign Minister Haddad",
               "Special Envoy for Syria David Park spoke today with Foreign Minister Omar Haddad of Jordan.", "state")
    assert party(sp, "principal").side == "United States"
    assert (party(sp, "counterpart").name, party(sp, "counterpart").side) == ("Omar Haddad", "Jordan")


@pytest.mark.parametrize(("phrase", "name", "side"), [
    ("Solomon Islands Foreign Minister Peter Tana", "Peter Tana", "Solomon Islands"),
    ("Sierra Leone Foreign Minister Aminata Kamara", "Aminata Kamara", "Sierra Leone"),
    ("Prime Minister of the Grand Duchy of Luxembourg Paul Weber", "Paul Weber", "Luxembourg"),
    ("Irish Minister for Foreign Affairs and Defence Maria Rossi", "Maria Rossi", "Ireland"),
    ("Dutch Minister for Foreign Trade and Development Cooperation Jan de Vries", "Jan de Vries", "Netherlands"),
    ("EU Commissioner for Neighbourhood and Enlargement Jana Horvat", "Jana Horvat", "European Union"),
    ("Japanese Prime Minister-designate Sato Kenji's Transition Delegation, led by Diet Member Mori Aiko",
     "Mori Aiko", "Japan"),
])
def test_p3_p4_p5_counterpart_name_and_side(phrase: str, name: str, side: str) -> None:
    sp = split("Secretary Hale's Meeting with a Counterpart",
               f"Secretary of State Marcus Hale met today with {phrase}. They discussed fisheries.", "state")
    co = party(sp, "counterpart")
    assert (co.name, co.side) == (name, side)
    assert "Transition" not in co.name
    assert "Islands" not in co.name


def test_p5_a_counterpart_without_office_or_side_carries_a_note() -> None:
    sp = split("Telephone conversation with Marcus Hale",
               "Vladimir Putin had a phone conversation with Marcus Hale. They discussed fisheries.", "kremlin")
    co = party(sp, "counterpart")
    assert co.name == "Marcus Hale"
    assert co.side is None
    assert any("side unknown" in n for n in co.notes)
    assert not party(sp, "principal").notes


def test_crown_prince_of_a_place_keeps_the_whole_arabic_name() -> None:
    sp = split("Readout of President Hale's Call with Crown Prince of Qadira",
               "President Marcus Hale spoke today with Crown Prince of Qadira Hamad bin Khalid Al Rashid. Sheikh Hamad "
               "bin Khalid thanked the President for the invitation.", "whitehouse")
    co = party(sp, "counterpart")
    assert co.name == "Hamad bin Khalid Al Rashid"
    assert "Sheikh Hamad bin Khalid" in co.aliases
    assert label(sp, "Sheikh Hamad bin Khalid thanked") == "counterpart"


def test_p6_dual_hatted_counterpart_keeps_both_hats() -> None:
    sp = split("Readout of President Hale's Call with Prime Minister Mottley of Barbados",
               "President Marcus Hale spoke today with Prime Minister Mia Mottley of Barbados, Chair of the Caribbean "
               "Community. The Caribbean Community welcomed the new disaster-relief fund.", "whitehouse")
    co = party(sp, "counterpart")
    assert (co.name, co.side, co.organisation) == ("Mia Mottley", "Barbados", "CARICOM")
    assert label(sp, "The Caribbean Community welcomed") == "counterpart"


def test_joint_subject_with_company_is_still_joint() -> None:
    sp = split("Readout of President Hale's Meeting with Prime Minister Solberg of Norway",
               "President Marcus Hale met today with Prime Minister Ingrid Solberg of Norway. President Hale thanked "
               "Norway for its support. The two leaders and their teams agreed to meet again in the autumn.",
               "whitehouse")
    assert label(sp, "The two leaders and their teams agreed") == JOINT


def test_p5_side_from_the_headline_or_the_office_alone() -> None:
    sp = split("Secretary Hale's Visit to Cambodia",
               "Secretary of State Marcus Hale led a delegation to Phnom Penh on Tuesday. In a meeting with Prime "
               "Minister Sok Vannak, Secretary Hale stressed the value of demining programs.", "state")
    co = party(sp, "counterpart")
    assert (co.name, co.side) == ("Sok Vannak", "Cambodia")
    assert any("headline" in n for n in co.notes)
    assert label(sp, "Secretary Hale stressed") == "principal"
    pope = split("Telephone conversation with Pope Clement",
                 "Vladimir Putin had a telephone conversation with His Holiness Pope Clement.", "kremlin")
    assert party(pope, "counterpart").side == "Holy See"
