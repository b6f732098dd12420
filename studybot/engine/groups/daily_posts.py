"""Posting the question of the day: claiming the chats whose question is due, exactly once across processes
(like learners' pushes, push/claims.py), and opening each one's question as a one-question challenge."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from studybot.engine.groups import store
from studybot.engine.groups.asking import ask
from studybot.engine.groups.decks import EVERY_DECK, pick
from studybot.engine.groups.play import Play
from studybot.engine.groups.replies import ChallengeQuestion, GroupUpdate
from studybot.engine.groups.tables import Challenge, GroupChat
from studybot.engine.replies import Notice
from studybot.push.claims import plan

DAILY_OPEN_SECONDS = 3600  # the question of the day stays open an hour
log = logging.getLogger(__name__)

_PLAYING = select(Challenge.id).where(Challenge.chat == GroupChat.id, Challenge.ended_at.is_(None)).exists()
_DUE = (
    select(GroupChat)
    .where(GroupChat.daily_next_at.is_not(None), ~_PLAYING)  # playing: the question waits for the round's end
    .order_by(GroupChat.daily_next_at)
)


def claim_due(play: Play, platform: str, grace: timedelta, limit: int = 20) -> list[GroupUpdate]:
    """Claim the chats of `platform` whose question of the day is due and open it; one update (its question
    to post) per chat. A chat playing a challenge is claimed once it ends (skipped if that is past `grace`).
    Claiming moves `daily_next_at` to the next day in the same transaction, under `FOR UPDATE SKIP LOCKED`
    on PostgreSQL (SQLite's BEGIN IMMEDIATE serialises), so no two processes post it."""
    session = play.session
    query = _DUE.where(GroupChat.platform == platform, GroupChat.daily_next_at <= play.now).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    out = []
    for chat in session.scalars(query).all():
        assert chat.daily_time is not None
        assert chat.daily_next_at is not None
        planned = plan(chat.daily_next_at, chat.daily_time, chat.daily_timezone, play.now, grace)
        chat.daily_next_at = planned.next_push_at
        if planned.day is None:
            continue  # missed by more than the grace: the next one is tomorrow's
        question = _open(play, chat)
        if isinstance(question, str):
            out.append(_nothing_to_ask(chat, question))
        elif question is not None:
            out.append(GroupUpdate(ask=question, chat_id=chat.chat_id))
    return out


def _open(play: Play, chat: GroupChat) -> ChallengeQuestion | str | None:
    """Today's question, as a one-question challenge; why not when its deck has no card to play (gone, or
    pruned of them); None when a challenge is running or its card changed meanwhile."""
    if store.running(play.session, chat.id) is not None:
        return None
    picked = pick(play.session, chat.daily_deck, 1, play.rng)
    if isinstance(picked, str):
        return picked
    challenge = Challenge(
        chat=chat.id,
        starter_id=None,
        deck_title=f"Question of the day · {picked.title}",
        card_ids=picked.card_ids,
        seconds=DAILY_OPEN_SECONDS,
        started_at=play.now,
    )
    if not store.add_challenge(play.session, challenge):
        return None
    question = ask(play.session, play, challenge, 0)
    if question is None:  # its card changed since it was picked
        challenge.ended_at = play.now
    return question


def _nothing_to_ask(chat: GroupChat, why: str) -> GroupUpdate:
    """The question of the day turns off (else it would fail silently every day): the chat is told, once,
    why and how to set it again, and the log says it once."""
    deck = chat.daily_deck or EVERY_DECK
    log.info("%s chat %s: question of the day off: %s has no cards to play with", chat.platform, chat.chat_id, deck)
    again = f"/daily {chat.daily_time} {chat.daily_timezone} DECK sets it again with another deck."
    chat.daily_time = chat.daily_next_at = None
    return GroupUpdate(
        notice=Notice(f"No question of the day today. {why} The question of the day is off; {again}"),
        chat_id=chat.chat_id,
    )
