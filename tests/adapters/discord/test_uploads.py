"""Decks of one's own on Discord: `/import file:` in a DM (the attachment downloaded from the fake's
loopback CDN), refused by its announced size before any download, refused in a server channel, `/add`,
and sharing by code to a second learner who studies it with their own schedule."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import genanki
import pytest

from studybot.adapters.discord import handlers
from studybot.adapters.discord.uploads import DOWNLOAD_FAILED
from studybot.engine.engine import QuizEngine
from tests.adapters.discord.conftest import RunningBot
from tests.decks.anki_files import legacy_apkg
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person

CSV = "front,back\nWhat is a page fault?,an access to a page not in memory\n"


async def test_import_a_legacy_apkg_in_a_dm_and_share_it(fake: FakeDiscord, bot: object) -> None:
    ana, ben = Person(fake, "ana", in_dms=True), Person(fake, "ben", in_dms=True)
    package = legacy_apkg([(genanki.BASIC_MODEL, ["What is <i>paging</i>?", "fixed-size memory blocks"])])

    said = await ana.slash_with_file("import", "file", fake.attach("os.apkg", package))

    assert said.text == "Imported 1 card into “GC notes”. Send /quiz os to study it."
    assert len(fake.attachment_downloads) == 1
    shared = await ana.slash("share", deck="os")
    code = shared.text.split("/subscribe ")[1].split(".")[0]
    assert (
        await ben.slash("subscribe", deck=code)
    ).text == "Subscribed to GC notes, shared with you. Send /quiz to start."
    for person in (ana, ben):
        question = await person.slash("quiz")
        assert "What is paging?" in question.text


async def test_files_sent_while_one_is_being_read_are_refused_before_they_are_downloaded(
    fake: FakeDiscord, bot: object
) -> None:
    ana = Person(fake, "ana", in_dms=True)
    fake.held_downloads = release = asyncio.Event()
    first = asyncio.create_task(ana.slash_with_file("import", "file", fake.attach("os.csv", CSV.encode())))
    await fake.download_waiting.wait()

    said = await ana.slash_with_file("import", "file", fake.attach("again.csv", CSV.encode()))

    assert said.text == (
        "⚠️ One file at a time: I am still reading the one you sent before. Send this one again once I have answered."
    )
    assert len(fake.attachment_downloads) == 1
    release.set()
    assert (await first).text == "Imported 1 card into “os”. Send /quiz os to study it."


async def test_a_50_mb_attachment_is_refused_before_it_is_downloaded(fake: FakeDiscord, bot: object) -> None:
    ana = Person(fake, "ana", in_dms=True)
    attachment = fake.attach("big.csv", CSV.encode(), announced_size=50 * 1024 * 1024)

    said = await ana.slash_with_file("import", "file", attachment)

    assert said.text.endswith("big.csv: 50.0 MB; a deck file may be at most 10 MB.")
    assert fake.attachment_downloads == []


async def test_import_in_a_server_channel_points_to_the_dm(fake: FakeDiscord, ana: Person) -> None:
    said = await ana.slash_with_file("import", "file", fake.attach("gc.csv", CSV.encode()))

    assert said.text.endswith("Decks of your own are private: send me the file in a private chat.")
    assert said.ephemeral
    assert fake.attachment_downloads == []


async def test_add_a_card_by_slash_command(ana: Person) -> None:
    said = await ana.slash("add", card="What is a TLB? | a translation cache")
    assert said.text.endswith("Added 1 card to My cards. /quiz my-cards studies them.")
    assert "What is a TLB?" in (await ana.slash("quiz", deck="my-cards")).text


def nothing_listening() -> str:
    """The address of a loopback port nobody listens on: a CDN that cannot be reached."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/attachments/1/gc.csv"


async def test_an_attachment_that_cannot_be_downloaded_is_said(fake: FakeDiscord, bot: object) -> None:
    ana = Person(fake, "ana", in_dms=True)
    attachment = fake.attach("gc.csv", CSV.encode())
    attachment["url"] = attachment["proxy_url"] = nothing_listening()  # a connection error, not an HTTP status

    said = await ana.slash_with_file("import", "file", attachment)

    assert said.text.endswith(DOWNLOAD_FAILED.text)


async def test_an_import_that_fails_in_the_engine_is_apologised_for(
    fake: FakeDiscord, engine: QuizEngine, bot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = Person(fake, "ana", in_dms=True)

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the parser's worker died")

    monkeypatch.setattr(engine, "upload", broken)

    said = await ana.slash_with_file("import", "file", fake.attach("gc.csv", CSV.encode()))

    assert said.text == handlers.BROKEN


async def test_a_stop_lets_an_import_in_flight_finish(
    fake: FakeDiscord, engine: QuizEngine, bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = Person(fake, "ana", in_dms=True)
    entered, release = asyncio.Event(), asyncio.Event()
    upload = engine.upload

    async def held(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        await release.wait()
        return await upload(*args, **kwargs)

    monkeypatch.setattr(engine, "upload", held)
    importing = asyncio.create_task(ana.slash_with_file("import", "file", fake.attach("gc.csv", CSV.encode())))
    await asyncio.wait_for(entered.wait(), 20)

    bot.stop.set()  # SIGTERM, while the deck is being imported
    release.set()

    assert "Imported 1 card" in (await importing).text
    assert bot.task is not None
    await asyncio.wait_for(bot.task, 20)
