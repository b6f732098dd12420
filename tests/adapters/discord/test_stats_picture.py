"""/stats on Discord: the picture attached to the stats embed, which shows it."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from studybot.adapters import chart
from studybot.adapters.discord import handlers
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from tests.conftest import Chat, FakeClock
from tests.engine.test_progress import studies_the_tiny_deck
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, Said


def attached_picture(fake: FakeDiscord, said: Said) -> bytes:
    (attachment,) = said.message["attachments"]
    (embed,) = said.message["embeds"]
    assert embed["title"] == "Your progress"
    assert embed["image"]["url"] == f"attachment://{attachment['filename']}"
    return fake.uploads[attachment["id"]]


async def test_stats_attaches_the_picture_to_its_embed(
    ana: Person, engine: QuizEngine, fake: FakeDiscord, clock: FakeClock, tmp_path: Path
) -> None:
    await studies_the_tiny_deck(Chat(engine), clock, tmp_path, Learner("discord", str(ana.id)))

    said = await ana.slash("stats")

    assert "Reviewed today: 4" in said.text
    picture = Image.open(io.BytesIO(attached_picture(fake, said)))
    assert picture.format == "PNG"
    assert picture.size[0] == chart.WIDTH


async def test_a_slow_stats_fills_in_the_deferred_reply_with_the_picture(
    ana: Person,
    engine: QuizEngine,
    fake: FakeDiscord,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await studies_the_tiny_deck(Chat(engine), clock, tmp_path, Learner("discord", str(ana.id)))
    monkeypatch.setattr(handlers, "DEFER_AFTER", 0)  # as if drawing were slow

    said = await ana.slash("stats")

    assert said.exchange.callback_type == 5  # "thinking…", then the original response edited
    assert Image.open(io.BytesIO(attached_picture(fake, said))).format == "PNG"


async def test_a_learner_without_reviews_gets_the_embed_without_a_picture(ana: Person) -> None:
    said = await ana.slash("stats")
    assert "Due now: 0" in said.text
    assert said.message["attachments"] == []
    assert "image" not in said.message["embeds"][0]


async def test_the_session_summary_ends_the_verdict(ana: Person, engine: QuizEngine) -> None:
    engine.settings = replace(engine.settings, summary_every=2)
    await ana.slash("subscribe", deck="physics")
    first = await ana.click(await ana.slash("quiz"), "300,000 km/s")
    assert "✓ Correct." in first.text
    assert "reviewed ·" not in first.text
    second = await ana.click(first, first.buttons[-1].label)  # the next question came with the verdict

    assert re.search(r"^\*2 reviewed · [12] right · .+ · streak 1 day\*$", second.text, re.M), second.text
