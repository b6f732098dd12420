"""Group play through the engine: a challenge round, the question of the day, the leaderboard."""

from __future__ import annotations

from random import Random

from sqlalchemy import select

from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import ChallengeQuestion, GroupUpdate, Leaderboard, Place
from studybot.engine.replies import Learner
from studybot.storage.db import Database
from studybot.storage.models import Deck
from tests.conftest import Chat, FakeClock

GROUP = Place("telegram", "-100")
ALICE, BOB, CAROL = (Learner("telegram", str(i), name) for i, name in ((1, "Alice"), (2, "Bob"), (3, "Carol")))


def right_key(question: ChallengeQuestion) -> str:
    answers = {
        "Roughly how fast does light travel in vacuum?": "300,000 km/s",
        "Sound travels through a vacuum.": "False",
    }
    answers["Which of these is a noble gas?"] = "Neon"
    return next(c.key for c in question.choices if c.label == answers.get(question.text, ""))


async def test_a_round_with_three_members(engine: QuizEngine, clock: FakeClock) -> None:
    groups = GroupEngine(engine, challenge_seconds=20)
    started = await groups.challenge(GROUP, ALICE, "3")
    first = started.ask
    assert first is not None
    assert first.position == 1
    assert first.total == 3
    await groups.remember_message(first.nonce, "-100:7")

    clock.advance(seconds=2)
    said = await groups.answer(GROUP, ALICE, first.nonce, right_key(first))
    assert said.say is not None
    assert said.say.text == "✓ Right: +9 points"
    assert said.closed == ()  # the first question waits for everyone to have a chance
    again = await groups.answer(GROUP, ALICE, first.nonce, right_key(first))
    assert again.say is not None
    assert again.say.text == "You already answered this question."
    clock.advance(seconds=8)
    wrong = next(c.key for c in first.choices if c.key != right_key(first))
    assert (await groups.answer(GROUP, BOB, first.nonce, wrong)).say.text == "✗ Not quite: 0 points"  # type: ignore[union-attr]

    clock.advance(seconds=11)
    late = await groups.answer(GROUP, CAROL, first.nonce, right_key(first))
    assert late.say is not None
    assert late.say.text == "This question is closed."
    (shown,) = late.closed
    assert shown.ref == "-100:7"
    assert [w.name for w in shown.right] == ["Alice"]
    assert shown.wrong == 1
    second = late.ask
    assert second is not None
    assert second.position == 2
    assert await groups.close_due("telegram") == []  # closed once, by the late press

    clock.advance(seconds=1)
    await groups.answer(GROUP, BOB, second.nonce, right_key(second))
    done = await groups.answer(GROUP, ALICE, second.nonce, right_key(second))
    assert len(done.closed) == 1
    assert done.ask is not None

    stopped = await groups.challenge(GROUP, BOB, "stop")
    assert stopped.say is not None
    assert "Only the member who started" in stopped.say.text
    stopped = await groups.challenge(GROUP, ALICE, "stop")
    board = stopped.scoreboard
    assert board is not None
    assert board.stopped_by == "Alice"
    assert board.questions == 3
    assert [(r.rank, r.name) for r in board.rows] == [(1, "Alice"), (2, "Bob")]
    after = await groups.answer(GROUP, CAROL, done.ask.nonce, right_key(done.ask))
    assert after.say is not None
    assert after.say.text == "This question is closed."

    await engine.db.run(lambda s: None)
    stats = await engine.stats(ALICE)
    assert getattr(stats, "reviewed_today", None) == 0  # challenge answers never touch a schedule


async def test_two_processes_race_for_the_question_of_the_day(
    db_url: str, engine: QuizEngine, clock: FakeClock
) -> None:
    groups = GroupEngine(engine)
    admin = Place("telegram", "-100", by_admin=True)
    assert "Only the chat's admins" in (await groups.daily(GROUP, ALICE, "08:30")).say.text  # type: ignore[union-attr]
    reply = await groups.daily(admin, ALICE, "08:30 Europe/Berlin physics")
    assert reply.say is not None
    assert "every day at 08:30 (Europe/Berlin time)" in reply.say.text
    other_db = Database(db_url)
    try:
        other = GroupEngine(QuizEngine(other_db, clock=clock, rng=Random(3)))
        clock.advance(days=1)
        import asyncio

        mine, theirs = await asyncio.gather(groups.claim_daily("telegram"), other.claim_daily("telegram"))
        assert len(mine) + len(theirs) == 1
        assert await groups.claim_daily("telegram") == []
    finally:
        await other_db.close()


async def test_leaderboard_after_two_rounds_on_two_days(engine: QuizEngine, clock: FakeClock) -> None:
    groups = GroupEngine(engine)
    for _day in range(2):
        update: GroupUpdate = await groups.challenge(GROUP, ALICE, "physics 1")
        question = update.ask
        assert question is not None
        clock.advance(seconds=1)
        await groups.answer(GROUP, ALICE, question.nonce, right_key(question))
        await groups.answer(GROUP, BOB, question.nonce, right_key(question))
        clock.advance(seconds=30)
        await groups.close_due("telegram")
        clock.advance(days=1)
    board = await groups.leaderboard(GROUP, CAROL, "")
    assert isinstance(board, Leaderboard)
    assert [(r.rank, r.name, r.points, r.streak_days) for r in board.rows] == [(1, "Alice", 20, 2), (1, "Bob", 20, 2)]
    await groups.leaderboard(GROUP, BOB, "hide")
    board = await groups.leaderboard(GROUP, CAROL, "all")
    assert isinstance(board, Leaderboard)
    assert [r.name for r in board.rows] == ["Alice"]


