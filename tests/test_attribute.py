"""Attribution rules, on the seed and on readouts we wrote in each publisher's style."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from stance import pipeline
from stance.model import JOINT, NARRATOR, Span, Split
from stance.read import parse_text, read_file
from stance.sentences import sentences


def split_file(path: Path) -> Split:
    return pipeline.split(read_file(path)[0])


def label_of(sp: Split, words: str) -> str:
    """The label of the statement holding ``words`` (as party role, joint or narrator)."""
    text = sp.readout.text
    at = text.index(words)
    st = next(s for s in sp.statements if s.span.start <= at < s.span.end)
    if st.party in (JOINT, NARRATOR):
        return st.party
    party = sp.party(st.party)
    assert party is not None
    return party.role


def statement_of(sp: Split, words: str):  # type: ignore[no-untyped-def]
    at = sp.readout.text.index(words)
    return next(s for s in sp.statements if s.span.start <= at < s.span.end)


# ---- the seed --------------------------------------------------------------------------------

def test_seed_rules(seed_path: Path) -> None:
    sp = split_file(seed_path)
    assert [p.role for p in sp.parties] == ["principal", "counterpart"]
    assert sp.parties[0].name == "Liu Jianchao"
    assert sp.parties[1].name == "London Nicole Breed"
    assert label_of(sp, "met here today") == NARRATOR
    assert label_of(sp, "Liu said") == "principal"
    # An uncued sentence continues the turn, although it names Breed's city.
    assert label_of(sp, "San Francisco has long been at the forefront") == "principal"
    # "Both sides should ..." inside Liu's turn is his proposal, not a joint statement.
    assert label_of(sp, "Both sides should strengthen") == "principal"
    # Cited speech: Liu relays Xi Jinping.
    xi = statement_of(sp, "President Xi Jinping pointed out")
    assert sp.party(xi.party).role == "principal"  # type: ignore[union-attr]
    assert xi.cited == "Xi Jinping"
    assert label_of(sp, "Breed expressed") == "counterpart"
    assert label_of(sp, "San Francisco is willing to") == "counterpart"
    assert label_of(sp, "Sun Haiyan") == NARRATOR


def test_offsets_cover_every_body_sentence(seed_path: Path) -> None:
    sp = split_file(seed_path)
    text = sp.readout.text
    for st in sp.statements:
        assert st.span.of(text) == text[st.span.start : st.span.end]
        assert st.span.of(text).strip() == st.span.of(text)
    # Statements are ordered and do not overlap.
    for a, b in zip(sp.statements, sp.statements[1:], strict=False):
        assert a.span.end <= b.span.start
    body_words = "".join(sp.readout.body_text.split())
    covered = "".join("".join(s.span.of(text).split()) for s in sp.statements)
    assert covered == body_words


# ---- Chinese MFA style -------------------------------------------------------------------------

def test_mfa_style() -> None:
    sp = split_file(FIXTURES / "split" / "mfa_wang_yi_dahlberg.txt")
    assert [p.name for p in sp.parties] == ["Wang Yi", "Erik Dahlberg"]
    assert sp.parties[0].side == "China"
    assert "Wang" in sp.parties[0].aliases  # Chinese surname comes first
    assert label_of(sp, "Wang Yi said") == "principal"
    xi = statement_of(sp, "President Xi Jinping pointed out")
    assert xi.cited == "Xi Jinping"
    assert sp.party(xi.party).role == "principal"
    assert label_of(sp, "China is willing") == "principal"
    assert label_of(sp, "Both sides should firmly oppose") == "principal"
    assert label_of(sp, "Dahlberg expressed") == "counterpart"
    assert label_of(sp, "Norland firmly adheres") == "counterpart"  # continues his turn
    assert label_of(sp, "The Norland side is ready") == "counterpart"
    assert label_of(sp, "The two sides also exchanged views") == JOINT
    assert label_of(sp, "They agreed") == JOINT
    assert label_of(sp, "was present") == NARRATOR
    assert sp.readout.meeting_date is not None
    assert sp.readout.meeting_date.isoformat() == "2025-03-12"


# ---- US style ----------------------------------------------------------------------------------

def test_white_house_style_and_clause_split() -> None:
    sp = split_file(FIXTURES / "split" / "wh_call_westland.txt")
    assert [p.name for p in sp.parties] == ["Joseph R. Biden", "Anna Lindqvist"]
    assert label_of(sp, "The following is attributable") == NARRATOR
    assert label_of(sp, "spoke today with") == NARRATOR
    # One sentence, two speakers: split at ", and".
    assert label_of(sp, "The President reaffirmed") == "principal"
    assert label_of(sp, "Prime Minister Lindqvist thanked him") == "counterpart"
    first = statement_of(sp, "The President reaffirmed")
    second = statement_of(sp, "Prime Minister Lindqvist thanked him")
    assert first is not second
    assert first.span.end <= second.span.start
    # "Jan. 2023" and "No. 1" do not end sentences.
    assert "Jan. 2023" in statement_of(sp, "floods in Jan").span.of(sp.readout.text)
    assert "No. 1 priority" in statement_of(sp, "No. 1").span.of(sp.readout.text)
    assert label_of(sp, "The two leaders discussed") == JOINT
    assert label_of(sp, "The Prime Minister underscored") == "counterpart"
    assert label_of(sp, "She noted") == "counterpart"  # a pronoun continues the current speaker
    assert label_of(sp, "The leaders agreed") == JOINT


def test_a_sides_officials_and_the_attendees_are_speakers() -> None:
    """"The Estonian officials provided ..." is the counterpart's delegation speaking (it had continued
    the principal's turn), and "Attendees also discussed ..." is both sides (it had read "Attendees" as a
    third person whose words the counterpart relays)."""
    text = (
        "Readout of National Security Advisor Dana Whitfield's Meeting with Estonian Officials\n( 2024.04.18 )\n\n"
        "National Security Advisor Dana Whitfield met today with Minister of Defence of Estonia Piet Haavel "
        "at the White House.\n\n"
        "Ms. Whitfield reaffirmed the commitment of the United States to Estonia's security. "
        "The Estonian officials provided an update on the storms along the coast and thanked the United States "
        "for its assistance. Attendees also discussed joint exercises planned for the autumn.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert [p.side for p in sp.parties][1] == "Estonia"
    assert label_of(sp, "Ms. Whitfield reaffirmed") == "principal"
    assert label_of(sp, "The Estonian officials provided") == "counterpart"
    assert label_of(sp, "Attendees also discussed") == JOINT


def test_a_suffixed_name_and_a_list_of_officials_make_a_joint_subject() -> None:
    """"President Harold T. Vance, Jr. and President Ana Ruiz had an official meeting and state luncheon at
    ..." reports the meeting (", Jr." had cut the pair, leaving the counterpart alone as subject), and
    "Deputy Secretary Marsh, Minister Ruiz, and Vice Minister Ortiz emphasized ..." is both sides (the
    offices between the commas had cut the list, leaving the counterpart's two)."""
    text = (
        "Readout of President Harold T. Vance, Jr.'s Meeting with President Ana Ruiz of Paraguay\n( 2024.08.02 )\n\n"
        "President Harold T. Vance, Jr. and President Ana Ruiz of Paraguay had an official meeting and state "
        "luncheon at the Lopez Palace in Asuncion. President Vance and President Ruiz discussed trade and energy.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert [p.name for p in sp.parties] == ["Harold T. Vance", "Ana Ruiz"]
    assert label_of(sp, "had an official meeting and state") == NARRATOR
    assert label_of(sp, "President Vance and President Ruiz discussed") == JOINT
    text = (
        "Deputy Secretary Marsh's Meeting with Paraguayan Foreign Minister Ruiz\n( 2024.08.03 )\n\n"
        "Deputy Secretary of State Leon Marsh met with Paraguayan Minister of Foreign Affairs Ana Ruiz and Vice "
        "Minister of Foreign Affairs Pablo Ortiz in Asuncion. Deputy Secretary Marsh, Minister Ruiz, and Vice "
        "Minister Ortiz emphasized their shared commitment to clean energy. The Deputy Secretary thanked "
        "Minister Ruiz for her hospitality.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert "Pablo Ortiz" in sp.parties[1].members
    assert label_of(sp, "Vice Minister Ortiz emphasized") == JOINT
    assert label_of(sp, "The Deputy Secretary thanked") == "principal"


def test_leaders_who_reinforced_something_speak_together() -> None:
    """"Noting ..., the two leaders reinforced the importance of ..." is both leaders: with no verb read, it
    had continued the principal's turn."""
    text = (
        "Readout of President Harold Vance's Meeting with Prime Minister Lena Moro of Italy\n( 2024.02.02 )\n\n"
        "President Harold Vance met today with Prime Minister Lena Moro of Italy. President Vance praised Italy's "
        "leadership in the Mediterranean. Noting the floods in the north of the country, the two leaders "
        "reinforced the importance of disaster preparedness.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "President Vance praised") == "principal"
    assert label_of(sp, "the two leaders reinforced") == JOINT


def test_an_office_before_a_name_with_a_particle_is_that_persons() -> None:
    """"President Vance and President van der Berg reiterated ...": "President" before "van der Berg" is
    her title, not a second mention of the principal's office (which had left her alone as subject)."""
    text = (
        "Readout of President Harold Vance's Call with President Margo van der Berg of the European Council\n"
        "( 2024.03.05 )\n\n"
        "President Harold Vance spoke today with President Margo van der Berg of the European Council. "
        "President Vance and President van der Berg reiterated their support for Moldova. "
        "President van der Berg thanked the President for the call.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "President Vance and President van der Berg reiterated") == JOINT
    assert label_of(sp, "President van der Berg thanked") == "counterpart"


def test_reflected_on_reports_its_subjects_words() -> None:
    """"Secretary Marsh reflected on Prime Minister Oda's legacy and recalled with the Prime Minister ..."
    is the Secretary's (with no verb read before "recalled", the Prime Minister had been its subject), and
    "They reflected on ..., and the President reiterated ..." is both sides, then the principal."""
    text = (
        "Secretary Marsh's Meeting with Japanese Prime Minister Ishii\n( 2024.06.12 )\n\n"
        "Secretary of State Leon Marsh met today with Japanese Prime Minister Ishii Kenta in Tokyo. Secretary "
        "Marsh reflected on Prime Minister Oda's legacy and recalled with the Prime Minister shared efforts to "
        "strengthen the alliance. They reflected on the recent summit in Manila, and the Secretary reiterated the "
        "U.S. commitment to the region.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "Marsh reflected on") == "principal"
    assert label_of(sp, "They reflected on") == JOINT
    assert label_of(sp, "the Secretary reiterated") == "principal"


def test_more_reporting_verb_forms() -> None:
    """"is determined to", "re-iterated" and "spoke candidly about" report their subject's position; with
    no verb read, the first two had continued a joint statement and the third gone to the principal."""
    text = (
        "Readout of President Harold Vance's Meeting with President Ana Ruiz of Paraguay\n( 2024.08.02 )\n\n"
        "President Harold Vance met today with President Ana Ruiz of Paraguay. The two leaders discussed trade. "
        "President Vance is determined to expand the partnership. The two leaders spoke candidly about migration. "
        "The leaders agreed to meet again. President Vance re-iterated his support for the energy transition.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "President Vance is determined") == "principal"
    assert label_of(sp, "spoke candidly about") == JOINT
    assert label_of(sp, "President Vance re-iterated") == "principal"


def test_a_party_that_was_grateful_speaks() -> None:
    """"President Ruiz was grateful for ..." is the counterpart's thanks; with no verb read it had continued
    the joint statement before."""
    text = (
        "Readout of President Harold Vance's Call with President Ana Ruiz of Paraguay\n( 2024.08.09 )\n\n"
        "President Harold Vance spoke today with President Ana Ruiz of Paraguay. The two leaders agreed to "
        "expand cooperation on energy. President Ruiz was grateful for the President's support after the floods.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "President Ruiz was grateful") == "counterpart"


def test_the_publishers_side_speaks_as_itself_after_a_joint_statement() -> None:
    """After a joint statement, "The United States will also provide ..." is the publishing side speaking as
    itself; "The United States and Paraguay plan to ..." stays joint. "former U.S. Secretary of State X"
    does not end a sentence at "U.S."."""
    text = (
        "Readout of President Harold Vance's Meeting with President Ana Ruiz of Paraguay\n( 2024.08.02 )\n\n"
        "President Harold Vance met today with President Ana Ruiz of Paraguay. The two leaders discussed "
        "security on the border. The United States will also provide training to Paraguayan customs officers. "
        "The leaders agreed to meet again. The United States and Paraguay plan to expand clean energy. "
        "They honored the legacy of former U.S. Secretary of State Mary Lane, who was born in Asuncion.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "The United States will also provide") == "principal"
    assert label_of(sp, "The United States and Paraguay plan") == JOINT
    honored = statement_of(sp, "They honored")
    assert "Mary Lane" in honored.span.of(sp.readout.text)


def test_a_third_person_with_a_suffix_who_dropped_by_is_framing() -> None:
    """"President Harold T. Vance, Jr. dropped by the meeting." (the President is no party here) narrates who
    joined; ", Jr." had hidden the name, so it went to the publisher's own voice."""
    text = (
        "Readout of Vice President Mara Quist's Meeting with First Minister Alan Boyd of Wales\n( 2024.03.01 )\n\n"
        "Today Vice President Mara Quist met with First Minister Alan Boyd of Wales. President Harold T. Vance, Jr. "
        "dropped by the meeting. The Vice President stressed the strength of the ties between the two peoples.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "dropped by the meeting") == NARRATOR
    assert label_of(sp, "The Vice President stressed") == "principal"


def test_both_holders_of_an_office_speak_together() -> None:
    """"Both National Security Advisors discussed ..." and "The two senior officials discussed ..." name the
    two sides at once; they had continued the principal's turn."""
    text = (
        "Readout of National Security Advisor Dana Whitfield's Meeting with National Security Advisor Ito Ren of "
        "Japan\n( 2024.10.25 )\n\n"
        "National Security Advisor Dana Whitfield met today with National Security Advisor Ito Ren of Japan. "
        "Ms. Whitfield praised Japan's support for Ukraine. Both National Security Advisors discussed the "
        "coming summit. Ms. Whitfield thanked Mr. Ito for his hospitality. The two senior officials discussed "
        "export controls.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "Both National Security Advisors discussed") == JOINT
    assert label_of(sp, "The two senior officials discussed") == JOINT
    assert label_of(sp, "Ms. Whitfield thanked") == "principal"


def test_a_party_whose_name_is_spelt_another_way_is_still_that_party() -> None:
    """"Prime Minister Ilan Rozen" in the lead and "Ilan Rosen" later: one letter apart, the same person
    (transliterations and typos); the later name had been a third person on neither side."""
    text = (
        "Telephone conversation with Prime Minister of Israel Ilan Rozen\n( 2022.03.06 )\n\n"
        "Vladimir Putin had a telephone conversation with Prime Minister of Israel Ilan Rozen. "
        "Vladimir Putin informed him about the talks with Ukrainian representatives. "
        "Ilan Rosen expressed concern about the fate of civilians. "
        "Vladimir Putin and Ilan Rosen agreed to stay in touch.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "Ilan Rosen expressed") == "counterpart"
    assert label_of(sp, "Vladimir Putin and Ilan Rosen agreed") == JOINT


def test_both_sides_listed_with_another_official_speak_together() -> None:
    """"Secretary Marsh, President Ruiz, and Secretary Dale discussed ...": the two parties head the list of
    speakers, with one more official; it had gone to the narrator (the last name being on neither side)."""
    text = (
        "Secretary Marsh's Meeting with Paraguayan President Ruiz\n( 2024.04.19 )\n\n"
        "Secretary of State Leon Marsh met today with Paraguayan President Ana Ruiz in Asuncion. "
        "Secretary Marsh, President Ruiz, and Secretary Tom Dale discussed migration in the region.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "and Secretary Tom Dale discussed") == JOINT


def test_clauses_inside_what_was_said_and_objects_before_a_comma() -> None:
    """"President Vance was clear that, if Russia undertakes ..., the United States will respond ..." is the
    President's (no new speaker after "that," or a subordinator); "... support for the sovereignty of Ukraine,
    stressed ..." does not make Ukraine the subject of "stressed"; "The Head of the Office of the President and
    the delegation of the Republic of Chile discussed ..." is both sides ("the delegation of the Republic of
    Chile" is one party named twice)."""
    text = (
        "Readout of President Harold Vance's Call with President Ivan Sorokin of Russia\n( 2024.02.12 )\n\n"
        "President Harold Vance spoke today with President Ivan Sorokin of Russia. President Vance was clear "
        "that, if Russia undertakes a further invasion of Ukraine, the United States together with its Allies "
        "will respond decisively and impose swift and severe costs on Russia.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "if Russia undertakes") == "principal"
    text = (
        "President of Ukraine Meets with Delegation of US Senators\n( 2022.01.18 )\n\n"
        "President of Ukraine Taras Melnyk met with a delegation of the US Senate led by Senator Ann Grey. "
        "The President thanked the senators for their visit. Senator Grey thanked the President for the "
        "meeting. The American guests expressed support for the sovereignty of Ukraine, stressed the importance "
        "of sanctions and praised the resilience of Ukrainians.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "stressed the importance of sanctions") == "counterpart"
    text = (
        "Head of the Office of the President Meets with Parliamentary Delegation of Chile\n( 2022.06.07 )\n\n"
        "Head of the Office of the President of Ukraine Andriy Yermak met with a delegation of the National "
        "Congress of the Republic of Chile led by Senator Rosa Vidal. Andriy Yermak thanked Chile for its "
        "support. The Head of the Office of the President and the delegation of the Republic of Chile also "
        "discussed cooperation after the war.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "and the delegation of the Republic of Chile also discussed") == JOINT


def test_a_participle_before_by_has_no_subject() -> None:
    """"... the defense of Japan backed by the full range of U.S. capabilities, the leaders agreed ...":
    "backed by" is a participle, so Japan is no subject (it had made the sentence the counterpart's)."""
    text = (
        "Readout of President Harold Vance's Meeting with Prime Minister Ito Ren of Japan\n( 2023.08.18 )\n\n"
        "President Harold Vance met today with Prime Minister Ito Ren of Japan. Recognizing the U.S. commitment "
        "to the defense of Japan backed by the full range of U.S. capabilities, the leaders agreed to deepen "
        "defense cooperation.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "Recognizing the U.S. commitment") == JOINT


# ---- Kremlin style -----------------------------------------------------------------------------

def test_kremlin_style_run_together_paragraph() -> None:
    sp = split_file(FIXTURES / "split" / "kremlin_call_vostok.txt")
    assert [p.name for p in sp.parties] == ["Vladimir Putin", "Timur Aliev"]
    assert len(sp.readout.paragraphs) == 1
    assert label_of(sp, "had a telephone conversation") == NARRATOR
    assert label_of(sp, "Timur Aliev warmly congratulated") == "counterpart"
    assert label_of(sp, "Vladimir Putin informed") == "principal"
    assert label_of(sp, "In turn, the President of Vostokia") == "counterpart"
    assert label_of(sp, "between the two countries was noted") == JOINT
    assert label_of(sp, "Particular attention was paid") == JOINT
    # Passive: the Russian President was asked -> the other side asked.
    assert label_of(sp, "The Russian President was asked") == "counterpart"
    assert label_of(sp, "It was agreed") == JOINT
    assert label_of(sp, "the conversation was constructive") == NARRATOR


# ---- quotations --------------------------------------------------------------------------------

def test_quoted_sentences_go_to_the_quoted_speaker() -> None:
    sp = split_file(FIXTURES / "split" / "ukraine_quotes.txt")
    assert label_of(sp, "I am grateful to Estland") == "principal"
    assert label_of(sp, "Your support for our sanctions") == "principal"
    assert label_of(sp, "Karin Tamm noted") == "counterpart"
    assert label_of(sp, "We stand with you") == "counterpart"



def test_a_quotation_left_unclosed_ends_where_the_next_one_opens() -> None:
    """Publishers run a quotation on without closing it ('... every day. "No country ...," he said'),
    nest one inside another, or close one that never opened. Only quoted words are masked: the
    sentences after the last quotation keep their speakers."""
    sp = split_file(FIXTURES / "split" / "ukraine_runon_quotes.txt")
    assert label_of(sp, "The occupiers are destroying") == "principal"
    assert label_of(sp, "No country in Europe") == "principal"
    assert label_of(sp, "coalition of the willing") == "principal"
    # "we believe" inside the President's quotation is his, not both sides'
    assert label_of(sp, "In addition, we believe") == "principal"
    assert label_of(sp, "The President thanked Westmark") == "principal"
    assert label_of(sp, "also expressed hope") == "principal"
    assert label_of(sp, "Aino Kallas assured") == "counterpart"
    assert label_of(sp, "Your struggle is our struggle") == "counterpart"

# ---- sentences ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Secretary Antony J. Blinken met Mr. Smith. They spoke.", 2),
        ("The U.S. Government and the U.K. agreed. The talks ended.", 2),
        ("They met on Jan. 6 at No. 10 Downing Street. It was warm.", 2),
        ("He met officials in Washington, D.C. The President then left.", 2),
        ("Dr. Lee said so! Was it? Yes.", 3),
        ('"We agree." The minister left.', 2),
    ],
)
def test_sentence_segmentation(text: str, count: int) -> None:
    assert len(sentences(text, Span(0, len(text)))) == count


def test_no_parties_still_split_with_a_reason() -> None:
    r = parse_text("Statement on the weather\n( 2024.01.01 )\n\nIt rained. The wind was strong.\n")
    sp = pipeline.split(r)
    assert sp.parties == ()
    assert sp.notes
    assert "could not find" in sp.notes[0]
    assert [s.party for s in sp.statements] == [NARRATOR, NARRATOR]


def test_a_where_clause_inside_what_a_side_said_is_still_that_side() -> None:
    """'X welcomed the Secretary's trip to the region, where the Secretary will meet ...' is X's welcome;
    after a framing verb the 'where' clause is the meeting's content ('met ..., where they discussed')."""
    text = ("Secretary Hale's Call with Chilean Foreign Minister Rojas\n( 2024.02.06 )\n\n"
            "Secretary of State Marcus Hale spoke today with Chilean Foreign Minister Elena Rojas. The Secretary "
            "thanked Chile for its leadership on ocean conservation. The Foreign Minister welcomed plans for "
            "Secretary Hale to travel to the region next month, where the Secretary will meet with regional "
            "counterparts to discuss lithium supply chains and fisheries enforcement.\n")
    sp = pipeline.split(parse_text(text))
    assert label_of(sp, "lithium supply chains") == "counterpart"
    met = ("Secretary Hale's Meeting with Chilean Foreign Minister Rojas\n( 2024.02.06 )\n\n"
           "Secretary of State Marcus Hale met with Chilean Foreign Minister Elena Rojas in Washington, where "
           "they discussed lithium supply chains and fisheries enforcement.\n")
    assert label_of(pipeline.split(parse_text(met)), "lithium supply chains") == JOINT
