"""Choosing decks by tap on Discord: select menus on /start, /decks, and "which deck?" questions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studybot.engine.engine import QuizEngine
from studybot.storage.db import Database
from tests.adapters.telegram.test_big_catalogue import bundle_decks
from tests.conftest import FakeClock
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person


async def test_start_offers_the_decks_in_a_menu_and_a_pick_subscribes(ana: Person) -> None:
    hello = await ana.slash("start")
    assert hello.text.startswith("Hello, Ana! I quiz you with spaced repetition. Tap a deck to subscribe")
    assert hello.options == ["📚 Subscribe to all", "Chemistry basics", "Physics basics"]

    picked = await ana.choose(hello, "Physics basics")

    assert picked.text.startswith("Subscribed to Physics basics. Send /quiz to start.")
    assert "✅ `physics` — **Physics basics**" in picked.text  # the list is redrawn in place
    assert picked.options == ["📚 Subscribe to all", "Chemistry basics", "✓ Physics basics"]
    question = await ana.slash("quiz")
    assert "Roughly how fast does light travel in vacuum?" in question.text


async def test_the_deck_list_subscribes_to_all_and_a_tick_unsubscribes(ana: Person) -> None:
    decks = await ana.slash("decks")
    everything = await ana.choose(decks, "Subscribe to all")
    assert everything.text.startswith("Subscribed to 2 more decks.")
    assert everything.options == ["✓ Chemistry basics", "✓ Physics basics"]

    left = await ana.choose(everything, "✓ Chemistry basics")

    assert left.text.startswith("Unsubscribed from Chemistry basics. Your progress is kept if you come back.")
    assert left.options == ["📚 Subscribe to all", "Chemistry basics", "✓ Physics basics"]


async def test_a_pick_is_acknowledged_in_time_while_the_list_is_still_being_read(
    ana: Person, engine: QuizEngine, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = await ana.slash("decks")
    read = engine.decks

    async def slow(*args: Any, **kwargs: Any) -> Any:
        """The redrawn list comes only once the pick has been acknowledged (as a slow read would)."""
        await list(fake.exchanges.values())[-1].acknowledged.wait()
        return await read(*args, **kwargs)

    monkeypatch.setattr(engine, "decks", slow)

    picked = await ana.choose(decks, "Physics basics")

    assert picked.exchange.callback_type == 6  # deferred, then the list edited in place
    assert picked.text.startswith("Subscribed to Physics basics. Send /quiz to start.")
    assert picked.options == ["📚 Subscribe to all", "Chemistry basics", "✓ Physics basics"]


async def test_cram_without_a_deck_offers_a_menu_of_the_learners_decks(ana: Person) -> None:
    await ana.slash("subscribe", deck="physics")
    question = await ana.slash("quiz")
    await ana.click(question, "300 km/s")  # wrong: a card to cram

    which = await ana.slash("cram")
    assert which.text.startswith("Which deck do you want to cram?")
    assert which.options == ["Physics basics"]
    crammed = await ana.choose(which, "Physics basics")

    assert "Cram: Physics basics, 1 card you got wrong last time" in crammed.text
    assert "Roughly how fast does light travel in vacuum?" in crammed.text
    assert which.menus == []  # answered: the menu is gone


async def test_quiz_without_decks_offers_every_deck_and_quiz_takes_a_deck(ana: Person) -> None:
    offer = await ana.slash("quiz")
    assert offer.text.startswith("You have no decks yet. Pick one to start studying it.")
    studied = await ana.choose(offer, "Chemistry basics")
    assert "Subscribed to Chemistry basics. Studying Chemistry basics only, for now." in studied.text

    await ana.slash("subscribe", deck="physics")
    assert await ana.autocomplete("quiz", "deck", "phy") == ["Physics basics (physics)"]
    physics = await ana.slash("quiz", deck="physics")
    assert "Studying Physics basics only, for now." in physics.text


async def test_someone_elses_menu_and_forged_picks_change_nothing(ana: Person, fake: FakeDiscord) -> None:
    which = await ana.slash("start")
    ben = Person(fake, "ben")

    refused = await ben.choose(which, "Physics basics")
    assert refused.text == "This is someone else's question. Send /quiz for your own."
    assert refused.ephemeral
    (menu,) = which.menus
    forged = await ana.pick(which.message, menu.custom_id, "k:no-such-deck")
    assert forged.text == "There is no deck called “no-such-deck”. /decks lists them."
    unknown = await ana.pick(which.message, menu.custom_id, "z:physics")
    assert unknown.text == "That button is not in use any more. Send /quiz for the current question."
    assert (await ana.slash("decks")).options == ["📚 Subscribe to all", "Chemistry basics", "Physics basics"]


async def test_a_big_catalogue_is_listed_in_pages_and_every_deck_can_be_picked(
    ana: Person, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    bundle_decks(db, clock, tmp_path, 150)  # more than one message's text, or five menus, could hold

    page = await ana.slash("decks")
    shown, offered, pages = page.text, list(page.options), [page]
    while any("Next" in b.label for b in page.buttons):
        page = await ana.click(page, "Next")
        shown, offered = shown + page.text, offered + page.options
        pages.append(page)

    every = ["Chemistry basics", "Physics basics"] + [f"Topic {n:03}" for n in range(1, 151)]
    assert [title for title in every if f"**{title}**" not in shown] == []  # each named in some page's list
    assert [title for title in every if title not in offered] == []  # and offered in that page's menu
    assert "Decks · page 7 of 7" in page.text
    back = await ana.click(page, "Previous")
    assert "Decks · page 6 of 7" in back.text
    picked = await ana.choose(back, "Topic 120")
    assert picked.text.startswith("Subscribed to Topic 120.")
    assert "✅ `topic-120` — **Topic 120**" in picked.text  # redrawn in place, on the page it was picked on
    assert "Decks · page 6 of 7" in picked.text


async def test_someone_elses_deck_pages_do_not_turn(
    ana: Person, fake: FakeDiscord, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    bundle_decks(db, clock, tmp_path, 40)
    decks = await ana.slash("decks")

    turned = await Person(fake, "ben").click(decks, "Next")

    assert turned.text == "This is someone else's question. Send /quiz for your own."
    assert turned.ephemeral


async def test_which_deck_among_a_big_catalogue_offers_every_deck_in_pages(
    ana: Person, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    bundle_decks(db, clock, tmp_path, 150)  # more than five menus of 25 hold

    offer = await ana.slash("quiz")
    assert offer.text.startswith("You have no decks yet. Pick one to start studying it.")
    offered = list(offer.options)
    second = await ana.click(offer, "Next")
    offered += second.options

    every = ["Chemistry basics", "Physics basics"] + [f"Topic {n:03}" for n in range(1, 151)]
    assert [title for title in every if title not in offered] == []
    assert second.text.startswith("You have no decks yet.")  # the question stays above its menus
    assert [b.label for b in second.buttons] == ["◀ Previous"]
    studied = await ana.choose(second, "Topic 150")
    assert "Subscribed to Topic 150." in studied.text
    assert second.menus == []  # answered: the menus are gone
