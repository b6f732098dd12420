"""Small things a learner noticed: /skip says what it skipped, "hello" from someone new gets the greeting,
true/false takes the usual short forms, and a deck named by a near miss is offered by its right name."""

from __future__ import annotations

import pytest

from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import DeckAction, DeckList, Learner, Notice
from tests.conftest import Chat


async def test_skip_says_which_question_it_set_aside_and_until_when(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")

    reply = await chat.send("/skip")

    assert reply.startswith("Skipped “Roughly how fast does light travel in vacuum?” — back tomorrow.\n\n")
    assert chat.asked is not None
    assert chat.asked.text == "Sound travels through a vacuum."


async def test_hello_from_someone_never_seen_gets_the_greeting_with_the_decks(engine: QuizEngine) -> None:
    reply = await dispatch(engine, Learner("telegram", "77", "Zoe"), "hello")

    assert isinstance(reply, DeckList)
    assert reply.message is not None
    assert reply.message.startswith("Hello, Zoe! I quiz you with spaced repetition.")
    assert [d.id for d in reply.decks] == ["chemistry", "physics"]
    assert reply.everything is DeckAction.SUBSCRIBE


async def test_hello_from_a_learner_with_decks_still_says_no_question_is_open(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    assert await chat.send("hello") == "No question is open. Send /quiz to get one."


@pytest.mark.parametrize(("said", "right"), [("t", False), ("f", True), ("yes", False), ("no", True),
                                              ("✅", False), ("❌", True), ("👍", False), ("👎🏽", True)])  # fmt: skip
async def test_true_false_takes_short_words_and_marks(chat: Chat, said: str, right: bool) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await chat.send("/skip")  # to "Sound travels through a vacuum." (false)

    reply = await chat.send(said)

    assert reply.startswith("✓ Correct." if right else "✗ Not quite.")


async def test_a_near_miss_deck_name_offers_the_deck_it_most_likely_means(chat: Chat) -> None:
    await chat.send("/subscribe physics")

    reply = await chat.send("/cram phys")

    assert isinstance(chat.last, DeckList)
    assert chat.last.pick is DeckAction.CRAM
    assert [d.id for d in chat.last.decks] == ["physics"]
    assert reply.startswith("There is no deck called “phys”. Did you mean Physics basics (physics)?")
    assert reply.endswith("Send /cram DECK.")  # the terminal has nothing to tap: it says what to type
    typo = await dispatch(chat.engine, chat.learner, "/subscribe chemistyr")
    assert isinstance(typo, DeckList)
    assert [d.id for d in typo.decks] == ["chemistry"]
    nothing = await dispatch(chat.engine, chat.learner, "/subscribe poetry")
    assert isinstance(nothing, Notice)
    assert nothing.text == "There is no deck called “poetry”. /decks lists them."


async def test_cram_and_unsubscribe_without_a_deck_offer_the_learners_decks(chat: Chat) -> None:
    await chat.send("/subscribe physics")

    for command, action in (("/cram", DeckAction.CRAM), ("/unsubscribe", DeckAction.UNSUBSCRIBE)):
        reply = await dispatch(chat.engine, chat.learner, command)
        assert isinstance(reply, DeckList)
        assert reply.pick is action
        assert [d.id for d in reply.decks] == ["physics"]
        assert reply.everything is None

    left = await chat.engine.pick_deck(chat.learner, DeckAction.UNSUBSCRIBE, "physics")
    assert isinstance(left, Notice)
    assert left.text == "Unsubscribed from Physics basics. Your progress is kept if you come back."
