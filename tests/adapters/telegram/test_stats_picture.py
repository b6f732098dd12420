"""/stats on Telegram: the picture through sendPhoto, the figures as its caption (or after it, when too long)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from telegram import Bot
from telegram.error import BadRequest

from studybot.adapters import chart
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from tests.adapters.telegram.conftest import learner
from tests.conftest import Chat, FakeClock
from tests.engine.test_progress import studies_the_tiny_deck
from tests.fakes.telegram_api import PNG_SIGNATURE, FakeTelegram
from tests.fakes.telegram_chat import Person, Sent


def add_decks_with_long_titles(engine: QuizEngine, clock: FakeClock, tmp_path: Path, count: int) -> None:
    files = []
    for i in range(count):
        path = tmp_path / f"long{i}.yaml"
        path.write_text(
            f"deck: long{i}\ntitle: Deck {i} whose title goes on and on, as some imported Anki decks' titles do\n"
            "sources:\n  - {id: notes, title: Notes, ref: Notes for this test.}\n"
            "cards:\n  - {id: a, type: truefalse, statement: Yes., answer: true, explanation: Yes., source: notes}\n"
        )
        files.append(path)
    with engine.db.transaction() as session:
        import_decks(session, load_decks(files).decks, now=clock.now)


async def test_stats_is_a_photo_with_the_figures_as_caption(
    alice: Person, engine: QuizEngine, fake: FakeTelegram, clock: FakeClock, tmp_path: Path
) -> None:
    await studies_the_tiny_deck(Chat(engine), clock, tmp_path, learner(alice))

    await alice.says("/stats")

    (sent,) = alice.new_messages()
    assert sent.photo is not None
    assert Image.open(io.BytesIO(sent.photo)).size[0] == chart.WIDTH
    assert sent.caption.startswith("Your progress\nDue now: 0")
    assert "Reviewed today: 4" in sent.caption
    assert [call.error for call in fake.calls_to("sendPhoto")] == [None]
    assert sent.raw["caption_entities"] == [{"type": "bold", "offset": 0, "length": len("Your progress")}]


async def test_a_summary_too_long_for_a_caption_follows_the_photo(
    alice: Person, engine: QuizEngine, fake: FakeTelegram, clock: FakeClock, tmp_path: Path
) -> None:
    add_decks_with_long_titles(engine, clock, tmp_path, 12)
    await studies_the_tiny_deck(Chat(engine), clock, tmp_path, learner(alice))
    await alice.says("/subscribe all")

    await alice.says("/stats")

    photo, figures = alice.new_messages()
    assert photo.photo is not None
    assert photo.caption == ""
    assert figures.text.startswith("Your progress\nDue now:")
    assert len(figures.text) > 1024
    assert [call.error for call in fake.calls_to("sendPhoto")] == [None]


async def test_a_learner_without_reviews_gets_text_only(alice: Person, fake: FakeTelegram) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/stats")
    assert alice.bot_said().startswith("Your progress\nDue now: 0")
    assert fake.calls_to("sendPhoto") == []


async def test_the_fake_refuses_what_telegram_refuses(fake: FakeTelegram) -> None:
    """Photos must be uploaded files and captions at most 1,024 units: the checks the tests above rely on."""
    async with Bot(fake.token, base_url=fake.base_url) as bot:
        with pytest.raises(BadRequest, match=r"(?i)wrong remote file identifier"):
            await bot.send_photo(1001, "not-an-upload")
        with pytest.raises(BadRequest, match="caption is too long"):
            await bot.send_photo(1001, PNG_SIGNATURE + b"rest", caption="x" * 1025)
        assert (await bot.send_photo(1001, PNG_SIGNATURE + b"rest", caption="x" * 1024)).caption == "x" * 1024


async def test_the_session_summary_closes_the_answered_question(alice: Person, engine: QuizEngine) -> None:
    engine.settings = replace(engine.settings, summary_every=2)
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    first = alice.question()
    await alice.presses("300,000 km/s", on=first)  # right
    assert "✓ Correct." in answered(alice, first)
    assert "reviewed ·" not in answered(alice, first)  # one answer: no summary yet
    await alice.says("/quiz")
    question = alice.question()
    await alice.presses(question.buttons[0], on=question)

    summary = r"^2 reviewed · [12] right · (next due \d\d:\d\d|\d+ more due now) · streak 1 day$"
    assert re.search(summary, answered(alice, question), re.M)


def answered(alice: Person, question: Sent) -> str:
    """The question message as it reads now, after its answer was written into it."""
    return next(m.text for m in alice.room.messages_in(alice.chat_id) if m.id == question.id)
