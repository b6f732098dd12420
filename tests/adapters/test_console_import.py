"""`/import` in the terminal without a path."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from tests.adapters.test_console_export import say


async def test_import_without_a_path_says_how_in_the_terminal(engine: QuizEngine) -> None:
    """Not "send me a deck file in this private chat": a terminal has no chat to drop a file into."""
    text = await say(engine, "/import\n/import   \n")
    assert text.count("Error: say which file: /import PATH (a .yaml, .csv, .tsv or Anki .apkg deck file).") == 2
    assert "private chat" not in text
