"""The group timer when one group's request fails: the other groups' closes and questions still go out."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from studybot.adapters.telegram import TelegramService
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Chatroom, Person

GROUPS = (-1001, -1002, -1003)


def timer(room: Chatroom) -> TelegramService:
    assert isinstance(room.service, TelegramService)
    return room.service


async def test_a_rate_limited_group_does_not_stop_the_others(
    person: Callable[..., Person],
    fake: FakeTelegram,
    room: Chatroom,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    first: dict[int, int] = {}
    for number, group in enumerate(GROUPS):
        member = person(1001 + number, f"M{number}", group)
        await member.says("/challenge physics 2")
        first[group] = member.last_message().id
        clock.advance(seconds=1)  # the groups' questions close in this order
    clock.advance(seconds=20)
    fake.fail_next("editMessageText", 429, retry_after=30)  # the first group's close
    fake.fail_next("sendMessage", 429, retry_after=30, after=1)  # the second group's next question
    with caplog.at_level(logging.INFO):
        await timer(room).challenges.tick()

    def texts(group: int) -> list[str]:
        return [m.text for m in room.messages_in(group)]

    assert "2 of 2" in texts(GROUPS[0])[-1]  # its close was not edited, its next question came all the same
    assert "1 of 2" in texts(GROUPS[0])[0]
    assert len(texts(GROUPS[1])) == 1  # its next question was refused: dropped, logged
    assert "✓" in texts(GROUPS[1])[0]  # closed all the same
    assert "✓" in texts(GROUPS[2])[0]
    assert "2 of 2" in texts(GROUPS[2])[-1]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert str(GROUPS[1]) in logged
