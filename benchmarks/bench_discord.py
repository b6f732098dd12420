"""Discord interactions per second and acknowledgement latency, end to end through real discord.py and the
fake Discord on loopback: the studybot bot (engine, SQLite) beside a bare discord.py button handler that makes
the same responses per answer (an edit that disables the buttons, a follow-up with feedback and the next
question) with no engine and no database — the framework's own ceiling on this machine.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import discord
import yaml
from discord import app_commands

from benchmarks.common import database, percentile, sqlite
from studybot.adapters.discord import DiscordService
from studybot.bootstrap import utc_now
from studybot.config import Settings
from studybot.decks.importer import import_decks
from studybot.decks.loader import load_decks
from studybot.engine.engine import QuizEngine
from studybot.engine.replies import Feedback, Learner, Prompt
from studybot.engine.turn import EngineSettings
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, Said
from tests.fakes.discord_payloads import GUILD_ID

LEARNERS, CLICKS_EACH = 10, 40
BARE_TEMPLATE = r"bare:(?P<n>[0-9]+):(?P<choice>[0-9]):(?P<owner>[0-9]+)"


def mcq_deck(path: Path, cards: int) -> Path:
    items = [
        {"id": f"c{i}", "type": "mcq", "question": f"Q{i}?", "choices": ["A", "B", "C", "D"], "answer": "A"}
        | {"source": "gen", "explanation": f"Because {i}."}
        for i in range(cards)
    ]
    sources = [{"id": "gen", "title": "Generated", "url": "https://example.org/generated"}]
    path.write_text(yaml.safe_dump({"deck": "bench", "title": "Bench", "sources": sources, "cards": items}))
    return path


# --- the bare handler: discord.py alone, answering like the bot does --------------------------------
def bare_question(n: int, owner: int) -> dict[str, Any]:
    view = discord.ui.View(timeout=None)
    for key in "1234":
        view.add_item(BareButton(n, key, owner))
    view.stop()
    embed = discord.Embed(description=f"Question {n}?\n**1.** A\n**2.** B\n**3.** C\n**4.** D")
    embed.set_footer(text="Bench · 0 due · 20 new left today")
    return {"embeds": [embed], "view": view}


class BareButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=BARE_TEMPLATE):
    def __init__(self, n: int, choice: str, owner: int) -> None:
        label = f"{choice}. {'ABCD'[int(choice) - 1]}"
        super().__init__(discord.ui.Button(label=label, custom_id=f"bare:{n}:{choice}:{owner}"))
        self.n, self.owner = n, owner

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> BareButton:
        return cls(int(match["n"]), match["choice"], int(match["owner"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.message is not None
        answered = discord.ui.View.from_message(interaction.message, timeout=None)
        for item in answered.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        answered.stop()
        await interaction.response.edit_message(view=answered)
        feedback = discord.Embed(
            title="✓ Correct.", description="**Source:** Generated\nRated Good · next review in 10m"
        )
        following = bare_question(self.n + 1, self.owner)
        embeds = [feedback, *following["embeds"]]
        await interaction.followup.send(embeds=embeds, view=following["view"], ephemeral=True)


class BareClient(discord.AutoShardedClient):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True))
        self.tree = app_commands.CommandTree(self)

        async def quiz(interaction: discord.Interaction[Any]) -> None:
            await interaction.response.send_message(**bare_question(0, interaction.user.id), ephemeral=True)

        self.tree.add_command(app_commands.Command(name="quiz", description="Next card", callback=quiz))

    async def setup_hook(self) -> None:
        self.add_dynamic_items(BareButton)
        guild = discord.Object(int(GUILD_ID))
        self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)


# --- the load: learners clicking the first choice of each question, all at once --------------------
async def learner(person: Person, latencies: list[float]) -> int:
    said: Said = await person.slash("quiz")
    for _ in range(CLICKS_EACH):
        said = await person.click(said, "1.")
        latencies.append(said.exchange.acknowledged_at - said.exchange.sent_at)
    return CLICKS_EACH


async def load(people: list[Person]) -> Result:
    latencies: list[float] = []
    started = time.perf_counter()
    counts = await asyncio.gather(*(learner(person, latencies) for person in people))
    return Result(sum(counts) / (time.perf_counter() - started), latencies)


async def serve_bare(fake: FakeDiscord, learners: int) -> Result:
    client = BareClient()
    async with client:
        await client.login(fake.token)
        connection = asyncio.create_task(client.connect())
        await fake.connected()
        result = await load([Person(fake, f"learner{i}") for i in range(learners)])
        await client.close()
        await connection
    return result


async def serve_studybot(fake: FakeDiscord, url: str, deck: Path, learners: int) -> Result:
    async with database(url) as db:
        loaded = load_decks([deck])
        assert loaded.ok, loaded.errors
        await db.run(lambda session: import_decks(session, loaded.decks, now=utc_now()))
        engine = QuizEngine(db, clock=utc_now, rng=Random(5), settings=EngineSettings(new_per_day=500))
        settings = Settings(
            discord_bot_token=fake.token, discord_api_base=fake.api_base, discord_guild_id=int(GUILD_ID)
        )
        stop = asyncio.Event()
        serving = asyncio.create_task(DiscordService(engine, settings).serve(stop))
        await fake.connected()
        people = [Person(fake, f"learner{i}") for i in range(learners)]
        for person in people:
            await engine.subscribe(Learner("discord", str(person.id)), "bench")
        result = await load(people)
        stop.set()
        await serving
    return result


async def engine_alone(url: str, deck: Path, learners: int) -> float:
    """The same answers straight through the engine, no Discord at all: the bot's other ceiling."""
    async with database(url) as db:
        engine = QuizEngine(db, clock=utc_now, rng=Random(6), settings=EngineSettings(new_per_day=500))
        people = [Learner("discord", f"alone{learners}-{i}") for i in range(learners)]
        for person in people:
            await engine.subscribe(person, "bench")

        async def answer_all(person: Learner) -> None:
            reply = await engine.next(person)
            for _ in range(CLICKS_EACH):
                assert isinstance(reply, Prompt), reply
                feedback = await engine.answer(person, "1", reply.nonce)
                assert isinstance(feedback, Feedback), feedback
                reply = feedback.next if isinstance(feedback.next, Prompt) else await engine.next(person)

        started = time.perf_counter()
        await asyncio.gather(*(answer_all(person) for person in people))
        return learners * CLICKS_EACH / (time.perf_counter() - started)


