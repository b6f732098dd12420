"""`/settings retention`: what each desired retention would cost, on the learner's own cards."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import update

from studybot.engine.replies import RetentionPreview, SettingsView
from studybot.storage.models import Subscription
from tests.conftest import Chat, FakeClock
from tests.srs.memory import load_word_deck


async def study(chat: Chat, clock: FakeClock, days: int) -> None:
    """A few days of answering every card offered: Good, and Again now and then."""
    for day in range(days):
        for n in range(30):
            if "word" not in await chat.send("/quiz"):
                break
            await chat.send("")
            await chat.send("1" if (day + n) % 5 == 0 else "3")
        clock.advance(days=1)


async def test_the_preview_shows_each_choice_and_marks_the_cheapest(
    chat: Chat, clock: FakeClock, tmp_path: Path
) -> None:
    load_word_deck(chat.engine.db, tmp_path, clock.now, cards=40)
    await chat.send("/subscribe words")
    await study(chat, clock, days=4)

    reply = await chat.send("/settings retention")

    preview = chat.last
    assert isinstance(preview, RetentionPreview)
    assert [c.retention for c in preview.choices] == [0.80, 0.85, 0.90, 0.95]
    assert [c.current for c in preview.choices] == [False, False, True, False]
    assert sum(c.cheapest for c in preview.choices) == 1
    work = [c.answers_per_day / c.remembered for c in preview.choices]
    assert all(0 < c.remembered <= 1 for c in preview.choices)
    assert preview.choices[3].answers_per_day > preview.choices[0].answers_per_day  # more recall costs more
    assert preview.choices[3].remembered > preview.choices[0].remembered
    cheapest = next(c for c in preview.choices if c.cheapest)
    assert cheapest.answers_per_day / cheapest.remembered == min(work)
    assert reply.splitlines()[0].startswith("Desired retention: what each choice costs over the next 30 days")
    assert "0.90: about" in reply
    assert "Choose with /settings retention 0.85" in reply
    assert await chat.send("/settings retention") == reply  # the same figures each time it is asked


async def test_a_typed_value_still_works_and_out_of_range_is_refused_with_the_range(chat: Chat) -> None:
    assert (await chat.send("/settings retention 0.87")).splitlines()[0] == "Saved: retention = 0.87."
    assert isinstance(chat.last, SettingsView)
    assert chat.last.desired_retention == 0.87
    for value in ("0.69", "0.98"):
        refused = await chat.send(f"/settings retention {value}")
        assert refused == "Error: Desired retention is a number from 0.70 to 0.97, e.g. 0.90."


async def test_the_preview_answers_while_the_new_card_cursor_lags_far_behind(
    chat: Chat, clock: FakeClock, tmp_path: Path
) -> None:
    load_word_deck(chat.engine.db, tmp_path, clock.now, cards=60)
    await chat.send("/subscribe words")
    await chat.send("/settings new 50")
    for _ in range(40):  # 40 new cards seen
        await chat.send("/quiz")
        await chat.send("")
        await chat.send("3")
    with chat.engine.db.transaction() as session:  # as a deck update does: every search starts again at 0
        session.execute(update(Subscription).values(new_cursor=0))

    await chat.send("/settings retention")  # a read-only call: it must find the unseen cards without writing

    assert isinstance(chat.last, RetentionPreview)
    await chat.send("/quiz")
    assert "word 40?" in str(chat.asked)  # and the next pick still finds the first unseen card


async def test_cards_of_a_deck_left_cost_nothing_until_it_is_taken_up_again(
    chat: Chat, clock: FakeClock, tmp_path: Path
) -> None:
    load_word_deck(chat.engine.db, tmp_path, clock.now, cards=40)
    await chat.send("/subscribe words")
    await study(chat, clock, days=4)
    studying = await chat.send("/settings retention")

    await chat.send("/unsubscribe words")  # progress kept, nothing of it asked
    await chat.send("/settings retention")
    assert isinstance(chat.last, RetentionPreview)
    assert [c.answers_per_day for c in chat.last.choices] == [0.0] * 4

    await chat.send("/subscribe words")
    assert await chat.send("/settings retention") == studying


async def test_cards_already_scheduled_past_the_window_cost_nothing_whatever_the_choice(
    chat: Chat, clock: FakeClock, tmp_path: Path
) -> None:
    load_word_deck(chat.engine.db, tmp_path, clock.now, cards=20)
    await chat.send("/subscribe words")
    await chat.send("/settings new 20")
    for day, grade in ((0, "4"), (11, "3")):  # every card Easy, then Good: next due in about six weeks
        clock.advance(days=day)
        while "word" in await chat.send("/quiz"):
            await chat.send("")
            await chat.send(grade)
    next_review = re.search(r"Next review in 1mo, at (\S+) ", await chat.send("/quiz"))
    assert next_review is not None
    assert date.fromisoformat(next_review[1]) > (clock.now + timedelta(days=30)).date()  # past the window

    await chat.send("/settings retention")

    assert isinstance(chat.last, RetentionPreview)
    assert [c.answers_per_day for c in chat.last.choices] == [0.0] * 4