async def test_a_question_left_open_by_a_stopped_process_is_closed_by_the_next(
    db_url: str, engine: QuizEngine, clock: FakeClock
) -> None:
    started = await GroupEngine(engine).challenge(GROUP, ALICE, "physics 2")
    assert started.ask is not None
    await engine.db.close()  # the process stops with the question open

    restarted_db = Database(db_url)
    try:
        restarted = GroupEngine(QuizEngine(restarted_db, clock=clock, rng=Random(5)))
        assert await restarted.close_due("telegram") == []  # its time is not up yet
        clock.advance(seconds=21)
        (closed,) = await restarted.close_due("telegram")
        assert closed.closed[0].nonce == started.ask.nonce
        assert closed.ask is not None
        assert closed.ask.position == 2
        assert await restarted.close_due("telegram") == []
    finally:
        await restarted_db.close()


async def test_a_learners_own_deck_is_never_played_in_a_group(engine: QuizEngine) -> None:
    ana = Chat(engine, "ana")
    assert (await ana.send("/add What is RAII? | scope-bound lifetime")).startswith("Added 1 card")
    (own,) = [deck for deck in await _deck_ids(engine) if "." in deck]  # u<owner>.my-cards
    groups = GroupEngine(engine, challenge_seconds=20)

    for name in (own, "my-cards"):
        refused = await groups.challenge(GROUP, ALICE, f"{name} 3")
        assert refused.ask is None
        assert refused.say is not None
        assert refused.say.text == f"There is no deck called “{name}”. /decks lists them."  # and no hint of it

    every = await groups.challenge(GROUP, ALICE, "20")
    asked = every.ask
    assert asked is not None
    assert asked.text != "What is RAII?"
    assert asked.total <= 3  # the bundled test decks' three objective cards, nothing of ana's


async def _deck_ids(engine: QuizEngine) -> list[str]:
    db: Database = engine.db
    with db.transaction() as session:
        return list(session.scalars(select(Deck.id)))


async def test_moving_the_question_of_the_day_later_after_todays_does_not_ask_a_second_one_today(
    engine: QuizEngine, clock: FakeClock
) -> None:
    groups = GroupEngine(engine)
    admin = Place("telegram", "-100", by_admin=True)
    await groups.daily(admin, ALICE, "08:30 UTC physics")  # the clock starts at 08:00 UTC
    clock.advance(minutes=30)
    assert len(await groups.claim_daily("telegram")) == 1  # today's question
    clock.advance(hours=1)
    reply = await groups.daily(admin, ALICE, "18:00 UTC physics")
    assert reply.say is not None
    assert "next tomorrow 18:00" in reply.say.text
    clock.advance(hours=9)
    await groups.close_due("telegram")  # today's question closed after its hour
    assert await groups.claim_daily("telegram") == []  # 18:00 today: there was one today already
    clock.advance(days=1)
    assert len(await groups.claim_daily("telegram")) == 1

    reply = await groups.daily(admin, ALICE, "07:00 UTC physics")  # earlier: tomorrow, as it always was
    assert reply.say is not None
    assert "next tomorrow 07:00" in reply.say.text


async def test_the_question_of_the_days_zone_is_read_as_settings_timezone_reads_it(engine: QuizEngine) -> None:
    groups = GroupEngine(engine)
    admin = Place("telegram", "-100", by_admin=True)

    async def daily(args: str) -> str:
        reply = await groups.daily(admin, ALICE, args)
        assert reply.say is not None
        return reply.say.text

    assert "every day at 08:30 (Europe/Berlin time), from physics;" in await daily("08:30 Berlin physics")
    assert "every day at 09:00 (America/New_York time), from every deck;" in await daily("09:00 new york")
    assert "every day at 07:00 (UTC+01:00 time), from physics;" in await daily("07:00 UTC+1 physics")
    assert "every day at 07:00 (UTC time), from physics;" in await daily("07:00 physics")
    assert (await daily("08:00 Portland")).startswith("Which Portland do you mean? Name its zone instead:")
    assert "Did you mean Europe/Berlin?" in await daily("08:00 Europe/Berln physics")
    assert "no deck called" in (await daily("08:00 Berlin chemistry-xyz")).lower()


async def test_a_question_the_platform_refused_to_post_is_not_counted_as_asked(
    engine: QuizEngine, clock: FakeClock
) -> None:
    groups = GroupEngine(engine, challenge_seconds=20)
    first = (await groups.challenge(GROUP, ALICE, "2")).ask
    assert first is not None
    await groups.remember_message(first.nonce, "-100:7")
    clock.advance(seconds=21)
    (moved_on,) = await groups.close_due("telegram")
    second = moved_on.ask
    assert second is not None
    await groups.lost(second.nonce)  # refused by the platform: nobody saw it

    clock.advance(seconds=21)
    (ended,) = await groups.close_due("telegram")  # it closes on its timer, as if unanswered
    assert ended.closed[0].ref is None  # no message to edit
    assert ended.scoreboard is not None
    assert ended.scoreboard.questions == 1
