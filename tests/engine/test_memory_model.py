"""Each learner's own memory model: fitted in the background at 64 counted reviews (then each doubling),
kept only when it predicts their reviews better, and the schedule recomputed with it."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from random import Random

import pytest
from sqlalchemy import func, select

from studybot.engine.engine import QuizEngine
from studybot.engine.fits import Fitter
from studybot.engine.memory_model import apply_fit, describe, fit_job
from studybot.engine.replies import Document, Feedback, GradeButtons, Stats
from studybot.engine.turn import EngineSettings
from studybot.srs import DEFAULT_PARAMETERS, Srs
from studybot.srs.fitting import FitJob, FitOutcome, fit_and_replay
from studybot.srs.replay import replay
from studybot.storage import fsrs_params, reviews
from studybot.storage.db import Database
from studybot.storage.models import CardState, FsrsParams, ReviewLog
from tests.conftest import Chat, FakeClock
from tests.engine.test_linking import code_of
from tests.srs.memory import load_word_deck, user_id, write_history
from tests.srs.synthetic import Answer, learner_history


@pytest.fixture
def words(db: Database, clock: FakeClock, tmp_path: Path) -> list[int]:
    return load_word_deck(db, tmp_path, clock.now)


def fitting_engine(db: Database, clock: FakeClock) -> QuizEngine:
    return QuizEngine(db, clock=clock, rng=Random(7), settings=EngineSettings(optimize=True, new_per_day=5))


async def learner_with_history(engine: QuizEngine, clock: FakeClock, words: list[int], seeded: int) -> Chat:
    """A learner with `seeded` counted reviews in the log (cards other than the deck's first), the clock a day
    after the last, and the deck's first card open as a new flashcard."""
    chat = Chat(engine)
    await chat.send("/subscribe words")
    history = learner_history(cards=40, reviews_per_card=10)[:seeded]
    write_history(engine.db, user_id(engine.db, "ana"), words[1:], history)
    clock.now = max(answer.at for answer in history) + timedelta(days=1)
    assert "word 0?" in await chat.send("/quiz")
    return chat


async def grade_open_flashcard(chat: Chat, grade: str = "3") -> Feedback:
    await chat.send("")  # show the back
    await chat.send(grade)
    assert isinstance(chat.last, Feedback)
    return chat.last


async def memory_line(chat: Chat) -> str:
    await chat.send("/stats")
    assert isinstance(chat.last, Stats)
    return chat.last.memory_model


async def test_63_counted_reviews_are_not_fitted_and_64_are(db: Database, clock: FakeClock, words: list[int]) -> None:
    engine = fitting_engine(db, clock)
    chat = await learner_with_history(engine, clock, words, seeded=62)
    await grade_open_flashcard(chat)  # the 63rd
    ana = user_id(db, "ana")
    assert engine.fits is not None
    await engine.fits.idle()
    assert await memory_line(chat) == "Memory model: the defaults until you have 64 reviews (you have 63)"
    assert engine.fits is not None
    with db.transaction() as session:
        assert fsrs_params.load(session, ana) is None

    await chat.send("/quiz")
    await grade_open_flashcard(chat)  # the 64th, on another card: a fit in a worker process
    await engine.fits.close()
    with db.transaction() as session:
        model = fsrs_params.load(session, ana)
    assert model is not None
    assert model.tried_reviews == 64


async def test_a_kept_fit_schedules_the_learner_and_says_so_in_stats(
    db: Database, clock: FakeClock, words: list[int]
) -> None:
    engine = fitting_engine(db, clock)
    chat = await learner_with_history(engine, clock, words, seeded=399)
    await grade_open_flashcard(chat)
    assert engine.fits is not None
    await engine.fits.close()
    ana = user_id(db, "ana")
    with db.transaction() as session:
        model = fsrs_params.load(session, ana)
    assert model is not None
    assert model.parameters is not None
    assert model.parameters != DEFAULT_PARAMETERS
    assert model.log_loss is not None
    assert model.default_log_loss is not None
    assert model.log_loss < model.default_log_loss
    document = await engine.export(chat.learner)
    assert isinstance(document, Document)
    assert document.caption.endswith("FSRS parameters, your own: " + ", ".join(f"{w:.4f}" for w in model.parameters))
    line = await memory_line(chat)
    assert line.startswith(f"Memory model: yours, fitted on 400 reviews on {clock.now.day} {clock.now:%b}")
    assert "(prediction error −" in line
    assert (await engine.admin_stats()).fitted == 1


async def test_after_a_refit_cards_are_recomputed_and_shown_intervals_are_applied(
    db: Database, clock: FakeClock, words: list[int]
) -> None:
    engine = fitting_engine(db, clock)
    chat = await learner_with_history(engine, clock, words, seeded=399)
    await grade_open_flashcard(chat)
    assert engine.fits is not None
    await engine.fits.close()
    ana = user_id(db, "ana")
    with db.transaction() as session:
        model = fsrs_params.load(session, ana)
        assert model is not None
        assert model.parameters is not None
        histories = fsrs_params.card_reviews(session, ana)
        card, logged = next((card, logged) for card, logged in histories.items() if len(logged) > 3)
        stored = reviews.load_memory(session, ana, card)
    expected = replay(Srs(None), logged, 0.9, model.parameters)[-1]
    assert stored == expected
    under_defaults = replay(Srs(None), logged, 0.9, DEFAULT_PARAMETERS)[-1]
    assert stored != under_defaults

    with db.transaction() as session:
        soonest = session.scalar(select(func.min(CardState.due)).where(CardState.user_id == ana))
    assert soonest is not None
    clock.now = max(clock.now, soonest) + timedelta(minutes=1)  # a reviewed card is due: its buttons use the fit
    await chat.send("/quiz")
    await chat.send("")
    buttons = chat.last
    assert isinstance(buttons, GradeButtons)
    await chat.send("3")
    assert isinstance(chat.last, Feedback)
    assert chat.last.interval == buttons.options[2].interval


async def test_cram_and_undone_answers_never_count(db: Database, clock: FakeClock, words: list[int]) -> None:
    engine = fitting_engine(db, clock)
    chat = await learner_with_history(engine, clock, words, seeded=60)
    ana = user_id(db, "ana")
    write_history(db, ana, words[1:], learner_history(cards=40, reviews_per_card=10)[60:90], cram=True)
    assert (await memory_line(chat)).endswith("(you have 60)")
    await grade_open_flashcard(chat)
    assert (await memory_line(chat)).endswith("(you have 61)")
    await chat.send("/undo")
    assert (await memory_line(chat)).endswith("(you have 60)")


class HeldFit:
    """A fit that waits for the test's word before it computes."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, job: FitJob) -> FitOutcome:
        self.started.set()
        assert self.release.wait(timeout=60)
        return fit_and_replay(job)


async def test_an_answer_is_served_while_a_fit_is_under_way(db: Database, clock: FakeClock, words: list[int]) -> None:
    engine = fitting_engine(db, clock)
    held = HeldFit()
    pool = ThreadPoolExecutor(1)
    engine.fits = Fitter(db, clock, executor=pool, compute=held)
    chat = await learner_with_history(engine, clock, words, seeded=63)
    await grade_open_flashcard(chat)  # the 64th: a fit starts, and is held
    await chat.send("/quiz")
    while not held.started.is_set():
        await chat.send("/stats")  # the event loop keeps serving while the fit thread waits
    served = await grade_open_flashcard(chat)  # another answer, served while the fit is held
    ana = user_id(db, "ana")
    with db.transaction() as session:
        assert session.scalar(select(ReviewLog.id).where(ReviewLog.nonce == served.nonce)) is not None
        assert fsrs_params.load(session, ana) is None
    held.release.set()
    await engine.fits.close()
    pool.shutdown()
    with db.transaction() as session:
        model = fsrs_params.load(session, ana)
    assert model is not None
    assert model.tried_reviews == 64


async def test_a_first_day_of_only_new_cards_waits_for_a_card_seen_again_then_is_fitted(
    db: Database, clock: FakeClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    words = load_word_deck(db, tmp_path, clock.now, cards=80)
    engine = fitting_engine(db, clock)
    chat = Chat(engine)
    await chat.send("/subscribe words")
    ana = user_id(db, "ana")
    first_day = [Answer(n, clock.now - timedelta(minutes=n), 3) for n in range(1, 71)]  # 70 new cards today
    write_history(db, ana, words[1:], first_day)
    assert "word 0?" in await chat.send("/quiz")
    await grade_open_flashcard(chat)  # 71 counted reviews, each a card's first: nothing to learn from yet
    assert engine.fits is not None
    await engine.fits.idle()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    with db.transaction() as session:
        assert fsrs_params.load(session, ana) is None
    assert await memory_line(chat) == (
        "Memory model: the defaults until you review a card again on a later day"
        " (you have 71 reviews, each a card's first)"
    )

    clock.advance(days=1)
    assert "word 0?" in await chat.send("/quiz")  # due again: a card's second day
    await grade_open_flashcard(chat)
    await engine.fits.close()
    with db.transaction() as session:
        model = fsrs_params.load(session, ana)
    assert model is not None
    assert model.tried_reviews == 72


async def test_a_bot_that_fits_no_one_promises_no_fit(db: Database, clock: FakeClock, words: list[int]) -> None:
    engine = QuizEngine(db, clock=clock, rng=Random(7), settings=EngineSettings(optimize=False, new_per_day=5))
    chat = await learner_with_history(engine, clock, words, seeded=100)
    await grade_open_flashcard(chat)

    assert await memory_line(chat) == "Memory model: the defaults (this bot does not fit one to your reviews)"


async def test_an_account_linked_then_unlinked_is_fitted_again_from_its_own_reviews(
    db: Database, clock: FakeClock, words: list[int]
) -> None:
    engine = fitting_engine(db, clock)
    laptop = await learner_with_history(engine, clock, words, seeded=399)
    await grade_open_flashcard(laptop)
    assert engine.fits is not None
    await engine.fits.idle()
    assert (await memory_line(laptop)).startswith("Memory model: yours, fitted on 400 reviews")

    home = Chat(engine, "home")
    await laptop.send(f"/link {await code_of(home)}")  # the laptop's reviews join home's learner
    assert (await memory_line(home)).endswith("(you have 400)")  # fitted anew at home's next answer
    assert (await engine.admin_stats()).fitted == 0

    assert "Unlinked" in await laptop.send("/unlink")  # the reviews stay with the learner
    assert await memory_line(laptop) == "Memory model: the defaults until you have 64 reviews (you have 0)"
    await engine.fits.close()


async def test_a_stored_model_just_past_fsrs_bounds_still_schedules_and_a_broken_one_falls_back(
    db: Database, clock: FakeClock, words: list[int]
) -> None:
    """fsrs-rs fits in float32: a weight at its bound of 0.8 is stored as 0.800000011920929, which py-fsrs
    refuses; a model written by hand or by another version may not even have 21 weights."""
    engine = QuizEngine(db, clock=clock, rng=Random(7), settings=EngineSettings(optimize=False, new_per_day=5))
    chat = await learner_with_history(engine, clock, words, seeded=100)
    float32_edge = [*DEFAULT_PARAMETERS[:19], 0.800000011920929, 0.1542]
    with db.transaction() as session:
        session.add(FsrsParams(user_id=user_id(db, "ana"), parameters=float32_edge, reviews=100, tried_reviews=100))
    feedback = await grade_open_flashcard(chat)
    assert feedback.rating == "Good"

    with db.transaction() as session:
        stored = session.get_one(FsrsParams, user_id(db, "ana"))
        stored.parameters, stored.fitted_at = [0.4, 1.2], clock.now
    assert (await grade_open_flashcard(chat)).rating == "Good"  # scheduled with the defaults
    with db.transaction() as session:
        unusable = fsrs_params.load(session, user_id(db, "ana"))
    assert describe(unusable, 101).startswith(  # the /stats line on a bot that fits
        f"Memory model: the defaults; your fit of {clock.now.day} {clock.now:%b} could not be used"
    )


async def test_two_fits_of_one_learner_read_at_once_are_applied_once(
    db: Database, clock: FakeClock, words: list[int]
) -> None:
    """Two processes read the learner for a fit at the same moment: the second to finish was judged against
    parameters the learner no longer has, and is dropped rather than applied over the first."""
    engine = QuizEngine(db, clock=clock, rng=Random(7), settings=EngineSettings(optimize=False, new_per_day=5))
    await learner_with_history(engine, clock, words, seeded=399)
    ana = user_id(db, "ana")
    with db.transaction() as session:
        first, second = fit_job(session, ana), fit_job(session, ana)
    assert first is not None
    assert second is not None
    assert first.due
    with db.transaction() as session:
        assert apply_fit(session, first, fit_and_replay(first), clock.now)  # kept: it beats the defaults
    with db.transaction() as session:
        assert not apply_fit(session, second, fit_and_replay(second), clock.now)
        model = fsrs_params.load(session, ana)
    assert model is not None
    assert model.tried_reviews == first.reviews
