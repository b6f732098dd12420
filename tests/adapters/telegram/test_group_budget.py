"""Personal quizzes in a group cost the group at most one new message per answer, and a group near
Telegram's 20 messages a minute gets one "continue in private" link instead of replies queued for seconds.
The fake Bot API refuses the 21st new message of a minute in a group with 429, as Telegram does."""

from __future__ import annotations

import re
from collections.abc import Callable

from studybot.adapters.telegram.limits import GroupBudget
from tests.adapters.telegram.conftest import GROUP
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person

LINK = re.compile(r"t\.me/studybot_test_bot\?start=(q_[A-Za-z0-9]+)")


def refused(fake: FakeTelegram) -> list[str]:
    return [call.method for call in fake.calls if call.error and call.error.startswith("Too Many Requests")]


async def test_an_answer_by_button_edits_the_question_into_the_verdict_and_the_next_question(
    person: Callable[..., Person], fake: FakeTelegram
) -> None:
    alice = person(1001, "Alice", GROUP)
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.question()

    toast = await alice.presses("300,000 km/s", on=question)
    assert toast is not None
    assert toast.startswith("✓ Correct.")
    assert "299,792 km/s" in toast
    assert alice.new_messages() == []  # the group got nothing new
    shown = alice.room.as_now(question)
    assert shown.text.startswith("300,000 km/s — ✓ Correct.\n\nFor Alice:\nPhysics basics")
    assert "Sound travels through a vacuum." in shown.text
    assert "False" in shown.buttons

    toast = await alice.presses("False", on=shown)
    assert toast == "✓ Correct. Sound needs a medium to carry its pressure waves. Rated Good · next review in 10m"
    typed = alice.room.as_now(question)  # a typed question, shown in the same message: replies answer it
    assert "Reply to this message with your answer" in typed.text
    await alice.replies_to(typed, "newton")
    [reply] = alice.new_messages()  # the verdict and the next question in one message
    assert reply.text.startswith("✓ Correct.")
    assert "For Alice:" in reply.text
    assert "{{" not in reply.text

    await alice.says("/stats")
    assert "Reviewed today: 3" in alice.bot_said()


async def test_a_busy_group_gets_one_link_to_continue_in_private_and_no_429(
    person: Callable[..., Person], fake: FakeTelegram
) -> None:
    alice, bob = person(1001, "Alice", GROUP), person(1002, "Bob", GROUP)
    await bob.says("/subscribe physics")
    await alice.says("/subscribe physics")
    for _ in range(17):  # two subscriptions and 17 questions: 19 of the minute's 20
        await alice.says("/quiz")
    assert len(alice.room.messages_in(GROUP)) == 19

    await bob.says("/quiz")  # the 20th message of the minute: a link instead of his question
    [notice] = bob.new_messages()
    assert notice.text.startswith("Busy group — continue in private: t.me/studybot_test_bot?start=q_")
    link = LINK.search(notice.text)
    assert link is not None
    await alice.says("/quiz")
    await bob.says("/stats")
    assert alice.new_messages() == []
    assert bob.new_messages() == []
    assert refused(fake) == []

    toast = await alice.presses("300,000 km/s", on=alice.question())  # buttons still work: edits post nothing
    assert toast is not None
    assert toast.startswith("✓ Correct.")

    bob_alone = Person(bob.room, 1002, "Bob")
    await bob_alone.says(f"/start {link[1]}")  # the link opens the very question he asked for in the group
    question = bob_alone.question()
    assert "Physics basics" in question.text
    assert question.callback("300,000 km/s").split(":")[1] == link[1].removeprefix("q_")
    alice_alone = Person(alice.room, 1001, "Alice")
    await alice_alone.says("/start q_open")  # any such link opens the learner's own open question
    assert "Sound travels through a vacuum." in alice_alone.bot_said()
    assert refused(fake) == []


async def test_a_429_in_a_group_is_not_waited_out(
    room: Chatroom, person: Callable[..., Person], fake: FakeTelegram
) -> None:
    """Another process filled the group: the reply is dropped at once (the update does not wait 40 s), no
    "sorry" follows, and the group is left alone until Telegram's retry_after has passed."""
    alice = person(1001, "Alice", GROUP)
    await alice.says("/subscribe physics")
    fake.fail_next("sendMessage", 429, retry_after=40)
    await alice.says("/quiz")
    await alice.says("/quiz")
    assert alice.new_messages() == []
    assert len(fake.calls_to("sendMessage")) == 2  # the subscription, the refused question: nothing more


def test_a_bot_in_many_groups_forgets_the_quiet_ones() -> None:
    """Each group's account is kept a minute: thousands of groups that said one thing each are not kept
    for the life of the process."""
    now = [0.0]
    budget = GroupBudget(clock=lambda: now[0])
    for chat in range(5_000):
        assert budget.spend_notice(-chat)
    now[0] += 61
    assert budget.spend(-1)
    assert len(budget._sent) + len(budget._noticed) <= 2  # what is held: what this test promises
