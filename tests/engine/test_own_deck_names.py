"""An own deck named like an operator's deck: the name the learner is told reaches their deck, and
/share and /deletedeck find it (before, /quiz NAME opened the operator's deck and the others said
there was no such deck)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_deck_bytes
from studybot.engine.engine import QuizEngine
from studybot.storage.models import Deck
from tests.conftest import Chat, FakeClock
from tests.engine.test_own_decks import GC_CSV, upload

CHEMISTRY = Path(__file__).parents[1] / "data" / "chemistry.yaml"
OPERATORS_GC = CHEMISTRY.read_text().replace("deck: chemistry", "deck: gc")  # an operator's deck called gc


def own_ids(engine: QuizEngine) -> list[str]:
    with engine.db.transaction() as session:
        return list(session.scalars(select(Deck.id).where(Deck.owner_id.is_not(None))))


async def test_an_upload_named_like_an_operators_deck_is_renamed_and_told(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")

    reply = await upload(ana, "physics.csv", "front,back\nWhat is inertia?,resistance to a change of motion\n")

    assert reply == (
        "Imported 1 card into “physics”. “physics” is one of my decks, so yours is called my-physics. "
        "Send /quiz my-physics to study it."
    )
    assert "What is inertia?" in await ana.send("/quiz my-physics")
    assert (await ana.send("/share my-physics")).startswith("Anyone can study physics")
    assert (await upload(ana, "physics.csv", "front,back\nQ2,A2\n")).startswith("Updated “physics”: 1 added")
    assert len(own_ids(engine)) == 1
    assert (await ana.send("/deletedeck my-physics")).startswith("This deletes physics")


async def test_an_operators_deck_added_later_with_the_name_of_a_learners_deck(
    engine: QuizEngine, clock: FakeClock
) -> None:
    ana = Chat(engine, "ana")
    await upload(ana, "gc.csv", GC_CSV)
    (deck_id,) = own_ids(engine)
    operators, errors = load_deck_bytes("gc.yaml", OPERATORS_GC.encode())
    assert operators is not None, errors
    with engine.db.transaction() as session:
        import_decks(session, [operators], now=clock.now)

    assert (await ana.send("/share gc")).startswith("Anyone can study gc")
    assert (await upload(ana, "gc.csv", GC_CSV + "Q3;A3\n")).endswith(f"Send /quiz {deck_id} to study it.")
    assert own_ids(engine) == [deck_id]  # the same deck updated, not a second one
    assert "[gc ·" in await ana.send(f"/quiz {deck_id}")
    assert (await ana.send("/deletedeck gc")).startswith("This deletes gc with its 0 reviews")
