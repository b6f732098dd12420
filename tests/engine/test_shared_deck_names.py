"""A learner who joined someone's shared deck names it as its owner does, by its short name, in every
command that takes a deck; when two decks shared with them have that name, they are asked which one."""

from __future__ import annotations

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Document, Notice
from tests.conftest import Chat


async def share(owner: Chat, deck: str) -> str:
    await owner.send(f"/share {deck}")
    assert isinstance(owner.last, Notice)
    assert owner.last.share_code is not None
    return owner.last.share_code


async def joined_two_decks_called_my_cards(engine: QuizEngine) -> Chat:
    """Bob, who joined Ana's and Cy's shared "my-cards"."""
    ana, cy, bob = Chat(engine, "ana"), Chat(engine, "cy"), Chat(engine, "bob")
    for owner in (ana, cy):
        await owner.send("/add What does ls list? | directory contents")
        await bob.send(f"/subscribe {await share(owner, 'my-cards')}")
    return bob


async def test_a_shared_deck_answers_to_its_short_name(engine: QuizEngine) -> None:
    ana, bob = Chat(engine, "ana"), Chat(engine, "bob")
    await ana.send("/add What does ls list? | directory contents")
    code = await share(ana, "my-cards")
    assert (await bob.send(f"/subscribe {code}")).startswith("Subscribed to My cards, shared with you.")

    assert "What does ls list?" in await bob.send("/quiz my-cards")
    await bob.send("")
    assert (await bob.send("1")).startswith("Graded Again.")
    assert "What does ls list?" in await bob.send("/cram my-cards")
    assert isinstance(await engine.export(bob.learner, "my-cards"), Document)
    assert (await bob.send("/unsubscribe my-cards")).startswith("Unsubscribed from My cards")


async def test_two_shared_decks_of_one_name_are_asked_about_with_their_full_ids(engine: QuizEngine) -> None:
    bob = await joined_two_decks_called_my_cards(engine)

    which = await bob.send("/quiz my-cards")
    export = await engine.export(bob.learner, "my-cards")

    ids = sorted(line.split()[1] for line in which.splitlines() if "— My cards" in line)
    assert len(ids) == 2
    assert all(i.endswith(".my-cards") for i in ids)
    assert which.startswith(f"“my-cards” names 2 decks shared with you: {ids[0]} and {ids[1]}. Which one?")
    assert isinstance(export, Notice)
    assert export.text == f"“my-cards” names 2 decks shared with you: {ids[0]} and {ids[1]}. Which one?"
    assert "What does ls list?" in await bob.send(f"/quiz {ids[1]}")


async def test_the_terminal_asks_which_one_with_the_command_that_studies_it(engine: QuizEngine) -> None:
    bob = await joined_two_decks_called_my_cards(engine)

    which = await bob.send("/quiz my-cards")

    assert which.endswith("\nSend /quiz DECK.")  # both are subscribed: nothing to subscribe to first
    assert (await Chat(engine, "dee").send("/quiz")).endswith("\nSend /subscribe DECK (or all), then /quiz DECK.")
