"""Items both sides name alike are themes of their own, even where a vocabulary theme already pairs
the two sides on other words (invented Chinese-side readouts, MFA and Xinhua style)."""

from __future__ import annotations

from stance import pipeline
from stance.align import align_split
from stance.model import Alignment, Theme
from stance.read import parse_text


def aligned(title: str, body: str) -> Alignment:
    return align_split(pipeline.split(parse_text(f"{title}\n( 2025.03.04 )\n\n{body}\n")))


def two_sided_on(al: Alignment, words: str) -> list[Theme]:
    """The two-sided themes with evidence on ``words`` on both sides (each occurrence counts)."""
    text = al.split.readout.text
    roles = {p.id: p.role for p in al.split.parties}
    spots = [(m, m + len(words)) for m in _all(text, words)]
    out = []
    for t in al.themes:
        if t.status not in ("shared", "differ"):
            continue
        sides = {roles.get(e.party) for e in t.evidence
                 if any(e.span.start < b and a < e.span.end for a, b in spots)}
        if {"principal", "counterpart"} <= sides:
            out.append(t)
    return out


def _all(text: str, words: str) -> list[int]:
    out, at = [], text.find(words)
    while at >= 0:
        out.append(at)
        at = text.find(words, at + 1)
    return out


MFA = ("Wang Yi Holds Talks with Foreign Minister of Namibia Selu Okonkwo",
       "On March 4, 2025, Member of the Political Bureau of the CPC Central Committee and Foreign Minister Wang Yi "
       "held talks in Beijing with Namibian Foreign Minister Selu Okonkwo. "
       "Wang Yi said that China is ready to work with Namibia to advance high-quality Belt and Road cooperation "
       "and to build the coastal highway on schedule. "
       "China will continue to implement the Global Development Initiative and help Namibia speed up "
       "industrialization. "
       "Selu Okonkwo said that Namibia is an active participant in Belt and Road cooperation and thanks China for "
       "the coastal highway. "
       "The Global Development Initiative meets the pressing needs of developing countries, and Namibia is ready "
       "to take an active part in it.")


def test_a_second_initiative_both_sides_name_is_its_own_theme() -> None:
    al = aligned(*MFA)
    road = two_sided_on(al, "Belt and Road")
    gdi = two_sided_on(al, "Global Development Initiative")
    assert road, [t.name for t in al.themes]
    assert gdi, [t.name for t in al.themes]
    # two themes, not one vocabulary theme that holds both initiatives
    assert not set(map(id, road)) & set(map(id, gdi))
    assert gdi[0].name == "Global Development Initiative"


XINHUA = ("Chinese commerce minister meets Peruvian foreign minister",
          "BEIJING, March 4 (Xinhua) -- Chinese Minister of Commerce Wang Wentao held talks with Peruvian Foreign "
          "Minister Omar Haddani in Beijing on Tuesday. "
          "Wang said that economic and trade cooperation between the two countries has yielded fruitful results, "
          "and China has been Peru's largest trading partner for many years. "
          "China hopes the two sides will push for the early conclusion of the free trade agreement, he said. "
          "Haddani said that China is an important economic and trade partner of Peru. "
          "Peru supports the early conclusion of the free trade agreement between the two countries, he said.")


def test_the_same_phrase_of_a_paired_vocabulary_theme_in_other_statements_is_a_second_theme() -> None:
    al = aligned(*XINHUA)
    fta = two_sided_on(al, "free trade agreement")
    partner = two_sided_on(al, "economic and trade")
    assert fta, [t.name for t in al.themes]
    assert partner, [t.name for t in al.themes]
    assert not set(map(id, fta)) & set(map(id, partner))
    # the second theme reaches the principal's "largest trading partner" too, and not the agreement
    text = al.split.readout.text
    assert any(e.span.of(text).endswith("largest trading partner") for e in partner[0].evidence)
    assert not any("free trade" in e.span.of(text) for e in partner[0].evidence)


