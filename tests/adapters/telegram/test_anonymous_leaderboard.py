"""`/leaderboard hide` (or `show`) from an admin posting as the group: hiding is a member's own choice and an
anonymous admin is no member the bot can tell, so the bot says so (and how to do it) and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from tests.adapters.telegram.conftest import GROUP
from tests.fakes.telegram_chat import Person


async def test_an_anonymous_admin_is_told_hiding_is_each_members_own(person: Callable[..., Person]) -> None:
    alice = person(1001, "Alice", GROUP)
    for word in ("hide", "show"):
        await alice.says(f"/leaderboard {word}", as_the_group=True)
        said = alice.bot_said()
        assert said == (
            "You are posting as the group (an anonymous admin), so I can't tell whose row to "
            f"{word}: each member hides or shows their own. Turn off “Remain anonymous” and send "
            f"/leaderboard {word} again."
        )
    await alice.says("/leaderboard", as_the_group=True)  # the board itself is anyone's to see
    assert alice.bot_said().startswith("Leaderboard · this week")
