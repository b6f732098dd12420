"""What each CLI command does: wiring settings, database, engine and adapters together."""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from random import Random

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from studybot import optimizing
from studybot.adapters import console
from studybot.config import Settings
from studybot.decks.bundled import bundled_deck_files
from studybot.decks.errors import printable
from studybot.decks.importer import ImportOptions, plan_import
from studybot.decks.importer import import_decks as import_into
from studybot.decks.loader import LoadResult, load_decks
from studybot.decks.report import ImportRefused
from studybot.engine.engine import QuizEngine
from studybot.engine.export import Revlog, revlog
from studybot.engine.replies import Learner
from studybot.engine.turn import EngineSettings
from studybot.engine.wording import count
from studybot.logs import setup_logging
from studybot.progress import ProgressBar
from studybot.push.once import push_once
from studybot.push.planner import Planner
from studybot.push.ticker import PushTicker
from studybot.service import PlatformService, ReadyDeliveries, run_services, stop_on_signals
from studybot.storage.db import Database
from studybot.storage.engines import is_sqlite
from studybot.storage.repo import deck_count, find_user
from studybot.waiting import wait_for_database

PLATFORM_TOKENS = {"telegram": "TELEGRAM_BOT_TOKEN", "discord": "DISCORD_BOT_TOKEN"}


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_engine(settings: Settings, db: Database) -> QuizEngine:
    engine_settings = EngineSettings(
        default_timezone=settings.default_timezone,
        default_push_time=settings.push_time.strftime("%H:%M"),
        admins=settings.admin_ids,
        upload_max_bytes=settings.upload_max_bytes,
        upload_max_cards=settings.upload_max_cards,
        max_decks_per_learner=settings.max_decks_per_learner,
        optimize=settings.optimize == "auto",
    )
    return QuizEngine(db, clock=utc_now, rng=Random(), settings=engine_settings)  # noqa: S311 - not crypto


async def prepare(db: Database, settings: Settings) -> int:
    """Migrate, and on an empty database import the bundled decks. 0, or the import's exit status."""
    await db.upgrade()
    if await _has_decks(db):
        return 0
    decks: list[str | Path] = [settings.decks_dir] if settings.decks_dir else [*bundled_deck_files()]
    return await asyncio.to_thread(_first_import, db, decks)


async def chat(settings: Settings, url: str, user: str) -> int:
    new_file = _new_sqlite_file(url)
    db = Database(url)
    ready = False
    try:
        if status := await prepare(db, settings):
            return status
        ready = True
        engine = make_engine(settings, db)
        try:
            await console.chat(engine, Learner(console.PLATFORM, user, user))
        finally:
            await engine.close()
        return 0
    finally:
        await db.close()
        if new_file is not None and not ready:  # a failed first start leaves no empty database behind
            _remove_sqlite_file(new_file)


def _new_sqlite_file(url: str) -> Path | None:
    """The SQLite file `url` names, when it does not exist yet (so this run would create it)."""
    if not is_sqlite(url):  # also refuses an empty or malformed URL with a ConfigError
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser()
    return None if path.exists() else path


