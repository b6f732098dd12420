"""`/cram` and `/export` on Discord: the real bot (discord.py) against the fake Discord."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from studybot.adapters.discord import handlers
from studybot.engine.engine import QuizEngine
from studybot.storage.models import CardState
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person

MCQ = "Roughly how fast does light travel in vacuum?"


def card_states(engine: QuizEngine) -> list[tuple[object, ...]]:
    with engine.db.transaction() as session:
        return [tuple(row) for row in session.execute(select(*CardState.__table__.c).order_by("card_id"))]


async def test_cram_with_autocomplete_buttons_and_stop(ana: Person, engine: QuizEngine) -> None:
    await ana.slash("subscribe", deck="physics")
    await ana.click(await ana.slash("quiz"), "300 km/s")
    assert await ana.autocomplete("cram", "deck", "") == ["Physics basics (physics)", "stop cramming"]
    before = card_states(engine)

    cram = await ana.slash("cram", deck="physics")

    assert "Cram: Physics basics, 1 card you got wrong last time, in a loop." in cram.text
    assert MCQ in cram.text
    assert cram.ephemeral
    answered = await ana.click(cram, "300,000 km/s")
    assert "✓ Correct." in answered.text
    assert "cram: your schedule is unchanged" in answered.text
    assert "I was right" not in [b.label for b in answered.buttons]
    again = answered  # the loop asks the card again, under the verdict
    assert MCQ in again.text

    stopped = await ana.slash("cram", deck="stop")
    assert "Cram of Physics basics is over: 1 answer, 1 right." in stopped.text
    stale = await ana.click(again, "300,000 km/s")
    assert "no longer open" in stale.text
    assert card_states(engine) == before


@pytest.mark.parametrize("slow", [False, True])
async def test_export_is_an_ephemeral_csv_attachment(
    ana: Person, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch, slow: bool
) -> None:
    await ana.slash("subscribe", deck="physics")
    await ana.click(await ana.slash("quiz"), "300,000 km/s")
    if slow:
        monkeypatch.setattr(handlers, "DEFER_AFTER", 0)  # deferred: the file comes with the edit

    exported = await ana.slash("export")

    assert exported.text.startswith("Your review log: 1 review of 1 card")
    assert exported.ephemeral
    (attachment,) = exported.message["attachments"]
    assert attachment["filename"] == "studybot-revlog.csv"
    rows = list(csv.DictReader(io.StringIO(fake.uploads[attachment["id"]].decode())))
    assert [row["review_rating"] for row in rows] == ["3"]


async def test_export_without_reviews_says_so_and_sends_no_file(ana: Person, fake: FakeDiscord) -> None:
    said = await ana.slash("export")
    assert "You have no reviews to export yet" in said.text
    assert fake.uploads == {}
