"""Compare: neighbours, recurring formulas versus new wording, theme changes and stance shifts."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from stance import pipeline
from stance.archive import Archive, plain
from stance.compare import compare
from stance.model import Alignment, Evidence, Span, Stance, Theme
from stance.read import read_file

FIXTURES = Path(__file__).parent / "fixtures" / "archive"
ARCHIVED = FIXTURES / "archived"
NEW = FIXTURES / "new" / "state" / "2024-01-20_blinken-ibarra.txt"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive.open(tmp_path / "c.sqlite3", seed=False) as a:
        a.add_paths([ARCHIVED])
        yield a


def ids_by_date(archive: Archive) -> dict[date, int]:
    return {r.published: r.id for r in archive.rows() if r.published}


def test_finds_same_counterpart_predecessors_and_formulas(archive: Archive) -> None:
    ids = ids_by_date(archive)
    c = compare(archive, pipeline.analyse(read_file(NEW)[0]))
    assert c.readout_id is None
    assert c.source == "state"
    assert [n.readout_id for n in c.same_counterpart] == [ids[date(2023, 6, 15)], ids[date(2023, 2, 10)]]
    assert c.previous is not None
    assert c.previous.published == date(2023, 6, 15)
    assert all(n.same_counterpart for n in c.same_counterpart)
    assert c.nearest[0].readout_id in {ids[date(2023, 6, 15)], ids[date(2023, 2, 10)]}
    assert all(0.0 < n.score <= 1.0 for n in c.nearest)
    assert [n.score for n in c.nearest] == sorted((n.score for n in c.nearest), reverse=True)
    texts = {w.text: w for w in c.wordings}
    partnership = texts[
        "The Secretary underscored the strong and enduring partnership between the United States and Chile."
    ]
    # the same words twice with Chile, near-same once with Kenya: all three earlier readouts
    assert partnership.recurring
    assert partnership.count == 3
    assert partnership.first_published == date(2023, 2, 10)
    assert partnership.first_readout == ids[date(2023, 2, 10)]
    assert partnership.first_span is not None
    assert partnership.first_text is not None
    first_text = archive.get(ids[date(2023, 2, 10)]).text
    assert partnership.first_span.of(first_text) == partnership.first_text == partnership.text
    opening = c.wordings[0]
    assert opening.recurring
    assert opening.count == 2
    assert 85 <= opening.score < 100
    new = texts["The Secretary urged Chile to expand its work on energy security."]
    assert not new.recurring
    assert new.count == 0
    assert new.first_readout is None
    assert new.span.of(c.alignment.split.readout.text) == new.text
    assert c.n_recurring == 2


def test_an_archived_readout_is_left_out_of_its_own_comparison(archive: Archive) -> None:
    ids = ids_by_date(archive)
    rid = ids[date(2023, 6, 15)]
    c = compare(archive, archive.alignment(rid))
    assert c.readout_id == rid
    assert rid not in {n.readout_id for n in (*c.nearest, *c.same_counterpart, *c.same_side)}
    assert [n.readout_id for n in c.same_counterpart] == [ids[date(2023, 2, 10)]]
    partnership = next(w for w in c.wordings if "enduring partnership" in w.text)
    assert partnership.count == 2  # the Chile and Kenya readouts before it, not itself


def test_no_predecessor_means_no_theme_changes(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "empty.sqlite3", seed=False) as a:
        c = compare(a, pipeline.analyse(read_file(NEW)[0]))
    assert c.nearest == ()
    assert c.same_counterpart == ()
    assert c.previous is None
    assert c.new_themes == ()
    assert c.dropped_themes == ()
    assert c.shifts == ()
    assert not any(w.recurring for w in c.wordings)


def _stance(label: str, strength: float) -> Stance:
    return Stance(label=label, strength=strength, polarity="positive" if strength > 0 else "negative")


def _with_themes(al: Alignment, themes: dict[str, tuple[str, str, Stance]]) -> Alignment:
    """The alignment with hand-made themes: name -> (party, words, stance), evidence in the first statement
    that holds the words."""
    text = al.split.readout.text
    out = []
    for name, (party, words, st) in themes.items():
        start = text.index(words)
        idx = next(i for i, s in enumerate(al.split.statements) if s.span.start <= start < s.span.end)
        out.append(
            Theme(
                name=name,
                status="only",
                evidence=(
                    Evidence(party=party, span=Span(start, start + len(words)), statement=idx, stance=st),
                ),
            )
        )
    return dataclasses.replace(al, themes=tuple(out))


def test_new_and_dropped_themes_and_stance_shifts(tmp_path: Path) -> None:
    feb, jun = (read_file(p)[0] for p in sorted((ARCHIVED / "state").glob("*ibarra.txt")))
    new = read_file(NEW)[0]
    with Archive.open(tmp_path / "t.sqlite3", seed=False) as a:
        a.add_analysed(
            [
                _with_themes(
                    pipeline.analyse(feb),
                    {
                        "migration": ("p1", "migration", _stance("urges", 0.6)),
                        "trade": ("joint", "trade", _stance("informs", 0.1)),
                    },
                ),
                _with_themes(
                    pipeline.analyse(jun),
                    {
                        "energy": ("p1", "energy security", _stance("supports", 0.7)),
                        "democracy": ("p1", "democratic", _stance("firmly opposes", -0.9)),
                    },
                ),
            ]
        )
        now = _with_themes(
            pipeline.analyse(new),
            {
                "energy": ("p1", "energy security", _stance("urges", 0.6)),
                "artificial intelligence": ("p1", "artificial intelligence", _stance("welcomes", 0.6)),
                "trade": ("p1", "supply chains", _stance("welcomes", 0.6)),
            },
        )
        c = compare(a, now)
        ids = ids_by_date(a)
    assert [t.theme for t in c.new_themes] == ["artificial intelligence"]
    ai = c.new_themes[0]
    assert ai.readout_id is None
    assert ai.texts == ("artificial intelligence",)
    assert [t.theme for t in c.dropped_themes] == ["democracy"]  # migration was raised before the last one
    dropped = c.dropped_themes[0]
    assert dropped.readout_id == ids[date(2023, 6, 15)]
    assert dropped.texts == ("democratic",)
    shifts = {s.theme: s for s in c.shifts}
    assert set(shifts) == {"energy", "trade"}
    energy = shifts["energy"]
    assert (energy.before.label, energy.after.label) == ("supports", "urges")
    assert energy.before.readout_id == ids[date(2023, 6, 15)]
    assert energy.after.readout_id is None
    assert "welcomed Chile’s support for energy security" in energy.before.text
    assert energy.after.text == "The Secretary urged Chile to expand its work on energy security."
    assert shifts["trade"].before.readout_id == ids[date(2023, 2, 10)]
    doc = plain(c)
    assert doc["shifts"][0]["after"]["span"] == [energy.after.span.start, energy.after.span.end] or doc[
        "shifts"
    ][1]["after"]["span"] == [energy.after.span.start, energy.after.span.end]
    assert doc["wordings"][0]["span"] == [c.wordings[0].span.start, c.wordings[0].span.end]


@pytest.mark.corpus
def test_held_back_corpus_readout(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    calls = sorted((CORPUS / "kremlin").glob("*scholz*"))
    if len(calls) < 3:
        pytest.skip("the corpus has fewer than three Kremlin readouts of calls with Scholz")
    *earlier, held = calls
    with Archive.open(tmp_path / "corpus.sqlite3", seed=False) as a:
        a.add_paths(earlier)
        c = compare(a, pipeline.analyse(read_file(held)[0]))
        assert c.readout_id is None
        assert len(c.same_counterpart) >= 2
        assert {n.readout_id for n in c.same_counterpart} <= {r.id for r in a.rows()}
        assert c.same_counterpart[0].published is not None
        held_on = c.alignment.split.readout.published
        assert held_on is not None
        assert all(n.published is not None and n.published <= held_on for n in c.same_counterpart)
        recurring = [w for w in c.wordings if w.recurring]
        assert recurring, "the opening 'had a telephone conversation with' formula should recur"
        assert all(w.first_readout is not None and w.count >= 1 for w in recurring)


# -- query time without scikit-learn --------------------------------------------------------


def test_compare_from_the_command_line_never_imports_scikit_learn(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "q.sqlite3"
    with Archive.open(db, seed=False) as a:
        a.add_paths([ARCHIVED])
    code = (
        "import sys\n"
        "from stance.cli import main\n"
        f"status = main(['compare', {str(NEW)!r}, '--archive', {str(db)!r}, '--format', 'json'])\n"
        "assert status == 0, status\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'textual')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_compare_of_an_archived_text_uses_the_stored_alignment(archive: Archive) -> None:
    from stance.compare import analyse_query

    first = archive.rows()[0]
    readout = archive.get(first.id)
    assert analyse_query(archive, readout) == archive.alignment(first.id)
    fresh = read_file(NEW)[0]
    assert analyse_query(archive, fresh) == pipeline.analyse(fresh)


def test_formula_matches_check_weak_candidates_only_when_they_can_change_the_answer(archive: Archive) -> None:
    """Candidates sharing one LSH key are checked when a stronger one matches (then the matches are
    those of every candidate) or when none is stronger (then the best score too); otherwise the
    best score comes from the stronger ones. Against the check of every candidate, on the
    statements of the archived readouts and the new one."""
    from rapidfuzz import fuzz, process

    from stance.archive import MIN_FORMULA_WORDS, band_keys_many, normalise, wording_hash
    from stance.compare import CANDIDATES, FORMULA_MIN_SCORE, MIN_SHARED_KEYS, formula_matches

    texts = [archive.get(r.id).text for r in archive.rows()] + [NEW.read_text(encoding="utf-8")]
    norms = sorted(
        {normalise(s) for t in texts for s in t.replace("\n", " ").split(". ")}
        | {normalise(s.span.of(t)) for r in archive.rows() for t in [archive.get(r.id).text]
           for s in archive.stored_statements([r.id])[r.id][0]}
    )
    norms = [n for n in norms if len(n.split()) >= MIN_FORMULA_WORDS]
    ranked = archive.formula_candidate_ids_many(band_keys_many(norms), limit=CANDIDATES)
    got = formula_matches(archive, norms)
    weak_left_out = matched_after_weak = 0
    for norm, r, (matched, best) in zip(norms, ranked, got, strict=True):
        choices = archive.wordings([f for f, _ in r])
        exact = archive.formulas_by_hash([wording_hash(norm)]).get(wording_hash(norm))
        if exact is not None:
            choices[exact[0]] = exact[1]
        every = process.extract(
            norm, choices, scorer=fuzz.ratio, processor=None, score_cutoff=FORMULA_MIN_SCORE, limit=None
        )
        every_ids = {int(f) for _, _, f in every}
        strong = [f for f, k in r if k >= MIN_SHARED_KEYS]
        if matched:
            assert {f for f, _ in matched} == every_ids
            assert best == max(float(s) for _, s, _ in every)
            matched_after_weak += len(strong) < len(r)
        elif not strong:
            top = max((fuzz.ratio(norm, w) for w in choices.values()), default=0.0)
            assert best == top
            assert not every_ids
        else:
            # only the stronger candidates were scored: a match among the weak ones alone is missed
            assert every_ids <= {f for f, k in r if k < MIN_SHARED_KEYS}
            pool = {f: choices[f] for f in strong} | ({exact[0]: exact[1]} if exact else {})
            assert best == max(fuzz.ratio(norm, w) for w in pool.values())
            weak_left_out += 1
    assert sum(1 for m, _ in got if m) > 5
    assert weak_left_out
    assert matched_after_weak


def _variants(base: str) -> dict[tuple[int, bool], str]:
    """Made-up variants of a wording, by (LSH keys shared with it, capped at 2; rapidfuzz ratio >= the
    formula threshold): two words replaced, or its second half."""
    import itertools

    from rapidfuzz import fuzz

    from stance.archive import band_keys
    from stance.archive.features import fold_key
    from stance.compare import FORMULA_MIN_SCORE

    words = base.split()
    mine = {fold_key(k) for k in band_keys(base)}
    fill = ["strong", "closer", "fresh", "regional", "maritime", "steady"]
    tails = ["while noting deep concern over the fishing dispute near the northern islands last month"]
    found: dict[tuple[int, bool], str] = {}
    candidates = [
        " ".join(fill[a] if k == i else fill[-1] if k == j else w for k, w in enumerate(words))
        for i, j in itertools.combinations(range(len(words)), 2)
        for a in range(5)
    ] + [" ".join(words[:cut]) + " " + t for t in tails for cut in range(len(words) // 2, len(words))]
    for n in candidates:
        shared = len(mine & {fold_key(k) for k in band_keys(n)})
        found.setdefault((min(shared, 2), fuzz.ratio(base, n) >= FORMULA_MIN_SCORE), n)
    return found


def test_a_near_same_wording_sharing_one_key_counts_when_a_stronger_one_matches(tmp_path: Path) -> None:
    from stance.archive import band_keys, normalise, wording_hash
    from stance.archive.features import fold_key
    from stance.compare import formula_matches

    base = normalise(
        "The two ministers agreed to deepen cooperation on trade energy and climate and to meet again"
        " next spring in the capital"
    )
    v = _variants(base)
    strong, weak, unlike = v[(2, True)], v[(1, True)], v[(2, False)]

    def stored(path: Path, norms: list[str]) -> Archive:
        a = Archive.open(path, seed=False)
        with a._transaction():
            ids = a._formulas(
                [(wording_hash(n), n) for n in norms], [[fold_key(k) for k in band_keys(n)] for n in norms]
            )
        assert len(set(ids)) == len(norms)
        return a

    from rapidfuzz import fuzz

    # a stronger candidate matches: the one sharing a single key is checked and matches too
    with stored(tmp_path / "a.sqlite3", [strong, weak]) as a:
        [(matched, best)] = formula_matches(a, [base])
        assert {a.wordings([f])[f] for f, _ in matched} == {strong, weak}
        assert best == max(fuzz.ratio(base, strong), fuzz.ratio(base, weak))
    # no candidate shares more than one key: they are all checked
    with stored(tmp_path / "b.sqlite3", [weak]) as a:
        [(matched, _)] = formula_matches(a, [base])
        assert [a.wordings([f])[f] for f, _ in matched] == [weak]
    # a stronger candidate that does not match: the weak one is not checked (the miss the
    # brute-force fidelity of benchmarks/bench_archive.py counts), the best score is the stronger's
    with stored(tmp_path / "c.sqlite3", [unlike, weak]) as a:
        [(matched, best)] = formula_matches(a, [base])
        assert matched == []
        assert best == fuzz.ratio(base, unlike)