def test_one_word_on_both_sides_is_not_a_second_theme() -> None:
    """"trade" alone on both sides elsewhere repeats the theme's word: the theme is not given twice."""
    al = aligned("Chinese commerce minister meets Peruvian foreign minister",
                 "BEIJING, March 4 (Xinhua) -- Chinese Minister of Commerce Wang Wentao held talks with Peruvian "
                 "Foreign Minister Omar Haddani in Beijing on Tuesday. "
                 "Wang said China hopes the two sides will push for the early conclusion of the free trade "
                 "agreement. China is ready to expand trade in farm products, he said. "
                 "Haddani said Peru supports the early conclusion of the free trade agreement. "
                 "Peru hopes to expand trade with China, he said.")
    assert two_sided_on(al, "free trade"), [t.name for t in al.themes]
    assert not any(t.name.lower() == "trade" and t.basis.startswith("vocabulary theme 'trade', a second")
                   for t in al.themes)


EMBASSY = ("Ambassador Li Wenhai Meets with Namibian Minister of Health Selma Nakale",
           "On March 4, 2025, Ambassador Li Wenhai met with Namibian Minister of Health Selma Nakale. "
           "Ambassador Li said that China is ready to deepen cooperation with Namibia in uranium, desalination and "
           "fisheries. China will keep sending Chinese medical teams to Namibia and support its national health "
           "insurance reform. "
           "Minister Nakale said that Namibia hopes to expand cooperation with China in uranium, desalination and "
           "fisheries, thanks the Chinese medical team, and will push forward the national health insurance reform.")


def test_a_phrase_both_sides_use_word_for_word_is_a_theme_where_another_holds_the_statements() -> None:
    """'health' pairs the two statements; the medical team(s) they both name is a theme of its own."""
    al = aligned(*EMBASSY)
    health = two_sided_on(al, "health insurance")
    team = [t for t in two_sided_on(al, "medical team") if "health" not in t.name.lower()]
    assert health, [t.name for t in al.themes]
    assert team, [t.name for t in al.themes]
    text = al.split.readout.text
    assert {e.span.of(text) for e in team[0].evidence[:2]} == {"medical teams", "medical team"}


def test_a_country_word_is_not_such_a_phrase() -> None:
    """"South American" on both sides names a place, not an item: no theme of its own."""
    al = aligned("Wang Yi Holds Talks with Peruvian Foreign Minister Rosa Quispe",
                 "On March 4, 2025, Chinese Foreign Minister Wang Yi held talks with Peruvian Foreign Minister Rosa "
                 "Quispe in Beijing. Wang Yi said that China welcomes more Peruvian blueberries and avocados into "
                 "the Chinese market and is ready to work with South American countries to uphold free trade. "
                 "Rosa Quispe said that Peru supports free trade and hopes that South American countries and China "
                 "will open their markets further.")
    assert two_sided_on(al, "free trade"), [t.name for t in al.themes]
    assert not two_sided_on(al, "South American"), [t.name for t in al.themes]


def test_a_discovered_theme_is_named_as_the_text_writes_it() -> None:
    """A name keeps its capitals, a common word stays lower case, an amount reads as the first side wrote it."""
    from stance.align import theme_name

    assert theme_name(["East Coast Rail Link", "East Coast Rail Link"], ("east", "east")) == "East Coast Rail Link"
    assert theme_name(["free trade", "Free trade"], ("free", "free")) == "free trade"
    assert theme_name(["a settlement in Kosovo", "Kosovo and Metohija"], ("kosovo", "kosovo")) == "Kosovo"
    assert theme_name(["far", "Far Eastern ports"], ("far", "far")) == "far"
    assert theme_name(["trade reached US$123 billion", "USD 123 bn of trade"],
                      ("usd 123000000000", "usd 123000000000")) == "US$123 billion"


def test_a_leader_both_sides_cite_by_title_is_no_theme() -> None:
    """Both sides name President Xi Jinping; a person is no topic. The railway both name still is one."""
    al = aligned(
        "Vice Minister Zhao Ping Meets with Former Prime Minister of Norway Arvid Dahl",
        "Vice Minister Zhao Ping met with former Prime Minister of Norway Arvid Dahl in Beijing today.\n\n"
        "Zhao said that the state visit of President Xi Jinping last spring was a milestone in bilateral "
        "relations. China is ready to speed up the Kvarn-Oslund Railway.\n\n"
        "Dahl said that the visit of President Xi Jinping was a historic event for Norway, and that the "
        "Kvarn-Oslund Railway has created many jobs.")
    names = {t.name for t in al.themes if t.status in ("shared", "differ")}
    assert not any("Jinping" in n or n == "Xi" for n in names), names
    assert two_sided_on(al, "Kvarn-Oslund Railway")
