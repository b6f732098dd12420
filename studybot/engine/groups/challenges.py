"""Challenges: N questions posted one at a time, answered by any member once each, closed by time or when
every member who joined has answered, then a scoreboard. One challenge at a time per chat.

A challenge answer is logged like a cram answer (`review_logs.cram`): it never changes anyone's schedule,
and stats, retention, undo and the export leave it out.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from studybot.engine.grading import parse_choice
from studybot.engine.groups import asking, closing, results, scoring, store
from studybot.engine.groups.asking import ask
from studybot.engine.groups.decks import pick, round_title
from studybot.engine.groups.play import Play
from studybot.engine.groups.replies import GroupUpdate, Place
from studybot.engine.groups.tables import Challenge, GroupChat
from studybot.engine.groups.tables import ChallengeQuestion as QuestionRow
from studybot.engine.replies import Level, Notice
from studybot.srs import Rating
from studybot.storage import reviews

DEFAULT_QUESTIONS = 5
MAX_QUESTIONS = 20
STOP = "stop"
USAGE = f"/challenge [DECK] [N]: N questions (1–{MAX_QUESTIONS}, default {DEFAULT_QUESTIONS}) for everyone here."
CLOSED = "This question is closed."
ALREADY = "You already answered this question."
NOT_MINE = "That button is not one of mine."


def parse(args: str) -> tuple[str | None, int] | str:
    """(deck or None, N) from "/challenge [DECK] [N]"; a usage line when N is out of range."""
    words = args.split()
    count = DEFAULT_QUESTIONS
    if words and words[-1].isascii() and words[-1].isdigit():
        count = int(words.pop())
        if not 1 <= count <= MAX_QUESTIONS:
            return USAGE
    return (" ".join(words) or None), count


def start(play: Play, place: Place, args: str, seconds: int) -> GroupUpdate:
    parsed = parse(args)
    if isinstance(parsed, str):
        return _refuse(parsed, place)
    deck, count = parsed
    chat = store.chat_row(play.session, place.platform, place.chat_id, play.now)
    if store.running(play.session, chat.id) is not None:
        return _refuse("A challenge is already running here. /challenge stop ends it.", place)
    picked = pick(play.session, deck, count, play.rng)
    if isinstance(picked, str):
        return _refuse(picked, place)
    title = round_title(play.member.display_name or "a member", picked.title)
    challenge = Challenge(
        chat=chat.id,
        starter_id=play.member.id,
        deck_title=title,
        card_ids=picked.card_ids,
        seconds=seconds,
        started_at=play.now,
    )
    if not store.add_challenge(play.session, challenge):
        return _refuse("A challenge is already running here. /challenge stop ends it.", place)
    store.remember_member(play.session, chat.id, play.member.id)
    first = ask(play.session, play, challenge, 0)
    if first is None:  # its cards changed since they were picked
        challenge.ended_at = play.now
        return _refuse("Those cards can't be played just now. Try again.", place)
    return GroupUpdate(ask=first, chat_id=place.chat_id)


def answer(play: Play, place: Place, nonce: str, key: str) -> GroupUpdate:
    """A member's press: counted once, scored by speed; the question closes once every joined member answered."""
    session = play.session
    question = store.question_by_nonce(session, nonce)
    challenge = session.get(Challenge, question.challenge_id) if question else None
    chat = session.get(GroupChat, challenge.chat) if challenge else None
    if (
        question is None
        or challenge is None
        or chat is None
        or (chat.platform, chat.chat_id) != (place.platform, place.chat_id)
    ):
        return _refuse(NOT_MINE, place)
    if question.closed_at is not None or not store.hold_open(session, question.id):
        return _refuse(CLOSED, place)
    if question.closes_at <= play.now:  # its timer has not fired yet: close it now
        return _closing(play, question, Notice(CLOSED, Level.ERROR), place)
    was = asking.shown(session, question)
    if was is None:  # asked before its card was kept with it, and the card has changed since
        return _closing(play, question, Notice(CLOSED, Level.ERROR), place)
    index = parse_choice(key, was.labels)
    if index is None:
        return _refuse(NOT_MINE, place)
    correct = was.labels[index] == was.answer
    taken = int((play.now - question.opened_at).total_seconds() * 1000)
    gained = scoring.points(correct, taken, challenge.seconds)
    values = {
        "question_id": question.id,
        "user_id": play.member.id,
        "chat": chat.id,
        "correct": correct,
        "points": gained,
        "duration_ms": taken,
        "answered_at": play.now,
    }
    if not store.add_answer(session, values):
        return _refuse(ALREADY, place)
    _log(play, question, correct, was.labels[index], taken)
    store.remember_member(session, chat.id, play.member.id)
    said = Notice(f"✓ Right: +{gained} points" if correct else "✗ Not quite: 0 points")
    if question.position > 0 and store.everyone_answered(session, question):
        return _closing(play, question, said, place)
    return GroupUpdate(say=said, chat_id=place.chat_id)


def _log(play: Play, question: QuestionRow, correct: bool, given: str, taken_ms: int) -> None:
    """Like a cram answer: in the review log, marked cram, no card state touched, nothing to undo."""
    if question.card_id is None:
        return  # its card was removed: nothing to log it against
    reviews.log_review(
        play.session,
        user_id=play.member.id,
        card_id=question.card_id,
        nonce=question.nonce,
        rating=int(Rating.GOOD if correct else Rating.AGAIN),
        answer=given,
        correct=correct,
        was_new=False,
        overridden=False,
        cram=True,
        reviewed_at=play.now,
        duration_ms=taken_ms,
        platform=play.platform,
        previous=None,
        hints=0,
    )


def _closing(play: Play, question: QuestionRow, said: Notice | None, place: Place) -> GroupUpdate:
    closed = closing.close(play, question.id)
    return GroupUpdate(said, closed.closed, closed.ask, closed.scoreboard, place.chat_id)


def stop(play: Play, place: Place) -> GroupUpdate:
    """`/challenge stop`: by the member who started it, or a chat admin."""
    chat = store.find_chat(play.session, place.platform, place.chat_id)
    challenge = store.running(play.session, chat.id) if chat else None
    if challenge is None:
        return _refuse("No challenge is running here. " + USAGE, place)
    if challenge.starter_id != play.member.id and not place.by_admin:
        return _refuse("Only the member who started the challenge or a chat admin can stop it.", place)
    name = play.member.display_name or "a member"
    question = store.open_question(play.session, challenge.id)
    if question is not None:
        return closing.close(play, question.id, stopped_by=name)
    return GroupUpdate(scoreboard=results.end(play, challenge, name), chat_id=place.chat_id)


def remember_message(session: Session, nonce: str, ref: str) -> None:
    question = store.question_by_nonce(session, nonce)
    if question is not None:
        question.message_ref = ref


def _refuse(text: str, place: Place) -> GroupUpdate:
    return GroupUpdate(say=Notice(text, Level.ERROR), chat_id=place.chat_id)