def _remove_sqlite_file(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


async def _has_decks(db: Database) -> bool:
    return await db.run(lambda session: deck_count(session) > 0, read_only=True)


def _first_import(db: Database, decks: Sequence[str | Path]) -> int:
    """The bundled decks, once: under the setup lock, so processes starting together import them once."""
    result = load_decks(list(decks))
    if not result.ok:
        return _report_problems(result)
    with db.setup_lock() as locked:
        if deck_count(locked) == 0:
            import_into(locked, result.decks, now=utc_now())
    return 0


def _report_problems(result: LoadResult) -> int:
    for error in sorted(result.errors):
        print(error, file=sys.stderr)
    print(f"{count(len(result.errors), 'problem')}; nothing was imported.", file=sys.stderr)
    return 1


async def import_decks(url: str, paths: list[str], *, dry_run: bool, options: ImportOptions) -> int:
    db = Database(url)
    try:
        await db.upgrade()
        return await _import(db, paths, dry_run=dry_run, options=options)
    finally:
        await db.close()


async def _import(db: Database, paths: Sequence[str | Path], *, dry_run: bool, options: ImportOptions) -> int:
    """Validate, plan (reading only), then write in short steps so learners' answers are not held up."""
    result = load_decks(list(paths))
    if not result.ok:
        return _report_problems(result)
    try:
        plans = await db.run(
            lambda session: plan_import(session, result.decks, now=utc_now(), options=options), read_only=True
        )
    except ImportRefused as refused:
        for problem in refused.problems:
            print(printable(problem), file=sys.stderr)
        print(f"{count(len(refused.problems), 'problem')}; nothing was imported.", file=sys.stderr)
        return 1
    if not dry_run:
        bar = ProgressBar(sum(len(deck.cards) for deck in result.decks), sys.stderr)
        for plan in plans:
            for step in plan.steps(bar.advance):
                await db.run(step)
                await db.let_writers_in()
        bar.close()
    for plan in plans:
        print(plan.report)
    print("(dry run: nothing was written)" if dry_run else f"Imported {count(len(plans), 'deck')}.")
    return 0


async def upgrade(url: str) -> int:
    db = Database(url)
    try:
        await db.upgrade()
    finally:
        await db.close()
    print("Database is at the latest schema.")
    return 0


async def run(settings: Settings, url: str, platforms: list[str]) -> int:
    tokens = {"telegram": settings.telegram_bot_token, "discord": settings.discord_bot_token}
    wanted = platforms or [name for name, token in tokens.items() if token]
    missing = [PLATFORM_TOKENS[name] for name in (platforms or PLATFORM_TOKENS) if not tokens[name]]
    if not wanted or (platforms and missing):
        print(
            f"studybot run: no token for {', '.join(platforms) or 'any platform'}. Set "
            f"{' and/or '.join(missing)} in the environment or .env. To try the bot without a token: "
            "studybot chat",
            file=sys.stderr,
        )
        return 2
    setup_logging(_secrets(settings))
    db = Database(url)
    try:
        stop = asyncio.Event()
        stop_on_signals(stop)
        if not await wait_for_database(db, stop):
            return 0  # SIGTERM while the database was not up yet
        if status := await prepare(db, settings):
            return status
        engine = make_engine(settings, db)
        services = [platform_service(name, engine, settings) for name in wanted]
        try:
            return await run_services(services, [push_ticker(engine, settings, services)], stop)
        finally:
            await engine.close()
    finally:
        await db.close()


def _secrets(settings: Settings) -> list[str]:
    """What the log must never show: the tokens and the webhook secret."""
    secrets = (settings.telegram_bot_token, settings.discord_bot_token, settings.telegram_webhook_secret)
    return [secret.get_secret_value() for secret in secrets if secret]


async def optimize(url: str, user: str | None, *, dry_run: bool) -> int:
    """`studybot optimize`: see studybot/optimizing.py."""
    if user is not None and not all(user.partition(":")[::2]):
        print(f"studybot optimize: --user must be PLATFORM:ID (e.g. telegram:12345), not {user!r}", file=sys.stderr)
        return 2
    if (missing := _new_sqlite_file(url)) is not None:
        print(f"studybot optimize: no database at {missing}", file=sys.stderr)
        return 2
    db = Database(url)
    try:
        await db.upgrade()
        return await optimizing.optimize(db, user, dry_run=dry_run, now=utc_now, say=print)
    finally:
        await db.close()


async def export(url: str, user: str, out: str) -> int:
    """`studybot export`: a learner's review log (as `/export` sends it) written to `out`."""
    platform, _, external_id = user.partition(":")
    if not platform or not external_id:
        print(f"studybot export: --user must be PLATFORM:ID (e.g. telegram:12345), not {user!r}", file=sys.stderr)
        return 2
    if (missing := _new_sqlite_file(url)) is not None:  # do not create an empty database to find nobody in
        print(f"studybot export: no database at {missing}", file=sys.stderr)
        return 2
    db = Database(url)
    try:
        await db.upgrade()
        found = await db.run(lambda session: _revlog(session, platform, external_id), read_only=True)
    finally:
        await db.close()
    if found is None:
        print(f"studybot export: no learner {user} in this database", file=sys.stderr)
        return 2
    if not found.reviews:
        print(f"studybot export: {user} has no reviews to export (nothing written)", file=sys.stderr)
        return 1
    try:
        await asyncio.to_thread(Path(out).write_bytes, found.csv)
    except OSError as exc:
        print(f"studybot export: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"Wrote {count(found.reviews, 'review')} of {count(found.cards, 'card')} to {out} (cram answers left out).")
    return 0


def _revlog(session: Session, platform: str, external_id: str) -> Revlog | None:
    learner = find_user(session, platform, external_id)
    return None if learner is None else revlog(session, learner.id)


def push_ticker(engine: QuizEngine, settings: Settings, platforms: list[PlatformService]) -> PushTicker:
    """Pushes through the platforms that are up at each tick: a failed or stopped one is not offered any."""
    planner = Planner(engine, ReadyDeliveries(platforms), clock=utc_now, grace=settings.push_grace)
    return PushTicker(planner, wake_on=[service.ready for service in platforms])  # pushes missed while down


async def push(settings: Settings, url: str, *, dry_run: bool) -> int:
    """`studybot push --once`: one tick from this process, delivering over the platforms' HTTP APIs.
    Its log (warnings and errors only: a cron job's mail) goes through the same token scrubbing as `run`'s."""
    setup_logging(_secrets(settings), level=logging.WARNING)
    db = Database(url)
    try:
        if status := await prepare(db, settings):
            return status
        return await push_once(make_engine(settings, db), settings, clock=utc_now, dry_run=dry_run)
    finally:
        await db.close()


def platform_service(name: str, engine: QuizEngine, settings: Settings) -> PlatformService:
    """The adapter package `studybot.adapters.NAME`, imported only when its platform runs."""
    module = importlib.import_module(f"studybot.adapters.{name}")
    service: PlatformService = module.service(engine, settings)
    return service
