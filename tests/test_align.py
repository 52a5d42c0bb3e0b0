"""Alignment invariants (hypothesis), stance grading, theme vocabulary and the TF-IDF model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance import pipeline
from stance.align import align_split
from stance.modality import differ, stance_of, stances_in
from stance.model import JOINT, Alignment, Party, Span, Split, Statement, Theme
from stance.read import parse_text, read_file
from stance.themes import default_vocabulary

CLAUSES = [
    "strengthen cooperation in trade and investment",
    "expand tourism and direct flights",
    "firmly opposes unilateral sanctions",
    "hopes to deepen people-to-people exchanges",
    "is willing to work on climate change and clean energy",
    "welcomed progress on artificial intelligence safety",
    "expressed concern about the humanitarian situation in Gaza",
    "urged a ceasefire and the release of hostages",
    "reaffirmed support for Ukraine's sovereignty and territorial integrity",
    "discussed counternarcotics cooperation and fentanyl",
]


def mirrored(clauses: list[str]) -> Split:
    """A readout in which the counterpart says exactly what the principal says."""
    lines = [f"Ana Pereira said that Arcadia will {c}." for c in clauses]
    lines += [f"Ben Okafor said that Borduria will {c}." for c in clauses]
    body = " ".join(lines)
    text = f"Ana Pereira Meets with Ben Okafor\n( 2024.01.02 )\n\n{body}\n"
    r = parse_text(text)
    stmts = []
    pos = text.index(lines[0])
    for i, line in enumerate(lines):
        start = text.index(line, pos)
        stmts.append(Statement(party="p1" if i < len(clauses) else "p2", span=Span(start, start + len(line)),
                               cue="say"))
        pos = start + len(line)
    parties = (Party(id="p1", role="principal", name="Ana Pereira", aliases=("Pereira",)),
               Party(id="p2", role="counterpart", name="Ben Okafor", aliases=("Okafor",)))
    return Split(readout=r, parties=parties, statements=tuple(stmts))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=5, unique=True))
def test_a_readout_aligned_with_itself_shares_every_theme(clauses: list[str]) -> None:
    al = align_split(mirrored(clauses))
    assert al.themes, "every clause names at least one theme"
    for t in al.themes:
        assert t.status == "shared", (t.name, t.status)
        assert {e.party for e in t.evidence} >= {"p1", "p2"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=6), st.lists(st.sampled_from(CLAUSES), max_size=6))
def test_scores_in_range_and_order_deterministic(a: list[str], b: list[str]) -> None:
    sp = mirrored(a)
    # Give the counterpart other words: replace its statements' text by b's clauses.
    text = sp.readout.text
    first = align_split(sp)
    second = align_split(sp)
    assert first.themes == second.themes
    for t in first.themes:
        assert 0.0 <= t.score <= 1.0
        for e in t.evidence:
            assert 0 <= e.span.start < e.span.end <= len(text)
            if e.stance is not None:
                assert -1.0 <= e.stance.strength <= 1.0
    del b


def test_one_sided_readout_is_all_only() -> None:
    text = ("Readout of President Biden's Call with President Lula of Brazil\n( 2023.02.01 )\n\n"
            "President Joseph R. Biden, Jr. spoke today with President Luiz Inacio Lula da Silva of Brazil. "
            "President Biden underscored U.S. support for Brazil's democracy and discussed climate change, "
            "including deforestation in the Amazon. The President also raised food security.\n")
    al = pipeline.analyse(parse_text(text))
    assert al.themes
    assert {t.status for t in al.themes} <= {"only", "joint"}
    assert all(e.party == "p1" for t in al.themes if t.status == "only" for e in t.evidence)


def test_joint_statements_are_marked_joint() -> None:
    text = ("Readout of Secretary Blinken's Meeting with Foreign Minister Wong\n( 2023.02.01 )\n\n"
            "Secretary of State Antony J. Blinken met today with Australian Foreign Minister Penny Wong. "
            "The two ministers discussed trade and critical minerals.\n")
    al = pipeline.analyse(parse_text(text))
    trade = next(t for t in al.themes if t.name == "trade")
    assert trade.status == "joint"
    assert trade.joint
    assert all(e.party == JOINT for e in trade.evidence)


def test_differ_when_one_welcomes_what_the_other_opposes() -> None:
    text = ("Wang Yi Meets with Foreign Minister of Norland Erik Dahlberg\n( 2024.01.02 )\n\n"
            "Wang Yi met with Foreign Minister of Norland Erik Dahlberg. Wang Yi said, China firmly opposes the "
            "new sanctions on Chinese companies. Dahlberg welcomed the sanctions as a step toward accountability.\n")
    al = pipeline.analyse(parse_text(text))
    sanctions = next(t for t in al.themes if t.name == "sanctions")
    assert sanctions.status == "differ"
    assert "firmly opposes" in sanctions.basis
    assert "welcomes" in sanctions.basis


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("China firmly opposes the move.", "firmly opposes"),
        ("China opposes the move.", "opposes"),
        ("Norland hopes to expand trade.", "hopes"),
        ("Norland is willing to expand trade.", "willing"),
        ("Norland will expand trade.", "commits"),
        ("Norland does not support the plan.", "not supports"),
        ("Both sides should not interfere.", "not should"),
    ],
)
def test_stance_labels(sentence: str, label: str) -> None:
    found = [s for s in stances_in(sentence, Span(0, len(sentence))) if s.label != "informs"]
    assert found[0].label == label


def test_stance_grades_are_ordered() -> None:
    def strength(s: str) -> float:
        return stances_in(s, Span(0, len(s)))[0].strength

    assert strength("firmly opposes") < strength("opposes") < 0
    assert 0 < strength("hopes") < strength("is willing") < strength("will")
    a = stances_in("welcomed", Span(0, 8))[0]
    b = stances_in("opposes", Span(0, 7))[0]
    assert differ(a, b)
    assert differ(b, a)
    assert not differ(a, a)


def test_statement_stance_uses_its_cue(seed_path: Path) -> None:
    sp = pipeline.split(read_file(seed_path)[0])
    text = sp.readout.text
    willing = next(s for s in sp.statements if "is willing to" in s.span.of(text))
    assert stance_of(willing, text).label == "willing"


def test_vocabulary_finds_variants_with_spans() -> None:
    text = "We promote tourism, people-to-people exchanges and free trade; the UN, its Charter and who."
    hits = default_vocabulary().find(text, Span(0, len(text)))
    found = {(h.name, h.span.of(text)) for h in hits}
    assert ("tourism", "tourism") in found
    assert ("trade", "free trade") in found
    assert any(h.span.of(text) == "people-to-people exchanges" for h in hits)
    assert any(h.span.of(text) == "UN" for h in hits)
    assert not any(h.span.of(text) == "who" for h in hits)  # acronyms match case-sensitively


def test_palm_oil_is_no_energy() -> None:
    """A theme's `not_after` words make its phrase another thing: "palm oil" and "olive oil" are farm
    goods; "oil and gas" stays energy."""
    text = "Exports of palm oil and olive oil grew, and so did oil and gas supplies."
    hits = default_vocabulary().find(text, Span(0, len(text)))
    energy = [h.span for h in hits if h.name == "energy"]
    assert [sp.of(text) for sp in energy] == ["oil", "gas supplies"]
    assert all(sp.start > text.index("grew") for sp in energy)


def test_cross_border_is_not_about_the_border() -> None:
    """"cross-border railways" names transport across a border, not the border (migration, refugees);
    the border itself still is one."""
    text = "They will build cross-border railways and reopen the border to refugees."
    hits = default_vocabulary().find(text, Span(0, len(text)))
    assert not any(h.span.of(text) == "border" and h.span.start < text.index("railways") for h in hits)
    assert any(h.span.of(text) == "border" and h.span.start > text.index("railways") for h in hits)


def _account(principal: tuple[str, str], counterpart: tuple[str, str], published: str) -> Split:
    from dataclasses import replace
    from datetime import date

    text = "Readout\n\nThe two sides met."
    readout = replace(parse_text(text), published=date.fromisoformat(published))
    parties = (Party("p1", "principal", principal[0], side=principal[1]),
               Party("p2", "counterpart", counterpart[0], side=counterpart[1]))
    return Split(readout=readout, parties=parties, statements=(Statement(JOINT, Span(9, len(text))),))


def test_two_accounts_of_one_meeting_by_canonical_identity_within_three_days() -> None:
    from stance.accounts import same_meeting

    a = _account(("Joseph R. Biden, Jr.", "the United States"), ("Volodymyr Zelenskyy", "Ukraine"), "2024-03-01")
    b = _account(("Volodymyr Zelenskyy", "Ukraine"), ("President Biden", "U.S."), "2024-03-03")
    assert same_meeting(a, b)
    late = _account(("Volodymyr Zelenskyy", "Ukraine"), ("President Biden", "U.S."), "2024-03-06")
    assert not same_meeting(a, late)
    # one person misread, but the sides cross and the other person matches: still one meeting
    misread = _account(("Volodymyr Zelenskyy", "Ukraine"), ("the President", "United States"), "2024-03-02")
    assert same_meeting(a, misread)
    # the same sides with other people is another meeting
    other = _account(("Denys Shmyhal", "Ukraine"), ("Antony Blinken", "United States"), "2024-03-02")
    assert not same_meeting(a, other)


def test_one_phrase_names_one_theme() -> None:
    seen: dict[str, str] = {}
    for key, theme in default_vocabulary().themes.items():
        for phrase in theme.phrases:
            assert seen.setdefault(phrase.lower(), key) == key, (phrase, seen[phrase.lower()], key)


def test_a_topic_the_other_account_names_in_another_word_form_is_not_one_accounts_alone() -> None:
    from stance.accounts import align_accounts

    a = ("Readout of President Hale's Call with President Koval of Ukraine\n( 2024.03.01 )\n\n"
         "President Marcus Hale spoke today with President Ivan Koval of Ukraine. "
         "President Hale condemned Russia's aggressive actions toward Ukraine and pledged continued budget support. "
         "The leaders discussed the grain corridor.\n")
    b = ("Ivan Koval had a phone conversation with US President Marcus Hale\n( 2024.03.01 )\n\n"
         "President of Ukraine Ivan Koval had a phone conversation with President of the United States Marcus Hale. "
         "Ivan Koval thanked Marcus Hale for his firm position against Russian aggression. "
         "The Presidents discussed the grain corridor. Ivan Koval also raised the question of sanctions.\n")
    texts = (a, b)
    comp = align_accounts(pipeline.split(parse_text(a)), pipeline.split(parse_text(b)))
    only = {texts[e.account][e.span.start:e.span.end] for t in comp.topics if t.status == "only" for e in t.evidence}
    assert not any("aggression" in w for w in only)  # account 0 says "aggressive actions"
    assert "sanctions" in only  # account 0 has no form of it


def test_the_two_sides_relations_named_by_their_names_are_one_theme() -> None:
    """'China-US relations' / 'relations with China' name the two sides' relations whatever the pair
    of countries: the bilateral relations theme on both sides, with those words as evidence."""
    text = ("Zhao Ming Meets with Ellen Marsh, Governor of Oregon\n( 2024.05.10 )\n\n"
            "Beijing, May 10th Zhao Ming, Vice Minister of Foreign Affairs, met here today with Ellen Marsh, "
            "Governor of Oregon. Zhao said that the steady growth of China-US relations serves the interests of "
            "both countries. Marsh said that Oregon treasures its long relations with China and will keep sending "
            "students to Chinese universities.\n")
    al = pipeline.analyse(parse_text(text))
    rel = next(t for t in al.themes if t.name == "bilateral relations")
    assert rel.status == "shared"
    words = [e.span.of(text) for e in rel.evidence]
    assert "China-US relations" in words[0]
    assert "relations with China" in words[1]
    # Relations with a third country are not the two sides' relations.
    other = text.replace("relations with China", "relations with Peru").replace("China-US relations",
                                                                                 "Chile-Peru relations")
    assert not any(t.name == "bilateral relations" and t.status == "shared"
                   for t in pipeline.analyse(parse_text(other)).themes)


def test_one_sides_support_for_the_other_is_a_shared_theme_whatever_the_pair() -> None:
    """'Estonia's steadfast support' / 'support and solidarity with the people of Georgia' is support between
    the two sides, named through the sides themselves; support for a third country is not, nor is support for
    what a side does ("supports Georgia in reforming its courts"): that topic is the theme."""
    text = ("Kaja Tamm Held Talks with Nino Beridze\n( 2024.03.14 )\n\n"
            "Estonian Foreign Minister Kaja Tamm held talks in Tallinn with Georgian Foreign Minister Nino "
            "Beridze. Kaja Tamm reaffirmed Estonia's steadfast support for the people of Georgia. Nino Beridze "
            "thanked Tallinn for its steadfast support and solidarity with the people of Georgia. She said that "
            "Georgia will open a trade office in Tartu.\n")
    al = pipeline.analyse(parse_text(text))
    sup = [t for t in al.themes if t.status in ("shared", "differ") and "support" in t.name]
    assert [t.name for t in sup] == ["support between the two sides"]
    words = [e.span.of(text) for e in sup[0].evidence[:2]]
    assert "Estonia's steadfast support" in words[0]
    assert "people of Georgia" in words[1]
    third = text.replace("people of Georgia", "people of Moldova").replace("Estonia's steadfast", "the steadfast")
    assert "support between the two sides" not in {t.name for t in pipeline.analyse(parse_text(third)).themes}
    topic = text.replace("Estonia's steadfast support for the people of Georgia",
                         "that Estonia supports Georgia in reforming its courts").replace(
        "steadfast support and solidarity with the people of Georgia", "support to Georgia's court reform")
    assert not any("support" in t.name and t.status in ("shared", "differ")
                   for t in pipeline.analyse(parse_text(topic)).themes)


def test_words_of_feeling_belief_and_degree_never_anchor_a_theme_alone() -> None:
    from stance.discover import Unit, discover

    a = "I am very happy to see you again, and I am quite sure that our work will go on."
    b = "I am glad to be here again, and I definitely hope that our work will go on."
    assert discover(a, [Unit(0, Span(0, len(a)))], b, [Unit(0, Span(0, len(b)))]) == []
    # The topic beside them still makes a theme.
    a2 = a.replace("our work", "the wheat deliveries")
    b2 = b.replace("our work", "wheat deliveries")
    (m,) = discover(a2, [Unit(0, Span(0, len(a2)))], b2, [Unit(0, Span(0, len(b2)))])
    assert m.words == ("wheat", "wheat")


def test_one_discovered_theme_per_pair_of_statements() -> None:
    """Two statements that match on several rare words ('reactors', 'Chernobyl', 'Rosatom') are one exchange
    seen through several words: discovery makes one theme of it, not one per word."""
    text = ("Telephone conversation with President of France Marc Duval\n( 2022.03.06 )\n\n"
            "Vladimir Putin had a telephone conversation with President of the French Republic Marc Duval. "
            "Vladimir Putin described the measures taken to guard the Zaporozhye reactors and the Chernobyl zone "
            "together with Rosatom engineers. Marc Duval expressed concern about the reactors of Ukraine and "
            "proposed a visit to the Chernobyl zone by Rosatom and European engineers.\n")
    two = [t for t in pipeline.analyse(parse_text(text)).themes if t.status in ("shared", "differ")]
    assert len(two) == 1
    assert "Rosatom" in two[0].evidence[0].span.of(text)


def test_words_that_carry_a_topic_both_accounts_report_carry_no_one_account_topic() -> None:
    from stance.accounts import align_accounts

    a = ("Ivan Koval had a phone conversation with US President Marcus Hale\n( 2024.03.01 )\n\n"
         "President of Ukraine Ivan Koval had a phone conversation with President of the United States Marcus Hale. "
         "Ivan Koval thanked Marcus Hale for the firm support for Ukraine's sovereignty and territorial integrity. "
         "The Presidents discussed the grain corridor.\n")
    b = ("Readout of President Hale's Call with President Koval of Ukraine\n( 2024.03.01 )\n\n"
         "President Marcus Hale spoke today with President Ivan Koval of Ukraine. President Hale reaffirmed the "
         "commitment of the United States to Ukraine's sovereignty and territorial integrity. "
         "The leaders discussed the grain corridor.\n")
    comp = align_accounts(pipeline.split(parse_text(a)), pipeline.split(parse_text(b)))
    assert "sovereignty and territorial integrity" in {t.name for t in comp.topics if t.status == "both"}
    assert [t.name for t in comp.topics if t.status == "only"] == []


def test_widening_uses_the_background_it_is_given() -> None:
    """A theme's evidence widens to other statements with the theme's words, unless the background in
    use (the archive's own, when it has one) says those words are common: the packaged background
    must not stand in for it."""
    from dataclasses import replace

    from stance.align import WIDEN_COMMON, _widen
    from stance.background import default_background, stem
    from stance.model import Evidence

    text = ("Telephone conversation with President of Valdora Elena Soria\n( 2023.04.11 )\n\n"
            "Vladimir Putin had a telephone conversation with President of Valdora Elena Soria. "
            "Vladimir Putin spoke of the grain corridor across the Black Sea. "
            "He added that the grain corridor must serve the poorest countries. "
            "Elena Soria said that Valdora relies on the grain corridor.\n")
    split = pipeline.split(parse_text(text))
    principal = next(p.id for p in split.parties if p.role == "principal")
    first = next(s for s in split.statements if s.party == principal)
    at = text.index("grain corridor", first.span.start)
    core = Span(at, at + len("grain corridor"))
    have = [Evidence(principal, core, split.statements.index(first), None)]
    packaged = default_background()
    widened = _widen(split, have, [(principal, core)], packaged)
    assert widened
    assert all("grain corridor" in e.span.of(text) for e in widened)
    common = {stem("grain"): packaged.documents, stem("corridor"): packaged.documents}
    own = replace(packaged, df={**packaged.df, **common}, source="archive")
    assert own.share(stem("grain")) > WIDEN_COMMON
    assert _widen(split, have, [(principal, core)], own) == []


def test_the_speakers_own_institutions_never_make_a_theme() -> None:
    """The acronym of a party's own body (CPC), the name of its political party and a mayor's city
    name the speakers, like a country's name: both sides saying them is no shared theme. 'Party' itself
    stays a topic word (party-to-party exchanges)."""
    text = ("Gao Lin Meets with Delegation of the Green Future Party of Norway\n( 2025.04.02 )\n\n"
            "Beijing, April 2nd -- Gao Lin, Vice Minister of the International Department of the CPC Central "
            "Committee, met here today with a delegation of the Green Future Party of Norway led by Ingrid Solberg, "
            "Mayor of Tromso.\n\n"
            "Gao Lin said, the CPC is ready to deepen exchanges with the Green Future Party and welcomes more "
            "delegations from Tromso to visit China. The two cities of Harbin and Tromso enjoy winter sports ties.\n\n"
            "Ingrid Solberg said the Green Future Party values its relations with the CPC, and Tromso hopes to "
            "expand cooperation with Harbin in winter sports and tourism.\n")
    al = pipeline.analyse(parse_text(text))
    names = {t.name.lower() for t in al.themes}
    assert not names & {"cpc", "tromso", "green", "future", "green future"}
    shared = {t.name for t in al.themes if t.status in ("shared", "differ")}
    assert shared  # the rest still aligns (winter sports, tourism, Harbin)


def test_the_business_environment_is_no_climate_topic_and_friendship_names_the_relations() -> None:
    """'a fair business environment' is about investment, 'the security environment' about security:
    neither pairs with the other side's climate words. 'Friendship' names the two sides' relations."""
    text = ("Wang Yi Holds Talks with Foreign Minister of Iceland Helga Jonsdottir\n( 2025.02.11 )\n\n"
            "Wang Yi held talks with Foreign Minister of Iceland Helga Jonsdottir in Beijing.\n\n"
            "Wang Yi said that the friendship between China and Iceland has stood the test of time. China hopes "
            "Iceland will provide a fair and non-discriminatory business environment for Chinese companies.\n\n"
            "Helga Jonsdottir said that Iceland cherishes its friendship with China and will work with China on "
            "climate change and geothermal energy.\n")
    al = pipeline.analyse(parse_text(text))
    by_name = {t.name: t for t in al.themes}
    assert "climate and environment" not in by_name or by_name["climate and environment"].status == "only"
    assert by_name["investment"].status == "only"
    assert "business environment" in by_name["investment"].evidence[0].span.of(text)
    rel = by_name["bilateral relations"]
    assert rel.status == "shared"
    assert all("friendship" in e.span.of(text) for e in rel.evidence[:2])


def test_a_broad_theme_in_unlike_words_on_the_two_sides_is_not_shared() -> None:
    """'financial assistance' / 'the economy of Borduria' both fall under the broad economic theme, but the two
    sides share nothing there; the same theme in like words is shared."""
    text = ("Foreign Minister Alina Voss Meets with Foreign Minister of Borduria Tomas Brel\n( 2024.06.03 )\n\n"
            "Foreign Minister Alina Voss met with Foreign Minister of Borduria Tomas Brel in Arcadia City. "
            "Voss said that Arcadia will keep up its financial assistance to the mountain provinces. "
            "Brel said that the economy of Borduria has doubled in ten years.\n")
    assert not any(t.status in ("shared", "differ") for t in pipeline.analyse(parse_text(text)).themes)
    alike = text.replace("financial assistance to the mountain provinces", "help to the economy of the provinces")
    (economy,) = [t for t in pipeline.analyse(parse_text(alike)).themes if t.status == "shared"]
    assert economy.name == "economic cooperation"
    assert [e.span.of(alike) for e in economy.evidence[:2]] == ["economy of the provinces", "economy of Borduria"]


def test_a_broad_topic_two_accounts_raise_in_unlike_words_is_not_reported_by_both() -> None:
    from stance.accounts import align_accounts

    a = ("Readout of President Hale's Call with President Koval of Ukraine\n( 2024.03.01 )\n\n"
         "President Marcus Hale spoke today with President Ivan Koval of Ukraine. "
         "President Hale noted the financial stability of the region's banks. "
         "The leaders discussed the grain corridor.\n")
    b = ("Ivan Koval had a phone conversation with US President Marcus Hale\n( 2024.03.01 )\n\n"
         "President of Ukraine Ivan Koval had a phone conversation with President of the United States Marcus Hale. "
         "Ivan Koval said that the economy of his country keeps growing despite the war. "
         "The Presidents discussed the grain corridor.\n")

    def both(x: str) -> set[str]:
        comp = align_accounts(pipeline.split(parse_text(x)), pipeline.split(parse_text(b)))
        return {t.name for t in comp.topics if t.status == "both"}

    assert "economic cooperation" not in both(a)
    assert "economic cooperation" in both(a.replace("financial stability of the region's banks",
                                                    "growth of the economy of the region"))


def test_a_word_both_sides_use_in_a_pair_the_vocabulary_already_holds_is_its_own_theme() -> None:
    """Agriculture on both sides pairs the two statements; 'fisheries', the same common noun on both
    sides elsewhere in them, is a shared theme of its own (before: one theme per statement pair). A
    name both sides use there ('Lake Victoria') is not."""
    text = ("Xi holds phone talks with Mauritanian president\n( 2025.03.11 )\n\n"
            "BEIJING, March 11 (Xinhua) -- Chinese President Xi Jinping held phone talks with Mauritanian "
            "President Ahmed Ould Salem on Tuesday.\n\n"
            "Xi said China is ready to deepen cooperation with Mauritania in agriculture and desalination, "
            "to support projects near Lake Victoria and to help modernize its fisheries sector.\n\n"
            "Salem said Mauritania hopes to expand agriculture cooperation with China, welcomes Chinese firms "
            "to Lake Victoria and invites investment in its fisheries sector.\n")
    al = pipeline.analyse(parse_text(text))
    shared = {t.name: t for t in al.themes if t.status in ("shared", "differ")}
    assert "agriculture" in shared
    fish = next(t for name, t in shared.items() if "fisheries" in name)
    assert all("fisheries" in e.span.of(text) for e in fish.evidence[:2])
    assert not any("victoria" in name.lower() for name in shared)


def _two_sided(al: Alignment) -> list[Theme]:
    return [t for t in al.themes if t.status in ("shared", "differ")]


def _shown(text: str, themes: Sequence[Theme]) -> list[tuple[str, list[str]]]:
    """Themes with their evidence words, for assertion messages."""
    return [(t.name, [e.span.of(text) for e in t.evidence]) for t in themes]


def test_our_state_alone_is_the_speaker_not_a_theme() -> None:
    """The publishing side's "our state" / "our country" stands for its own name, which names a
    speaker; a known country's vocabulary theme must not be raised by those words alone."""
    text = (
        "Foreign Minister of Ukraine Held a Meeting with the Foreign Minister of Portugal\n( 2023.03.04 )\n\n"
        "Foreign Minister of Ukraine Mykola Hordiienko met with the Foreign Minister of Portugal "
        "Tiago Moura in Kyiv.\n\n"
        "Mykola Hordiienko thanked Portugal for the consistent support of our state and spoke about "
        "the needs of our country ahead of the winter.\n\n"
        "Tiago Moura stressed that Portugal would stand with our state and pledged new generators "
        "for the energy system.\n"
    )
    sp = pipeline.split(parse_text(text))
    al = align_split(sp)
    names = [t.name for t in al.themes]
    assert "Ukraine" not in names, _shown(text, al.themes)
    assert any(t.name == "energy" for t in al.themes), names  # the rest of the sentences still count


def test_one_phrase_told_on_both_sides_is_one_theme() -> None:
    """Two vocabulary themes that both rest on the same words on both sides ("defense support for
    Ukraine" raises "security and defence" and "support for Ukraine") are one shared theme, not two:
    a reader would count the same point twice."""
    text = (
        "Readout of Secretary Hal Brandt's Meeting with Defence Minister Ola Nygaard of Norway\n( 2023.05.02 )\n\n"
        "Secretary of State Hal Brandt met today with Defence Minister Ola Nygaard of Norway in Washington.\n\n"
        "Secretary Brandt praised Norway's steady defense support for Ukraine and its contributions to NATO "
        "air policing.\n\n"
        "Minister Nygaard said that Norway would keep its defense support for Ukraine through the winter.\n"
    )
    al = align_split(pipeline.split(parse_text(text)))
    two = _two_sided(al)
    assert len(two) == 1, _shown(text, two)
    assert "support for Ukraine" in two[0].evidence[1].span.of(text)


def test_words_inside_office_titles_stay_topics() -> None:
    """Office titles name speakers by their head noun only: "Senior Humanitarian and Reconstruction
    Coordinator" makes "coordinator" a speaker word, not "humanitarian"; "Supreme Allied Commander
    Europe" makes "commander", not "europe". Both sides speaking of humanitarian aid share it."""
    text = (
        "Readout of Deputy Secretary Mara Ellison's Call with Foreign Minister Idris Kamara of Sierra Leone\n"
        "( 2024.02.20 )\n\n"
        "Deputy Secretary of State Mara Ellison spoke today with Foreign Minister Idris Kamara of Sierra Leone.\n\n"
        "The Deputy Secretary announced new humanitarian assistance for families displaced by the floods.\n\n"
        "Foreign Minister Kamara welcomed the humanitarian aid and briefed her on security in Europe and "
        "West Africa.\n"
    )
    al = align_split(pipeline.split(parse_text(text)))
    shared = _two_sided(al)
    assert any("humanitarian" in t.evidence[0].span.of(text) and "humanitarian" in t.evidence[1].span.of(text)
               for t in shared), _shown(text, al.themes)
    from stance.align import skip_words

    words = skip_words(pipeline.split(parse_text(text)))
    assert "humanitarian" not in words
    assert "europe" not in words


def test_a_relayed_person_is_a_speaker_not_a_theme() -> None:
    """The person whose words a side relays ("President Xi Jinping pointed out that ...") names a
    speaker; the counterpart praising the same person does not make a theme of his name."""
    text = (
        "Wang Yi Meets with Foreign Minister of Cabo Verde Rui Tavares\n( 2025.06.10 )\n\n"
        "On June 9, Foreign Minister Wang Yi met with Foreign Minister of Cabo Verde Rui Tavares in Beijing.\n\n"
        "Wang Yi said that China and Cabo Verde are good friends. President Xi Jinping pointed out that China "
        "and Africa are a community with a shared future. China is ready to expand cooperation on fisheries "
        "and renewable energy.\n\n"
        "Rui Tavares said that under the leadership of President Xi Jinping, China has achieved remarkable "
        "development. Cabo Verde hopes to expand cooperation on fisheries.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert any(s.cited == "Xi Jinping" for s in sp.statements)
    al = align_split(sp)
    names = [t.name.lower() for t in _two_sided(al)]
    assert not any("jinping" in n or n == "xi" for n in names), names
    assert any("fisheries" in t.evidence[1].span.of(text) for t in _two_sided(al)), names


def test_the_speakers_own_region_is_not_a_theme() -> None:
    """A governor's own region ("Governor of Kostanay Region") names the speaker, as a country
    names a minister: both sides naming it makes no theme, their topic still does."""
    text = (
        "Sun Haiyan Meets with Governor of Kostanay Region of Kazakhstan Yerlan Baimukhanov\n( 2025.05.14 )\n\n"
        "On May 13, Sun Haiyan, Vice Minister of the International Department of the CPC Central Committee, "
        "met with Governor of Kostanay Region of Kazakhstan Yerlan Baimukhanov in Beijing.\n\n"
        "Sun Haiyan said that the people of Kostanay Region are known across Central Asia for their "
        "hospitality. Chinese firms hope to expand agricultural processing.\n\n"
        "Yerlan Baimukhanov said that the people of Kostanay Region admire China's achievements. He welcomed "
        "Chinese investors in agricultural processing.\n"
    )
    sp = pipeline.split(parse_text(text))
    al = align_split(sp)
    two = _two_sided(al)
    assert not any("kostanay" in t.name.lower() for t in two), [t.name for t in two]
    assert any("processing" in t.evidence[1].span.of(text) for t in two), _shown(text, al.themes)


def test_a_close_match_is_its_own_theme_in_a_long_statement_pair() -> None:
    """Chinese-side statements list many topics in one sentence; a project both sides name word for word
    is a theme of its own even where a vocabulary theme already pairs the two statements."""
    text = (
        "Vice Foreign Minister Li Ming Holds Consultations with Permanent Secretary of Rwanda Grace Uwase\n"
        "( 2025.02.11 )\n\n"
        "On February 10, Vice Foreign Minister Li Ming held diplomatic consultations with Permanent Secretary "
        "of the Ministry of Foreign Affairs of Rwanda Grace Uwase in Beijing.\n\n"
        "Li Ming said that the Chinese side is ready to work with Rwanda to advance the Nyabarongo Valley "
        "Irrigation Scheme, expand cooperation in the digital economy and train more agricultural experts.\n\n"
        "Grace Uwase said that Rwanda hopes to complete the Nyabarongo Valley Irrigation Scheme on schedule "
        "and welcomes Chinese investment in the digital economy.\n"
    )
    al = align_split(pipeline.split(parse_text(text)))
    two = _two_sided(al)
    assert any("Nyabarongo" in t.evidence[0].span.of(text) and "Nyabarongo" in t.evidence[1].span.of(text)
               for t in two), _shown(text, two)
    assert any("digital" in t.evidence[1].span.of(text) for t in two)


def test_items_of_a_list_are_themes_of_their_own() -> None:
    """Two items next to each other in both sides' lists ("solar power, cocoa processing and ...") are two
    topics, one theme each: words on either side of a comma no longer join into one match."""
    text = (
        "Wang Yi Holds Talks with Foreign Minister of Ghana Ama Owusu\n( 2025.05.20 )\n\n"
        "On May 20, Foreign Minister Wang Yi held talks with Foreign Minister of Ghana Ama Owusu in Beijing.\n\n"
        "Wang Yi said that China is ready to expand cooperation with Ghana in solar power, cocoa processing "
        "and vocational training.\n\n"
        "Ama Owusu said that Ghana welcomes Chinese firms to invest in solar power, cocoa processing and "
        "railways.\n"
    )
    al = align_split(pipeline.split(parse_text(text)))
    two = _two_sided(al)
    solar = [t for t in two if "solar" in t.evidence[0].span.of(text) and "solar" in t.evidence[1].span.of(text)]
    cocoa = [t for t in two if "cocoa" in t.evidence[0].span.of(text) and "cocoa" in t.evidence[1].span.of(text)]
    assert solar, _shown(text, two)
    assert cocoa, _shown(text, two)
    assert solar[0] is not cocoa[0], _shown(text, two)


def test_a_speakers_own_legislature_by_its_acronym_or_name_is_no_theme() -> None:
    """"National People's Congress (NPC)" and "State Great Khural of Mongolia" are the two speakers' own
    bodies: "the NPC" and "the Khural" on both sides name the speakers, as a country's name does, and make
    no shared theme; the topics around them still count."""
    text = (
        "China's top legislator meets Speaker of the Khural\n( 2025.06.09 )\n\n"
        "BEIJING, June 9 (Xinhua) -- Zhao Leji, chairman of the National People's Congress (NPC) Standing "
        "Committee, held talks with Speaker of the State Great Khural of Mongolia Dashzegviin Amarbayasgalan "
        "in Beijing on Monday.\n\n"
        "Zhao said the NPC is willing to strengthen exchanges with the Khural and share experience in "
        "legislation on mining safety.\n\n"
        "Amarbayasgalan said the Khural values its ties with the NPC and hopes to learn from China's "
        "legislation on mining safety.\n"
    )
    sp = pipeline.split(parse_text(text))
    assert sp.parties[1].name == "Dashzegviin Amarbayasgalan"
    al = align_split(sp)
    names = {t.name.lower() for t in al.themes}
    assert not names & {"npc", "khural"}, _shown(text, al.themes)
    assert any("mining" in e.span.of(text) for t in _two_sided(al) for e in t.evidence), _shown(text, al.themes)


def test_a_specific_theme_keeps_its_words_from_a_broad_one() -> None:
    """Two two-sided themes told through the same words on both sides ('the 35th anniversary of diplomatic
    relations') are one: the specific theme (the anniversary) stays even where the broad one (the two
    sides' relations) scored higher; between two specific themes the stronger stays."""
    from stance.align import _one_theme_per_evidence
    from stance.model import Evidence

    ev = (Evidence("p1", Span(10, 50), 1, None), Evidence("p2", Span(80, 120), 2, None))
    specific = Theme(name="elections and congratulations", status="shared", evidence=ev, score=0.9, basis="")
    broad = Theme(name="bilateral relations", status="shared", evidence=ev, score=0.97, basis="")
    kept = _one_theme_per_evidence([broad, specific], frozenset({"bilateral relations"}))
    assert [t.name for t in kept] == ["elections and congratulations"]
    other = Theme(name="trade", status="shared", evidence=ev, score=0.97, basis="")
    assert [t.name for t in _one_theme_per_evidence([specific, other], frozenset())] == ["trade"]


def test_an_office_or_a_states_long_name_raises_no_theme() -> None:
    """'National Security Advisor Hale' names a person and 'the Democratic People's Republic of Korea' a state:
    neither is the security or the democracy theme. 'Korea' itself is still the state; real security words
    still raise the security theme."""
    text = ("Readout of National Security Advisor Marcus Hale's Meeting with Foreign Minister Ilse Varga of Borduria"
            "\n( 2024.05.14 )\n\n"
            "National Security Advisor Marcus Hale met today with Foreign Minister Ilse Varga of Borduria. "
            "National Security Advisor Hale welcomed the visit and raised the Democratic People's Republic of "
            "Korea's recent statements. Foreign Minister Varga thanked National Security Advisor Hale for the "
            "meeting and said that Borduria condemns the Democratic People's Republic of Korea's statements.\n")
    names = {t.name: t for t in pipeline.analyse(parse_text(text)).themes}
    assert "security and defence" not in names
    assert "human rights and democracy" not in names
    armed = text.replace("welcomed the visit and", "stressed regional security and")
    armed = armed.replace("said that Borduria condemns", "said that regional security suffers from")
    security = {t.name: t for t in pipeline.analyse(parse_text(armed)).themes}["security and defence"]
    assert security.status == "shared"
    assert all(e.span.of(armed).startswith("regional security") for e in security.evidence[:2])


def test_a_business_like_manner_is_no_economic_topic() -> None:
    """'a business-like conversation' says how the two sides talked, not that they talked about business."""
    text = ("Telephone conversation with President of Borduria Tomas Brel\n( 2024.02.20 )\n\n"
            "Vladimir Putin had a telephone conversation with President of Borduria Tomas Brel.\n\n"
            "Vladimir Putin thanked Tomas Brel for the business-like tone of the talks in Minsk.\n\n"
            "Tomas Brel said that the business community of Borduria is ready for new projects.\n")
    names = {t.name: t for t in pipeline.analyse(parse_text(text)).themes}
    assert names["economic cooperation"].status == "only"
    assert "business community" in names["economic cooperation"].evidence[0].span.of(text)
