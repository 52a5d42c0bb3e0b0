"""Real readouts from ../shared/corpus and the gold annotations, when they are there (skipped otherwise)."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections import Counter

import pytest
from conftest import ROOT, SEEDS, SHARED, need_corpus, need_gold

from stance import pipeline
from stance.read import read_file

pytestmark = pytest.mark.corpus


def test_split_every_corpus_readout_without_a_crash() -> None:
    corpus = need_corpus()
    files = sorted(corpus.glob("*/*.txt"))
    assert len(files) > 1000
    parties = Counter()
    for f in files:
        sp = pipeline.split(read_file(f)[0])
        parties[len(sp.parties)] += 1
        text = sp.readout.text
        assert all(0 <= s.span.start < s.span.end <= len(text) for s in sp.statements)
        if not sp.parties:
            assert sp.notes  # says why
    # Nearly every readout names both sides.
    assert parties[2] / len(files) > 0.95


def _score(*args: str) -> str:
    gold = need_gold()
    r = subprocess.run([sys.executable, str(gold / "score.py"), *args, "-q"], capture_output=True, text=True,
                       check=True, cwd=ROOT, env={"PATH": "/usr/bin:/bin", "STANCE_ARCHIVE": "/nonexistent/none"})
    return r.stdout.strip().splitlines()[-1]


def _accuracy(summary: str) -> float:
    return float(summary.split("attribution accuracy ")[1].split()[0])


def _f1(summary: str) -> float:
    return float(summary.split(" F1 ")[1].split()[0])


def test_seed_gold_every_sentence_right_and_themes_found() -> None:
    gold = need_gold()
    cmd = f"{sys.executable} -m stance"
    summary = _score(str(gold / "seed.jsonl"), "--corpus", str(SHARED / "seeds"),
                     "--run", f"{cmd} split {{path}} --format json", "--align", f"{cmd} align {{path}} --format json")
    assert "(13/13 sentences, 0 unlabelled, 0 readouts failed)" in summary


def test_project_seed_is_the_annotated_seed() -> None:
    import hashlib

    gold = need_gold()
    want = json.loads((gold / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])["sha1"]
    (seed,) = SEEDS.glob("*.txt")
    assert hashlib.sha1(seed.read_bytes()).hexdigest() == want


def test_dev_gold_meets_the_acceptance_thresholds() -> None:
    gold = need_gold()
    corpus = need_corpus()
    cmd = f"{sys.executable} -m stance"
    summary = _score(str(gold / "dev.jsonl"), "--corpus", str(corpus),
                     "--run", f"{cmd} split {{path}} --format json", "--align", f"{cmd} align {{path}} --format json")
    assert " 0 unlabelled, 0 readouts failed" in summary
    assert _accuracy(summary) >= 0.97


def test_dev2_gold_attribution_meets_the_acceptance_threshold() -> None:
    """dev2 was annotated later, by another hand: the rules must hold on readouts they were not written for."""
    gold = need_gold()
    corpus = need_corpus()
    cmd = f"{sys.executable} -m stance"
    summary = _score(str(gold / "dev2.jsonl"), "--corpus", str(corpus), "--run", f"{cmd} split {{path}} --format json")
    assert " 0 unlabelled, 0 readouts failed" in summary
    assert _accuracy(summary) >= 0.95


def test_pairs_gold_runs_in_two_accounts_mode() -> None:
    gold = need_gold()
    corpus = need_corpus()
    rows = [json.loads(line) for line in (gold / "pairs_dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    first = rows[0]
    a, b = (pipeline.split(read_file(corpus / first[k])[0]) for k in ("a", "b"))
    from stance.accounts import align_accounts, same_meeting

    assert same_meeting(a, b)
    comp = align_accounts(a, b)
    assert any(t.status == "both" for t in comp.topics)


# --------------------------------------------------------------------------------------------
# Themes (issue 13): the thresholds of the issue, on both gold files; found in the text, not fitted.

def _themes_f1(name: str, corpus: str) -> float:
    gold = need_gold()
    cmd = f"{sys.executable} -m stance"
    return _f1(_score(str(gold / name), "--corpus", corpus, "--run", f"{cmd} split {{path}} --format json",
                      "--align", f"{cmd} align {{path}} --format json"))


def test_shared_themes_on_dev() -> None:
    assert _themes_f1("dev.jsonl", str(need_corpus())) >= 0.60


def test_shared_themes_on_dev2() -> None:
    assert _themes_f1("dev2.jsonl", str(need_corpus())) >= 0.50


def test_shared_themes_on_the_seed() -> None:
    need_gold()
    assert _themes_f1("seed.jsonl", str(SHARED / "seeds")) >= 0.8


@functools.cache
def _pairs_f1() -> tuple[float, float]:
    """(both-topics F1, one-account F1) on pairs_dev.jsonl, scored once per session."""
    gold = need_gold()
    corpus = need_corpus()
    summary = _score(str(gold / "pairs_dev.jsonl"), "--corpus", str(corpus),
                     "--pairs", f"{sys.executable} -m stance align {{a}} {{b}} --format json")
    both = float(summary.split("both-topics F1 ")[1].split()[0])
    one = float(summary.split("one-account topics F1 ")[1].split()[0])
    return both, one


def test_two_accounts_topics_both_report_on_pairs_dev() -> None:
    assert _pairs_f1()[0] >= 0.60


def test_two_accounts_topics_one_account_reports_on_pairs_dev() -> None:
    assert _pairs_f1()[1] >= 0.45


def _readouts_with(phrase: str, texts: list[str]) -> int:
    import re

    low = phrase.lower()
    rx = re.compile(r"(?<!\w)" + re.escape(low) + r"s?(?!\w)")
    return sum(1 for t in texts if low in t and rx.search(t))


def test_vocabulary_has_no_phrase_copied_from_annotated_readouts() -> None:
    """A packaged phrase rare in the corpus (< 5 readouts) yet present in the seed or a gold readout
    was copied from the annotated text, not chosen: none may remain."""
    import tomllib

    gold = need_gold()
    corpus = need_corpus()
    phrases: set[str] = set()
    for f in (ROOT / "stance" / "data").rglob("*.toml"):
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        for theme in (data.get("themes") or {}).values():
            if isinstance(theme, dict):
                phrases.update(p for p in theme.get("phrases", []) if isinstance(p, str))
    assert phrases

    def read(p: object) -> str:
        from pathlib import Path

        return Path(str(p)).read_text(encoding="utf-8", errors="replace").lower()

    texts = [read(p) for p in corpus.rglob("*.txt")]
    annotated = [read(p) for p in (SHARED / "seeds").glob("*.txt")]
    for g in gold.glob("dev*.jsonl"):
        annotated += [read(corpus / json.loads(line)["path"]) for line in g.read_text(encoding="utf-8").splitlines()
                      if line.strip()]
    copied = sorted(p for p in phrases if _readouts_with(p, texts) < 5 and _readouts_with(p, annotated))
    assert copied == []
