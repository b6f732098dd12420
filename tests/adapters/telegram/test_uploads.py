"""Decks of one's own on Telegram: documents downloaded from the fake Bot API (getFile, then the file
URL), refused by the announced size before any download, hostile packages refused with one line and
nothing written, and sharing by deep link."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import genanki
from sqlalchemy import func, select

from studybot.engine.engine import QuizEngine
from studybot.storage.models import Card, Deck
from tests.adapters.telegram.conftest import GROUP
from tests.decks.anki_files import CLOZE_MODEL, current_apkg, legacy_apkg, zip_bomb, zipped
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_chat import Person

BOM_SEMICOLONS = "\ufefffront;back;explanation\nWhat does GC stand for?;garbage collection;memory\nTLB?;a cache;\n"


def own_cards(engine: QuizEngine) -> int:
    with engine.db.transaction() as session:
        query = (
            select(func.count()).select_from(Card).join(Deck, Deck.id == Card.deck_id).where(Deck.owner_id.is_not(None))
        )
        return int(session.scalar(query) or 0)


async def test_a_csv_document_becomes_a_deck_with_a_study_button(alice: Person, fake: FakeTelegram) -> None:
    await alice.sends_file("GC notes.csv", BOM_SEMICOLONS.encode())

    report = alice.last_message()
    assert report.text == "Imported 2 cards into “GC notes”. Send /quiz gc-notes to study it."
    assert report.buttons == ["▶ Study it"]
    assert fake.downloads == ["documents/file1"]
    await alice.presses("▶ Study it")
    assert "What does GC stand for?" in alice.bot_said()


async def test_a_legacy_apkg_with_a_cloze_and_an_image_only_note(
    alice: Person, person: Callable[..., Person], engine: QuizEngine
) -> None:
    package = legacy_apkg(
        [
            (genanki.BASIC_MODEL, ["What is <b>RAII</b>?", "scope-bound<br>resources"]),
            (CLOZE_MODEL, ["The {{c1::heap}} holds {{c2::objects}}", ""]),
            (genanki.BASIC_MODEL, ['<img src="diagram.png">', "a diagram"]),
        ],
        deck_name="C++ notes",
    )

    await alice.sends_file("cpp.apkg", package)

    assert alice.bot_said() == ("Imported 3 cards into “C++ notes”. 1 skipped: image-only. Send /quiz cpp to study it.")
    bob = person(1002, "Bob")
    await bob.says("/decks")
    assert "C++ notes" not in bob.bot_said()
    await alice.says("/decks")
    assert "C++ notes" in alice.bot_said()


async def test_a_current_layout_apkg(alice: Person) -> None:
    package = current_apkg(
        [(11, 1, ["Stack <i>or</i> heap?", "stack"], [0, 1]), (12, 2, ["A {{c1::TLB}} caches", ""], [0])]
    )

    await alice.sends_file("systems.apkg", package)

    assert alice.bot_said().startswith("Imported 3 cards into “Systems”.")


async def test_a_50_mb_file_is_refused_before_it_is_downloaded(
    alice: Person, fake: FakeTelegram, engine: QuizEngine
) -> None:
    await alice.sends_file("huge.apkg", b"PK\x03\x04", announced_size=50 * 1024 * 1024)

    assert alice.bot_said() == "⚠️ huge.apkg: 50.0 MB; a deck file may be at most 10 MB."
    assert fake.calls_to("getFile") == []
    assert fake.downloads == []


async def test_files_sent_while_one_is_being_read_are_refused_before_they_are_downloaded(
    alice: Person, fake: FakeTelegram
) -> None:
    """Forwarding one 10 MB file a hundred times costs a learner nothing; read as they came, each would be
    held in memory while it waited for its turn to be parsed."""
    release = fake.hold("getFile")
    first = asyncio.create_task(alice.sends_file("GC notes.csv", BOM_SEMICOLONS.encode()))
    await fake.held.wait()  # the first file is on its way in

    for copy in range(3):
        await alice.sends_file(f"copy {copy}.csv", BOM_SEMICOLONS.encode())
        assert alice.bot_said() == (
            "⚠️ One file at a time: I am still reading the one you sent before. Send this one again once I have "
            "answered."
        )
    release.set()
    await first

    assert alice.last_message().text.startswith("Imported 2 cards into “GC notes”.")
    assert fake.downloads == ["documents/file1"]
    await alice.sends_file("copy 0.csv", BOM_SEMICOLONS.encode())  # once answered, the next file is read
    assert alice.bot_said().startswith("Imported 2 cards into “copy 0”.")


async def test_while_eight_files_are_on_their_way_in_a_ninth_waits_for_its_sender_to_send_it_again(
    person: Callable[..., Person], fake: FakeTelegram
) -> None:
    """Eight accounts' files in memory at once at most (about 80 MB at the default size limit), however many
    accounts send one together."""
    senders = [person(2000 + n, f"Sender {n}") for n in range(9)]
    releases = [fake.hold("getFile") for _ in range(8)]
    tasks = [
        asyncio.create_task(p.sends_file(f"deck {n}.csv", BOM_SEMICOLONS.encode())) for n, p in enumerate(senders[:8])
    ]
    while len(fake.calls_to("getFile")) < 8:  # all eight are on their way in
        fake.held.clear()
        await fake.held.wait()

    await senders[8].sends_file("late.csv", BOM_SEMICOLONS.encode())
    assert senders[8].bot_said() == "⚠️ Many people are sending me files just now. Send yours again in a minute."
    for release in releases:
        release.set()
    await asyncio.gather(*tasks)

    assert all(p.last_message().text.startswith("Imported 2 cards") for p in senders[:8])
    await senders[8].sends_file("late.csv", BOM_SEMICOLONS.encode())
    assert senders[8].bot_said().startswith("Imported 2 cards into “late”.")


async def test_a_file_whose_size_telegram_does_not_give_is_not_downloaded(alice: Person, fake: FakeTelegram) -> None:
    await alice.sends_file("quiet.csv", b"front,back\nQ,A\n", unsized=True)

    assert "did not say how big that file is" in alice.bot_said()
    assert fake.downloads == []


async def test_hostile_packages_get_one_line_and_nothing_is_written(alice: Person, engine: QuizEngine) -> None:
    cases = {
        "bomb.apkg": (zip_bomb(220 * 1024 * 1024), "a zip bomb?"),
        "escape.apkg": (zipped({"../../etc/cron.d/x": b"boom", "collection.anki2": b""}), "unsafe path"),
        "lies.apkg": (b"front,back\n", "not an Anki package (it is not a zip file)"),
        "lies.csv": (zipped({"collection.anki2": b""}), "the file is a zip archive"),
        "nul.csv": (b"front,back\nA\x00,B\n", "nul.csv:2: a NUL byte"),
        "latin1.csv": ("front,back\ncafé,B\n".encode("latin-1"), "latin1.csv:2: not UTF-8 text"),
    }
    for name, (content, expected) in cases.items():
        await alice.sends_file(name, content)
        said = alice.bot_said()
        assert said.startswith(f"⚠️ {name}"), said
        assert expected in said, said
        assert "\n" not in said
    assert own_cards(engine) == 0


async def test_uploads_in_a_group_point_to_the_private_chat(person: Callable[..., Person], fake: FakeTelegram) -> None:
    alice = person(1001, "Alice", GROUP)
    await alice.sends_file("holiday.pdf", b"%PDF-1.4")  # a file shared with the group: not for the bot
    assert alice.new_messages() == []

    await alice.sends_file("gc.csv", BOM_SEMICOLONS.encode(), caption="/import")

    assert alice.bot_said() == "⚠️ Decks of your own are private: send me the file in a private chat."
    assert fake.downloads == []


async def test_share_gives_a_deep_link_that_subscribes(alice: Person, person: Callable[..., Person]) -> None:
    await alice.sends_file("gc.csv", BOM_SEMICOLONS.encode())
    await alice.says("/share gc")
    link = alice.bot_said().split("Link: ")[1]
    assert link.startswith("https://t.me/studybot_test_bot?start=deck-")

    bob = person(1002, "Bob")
    await bob.says(f"/start {link.split('start=')[1]}")

    assert "Subscribed to gc, shared with you." in bob.bot_said()
    await bob.says("/quiz")
    assert "What does GC stand for?" in bob.bot_said()


async def test_deletedeck_asks_with_a_button_that_only_its_owner_can_press(
    alice: Person, person: Callable[..., Person], engine: QuizEngine
) -> None:
    await alice.sends_file("gc.csv", BOM_SEMICOLONS.encode())
    await alice.says("/deletedeck gc")
    question = alice.last_message()
    assert question.text.startswith("This deletes gc with its 0 reviews")
    assert question.buttons == ["🗑 Delete it"]

    bob = person(1002, "Bob")
    assert await bob.sends_callback(question, question.callback("🗑 Delete it")) == (
        "This question is someone else's. Send /quiz for your own."
    )
    assert own_cards(engine) == 2
    await alice.presses("🗑 Delete it")

    deleted = alice.room.messages_in(alice.chat_id)[-1]
    assert deleted.text.endswith("🗑 Deleted gc and its 0 reviews.")
    assert deleted.buttons == []
    assert own_cards(engine) == 0
