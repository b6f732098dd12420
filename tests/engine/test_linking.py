"""/link and /unlink in the engine, through the console's words: three accounts, one learner, and an
/unlink said on the account the learner's row answers to."""

from __future__ import annotations

import re

from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Learner
from tests.conftest import Chat, FakeClock

CODE = re.compile(r"Your link code: (\S+) ")


async def code_of(chat: Chat) -> str:
    found = CODE.search(await chat.send("/link"))
    assert found is not None
    return found[1]


async def test_three_accounts_become_one_learner_and_the_last_used_one_can_leave(
    engine: QuizEngine, clock: FakeClock
) -> None:
    home, laptop, phone = Chat(engine, "home"), Chat(engine, "laptop"), Chat(engine, "phone")
    phone.learner = Learner("telegram", "77", "Ana")
    await home.send("/subscribe physics")
    await home.send("/quiz")
    await home.send("1")
    assert "Linked: you are one learner on the terminal" in await laptop.send(f"/link {await code_of(home)}")
    assert "one learner on Telegram and the terminal" in await phone.send(f"/link {await code_of(laptop)}")
    assert "Reviewed today: 1" in await phone.send("/stats")

    clock.advance(minutes=1)
    await laptop.send("/quiz")  # the laptop is now the account the learner's row answers to
    assert "Unlinked" in await laptop.send("/unlink")
    assert "Physics basics" in await laptop.send("/quiz")  # it kept a copy of the decks and the schedule
    await laptop.send("1")
    assert "Reviewed today: 1" in await laptop.send("/stats")  # its own history starts now
    assert "Reviewed today: 1" in await home.send("/stats")  # home and phone are still one learner
    await phone.send("/quiz")
    await phone.send("1")
    assert "Reviewed today: 2" in await home.send("/stats")
    assert "not linked" in await laptop.send("/unlink")


async def test_an_unlinked_account_starts_from_the_learners_settings_not_from_what_it_did_before_linking(
    engine: QuizEngine, clock: FakeClock
) -> None:
    home, laptop = Chat(engine, "home"), Chat(engine, "laptop")
    await laptop.send("/subscribe physics")
    await laptop.send("/cram physics")  # the laptop was cramming when it was linked
    await home.send("/settings reminder on")
    await laptop.send(f"/link {await code_of(home)}")

    assert "Unlinked" in await laptop.send("/unlink")

    assert "Cram" not in await laptop.send("/quiz")  # no cram left over from before the link
    assert "Nothing to undo in this cram" not in await laptop.send("/undo")
    assert "Evening reminder after an unanswered push: on" in await laptop.send("/settings")


async def test_undo_after_linking_keeps_what_the_other_account_had_learned_of_the_card(
    engine: QuizEngine, clock: FakeClock
) -> None:
    ana, bob = Chat(engine, "ana"), Chat(engine, "bob")  # one person's two accounts
    for account in (ana, bob):  # each answers the first physics card on its own
        await account.send("/subscribe physics")
        await account.send("/quiz")
        await account.send("1")
        clock.advance(minutes=5)
    await ana.send(f"/link {await code_of(bob)}")

    assert "Undone" in await ana.send("/undo")  # bob's answer, the latest: ana's still counts

    stats = await ana.send("/stats")
    assert "Physics basics: 1/5 seen" in stats
    await ana.send("/skip")  # the card asked again is set aside; nothing else is new to it
    assert "new today: 1 of 20" in await ana.send("/stats")
