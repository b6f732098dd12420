"""Answers that arrive through where a question was shown: replies to its message, and native quiz polls."""

from __future__ import annotations

from studybot.engine.commands import dispatch, dispatch_reply
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Feedback, Learner, Notice, Prompt

ANA = Learner("telegram", "1", "Ana")
BEN = Learner("telegram", "2", "Ben")


async def _typed_question(engine: QuizEngine, learner: Learner) -> Prompt:
    """Subscribe to physics and move on to its first typed card (the SI unit of force)."""
    await dispatch(engine, learner, "/subscribe physics")
    prompt = await engine.next(learner)
    while isinstance(prompt, Prompt) and prompt.kind != "short":
        prompt = (await engine.skip(learner)).next
    assert isinstance(prompt, Prompt)
    return prompt


async def test_a_reply_to_the_question_message_answers_it_once(engine: QuizEngine) -> None:
    prompt = await _typed_question(engine, ANA)
    await engine.remember_messages(ANA, prompt.nonce, ["-100:7"])

    first = await dispatch_reply(engine, ANA, "-100:7", "newton")
    again = await dispatch_reply(engine, ANA, "-100:7", "newton")  # a re-delivered update

    assert isinstance(first, Feedback)
    assert first.correct is True
    assert isinstance(again, Notice)
    assert again.text == "That message is not your open question. Send /quiz for yours."


async def test_a_reply_to_another_learners_question_grades_nothing(engine: QuizEngine) -> None:
    ana_prompt = await _typed_question(engine, ANA)
    await engine.remember_messages(ANA, ana_prompt.nonce, ["-100:7"])
    await _typed_question(engine, BEN)

    reply = await dispatch_reply(engine, BEN, "-100:7", "newton")

    assert isinstance(reply, Notice)
    assert "not your open question" in reply.text
    still_open = await engine.next(ANA)
    assert isinstance(still_open, Prompt)
    assert still_open.nonce == ana_prompt.nonce


async def test_a_reply_to_a_replaced_question_grades_nothing(engine: QuizEngine) -> None:
    prompt = await _typed_question(engine, ANA)
    await engine.remember_messages(ANA, prompt.nonce, ["5:10"])
    await engine.skip(ANA)

    reply = await dispatch_reply(engine, ANA, "5:10", "newton")

    assert isinstance(reply, Notice)
    assert "not your open question" in reply.text


async def test_a_question_shown_in_two_messages_is_answered_through_either_and_closes_both(
    engine: QuizEngine,
) -> None:
    prompt = await _typed_question(engine, ANA)
    await engine.remember_messages(ANA, prompt.nonce, ["5:10"])
    await engine.remember_messages(ANA, prompt.nonce, ["5:12"])  # shown again (a hint): added, not replaced
    await engine.remember_messages(ANA, "0000000000000000", ["5:13"])  # no such question: nothing noted

    reply = await dispatch_reply(engine, ANA, "5:10", "newton")

    assert isinstance(reply, Feedback)
    assert reply.correct is True
    assert reply.closes == ("5:10", "5:12")


async def test_a_linked_account_notes_its_message_for_the_learner(engine: QuizEngine) -> None:
    await dispatch(engine, ANA, "/subscribe physics")
    code = (await dispatch(engine, ANA, "/link")).text.split("Your link code: ")[1].split()[0]
    assert "Linked" in (await dispatch(engine, BEN, f"/link {code}")).text  # Ben's account is Ana's now
    prompt = await _typed_question(engine, BEN)
    await engine.remember_messages(BEN, prompt.nonce, ["2:40"])

    reply = await dispatch_reply(engine, BEN, "2:40", "newton")

    assert isinstance(reply, Feedback)
    assert reply.closes == ("2:40",)


async def test_commands_and_i_was_right_work_in_replies(engine: QuizEngine) -> None:
    prompt = await _typed_question(engine, ANA)
    await engine.remember_messages(ANA, prompt.nonce, ["5:10"])
    wrong = await dispatch_reply(engine, ANA, "5:10", "joule")
    assert isinstance(wrong, Feedback)
    assert wrong.correct is False

    fixed = await dispatch_reply(engine, ANA, "5:11", "I was right")

    assert isinstance(fixed, Notice)
    assert fixed.text.startswith("Counted as right.")


async def test_a_prompt_is_offered_as_a_quiz_poll_only_when_the_learner_chose_polls(engine: QuizEngine) -> None:
    await dispatch(engine, ANA, "/subscribe physics")
    prompt = await engine.next(ANA)
    assert isinstance(prompt, Prompt)
    assert prompt.kind == "mcq"
    assert prompt.poll is None

    await dispatch(engine, ANA, "/settings polls on")
    prompt = await engine.next(ANA)

    assert isinstance(prompt, Prompt)
    poll = prompt.poll
    assert poll is not None
    assert poll.nonce == prompt.nonce
    assert poll.options == tuple(choice.label for choice in prompt.choices)
    assert poll.keys == tuple(choice.key for choice in prompt.choices)
    assert poll.options[poll.correct] == "300,000 km/s"
    assert poll.explanation == "c is about 299,792 km/s."
    typed = await _typed_question(engine, ANA)
    assert typed.poll is None


async def test_a_poll_answer_grades_the_question_once_and_only_for_its_learner(engine: QuizEngine) -> None:
    await dispatch(engine, ANA, "/settings polls on")
    await dispatch(engine, ANA, "/subscribe physics")
    prompt = await engine.next(ANA)
    assert isinstance(prompt, Prompt)
    poll = prompt.poll
    assert poll is not None
    await engine.remember_poll(ANA, "poll-1", poll)

    assert await engine.answer_poll(BEN, "poll-1", poll.correct) is None
    feedback = await engine.answer_poll(ANA, "poll-1", poll.correct)
    assert await engine.answer_poll(ANA, "poll-1", poll.correct) is None

    assert isinstance(feedback, Feedback)
    assert feedback.correct is True
    assert isinstance(feedback.next, Prompt)


async def test_a_poll_for_a_skipped_question_grades_nothing(engine: QuizEngine) -> None:
    await dispatch(engine, ANA, "/settings polls on")
    await dispatch(engine, ANA, "/subscribe physics")
    prompt = await engine.next(ANA)
    assert isinstance(prompt, Prompt)
    poll = prompt.poll
    assert poll is not None
    await engine.remember_poll(ANA, "poll-1", poll)
    await engine.skip(ANA)

    reply = await engine.answer_poll(ANA, "poll-1", poll.correct)

    assert isinstance(reply, Notice)
    assert reply.text.startswith("That question is no longer open")


async def test_control_characters_in_a_chat_line_are_dropped_before_anything_is_stored(engine: QuizEngine) -> None:
    await dispatch(engine, ANA, "/subscribe \x00chemistry\x07")
    reply = await dispatch(engine, ANA, "/quiz")
    assert isinstance(reply, Prompt)

    feedback = await dispatch(engine, ANA, "H\x002O\x1b")

    assert isinstance(feedback, Feedback)
    assert feedback.correct is True
    assert feedback.given == "H2O"
