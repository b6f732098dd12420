"""Escaping, splitting and button ids, checked against the fake server's own Telegram HTML parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studybot.adapters.telegram import codec
from studybot.adapters.telegram.codec import Action, Press
from studybot.adapters.telegram.keyboards import Audience
from studybot.adapters.telegram.markup import MAX_TEXT, bold, esc, split, toast, units
from studybot.adapters.telegram.render import render
from studybot.adapters.telegram.sending import fits_poll
from studybot.engine.replies import Choice, Citation, Feedback, Prompt, QuizPoll
from tests.fakes.telegram_html import parse_html, utf16_len


@given(st.text())
def test_any_text_escaped_is_valid_html_that_reads_as_the_text(text: str) -> None:
    shown, entities = parse_html(esc(text))
    assert shown == "".join(c for c in text if c in "\t\n" or not (ord(c) < 32 or ord(c) == 127))
    assert entities == []


@given(st.text(min_size=190, max_size=400))
def test_any_toast_fits_200_units_and_begins_as_the_text(text: str) -> None:
    shown = toast(text)
    assert utf16_len(shown) <= 200
    assert shown == text or text.startswith(shown.removesuffix("…").rstrip())


@pytest.mark.parametrize(
    ("name", "unit"),
    [("🇫🇷", "🇫🇷"), ("é", "e\u0301"), ("thumbs", "👍🏽"), ("heart", "❤️"), ("family", "👩‍👩‍👧‍👦")],
)
def test_a_toast_is_cut_between_whole_characters_as_a_reader_sees_them(name: str, unit: str) -> None:
    shown = toast("x" + unit * 150).removesuffix("…")
    assert shown.removeprefix("x") == unit * ((len(shown) - 1) // len(unit))


def test_a_long_reply_is_split_at_line_boundaries_into_valid_pieces() -> None:
    lines = [f"{bold(f'Deck {i}')} — <code>deck-{i}</code>, {i} cards 🎓" for i in range(400)]
    pieces = split("\n".join(lines))
    assert len(pieces) > 1
    for piece in pieces:
        text, _ = parse_html(piece)
        assert 1 <= utf16_len(text) <= MAX_TEXT
        assert piece.startswith("<b>Deck")  # every piece starts at a line
    assert "\n".join(pieces) == "\n".join(lines)


def test_one_huge_line_is_cut_without_breaking_tags_or_entities() -> None:
    huge = bold("&<>🎓 " * 2000)
    pieces = split(huge)
    assert len(pieces) >= 3
    texts = [parse_html(piece)[0] for piece in pieces]
    assert all(units(piece) <= MAX_TEXT for piece in pieces)
    assert "".join(texts).replace(" ", "") == ("&<>🎓" * 2000)


def test_button_ids_fit_64_bytes_and_round_trip() -> None:
    press = Press(Action.CHOICE, "AbCdEfGhJk", 10**15, "12")
    data = codec.encode(press)
    assert len(data.encode()) <= 64
    assert codec.decode(data) == press
    assert codec.decode(codec.encode(Press(Action.SUBSCRIBE, "", codec.ANYONE, "gc-tricolor"))) is not None
    with pytest.raises(codec.TooLong):
        codec.encode(Press(Action.SUBSCRIBE, "", codec.ANYONE, "d" * 64))


@pytest.mark.parametrize(
    "data",
    ["", "x", "c:nonce:1", "c:no-nce:1:1", "c:nonce:abc:1", "g:nonce:1:5", "s::0:Bad Deck", "s:nonce:0:deck", "c::1:1"],
)
def test_anything_else_is_not_a_button_of_ours(data: str) -> None:
    assert codec.decode(data) is None


def _prompt(labels: tuple[str, ...]) -> Prompt:
    choices = tuple(Choice(str(i + 1), label) for i, label in enumerate(labels))
    return Prompt(
        1, "d", "Deck <1>", "mcq", "Is 2 < 3 & 4 > 1?", choices, "AbCdEfGhJk", "1 due · 0 new left today", True
    )


def test_short_choices_are_buttons_and_long_ones_are_listed_with_number_buttons() -> None:
    (short,) = render(_prompt(("<yes>", "no")), Audience(5, "Ana"))
    assert parse_html(short.text)[0] == "Deck <1> · 1 due · 0 new left today\nIs 2 < 3 & 4 > 1?"
    (long,) = render(_prompt(("a" * 40, "<b>" * 20)), Audience(5, "Ana"))
    assert parse_html(long.text)[0].endswith(f"1. {'a' * 40}\n2. {'<b>' * 20}")
    assert long.markup is not None
    assert [b.text for row in long.markup.inline_keyboard for b in row] == ["1", "2"]


def test_feedback_with_a_wrong_answer_offers_i_was_right() -> None:
    feedback = Feedback(
        correct=False, expected="<H2O>", given="x", near_miss=False, explanation="2 & 1", source=Citation("Notes"),
        rating="Again", due=datetime(2026, 1, 1, tzinfo=UTC), interval=timedelta(minutes=1),
        nonce="AbCdEfGhJk", can_override=True,
    )  # fmt: skip
    (message,) = render(feedback, Audience(5, "Ana"))
    assert parse_html(message.text)[0].splitlines()[:2] == ["✗ Not quite. The answer is: <H2O>", "Why: 2 & 1"]
    assert message.markup is not None
    assert codec.decode(message.markup.inline_keyboard[0][0].callback_data) == Press(Action.OVERRIDE, "AbCdEfGhJk", 5)


@pytest.mark.parametrize(
    ("question", "options", "explanation", "fits"),
    [
        ("Q?", ("a", "b"), "why", True),
        ("Q" * 300, ("a" * 100,) * 12, "w" * 200, True),
        ("Q" * 301, ("a", "b"), None, False),
        ("Q?", ("a" * 101, "b"), None, False),
        ("Q?", ("a",) * 13, None, False),
        ("Q?", ("a", "b"), "w" * 201, False),
        ("Q?", ("a", "b"), "one\ntwo\nthree\nfour", False),
    ],
)
def test_a_card_beyond_the_poll_limits_is_asked_with_buttons(
    question: str, options: tuple[str, ...], explanation: str | None, fits: bool
) -> None:
    keys = tuple(str(i + 1) for i in range(len(options)))
    assert fits_poll(QuizPoll("n", question, options, keys, 0, explanation)) is fits
