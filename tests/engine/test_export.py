"""`/export`: the learner's review log in the FSRS optimizer's CSV layout, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from studybot.engine.export import COLUMNS, MAX_DURATION_MS
from studybot.engine.replies import Document, Notice
from studybot.storage.models import ReviewLog, User
from tests.conftest import Chat, FakeClock
from tests.engine.test_cram import choice


def parse(document: Document) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(document.content.decode())))
    assert rows
    assert tuple(rows[0]) == COLUMNS
    return rows


async def answer_physics(chat: Chat, clock: FakeClock, *, wrong_first: bool) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    clock.advance(seconds=7)
    await chat.send(choice(chat, "300 km/s" if wrong_first else "300,000 km/s"))
    clock.advance(minutes=5)
    await chat.send("2")


async def test_export_round_trips_every_scheduled_review_of_the_learner_only(engine, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    ana, ben = Chat(engine, "ana"), Chat(engine, "ben")
    await answer_physics(ana, clock, wrong_first=True)
    await answer_physics(ben, clock, wrong_first=False)
    assert (await ana.send("I was right")).startswith("Error:")  # not the latest wrong typed one: unchanged
    clock.advance(minutes=10)
    await ana.send("/quiz")  # the mcq is due again after its learning step
    await ana.send(choice(ana, "300,000 km/s"))
    await ana.send("/cram physics")
    await ana.send("1")  # a cram answer: left out of the export
    await ana.send("/cram stop")

    document = await engine.export(ana.learner)

    assert isinstance(document, Document)
    assert document.filename == "studybot-revlog.csv"
    assert document.media_type == "text/csv"
    assert document.caption.startswith("Your review log: 3 reviews of 2 cards")
    assert "it asks your timezone: UTC" in document.caption
    with engine.db.transaction() as session:
        ana_id = session.scalar(select(User.id).where(User.external_id == "ana"))
        logs = (
            session.execute(
                select(ReviewLog).where(ReviewLog.user_id == ana_id, ReviewLog.cram.is_(False)).order_by(ReviewLog.id)
            )
            .scalars()
            .all()
        )
        expected = [
            {
                "card_id": str(log.card_id),
                "review_time": str(int(log.reviewed_at.timestamp() * 1000)),
                "review_rating": str(log.rating),
                "review_state": "0" if log.was_new else str(log.previous["state"]),
                "review_duration": str(min(log.duration_ms, MAX_DURATION_MS)),
            }
            for log in logs
        ]
    rows = parse(document)
    assert rows == expected
    assert [row["review_state"] for row in rows] == ["0", "0", "1"]  # new, new, then learning (state before)
    assert [row["review_rating"] for row in rows] == ["1", "3", "3"]
    assert rows[0]["review_duration"] == "7000"
    assert rows[1]["review_duration"] == str(MAX_DURATION_MS)  # 5 minutes open: capped as Anki caps it
    assert rows[0]["review_time"] == str(int(datetime(2026, 3, 2, 8, 0, 7, tzinfo=UTC).timestamp()) * 1000)


async def test_a_learner_without_reviews_is_told_so(chat: Chat) -> None:
    reply = await chat.engine.export(chat.learner)
    assert isinstance(reply, Notice)
    assert reply.text == "You have no reviews to export yet: answer some cards with /quiz first."
