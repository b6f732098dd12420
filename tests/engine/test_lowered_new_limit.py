"""A learner who lowers their daily new-card limit below what they have met today reads a true count."""

from __future__ import annotations

from pathlib import Path

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from tests.conftest import Chat, FakeClock

PAIR_DECK = """deck: pair
title: Pair
sources:
  - {id: notes, title: Notes, ref: "Notes written for this test."}
cards:
  - {id: one, type: truefalse, statement: One is a number., answer: true, explanation: It is., source: notes}
  - {id: two, type: truefalse, statement: Two is a number., answer: true, explanation: It is., source: notes}
"""


async def test_a_limit_lowered_below_todays_new_cards_is_not_called_todays(
    chat: Chat, clock: FakeClock, tmp_path: Path
) -> None:
    (tmp_path / "pair.yaml").write_text(PAIR_DECK)
    with chat.engine.db.transaction() as session:
        import_decks(session, load_decks([tmp_path / "pair.yaml"]).decks, now=clock.now)
    await chat.send("/settings new 2")
    await chat.send("/subscribe pair")
    for _ in range(10):  # both cards, each asked again at its learning step (learn-ahead) until learned
        if (await chat.send("/quiz")).startswith("All caught up."):
            break
        await chat.send("1")
    await chat.send("/subscribe physics")
    assert "You have met today's 2 new cards; more tomorrow." in await chat.send("/quiz")

    await chat.send("/settings new 1")
    reply = await chat.send("/quiz")
    assert "You have met 2 new cards today, more than your daily limit of 1 now; more tomorrow." in reply
    assert "today's 1 new card" not in reply
