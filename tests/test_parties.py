"""Finding the two sides from titles and lead sentences."""

from __future__ import annotations

import pytest

from stance.parties import find_parties, people_in
from stance.read import parse_text


def parties_of(title: str, body: str) -> list[tuple[str, str | None]]:
    r = parse_text(f"{title}\n( 2024.05.01 )\n\n{body}\n")
    return [(p.name, p.side) for p in find_parties(r).parties]


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Liu Jianchao Meets with London Nicole Breed, Mayor of San Francisco",
         "Beijing, April 19thLiu Jianchao, Minister of the International Department of the CPC Central Committee "
         "(IDCPC), met here today with London Nicole Breed, Mayor of San Francisco. Liu said, welcome.",
         [("Liu Jianchao", "China"), ("London Nicole Breed", "San Francisco")]),
        ("Readout of President Biden's Call with Prime Minister Trudeau of Canada",
         "President Joseph R. Biden, Jr. spoke today with Prime Minister Justin Trudeau of Canada. They agreed.",
         [("Joseph R. Biden", None), ("Justin Trudeau", "Canada")]),
        ("Secretary Blinken's Meeting with Danish Foreign Minister Kofod",
         "Secretary of State Antony J. Blinken met today with Danish Foreign Minister Jeppe Kofod in Washington, "
         "D.C. They discussed NATO.",
         [("Antony J. Blinken", None), ("Jeppe Kofod", "Denmark")]),
        ("Telephone conversation with Angela Merkel",
         "Vladimir Putin had a telephone conversation with Federal Chancellor of Germany Angela Merkel. The "
         "President of Russia informed her.",
         [("Vladimir Putin", "Russia"), ("Angela Merkel", "Germany")]),
        ("Wang Yi Had a Phone Call with Foreign Minister of Brazil Mauro Vieira",
         "Wang Yi had a phone call with Foreign Minister of Brazil Mauro Vieira. Wang Yi said, the Chinese side "
         "values ties.",
         [("Wang Yi", None), ("Mauro Vieira", "Brazil")]),
        ("Volodymyr Zelenskyy held talks with President of Poland Andrzej Duda",
         "President of Ukraine Volodymyr Zelenskyy held talks with President of Poland Andrzej Duda.",
         [("Volodymyr Zelenskyy", "Ukraine"), ("Andrzej Duda", "Poland")]),
        # a long object between the verb and "with" (round, format, place): the counterpart is still after "with"
        ("Vice Foreign Minister Holds Consultations with Kazakh Deputy Foreign Minister",
         "On May 3, Vice Foreign Minister Deng Li held the ninth round of strategic consultations between the "
         "foreign ministries of China and Kazakhstan in Astana with Deputy Foreign Minister of Kazakhstan Arman "
         "Issetov. The Kazakh side said that it values the dialogue.",
         [("Deng Li", None), ("Arman Issetov", "Kazakhstan")]),
        ("Xi Jinping Meets with a Delegation",
         "Xi Jinping met here today with a delegation led by President of the Republic of Vostokia Timur Aliev.",
         [("Xi Jinping", None), ("Timur Aliev", "Vostokia")]),
    ],
)
def test_title_and_lead_patterns(title: str, body: str, expected: list[tuple[str, str | None]]) -> None:
    got = parties_of(title, body)
    assert [n for n, _ in got] == [n for n, _ in expected]
    for (_, side), (_, want) in zip(got, expected, strict=True):
        if want is not None:
            assert side == want


def test_delegation_keeps_members_on_one_side() -> None:
    r = parse_text(
        "Readout of National Security Advisor Jake Sullivan's Meeting with Ukrainian Officials\n( 2021.11.10 )\n\n"
        "National Security Advisor Jake Sullivan met today with Head of Presidential Administration Andriy Yermak "
        "and Foreign Minister Dmytro Kuleba of Ukraine. They discussed reforms.\n"
    )
    p = find_parties(r).parties
    assert p[1].name == "Andriy Yermak"
    assert p[1].members == ("Dmytro Kuleba",)
    assert "Kuleba" in p[1].aliases


def test_aliases_include_titles_metonyms_and_honorifics() -> None:
    r = parse_text(
        "Readout of Secretary Blinken's Call with Foreign Minister Wong of Australia\n( 2023.01.01 )\n\n"
        "Secretary of State Antony J. Blinken spoke today with Australian Foreign Minister Penny Wong. "
        "The Secretary thanked her.\n"
    )
    principal, counterpart = find_parties(r).parties
    assert {"Blinken", "the Secretary", "Mr. Blinken"} <= set(principal.aliases)
    assert {"Wong", "the Foreign Minister", "Australia", "the Australian side", "Canberra"} <= set(counterpart.aliases)
    assert not set(principal.aliases) & set(counterpart.aliases)


