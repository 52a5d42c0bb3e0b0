"""Shared test helpers: where the fixtures, the seed and the shared corpus/gold live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


@pytest.fixture
def seed_path() -> Path:
    """The seed readout (IDCPC, Liu Jianchao meets London Breed)."""
    return next(SEEDS.glob("*.txt"))


def need_corpus() -> Path:
    """The shared corpus, or skip the test with the reason."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (tests that read real readouts need it)")
    return CORPUS


def need_gold() -> Path:
    """The shared gold annotations, or skip the test with the reason."""
    if not (GOLD / "score.py").is_file():
        pytest.skip(f"the gold annotations are not at {GOLD}")
    return GOLD
