"""The decks we ship: they load, they are big and varied enough, they cite real sources, they fit chats,
and they do not give their answers away."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from studybot.decks.loader import Deck, load_decks
from studybot.decks.schema import ClozeCard, FlashCard, McqCard, ShortCard
from studybot.engine.matching import tokens

REPO = Path(__file__).resolve().parents[2]
FILE_NAME = re.compile(r"\.txt\b|\b[0-9]{3}_[0-9a-f]{16}\b")  # a seed note's name means nothing to a learner
CORE = {"gc-tricolor", "ensemble-learning", "xgboost", "sampled-softmax"}
ABSOLUTES = ("never", "always", "at all", "entirely", "completely", "impossible", "none", "forever")
TEXT_FIELDS = ("question", "statement", "text", "front", "back", "explanation", "hint", "section")


@pytest.fixture(scope="module")
def decks() -> list[Deck]:
    result = load_decks([REPO / "decks"])
    assert result.ok, "\n".join(map(str, result.errors))
    return result.decks


def test_the_core_topics_and_at_least_six_more(decks: list[Deck]) -> None:
    ids = {deck.id for deck in decks}
    assert ids >= CORE
    assert len(ids - CORE) >= 6


def test_card_counts_and_type_mix(decks: list[Deck]) -> None:
    for deck in decks:
        kinds = Counter(card.type for card in deck.cards)
        minimum, types = (25, 4) if deck.id in CORE else (15, 3)
        assert len(deck.cards) >= minimum, deck.id
        assert len(kinds) >= types, (deck.id, kinds)


def test_every_source_can_be_followed_by_a_learner(decks: list[Deck]) -> None:
    """A title that is not a file name, and a URL or a bibliographic reference: what feedback cites."""
    for deck in decks:
        for source in deck.sources:
            where = (deck.id, source.id)
            assert source.url is not None or (source.ref is not None and len(source.ref) > 20), where
            assert not FILE_NAME.search(source.title), where
            assert source.ref is None or not FILE_NAME.search(source.ref), where
            assert source.url is None or source.url.startswith("https://"), where


def test_every_source_is_cited_and_every_card_has_an_explanation_or_back(decks: list[Deck]) -> None:
    for deck in decks:
        cited = {card.source for card in deck.cards}
        assert cited == {source.id for source in deck.sources}, deck.id
        for card in deck.cards:
            assert card.explanation or isinstance(card, FlashCard), (deck.id, card.id)


def test_text_fits_the_chat_platforms(decks: list[Deck]) -> None:
    for deck in decks:
        for card in deck.cards:
            for name in TEXT_FIELDS:
                value = getattr(card, name, None)
                assert value is None or len(value) <= 2000, (deck.id, card.id, name)
            if isinstance(card, McqCard):
                assert len(card.question) <= 300, (deck.id, card.id)
                assert all(len(c) <= 100 for c in card.choices), (deck.id, card.id)
            assert card.explanation is None or len(card.explanation) <= 200, (deck.id, card.id)


def test_mcq_choices_never_lean_on_their_order(decks: list[Deck]) -> None:
    """Choices are shuffled, so 'all of the above' and friends would be wrong half the time."""
    banned = ("all of the above", "none of the above", "both a and b", "a and b", "a and c")
    for deck in decks:
        for card in deck.cards:
            if isinstance(card, McqCard):
                assert not any(c.strip().lower() in banned for c in card.choices), (deck.id, card.id)


def test_the_deck_checks_pass_in_a_copy_of_the_repository_with_nothing_beside_it(tmp_path: Path) -> None:
    """A fresh clone must not lean on anything outside its own tree (such as a folder of notes beside it)."""
    alone = tmp_path / "clone"
    shutil.copytree(REPO, alone, ignore=shutil.ignore_patterns(".venv", ".git", "*.db", "__pycache__", ".*cache"))
    env = {**os.environ, "PYTHONPATH": str(alone)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/decks/test_bundled_decks.py",
            "-k",
            "not nothing_beside_it",
        ],
        cwd=alone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "passed" in run.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clone"]


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def test_no_card_gives_its_own_typed_answer_away(decks: list[Deck]) -> None:
    for deck in decks:
        for card in deck.cards:
            if isinstance(card, ShortCard):
                asked, answers = card.question, card.answers
            elif isinstance(card, ClozeCard):
                asked, answers = card.masked_text, card.gap_answers
            else:
                continue
            words = tokens(asked)
            for answer in answers:
                assert not _contains(words, tokens(answer)), (deck.id, card.id, answer)


def _length_ranks(card: McqCard) -> dict[int, float]:
    """Where the right option falls when the options are ordered by length in characters, longest first:
    rank 0 is the longest, rank 1 the second-longest, … rank k-1 the shortest of k options. Options of the
    same length cannot be told apart by length, so an answer tied with t-1 others counts 1/t at each of the
    t ranks the tie spans (four options of one length: ¼ at each rank)."""
    longer = sum(len(choice) > len(card.answer) for choice in card.choices)
    tied = sum(len(choice) == len(card.answer) for choice in card.choices)
    return dict.fromkeys(range(longer, longer + tied), 1 / tied)


def _rank_shares(cards: list[McqCard]) -> tuple[Counter[int], Counter[int]]:
    """(share of the cards whose right option has each rank, share expected if lengths told nothing): a
    card with k options expects 1/k at each of its ranks 0…k-1, so decks mixing 3-, 4- and 5-option cards
    compare each rank against its own even share."""
    seen: Counter[int] = Counter()
    even: Counter[int] = Counter()
    for card in cards:
        for rank, weight in _length_ranks(card).items():
            seen[rank] += weight / len(cards)
        for rank in range(len(card.choices)):
            even[rank] += 1 / len(card.choices) / len(cards)
    return seen, even


def test_the_right_options_length_gives_nothing_away(decks: list[Deck]) -> None:
    """Test-wise learners pick the longest option, or the second-longest once decks are padded against
    that. In each deck no length rank (see _length_ranks) holds more than 35 % of the multiple-choice
    cards, and over all decks every rank is within 10 points of its even share."""
    everything: list[McqCard] = []
    for deck in decks:
        mcqs = [card for card in deck.cards if isinstance(card, McqCard)]
        everything += mcqs
        seen, _ = _rank_shares(mcqs)
        assert max(seen.values()) <= 0.35, (deck.id, {rank: round(share, 2) for rank, share in sorted(seen.items())})
    seen, even = _rank_shares(everything)
    for rank, share in even.items():
        assert abs(seen[rank] - share) <= 0.10, (rank, round(seen[rank], 3), round(share, 3))


def test_options_are_short_and_only_distractors_use_no_absolutes(decks: list[Deck]) -> None:
    """Every option fits a Telegram poll with room to spare, and words such as "never" or "always" that
    flag a distractor appear in right options at least as often as in wrong ones."""
    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for deck in decks:
        for card in deck.cards:
            if isinstance(card, McqCard):
                for choice in card.choices:
                    assert len(choice) <= 90, (deck.id, card.id, choice)
                    words = " ".join(tokens(choice))
                    found = {word for word in ABSOLUTES if re.search(rf"\b{word}\b", words)}
                    (right if choice == card.answer else wrong).update(found)
    rights = sum(1 for deck in decks for card in deck.cards if isinstance(card, McqCard))
    wrongs = sum(len(card.choices) - 1 for deck in decks for card in deck.cards if isinstance(card, McqCard))
    for word in ABSOLUTES:
        assert wrong[word] / wrongs <= right[word] / rights, (word, wrong[word], right[word])
