"""Faults outside the bot while it runs: an update python-telegram-bot cannot read, a Bot API server that
answers 502 for a while, a send that fails with a server error."""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Callable

import pytest
from sqlalchemy import select

from studybot.adapters.telegram.failures import SORRY
from studybot.engine.engine import QuizEngine
from studybot.health import Health
from studybot.storage.models import User
from tests.adapters.telegram.conftest import GROUP, running
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person, Sent

SECRET_NAME = "Zyxwvut-private"


def old_server_poll_answer(user_id: int) -> dict[str, object]:
    """A poll answer as a Bot API server older than 9.6 sends it: no `option_persistent_ids`."""
    user = {"id": user_id, "is_bot": False, "first_name": SECRET_NAME}
    return {"poll_id": "4242", "user": user, "option_ids": [0]}


def errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_unreadable_update_between_two_good_ones_is_logged_once_and_skipped(
    alice: Person, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    await alice.says("/subscribe physics")
    room = alice.room
    seen = len(room.messages_in(alice.chat_id))
    first = await fake.add_update(message=_text(alice, fake, "/stats"))
    poison = await fake.add_update(poll_answer=old_server_poll_answer(alice.id))
    last = await fake.add_update(message=_text(alice, fake, "/quiz"))
    for update_id in (first, poison, last):
        await room.tracker.handled(update_id)

    said = " ".join(m.text for m in room.messages_in(alice.chat_id)[seen:])  # both answered, in either order
    assert "Your progress" in said
    assert "Roughly how fast" in said
    (logged,) = errors(caplog)
    assert f"update {poison} (poll_answer)" in logged.getMessage()
    assert SECRET_NAME not in caplog.text  # its content is not logged
    later_offsets = [int(c.params.get("offset", 0)) for c in fake.calls_to("getUpdates")]
    assert later_offsets.count(poison) <= 1  # asked for once at most: confirmed, not fetched again
    await alice.says("/stats")
    assert "Reviewed today: 0" in alice.bot_said()


async def test_an_unreadable_update_alone_is_confirmed_and_not_fetched_again(alice: Person, fake: FakeTelegram) -> None:
    poison = await fake.add_update(poll_answer=old_server_poll_answer(alice.id))
    await alice.room.tracker.handled(poison)

    await alice.says("/decks")

    assert "physics" in alice.bot_said()
    offsets = [int(c.params.get("offset", 0)) for c in fake.calls_to("getUpdates")]
    assert offsets.count(poison) <= 1


async def test_getupdates_answering_502_for_a_while_loses_and_doubles_nothing(
    engine: QuizEngine, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="studybot.health")
    health = Health("telegram", down_after=0.05)
    async with running(engine, fake, build={"health": health}) as room:
        alice = Person(room, 1001, "Alice")
        await alice.says("/subscribe physics")
        for _ in range(12):
            fake.fail_next("getUpdates", 502)
        await alice.says("/quiz")  # sent during the outage: fetched once it is over

        # polls meet the outage (how many, and whether before or after /quiz is fetched, depends on whether a
        # long poll was in flight when it began)
        for _ in range(500):
            if any(call.error == "Internal Server Error" for call in fake.calls_to("getUpdates")):
                break
            await asyncio.sleep(0.01)
        assert any(call.error == "Internal Server Error" for call in fake.calls_to("getUpdates"))
        questions = [m for m in alice.room.messages_in(alice.chat_id) if "Roughly how fast" in m.text]
        assert len(questions) == 1
        await alice.presses("300,000 km/s")
        await alice.says("/stats")
        assert "Reviewed today: 1" in alice.bot_said()

    lines = [r.getMessage() for r in caplog.records if r.name == "studybot.health"]
    assert len(lines) == 2, lines
    assert lines[0].startswith("telegram is down")
    assert lines[1].startswith("telegram is back")


async def test_a_reply_refused_with_502_is_sent_again_once(alice: Person, fake: FakeTelegram) -> None:
    """502 and 503: Telegram's front could not hand the request to the Bot API server, which never saw it."""
    await alice.says("/subscribe physics")
    fake.fail_next("sendMessage", 502)
    fake.fail_next("sendMessage", 503)

    await alice.says("/quiz")

    (question,) = alice.new_messages()
    assert "Roughly how fast" in question.text
    await alice.presses("300,000 km/s")
    assert "Sound travels through a vacuum." in alice.last_message().text


@pytest.mark.parametrize("code", [500, 504])
async def test_a_reply_telegram_posted_but_answered_with_a_server_error_is_not_sent_twice(
    alice: Person, fake: FakeTelegram, code: int
) -> None:
    """500 (the Bot API server failed) and 504 (it did not answer the front in time): it had the request
    and may have carried it out, so it is not sent again: a learner would rather miss a reply than get two."""
    await alice.says("/subscribe physics")
    fake.fail_next("sendMessage", code, carried_out=True)

    await alice.says("/quiz")

    questions = [m for m in alice.new_messages() if "Roughly how fast" in (m.text or "")]
    assert len(questions) == 1


def _text(who: Person, fake: FakeTelegram, text: str) -> dict[str, object]:
    return {
        "message_id": fake.next_message_id(who.chat_id),
        "date": 0,
        "chat": {"id": who.chat_id, "type": "private", "first_name": "Alice"},
        "from": who.user,
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}],
    }


