"""The question of the day's setting: `/daily HH:MM [TIMEZONE] [DECK]` and `/daily off` (chat admins), and
turning it off for a chat the bot left (posting it: daily_posts.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from studybot import zones
from studybot.engine import timezones
from studybot.engine.groups import store
from studybot.engine.groups.decks import EVERY_DECK, unknown_deck
from studybot.engine.groups.play import Play
from studybot.engine.groups.replies import GroupUpdate, Place
from studybot.engine.groups.tables import Challenge, GroupChat
from studybot.engine.replies import Level, Notice
from studybot.storage import repo
from studybot.timeplan import local_clock, next_push

_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.h]([0-5][0-9])", re.ASCII)
USAGE = (
    "/daily HH:MM [TIMEZONE] [DECK] sets this chat's question of the day (chat admins; a time alone keeps its "
    "zone and deck); /daily off stops it."
)
MAX_ZONE_WORDS = 3  # "Rio de Janeiro"
ADMINS_ONLY = "Only the chat's admins can set the question of the day."


def configure(play: Play, place: Place, args: str) -> GroupUpdate:
    words = args.split()
    chat = store.chat_row(play.session, place.platform, place.chat_id, play.now)
    if not words:
        return _say(_describe(chat, play.now), place)
    if not place.by_admin:
        return _say(ADMINS_ONLY, place, error=True)
    if [word.lower() for word in words] == ["off"]:
        chat.daily_time = chat.daily_next_at = None
        return _say("The question of the day is off.", place)
    parsed = _parse(play.session, words)
    if isinstance(parsed, str):
        return _say(parsed, place, error=True)
    at, zone, deck = parsed
    if len(words) == 1 and chat.daily_next_at is not None:  # a time alone moves the question, nothing else
        zone, deck = chat.daily_timezone, chat.daily_deck
    chat.daily_time, chat.daily_timezone, chat.daily_deck = at, zone, deck
    chat.daily_next_at = _next_unasked_day(play.session, chat, next_push(play.now, at, zone))
    return _say(_describe(chat, play.now), place)


def _next_unasked_day(session: Session, chat: GroupChat, due: datetime) -> datetime:
    """`due`, or the same time a day later when the chat has had that day's question already (a time moved
    later after today's question was asked): one question of the day per day, as a learner's push."""
    assert chat.daily_time is not None
    latest = session.scalar(
        select(Challenge.started_at)
        .where(Challenge.chat == chat.id, Challenge.starter_id.is_(None))
        .order_by(Challenge.started_at.desc())
        .limit(1)
    )
    local = zones.zone(chat.daily_timezone)
    if latest is None or latest.astimezone(local).date() != due.astimezone(local).date():
        return due
    return next_push(due + timedelta(minutes=1), chat.daily_time, chat.daily_timezone)


def _parse(session: Session, words: list[str]) -> tuple[str, str, str | None] | str:
    match = _TIME.fullmatch(words[0])
    if match is None:
        return USAGE
    at, rest = f"{int(match[1]):02d}:{match[2]}", words[1:]
    where = _zone_and_rest(session, rest)
    if isinstance(where, str):
        return where
    zone, rest = where
    deck = None
    if rest:
        found_deck = repo.find_bundled_deck(session, " ".join(rest))
        if found_deck is None:
            return unknown_deck(session, " ".join(rest))
        deck = found_deck.id
    return at, zone, deck


def zone_phrases(args: str) -> list[str]:
    """What `/daily HH:MM …` may name as its zone: the words after the time, longest first ("New York")."""
    rest = args.split()[1 : 1 + MAX_ZONE_WORDS]
    return [" ".join(rest[:k]) for k in range(len(rest), 0, -1)]


def _zone_and_rest(session: Session, rest: list[str]) -> tuple[str, list[str]] | str:
    """The zone the words start with, as /settings timezone reads one (a city, an IANA name, UTC+1), and
    the words after it; UTC when they name a deck or nothing else. The caller has warmed `resolve`."""
    if not rest or repo.find_bundled_deck(session, " ".join(rest)) is not None:
        return "UTC", rest
    for size in range(min(len(rest), MAX_ZONE_WORDS), 0, -1):
        found = timezones.resolve(" ".join(rest[:size]))
        if isinstance(found, timezones.Found):
            return found.zone, rest[size:]
        if isinstance(found, timezones.Ambiguous):
            zones_named = ", ".join(place.zone for place in found.places)
            return f"Which {found.name} do you mean? Name its zone instead: {zones_named}."
    unknown = timezones.resolve(rest[0])
    if "/" in rest[0] and isinstance(unknown, str):  # meant as a zone: the error, with a suggestion
        return unknown
    return "UTC", rest


def _describe(chat: GroupChat, now: datetime) -> str:
    if chat.daily_time is None or chat.daily_next_at is None:
        return "No question of the day here. " + USAGE
    deck = chat.daily_deck or EVERY_DECK
    when = local_clock(chat.daily_next_at, chat.daily_timezone, now)
    return (
        f"Question of the day: every day at {chat.daily_time} ({chat.daily_timezone} time), from {deck}; "
        f"next {when}. /daily off stops it."
    )


def _say(text: str, place: Place, *, error: bool = False) -> GroupUpdate:
    return GroupUpdate(say=Notice(text, Level.ERROR if error else Level.INFO), chat_id=place.chat_id)


def turn_off(session: Session, platform: str, chat_id: str, now: datetime) -> bool:
    """The bot cannot post in the chat any more (removed from it): no more daily questions, and its running
    challenge ends. True when the daily question was on."""
    chat = store.find_chat(session, platform, chat_id)
    if chat is None:
        return False
    was_on = chat.daily_next_at is not None
    chat.daily_time = chat.daily_next_at = None
    store.end_running(session, chat.id, now)
    return was_on
