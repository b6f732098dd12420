"""`/link`, `/link CODE` and `/unlink`: one learner across Telegram, Discord and the terminal.

`/link` gives a one-time code (10 minutes, once); `/link CODE` on another account joins that account's
learner into the code's: one schedule, one history, the code giver's settings (see storage/links.py for
how the rows are joined). Wrong codes are counted per account: after five, it may not try for an hour.
Codes come from `secrets`, not the injected `rng`: they are credentials, and must not be predictable.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from studybot.engine.replies import Level, Notice
from studybot.engine.turn import Turn
from studybot.engine.wording import count
from studybot.push.reschedule import reschedule
from studybot.storage import links, repo

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8
CODE_TTL = timedelta(minutes=10)
MAX_WRONG = 5
LOCKED_FOR = timedelta(hours=1)
PLATFORM_NAMES = {"telegram": "Telegram", "discord": "Discord", "console": "the terminal"}
_NOT_CODE = re.compile(r"[^A-Z0-9]")


def link(turn: Turn, args: str) -> Notice:
    return redeem(turn, args) if args.strip() else new_code(turn)


def new_code(turn: Turn) -> Notice:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    links.put_code(turn.session, turn.user.id, _hash(code), turn.now + CODE_TTL)
    shown = f"{code[:4]}-{code[4:]}"
    return Notice(
        f"Your link code: {shown} (valid for 10 minutes, once). On your other account (Telegram, Discord or the "
        f"terminal) send /link {shown}: it joins this one, with one schedule and one history, and this "
        "account's settings."
    )


def redeem(turn: Turn, typed: str) -> Notice:
    account = _account(turn)
    if links.wrong_tries(turn.session, account, turn.now - LOCKED_FOR) >= MAX_WRONG:
        return Notice("Too many wrong link codes from this account. Try again in an hour.", Level.ERROR)
    giver = links.take_code(turn.session, _hash(typed), turn.now)
    if giver is None:
        left = MAX_WRONG - links.count_wrong(turn.session, account, turn.now, turn.now - LOCKED_FOR)
        tries = f"{left} {'try' if left == 1 else 'tries'} left" if left else "no tries left for an hour"
        return Notice(
            f"That link code is wrong, used or expired ({tries}). Send /link on your other account for a new one.",
            Level.ERROR,
        )
    if giver == turn.user.id:
        return Notice("These accounts are already one learner.")
    links.merge(turn.session, keep=giver, other=turn.user.id)
    links.forget_tries(turn.session, account)
    links.trade_identities(turn.session, giver, account)  # daily pushes go where the learner is now
    user = repo.find_user(turn.session, turn.learner.platform, turn.learner.external_id)
    assert user is not None
    turn.user = user
    reschedule(turn.session, user, turn.now)
    names = [PLATFORM_NAMES.get(p, p) for _, p in links.accounts_of(turn.session, user.id)]
    return Notice(
        f"Linked: you are one learner on {' and '.join(sorted(set(names)))}, with one schedule and one history, "
        "and the settings of the account that gave the code. /unlink splits them again."
    )


def spend(session: Session, typed: str, now: datetime) -> None:
    """The code `typed` stops working (it was shown where others could read it)."""
    links.take_code(session, _hash(typed), now)


def unlink(turn: Turn) -> Notice:
    rows = links.accounts_of(turn.session, turn.user.id)
    if len(rows) < 2:
        return Notice("This account is not linked to another. /link joins two accounts into one learner.", Level.ERROR)
    account = _account(turn)
    if account == turn.user.id:  # this account is the one the learner's row answers to: hand that to another
        account = rows[1][0]
        links.trade_identities(turn.session, turn.user.id, account)
    cards = links.detach(turn.session, account, turn.user.id)
    user = repo.find_user(turn.session, turn.learner.platform, turn.learner.external_id)
    assert user is not None
    turn.user = user
    reschedule(turn.session, user, turn.now)
    return Notice(
        "Unlinked: from now on this account is a learner of its own. It starts from your schedule as it is "
        f"({count(cards, 'card')}); the review history stays with your other account."
    )


def follow(turn: Turn) -> None:
    """The learner writes from a linked account other than the one their row answers to: it becomes that
    one, so their next daily push goes to the platform they used last."""
    learner, user = turn.learner, turn.user
    if (user.platform, user.external_id) == (learner.platform, learner.external_id):
        return
    links.trade_identities(turn.session, user.id, _account(turn))
    turn.user = replace(user, platform=learner.platform, external_id=learner.external_id)


def _account(turn: Turn) -> int:
    account = links.account_id(turn.session, turn.learner.platform, turn.learner.external_id)
    assert account is not None  # the turn created it
    return account


def _hash(code: str) -> str:
    return hashlib.sha256(_NOT_CODE.sub("", code.upper()).encode()).hexdigest()
