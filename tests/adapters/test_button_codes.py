"""Each platform's button codes: one letter per action, so no button can run another's action."""

from __future__ import annotations

from enum import StrEnum

import pytest

from studybot.adapters.discord import codec as discord_codec
from studybot.adapters.telegram import codec as telegram_codec


@pytest.mark.parametrize("actions", [telegram_codec.Action, discord_codec.Action], ids=["telegram", "discord"])
def test_every_action_has_a_letter_of_its_own(actions: type[StrEnum]) -> None:
    letters = [action.value for action in actions.__members__.values()]  # aliases included
    assert len(letters) == len(set(letters)), sorted(letters)
    assert all(len(letter) == 1 for letter in letters)


def test_the_hint_and_challenge_buttons_are_told_apart_on_discord() -> None:
    hint = discord_codec.ButtonId(discord_codec.Action.HINT, "abcdefghij", owner=1)
    challenge = discord_codec.ButtonId(discord_codec.Action.CHALLENGE, "abcdefghij", owner=0, arg="2")
    assert discord_codec.ButtonId.parse(hint.encode()) == hint
    assert discord_codec.ButtonId.parse(challenge.encode()) == challenge
