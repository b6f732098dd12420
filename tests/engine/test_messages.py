"""The words a learner reads, pinned as chats: counts, deck names, the override offer, stats, times."""

from __future__ import annotations

import re
from pathlib import Path
from random import Random

from studybot.adapters.console import render
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.account import SETTING_NAMES
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Prompt
from studybot.storage.db import Database
from tests.conftest import Chat, FakeClock, load_test_decks

ONE_CARD_DECK = """deck: tiny
title: Tiny
sources:
  - {id: notes, title: Notes, ref: "Notes written for this test."}
cards:
  - {id: only, type: truefalse, statement: One is a number., answer: true, explanation: It is., source: notes}
"""
INTERVAL = r"\d+(m|h|d|mo)|\d+(\.\d)?y"


def add_one_card_deck(chat: Chat, clock: FakeClock, tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(ONE_CARD_DECK)
    result = load_decks([tmp_path / "tiny.yaml"])
    with chat.engine.db.transaction() as session:
        import_decks(session, result.decks, now=clock.now)


async def test_counts_read_as_words(chat: Chat, clock: FakeClock, tmp_path: Path) -> None:
    add_one_card_deck(chat, clock, tmp_path)
    await chat.send("/subscribe tiny")
    assert "tiny — Tiny (1 card)" in await chat.send("/decks")
    assert "physics — Physics basics (5 cards)" in await chat.send("/decks")

    await chat.send("/settings new 1")
    await chat.send("/quiz")
    await chat.send("1")
    await chat.send("/quiz")  # its learning step is minutes away, so it is asked again (learn-ahead)
    await chat.send("1")
    reply = await chat.send("/quiz")
    assert reply.startswith("All caught up. Next review in ")  # the tiny deck's one card, now learned
    await chat.send("/subscribe physics")
    assert "You have met today's 1 new card; more tomorrow." in await chat.send("/quiz")


async def test_a_first_start_counts_one_deck(db: Database, clock: FakeClock) -> None:
    load_test_decks(db, clock.now, "physics")
    engine = QuizEngine(db, clock=clock, rng=Random(1))
    greeting = await engine.start(Learner("console", "cy", "cy"), subscribe_all=True)
    assert render(greeting) == (
        "Hello, cy! I quiz you with spaced repetition. You are subscribed to 1 deck. "
        "Send /quiz to start, /help for more."
    )


async def test_unsubscribe_says_which_deck_is_meant(chat: Chat) -> None:
    assert await chat.send("/unsubscribe") == "You are not subscribed to any deck. /decks lists them."
    assert await chat.send("/unsubscribe poetry") == "Error: There is no deck called “poetry”. /decks lists them."
    assert await chat.send("/unsubscribe chemistry") == "Error: You are not subscribed to Chemistry basics."
    await chat.send("/subscribe chemistry")
    assert (await chat.send("/unsubscribe chemistry")).startswith("Unsubscribed from Chemistry basics.")


async def test_the_override_is_offered_for_typed_answers_only(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    wrong = next(c.key for c in chat.last.choices if c.label == "300 km/s")
    mcq = await chat.send(wrong)
    assert "✗ Not quite." in mcq
    assert "you were right" not in mcq  # a choice is graded exactly: nothing to dispute

    ben = Chat(chat.engine, "ben")
    await ben.send("/subscribe chemistry")
    await ben.send("/quiz")  # What is the chemical formula of water?
    typed = await ben.send("lemonade")
    assert "✗ Not quite." in typed
    assert "(Marked wrong but you were right? Say “I was right”.)" in typed
    assert re.fullmatch(rf"Counted as right\. Next review in ({INTERVAL})\.", await ben.send("I was right"))


async def test_stats_after_lowering_the_new_card_limit_below_today_says_both(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")
    for _ in range(3):  # the deck's three cards, all new today
        await chat.send("/quiz")
        assert isinstance(chat.last, Prompt)
        await chat.send("1" if chat.last.kind == "mcq" else "zzz")
    assert "new today: 3 of 20" in await chat.send("/stats")

    await chat.send("/settings new 2")

    assert "Reviewed today: 3 · new today: 3 (limit 2)" in await chat.send("/stats")


async def test_help_names_every_setting_that_settings_changes(chat: Chat) -> None:
    settings = next(line for line in (await chat.send("/help")).splitlines() if line.startswith("/settings"))
    usage = await chat.send("/settings")

    for name in SETTING_NAMES:  # what /settings NAME VALUE takes, and its usage line offers
        assert f"{name} " in usage
        assert name in settings.lower(), name
    assert "Telegram: quiz polls" in settings  # the other platforms have no native polls


async def test_help_lists_quit_only_on_the_console(chat: Chat) -> None:
    assert "/quit" not in await chat.send("/help")  # the chat platforms' list
    assert "A typed answer marked wrong, but you were right?" in await chat.send("/help")


async def test_stats_say_what_retention_measures(chat: Chat) -> None:
    assert "retention: no reviews in the last 30 days yet (new cards not counted)" in await chat.send("/stats")
    assert "Streak: 0 days" in await chat.send("/stats")
