"""/settings accepts ASCII digits where a number is meant, and echoes the value as it was stored."""

from __future__ import annotations

import pytest

from studybot.engine.account import parse_setting
from tests.conftest import Chat

NEW_ERROR = "Error: New cards per day is a whole number from 0 to 500."
TIME_ERROR = "Error: The push time is HH:MM in 24-hour time, e.g. 08:30."


async def test_saved_values_are_echoed_normalised(chat: Chat) -> None:
    assert (await chat.send("/settings time 7:05")).splitlines()[0] == "Saved: time = 07:05."
    assert (await chat.send("/settings new 0020")).splitlines()[0] == "Saved: new = 20."
    assert (await chat.send("/settings retention 0,85")).splitlines()[0] == "Saved: retention = 0.85."
    assert (await chat.send("/settings PAUSE ON")).splitlines()[0] == "Saved: pause = on."
    assert (await chat.send("/settings tz europe/berlin")).splitlines()[0] == "Saved: timezone = Europe/Berlin."
    assert (await chat.send("/settings polls ON")).splitlines()[0] == "Saved: polls = on."


async def test_a_near_miss_timezone_gets_a_suggestion(chat: Chat) -> None:
    assert await chat.send("/settings timezone Europe/Berln") == (
        "Error: Unknown timezone “Europe/Berln”. Did you mean Europe/Berlin?"
    )
    assert await chat.send("/settings timezone Mars/Olympus") == (
        "Error: Unknown timezone “Mars/Olympus”. Use a name like Europe/Berlin or America/New_York."
    )


@pytest.mark.parametrize(
    "value", ["❶", "➀", "²", "١٢", "٢٠", "𝟐𝟎", "١", "1e2", "-1", "+5", "5.0", "501", "9" * 5000, "0" * 5000, "½"]
)
async def test_new_refuses_anything_but_ascii_digits(chat: Chat, value: str) -> None:
    assert await chat.send(f"/settings new {value}") == NEW_ERROR


@pytest.mark.parametrize(
    "value", ["1٩:0٥", "١٢:٣٠", "０８:３０", "24:00", "7:5", "07:60", "²:00", "08:30:00", "0" * 5000]
)
async def test_time_refuses_anything_but_ascii_hh_mm(chat: Chat, value: str) -> None:
    assert await chat.send(f"/settings time {value}") == TIME_ERROR


@pytest.mark.parametrize("value", ["٠.٩", "nan", "inf", "1e-1", "0.9.", ".", ",", "0x1", "𝟎.𝟗", "0.９"])
def test_retention_refuses_what_is_not_an_ascii_decimal(value: str) -> None:
    assert isinstance(parse_setting("retention", value), str)


@pytest.mark.parametrize("value", ["../etc/passwd", "/UTC", "UTC\x00", "a" * 10_000, "", "Europe/../UTC", "\ud800"])
def test_timezone_names_are_only_looked_up(value: str) -> None:
    assert isinstance(parse_setting("timezone", value), str)
