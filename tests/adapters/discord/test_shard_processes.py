"""A bot split over two `studybot run discord` processes: each identifies as its own shards, one syncs the
slash commands, and both answer."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from studybot.config import Settings
from tests.conftest import REPO
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person
from tests.fakes.discord_payloads import GUILD_ID


async def start_process(fake: FakeDiscord, tmp_path: Path, shard_ids: str) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "TELEGRAM_", "DISCORD_"))}
    env |= {
        "DISCORD_BOT_TOKEN": fake.token,
        "STUDYBOT_DISCORD_API_BASE": fake.api_base,
        "STUDYBOT_DISCORD_GATEWAY_URL": fake.gateway_url,
        "STUDYBOT_DISCORD_GUILD_ID": GUILD_ID,
        "STUDYBOT_DISCORD_SHARD_COUNT": "2",
        "STUDYBOT_DISCORD_SHARD_IDS": shard_ids,
        "STUDYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "STUDYBOT_DECKS_DIR": str(REPO / "decks"),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studybot", "run", "discord",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_two_processes_run_one_shard_each_and_only_shard_0_syncs_commands(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    processes = [await start_process(fake, tmp_path, ids) for ids in ("1", "0")]
    try:
        await asyncio.wait_for(fake.gateway.identifies(2), 90)
        await asyncio.wait_for(fake.synced.wait(), 30)
        answer = await Person(fake, "ana").slash("decks")
        assert answer.text
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        outputs = [await asyncio.wait_for(process.communicate(), 30) for process in processes]

    assert sorted(map(tuple, fake.gateway.shards)) == [(0, 2), (1, 2)]  # type: ignore[arg-type]
    assert fake.syncs == 1
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, (out + err).decode()


def test_shard_settings_are_checked() -> None:
    assert Settings(_env_file=None, discord_shard_count=4, discord_shard_ids="2,3").discord_shards == [2, 3]  # type: ignore[call-arg]
    assert not Settings(_env_file=None, discord_shard_count=4, discord_shard_ids="2,3").discord_syncs_commands  # type: ignore[call-arg]
    assert Settings(_env_file=None, discord_shard_count=4, discord_shard_ids="0,1").discord_syncs_commands  # type: ignore[call-arg]
    for count, ids in ((None, "0"), (2, "0,2"), (2, "1,1"), (2, "a")):
        with pytest.raises(ValueError, match="STUDYBOT_DISCORD_SHARD_IDS"):
            Settings(_env_file=None, discord_shard_count=count, discord_shard_ids=ids)  # type: ignore[call-arg]
