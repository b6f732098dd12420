"""What a button carries: nonce, action, argument and the quizzed learner, within Discord's 100 characters."""

from __future__ import annotations

from studybot.adapters.discord.codec import MAX_CUSTOM_ID, Action, ButtonId, modal_id
from studybot.engine.turn import NONCE_LENGTH


def test_the_longest_button_id_fits_and_reads_back() -> None:
    longest = ButtonId(Action.GRADE, "n" * 32, owner=2**64 - 1, arg="a" * 8)
    assert len(longest.encode()) <= MAX_CUSTOM_ID
    assert ButtonId.parse(longest.encode()) == longest
    assert len(modal_id("n" * 32, 2**64 - 1)) <= MAX_CUSTOM_ID


def test_every_action_round_trips_and_foreign_ids_do_not_parse() -> None:
    for action in Action:
        button = ButtonId(action, "k" * NONCE_LENGTH, owner=1234, arg="3")
        assert ButtonId.parse(button.encode()) == button
    assert ButtonId.parse("sb:x:abcdefghij::1234") is None  # a later version's action
    assert ButtonId.parse("poll:1") is None
    assert ButtonId.parse(None) is None