@dataclass
class Result:
    rate: float
    latencies: list[float]

    def __str__(self) -> str:
        p50, p99 = percentile(self.latencies, 0.50) * 1000, percentile(self.latencies, 0.99) * 1000
        return f"{self.rate:.0f} interactions/s, acknowledgement p50 {p50:.1f} ms, p99 {p99:.1f} ms"


async def compare(fake: FakeDiscord, url: str, deck: Path, learners: int) -> None:
    results: dict[str, Result] = {}
    for name in ("bare", "studybot", "bare", "studybot"):  # alternating, so drift in machine load hits both
        fake.identified.clear()
        fake.synced.clear()
        bench = serve_bare(fake, learners) if name == "bare" else serve_studybot(fake, url, deck, learners)
        results[name] = await bench  # the second run of each counts
    ratio = results["studybot"].rate / results["bare"].rate
    alone = await engine_alone(url, deck, learners)
    print(f"discord, {learners} learner(s) clicking at once, against the fake on loopback:")
    print(f"  bare discord.py handler: {results['bare']}")
    print(f"  studybot (SQLite):       {results['studybot']}  — {ratio:.2f}× the bare rate")
    print(f"  the same answers through the engine alone, no Discord: {alone:.0f} answers/s")


async def run(url: str, deck: Path) -> None:
    fake = FakeDiscord()
    await fake.start()
    discord.http.Route.BASE = fake.api_base
    try:
        for learners in (LEARNERS, 1):  # saturated, then one learner at a time (latency without queueing)
            await compare(fake, url, deck, learners)
    finally:
        await fake.close()
    print("  (targets: ≥ 0.70× the bare rate; acknowledgement p99 ≤ 100 ms)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        deck = mcq_deck(Path(tmp) / "bench.yaml", LEARNERS * CLICKS_EACH * 3)
        with sqlite() as url:
            asyncio.run(run(url, deck))


if __name__ == "__main__":
    main()
