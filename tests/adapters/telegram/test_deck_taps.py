"""Choosing a deck by tap on Telegram: /cram and /unsubscribe without a deck, /quiz without decks, near misses."""

from __future__ import annotations

from tests.fakes.telegram_chat import Person


async def _studied_physics(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await alice.presses("300 km/s")  # wrong: a missed card to cram


async def test_cram_without_a_deck_offers_the_learners_decks_as_buttons(alice: Person) -> None:
    await _studied_physics(alice)

    await alice.says("/cram")

    question = alice.last_message()
    assert question.text.startswith("Which deck do you want to cram?")
    assert question.buttons == ["Physics basics"]
    await alice.presses("Physics basics", on=question)
    assert "Cram: Physics basics, 1 card you got wrong last time" in alice.bot_said()
    assert "Roughly how fast does light travel in vacuum?" in alice.bot_said()
    answered = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == question.id)
    assert answered.buttons == []  # the question is answered: its buttons are gone


async def test_unsubscribe_without_a_deck_offers_the_subscribed_ones(alice: Person) -> None:
    await alice.says("/subscribe all")

    await alice.says("/unsubscribe")
    question = alice.last_message()
    assert question.buttons == ["✓ Chemistry basics", "✓ Physics basics"]
    said = await alice.presses("✓ Chemistry basics", on=question)

    assert said == "Unsubscribed from Chemistry basics. Your progress is kept if you come back."
    answered = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == question.id)
    assert answered.buttons == []
    assert answered.text.endswith("✓ Unsubscribed from Chemistry basics. Your progress is kept if you come back.")


async def test_quiz_without_decks_offers_every_deck_and_a_tap_asks_its_first_card(alice: Person) -> None:
    await alice.says("/quiz")
    assert alice.bot_said().startswith("You have no decks yet. Pick one to start studying it.")
    assert alice.last_message().buttons == ["Chemistry basics", "Physics basics", "📚 Study every deck"]

    await alice.presses("Physics basics")

    assert alice.bot_said().startswith("Subscribed to Physics basics. Studying Physics basics only, for now.")
    assert "Roughly how fast does light travel in vacuum?" in alice.last_message().text


async def test_a_near_miss_offers_the_deck_it_means(alice: Person) -> None:
    await alice.says("/subscribe chem")
    offer = alice.last_message()
    assert offer.text == "There is no deck called “chem”. Did you mean Chemistry basics (chemistry)?"
    assert offer.buttons == ["Chemistry basics"]

    assert await alice.presses("Chemistry basics", on=offer) == "Subscribed to Chemistry basics. Send /quiz to start."


async def test_a_forged_deck_press_changes_nothing(alice: Person) -> None:
    await alice.says("/unsubscribe")  # not subscribed to any: a plain notice, no buttons
    assert alice.last_message().buttons == []
    forged = await alice.sends_callback(alice.last_message(), "k::1001:no-such-deck")
    assert forged == "There is no deck called “no-such-deck”. /decks lists them."
    assert await alice.sends_callback(alice.last_message(), "k::1001:UPPER") == "That button is not one of mine."
