"""The new-card cursor: deep progress stays cheap, and no unseen card is ever skipped for good."""

from __future__ import annotations

from pathlib import Path

from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.replies import Prompt
from tests.conftest import DATA, Chat, FakeClock


async def test_undone_first_review_comes_back_as_new_after_a_skip(chat: Chat, clock: FakeClock) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    first = chat.last
    assert isinstance(first, Prompt)
    await chat.send("H2O")  # seen: the cursor moves past it
    await chat.send("/undo")  # unseen again, and asked again
    await chat.send("/skip")  # set aside until tomorrow
    clock.advance(days=1)
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.card_id == first.card_id


async def test_a_card_added_to_a_finished_deck_is_found(chat: Chat, clock: FakeClock, tmp_path: Path) -> None:
    await chat.send("/subscribe chemistry")
    await chat.send("/settings new 50")
    for _ in range(3):
        await chat.send("/quiz")
        assert isinstance(chat.last, Prompt)
        await chat.send("zzz" if chat.last.kind != "mcq" else "1")
    clock.advance(days=30)
    text = (DATA / "chemistry.yaml").read_text()
    added = text.replace(
        "cards:\n",
        "cards:\n  - {id: salt, type: short, question: Formula of table salt?, "
        "answers: [NaCl], explanation: Sodium chloride., source: notes}\n",
        1,
    )
    path = tmp_path / "chemistry.yaml"
    path.write_text(added)
    with chat.engine.db.transaction() as session:
        import_decks(session, load_decks([path]).decks, now=clock.now)
    for _ in range(6):
        await chat.send("/quiz")
        if isinstance(chat.last, Prompt) and chat.last.text == "Formula of table salt?":
            break
        await chat.send("/skip")
    assert isinstance(chat.last, Prompt)
    assert chat.last.text == "Formula of table salt?"


async def test_progress_counts_new_cards_left(chat: Chat) -> None:
    await chat.send("/subscribe physics")
    await chat.send("/settings new 3")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.progress == "0 due · 3 new left today"
    await chat.send("1")
    await chat.send("/subscribe chemistry")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.progress.endswith("2 new left today")


async def test_new_cards_skipped_until_tomorrow_are_not_counted_as_left_today(chat: Chat) -> None:
    await chat.send("/subscribe chemistry")  # three new cards
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.progress == "0 due · 3 new left today"
    for left in (2, 1):
        await chat.send("/skip")
        assert isinstance(chat.asked, Prompt)
        assert chat.asked.progress == f"0 due · {left} new left today"
    await chat.send("/skip")
    assert chat.asked is None  # the three are back tomorrow


async def test_progress_stops_counting_new_cards_past_99(chat: Chat, clock: FakeClock, tmp_path: Path) -> None:
    cards = "".join(
        f"  - {{id: c{n}, type: short, question: What is {n} plus one?, answers: ['{n + 1}'],"
        " explanation: Count on., source: notes}\n"
        for n in range(150)
    )
    path = tmp_path / "sums.yaml"
    notes = "  - {id: notes, title: Test notes, ref: Test notes written for these tests.}\n"
    path.write_text(f"deck: sums\ntitle: Sums\nsources:\n{notes}cards:\n{cards}")
    with chat.engine.db.transaction() as session:
        import_decks(session, load_decks([path]).decks, now=clock.now)
    await chat.send("/subscribe sums")
    await chat.send("/settings new 120")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.progress == "0 due · 99+ new left today"  # 120 may be met today; counted no further
    await chat.send("/settings new 99")
    await chat.send("/quiz")
    assert isinstance(chat.last, Prompt)
    assert chat.last.progress == "0 due · 99 new left today"
