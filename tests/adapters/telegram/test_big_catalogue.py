"""A bot whose operator bundles a big catalogue of decks: Telegram takes at most 100 buttons and about 10 kB of
JSON in one inline keyboard, so the deck list and "which deck?" must still arrive, every deck still named."""

from __future__ import annotations

from pathlib import Path

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.storage.db import Database
from tests.conftest import FakeClock
from tests.fakes.telegram_chat import Person

CATALOGUE = 120


def bundle_decks(db: Database, clock: FakeClock, folder: Path, count: int, subtitle: str = "") -> None:
    """`count` more bundled decks, "Topic 001" … (then `subtitle`), one flashcard each."""
    for n in range(1, count + 1):
        (folder / f"topic-{n:03}.yaml").write_text(
            f"deck: topic-{n:03}\ntitle: Topic {n:03}{subtitle}\n"
            "sources: [{id: notes, title: Notes, ref: Test notes}]\n"
            "cards: [{id: one, type: flashcard, front: Front, back: Back, source: notes}]\n",
            encoding="utf-8",
        )
    result = load_decks([folder])
    assert result.ok, result.errors
    with db.transaction() as session:
        import_decks(session, result.decks, now=clock.now)


async def test_the_deck_list_of_a_big_catalogue_arrives_with_buttons(
    alice: Person, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    bundle_decks(db, clock, tmp_path, CATALOGUE)

    await alice.says("/decks")

    said = alice.bot_said()
    assert "Topic 001" in said
    assert "Topic 120" in said  # every deck named, to /subscribe by name
    assert "topic-120, 1 card\n" in said + "\n"
    buttons = [label for message in alice.new_messages() for label in message.buttons]
    assert "Topic 001" in buttons
    assert len(buttons) <= 100
    assert await alice.presses("Topic 001") == "Subscribed to Topic 001. Send /quiz to start."


async def test_start_in_a_big_catalogue_greets_with_deck_buttons(
    alice: Person, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    bundle_decks(db, clock, tmp_path, CATALOGUE)

    await alice.says("/start")

    assert alice.bot_said().startswith("Hello, Alice!")
    assert "Topic 001" in alice.last_message().buttons
    assert "Topic 120" not in alice.last_message().buttons
    assert "/decks lists every deck" in alice.bot_said()  # the decks past the buttons are not out of reach


async def test_which_deck_to_leave_among_many_subscribed_decks(
    alice: Person, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    bundle_decks(db, clock, tmp_path, CATALOGUE)
    await alice.says("/subscribe all")

    await alice.says("/unsubscribe")

    question = alice.last_message()
    assert "✓ Topic 001" in question.buttons
    assert "✓ Topic 120" not in question.buttons  # past Telegram's 100 buttons: named, with what to type
    assert "More, by typing /unsubscribe DECK:" in question.text
    assert "topic-120" in question.text
    assert "topic-001" not in question.text
    said = await alice.presses("✓ Topic 001", on=question)
    assert said is not None
    assert said.startswith("Unsubscribed from Topic 001.")


async def test_a_catalogue_of_long_titles_gets_a_keyboard_telegram_takes(
    alice: Person, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    """Telegram refuses an inline keyboard of about 10 kB of JSON even under 100 buttons ("reply markup is too
    long"): 99 decks whose titles fill a deck's 100 characters would make one of 17 kB."""
    subtitle = " — " + "Gradient boosting, second-order Taylor expansion, and regularised trees"[:90]
    bundle_decks(db, clock, tmp_path, 99, subtitle)

    await alice.says("/decks")

    said = alice.bot_said()
    assert f"Topic 099{subtitle}" in said  # every deck named in full, to /subscribe by name
    buttons = [label for message in alice.new_messages() for label in message.buttons]
    assert any(label.startswith("Topic 001") for label in buttons)
    assert "📚 Subscribe to all" in buttons
    first = next(label for label in buttons if label.startswith("Topic 001"))
    assert await alice.presses(first) == f"Subscribed to Topic 001{subtitle}. Send /quiz to start."
