"""Timezones as people type them: cities, zone names in any case, fixed offsets; "which Portland?"."""

from __future__ import annotations

import gzip
from zoneinfo import available_timezones

import pytest
from sqlalchemy import select

from studybot.engine.commands import dispatch
from studybot.engine.replies import Notice, SettingsView
from studybot.storage.models import User
from tests.conftest import Chat


def stored_zone(chat: Chat) -> str:
    with chat.engine.db.transaction() as session:
        return str(session.scalar(select(User.timezone).where(User.external_id == chat.learner.external_id)))


async def test_berlin_is_saved_as_europe_berlin(chat: Chat) -> None:
    reply = await chat.send("/settings timezone Berlin")

    assert reply.startswith("Saved: timezone = Europe/Berlin.\nDaily quiz at 09:00 (Europe/Berlin)")
    assert stored_zone(chat) == "Europe/Berlin"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("tokyo", "Asia/Tokyo"), ("new york", "America/New_York"), ("São Paulo", "America/Sao_Paulo"),
     ("sao paulo", "America/Sao_Paulo"), ("europe/LONDON", "Europe/London"), ("Munich", "Europe/Berlin"),
     ("Portland, Maine", "America/New_York"), ("UTC+1", "UTC+01:00"), ("+05:30", "UTC+05:30"),
     ("utc-03:30", "UTC-03:30"), ("GMT+0", "UTC")],
)  # fmt: skip
async def test_cities_names_and_offsets_a_person_would_type(chat: Chat, typed: str, zone: str) -> None:
    view = await dispatch(chat.engine, chat.learner, f"/settings timezone {typed}")

    assert isinstance(view, SettingsView), view
    assert view.timezone == zone
    assert stored_zone(chat) == zone
    assert ("does not follow daylight saving time" in (view.message or "")) == zone.startswith(("UTC+", "UTC-"))
    # what was stored reads back and is shown as it was saved
    again = await dispatch(chat.engine, chat.learner, "/settings")
    assert isinstance(again, SettingsView)
    assert again.timezone == zone


async def test_an_ambiguous_city_is_asked_about_with_the_places_to_tap(chat: Chat) -> None:
    asked = await dispatch(chat.engine, chat.learner, "/settings timezone Portland")

    assert isinstance(asked, SettingsView)
    assert asked.message == "Which Portland do you mean? Tap one, or send /settings timezone with the zone it shows."
    assert [c.value for c in asked.choices][:2] == ["America/Los_Angeles", "America/New_York"]
    assert asked.choices[0].label == "Portland, Oregon, United States · America/Los_Angeles"
    assert stored_zone(chat) == "UTC"  # nothing saved yet
    tapped = asked.choices[0]
    saved = await dispatch(chat.engine, chat.learner, f"/settings {tapped.name} {tapped.value}")
    assert isinstance(saved, SettingsView)
    assert stored_zone(chat) == "America/Los_Angeles"


@pytest.mark.parametrize(
    ("typed", "said"),
    [("Berln", "Did you mean Berlin (Europe/Berlin)?"), ("UTC+15", "or an offset (UTC+1)"),
     ("Europe/Berln", "Did you mean Europe/Berlin?"), ("x" * 500, "Type a city")],
)  # fmt: skip
async def test_what_is_not_a_timezone_is_refused_with_a_suggestion(chat: Chat, typed: str, said: str) -> None:
    refused = await dispatch(chat.engine, chat.learner, f"/settings timezone {typed}")

    assert isinstance(refused, Notice)
    assert refused.text.startswith("Unknown timezone")
    assert said in refused.text
    assert stored_zone(chat) == "UTC"


def test_the_shipped_city_list_holds_geonames_cities_in_real_zones() -> None:
    """studybot/data/cities.tsv.gz, made by scripts/make-cities.py: every zone one that tzdata knows."""
    from importlib import resources

    packed = resources.files("studybot.data").joinpath("cities.tsv.gz").read_bytes()
    rows = [line.split("\t") for line in gzip.decompress(packed).decode("utf-8").splitlines()]
    assert len(rows) > 20_000
    assert {row[3] for row in rows} <= available_timezones()
    assert all(int(row[4]) >= 0 for row in rows)  # populations, for choosing among namesakes
    assert ["Portland", "Oregon", "United States", "America/Los_Angeles"] in [row[:4] for row in rows]
