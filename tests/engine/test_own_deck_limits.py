"""The card limit of a learner's own deck holds for /add too, and re-uploading a file with new fronts
again and again does not grow the deck's rows without bound (unstudied retired rows are reused)."""

from __future__ import annotations

from sqlalchemy import func, select

from studybot.decks.formats.model import Limits
from studybot.decks.formats.read import read_upload
from studybot.engine.engine import QuizEngine
from studybot.storage.models import Card, Deck, PendingPrompt, ReviewLog
from tests.conftest import Chat
from tests.engine.test_own_decks import study_one, upload


def _rows(engine: QuizEngine) -> list[tuple[str, bool]]:
    """The keys and retired flags of every card row of the learner's own decks."""
    with engine.db.transaction() as session:
        own = select(Deck.id).where(Deck.owner_id.is_not(None))
        return [(r.key, r.retired) for r in session.execute(select(Card).where(Card.deck_id.in_(own))).scalars()]


async def test_add_stops_at_the_card_limit(engine: QuizEngine) -> None:
    engine.settings = type(engine.settings)(upload_max_cards=3)
    ana = Chat(engine, "ana")
    assert (await ana.send("/add A | 1")).startswith("Added 1 card")
    assert (await ana.send("/add B | 2")).startswith("Added 1 card")

    assert await ana.send("/add The {{c1::heap}} holds {{c2::objects}}") == (
        "Error: My cards is full: a deck of yours holds at most 3 cards."
    )
    assert (await ana.send("/add C | 3")).startswith("Added 1 card")
    assert await ana.send("/add D | 4") == "Error: My cards is full: a deck of yours holds at most 3 cards."
    assert len(_rows(engine)) == 3


async def test_reuploading_new_fronts_again_and_again_keeps_the_rows_bounded(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    for version in range(6):
        reply = await upload(ana, "gc.csv", f"front,back\nQ{version}a,A\nQ{version}b,B\n")
        assert reply.endswith("Send /quiz gc to study it.")

    assert reply.startswith("Updated “gc”: 2 added, 0 changed, 0 unchanged, 2 removed")
    assert sorted(_rows(engine), key=str) == sorted([(key, False) for key in _keys_of("Q5a", "Q5b")], key=str)
    asked = await ana.send("/quiz gc")
    assert "[gc ·" in asked
    assert "Q5" in asked  # a reused row shows its new card


async def test_a_studied_card_keeps_its_row_and_history_when_retired(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    await upload(ana, "gc.csv", "front,back\nQ1,A\nQ2,B\n")
    await study_one(ana, "gc")

    for version in range(3):
        await upload(ana, "gc.csv", f"front,back\nN{version}a,A\nN{version}b,B\n")

    rows = _rows(engine)
    assert sorted(key for key, retired in rows if not retired) == sorted(_keys_of("N2a", "N2b"))
    # Q1 was graded; Q2 was asked next and its question is still open: both rows kept
    assert sorted(key for key, retired in rows if retired) == sorted(_keys_of("Q1", "Q2"))
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ReviewLog)) == 1
        assert session.scalar(select(func.count()).select_from(PendingPrompt)) == 1


def _keys_of(*fronts: str) -> list[str]:
    text = "front,back\n" + "".join(f"{front},x\n" for front in fronts)
    return [card.id for card in read_upload("k.csv", text.encode(), Limits(10_000, 10)).cards]
