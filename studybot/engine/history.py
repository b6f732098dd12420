"""Undo, "I was right" and "easy": each rewrites the learner's last review from the state stored beside it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from studybot.decks.schema import ClozeCard, ShortCard
from studybot.engine import answering, asking
from studybot.engine.cards import prompt_text
from studybot.engine.catalog import load_card
from studybot.engine.replies import Feedback, GradeButtons, Level, Notice
from studybot.engine.turn import Turn
from studybot.engine.wording import interval
from studybot.srs import Memory, Rating, Srs
from studybot.srs.replay import PastReview, replay
from studybot.storage import reviews, tallies, unseen
from studybot.storage.models import BuriedCard, ReviewLog

CRAM_ANSWER = "Cram answers change no schedule, so there is nothing to re-grade. /cram stop ends the cram."
CHANGE_WINDOW = timedelta(hours=1)  # undo, "I was right" and "easy" reach back this far (stated in /help)
TOO_OLD = "Your last answer was more than an hour ago: undo, “I was right” and “easy” change recent answers only."
CHOICE_GRADED_EXACTLY = "“I was right” is for typed answers: a choice is graded exactly."


NO_ANSWER_YET = "There is no answer of yours to change."


def _recent_review(turn: Turn) -> ReviewLog | str | None:
    """The learner's latest scheduled review if it is recent; the refusal if it is too old."""
    log = reviews.last_review(turn.session, turn.user.id)
    if log is not None and turn.now - log.reviewed_at > CHANGE_WINDOW:
        return TOO_OLD
    return log


def undo(turn: Turn) -> Notice:
    """Put the last reviewed card back exactly as it was before that review, and ask it again.
    While cramming, take back the last cram answer instead (it changed no schedule) and ask that card again."""
    if turn.user.cram_deck:
        return _undo_cram(turn)
    log = _recent_review(turn)
    if isinstance(log, str):
        return Notice(log, Level.ERROR)
    if log is None:
        return Notice("Nothing to undo.", Level.ERROR)
    previous = Memory.from_json(log.previous) if log.previous else _from_other_answers(turn, log)
    undone = tuple(log.message_ids or ())
    reviews.save_memory(turn.session, turn.user.id, log.card_id, previous)
    if previous is None:
        unseen.rewind_new_cursor(turn.session, turn.user.id, log.card_id)
    turn.session.delete(log)
    tallies.forget(turn.session, turn.user.id)
    turn.session.execute(
        delete(BuriedCard).where(BuriedCard.user_id == turn.user.id, BuriedCard.card_id == log.card_id)
    )
    turn.session.flush()
    card = load_card(turn.session, log.card_id)
    assert card is not None
    if card.retired:  # taken out of its deck since: the answer is undone, the card not asked again
        said = f"Undone: your answer to “{_short(prompt_text(card.model))}”, a card since retired from its deck."
        return Notice(said, undone=undone)
    turn.close(reviews.drop_pending(turn.session, turn.user.id))  # the question it replaces
    prompt = asking.present(turn, card.id, hints_taken=log.hints)  # hints seen stay seen: a right answer is still Hard
    said = f"Undone: your answer to “{_short(prompt_text(card.model))}”. Here it is again."
    return Notice(said, next=prompt, undone=undone)