def test_people_in_skips_offices_places_and_initials() -> None:
    assert [p.name for p in people_in("U.S. President Joseph Biden")] == ["Joseph Biden"]
    assert [p.name for p in people_in("Emir of the State of Qatar Tamim bin Hamad Al Thani")] == [
        "Tamim bin Hamad Al Thani"]
    assert [p.name for p in people_in("European Commission President Ursula von der Leyen")] == [
        "Ursula von der Leyen"]
    assert [p.name for p in people_in("Prime Minister Mohammed Shia al-Sudani of Iraq")] == [
        "Mohammed Shia al-Sudani"]


def test_a_portfolio_listed_with_commas_is_the_office_not_people() -> None:
    """Items of an office's portfolio that are not office words ("Water", "Forestry") had each read as a
    person: the counterpart of "... met with Minister of Agriculture, Water and Land Reform ..." was "Water"."""
    for office, name in [("Minister of Agriculture, Water and Land Reform of Namibia", "Helena Nangolo"),
                         ("Minister of Agriculture, Forestry and Fisheries", "Dith Tina"),
                         ("Minister of Mines, Energy, Water and Tourism", "Kapa Moyo"),
                         ("Deputy Prime Minister and Minister of Foreign Affairs and Expatriates of Jordan",
                          "Omar Haddad")]:
        people = people_in(f"{office} {name}")
        assert [p.name for p in people] == [name]
        assert people[0].title == office
    # a comma after a country ends the office, and "and" after a name joins another person
    assert [p.name for p in people_in("President of Finland, Niinisto and Prime Minister Andersson")] == [
        "Niinisto", "Andersson"]
    assert [p.name for p in people_in("Minister of Foreign Affairs Sergey Lavrov and Wang of China")] == [
        "Sergey Lavrov", "Wang"]


def test_a_headline_office_takes_its_holder_from_the_lead() -> None:
    """"X after the meeting with the President of the European Council: <quotation>" names an office only;
    the lead's "... the talks with President of the European Council Margo van der Berg and ..." names its
    holder, who is the counterpart (there was none, and every sentence of hers went to the principal)."""
    text = (
        "Taras Melnyk after the meeting with the President of the European Council: Ukraine belongs in Europe\n"
        "( 2022.04.09 )\n\n"
        "President Taras Melnyk thanked the European Union for its support. The President made this statement "
        "to journalists after the talks with President of the European Council Margo van der Berg in Kyiv.\n"
    )
    found = find_parties(parse_text(text))
    assert [(p.role, p.name) for p in found.parties] == [("principal", "Taras Melnyk"),
                                                         ("counterpart", "Margo van der Berg")]
    assert found.parties[1].title == "President of the European Council"


def test_no_parties_says_why() -> None:
    found = find_parties(parse_text("Notes\n( 2024.01.01 )\n\nNothing was said by anyone.\n"))
    assert found.parties == ()
    assert any("principal" in n for n in found.notes)


def test_a_patronymic_with_its_particle_names_the_person() -> None:
    """'Minister bin Faisal' is the Defense Minister Khalid bin Faisal Al Harbi; 'Faisal' alone is not
    (it may be his father), so only the particle form is an alias."""
    from stance import pipeline

    r = parse_text(
        "Readout of National Security Advisor Dana Whitfield's Meeting with Defense Minister Prince Khalid "
        "bin Faisal Al Harbi\n( 2024.03.05 )\n\n"
        "National Security Advisor Dana Whitfield welcomed Defense Minister Prince Khalid bin Faisal Al Harbi "
        "to the White House today. Ms. Whitfield discussed maritime security in the Red Sea. "
        "Ms. Whitfield and Minister bin Faisal also discussed the situation in Sudan.\n"
    )
    sp = pipeline.split(r)
    counterpart = sp.parties[1]
    assert "bin Faisal" in counterpart.aliases
    assert "Faisal" not in counterpart.aliases
    last = sp.statements[-1]
    assert "Minister bin Faisal also discussed" in last.span.of(r.text)
    assert last.party == "joint"


def test_an_office_short_form_the_body_defines_names_its_holder() -> None:
    """'Director-General (DG)' defines DG; 'DG Amare highlighted ...' is then the Director-General,
    whose given name the body uses with it."""
    from stance import pipeline

    r = parse_text(
        "Readout of Deputy National Security Advisor Lena Ortiz's Meeting with ILO Director-General Dr. "
        "Amare Tesfaye Gebru\n( 2024.06.12 )\n\n"
        "Deputy National Security Advisor Lena Ortiz met today with the International Labour Organization "
        "(ILO) Director-General (DG) Dr. Amare Tesfaye Gebru. Ms. Ortiz reaffirmed U.S. support for fair "
        "labor standards in supply chains. DG Amare highlighted the role of the United States in the "
        "organization's programs.\n"
    )
    sp = pipeline.split(r)
    assert sp.parties[1].title == "International Labour Organization (ILO) Director-General (DG)"  # no "Dr"
    last = sp.statements[-1]
    assert last.span.of(r.text).startswith("DG Amare highlighted")
    party = sp.party(last.party)
    assert party is not None
    assert party.role == "counterpart"
