"""What must never grade, break or stop the bot: stale, doubled and forged presses, hostile text,
blocked learners, rate limits and failing requests."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import learner
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


async def test_a_stale_button_after_skip_grades_nothing_and_loses_its_buttons(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    old = alice.last_message()
    data = old.callback("300,000 km/s")
    await alice.says("/skip")
    assert old.buttons == []  # the skipped question's buttons are gone at once

    alert = await alice.sends_callback(old, data)  # pressed just before they went

    assert alert == "That question is no longer open (answered, skipped or replaced). Send /quiz for the current one."
    await alice.says("/stats")
    assert "Reviewed today: 0" in alice.bot_said()


async def test_a_double_press_grades_once(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.last_message()
    data = question.callback("300 km/s")

    assert await alice.sends_callback(question, data) == "✗ Not quite"
    assert (await alice.sends_callback(question, data) or "").startswith("That question is no longer open")

    await alice.says("/stats")
    assert "Reviewed today: 1" in alice.bot_said()


async def test_a_forged_callback_is_refused(alice: Person) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.last_message()
    nonce = question.callback("300,000 km/s").split(":")[1]

    assert await alice.sends_callback(question, "c:<b>:1001:1") == "That button is not one of mine."
    assert await alice.sends_callback(question, "drop table users") == "That button is not one of mine."
    assert await alice.sends_callback(question, f"x:{nonce}:1001:") == "That button is not one of mine."
    assert await alice.sends_callback(question, f"e:{nonce}:1001:") == "There is no answer of yours to change."
    assert (await alice.sends_callback(question, "c:AAAAAAAAAA:1001:1") or "").startswith("That question is no")
    assert await alice.sends_callback(question, f"c:{nonce}:1002:1") == (
        "This question is someone else's. Send /quiz for your own."
    )
    assert len(question.buttons) == 4
    await alice.says("/stats")
    assert "Reviewed today: 0" in alice.bot_said()


async def test_a_5000_character_message_of_html_emoji_and_control_characters(alice: Person) -> None:
    hostile = ("<b>bold</b> & <script>x</script> &amp; 🎓👩🏽‍🔬 \x00\x07\x1b[31m ") * 125
    assert len(hostile) >= 5000
    await alice.says("/subscribe chemistry")
    await alice.says("/quiz")  # a typed question is open

    await alice.says(hostile)

    feedback = alice.new_messages()[0]
    assert feedback.text.startswith("✗ Not quite. The answer is: H2O")
    await alice.says(f"/subscribe {hostile}")
    reply = alice.bot_said()
    assert reply.startswith("⚠️ There is no deck called “<b>bold</b> & <script>x</script>")
    assert "\x00" not in reply
    await alice.says("/stats")  # still answering
    assert "Reviewed today: 1" in alice.bot_said()


async def test_a_blocked_learner_is_marked_and_unblocked_when_they_write_again(
    alice: Person, fake: FakeTelegram, engine: QuizEngine
) -> None:
    admin = learner(alice)
    await alice.says("/subscribe physics")
    fake.blocked.add(alice.chat_id)

    await alice.says("/quiz")  # the reply is refused with 403

    assert fake.calls_to("sendMessage")[-1].error == "Forbidden: bot was blocked by the user"
    assert (await engine.admin_stats()).blocked == 1
    fake.blocked.discard(alice.chat_id)
    await alice.says("/quiz")
    assert "Roughly how fast" in alice.bot_said()
    assert (await engine.admin_stats()).blocked == 0
    assert admin.external_id == "1001"


async def test_a_429_in_the_middle_of_a_reply_is_waited_out(alice: Person, fake: FakeTelegram) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    fake.fail_next("sendMessage", 429, retry_after=1)

    await alice.presses("300,000 km/s")

    assert "Sound travels through a vacuum." in alice.last_message().text
    refused, sent = fake.calls_to("sendMessage")[-2:]
    assert refused.error == "Too Many Requests: retry after 1"
    assert sent.error is None
    assert sent.params == refused.params


async def test_a_failing_request_is_logged_the_learner_told_and_the_bot_goes_on(
    alice: Person, fake: FakeTelegram, caplog: object
) -> None:
    await alice.says("/subscribe physics")
    for _ in range(4):  # a front's 503 is retried (SHORT.tries attempts in all); one that persists is not
        fake.fail_next("sendMessage", 503)

    await alice.says("/quiz")

    assert alice.bot_said() == "Sorry, something went wrong on my side. Please try again."
    assert fake.token not in str(getattr(caplog, "text", ""))
    await alice.says("/quiz")
    assert "Roughly how fast" in alice.bot_said()


async def test_every_text_the_bot_sent_was_valid_telegram_html(alice: Person, fake: FakeTelegram) -> None:
    for line in ["/start", "/help", "/decks", "/subscribe physics", "/quiz", "/hint", "/settings", "/stats", "/undo"]:
        await alice.says(line)
    assert all(call.error is None for call in fake.calls if call.method != "getUpdates")
    assert len(fake.calls_to("sendMessage")) + len(fake.calls_to("editMessageText")) >= 9  # the hint: an edit
