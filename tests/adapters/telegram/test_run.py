"""`studybot run telegram` as a learner's operator runs it: a real process, stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO
from tests.fakes.telegram_api import FakeTelegram

WAIT_S = 60


async def until(condition: Callable[[], bool], process: asyncio.subprocess.Process) -> None:
    """Wait for the bot process to do something (it starts, imports decks, answers at its own pace)."""
    async with asyncio.timeout(WAIT_S):
        while not condition():
            assert process.returncode is None, "the bot exited early"
            await asyncio.sleep(0.05)


async def test_run_telegram_answers_and_stops_cleanly_on_sigterm(fake: FakeTelegram, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "TELEGRAM_", "DISCORD_"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "STUDYBOT_TELEGRAM_BASE_URL": fake.base_url,
        "STUDYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "STUDYBOT_DECKS_DIR": str(REPO / "decks"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studybot", "run", "telegram",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await until(fake.polling.is_set, process)
        user = {"id": 5, "is_bot": False, "first_name": "Ana"}
        chat = {"id": 5, "type": "private", "first_name": "Ana"}
        await fake.add_update(message={"message_id": 1, "date": 0, "chat": chat, "from": user, "text": "/decks"})
        await until(lambda: bool(fake.calls_to("sendMessage")), process)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), WAIT_S)

    output = (stdout + stderr).decode()
    assert process.returncode == 0, output
    assert "Traceback" not in output
    assert fake.token not in output
    assert fake.token.split(":")[1] not in output
    assert "telegram: @studybot_test_bot is answering (long polling)" in output
    assert "telegram: stopping" in output
    decks = fake.calls_to("sendMessage")[0].params["text"]
    assert "<code>xgboost</code>" in decks  # the bundled decks were imported at start
