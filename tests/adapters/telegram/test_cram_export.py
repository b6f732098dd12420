"""`/cram` (buttons and quiz polls) and `/export` (sendDocument) on Telegram, through the fake Bot API."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from sqlalchemy import select

from studybot.engine.engine import QuizEngine
from studybot.storage.models import CardState
from tests.adapters.telegram.conftest import GROUP
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person

MCQ = "Roughly how fast does light travel in vacuum?"


def card_states(engine: QuizEngine) -> list[tuple[object, ...]]:
    with engine.db.transaction() as session:
        return [tuple(row) for row in session.execute(select(*CardState.__table__.c).order_by("card_id"))]


async def test_cram_with_buttons_then_stop_and_a_stale_button(alice: Person, engine: QuizEngine) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await alice.presses("300 km/s")
    before = card_states(engine)

    await alice.says("/cram physics")

    assert "Cram: Physics basics, 1 card you got wrong last time, in a loop." in alice.bot_said()
    question = alice.question()
    assert MCQ in question.text
    assert "cram · schedule unchanged · /cram stop ends it" in question.text
    await alice.presses("300,000 km/s", on=question)
    answered = next(m for m in alice.room.messages_in(alice.chat_id) if m.id == question.id)
    assert "✓ Correct." in answered.text
    assert "Rated Good · cram: your schedule is unchanged" in answered.text
    again = alice.question()
    assert MCQ in again.text
    assert again.id != question.id
    stale = again.callback("300,000 km/s")

    await alice.says("/cram stop")

    assert alice.bot_said().startswith("Cram of Physics basics is over: 1 answer, 1 right.")
    assert "no longer open" in (await alice.sends_callback(again, stale) or "")
    assert card_states(engine) == before


async def test_cram_with_quiz_polls(alice: Person, engine: QuizEngine) -> None:
    await alice.says("/settings polls on")
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await alice.votes("300 km/s")
    before = card_states(engine)

    await alice.says("/cram physics")
    poll = alice.last_message().poll
    assert poll is not None
    assert poll["question"].endswith(f"\n{MCQ}")  # below the deck and "cram · schedule unchanged"
    await alice.votes("300,000 km/s")

    assert alice.new_messages()[0].text.startswith("✓ Correct.")
    assert "cram: your schedule is unchanged" in alice.new_messages()[0].text
    assert card_states(engine) == before


async def test_export_sends_the_review_log_as_a_document(alice: Person, fake: FakeTelegram) -> None:
    await alice.says("/subscribe physics")
    await alice.says("/quiz")
    await alice.presses("300,000 km/s")

    await alice.says("/export")

    (call,) = fake.calls_to("sendDocument")
    assert call.error is None
    (document,) = fake.documents
    assert (document.chat_id, document.filename) == (alice.chat_id, "studybot-revlog.csv")
    rows = list(csv.DictReader(io.StringIO(document.content.decode())))
    assert [(row["review_rating"], row["review_state"]) for row in rows] == [("3", "0")]
    sent = alice.last_message().raw
    assert sent["document"]["file_name"] == "studybot-revlog.csv"
    assert sent["caption"].startswith("Your review log: 1 review of 1 card")


async def test_export_without_reviews_or_in_a_group_sends_no_file(
    alice: Person, person: Callable[..., Person], fake: FakeTelegram
) -> None:
    await alice.says("/export")
    assert alice.bot_said() == "⚠️ You have no reviews to export yet: answer some cards with /quiz first."

    bob = person(1002, "Bob", GROUP)
    await bob.says("/subscribe physics")
    await bob.says("/quiz")
    await bob.presses("300,000 km/s")
    await bob.says("/export")
    assert bob.bot_said() == "Your review log is yours: send /export to me in a private chat."
    assert fake.calls_to("sendDocument") == []