async def test_an_answer_whose_message_could_not_be_edited_in_time_still_gets_the_next_question(
    alice: Person, fake: FakeTelegram
) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.question()
    fake.stall_next("editMessageText")  # Telegram does not answer the edit in time

    assert await alice.presses("300,000 km/s", on=question) == "✓ Correct"

    assert any("Sound travels through a vacuum." in m.text for m in alice.new_messages())


async def test_in_a_group_an_answer_refused_its_edit_by_the_flood_limit_still_gets_the_next_question(
    person: Callable[..., Person], fake: FakeTelegram
) -> None:
    alice = person(1001, "Alice", GROUP)
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.question()
    fake.fail_next("editMessageText", 429, retry_after=30)  # a group's requests are never queued

    await alice.presses("300,000 km/s", on=question)

    assert any("Sound travels through a vacuum." in m.text for m in alice.new_messages())


async def test_a_double_tap_on_show_answer_shows_it_once_and_logs_no_error(
    alice: Person, caplog: pytest.LogCaptureFixture
) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    for _ in range(6):  # to the flashcard
        if "second law" in alice.last_message().text:
            break
        await alice.says("/skip")
    card = alice.question()
    before = Sent(copy.deepcopy(card.raw))
    data = card.callback("Show answer")
    await alice.presses("Show answer", on=card)

    await alice.sends_callback(before, data)

    assert errors(caplog) == []
    assert alice.new_messages() == []  # shown in place once, nothing sent twice


async def test_a_hint_in_private_for_a_question_shown_in_a_group_the_bot_has_left_is_shown_and_blocks_nobody(
    person: Callable[..., Person], fake: FakeTelegram, engine: QuizEngine
) -> None:
    in_the_group, in_private = person(1001, "Alice", GROUP), person(1001, "Alice")
    await in_the_group.says("/subscribe physics")
    await in_the_group.says("/quiz")
    fake.removed_from.add(GROUP)  # the group removed the bot: 403 on anything sent there

    await in_private.says("/hint")

    assert "Hint:" in in_private.bot_said()  # asked anew here, with the hint
    with engine.db.transaction() as session:
        assert session.scalar(select(User.blocked).where(User.external_id == "1001")) is False  # still pushed


async def test_a_skip_whose_old_question_could_not_be_closed_in_time_still_asks_the_next_one(
    alice: Person, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    fake.stall_next("editMessageReplyMarkup")  # taking the skipped question's buttons away times out

    await alice.says("/skip")

    said = alice.bot_said()
    assert "Sound travels through a vacuum." in said
    assert SORRY not in said
    assert errors(caplog) == []


async def test_a_second_process_polling_the_same_token_is_one_clear_warning_and_nothing_is_lost(
    engine: QuizEngine, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram answers 409 Conflict to a poller while another process polls the same token (or a webhook
    is set): the operator should read what to do, once, not a traceback every few seconds."""
    async with running(engine, fake) as room:
        alice = Person(room, 1001, "Alice")
        await alice.says("/subscribe physics")
        for _ in range(6):
            fake.fail_next("getUpdates", 409)
        await alice.says("/quiz")  # fetched by the poll in flight, or once the other process has gone
        await alice.presses("300,000 km/s")  # pressed while the other process polls: answered after it
        for _ in range(500):
            if sum(call.error is not None for call in fake.calls_to("getUpdates")) == 6:
                break
            await asyncio.sleep(0.01)
        await alice.says("/stats")

        assert "Reviewed today: 1" in alice.bot_said()

    conflicts = [r for r in caplog.records if "409" in r.getMessage()]
    assert len(conflicts) == 1, [r.getMessage() for r in conflicts]
    assert "another process" in conflicts[0].getMessage()
    assert conflicts[0].exc_info is None  # one line, no traceback
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("telegram"))


async def test_an_answer_pressed_while_the_bot_was_down_is_graded_and_shown_though_telegram_refuses_its_toast(
    alice: Person, fake: FakeTelegram
) -> None:
    """A press made during a restart reaches the bot when it is back, too late for answerCallbackQuery
    (Telegram: "query is too old"); the toast is all that is lost."""
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    question = alice.question()
    fake.late_queries.add("pressed-during-restart")
    query = {
        "id": "pressed-during-restart",
        "from": alice.user,
        "chat_instance": "ci",
        "data": question.callback("300,000 km/s"),
        "message": question.raw,
    }

    await alice.room.send(callback_query=query)

    assert "Your answer: 300,000 km/s\n✓ Correct." in alice.room.as_now(question).text  # the verdict in its place
    assert "Sound travels through a vacuum." in alice.room.messages_in(alice.chat_id)[-1].text  # the next one
    assert SORRY not in [m.text for m in alice.room.messages_in(alice.chat_id)]
