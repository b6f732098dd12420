"""`studybot run` with both tokens: Telegram and Discord in one process, one engine, one database.

A real process against the fake Bot API and the fake Discord on loopback, stopped with SIGTERM; and one
platform that cannot connect, which must not take the other down.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from studybot.engine.replies import Learner
from tests.conftest import REPO
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person, as_text, buttons_of
from tests.fakes.discord_payloads import GUILD_ID
from tests.fakes.telegram_api import FakeTelegram
from tests.pg import Cluster
from tests.push.seed import pushes, seed_due
from tests.wording import same, same_lines

WAIT_S = 60
ANA = {"id": 5, "is_bot": False, "first_name": "Ana"}
ANA_CHAT = {"id": 5, "type": "private", "first_name": "Ana"}


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def discord() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.close()


def environment(telegram: FakeTelegram, discord: FakeDiscord, tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "TELEGRAM_", "DISCORD_"))}
    return env | {
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "STUDYBOT_TELEGRAM_BASE_URL": telegram.base_url,
        "DISCORD_BOT_TOKEN": discord.token,
        "STUDYBOT_DISCORD_API_BASE": discord.api_base,
        "STUDYBOT_DISCORD_GATEWAY_URL": discord.gateway_url,
        "STUDYBOT_DISCORD_GUILD_ID": GUILD_ID,
        "STUDYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "STUDYBOT_DECKS_DIR": str(REPO / "decks"),
        **overrides,
    }


@dataclass
class Finished:
    returncode: int | None
    output: str

    @property
    def errors(self) -> list[str]:
        """ERROR lines, without their time stamps."""
        return [line.split(" ", 2)[2] for line in self.output.splitlines() if " ERROR " in line]


class Bot:
    """`studybot run` (both platforms: both tokens are set) as a process."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []  # its log (stderr) so far
        self._reading = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            self.lines.append(line.decode())

    async def until(self, condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(WAIT_S):
            while not condition():
                assert self.process.returncode is None, "the bot exited early:\n" + "".join(self.lines)
                await asyncio.sleep(0.05)

    async def stop(self) -> Finished:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        assert self.process.stdout is not None
        async with asyncio.timeout(WAIT_S):
            stdout = await self.process.stdout.read()
            await self._reading
            await self.process.wait()
        return Finished(self.process.returncode, stdout.decode() + "".join(self.lines))


async def start(env: dict[str, str], cwd: Path) -> Bot:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studybot", "run",
        cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    return Bot(process)


async def ana_asks_telegram_for_decks(telegram: FakeTelegram, bot: Bot) -> str:
    before = len(telegram.calls_to("sendMessage"))
    await telegram.add_update(message={"message_id": 1, "date": 0, "chat": ANA_CHAT, "from": ANA, "text": "/decks"})
    await bot.until(lambda: len(telegram.calls_to("sendMessage")) > before)
    return str(telegram.calls_to("sendMessage")[-1].params["text"])


def assert_clean(finished: Finished, *tokens: str) -> None:
    assert finished.returncode == 0, finished.output
    assert "Traceback" not in finished.output, finished.output
    for token in tokens:
        assert token not in finished.output


async def test_both_platforms_answer_in_one_process_and_stop_together_on_sigterm(
    telegram: FakeTelegram, discord: FakeDiscord, tmp_path: Path
) -> None:
    bot = await start(environment(telegram, discord, tmp_path), tmp_path)
    try:
        await bot.until(telegram.polling.is_set)
        await asyncio.wait_for(discord.connected(), WAIT_S)
        assert "<code>xgboost</code>" in await ana_asks_telegram_for_decks(telegram, bot)
        ben = Person(discord, "ben")
        assert "Subscribed to" in (await ben.slash("subscribe", deck="xgboost")).text
        assert (await ben.slash("quiz")).buttons
    finally:
        finished = await bot.stop()

    assert_clean(finished, telegram.token, telegram.token.split(":")[1], discord.token)
    assert "telegram: @studybot_test_bot is answering (long polling)" in finished.output
    assert "telegram: stopping" in finished.output
    assert "discord: disconnected" in finished.output
    assert finished.output.count("decks imported") <= 1  # one database, prepared once


async def test_a_wrong_discord_token_leaves_telegram_answering_and_pushing(
    telegram: FakeTelegram, discord: FakeDiscord, tmp_path: Path
) -> None:
    env = environment(telegram, discord, tmp_path, DISCORD_BOT_TOKEN="wrong-token-" + "y" * 40)
    await seed_due(env["STUDYBOT_DATABASE_URL"], Learner("telegram", "5", "ana"), Learner("discord", "77", "eve"))
    bot = await start(env, tmp_path)
    try:
        # ana's push, as soon as Telegram is up: its line, then its question (before she asks for /decks)
        await bot.until(lambda: len(telegram.calls_to("sendMessage")) >= 2)
        assert "cards due" in str(telegram.calls_to("sendMessage")[0].params["text"])
        await bot.until(lambda: "discord is down" in "".join(bot.lines))
        assert "physics" in await ana_asks_telegram_for_decks(telegram, bot)  # after Discord failed
    finally:
        finished = await bot.stop()

    assert_clean(finished, telegram.token, env["DISCORD_BOT_TOKEN"])
    assert same_lines(finished.errors, ["ERROR studybot.service: discord is down: …"]), finished.errors
    assert discord.connections == 0
    assert pushes(env["STUDYBOT_DATABASE_URL"]) == {"telegram:5": ["sent"]}  # eve was not claimed: still due


@pytest.mark.parametrize("refusal", ["wrong token", "unreachable"])
async def test_telegram_failing_to_connect_leaves_discord_answering(
    telegram: FakeTelegram, discord: FakeDiscord, tmp_path: Path, refusal: str
) -> None:
    wrong = "987654321:wrong-token-for-tests-only_zz"
    overrides = {"TELEGRAM_BOT_TOKEN": wrong} if refusal == "wrong token" else {}
    if refusal == "unreachable":
        await telegram.close()  # nothing listens on its port any more
    env = environment(telegram, discord, tmp_path, **overrides)
    bot = await start(env, tmp_path)
    try:
        await asyncio.wait_for(discord.connected(), WAIT_S)
        await bot.until(lambda: "telegram is down" in "".join(bot.lines))
        ben = Person(discord, "ben")
        assert "Subscribed to" in (await ben.slash("subscribe", deck="xgboost")).text
        assert (await ben.slash("quiz")).buttons
    finally:
        finished = await bot.stop()

    assert_clean(finished, env["TELEGRAM_BOT_TOKEN"], discord.token)
    (error,) = finished.errors
    expected = "ConfigError: Telegram rejected TELEGRAM_BOT_TOKEN" if refusal == "wrong token" else "NetworkError"
    assert error.startswith(f"ERROR studybot.service: telegram is down: {expected}"), error
    assert "discord: disconnected" in finished.output


async def test_push_once_delivers_to_both_platforms_without_polling_or_a_gateway(
    telegram: FakeTelegram, discord: FakeDiscord, tmp_path: Path
) -> None:
    env = environment(telegram, discord, tmp_path)
    cleo = Person(discord, "cleo", in_dms=True)
    await seed_due(env["STUDYBOT_DATABASE_URL"], Learner("telegram", "5", "ana"), Learner("discord", str(cleo.id)))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studybot", "push", "--once",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), WAIT_S)

    output = (stdout + stderr).decode()
    assert_clean(Finished(process.returncode, output), telegram.token, telegram.token.split(":")[1], discord.token)
    assert stdout.decode() == "Push tick done: 2 sent.\n"
    assert telegram.calls_to("getUpdates") == []  # no polling: it would fight the running bot
    assert discord.connections == 0  # no gateway either
    notice, question = [message for (chat, _), message in sorted(telegram.messages.items()) if chat == 5]
    assert notice["text"] == "5 cards due (5 new) — here is the first one"
    assert question["reply_markup"]["inline_keyboard"]
    (dm,) = discord.dms
    assert "5 cards due (5 new) — here is the first one" in as_text(dm)
    assert buttons_of(dm)
    assert pushes(env["STUDYBOT_DATABASE_URL"]) == {"telegram:5": ["sent"], f"discord:{cleo.id}": ["sent"]}


async def push_once(env: dict[str, str], cwd: Path) -> Finished:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studybot", "push", "--once",
        cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), WAIT_S)
    return Finished(process.returncode, (stdout + stderr).decode())


