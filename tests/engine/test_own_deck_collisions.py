"""Two things that named different decks the same: a file called my-cards (the deck /add fills) and
names cut to 40 characters (two long YAML deck ids or file names with the same beginning). Before,
the second upload updated the first deck and retired its cards."""

from __future__ import annotations

from sqlalchemy import select

from studybot.engine.engine import QuizEngine
from studybot.storage.models import Card, Deck
from tests.conftest import Chat
from tests.engine.test_own_decks import upload

LONG = "a-very-long-deck-id-about-operating-systems"  # 43 characters: the same first 40 below


def live_cards(engine: QuizEngine) -> dict[str, int]:
    """Each own deck's title → its live cards."""
    with engine.db.transaction() as session:
        query = (
            select(Deck.title, Card.id)
            .join(Card, Card.deck_id == Deck.id)
            .where(Deck.owner_id.is_not(None), Card.retired.is_(False))
        )
        counted: dict[str, int] = {}
        for title, _ in session.execute(query):
            counted[title] = counted.get(title, 0) + 1
        return counted


def yaml_deck(deck_id: str, title: str) -> str:
    return (
        f"deck: {deck_id}\ntitle: {title}\nsources:\n  - {{id: notes, title: Notes, ref: My notes}}\n"
        "cards:\n  - {id: c1, type: flashcard, front: Q, back: A, source: notes}\n"
    )


async def test_a_file_called_my_cards_leaves_the_add_deck_alone(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    await ana.send("/add What is RAII? | scope-bound resources")
    await ana.send("/add What is a TLB? | a translation cache")

    reply = await upload(ana, "my-cards.csv", "front,back\nQ,A\n")

    assert reply == (
        "Imported 1 card into “my-cards”. my-cards is the deck /add fills, so yours is called my-cards-2. "
        "Send /quiz my-cards-2 to study it."
    )
    assert live_cards(engine) == {"My cards": 2, "my-cards": 1}
    assert (await upload(ana, "my-cards.csv", "front,back\nQ,A\nQ2,A2\n")).startswith("Updated “my-cards”: 1 added")


async def test_yaml_deck_ids_with_the_same_first_40_characters_are_two_decks(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    await upload(ana, "one.yaml", yaml_deck(LONG + "-1", "One"))
    await upload(ana, "two.yaml", yaml_deck(LONG + "-2", "Two"))
    assert live_cards(engine) == {"One": 1, "Two": 1}
    assert (await upload(ana, "one.yaml", yaml_deck(LONG + "-1", "One"))).startswith("Updated “One”: 0 added")


async def test_file_names_with_the_same_first_40_characters_are_two_decks(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    first = await upload(ana, f"{LONG} part 1.csv", "front,back\nQ,A\n")
    await upload(ana, f"{LONG} part 2.csv", "front,back\nQ,A\n")
    assert len(live_cards(engine)) == 2
    name = first.rsplit("/quiz ", 1)[1].removesuffix(" to study it.")
    assert len(name) <= 40
    assert name.startswith(LONG[:30])
