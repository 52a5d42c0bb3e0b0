"""Chinese-side readouts (IDCPC, MFA, Xinhua): fixtures written by hand in each style, invented content."""

from __future__ import annotations

from conftest import FIXTURES

from stance import pipeline
from stance.model import JOINT, NARRATOR, Split
from stance.read import read_file


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
