"""A quiz message changed in place keeps what it said and the buttons that are not the question's: the text
above the question (what /skip set aside, a daily push's greeting) and a push's "Later" and "Not today"."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner, Notice, Prompt
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.test_conversations import _question
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, as_text, buttons_of

GREETING = "Time for today's review: 5 cards are due."
PUT_OFF = ["⏰ Later (1 h)", "🌙 Not today"]


async def pushed(engine: QuizEngine, fake: FakeDiscord, bot: RunningBot, person: Person, skips: int) -> str:
    """A daily push by DM asking the card `skips` places down the physics deck; the id of its message."""
    learner = Learner("discord", str(person.id), "cleo")
    await engine.subscribe(learner, "physics")
    question = await engine.next(learner)
    for _ in range(skips):
        question = (await engine.skip(learner)).next
    assert isinstance(question, Prompt)
    await bot.service.delivery.deliver(str(person.id), Notice(GREETING, next=question, put_off="t0k3n"))
    return str(fake.dms[-1]["id"])


async def test_show_answer_keeps_the_text_above_the_card(ana: Person) -> None:
    card = await _question(ana, skips=4)
    assert "back tomorrow" in as_text(card.message)

    revealed = await ana.click(card, "Show answer")

    assert "back tomorrow" in as_text(revealed.message)
    assert "It never decreases over time." in as_text(revealed.message)


async def test_show_answer_on_a_daily_push_keeps_its_greeting_and_put_off_buttons(
    engine: QuizEngine, fake: FakeDiscord, bot: RunningBot
) -> None:
    cleo = Person(fake, "cleo", in_dms=True)
    message_id = await pushed(engine, fake, bot, cleo, skips=4)
    dm = fake.messages[message_id]

    await cleo.press(dm, next(b.custom_id for b in buttons_of(dm) if b.label == "Show answer"))

    assert GREETING in as_text(fake.messages[message_id])
    labels = [b.label for b in buttons_of(fake.messages[message_id])]
    assert labels == ["Again · 1m", "Hard · 6m", "Good · 10m", "Easy · 7d", *PUT_OFF]
    rows = fake.messages[message_id]["components"]
    assert [c["label"] for c in rows[-1]["components"]] == PUT_OFF  # a row of their own


async def test_a_hint_on_a_daily_push_keeps_its_put_off_buttons(
    engine: QuizEngine, fake: FakeDiscord, bot: RunningBot
) -> None:
    cleo = Person(fake, "cleo", in_dms=True)
    message_id = await pushed(engine, fake, bot, cleo, skips=0)
    dm = fake.messages[message_id]

    await cleo.press(dm, next(b.custom_id for b in buttons_of(dm) if "Hint" in b.label))

    assert GREETING in as_text(fake.messages[message_id])
    assert "💡 Hint: it is not “" in as_text(fake.messages[message_id])
    assert [b.label for b in buttons_of(fake.messages[message_id])][-2:] == PUT_OFF
