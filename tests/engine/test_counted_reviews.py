"""The review count /stats shows beside the memory model is the fit's own count: a card's first counted answer
of each local day (the learner's timezone, cram answers left out), read without building the histories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.srs.training import counted, histories
from studybot.storage import fsrs_params
from studybot.storage.models import Card, ReviewLog, User

TOKYO_EVENING = datetime(2026, 6, 1, 14, 30, tzinfo=UTC)  # 23:30 in Tokyo: minutes before its midnight


async def test_the_count_is_the_fits_own(engine: QuizEngine) -> None:
    await engine.subscribe(Learner("console", "ana", "Ana"), "physics")
    with engine.db.transaction() as session:
        user_id = session.scalars(select(User.id)).one()
        first, second = session.scalars(select(Card.id).order_by(Card.id).limit(2)).all()
        answers = [
            (first, TOKYO_EVENING, False),
            (first, TOKYO_EVENING + timedelta(minutes=40), False),  # past midnight in Tokyo: another day there
            (first, TOKYO_EVENING + timedelta(minutes=45), False),  # the same Tokyo day again: not counted
            (second, TOKYO_EVENING, False),
            (second, TOKYO_EVENING + timedelta(days=3), True),  # cram practice: not counted
        ]
        for card_id, at, cram in answers:
            row = {"user_id": user_id, "card_id": card_id, "nonce": "n", "rating": 3, "correct": True}
            row |= {"was_new": False, "overridden": False, "reviewed_at": at, "duration_ms": 1000}
            session.execute(insert(ReviewLog).values(**row, platform="console", hints=0, cram=cram))
        for zone, expected in (("Asia/Tokyo", 3), ("UTC", 2)):
            fits_count = counted(histories(fsrs_params.counted_answers(session, user_id), zone))
            assert fsrs_params.counted_reviews(session, user_id, zone).reviews == fits_count == expected
