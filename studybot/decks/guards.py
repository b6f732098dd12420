"""The two checks that stop one mistaken import from destroying learners' history.

A deck belongs to the file it was imported from: another file declaring the same id needs `--take-over`.
Pruning cards that learners have reviewed needs `--delete-reviews`; the refusal says how much would go.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from studybot.decks.loader import Deck
from studybot.decks.report import id_list, reviews_by
from studybot.storage.models import CardState, ReviewLog
from studybot.storage.models import Deck as DeckRow


def source_file(deck: Deck) -> str:
    return str(Path(deck.path).resolve())


def ownership_problem(session: Session, deck: Deck, *, take_over: bool) -> str | None:
    owner = session.scalar(select(DeckRow.source_file).where(DeckRow.id == deck.id))
    if not owner or _same_file(owner, source_file(deck)) or take_over:
        return None
    return (
        f"{deck.path}: deck '{deck.id}' was imported from {owner}; this file would replace it and its cards. "
        "Pass --take-over if that is what you want."
    )


def _same_file(owner: str, file: str) -> bool:
    """The same file, or the same file name in a moved or copied decks folder."""
    return owner == file or Path(owner).name == Path(file).name


def prune_problem(deck: Deck, card_keys: list[str], reviews: int, learners: int) -> str:
    return (
        f"{deck.path}: --prune would delete {len(card_keys)} card(s) of deck '{deck.id}' with "
        f"{reviews_by(reviews, learners)} ({id_list(card_keys)}). Add --delete-reviews "
        "to delete them with that history, or leave out --prune to retire them (history kept)."
    )


def history_of(session: Session, card_ids: list[int]) -> tuple[int, int]:
    """(reviews, learners) that deleting these cards would remove."""
    reviews = session.scalar(select(func.count()).select_from(ReviewLog).where(ReviewLog.card_id.in_(card_ids)))
    users = union(
        select(ReviewLog.user_id).where(ReviewLog.card_id.in_(card_ids)),
        select(CardState.user_id).where(CardState.card_id.in_(card_ids)),
    ).subquery()
    learners = session.scalar(select(func.count()).select_from(users))
    return int(reviews or 0), int(learners or 0)
