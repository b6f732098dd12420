"""The decks shipped inside the package: the repository's top-level `decks/`, installed as `studybot._decks`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "studybot._decks"


def bundled_deck_files() -> list[Path]:
    """Every bundled deck file, wherever studybot is installed (or, in development, the repository's decks/)."""
    root = resources.files(PACKAGE)
    return sorted(Path(str(entry)) for entry in root.iterdir() if entry.name.endswith(".yaml"))
