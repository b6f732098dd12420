"""Property tests: whatever a learner (or a platform) sends, every engine call returns a reply.

Runs on SQLite and PostgreSQL: PostgreSQL refuses NUL and over-long ids that SQLite would store, and
no driver can encode a lone surrogate. Example counts are kept modest so the suite stays fast.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studybot.adapters.console import render
from studybot.engine.commands import COMMANDS, dispatch
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from studybot.srs import Rating

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
# every code point, lone surrogates and NUL included; digits of every script are the interesting ones
anything = st.text(st.characters(exclude_categories=()), max_size=80)
TRICKY_DIGITS = ["❶", "➀", "①", "²", "١", "٩", "𝟐", "Ⅻ", "½", "߁", "໑", "¹⁰", "1٩", "０"]
digits = st.one_of(
    st.sampled_from(TRICKY_DIGITS), st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=4)
)
words = st.one_of(anything, digits, st.sampled_from(["1", "2", "true", "I was right", "", " ", "\x00", "9" * 5000]))
SETTING_NAMES = ["time", "timezone", "tz", "new", "retention", "pause", "push", "x"]
command_lines = st.one_of(
    words,
    st.builds(lambda c, a: f"/{c.name} {a}", st.sampled_from(COMMANDS), words),
    st.builds(lambda n, v: f"/settings {n} {v}", st.sampled_from(SETTING_NAMES), words),
    st.builds(lambda a, b: f"/settings time {a}:{b}", digits, digits),
)
learners = st.builds(
    Learner,
    platform=st.one_of(st.just("console"), anything, st.text(min_size=17, max_size=40)),
    external_id=st.one_of(st.just("fuzz"), anything, st.text(min_size=65, max_size=200)),
    display_name=st.one_of(anything, st.text(min_size=129, max_size=300)),
)
nonces = st.one_of(anything, st.none(), st.text(min_size=65, max_size=500))


def _call(engine: QuizEngine, learner: Learner, name: str, text: str, nonce: Any, rating: Rating) -> Any:
    calls = {
        "answer": lambda: engine.answer(learner, text, nonce),
        "reveal": lambda: engine.reveal(learner, nonce or text),
        "grade": lambda: engine.grade(learner, nonce or text, rating),
        "override": lambda: engine.override(learner, nonce),
        "subscribe": lambda: engine.subscribe(learner, text),
        "unsubscribe": lambda: engine.unsubscribe(learner, text),
        "change_settings": lambda: engine.change_settings(learner, text),
        "start": lambda: engine.start(learner, subscribe_all=True),
        "decks": lambda: engine.decks(learner),
        "next": lambda: engine.next(learner),
        "hint": lambda: engine.hint(learner),
        "skip": lambda: engine.skip(learner),
        "undo": lambda: engine.undo(learner),
        "stats": lambda: engine.stats(learner),
        "pause": lambda: engine.pause(learner, bool(len(text) % 2)),
    }
    return calls[name]()


CALL_NAMES = [
    "answer", "reveal", "grade", "override", "subscribe", "unsubscribe", "change_settings",
    "start", "decks", "next", "hint", "skip", "undo", "stats", "pause",
]  # fmt: skip


@FUZZ
@given(lines=st.lists(command_lines, min_size=1, max_size=6))
async def test_any_chat_line_gets_a_reply(engine: QuizEngine, lines: list[str]) -> None:
    learner = Learner("console", "fuzz", "Fuzz")
    await engine.start(learner, subscribe_all=True)
    for line in ["/quiz", *lines]:
        reply = await dispatch(engine, learner, line)
        assert render(reply)


@FUZZ
@given(answers=st.lists(st.one_of(digits, words), min_size=1, max_size=4))
async def test_an_open_question_answered_with_any_digits_gets_a_reply(engine: QuizEngine, answers: list[str]) -> None:
    learner = Learner("console", "digits")
    await engine.start(learner, subscribe_all=True)
    for answer in answers:
        assert render(await engine.next(learner))
        assert render(await engine.answer(learner, answer))


@FUZZ
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(CALL_NAMES), words, nonces, st.sampled_from(list(Rating)), learners),
        min_size=1,
        max_size=6,
    )
)
async def test_every_engine_call_replies_to_anything(engine: QuizEngine, steps: list[tuple[Any, ...]]) -> None:
    for name, text, nonce, rating, learner in steps:
        reply = await _call(engine, learner, name, text, nonce, rating)
        assert render(reply)
