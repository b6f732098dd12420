"""The session summary's counts are kept as answers come in (storage/tallies.py): they must say what the
review log says, through pauses, /undo, "I was right" and linked accounts (both backends)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from random import Random

from sqlalchemy import select

from studybot.engine.replies import Feedback, GradeButtons, Learner, SessionSummary
from studybot.srs import Rating
from studybot.storage.models import ReviewLog, User
from tests.conftest import Chat, FakeClock
from tests.engine.test_linking import code_of

GAP = timedelta(minutes=30)


def summary_of(chat: Chat) -> SessionSummary:
    assert isinstance(chat.last, Feedback), chat.last
    assert chat.last.summary is not None
    return chat.last.summary


async def counted_by_the_log(chat: Chat) -> tuple[int, int]:
    """The session as the review log has it: the latest answers with no pause over 30 minutes between."""

    def read(session: object) -> list[ReviewLog]:
        user = select(User.id).where(User.external_id == chat.learner.external_id).scalar_subquery()
        query = select(ReviewLog).where(ReviewLog.user_id == user, ReviewLog.cram.is_(False))
        return list(session.scalars(query.order_by(ReviewLog.reviewed_at, ReviewLog.id)))  # type: ignore[attr-defined]

    logs = await chat.engine.db.run(read)
    session = logs[-1:]
    for earlier, later in zip(reversed(logs[:-1]), reversed(logs[1:]), strict=True):
        if later.reviewed_at - earlier.reviewed_at > GAP:
            break
        session.append(earlier)
    return len(session), sum(log.rating != Rating.AGAIN for log in session)


async def answer(chat: Chat, right: bool) -> None:
    """Answer the open question: a flashcard graded Good or Again, a typed guess (wrong unless `right`), or
    choice 1 or 2 (which may be right or wrong: the choices are shuffled)."""
    asked = chat.asked
    assert asked is not None
    if asked.kind == "flashcard":
        await chat.send("1")
        assert isinstance(chat.last, GradeButtons)
        await chat.send("3" if right else "1")
    elif asked.kind in ("mcq", "truefalse"):
        await chat.send("1" if right else "2")
    else:
        await chat.send("speed of light" if right else "no idea")
    assert isinstance(chat.last, Feedback), chat.last


async def ask(chat: Chat, clock: FakeClock) -> None:
    """Get a question: /quiz, studying ahead when the next card is minutes away, or come back tomorrow."""
    for _ in range(3):
        if chat.asked is not None:
            return
        await chat.send("/quiz")
        if chat.asked is None:
            clock.advance(days=1)
    assert chat.asked is not None, chat.last


async def test_the_counts_follow_the_log_through_pauses_and_undos(chat: Chat, clock: FakeClock) -> None:
    chat.engine.settings = replace(chat.engine.settings, summary_every=1)
    await chat.send("/subscribe physics")
    await chat.send("/subscribe chemistry")
    rng = Random(22)
    for step in range(40):
        await ask(chat, clock)
        await answer(chat, right=rng.random() < 0.7)
        summary = summary_of(chat)
        assert (summary.reviewed, summary.right) == await counted_by_the_log(chat), step
        if rng.random() < 0.2:
            await chat.send("/undo")
        clock.advance(minutes=rng.choice([0, 1, 5, 29, 31, 45]))


async def test_an_undone_answer_leaves_the_count(chat: Chat) -> None:
    chat.engine.settings = replace(chat.engine.settings, summary_every=1)
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await answer(chat, right=False)
    await answer(chat, right=True)
    first = summary_of(chat)
    await chat.send("/undo")  # the second answer is taken back, and its card asked again
    await answer(chat, right=False)
    again = summary_of(chat)
    assert (first.reviewed, again.reviewed) == (2, 2)
    assert (again.reviewed, again.right) == await counted_by_the_log(chat)


async def test_an_answer_counted_as_right_counts_as_right(chat: Chat) -> None:
    chat.engine.settings = replace(chat.engine.settings, summary_every=1)
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    for _ in range(8):
        assert chat.asked is not None
        if chat.asked.kind == "short":
            break
        await chat.send("/skip")
    await answer(chat, right=False)
    assert (summary_of(chat).reviewed, summary_of(chat).right) == (1, 0)  # a typed guess, wrong
    assert "Counted as right" in await chat.send("I was right")
    await chat.send("/quiz")
    await answer(chat, right=False)
    assert summary_of(chat).reviewed == 2
    assert (summary_of(chat).reviewed, summary_of(chat).right) == await counted_by_the_log(chat)
    assert summary_of(chat).right >= 1  # the typed answer, counted as right


async def test_answers_from_a_linked_account_join_the_session(chat: Chat) -> None:
    chat.engine.settings = replace(chat.engine.settings, summary_every=1)
    phone = Chat(chat.engine)
    phone.learner = Learner("telegram", "777", "Ana")
    await phone.send("/subscribe physics")
    await phone.send("/quiz")
    await answer(phone, right=True)
    await chat.send("/subscribe physics")
    await chat.send("/quiz")
    await answer(chat, right=False)
    assert summary_of(chat).reviewed == 1
    assert "Linked" in await phone.send(f"/link {await code_of(chat)}")  # the phone's answer moves in
    await chat.send("/quiz")
    await answer(chat, right=True)
    assert summary_of(chat).reviewed == 3
    assert (summary_of(chat).reviewed, summary_of(chat).right) == await counted_by_the_log(chat)
