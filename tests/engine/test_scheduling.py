"""Scheduling rules: the daily new-card limit in local time, undo, interleaving, skip, leeches, stats."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from studybot.engine.replies import Feedback, Notice, Prompt, Stats
from studybot.srs import LEECH_LAPSES
from studybot.storage.models import CardState, ReviewLog
from tests.conftest import Chat, FakeClock


async def answer_anything(chat: Chat) -> None:
    """Answer the open question with a wrong-but-valid answer, whatever its kind."""
    prompt = chat.last.next if isinstance(chat.last, Feedback | Notice) else chat.last
    assert isinstance(prompt, Prompt), chat.last
    text = {"mcq": "1", "truefalse": "1", "flashcard": " "}.get(prompt.kind, "zzz")
    await chat.send(text)
    if prompt.kind == "flashcard":
        await chat.send("3")


async def test_daily_new_limit_resets_at_the_learners_midnight(chat: Chat, clock: FakeClock) -> None:
    clock.now = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)  # 23:30 in Berlin (UTC+1 in March before DST)
    await chat.send("/settings timezone Europe/Berlin")
    await chat.send("/settings new 2")
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await answer_anything(chat)
    await answer_anything(chat)
    reply = await chat.send("/quiz")
    assert isinstance(chat.last, Notice | Prompt)
    if isinstance(chat.last, Prompt):  # a learning-step card came due; the new ones must wait
        assert chat.last.progress.endswith("0 new left today")
    else:
        assert "You have met today's 2 new cards" in reply

    clock.now = datetime(2026, 3, 2, 23, 5, tzinfo=UTC)  # 00:05 in Berlin: a new local day, still 2 March in UTC
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.progress.endswith("2 new left today")


async def test_undo_restores_the_exact_previous_state(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    await chat.send("H2O")  # first review: Good, due again in 10 minutes
    await chat.send("/skip")
    await chat.send("/skip")  # the other two cards set aside
    clock.advance(minutes=11)
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert "water" in chat.last.text
    card_id = chat.last.card_id
    with chat.engine.db.transaction() as session:
        water = (session.execute(select(CardState).where(CardState.card_id == card_id))).scalar_one()
        before = {
            c: getattr(water, c)
            for c in ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
        }
    await chat.send("H2O")
    reply = await chat.send("/undo")
    assert reply.startswith("Undone: your answer to “What is the chemical formula of water?”")
    assert isinstance(chat.last, Notice)
    assert chat.last.next is not None
    assert chat.last.next.card_id == card_id
    with chat.engine.db.transaction() as session:
        water = (session.execute(select(CardState).where(CardState.card_id == card_id))).scalar_one()
        after = {c: getattr(water, c) for c in before}
        logs = (session.scalars(select(ReviewLog))).all()
    assert after == before
    assert len(logs) == 1


async def test_undo_of_a_first_review_makes_the_card_new_again(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    await chat.send("H2O")
    await chat.send("/undo")
    with chat.engine.db.transaction() as session:
        assert (session.scalars(select(CardState))).all() == []
    assert await chat.send("/undo") == "Error: Nothing to undo."


async def test_new_cards_interleave_decks(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    decks = []
    for _ in range(4):
        assert chat.asked is not None
        decks.append(chat.asked.deck)
        await chat.send("/skip")
    assert decks == ["chemistry", "physics", "chemistry", "physics"]


async def test_a_deck_subscribed_later_interleaves_instead_of_coming_first(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    for _ in range(3):
        await answer_anything(chat)
    await chat.send("/subscribe chemistry")  # the clock stands still: no learning step comes due meanwhile
    decks = []
    for _ in range(4):
        prompt = await chat.engine.next(chat.learner)
        assert isinstance(prompt, Prompt)
        decks.append(prompt.deck)
        chat.last = prompt
        await answer_anything(chat)
    assert decks == ["physics", "chemistry", "physics", "chemistry"]  # the open question, then turn about


async def test_due_reviews_come_before_new_cards_most_overdue_first(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    await chat.send("H2O")  # water: right, due again in 10 minutes
    clock.advance(minutes=1)
    prompt = chat.last.next if isinstance(chat.last, Feedback) else None
    assert isinstance(prompt, Prompt)
    assert "noble gas" in prompt.text
    await chat.send(next(c.key for c in prompt.choices if c.label == "Oxygen"))  # wrong: due in 1 minute
    clock.advance(hours=1)
    seen = []
    for _ in range(3):
        await chat.send("/quiz")
        assert isinstance(chat.last, Prompt)
        seen.append(chat.last.text)
        await chat.send("/skip")
    assert seen == [
        "Pure water at 25 °C has a pH of ____.",  # it was already open; /quiz shows the open question first
        "Which of these is a noble gas?",  # due 2 minutes in: the most overdue
        "What is the chemical formula of water?",  # due 10 minutes in
    ]


async def test_skip_hides_a_card_until_the_next_local_day(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    first = chat.last
    assert isinstance(first, Prompt)
    await chat.send("/skip")
    await chat.send("/skip")
    await chat.send("/skip")
    assert (await chat.send("/quiz")).startswith("All caught up.")
    clock.advance(days=1)
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.card_id == first.card_id


async def test_a_card_forgotten_eight_times_is_suspended_as_a_leech(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/settings new 1")
    await chat.send("/quiz")
    await chat.send("H2O")
    lapses = 0
    while lapses < LEECH_LAPSES:
        clock.advance(days=400)
        await chat.send("/quiz")
        assert isinstance(chat.last, Prompt)
        assert "water" in chat.last.text
        await chat.send("H2O")  # back to Review
        clock.advance(days=400)
        await chat.send("/quiz")
        reply = await chat.send("wrong")
        lapses += 1
    assert "suspended" in reply
    assert isinstance(chat.last, Feedback)
    assert chat.last.leech
    clock.advance(days=400)
    await chat.send("/quiz")
    assert not (isinstance(chat.last, Prompt) and "water" in chat.last.text)
    stats = await chat.engine.stats(chat.learner)
    assert stats.decks[0].suspended == 1


async def test_stats_counts_today_streak_and_retention(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe chemistry")
    for _day in range(3):
        await chat.send("/quiz")
        await answer_anything(chat)
        clock.advance(days=1)
    clock.advance(days=-1, hours=1)
    stats = await chat.engine.stats(chat.learner)
    assert isinstance(stats, Stats)
    assert stats.streak_days == 3
    text = await chat.send("/stats")
    # the same card, answered wrong each day: seen once, due again, later reviews all Again
    assert text == (
        "Due now: 1 · due today: 1\n"
        "Reviewed today: 1 · new today: 0 of 20\n"
        "Streak: 3 days · retention: 0% of reviews recalled (last 30 days, new cards not counted)\n"
        "  Chemistry basics: 1/3 seen, 1 due\n"
        "Memory model: the defaults (this bot does not fit one to your reviews)"  # STUDYBOT_OPTIMIZE=off
    )
    clock.advance(days=2)
    assert (await chat.engine.stats(chat.learner)).streak_days == 0
