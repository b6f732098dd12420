"""The common words shipped with the bot are the ones scripts/make-common-words.py derives from the installed
pyspellchecker list, and they are what a typo must not be forgiven into."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from studybot.engine.vocabulary import common_words, is_common_word

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make-common-words.py"


def test_the_shipped_list_is_the_one_the_script_makes() -> None:
    spec = importlib.util.spec_from_file_location("make_common_words", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert sorted(common_words()) == script.common_words()


def test_everyday_words_are_common_and_typos_and_jargon_are_not() -> None:
    assert is_common_word("block")
    assert is_common_word("Drip")
    assert not is_common_word("hesian")
    assert not is_common_word("watr")
    assert not is_common_word("café")
    assert not is_common_word("h2o")
