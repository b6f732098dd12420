"""Commands on Telegram: the command menu, the /start deep link, settings and the admin figures."""

from __future__ import annotations

from random import Random

from studybot.engine.commands import ADMIN_COMMANDS, COMMANDS
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import DeckList
from studybot.engine.turn import EngineSettings
from studybot.storage.db import Database
from tests.adapters.telegram.conftest import learner, running
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person


async def test_every_command_is_in_the_menu_but_the_admin_one(alice: Person, fake: FakeTelegram) -> None:
    assert [(c["command"], c["description"]) for c in fake.commands] == [(c.name, c.description) for c in COMMANDS]


async def test_admins_see_the_admin_command_in_their_own_menu(engine: QuizEngine, fake: FakeTelegram) -> None:
    fake.strangers.add(8)  # an admin who has not opened a chat with the bot yet: no menu, and no failure
    fake.blocked.add(6)  # nor for one who blocked the bot
    async with running(engine, fake, admins="telegram:6,telegram:7,telegram:8,discord:9") as room:
        assert [c["command"] for c in fake.chat_commands[7]] == [c.name for c in (*COMMANDS, *ADMIN_COMMANDS)]
        assert set(fake.chat_commands) == {7}
        learner = Person(room, 1001, "Alice")
        await learner.says("/decks")
        assert "Decks" in learner.bot_said()  # the bot runs on


async def test_a_deep_link_subscribes_to_its_deck(alice: Person) -> None:
    await alice.says("/start physics")

    greeting, subscribed = alice.new_messages()
    assert greeting.text.startswith("Hello, Alice!")
    assert "✓ Physics basics" in greeting.buttons  # the greeting already shows the subscription
    assert subscribed.text == "Subscribed to Physics basics. Send /quiz to start."
    await alice.says("/quiz")
    assert "Roughly how fast" in alice.bot_said()


async def test_a_deep_link_to_an_unknown_deck_says_so(alice: Person) -> None:
    await alice.says("/start nosuchdeck")
    assert "⚠️ There is no deck called “nosuchdeck”. /decks lists them." in alice.bot_said()


async def test_a_tick_in_the_deck_list_unsubscribes_and_subscribe_to_all_does_every_deck(
    alice: Person, engine: QuizEngine
) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/decks")
    decks = alice.last_message()
    assert "✓ Physics basics — physics, 5 cards" in decks.text
    assert decks.buttons == ["Chemistry basics", "✓ Physics basics", "📚 Subscribe to all"]

    said = await alice.presses("✓ Physics basics", on=decks)

    assert said == "Unsubscribed from Physics basics. Your progress is kept if you come back."
    assert alice.last_message().buttons == ["Chemistry basics", "Physics basics", "📚 Subscribe to all"]
    await alice.presses("📚 Subscribe to all", on=alice.last_message())
    assert alice.last_message().buttons == ["✓ Chemistry basics", "✓ Physics basics"]
    mine = await engine.decks(learner(alice))
    assert isinstance(mine, DeckList)
    assert all(deck.subscribed for deck in mine.decks)


async def test_unknown_commands_and_plain_text_with_nothing_open(alice: Person) -> None:
    await alice.says("/frobnicate")
    assert alice.bot_said() == "⚠️ I don't know /frobnicate. Send /help for the commands."
    await alice.says("hello?")  # from someone without decks: the greeting, with the decks to tap
    assert alice.bot_said().startswith("Hello, Alice! I quiz you with spaced repetition.")
    assert alice.last_message().buttons == ["Chemistry basics", "Physics basics", "📚 Subscribe to all"]
    await alice.says("/subscribe physics")
    await alice.says("hello?")
    assert alice.bot_said() == "No question is open. Send /quiz to get one."


async def test_admin_stats_for_admins_only(fake: FakeTelegram, db: Database, clock: FakeClock) -> None:
    from tests.conftest import load_test_decks

    load_test_decks(db, clock.now)
    engine = QuizEngine(db, clock=clock, rng=Random(3), settings=EngineSettings(admins=frozenset({"telegram:7"})))
    async with running(engine, fake) as room:
        operator, learner = Person(room, 7, "Olga"), Person(room, 1001, "Alice")
        await learner.says("/subscribe physics")
        await learner.says("/quiz")
        await learner.presses("300 km/s")

        await operator.says("/admin stats")
        assert operator.bot_said() == (
            "Learners: 1 · active today: 1 · blocked: 0\nReviews today: 1 · pushes today: 0 (UTC day)\n"
            "On their own fitted memory model: 0 of 1 learner"
        )
        await learner.says("/admin stats")
        assert learner.bot_said() == "⚠️ I don't know /admin. Send /help for the commands."