def _from_other_answers(turn: Turn, log: ReviewLog) -> Memory | None:
    """For an answer that was the card's first on its account: the memory the learner's other answers to it
    give (made on an account linked since), replayed in order; None if it has none."""
    others = turn.session.execute(
        select(ReviewLog.id, ReviewLog.nonce, ReviewLog.rating, ReviewLog.reviewed_at)
        .where(ReviewLog.user_id == turn.user.id, ReviewLog.card_id == log.card_id)
        .where(ReviewLog.cram.is_(False), ReviewLog.id != log.id)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    history = [PastReview(row.id, row.nonce, row.rating, row.reviewed_at) for row in others]
    memories = replay(Srs(None), history, turn.user.desired_retention, turn.parameters)
    return memories[-1] if memories else None


def _undo_cram(turn: Turn) -> Notice:
    log = reviews.last_review(turn.session, turn.user.id, cram=True)
    since = turn.user.cram_since
    if log is None or since is None or log.reviewed_at < since:
        return Notice("Nothing to undo in this cram yet. /cram stop ends it.", Level.ERROR)
    undone = tuple(log.message_ids or ())
    turn.session.delete(log)
    turn.session.flush()
    turn.close(reviews.drop_pending(turn.session, turn.user.id))
    prompt = asking.present(turn, log.card_id, hints_taken=log.hints, cram=True)
    said = f"Undone: your cram answer to “{_short(prompt.text)}”. Here it is again."
    return Notice(said, next=prompt, undone=undone)


def typed_phrase(turn: Turn, text: str, *, easy_said: bool) -> Feedback | GradeButtons | Notice:
    """ "I was right" or "easy" typed in the chat: the answer to the open typed question if it is one of its
    answers, else the command (`easy_said`: "easy", else "I was right")."""
    answered = answering.answer_if_right(turn, text)
    if answered is not None:
        return answered
    return easy(turn, None) if easy_said else override(turn, None)


def override(turn: Turn, nonce: str | None) -> Notice:
    """Count a wrongly graded answer as right: once, and only for the learner's latest review."""
    if turn.user.cram_deck:
        return Notice(CRAM_ANSWER, Level.ERROR)
    log = _recent_review(turn)
    if isinstance(log, str):
        return Notice(log, Level.ERROR)
    if log is None:
        return Notice(NO_ANSWER_YET, Level.ERROR)
    if nonce is not None and log.nonce != nonce:
        return Notice("You can only change your latest answer.", Level.ERROR)
    if log.overridden:
        return Notice("That answer was already counted as right.", Level.ERROR)
    if log.correct is not False:
        return Notice("That answer was not marked wrong.", Level.ERROR)
    card = load_card(turn.session, log.card_id)
    if card is None or not isinstance(card.model, ShortCard | ClozeCard):  # what the Feedback offered it for
        return Notice(CHOICE_GRADED_EXACTLY, Level.ERROR)
    previous = Memory.from_json(log.previous) if log.previous else None
    rating = Rating.HARD if log.hints else Rating.GOOD  # right after a hint is Hard, as when answered right
    fixed = turn.srs.review(previous, rating, log.reviewed_at, turn.user.desired_retention, log.nonce, turn.parameters)
    reviews.save_memory(turn.session, turn.user.id, log.card_id, fixed)
    _mark_overridden(log, rating)
    tallies.forget(turn.session, turn.user.id)
    turn.session.flush()
    after_hint = " Rated Hard, since you took a hint." if log.hints else ""
    return Notice(f"Counted as right.{after_hint} Next review in {interval(fixed.due - turn.now)}.")


def easy(turn: Turn, nonce: str | None) -> Feedback | GradeButtons | Notice:
    """Rate the latest right answer Easy instead of Good: once, and only for that answer. Said while a
    flashcard's back is open (no nonce), "easy" is simply that card's grade."""
    if nonce is None:
        pending = reviews.get_pending(turn.session, turn.user.id)
        if pending is not None and pending.revealed:
            return answering.grade(turn, pending.nonce, Rating.EASY)
    if turn.user.cram_deck:
        return Notice(CRAM_ANSWER, Level.ERROR)
    log = _recent_review(turn)
    if isinstance(log, str):
        return Notice(log, Level.ERROR)
    if log is None:
        return Notice(NO_ANSWER_YET, Level.ERROR)
    if nonce is not None and log.nonce != nonce:
        return Notice("You can only change your latest answer.", Level.ERROR)
    refusal = _why_not_easy(log)
    if refusal is not None:
        return Notice(refusal, Level.ERROR)
    previous = Memory.from_json(log.previous) if log.previous else None
    fixed = turn.srs.review(
        previous, Rating.EASY, log.reviewed_at, turn.user.desired_retention, log.nonce, turn.parameters
    )
    reviews.save_memory(turn.session, turn.user.id, log.card_id, fixed)
    log.rating = int(Rating.EASY)
    turn.session.flush()
    return Notice(f"Counted as easy. Next review in {interval(fixed.due - turn.now)}.")


def _why_not_easy(log: ReviewLog) -> str | None:
    if log.rating == Rating.EASY:
        return "That answer was already counted as easy."
    if log.correct is not True or log.overridden:
        return "Only a right answer can be counted as easy."
    if log.rating != Rating.GOOD:
        return "A right answer after a hint counts as Hard, not Easy."
    return None


def _mark_overridden(log: ReviewLog, rating: Rating) -> None:
    log.rating = int(rating)
    log.correct = True
    log.overridden = True


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
