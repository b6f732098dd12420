"""Many answers at once lose nothing and double-count nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Feedback, Learner, Notice, Prompt
from studybot.storage.models import CardState, ReviewLog

CONCURRENT = 20


async def _open_prompt(engine: QuizEngine, learner: Learner) -> Prompt:
    await engine.subscribe(learner, "physics")
    prompt = await engine.next(learner)
    assert isinstance(prompt, Prompt)
    return prompt


async def test_twenty_learners_answering_at_once_lose_no_review(engine: QuizEngine) -> None:
    learners = [Learner("console", f"user{i}") for i in range(CONCURRENT)]
    prompts = [await _open_prompt(engine, learner) for learner in learners]

    replies = await asyncio.gather(
        *(engine.answer(learner, "1", nonce=p.nonce) for learner, p in zip(learners, prompts, strict=True))
    )

    assert all(isinstance(reply, Feedback) for reply in replies)
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ReviewLog)) == CONCURRENT
        assert session.scalar(select(func.count()).select_from(CardState)) == CONCURRENT


async def test_twenty_taps_on_one_button_grade_once(engine: QuizEngine) -> None:
    learner = Learner("console", "ana")
    prompt = await _open_prompt(engine, learner)

    replies = await asyncio.gather(*(engine.answer(learner, "1", nonce=prompt.nonce) for _ in range(CONCURRENT)))

    assert sum(isinstance(reply, Feedback) for reply in replies) == 1
    assert all(
        isinstance(r, Notice) and r.text.startswith("That question is no longer open")
        for r in replies
        if not isinstance(r, Feedback)
    )
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ReviewLog)) == 1
        state = (session.execute(select(CardState))).scalar_one()
    assert state.reps == 1


async def test_first_contact_from_many_tabs_creates_one_learner(engine: QuizEngine) -> None:
    learner = Learner("console", "newcomer")
    replies = await asyncio.gather(*(engine.decks(learner) for _ in range(CONCURRENT)))
    assert len(replies) == CONCURRENT
    from studybot.storage.models import User

    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