async def test_push_once_with_a_revoked_telegram_token_pushes_discord_and_never_prints_the_token(
    telegram: FakeTelegram, discord: FakeDiscord, tmp_path: Path
) -> None:
    """A cron job's `studybot push --once` after the Telegram token was revoked: one line, the token scrubbed."""
    wrong = "987654321:revoked-token-for-tests-only_zz"
    env = environment(telegram, discord, tmp_path, TELEGRAM_BOT_TOKEN=wrong)
    cleo = Person(discord, "cleo", in_dms=True)
    await seed_due(env["STUDYBOT_DATABASE_URL"], Learner("telegram", "5", "ana"), Learner("discord", str(cleo.id)))

    finished = await push_once(env, tmp_path)

    assert_clean(finished, wrong, wrong.split(":")[1], discord.token)
    assert same_lines(finished.errors, ["ERROR studybot.push.once: telegram is down: InvalidToken: …"]), finished
    assert "Push tick done: 1 sent." in finished.output
    assert pushes(env["STUDYBOT_DATABASE_URL"]) == {f"discord:{cleo.id}": ["sent"]}  # ana stays due for later


async def test_push_once_with_no_platform_reachable_exits_1_in_one_line(
    telegram: FakeTelegram, discord: FakeDiscord, tmp_path: Path
) -> None:
    env = environment(telegram, discord, tmp_path)
    env.pop("DISCORD_BOT_TOKEN")
    await seed_due(env["STUDYBOT_DATABASE_URL"], Learner("telegram", "5", "ana"))
    await telegram.close()  # nothing listens on its port any more

    finished = await push_once(env, tmp_path)

    assert finished.returncode == 1, finished.output
    assert "Traceback" not in finished.output, finished.output
    assert same_lines(finished.errors, ["ERROR studybot.push.once: telegram is down: NetworkError: …"]), finished
    assert pushes(env["STUDYBOT_DATABASE_URL"]) == {}


