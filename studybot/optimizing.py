"""`studybot optimize`: fit learners' FSRS parameters now, and print how well each set predicts their reviews.

The same fit, judgement and recomputation the bot runs in the background (engine/memory_model.py), for an
operator: per learner, the counted reviews used, log loss and RMSE with the defaults, with the parameters
they have now (once fitted) and with the fit, the fitted parameters, and whether they were kept.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from datetime import datetime
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from studybot.engine.memory_model import apply_fit, fit_job
from studybot.engine.wording import count
from studybot.srs import DEFAULT_PARAMETERS
from studybot.srs.fitting import FitJob, FitResult, Score, fit, fit_and_replay
from studybot.srs.training import FIRST_FIT_REVIEWS
from studybot.storage.db import Database
from studybot.storage.models import User

Print = Callable[[str], None]
_KEPT = {  # apply_fit's answer
    True: "  kept: their cards are rescheduled with it",
    False: "  not kept: it predicts no better than now",
    None: "  not kept: another fit of this learner was kept while this one ran",
}


async def optimize(db: Database, user: str | None, *, dry_run: bool, now: Callable[[], datetime], say: Print) -> int:
    """Fit `user` ("PLATFORM:ID") or, with None, every learner. 0, or 2 when `user` is unknown."""
    learners = await db.run(lambda session: _learners(session, user), read_only=True)
    if user is not None and not learners:
        print(f"studybot optimize: no learner {user}", file=sys.stderr)
        return 2
    few = 0  # learners of --all with too few reviews: counted, not listed one by one
    for user_id, name in learners:
        job = await db.run(partial(fit_job, user_id=user_id, force=True), read_only=True)
        if job is not None and job.reviews < FIRST_FIT_REVIEWS and user is None:
            few += 1
        elif job is not None:
            await _optimize_one(db, job, name, dry_run=dry_run, now=now, say=say)
    if few:
        say(_too_few(few, everyone=few == len(learners)))
    return 0


async def _optimize_one(
    db: Database, job: FitJob, name: str, *, dry_run: bool, now: Callable[[], datetime], say: Print
) -> None:
    reviews = count(job.reviews, "counted review")
    if job.reviews < FIRST_FIT_REVIEWS:
        say(f"{name}: {reviews}; a fit needs {FIRST_FIT_REVIEWS}")
        return
    if not job.learnable:
        say(f"{name}: {reviews}, but no card reviewed on two days yet; a fit needs some")
        return
    if dry_run:
        say(_report(name, job, await asyncio.to_thread(fit, job.cards, job.current)))
        say("  dry run: nothing stored")
        return
    outcome = await asyncio.to_thread(fit_and_replay, job)
    say(_report(name, job, outcome.result))
    moment = now()
    kept = await db.run(lambda session: apply_fit(session, job, outcome, moment))
    say(_KEPT[kept])


def _too_few(learners: int, *, everyone: bool) -> str:
    who = f"{learners} {'' if everyone else 'more '}{'learner has' if learners == 1 else 'learners have'}"
    return f"{who} fewer than {FIRST_FIT_REVIEWS} counted reviews, too few for a fit: not fitted."


def _learners(session: Session, user: str | None) -> list[tuple[int, str]]:
    """The learners' rows: an account linked to a learner stands for that learner (its reviews are theirs)."""
    query = select(User.id, User.platform, User.external_id).where(User.linked_to.is_(None)).order_by(User.id)
    if user is not None:
        platform, _, external_id = user.partition(":")
        account = aliased(User)
        query = query.join(account, User.id == func.coalesce(account.linked_to, account.id)).where(
            account.platform == platform, account.external_id == external_id
        )
    return [(row.id, f"{row.platform}:{row.external_id}") for row in session.execute(query)]


def _report(name: str, job: FitJob, result: FitResult) -> str:
    lines = [f"{name}: {count(result.reviews, 'counted review')} used", f"  defaults: {_score(result.defaults)}"]
    if job.current != DEFAULT_PARAMETERS:
        lines.append(f"  current:  {_score(result.current)}")
    lines.append(f"  fitted:   {_score(result.fitted)}")
    lines.append("  parameters: " + ", ".join(f"{w:.4f}" for w in result.parameters))
    return "\n".join(lines)


def _score(score: Score) -> str:
    return f"log loss {score.log_loss:.4f} · RMSE {score.rmse:.4f}"
