"""The `studybot` command. Subcommands parse arguments and call the modules that do the work."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from importlib import metadata

from pydantic import ValidationError

from studybot import bootstrap
from studybot.adapters import console
from studybot.config import ENV_FILE, Settings
from studybot.decks.importer import ImportOptions
from studybot.engine.inputs import MAX_EXTERNAL_ID
from studybot.errors import ConfigError
from studybot.storage.dberrors import StorageBusy, StorageUnavailable

EXIT_STATUS = """\
exit status:
  0  success
  1  bad data: a deck file has problems, or an import was refused (nothing was written);
     export: the learner has no reviews
  2  bad configuration or usage: database URL, database server down or unusable, settings, arguments;
     export: unknown learner, a file that cannot be written"""


def _version() -> str:
    try:
        return metadata.version("studybot")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _learner_name(value: str) -> str:
    """`chat --user`: the learner's id in the database, so it must fit there (spaces around it are not part of it)."""
    name = value.strip()
    if not 0 < len(name) <= MAX_EXTERNAL_ID or not name.isprintable():
        raise argparse.ArgumentTypeError(f"a learner name is 1 to {MAX_EXTERNAL_ID} printable characters")
    return name


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studybot",
        description="A spaced-repetition study bot.",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"studybot {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="quiz yourself in the terminal (reads stdin, so it also works piped)")
    chat.add_argument("--user", default="me", type=_learner_name, help="learner name; each name has its own progress")
    chat.add_argument("--db", help="SQLAlchemy database URL (default: STUDYBOT_DATABASE_URL)")

    imp = sub.add_parser("import-deck", help="validate deck files and load them into the database")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="a deck file or a directory of *.yaml decks")
    imp.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    imp.add_argument("--prune", action="store_true", help="delete cards removed from the files (default: retire)")
    imp.add_argument(
        "--delete-reviews",
        action="store_true",
        help="with --prune: also delete cards that learners have reviewed, with that history",
    )
    imp.add_argument(
        "--take-over",
        action="store_true",
        help="let a file replace a deck that was imported from another file",
    )
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

    export = sub.add_parser("export", help="write a learner's review log as CSV for the FSRS optimizer")
    export.add_argument("--user", required=True, metavar="PLATFORM:ID", help="e.g. telegram:12345 or console:ana")
    export.add_argument("--out", required=True, metavar="FILE", help="the CSV file to write (replaced if it exists)")
    export.add_argument("--db", help="SQLAlchemy database URL (default: STUDYBOT_DATABASE_URL)")

    optimize = sub.add_parser("optimize", help="fit learners' FSRS parameters to their own reviews now")
    who = optimize.add_mutually_exclusive_group(required=True)
    who.add_argument("--user", metavar="PLATFORM:ID", help="one learner, e.g. telegram:12345 or console:ana")
    who.add_argument("--all", action="store_true", help="every learner with enough reviews")
    optimize.add_argument("--dry-run", action="store_true", help="print the fits; store nothing")
    optimize.add_argument("--db", help="SQLAlchemy database URL (default: STUDYBOT_DATABASE_URL)")

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
    except ValidationError as exc:
        print(f"studybot: bad settings: {_one_line(exc)}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:  # a .env saved as UTF-16 or Latin-1; its text may hold tokens: not shown
        where = f"byte 0x{exc.object[exc.start]:02X} at offset {exc.start}"
        print(f"studybot: cannot read {ENV_FILE}: not UTF-8 text ({where}); save it as UTF-8", file=sys.stderr)
        return 2
    url = settings.database_url if args.db is None else args.db
    try:
        return asyncio.run(_command(args, settings, url))
    except KeyboardInterrupt:  # Ctrl-C: leave at once, without a traceback
        print(f"\n{console.GOODBYE}" if args.command == "chat" else "\nstudybot: interrupted", file=sys.stderr)
        return 130
    except ConfigError as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    except StorageUnavailable as exc:
        print(f"studybot: the database stopped answering: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return 2
    except StorageBusy:
        print("studybot: the database is busy (another process holds its write lock); try again", file=sys.stderr)
        return 1


def _one_line(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors(include_url=False):
        name = ".".join(str(part) for part in error["loc"])  # empty for a check across settings
        message = error["msg"].removeprefix("Value error, ")
        problems.append(f"{name}: {message}" if name else message)
    return "; ".join(problems)


async def _command(args: argparse.Namespace, settings: Settings, url: str) -> int:
    if args.command == "chat":
        return await bootstrap.chat(settings, url, args.user)
    if args.command == "import-deck":
        options = ImportOptions(prune=args.prune, take_over=args.take_over, delete_reviews=args.delete_reviews)
        return await bootstrap.import_decks(url, args.paths, dry_run=args.dry_run, options=options)
    if args.command == "run":
        return await bootstrap.run(settings, url, args.platforms)
    if args.command == "export":
        return await bootstrap.export(url, args.user, args.out)
    if args.command == "optimize":
        return await bootstrap.optimize(url, args.user, dry_run=args.dry_run)
    if args.command == "push":
        return await bootstrap.push(settings, url, dry_run=args.dry_run)
    return await bootstrap.upgrade(url)
