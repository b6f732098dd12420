"""The decks the benchmarks generate still load: a benchmark whose deck is refused would wait forever for
answers that never come (bench_telegram did, after the source rules tightened)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks import bench_discord, bench_telegram
from benchmarks.common import generated_deck
from studybot.decks.loader import load_decks


@pytest.mark.parametrize("make", [generated_deck, bench_discord.mcq_deck, bench_telegram.mcq_deck])
def test_every_generated_benchmark_deck_loads(make: Callable[[Path, int], Path], tmp_path: Path) -> None:
    loaded = load_decks([make(tmp_path / "bench.yaml", 12)])
    assert loaded.errors == []
    assert [len(deck.cards) for deck in loaded.decks] == [12]
