"""A re-import changes or removes a card while a challenge is asking it: the question keeps what it showed,
and no chat's timer is held up by it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.replies import ChallengeQuestion, Place
from studybot.engine.replies import Learner
from tests.conftest import DATA, FakeClock

GROUP, OTHER = Place("telegram", "-100"), Place("telegram", "-200")
ALICE, BOB = Learner("telegram", "1", "Alice"), Learner("telegram", "2", "Bob")
LIGHT = "Roughly how fast does light travel in vacuum?"
SOUND = "Sound travels through a vacuum."
MCQ = '    choices: ["300,000 km/s", "30,000 km/s", "3,000 km/s", "300 km/s"]\n'
TRUEFALSE = "    type: truefalse\n    statement: Sound travels through a vacuum.\n    answer: false\n"


def reimport(engine: QuizEngine, folder: Path, clock: FakeClock, edit: Callable[[str], str], *, prune: bool) -> None:
    (folder / "physics.yaml").write_text(edit((DATA / "physics.yaml").read_text()))
    result = load_decks([folder / "physics.yaml"])
    assert result.ok, result.errors
    with engine.db.transaction() as session:
        import_decks(session, result.decks, now=clock.now, prune=prune)


def reordered_and_retyped(text: str) -> str:
    """The choices of the light question in another order; the sound statement now a short-answer card."""
    return text.replace(MCQ, '    choices: ["300 km/s", "3,000 km/s", "30,000 km/s", "300,000 km/s"]\n').replace(
        TRUEFALSE, "    type: short\n    question: Does sound travel through a vacuum?\n    answers: [no]\n"
    )


def key_of(question: ChallengeQuestion, label: str) -> str:
    return next(c.key for c in question.choices if c.label == label)


async def test_a_question_keeps_its_choices_and_the_next_changed_card_is_skipped(
    engine: QuizEngine, clock: FakeClock, tmp_path: Path
) -> None:
    groups = GroupEngine(engine, challenge_seconds=20)
    started = await groups.challenge(GROUP, ALICE, "physics 2")
    first = started.ask
    assert first is not None
    assert first.text == LIGHT  # Random(7) asks the light question first, the sound statement second
    other = (await groups.challenge(OTHER, BOB, "chemistry 1")).ask
    assert other is not None
    reimport(engine, tmp_path, clock, reordered_and_retyped, prune=False)

    clock.advance(seconds=1)
    said = await groups.answer(GROUP, ALICE, first.nonce, key_of(first, "300,000 km/s"))
    assert said.say is not None
    assert said.say.text == "✓ Right: +10 points"  # scored against the choices Alice saw
    clock.advance(seconds=20)
    closes = {update.chat_id: update for update in await groups.close_due("telegram")}
    assert set(closes) == {"-100", "-200"}
    (shown,) = closes["-100"].closed
    assert (shown.text, shown.answer, [w.name for w in shown.right]) == (LIGHT, "300,000 km/s", ["Alice"])
    assert closes["-100"].ask is None  # the sound card is no longer a true/false card: skipped
    board = closes["-100"].scoreboard
    assert board is not None
    assert (board.questions, [(r.name, r.points) for r in board.rows]) == (1, [("Alice", 10)])
    assert closes["-200"].scoreboard is not None


async def test_a_removed_card_leaves_its_question_to_close(
    engine: QuizEngine, clock: FakeClock, tmp_path: Path
) -> None:
    groups = GroupEngine(engine, challenge_seconds=20)
    first = (await groups.challenge(GROUP, ALICE, "physics 2")).ask
    assert first is not None
    assert first.text == LIGHT
    cut = (DATA / "physics.yaml").read_text().split("  - id: speed-of-light\n")[1].split("  - id: sound-in-vacuum\n")[0]
    reimport(engine, tmp_path, clock, lambda text: text.replace("  - id: speed-of-light\n" + cut, ""), prune=True)

    clock.advance(seconds=1)
    said = await groups.answer(GROUP, ALICE, first.nonce, key_of(first, "300,000 km/s"))
    assert said.say is not None
    assert said.say.text == "✓ Right: +10 points"
    clock.advance(seconds=20)
    (closed,) = await groups.close_due("telegram")
    assert (closed.closed[0].text, closed.closed[0].answer) == (LIGHT, "300,000 km/s")
    second = closed.ask
    assert second is not None
    assert second.text == SOUND
    stopped = await groups.challenge(GROUP, ALICE, "stop")
    assert stopped.scoreboard is not None
    assert (await groups.challenge(GROUP, ALICE, "physics 1")).ask is not None  # nothing left running
