"""Two learners in one group: each quiz is its own; nobody is graded with another member's input."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from tests.adapters.telegram.conftest import GROUP
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person, Sent


async def test_two_learners_press_each_others_buttons_and_reply_to_each_others_questions(
    person: Callable[..., Person], fake: FakeTelegram
) -> None:
    alice, bob = person(1001, "Alice", GROUP), person(1002, "Bob", GROUP)
    await alice.says("/subscribe@studybot_test_bot physics")
    await bob.says("/subscribe chemistry")

    await alice.says("/quiz@studybot_test_bot")
    alices_question = alice.last_message()
    assert alices_question.text.startswith("For Alice:\nPhysics basics")
    await bob.says("/quiz")
    bobs_question = bob.last_message()
    assert bobs_question.text.splitlines()[0] == "For Bob:"
    assert "What is the chemical formula of water?" in bobs_question.text
    assert "Reply to this message with your answer" in bobs_question.text
    force_reply = fake.calls_to("sendMessage")[-1].params["reply_markup"]
    assert force_reply == {"force_reply": True, "selective": True, "input_field_placeholder": "Your answer"}

    assert await bob.presses("300,000 km/s", on=alices_question) == (
        "This question is someone else's. Send /quiz for your own."
    )
    assert "300,000 km/s" in alices_question.buttons  # still open for Alice

    await alice.replies_to(bobs_question, "H2O")
    assert alice.bot_said() == "⚠️ That message is not your open question. Send /quiz for yours."
    await alice.says("H2O")  # chatter that replies to no question: the bot stays out of it
    assert alice.new_messages() == []

    await bob.replies_to(bobs_question, "h2o")
    assert bob.new_messages()[0].text.startswith("✓ Correct.")
    await bob.replies_to(bobs_question, "h2o")  # the same reply delivered again
    assert "not your open question" in bob.bot_said()

    toast = await alice.presses("300,000 km/s", on=alices_question)
    assert toast is not None
    assert toast.startswith("✓ Correct.")

    await bob.says("/stats")
    assert "Reviewed today: 1 · new today: 1 of 20" in bob.bot_said()
    await alice.says("/stats")
    assert "Reviewed today: 1 · new today: 1 of 20" in alice.bot_said()


async def test_commands_for_other_bots_are_left_alone(person: Callable[..., Person]) -> None:
    alice = person(1001, "Alice", GROUP)
    await alice.says("/quiz@some_other_bot")
    await alice.says("/weather")
    assert alice.new_messages() == []
    await alice.says("/help")
    assert "/quiz — Ask me the next card" in alice.bot_said()


async def test_a_post_of_the_groups_linked_channel_is_no_members_command(person: Callable[..., Person]) -> None:
    """Telegram forwards each post of a linked channel into its group, sent by "Telegram" (not a bot): a
    /challenge there must not start a challenge played by a learner called Telegram."""
    alice = person(1001, "Alice", GROUP)
    await alice.says("/challenge", from_channel=True)
    await alice.says("/quiz", from_channel=True)
    assert alice.new_messages() == []
    await alice.says("/leaderboard")
    assert "Telegram" not in alice.bot_said()


async def test_a_link_code_is_never_shown_in_a_group(person: Callable[..., Person]) -> None:
    alice = person(1001, "Alice", GROUP)
    await alice.says("/link")
    assert alice.bot_said() == "Send /link to me in a private chat: a link code is for your eyes only."
    await alice.says("/link ABCD-EFGH")
    assert "private chat" in alice.bot_said()


async def test_a_link_code_pasted_into_a_group_is_spent_before_another_member_can_use_it(
    person: Callable[..., Person],
) -> None:
    """A code redeemed on an account joins that account into the code giver's learner: whoever used a code
    seen in the group would share Alice's schedule, history and own decks (and could /share or delete them)."""
    alice_alone, alice = person(1001, "Alice"), person(1001, "Alice", GROUP)
    mallory_alone = person(1003, "Mallory")
    await alice_alone.says("/link")
    code = alice_alone.bot_said().split("Your link code: ")[1].split()[0]

    await alice.says(f"/link {code}")  # meant for her other account, sent to the wrong chat

    assert alice.bot_said() == (
        "Send /link to me in a private chat: a link code is for your eyes only. That code was shown here, so it "
        "no longer works: send /link to me in a private chat for a new one."
    )
    await mallory_alone.says(f"/link {code}")
    assert mallory_alone.bot_said().startswith("⚠️ That link code is wrong, used or expired")
    await alice_alone.says("/unlink")
    assert "not linked" in alice_alone.bot_said()

    await alice_alone.says("/link")
    code = alice_alone.bot_said().split("Your link code: ")[1].split()[0]
    await alice.says(f"/link {code}", as_the_group=True)  # an admin posting anonymously, as the group
    assert "That code was shown here, so it no longer works" in alice.bot_said()
    await mallory_alone.says(f"/link {code}")
    assert mallory_alone.bot_said().startswith("⚠️ That link code is wrong, used or expired")


