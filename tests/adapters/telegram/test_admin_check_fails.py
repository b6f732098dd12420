"""A chat admin sets the question of the day while Telegram cannot say who the group's admins are (getChatMember
fails): they are told to try again, not that only admins may, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable

from tests.adapters.telegram.conftest import GROUP
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


async def test_an_admin_is_not_told_they_are_not_one_when_telegram_cannot_say(
    person: Callable[..., Person], fake: FakeTelegram
) -> None:
    alice = person(1001, "Alice", GROUP)
    fake.admins[GROUP] = {1001}
    for _ in range(5):  # past the bot's retries
        fake.fail_next("getChatMember", 500)

    await alice.says("/daily 08:30 physics")
    assert alice.bot_said() == "⚠️ I could not check with Telegram that you are an admin here. Try again in a minute."
    await alice.says("/daily")
    assert alice.bot_said().startswith("No question of the day here.")

    await alice.says("/daily 08:30 physics")
    assert "every day at 08:30 (UTC time), from physics" in alice.bot_said()
