"""What stays on a learner's screen: the engine names the messages of questions it ended, shows a hinted
question where it already is, and does not ask a card again while its answer is still on screen."""

from __future__ import annotations

from pathlib import Path

from studybot.engine.commands import dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Feedback, Learner, Notice, Prompt, QuizPoll
from tests.conftest import Chat, FakeClock
from tests.engine.test_messages import add_one_card_deck

ANA = Learner("telegram", "1", "Ana")


async def _first_question(engine: QuizEngine) -> Prompt:
    await dispatch(engine, ANA, "/subscribe physics")
    prompt = await engine.next(ANA)
    assert isinstance(prompt, Prompt)
    assert prompt.kind == "mcq"
    return prompt


async def test_a_missed_card_is_not_asked_again_while_its_answer_is_on_screen(
    chat: Chat, clock: FakeClock, tmp_path: Path
) -> None:
    add_one_card_deck(chat, clock, tmp_path)
    await chat.send("/subscribe tiny")
    await chat.send("/quiz")

    await chat.send("2")  # wrong: the card's relearning step is a minute away

    assert isinstance(chat.last, Feedback)
    assert chat.last.correct is False
    assert isinstance(chat.last.next, Notice)
    assert chat.last.next.text == "Next card in 1m — or study ahead now."
    assert chat.last.next.study_ahead
    assert chat.last.summary is None  # the session goes on in a minute
    clock.advance(seconds=5)
    assert "One is a number." in await chat.send("/quiz")  # studying ahead asks it


async def test_answering_by_typing_names_the_messages_to_close_and_the_choice_taken(engine: QuizEngine) -> None:
    prompt = await _first_question(engine)
    await engine.remember_messages(ANA, prompt.nonce, ["1:5"])
    await engine.remember_poll(ANA, "poll-1", _poll(prompt), "1:6|poll")

    feedback = await engine.answer(ANA, "2")

    assert isinstance(feedback, Feedback)
    assert feedback.closes == ("1:5", "1:6|poll")
    assert feedback.choice == prompt.choices[1].label
    assert isinstance(feedback.next, Prompt)
    assert feedback.next.closes == ()


async def test_skipping_and_undoing_close_the_question_they_replace(engine: QuizEngine) -> None:
    prompt = await _first_question(engine)
    await engine.remember_messages(ANA, prompt.nonce, ["1:5"])

    skipped = await engine.skip(ANA)  # "Skipped “…” — back tomorrow." and the next question
    assert isinstance(skipped, Notice)
    assert isinstance(skipped.next, Prompt)
    assert skipped.closes == ("1:5",)
    await engine.remember_messages(ANA, skipped.next.nonce, ["1:7"])
    await engine.answer(ANA, "1")
    following = await engine.next(ANA)
    assert isinstance(following, Prompt)
    await engine.remember_messages(ANA, following.nonce, ["1:9"])

    undone = await engine.undo(ANA)
    assert isinstance(undone, Notice)
    assert undone.closes == ("1:9",)


async def test_asking_the_open_question_again_closes_its_older_copy(engine: QuizEngine) -> None:
    prompt = await _first_question(engine)
    await engine.remember_messages(ANA, prompt.nonce, ["1:5"])

    again = await engine.next(ANA)

    assert isinstance(again, Prompt)
    assert again.nonce == prompt.nonce
    assert again.closes == ("1:5",)
    assert (await engine.next(ANA)).closes == ()  # already closed


async def test_a_hint_shows_the_question_where_it_already_is(engine: QuizEngine) -> None:
    prompt = await _first_question(engine)
    await engine.remember_messages(ANA, prompt.nonce, ["1:5"])

    hint = await engine.hint(ANA)

    assert isinstance(hint, Notice)
    assert hint.next is not None
    assert hint.next.shown_in == ("1:5",)
    assert hint.next.nonce == prompt.nonce
    assert sum(choice.ruled_out for choice in hint.next.choices) == 1
    assert hint.closes == ()


async def test_feedback_after_a_poll_vote_leaves_the_explanation_to_the_poll(engine: QuizEngine) -> None:
    prompt = await _first_question(engine)
    await engine.remember_poll(ANA, "poll-1", _poll(prompt))

    feedback = await engine.answer_poll(ANA, "poll-1", 0)

    assert isinstance(feedback, Feedback)
    assert feedback.explanation is None
    assert feedback.source.title  # the source is not in the poll: it is still given


def _poll(prompt: Prompt) -> QuizPoll:
    labels = tuple(choice.label for choice in prompt.choices)
    return QuizPoll(prompt.nonce, prompt.text, labels, tuple(c.key for c in prompt.choices), 0, "why")


async def test_undo_names_the_messages_of_the_answer_it_takes_back(engine: QuizEngine) -> None:
    prompt = await _first_question(engine)
    await engine.remember_messages(ANA, prompt.nonce, ["1:5|keys"])
    await engine.answer(ANA, "1", prompt.nonce)

    undone = await engine.undo(ANA)

    assert isinstance(undone, Notice)
    assert undone.undone == ("1:5|keys",)