async def test_too_easy_in_a_group_keeps_the_next_questions_buttons_and_says_so_under_the_verdict(
    person: Callable[..., Person], fake: FakeTelegram
) -> None:
    alice = person(1001, "Alice", GROUP)
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.question()
    await alice.presses("300,000 km/s", on=question)
    answered = alice.room.as_now(question)  # the verdict, then the next question (true or false)
    assert "False" in answered.buttons
    assert "😌 Too easy" in answered.buttons

    await alice.presses("😌 Too easy", on=answered)

    corrected = alice.room.as_now(question)
    assert "False" in corrected.buttons  # the next question is still answerable
    assert "😌 Too easy" not in corrected.buttons
    verdict, _, following = corrected.text.partition("\n\n")
    assert "😌" in verdict
    assert "Sound travels through a vacuum." in following


@pytest.mark.parametrize("where", ["group", "private"])
async def test_a_double_tap_on_a_choice_leaves_the_answered_message_as_the_first_tap_made_it(
    person: Callable[..., Person], fake: FakeTelegram, where: str
) -> None:
    alice = person(1001, "Alice", GROUP if where == "group" else None)
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.question()
    before = Sent(copy.deepcopy(question.raw))  # what a second tap, sent before the first was answered, carries
    data = question.callback("300,000 km/s")
    await alice.presses("300,000 km/s", on=question)
    answered = alice.room.as_now(question)

    await alice.sends_callback(before, data)

    assert alice.room.as_now(question).buttons == answered.buttons  # the next question's or "Too easy"


async def test_an_anonymous_admin_replying_to_a_question_is_told_why_it_cannot_be_theirs(
    person: Callable[..., Person],
) -> None:
    """Posting as the group, an admin's answer has nobody to belong to: said, not silently dropped."""
    alice, bob = person(1001, "Alice", GROUP), person(1002, "Bob", GROUP)
    await bob.says("/subscribe chemistry")
    await bob.says("/quiz")
    bobs_question = bob.last_message()
    await alice.says("h2o", replying_to=bobs_question, as_the_group=True)
    assert "You are posting as the group (an anonymous admin)" in alice.bot_said()
    await alice.says("nice one, Bob", as_the_group=True)  # chatter that replies to no question of ours
    assert alice.new_messages() == []
    await bob.replies_to(bobs_question, "h2o")  # Bob's question is still his to answer
    assert bob.new_messages()[0].text.startswith("✓ Correct.")


async def test_a_member_who_forges_a_press_on_someone_elses_question_changes_neither(
    person: Callable[..., Person],
) -> None:
    """Telegram does not check that a callback's data is a button of the message it names (a client of
    one's own can send any): Bob's own button data, sent on Alice's question, must not rewrite her message."""
    alice, bob = person(1001, "Alice", GROUP), person(1002, "Bob", GROUP)
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    alices = alice.question()
    await bob.says("/subscribe physics")
    await bob.says("/quiz")
    bobs = bob.question()
    assert alices.id != bobs.id
    own_data = bobs.callback("300,000 km/s")

    alert = await bob.sends_callback(alices, own_data)

    assert alert == "That button is not in use any more. Send /quiz for the current question."
    assert alice.room.as_now(alices).raw == alices.raw  # her question reads and works as before
    assert "300,000 km/s" in alice.room.as_now(bobs).buttons  # his own question is still open too
    await bob.says("/stats")
    assert "Reviewed today: 0" in bob.bot_said()
