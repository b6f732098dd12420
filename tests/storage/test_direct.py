"""Statements sent straight to the driver (storage/direct.py) read and write exactly what SQLAlchemy's
execute would, raise SQLAlchemy's errors, and are seen by statement listeners."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError, NoResultFound

from studybot.engine.engine import QuizEngine
from studybot.storage import direct
from studybot.storage.db import Database
from studybot.storage.direct import Direct
from studybot.storage.models import Card, PendingPrompt, User

SHOWN = datetime(2026, 6, 1, 12, 30, 15, 123456, tzinfo=UTC)
_USER = insert(User).values(
    platform="console",
    external_id=bindparam("who"),
    display_name="Ana ✓ 'quoted'",
    timezone="Europe/Berlin",
    push_time="09:00",
    new_per_day=20,
    desired_retention=0.87,
    paused=False,
    blocked=False,
    created_at=SHOWN,
    polls=True,
    push_threshold=1,
)
_PENDING = (
    select(PendingPrompt)
    .with_only_columns(
        PendingPrompt.nonce,
        PendingPrompt.choice_order,
        PendingPrompt.revealed,
        PendingPrompt.shown_at,
        PendingPrompt.expires_at,
        PendingPrompt.message_ids,
    )
    .where(PendingPrompt.user_id == bindparam("uid"))
)
_ADD_PENDING = insert(PendingPrompt).values(
    user_id=bindparam("uid"),
    nonce=bindparam("nonce"),
    card_id=bindparam("card"),
    choice_order=bindparam("order"),
    revealed=True,
    hint_used=False,
    hints=0,
    shown_at=bindparam("shown"),
    expires_at=bindparam("expires"),
    message_ids=None,
    cram=False,
)
_USER_ROW = select(User.id, User.display_name, User.desired_retention, User.polls, User.created_at).where(
    User.external_id == bindparam("who")
)


async def test_values_written_and_read_are_those_sqlalchemy_gives(engine: QuizEngine) -> None:
    with engine.db.transaction() as session:
        card = session.scalars(select(Card.id).limit(1)).one()
        Direct(_USER).rows(session, {"who": "ana"})
        user = Direct(_USER_ROW).first(session, {"who": "ana"})
        assert user is not None
        assert tuple(user) == tuple(session.connection().execute(_USER_ROW, {"who": "ana"}).one())
        assert user.display_name == "Ana ✓ 'quoted'"
        assert user.created_at == SHOWN  # aware UTC, to the microsecond
        assert user.polls is True
        assert session.scalar(select(User.push_reminder).where(User.id == user.id)) is False  # the column's default
        values = {
            "uid": user.id,
            "card": card,
            "nonce": "n1",
            "order": [2, 0, 1],
            "shown": SHOWN,
            "expires": SHOWN + timedelta(1),
        }
        Direct(_ADD_PENDING).rows(session, values)
        read = Direct(_PENDING).first(session, {"uid": user.id})
        assert read == session.connection().execute(_PENDING, {"uid": user.id}).one()
        assert read == ("n1", [2, 0, 1], True, SHOWN, SHOWN + timedelta(1), None)
        assert read.choice_order == [2, 0, 1]


async def test_no_row(db: Database) -> None:
    with db.transaction() as session:
        assert Direct(_USER_ROW).first(session, {"who": "nobody"}) is None
        assert Direct(_USER_ROW).scalar(session, {"who": "nobody"}) is None
        assert Direct(_USER_ROW).rows(session, {"who": "nobody"}) == []
        with pytest.raises(NoResultFound):
            Direct(_USER_ROW).scalar_one(session, {"who": "nobody"})


async def test_a_driver_error_is_sqlalchemys_error_and_the_transaction_rolls_back(db: Database) -> None:
    add = Direct(_USER)
    with db.transaction() as session:
        add.rows(session, {"who": "ana"})

    def bea_then_ana_again() -> None:
        with db.transaction() as session:
            add.rows(session, {"who": "bea"})
            add.rows(session, {"who": "ana"})  # (platform, external_id) is unique

    with pytest.raises(IntegrityError):
        bea_then_ana_again()
    with db.transaction() as session:
        assert Direct(_USER_ROW).first(session, {"who": "bea"}) is None


async def test_a_missing_parameter_is_refused_before_anything_is_sent(db: Database) -> None:
    sent: list[str] = []
    with direct.listening(sent.append), pytest.raises(Exception, match="who"), db.transaction() as session:
        Direct(_USER_ROW).rows(session, {})
    assert sent == []


async def test_listeners_see_each_statement_while_they_listen(db: Database) -> None:
    sent: list[str] = []
    with db.transaction() as session:
        with direct.listening(sent.append):
            Direct(_USER).rows(session, {"who": "ana"})
            Direct(_USER_ROW).first(session, {"who": "ana"})
        Direct(_USER_ROW).first(session, {"who": "ana"})
    assert [statement.split()[0] for statement in sent] == ["INSERT", "SELECT"]


async def test_a_parameter_used_twice_is_converted_once(db: Database) -> None:
    at = bindparam("at")
    statement = Direct(select(User.id).where(User.created_at <= at, User.created_at >= at))
    with db.transaction() as session:
        Direct(_USER).rows(session, {"who": "ana"})
        assert statement.scalar(session, {"at": SHOWN}) is not None
