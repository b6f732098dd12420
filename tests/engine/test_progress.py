"""The stats picture's figures and the session summary, as a learner in Tokyo meets them (both backends)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from studybot.adapters.console import render
from studybot.adapters.text import summary_line
from studybot.engine.replies import DayReviews, DeckRetention, Feedback, GradeButtons, Learner, Notice, Stats
from studybot.storage.models import ReviewLog
from tests.conftest import Chat, FakeClock
from tests.engine.test_messages import add_one_card_deck

TOKYO = ZoneInfo("Asia/Tokyo")
LATE_EVENING_UTC = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)  # already 05:00 on Tuesday 3 March in Tokyo


async def studies_the_tiny_deck(
    chat: Chat, clock: FakeClock, tmp_path: Path, learner: Learner | None = None
) -> list[Feedback]:
    """One true/false card answered right, wrong, right, right: learned, and due again in days.
    `learner`: someone on a chat platform, studying through the engine's words."""
    chat.learner = learner or chat.learner
    add_one_card_deck(chat, clock, tmp_path)
    clock.now = LATE_EVENING_UTC
    await chat.send("/subscribe tiny")
    await chat.send("/settings timezone Asia/Tokyo")
    await chat.send("/quiz")
    answers = []
    for choice in ("1", "2", "1", "1"):  # 1 is true (right), 2 false
        await chat.send(choice)
        assert isinstance(chat.last, Feedback)
        answers.append(chat.last)
        clock.advance(minutes=1)
        if isinstance(chat.last.next, Notice) and chat.last.next.study_ahead:  # the card just answered, soon
            await chat.send("/quiz")
    return answers


async def answers(chat: Chat) -> str:
    """Answer the open question: choice 1, a typed "1" (right or wrong, it is an answer), or a flashcard Good."""
    reply = await chat.send("1")
    if isinstance(chat.last, GradeButtons):  # the "1" revealed a flashcard's back
        reply = await chat.send("3")
    return reply


async def test_a_learner_without_reviews_has_no_chart(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    stats = await chat.engine.stats(chat.learner)
    assert isinstance(stats, Stats)
    assert stats.chart is None


async def test_the_chart_counts_on_the_learners_own_days(chat: Chat, clock: FakeClock, tmp_path: Path) -> None:
    answers = await studies_the_tiny_deck(chat, clock, tmp_path)
    stats = await chat.engine.stats(chat.learner)
    assert isinstance(stats, Stats)
    assert stats.chart is not None
    chart = stats.chart

    assert [day.day for day in (chart.reviews[0], chart.reviews[-1])] == [
        date(2025, 12, 10),
        date(2026, 3, 3),
    ]  # 12 weeks
    assert chart.reviews[-1] == DayReviews(date(2026, 3, 3), right=3, wrong=1)  # Tokyo's Tuesday, UTC's Monday
    assert sum(day.right + day.wrong for day in chart.reviews) == 4

    due_day = answers[-1].due.astimezone(TOKYO).date()
    assert chart.forecast[0].day == date(2026, 3, 3)
    assert len(chart.forecast) == 14
    assert [day.day for day in chart.forecast if day.cards] == [due_day]
    assert sum(day.cards for day in chart.forecast) == 1

    assert chart.retention == (DeckRetention("Tiny", reviews=3, retention=2 / 3),)  # the first sighting not counted


async def test_a_summary_follows_every_nth_answer(chat: Chat) -> None:
    chat.engine.settings = replace(chat.engine.settings, summary_every=3)
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    summaries = []
    for _ in range(6):
        reply = await answers(chat)
        assert isinstance(chat.last, Feedback), reply
        summaries.append(chat.last.summary)
        if chat.last.summary is not None:
            assert re.search(
                r"^\d+ reviewed · \d+ right · (\d+ more due now|next due \d\d:\d\d) · streak 1 day$", reply, re.M
            ), reply
    assert [s is not None for s in summaries] == [False, False, True, False, False, True]
    assert [s.reviewed for s in summaries if s] == [3, 6]


async def test_a_summary_when_no_card_is_left_names_the_next_due_time(
    chat: Chat, clock: FakeClock, tmp_path: Path
) -> None:
    answers = await studies_the_tiny_deck(chat, clock, tmp_path)

    assert [a.summary is not None for a in answers] == [False, False, False, True]  # fewer than 10 answers
    last = answers[-1]
    assert isinstance(last.next, Notice)
    assert "All caught up" in last.next.text
    next_due = last.due.astimezone(TOKYO).strftime("%a %H:%M")  # within the week: weekday and clock time
    assert last.summary is not None
    assert summary_line(last.summary) == f"4 reviewed · 3 right · next due {next_due} · streak 1 day"
    assert summary_line(last.summary) in render(last)  # between the verdict and "All caught up"


async def test_a_pause_starts_a_new_session(chat: Chat, clock: FakeClock) -> None:
    chat.engine.settings = replace(chat.engine.settings, summary_every=2)
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await chat.send("1")
    clock.advance(hours=1)  # longer than a session's pause
    await chat.send("/quiz")
    reply = await answers(chat)
    assert isinstance(chat.last, Feedback)
    assert chat.last.summary is None, reply  # the second answer, but the first of a new session


async def test_a_streak_longer_than_a_month_is_counted_to_its_first_day(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await answers(chat)  # today
    with chat.engine.db.transaction() as session:
        today = session.execute(select(ReviewLog)).scalar_one()
        for back in [*range(1, 41), 42]:  # the 40 days before today, then a gap, then one more day
            log = {c.key: getattr(today, c.key) for c in ReviewLog.__table__.columns if c.key != "id"}
            session.execute(insert(ReviewLog).values(log | {"reviewed_at": clock.now - timedelta(days=back)}))

    stats = await chat.engine.stats(chat.learner)
    assert isinstance(stats, Stats)
    assert stats.streak_days == 41


async def test_a_skipped_card_is_in_tomorrows_forecast_not_todays(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    first = chat.asked
    assert first is not None
    await answers(chat)  # a first sighting: due again in minutes
    clock.advance(hours=1)
    await chat.send("/skip")  # the new card asked after it; the first one is due now, so it comes next
    assert chat.asked is not None
    assert chat.asked.card_id == first.card_id
    assert "back tomorrow" in await chat.send("/skip")

    stats = await chat.engine.stats(chat.learner)

    assert isinstance(stats, Stats)
    assert stats.chart is not None
    assert stats.due_today == stats.chart.headline.due_today == 0
    assert [day.cards for day in stats.chart.forecast[:2]] == [0, 1]  # it comes back tomorrow