async def test_run_started_before_its_postgresql_waits_for_it_instead_of_exiting(
    telegram: FakeTelegram, discord: FakeDiscord, tmp_path: Path
) -> None:
    """At boot the bot may start before PostgreSQL accepts connections. Exit 2 would be final: the systemd unit
    does not restart after it (RestartPreventExitStatus=2), so the bot would stay down until someone noticed."""
    cluster = await asyncio.to_thread(Cluster)  # initdb'd, not started yet: the machine is still booting
    try:
        env = environment(telegram, discord, tmp_path, STUDYBOT_DATABASE_URL=f"{cluster.url}/postgres")
        bot = await start(env, tmp_path)
        try:
            await bot.until(lambda: "trying again" in "".join(bot.lines))
            await asyncio.to_thread(cluster.start)
            await bot.until(telegram.polling.is_set)
            assert "<code>xgboost</code>" in await ana_asks_telegram_for_decks(telegram, bot)
        finally:
            finished = await bot.stop()
    finally:
        await asyncio.to_thread(cluster.remove)

    assert_clean(finished, telegram.token, discord.token)
    (waiting,) = [line for line in finished.output.splitlines() if "trying again" in line]
    assert same(waiting.split(" ", 2)[2], "WARNING studybot.waiting: cannot use the database …; trying again for 120 s")


@pytest.mark.parametrize(
    ("variable", "other", "wrong"),
    [
        ("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "987654321:wrong-token-for-tests-only_zz"),
        ("DISCORD_BOT_TOKEN", "TELEGRAM_BOT_TOKEN", "wrong-token-" + "y" * 40),
    ],
)
async def test_a_token_the_platform_rejects_ends_run_with_exit_2_so_it_is_not_restarted_for_ever(
    telegram: FakeTelegram, discord: FakeDiscord, tmp_path: Path, variable: str, other: str, wrong: str
) -> None:
    """A revoked or mistyped token will be rejected again: exit 2 (bad configuration), which the systemd unit
    does not restart, rather than 1 and a restart every 5 s."""
    env = environment(telegram, discord, tmp_path, **{variable: wrong})
    del env[other]  # the platform alone
    bot = await start(env, tmp_path)
    async with asyncio.timeout(WAIT_S):
        await bot.process.wait()
    finished = await bot.stop()

    assert finished.returncode == 2
    (error,) = finished.errors
    assert variable in error
    assert "wrong-token" not in finished.output
