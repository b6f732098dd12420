"""A flashcard as long as a deck may make it: its message stays within Discord's 6,000 characters of embeds
when it is edited after a press, so the grade is said, the buttons close and the next card comes."""

from __future__ import annotations

from pathlib import Path

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.storage.db import Database
from tests.adapters.discord.conftest import StartBot
from tests.conftest import FakeClock
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, Said, as_text
from tests.fakes.discord_limits import EMBEDS_TOTAL, embed_length

# The revealed card comes to 5,997 characters of embeds: its grade, longer than the question it replaces
# ("How well did you recall it?"), takes it past 6,000.
EXPLANATION = 1905


def long_deck(folder: Path, explanation: int = EXPLANATION) -> Path:
    path = folder / "long.yaml"
    path.write_text(
        f"""deck: long
title: Long
description: cards as long as a deck may make them
sources:
  - id: s
    title: S
    ref: "R"
cards:
  - id: c1
    type: flashcard
    front: "{"f" * 2000}"
    back: "{"b" * 2000}"
    explanation: "{"e" * explanation}"
    source: s
  - id: c2
    type: flashcard
    front: "What comes after the long card?"
    back: "This one."
    source: s
"""
    )
    return path


def load(db: Database, clock: FakeClock, deck: Path) -> None:
    loaded = load_decks([deck])
    assert loaded.ok, loaded.errors
    with db.transaction() as session:
        import_decks(session, loaded.decks, now=clock.now)


async def test_grading_a_card_that_fills_its_message_says_the_grade_and_asks_the_next(
    db: Database, clock: FakeClock, fake: FakeDiscord, start_bot: StartBot, tmp_path: Path
) -> None:
    load(db, clock, long_deck(tmp_path))
    bot = await start_bot()
    ana = Person(fake, "ana")
    await ana.slash("subscribe", deck="long")
    card = await ana.slash("quiz", deck="long")
    revealed = await ana.click(card, "Show answer")
    assert EMBEDS_TOTAL - 10 < sum(embed_length(e) for e in revealed.message["embeds"]) <= EMBEDS_TOTAL

    graded = await ana.click(revealed, "Good")

    await bot.service.client.drain()  # the next card follows the edit
    assert "What comes after the long card?" in Said(fake, graded.exchange).text
    assert "Graded Good** · next review in 10m" in "\n".join(e["description"] for e in revealed.message["embeds"])
    assert all(b.disabled for b in revealed.buttons)
    assert fake.rejected == []


async def test_a_revealed_card_too_long_for_its_message_is_cut_but_still_asks_for_a_grade(
    db: Database, clock: FakeClock, fake: FakeDiscord, start_bot: StartBot, tmp_path: Path
) -> None:
    load(db, clock, long_deck(tmp_path, explanation=2000))  # front, back and explanation at a deck's limit
    bot = await start_bot()
    ana = Person(fake, "ana")
    await ana.slash("subscribe", deck="long")
    card = await ana.slash("quiz", deck="long")

    revealed = await ana.click(card, "Show answer")

    shown = as_text(revealed.message)
    assert "How well did you recall it?" in shown
    assert "**Source:** R" in shown
    assert "… [cut]" in shown  # the card's text was shortened, and says so
    assert [b.label.split(" ")[0] for b in revealed.buttons] == ["Again", "Hard", "Good", "Easy"]
    graded = await ana.click(revealed, "Good")
    await bot.service.client.drain()
    assert "What comes after the long card?" in Said(fake, graded.exchange).text
    assert "Graded Good** · next review in 10m" in as_text(revealed.message)
