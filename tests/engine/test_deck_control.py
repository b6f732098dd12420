"""Deck control as a learner expects it: every deck at once, one deck for now, and decks added later offered."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from studybot.engine.replies import DeckList, Feedback, Notice, Prompt
from tests.conftest import Chat, FakeClock
from tests.engine.test_messages import add_one_card_deck
from tests.engine.test_queue_order import remember, start


async def answer_anything(chat: Chat) -> None:
    prompt = chat.last.next if isinstance(chat.last, Notice | Feedback) else chat.last
    assert isinstance(prompt, Prompt)
    await chat.send(prompt.choices[0].key if prompt.choices else "something")


async def test_subscribe_and_unsubscribe_all(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    assert await chat.send("/subscribe all") == "Subscribed to 1 more deck. Send /quiz to start."
    assert await chat.send("/subscribe ALL") == "You are already subscribed to every deck."
    assert "* chemistry" in await chat.send("/decks")

    reply = await chat.send("/unsubscribe all")

    assert reply == "Unsubscribed from 2 decks. Your progress is kept if you come back."
    assert (await chat.send("/quiz")).startswith("You have no decks yet. Pick one to start studying it.")


async def test_quiz_deck_studies_that_deck_until_it_runs_out(chat: Chat) -> None:
    await chat.send("/subscribe all")
    await chat.send("/quiz")  # a physics card comes first (lowest position, then deck id)
    reply = await chat.send("/quiz chemistry")
    assert reply.startswith("Studying Chemistry basics only, for now. /quiz all goes back to every deck.\n\n")
    assert "[Chemistry basics ·" in reply
    decks = []
    for _ in range(3):
        await answer_anything(chat)
        feedback = chat.last
        assert isinstance(feedback, Feedback)
        decks.append(feedback.next)
    assert all(isinstance(p, Prompt) and p.deck == "chemistry" for p in decks[:2])
    last = decks[2]
    assert isinstance(last, Notice)
    assert last.text == "Nothing more to study in Chemistry basics for now; back to all your decks."
    assert last.next is not None
    assert last.next.deck == "physics"


async def test_unsubscribing_from_the_deck_studied_for_now_goes_back_to_the_other_decks(chat: Chat) -> None:
    await chat.send("/subscribe all")
    await chat.send("/quiz chemistry")
    assert await chat.send("/unsubscribe chemistry") == (
        "Unsubscribed from Chemistry basics. Your progress is kept if you come back."
    )
    for _ in range(3):
        await chat.send("/skip")  # each asks the next card
        assert isinstance(chat.last, Notice)
        asked = chat.last.next
        assert isinstance(asked, Prompt)
        assert asked.deck == "physics"


async def test_studying_one_deck_asks_its_due_learning_step_before_an_overdue_review(
    chat: Chat, clock: FakeClock
) -> None:
    await start(chat)
    remember(chat, "water", state=2, due=clock.now - timedelta(days=3))
    remember(chat, "noble-gas", state=3, due=clock.now - timedelta(minutes=1))
    await chat.send("/quiz chemistry")
    assert isinstance(chat.asked, Prompt)
    assert chat.asked.text == "Which of these is a noble gas?"  # as /quiz over every deck asks it


async def test_quiz_all_and_decks_one_cannot_study(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")
    assert await chat.send("/quiz physics") == (
        "Error: You are not subscribed to Physics basics. Send /subscribe physics first."
    )
    assert await chat.send("/quiz poetry") == "Error: There is no deck called “poetry”. /decks lists them."
    await chat.send("/quiz chemistry")
    assert (await chat.send("/quiz all")).startswith("Back to all your decks.")


async def test_a_deck_imported_after_a_learner_joined_is_offered_not_left_out(
    chat: Chat, clock: FakeClock, tmp_path: Path
) -> None:
    await chat.send("/subscribe all")
    clock.advance(days=2)
    add_one_card_deck(chat, clock, tmp_path)

    greeting = await chat.send("/start")
    assert greeting.endswith("New deck for you: Tiny (tiny). /subscribe DECK or /subscribe all.")
    decks = await chat.send("/decks")
    assert "  tiny — Tiny (1 card) — new" in decks
    assert isinstance(chat.last, DeckList)
    assert [d.id for d in chat.last.decks if d.new] == ["tiny"]
    assert " — new" not in await chat.send("/decks")  # shown as new once

    newcomer = Chat(chat.engine, "dee")
    assert "New deck" not in await newcomer.send("/start")  # joined after it: nothing is new to them


async def test_suggesting_deck_names_as_one_types_leaves_new_decks_new(
    chat: Chat, clock: FakeClock, tmp_path: Path
) -> None:
    """Discord's autocomplete asks for the decks at every keystroke: that is not the learner seeing the list."""
    await chat.send("/subscribe all")
    clock.advance(days=2)
    add_one_card_deck(chat, clock, tmp_path)

    suggested = await chat.engine.deck_choices(chat.learner)

    assert isinstance(suggested, DeckList)
    assert [d.id for d in suggested.decks if d.new] == ["tiny"]
    assert "  tiny — Tiny (1 card) — new" in await chat.send("/decks")


async def test_a_terminal_learner_without_decks_is_not_told_to_tap(chat: Chat) -> None:
    reply = await chat.send("/quiz")

    assert reply.startswith("You have no decks yet. Pick one to start studying it.")
    assert "Tap" not in reply
    assert reply.endswith("Send /subscribe DECK (or all), then /quiz DECK.")
