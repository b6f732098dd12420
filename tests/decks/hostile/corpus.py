"""Shared pieces of the hostile-deck corpus: a valid deck around one hostile value, and its errors."""

from __future__ import annotations

from pathlib import Path

from studybot.decks.loader import load_decks

HEADER = """deck: demo
title: Demo
sources:
  - id: notes
    title: Notes
    ref: "Test notes written for these tests."
cards:
"""
CARD_LINE = 8  # the line of the first card below HEADER


def short_card(question: str = "Q?", answers: str = "[x]") -> str:
    return f"  - {{id: a, type: short, question: {question}, answers: {answers}, explanation: E, source: notes}}\n"


def errors_in(paths: list[Path], base: Path) -> list[str]:
    result = load_decks(paths)
    return [str(e).removeprefix(f"{base}/") for e in sorted(result.errors)]


def deck_errors(tmp_path: Path, body: str | bytes, name: str = "demo.yaml") -> list[str]:
    path = tmp_path / name
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    return errors_in([path], tmp_path)
