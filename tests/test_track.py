"""Track: a side's timeline per theme, counts per month, first appearance of phrases."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from stance import pipeline, tables
from stance.archive import Archive, plain
from stance.errors import ArchiveError
from stance.model import Alignment, Evidence, Span, Stance, Theme
from stance.read import parse_text
from stance.track import track

MONTHS = [date(2023, 1, 10), date(2023, 1, 25), date(2023, 3, 5), date(2023, 6, 1)]


def readout(day: date, words: str) -> str:
    return (
        f"Secretary Blinken’s Call with Chilean Foreign Minister Ibarra\n( {day:%Y.%m.%d} )\n\n"
        "Secretary of State Antony J. Blinken spoke today with Chilean Foreign Minister Tomas Ibarra.\n\n"
        f"The Secretary {words}\n\nForeign Minister Ibarra said Chile values the partnership.\n"
    )


def with_theme(al: Alignment, name: str, words: str, label: str) -> Alignment:
    text = al.split.readout.text
    start = text.index(words)
    idx = next(i for i, s in enumerate(al.split.statements) if s.span.start <= start < s.span.end)
    st = Stance(label=label, strength=0.5, polarity="positive")
    ev = Evidence(
        party=al.split.statements[idx].party, span=Span(start, start + len(words)), statement=idx, stance=st
    )
    return dataclasses.replace(al, themes=(Theme(name=name, status="only", evidence=(ev,)),))


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    sentences = [
        ("welcomed cooperation on energy security.", "energy security", "welcomes"),
        ("urged progress on energy security and the San Francisco vision.", "energy security", "urges"),
        ("discussed lithium supply chains and the San Francisco vision.", "supply chains", "no stance"),
        (
            "firmly supported energy security and the San Francisco vision.",
            "energy security",
            "firmly supports",
        ),
    ]
    als = []
    for day, (words, theme_words, label) in zip(MONTHS, sentences, strict=True):
        r = dataclasses.replace(parse_text(readout(day, words), path=f"{day}.txt"), source="state")
        name = "energy" if "energy" in theme_words else "trade"
        als.append(with_theme(pipeline.analyse(r), name, theme_words, label))
    with Archive.open(tmp_path / "t.sqlite3", seed=False) as a:
        a.add_analysed(als)
        yield a


def test_timeline_per_theme(archive: Archive) -> None:
    t = track(archive, "united states")
    assert t.readouts == 4
    assert t.months == (
        ("2023-01", 2),
        ("2023-02", 0),
        ("2023-03", 1),
        ("2023-04", 0),
        ("2023-05", 0),
        ("2023-06", 1),
    )
    assert [line.theme for line in t.themes] == ["energy", "trade"]
    energy = t.themes[0]
    assert energy.readouts == 3
    assert [e.published for e in energy.entries] == [MONTHS[0], MONTHS[1], MONTHS[3]]
    assert [e.stance for e in energy.entries] == ["welcomes", "urges", "firmly supports"]
    for e in energy.entries:
        assert e.text == "energy security" == e.span.of(archive.get(e.readout_id).text)
    assert energy.months[0] == ("2023-01", 2)
    assert energy.months[-1] == ("2023-06", 1)


def test_theme_and_since_filters(archive: Archive) -> None:
    t = track(archive, "United States", theme="trade", since=date(2023, 2, 1))
    assert t.readouts == 2
    assert [line.theme for line in t.themes] == ["trade"]
    assert [e.stance for e in t.themes[0].entries] == ["no stance"]
    assert track(archive, "Chile").themes == ()  # the counterpart raised no theme


def test_first_appearance_of_phrases(archive: Archive) -> None:
    t = track(archive, "United States", phrases=["San Francisco vision", "peace formula"])
    sf, never = t.phrases
    assert (sf.phrase, sf.first_published, sf.count) == ("San Francisco vision", MONTHS[1], 3)
    assert sf.readout_id is not None
    assert sf.span is not None
    assert sf.span.of(archive.get(sf.readout_id).text) == "San Francisco vision"
    assert never.first_published is None
    assert never.count == 0
    # the counterpart never said it
    assert track(archive, "Chile", phrases=["San Francisco vision"]).phrases[0].count == 0
    auto = {p.phrase.lower(): p for p in track(archive, "United States").phrases}
    assert "san francisco vision" in auto
    assert auto["san francisco vision"].first_published == MONTHS[1]


def test_unknown_side_or_theme_says_what_exists(archive: Archive) -> None:
    with pytest.raises(ArchiveError, match="no archived readout with side 'Chil'; did you mean Chile"):
        track(archive, "Chil")
    with pytest.raises(ArchiveError, match="no theme 'tourism'"):
        track(archive, "Chile", theme="tourism")


def test_text_chart_and_machine_forms(archive: Archive) -> None:
    t = track(archive, "United States")
    text = tables.timeline_text(t)
    assert "energy" in text
    assert "First appearance of phrases" in text
    assert tables.sparkline([0, 1, 2, 4]) == " ▂▄█"
    assert tables.month_chart([("2023-01", 2), ("2023-02", 0)], width=4).splitlines() == [
        "2023-01 ████ 2",
        "2023-02      0",
    ]
    rows = tables.timeline_rows(t)
    assert len(rows) == 4
    assert rows[0][:3] == ["energy", "2023-01-10", t.themes[0].entries[0].readout_id]
    doc = plain(t)
    assert doc["themes"][0]["entries"][0]["span"] == [
        t.themes[0].entries[0].span.start,
        t.themes[0].entries[0].span.end,
    ]


# -- the track index ------------------------------------------------------------------------


def index_state(a: Archive) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    rows = a.conn.execute("SELECT * FROM track_index ORDER BY 1, 2, 3, 4").fetchall()
    months = a.conn.execute("SELECT * FROM track_months ORDER BY 1, 2, 3").fetchall()
    return rows, months


def test_the_track_index_kept_by_add_and_remove_equals_a_rebuild(archive: Archive) -> None:
    from stance.archive import trackindex

    kept = index_state(archive)
    assert kept[0]
    assert kept[1]
    with archive.conn:
        trackindex.rebuild(archive.conn)
    assert index_state(archive) == kept
    energy_first = track(archive, "United States").themes[0]
    archive.remove(energy_first.entries[0].readout_id)
    kept = index_state(archive)
    with archive.conn:
        trackindex.rebuild(archive.conn)
    assert index_state(archive) == kept
    assert track(archive, "United States").readouts == 3


def test_limit_keeps_the_latest_entries_and_says_how_many_are_hidden(archive: Archive) -> None:
    full = track(archive, "United States")
    short = track(archive, "United States", limit=1)
    assert [(t.theme, t.readouts, t.months, t.first) for t in short.themes] == [
        (t.theme, t.readouts, t.months, t.first) for t in full.themes
    ]
    for whole, cut in zip(full.themes, short.themes, strict=True):
        assert cut.entries == tuple(e for e in whole.entries if e.readout_id == whole.entries[-1].readout_id)
        assert cut.hidden == whole.readouts - 1
        assert cut.first == whole.entries[0].published
    assert full.readouts == short.readouts == 4
    with pytest.raises(ArchiveError, match="limit"):
        track(archive, "United States", limit=2**64)


@pytest.mark.parametrize("form", ["United States", "U.S.", "american", "Washington"])
def test_track_takes_any_form_of_the_side(archive: Archive, form: str) -> None:
    assert track(archive, form).readouts == 4
