"""Decks and subscriptions, settings, pause and resume."""

from __future__ import annotations

import re
from dataclasses import replace

from studybot.engine import decknames, offers, sharing, timezones
from studybot.engine.quick_settings import common_changes
from studybot.engine.replies import DeckAction, DeckInfo, DeckList, Level, Notice, SettingChoice, SettingsView
from studybot.engine.turn import Turn
from studybot.engine.wording import count
from studybot.push.reschedule import reschedule, scheduled_push
from studybot.srs import MAX_RETENTION, MIN_RETENTION
from studybot.storage import repo
from studybot.storage.models import Deck
from studybot.timeplan import local_clock

# ASCII digits only: \d and str.isdigit() also accept ٩, ❶ and ², which int() may refuse or misread
_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.h]([0-5][0-9])", re.ASCII)
_WHOLE = re.compile(r"[0-9]{1,6}", re.ASCII)
_DECIMAL = re.compile(r"[0-9]{0,3}(?:[.,][0-9]{1,6})?", re.ASCII)
MAX_NEW_PER_DAY = 500
MAX_PUSH_THRESHOLD = 500
SETTING_NAMES = {  # every setting /settings NAME VALUE changes, as a menu would describe it
    "time": "daily quiz time (HH:MM, e.g. 08:30)",
    "timezone": "timezone (a city like Berlin, Europe/Berlin, or UTC+1)",
    "new": f"new cards per day (0-{MAX_NEW_PER_DAY})",
    "retention": f"desired retention ({MIN_RETENTION}-{MAX_RETENTION}, e.g. 0.9)",
    "threshold": f"push only when this many cards wait (1-{MAX_PUSH_THRESHOLD})",
    "pause": "pause the daily quiz (on/off)",
    "reminder": "evening reminder after an unanswered push (on/off)",
    "polls": "Telegram quiz polls (on/off)",
}
NO_POLLS = frozenset({"discord"})  # platforms without native quiz polls: their /settings leaves `polls` alone
POLLS_ELSEWHERE = "Quiz polls are a Telegram setting (here questions come with buttons): change it from Telegram."
_RESCHEDULING = frozenset({"push_time", "timezone", "paused"})  # changes that move the next daily push
SETTINGS_USAGE = (
    "Change a setting with /settings NAME VALUE: time 08:30 · timezone Berlin (a city, Europe/Berlin or UTC+1) · "
    f"new 0-{MAX_NEW_PER_DAY} · retention {MIN_RETENTION:.2f}-{MAX_RETENTION} (alone: what each costs) · "
    "pause on|off · polls on|off · "
    "reminder on|off (an evening nudge after an unanswered push) · "
    f"threshold 1-{MAX_PUSH_THRESHOLD} (push only when that many cards wait)"
)


def greet(turn: Turn, *, subscribe_all: bool) -> Notice | DeckList:
    """Hello; a learner without decks gets every deck (`subscribe_all`) or the decks to tap."""
    added, decks = 0, repo.subscribed_deck_ids(turn.session, turn.user.id)
    if subscribe_all and not decks:
        added = subscribe_all_decks(turn)
    name = f", {turn.learner.display_name}" if turn.learner.display_name else ""
    hello = f"Hello{name}! I quiz you with spaced repetition."
    if not decks and not added and (choices := decknames.infos(turn)):
        offers.mark_decks_seen(turn)
        return DeckList(choices, f"{hello} Tap a deck to subscribe, then /quiz asks you a card; /help for more.")
    extra = f" You are subscribed to {count(added, 'deck')}." if added else ""
    if added:  # every deck there is: none is new to them any more
        offers.mark_decks_seen(turn)
    hello = f"{hello}{extra} Send /quiz to start, /help for more."
    return Notice(" ".join(filter(None, [hello, offers.offer(turn)])))


def list_decks(turn: Turn, *, mark_seen: bool = True) -> DeckList | Notice:
    decks = repo.all_decks(turn.session, turn.user.id)
    if not decks:
        return Notice(decknames.NO_DECKS_LOADED)
    mine, new = repo.subscribed_deck_ids(turn.session, turn.user.id), offers.new_deck_ids(turn)
    if mark_seen:
        offers.mark_decks_seen(turn)  # shown as new once; after this they are just unsubscribed decks
    infos = [
        DeckInfo(d.id, d.title, d.description, n, d.id in mine, d.id in new, yours=d.owner_id == turn.user.id)
        for d, n in decks
    ]
    return DeckList(tuple(sorted(infos, key=lambda info: info.yours)))  # the learner's own last, under "Yours"


def subscribe(turn: Turn, name: str) -> Notice | DeckList:
    if not name.strip():
        return Notice("Which deck? Send /subscribe DECK (or all); /decks lists them.", Level.ERROR)
    if name.strip().lower() == offers.ALL:
        return offers.subscribe_all(turn)
    if sharing.is_code(name):
        return sharing.subscribe_by_code(turn, name)
    deck = decknames.find(turn, name, DeckAction.SUBSCRIBE)
    if not isinstance(deck, Deck):
        return deck
    if not repo.subscribe(turn.session, turn.user.id, deck.id, turn.now):
        return Notice(f"You are already subscribed to {deck.title}.")
    return Notice(f"Subscribed to {deck.title}. Send /quiz to start.")


def subscribe_all_decks(turn: Turn) -> int:
    added = 0
    for deck, _count in repo.all_decks(turn.session, turn.user.id):
        added += repo.subscribe(turn.session, turn.user.id, deck.id, turn.now)
    return added


