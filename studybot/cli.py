"""The `studybot` command. Subcommands parse arguments and call the modules that do the work."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from studybot import bootstrap
from studybot.adapters import console
from studybot.config import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studybot", description="A spaced-repetition study bot.")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="quiz yourself in the terminal (reads stdin, so it also works piped)")
    chat.add_argument("--user", default="me", help="learner name; each name has its own progress")
    chat.add_argument("--db", help="SQLAlchemy database URL (default: STUDYBOT_DATABASE_URL)")

    imp = sub.add_parser("import-deck", help="validate deck files and load them into the database")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="a deck file or a directory of *.yaml decks")
    imp.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    imp.add_argument("--prune", action="store_true", help="delete cards removed from the files (default: retire)")
    imp.add_argument("--db", help="SQLAlchemy database URL (default: STUDYBOT_DATABASE_URL)")

    run = sub.add_parser("run", help="run the chat platforms that have a token")
    run.add_argument(
        "platforms", nargs="*", metavar="PLATFORM", help="telegram and/or discord (default: all with a token)"
    )
    run.add_argument("--db", help="SQLAlchemy database URL (default: STUDYBOT_DATABASE_URL)")

    push = sub.add_parser("push", help="one daily-push tick now, beside a running bot or without one")
    push.add_argument("--once", action="store_true", required=True, help="run one tick and exit (required)")
    push.add_argument("--dry-run", action="store_true", help="list who would be pushed and why not; send nothing")
    push.add_argument("--db", help="SQLAlchemy database URL (default: STUDYBOT_DATABASE_URL)")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_sub.add_parser("upgrade", help="apply migrations up to the latest schema")
    upgrade.add_argument("--db", help="SQLAlchemy database URL (default: STUDYBOT_DATABASE_URL)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "run" and (unknown := set(args.platforms) - set(bootstrap.PLATFORM_TOKENS)):
        parser.error(f"unknown platform {', '.join(sorted(unknown))} (choose from telegram, discord)")
    try:
        settings = Settings()
    except ValueError as exc:
        print(f"studybot: bad settings: {exc}", file=sys.stderr)
        return 2
    url = args.db or settings.database_url
    try:
        return _run(args, settings, url)
    except KeyboardInterrupt:  # Ctrl-C: leave at once, without a traceback
        print(f"\n{console.GOODBYE}" if args.command == "chat" else "\nstudybot: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, settings: Settings, url: str) -> int:
    if args.command == "chat":
        return asyncio.run(bootstrap.chat(settings, url, args.user))
    if args.command == "import-deck":
        return asyncio.run(bootstrap.import_decks(url, args.paths, dry_run=args.dry_run, prune=args.prune))
    if args.command == "run":
        return asyncio.run(bootstrap.run(settings, url, args.platforms))
    if args.command == "push":
        return asyncio.run(bootstrap.push(settings, url, dry_run=args.dry_run))
    return asyncio.run(bootstrap.upgrade(url))
