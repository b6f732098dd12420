"""What a button press says back (answerCallbackQuery's text): at most 200 characters, counted the strict way
(UTF-16 code units, as Telegram counts lengths), and never cut inside an emoji."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.storage.db import Database
from tests.adapters.telegram.conftest import GROUP
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person
from tests.fakes.telegram_html import utf16_len

FAMILY = "👩‍👩‍👧‍👦"  # one emoji a reader sees: 7 code points, 11 UTF-16 units
FLAG = "🇫🇷"  # two regional indicators: split, they show as two letters


def emoji_deck(folder: Path) -> Path:
    path = folder / "emoji.yaml"
    path.write_text(
        f"""deck: emoji
title: Emoji
sources: [{{id: s, title: S, ref: R}}]
cards:
  - id: c1
    type: mcq
    question: Which one is a family?
    choices: [Family, Flag]
    answer: Family
    explanation: "{FLAG + FAMILY * 40}"
    source: s
""",
        encoding="utf-8",
    )
    return path


async def test_a_long_emoji_explanation_is_cut_to_fit_the_toast_between_emoji(
    person: Callable[..., Person], fake: FakeTelegram, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    loaded = load_decks([emoji_deck(tmp_path)])
    assert loaded.ok, loaded.errors
    with db.transaction() as session:
        import_decks(session, loaded.decks, now=clock.now)
    alice = person(1001, "Alice", GROUP)
    await alice.says("/subscribe emoji")
    await alice.says("/quiz")

    toast = await alice.presses("Family", on=alice.question())

    assert toast is not None
    assert utf16_len(toast) <= 200
    assert toast.startswith(f"✓ Correct. {FLAG}{FAMILY}")
    assert toast.endswith("…")
    cut = toast.removeprefix(f"✓ Correct. {FLAG}").removesuffix("…")
    assert cut == FAMILY * (len(cut) // len(FAMILY))  # whole emoji only
