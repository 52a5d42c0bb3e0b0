"""Discovered themes (both sides' own words) are topics, not words that only say how, when or who.

Every readout here is invented, in the style of the publishers the tool reads.
"""

from __future__ import annotations

from stance import pipeline
from stance.discover import Unit, discover
from stance.model import Alignment, Span
from stance.read import parse_text


def _discovered(al: Alignment) -> dict[str, list[str]]:
    """Discovered two-sided themes by name, with their evidence text."""
    text = al.split.readout.text
    return {t.name: [e.span.of(text) for e in t.evidence] for t in al.themes
            if t.status in ("shared", "differ") and t.basis.startswith("words '")}


def _words(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    """The anchored word pairs discovery finds between two sides, one unit per sentence given."""
    def units(sentences: list[str]) -> tuple[str, list[Unit]]:
        text, out = "", []
        for k, s in enumerate(sentences):
            out.append(Unit(k, Span(len(text), len(text) + len(s))))
            text += s + " "
        return text, out

    (ta, ua), (tb, ub) = units(a), units(b)
    return [m.words for m in discover(ta, ua, tb, ub)]


def test_an_adjective_before_two_different_nouns_anchors_no_theme() -> None:
    """'young farmers' / 'young diplomats': the two sides speak of different people; the adjective alone is
    no shared topic. The noun the two phrases share still is one."""
    words = _words(["Wang Lin hoped to buy more cotton from the southern provinces.",
                    "He invited young farmers to the research centres."],
                   ["Kemal Duran said that the cotton harvest was larger this year.",
                    "He added that young diplomats would come in the spring."])
    assert ("young", "young") not in words
    assert ("cotton", "cotton") in words


def test_an_adjective_before_the_same_noun_still_anchors() -> None:
    """'municipal level' on both sides: the adjective qualifies one and the same noun, one too common to
    anchor a theme itself."""
    assert ("municipal", "municipal") in _words(["Wang Lin proposed more exchanges at the municipal level."],
                                               ["Kemal Duran supported dialogue at the municipal level."])


def test_a_comparative_anchors_no_theme() -> None:
    """'faster' says how something is done, on either side, never what."""
    assert _words(["Marta Lind said that the permits would now be issued faster than before."],
                  ["Oskar Brenn promised that his ministry would work faster on the pending requests."]) == []


def test_chinese_readout_keeps_the_product_and_drops_the_adjective() -> None:
    text = (
        "Vice Foreign Minister Zhao Lin Meets with Foreign Minister of Norland Erik Sund\n( 2025.04.02 )\n\n"
        "On April 2, Vice Foreign Minister Zhao Lin met with Foreign Minister of Norland Erik Sund in Beijing.\n\n"
        "Zhao Lin said that China welcomes more high-quality Norland salmon into the Chinese market. "
        "He encouraged young entrepreneurs of the two countries to take part in the trade fair.\n\n"
        "Erik Sund said that Norland hopes to export more salmon to China. He added that young scientists "
        "from Norland are eager to join the joint laboratories.\n"
    )
    found = _discovered(pipeline.analyse(parse_text(text)))
    assert "young" not in found, found
    assert any("salmon" in name for name in found), found


def test_kremlin_transcript_keeps_the_grain_and_drops_the_adjective() -> None:
    """'a steady dialogue' / 'steady headway' in a conversation transcript: no theme 'steady'; the grain
    deliveries both speak of stay a shared theme."""
    text = (
        "Meeting with President of Norland Erik Sund\n( 2022.06.17 )\n\n"
        "Vladimir Putin met with President of Norland Erik Sund in the Kremlin.\n\n"
        "Vladimir Putin: Mr Sund, welcome to Moscow. Our countries keep a steady dialogue on grain exports, "
        "and I hope that the grain deliveries through the northern ports will continue.\n\n"
        "Erik Sund: Thank you, Mr Putin. We are making steady headway with the new ferry line, and our farmers "
        "depend on the grain deliveries from Russia.\n"
    )
    al = pipeline.analyse(parse_text(text))
    assert "steady" not in _discovered(al)
    two = [t for t in al.themes if t.status in ("shared", "differ")]
    assert any(all("grain" in e.span.of(text) for e in t.evidence[:2]) for t in two), _discovered(al)


def test_one_noun_before_two_different_complements_anchors_no_theme() -> None:
    """'abolition of the visa regime' / 'abolition of customs duties': one noun, two different things done
    away with: no shared topic. The same noun before the same complement still is one."""
    assert ("abolition", "abolition") not in _words(
        ["Taras Hlib thanked Canada for the abolition of the visa regime for his citizens."],
        ["Anne Morel announced the abolition of customs duties on goods from Ukraine."])
    assert ("abolition", "abolition") in _words(
        ["Taras Hlib thanked Canada for the abolition of the visa regime for his citizens."],
        ["Anne Morel said that the abolition of the visa regime had brought many visitors."])


def test_the_same_word_pair_elsewhere_is_the_same_theme_not_a_second_one() -> None:
    """Both sides name the regatta in two statements each: one theme whose evidence holds both places."""
    words = _words(["Ivo Marn praised the organisers of the regatta.", "He said the regatta drew large crowds."],
                   ["Lena Sorb thanked him for the invitation to the regatta.",
                    "She said that the regatta would return next summer."])
    assert words.count(("regatta", "regatta")) == 1


def test_words_of_the_exchange_itself_anchor_no_theme() -> None:
    """'As you mentioned', 'we received', 'a calm atmosphere', 'in the context of': how the talk went, not
    what it was about. The harbour both leaders name still is a theme."""
    words = _words(["As you mentioned, we received your proposals in a calm atmosphere, in the context of the "
                    "new harbour at Varna."],
                   ["As I mentioned, the delegation was received in a calm atmosphere; the harbour at Varna is "
                    "ready."])
    anchored = {w for pair in words for w in pair}
    assert not anchored & {"mentioned", "received", "atmosphere", "context"}
    assert ("harbour", "harbour") in words


def test_talk_fillers_and_the_hour_anchor_no_theme() -> None:
    """'Of course', 'in any case', 'this evening', 'at dinner', 'what happened': the talk's own course, in a
    transcript of two leaders' remarks. The viaduct both speak of still is a theme."""
    words = _words(["Of course, in any case we will talk about the new viaduct at dinner this evening, as happened "
                    "before."],
                   ["Of course, this evening over dinner, in any case, I will show you what happened at the new "
                    "viaduct."])
    anchored = {w for pair in words for w in pair}
    assert not anchored & {"course", "case", "evening", "dinner", "happened", "show"}
    assert ("viaduct", "viaduct") in words


def test_reporting_words_anchor_no_theme() -> None:
    """'He added', 'we heard', 'deep concern' frame what a side says; the dam both name is the theme."""
    words = _words(["He added that the minister had heard deep concern about the new dam."],
                   ["She added that her government had heard the deep concern over the new dam."])
    anchored = {w for pair in words for w in pair}
    assert not anchored & {"added", "heard", "deep"}
    assert ("dam", "dam") in words


def test_units_and_degree_words_anchor_no_theme() -> None:
    """'15 percent' / '25 percent', 'so far', 'for a long time', 'the rest of the world': how much and how
    long, not what about. The grain terminal both name still is a theme."""
    words = _words(["So far trade has grown by 15 percent, and for a long time the grain terminal has waited."],
                   ["Trade rose 25 percent, the rest of the world watched, and the grain terminal is far along."])
    anchored = {w for pair in words for w in pair}
    assert not anchored & {"percent", "far", "long", "rest"}
    assert ("terminal", "terminal") in words or ("grain", "grain") in words


def test_a_verb_or_a_predicative_adjective_on_both_sides_anchors_no_theme() -> None:
    """'forums that cover cooperation' / 'issues, which we will cover later': the word says what someone does,
    and 'are crucial for all the countries' / 'are crucial in our region' how much something matters;
    neither is a topic both sides raise alone. The same word as a noun on both sides still is one."""
    verb = _words(["We have held regional forums that cover cooperation between our border provinces."],
                  ["There are security issues, which we will cover later in the talks."])
    assert ("cover", "cover") not in verb
    noun = _words(["Wang Lin praised the steady supply of engines for the ferries."],
                  ["Kemal Duran said that the supply of engines never stopped."])
    assert noun

    from stance.discover import _lone_modifier
    from stance.similarity import content_tokens

    a = "These routes are crucial for all the countries of the Caucasus."
    b = "Stabilising factors are crucial in our region."
    ta = next(t for t in content_tokens(a, 0, len(a)) if t.word == "crucial")
    tb = next(t for t in content_tokens(b, 0, len(b)) if t.word == "crucial")
    assert _lone_modifier(a, ta, b, tb)
    a2 = "They discussed crucial minerals for the battery plants."
    b2 = "He welcomed talks on crucial minerals."
    ta2 = next(t for t in content_tokens(a2, 0, len(a2)) if t.word == "crucial")
    tb2 = next(t for t in content_tokens(b2, 0, len(b2)) if t.word == "crucial")
    assert not _lone_modifier(a2, ta2, b2, tb2)
