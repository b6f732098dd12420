"""Claiming ahead of the send slots: pushes queued in batches, begun by exactly one process, put back when
the process stops, and taken over from a process that stopped without putting them back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from studybot.engine.replies import Learner
from studybot.push.claims import Claim, claim_due, start
from studybot.push.planner import Planner
from studybot.push.takeover import take_over
from studybot.storage.db import Database
from studybot.storage.dberrors import StorageUnavailable
from studybot.storage.models import PushLog, PushSchedule, User
from tests.conftest import FakeClock
from tests.push.conftest import Say, join, push_log, queued_pushes
from tests.push.recording import RecordingDelivery

GRACE = timedelta(hours=2)
PLATFORMS = frozenset({"telegram"})


def queue(db: Database, clock: FakeClock, owner: str, limit: int = 10) -> list[Claim]:
    with db.transaction() as session:
        return claim_due(session, clock.now, platforms=PLATFORMS, limit=limit, grace=GRACE, owner=owner)


async def test_the_whole_minute_is_claimed_at_once_whatever_the_send_slots(
    nine_o_clock: list[str], planner: Planner, delivery: RecordingDelivery
) -> None:
    seen: list[tuple[list[str], list[str]]] = []

    async def look(_external_id: str) -> None:  # both read at one instant: a push may begin between two reads
        with planner.engine.db.transaction(read_only=True) as session:
            begun = list(session.scalars(select(PushLog.status)))
            queued = select(User.external_id).join(PushSchedule, PushSchedule.user_id == User.id)
            seen.append((begun, list(session.scalars(queued.where(PushSchedule.queued_day.is_not(None))))))

    delivery.before_send = look
    assert await planner.tick() == {"sent": 10}
    begun, waiting = seen[0]
    assert len(begun) + len(waiting) == 10  # all ten claimed in one batch, though only four sends run at once
    assert begun.count("claimed") == len(begun) <= planner.concurrency  # the only ones a crash leaves in doubt
    assert len(waiting) >= 10 - planner.concurrency
    assert queued_pushes(planner.engine.db) == []


async def test_a_stopping_tick_puts_its_queue_back(
    nine_o_clock: list[str], planner: Planner, delivery: RecordingDelivery
) -> None:
    names = nine_o_clock
    stop = asyncio.Event()

    async def stop_at_the_first_send(_external_id: str) -> None:
        stop.set()
        await asyncio.sleep(0)

    delivery.before_send = stop_at_the_first_send
    report = await planner.tick(stop)
    assert report == {"sent": planner.concurrency}  # the sends begun finish; the six waiting are put back
    assert len(push_log(planner.engine.db)) == planner.concurrency
    delivery.before_send = None
    assert await planner.tick() == {"sent": 10 - planner.concurrency}  # due again: the next tick sends them
    assert sorted(delivery.sent_to()) == sorted(names)


async def test_a_queue_left_by_a_stopped_process_is_taken_over_after_the_lease(
    nine_o_clock: list[str], clock: FakeClock, planner: Planner, delivery: RecordingDelivery
) -> None:
    names = nine_o_clock
    db = planner.engine.db
    left = queue(db, clock, "a-process-that-died")
    assert len(left) == 10
    assert await planner.tick() == {}  # not yet: it may still be sending them
    clock.advance(minutes=11)  # past the ten-minute lease
    assert await planner.tick() == {"sent": 10}
    assert sorted(delivery.sent_to()) == sorted(names)
    with db.transaction() as session:  # the dead process's claims can no longer begin
        assert not any(start(session, claim, clock.now) for claim in left)
    assert await planner.tick() == {}


async def test_a_process_does_not_take_over_its_own_queue(
    nine_o_clock: list[str], clock: FakeClock, planner: Planner
) -> None:
    db = planner.engine.db
    mine = queue(db, clock, "me")
    with db.transaction() as session:
        taken = take_over(
            session, clock.now + timedelta(hours=1), platforms=PLATFORMS, limit=10, lease=timedelta(0), grace=GRACE,
            owner="me",
        )  # fmt: skip
    assert taken == []
    with db.transaction() as session:
        assert all(start(session, claim, clock.now) for claim in mine)


async def test_a_push_queued_late_is_not_given_up_by_its_own_tick_claiming_ahead(
    nine_o_clock: list[str], clock: FakeClock, planner: Planner
) -> None:
    """Learners whose push was due a day ago (back after a block or a pause) are pushed today. While a tick
    sends its first batch it claims the next one: that claim must not give up, as past the grace window, the
    pushes this same tick queued and has yet to begin."""
    db = planner.engine.db
    clock.advance(days=1)  # everyone's push was due yesterday at 09:00
    mine = queue(db, clock, "me")
    assert len(mine) == 10
    with db.transaction() as session:
        taken = take_over(
            session, clock.now, platforms=PLATFORMS, limit=10, lease=timedelta(minutes=10), grace=GRACE, owner="me"
        )
    assert taken == []
    with db.transaction() as session:
        assert all(start(session, claim, clock.now) for claim in mine)
    assert {status for _name, _day, status in push_log(db)} == {"claimed"}


async def test_a_push_queued_late_by_a_process_that_stopped_is_taken_over_and_sent(
    nine_o_clock: list[str], clock: FakeClock, planner: Planner, delivery: RecordingDelivery
) -> None:
    """Everyone's push was due yesterday (the bot was down a day): a process queues today's 09:00 pushes and
    stops before sending them. The one that takes them over sends them: they are late by eleven minutes, not
    by a day."""
    clock.advance(days=1)
    assert len(queue(planner.engine.db, clock, "a-process-that-died")) == 10
    clock.advance(minutes=11)

    assert await planner.tick() == {"sent": 10}

    assert sorted(delivery.sent_to()) == sorted(nine_o_clock)
    assert {day for _name, day, _status in push_log(planner.engine.db)} == {"2026-03-03"}


async def test_a_queue_older_than_the_grace_window_is_given_up(
    nine_o_clock: list[str], clock: FakeClock, planner: Planner, delivery: RecordingDelivery
) -> None:
    queue(planner.engine.db, clock, "a-process-that-died")
    clock.advance(hours=3)
    assert await planner.tick() == {}
    assert {status for _name, _day, status in push_log(planner.engine.db)} == {"failed"}
    assert delivery.sent_to() == []


async def test_a_claim_failing_mid_tick_puts_the_queue_back_for_the_next_tick(
    nine_o_clock: list[str], planner: Planner, delivery: RecordingDelivery, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = nine_o_clock
    claim, calls = planner._claim, []

    async def failing_second_time(limit: int) -> list[Claim]:
        calls.append(limit)
        if len(calls) == 2:
            raise StorageUnavailable("the database went away")
        return await claim(limit)

    monkeypatch.setattr(planner, "_claim", failing_second_time)
    with pytest.raises(StorageUnavailable):
        await planner.tick()
    begun = len(delivery.sent_to())
    assert 0 < begun < 10  # the sends begun before the failure finished; the rest went back
    assert len(push_log(planner.engine.db)) == begun
    monkeypatch.setattr(planner, "_claim", claim)
    assert await planner.tick() == {"sent": 10 - begun}
    assert sorted(delivery.sent_to()) == sorted(names)


async def test_a_learner_who_moves_west_while_her_push_waits_is_not_pushed_again_that_day(
    nine_o_clock: list[str], planner: Planner, delivery: RecordingDelivery, say: Say, clock: FakeClock
) -> None:
    moved: list[str] = []
    settled = asyncio.Event()  # her move is done: the sends go on (so her push surely waits until then)

    async def one_moves(_external_id: str) -> None:
        waiting = queued_pushes(planner.engine.db)
        if not moved and waiting:  # 09:00 UTC on 2 March is still 1 March (22:00) in Pago Pago
            moved.append(waiting[0])
            learner = Learner("telegram", waiting[0], waiting[0])
            await say(learner, "/settings timezone Pacific/Pago_Pago")
            await say(learner, "/settings time 23:00")
            settled.set()
        await settled.wait()

    delivery.before_send = one_moves
    assert await planner.tick() == {"sent": 10}
    delivery.before_send = None
    clock.advance(hours=1)  # 23:00 on 1 March in Pago Pago: her day's push has gone already
    assert await planner.tick() == {}
    assert [day for name, day, _status in push_log(planner.engine.db) if name in moved] == ["2026-03-02"]


async def test_a_push_queued_before_the_learner_wrote_from_her_other_account_is_sent_there_instead(
    planner: Planner, delivery: RecordingDelivery, say: Say, clock: FakeClock
) -> None:
    ana = await join(say, "ana")
    code = str(await say(ana, "/link")).split("Your link code: ")[1].split()[0]
    await say(Learner("discord", "999", "ana"), f"/link {code}")  # her pushes now go to Discord, used last
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with planner.engine.db.transaction() as session:
        (claim,) = claim_due(
            session, clock.now, platforms=frozenset({"telegram", "discord"}), limit=10, grace=GRACE, owner="other"
        )
    assert claim.platform == "discord"
    await say(ana, "/decks")  # while it waits for a send slot, she writes from Telegram

    with planner.engine.db.transaction() as session:
        assert start(session, claim, clock.now) is None  # not sent to Discord with her Telegram id
    assert await planner.tick() == {"sent": 1}  # put back, and pushed on Telegram
    assert delivery.sent_to() == ["ana"]
    assert push_log(planner.engine.db) == [("ana", "2026-03-02", "sent")]


async def test_a_push_taken_over_again_and_again_is_given_up_once_it_is_past_the_window(
    nine_o_clock: list[str], clock: FakeClock, planner: Planner, delivery: RecordingDelivery
) -> None:
    queue(planner.engine.db, clock, "a-process-that-died")
    for taker in ("another-that-died", "a-third-that-died"):  # each takes the queue over, then stops
        clock.advance(minutes=55)
        with planner.engine.db.transaction() as session:
            lease = timedelta(minutes=10)
            assert take_over(session, clock.now, platforms=PLATFORMS, limit=10, lease=lease, grace=GRACE, owner=taker)
    clock.advance(minutes=11)  # 11:01: two hours and a minute after the pushes were due
    assert await planner.tick() == {}
    assert {status for _name, _day, status in push_log(planner.engine.db)} == {"failed"}
    assert delivery.sent_to() == []