def unsubscribe(turn: Turn, name: str) -> Notice | DeckList:
    if not name.strip():
        return Notice("Which deck? Send /unsubscribe DECK (or all); /decks lists yours.", Level.ERROR)
    if name.strip().lower() == offers.ALL:
        return offers.unsubscribe_all(turn)
    deck = decknames.find(turn, name, DeckAction.UNSUBSCRIBE)
    if not isinstance(deck, Deck):
        return deck
    if not repo.unsubscribe(turn.session, turn.user.id, deck.id):
        return Notice(f"You are not subscribed to {deck.title}.", Level.ERROR)
    if turn.user.study_deck == deck.id:  # studied for now: back to the other decks
        turn.user = repo.update_profile(turn.session, turn.user, study_deck=None)
    return Notice(f"Unsubscribed from {deck.title}. Your progress is kept if you come back.")


def view(turn: Turn, message: str | None = None, usage: str | None = None) -> SettingsView:
    """The learner's settings, the common changes to tap, and (`usage`) how to type any change."""
    user = turn.user
    instant = scheduled_push(turn.session, user.id)
    return SettingsView(
        user.timezone,
        user.push_time,
        user.new_per_day,
        user.desired_retention,
        user.paused,
        message,
        polls=user.polls,
        push_threshold=user.push_threshold,
        reminder=user.push_reminder,
        next_push=None if instant is None else local_clock(instant, user.timezone, turn.now),
        choices=common_changes(user, MAX_NEW_PER_DAY),
        usage=usage,
    )


def change_setting(turn: Turn, args: str) -> SettingsView | Notice:
    words, polls = args.split(), turn.learner.platform not in NO_POLLS
    usage = SETTINGS_USAGE if polls else SETTINGS_USAGE.replace("polls on|off · ", "")
    if not words:
        return view(turn, usage=usage)
    name, value = words[0].lower(), " ".join(words[1:])
    if name in {"timezone", "tz"} and value:
        return _change_timezone(turn, value)
    if name == "polls" and not polls:
        return Notice(POLLS_ELSEWHERE, Level.ERROR)
    if len(words) != 2:
        return Notice(usage, Level.ERROR)
    change = parse_setting(name, value)
    if isinstance(change, str):
        return Notice(usage if change == SETTINGS_USAGE else change, Level.ERROR)
    return _save(turn, name, *change)


def _save(turn: Turn, name: str, column: str, value: object, note: str = "") -> SettingsView:
    turn.user = repo.update_profile(turn.session, turn.user, **{column: value})
    if column in _RESCHEDULING:
        reschedule(turn.session, turn.user, turn.now)
    return view(turn, f"Saved: {_SHORT_NAMES.get(name, name)} = {_shown(value)}{f' ({note})' if note else ''}.")


def _change_timezone(turn: Turn, typed: str) -> SettingsView | Notice:
    """A city, a zone or an offset; a city that several zones share is asked about, with the places to tap."""
    found = timezones.resolve(typed)
    if isinstance(found, str):
        return Notice(found, Level.ERROR)
    if isinstance(found, timezones.Found):
        return _save(turn, "timezone", "timezone", found.zone, found.note)
    places = tuple(SettingChoice(f"{p.name}, {p.where} · {p.zone}", "timezone", p.zone) for p in found.places)
    ask = f"Which {found.name} do you mean? Tap one, or send /settings timezone with the zone it shows."
    return replace(view(turn, ask), choices=places)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


_SHORT_NAMES = {"push": "time", "tz": "timezone"}
_SWITCHES = {"pause": "paused", "polls": "polls", "reminder": "push_reminder"}  # /settings NAME on|off


def parse_setting(name: str, value: str) -> tuple[str, object] | str:
    """(column, normalised value) for a setting, or an error sentence when the value is not acceptable."""
    if name in {"time", "push"}:
        match = _TIME.fullmatch(value)
        if not match:
            return "The push time is HH:MM in 24-hour time, e.g. 08:30."
        return "push_time", f"{int(match[1]):02d}:{match[2]}"
    if name in {"timezone", "tz"}:
        found = timezones.resolve(value)
        if isinstance(found, timezones.Found):
            return "timezone", found.zone
        return found if isinstance(found, str) else f"Which {found.name}? Name the zone, e.g. {found.places[0].zone}."
    if name == "new":
        if not _WHOLE.fullmatch(value) or int(value) > MAX_NEW_PER_DAY:
            return f"New cards per day is a whole number from 0 to {MAX_NEW_PER_DAY}."
        return "new_per_day", int(value)
    if name == "retention":
        retention = float(value.replace(",", ".")) if _DECIMAL.fullmatch(value) and value[-1:].isdigit() else -1.0
        if not MIN_RETENTION <= retention <= MAX_RETENTION:
            return f"Desired retention is a number from {MIN_RETENTION:.2f} to {MAX_RETENTION:.2f}, e.g. 0.90."
        return "desired_retention", round(retention, 2)
    if name == "threshold":
        if not _WHOLE.fullmatch(value) or not 1 <= int(value) <= MAX_PUSH_THRESHOLD:
            return f"The push threshold is a whole number from 1 to {MAX_PUSH_THRESHOLD}."
        return "push_threshold", int(value)
    if name in _SWITCHES:
        if value.lower() not in {"on", "off"}:
            return f"Use /settings {name} on or /settings {name} off."
        return _SWITCHES[name], value.lower() == "on"
    return SETTINGS_USAGE


def set_paused(turn: Turn, paused: bool) -> Notice:
    turn.user = repo.update_profile(turn.session, turn.user, paused=paused)
    instant = reschedule(turn.session, turn.user, turn.now)
    if instant is None:
        return Notice("Daily quizzes paused. You can still /quiz any time; /resume to restart them.")
    when = local_clock(instant, turn.user.timezone, turn.now)
    return Notice(f"Daily quizzes resumed at {turn.user.push_time} ({turn.user.timezone}); the next one {when}.")
