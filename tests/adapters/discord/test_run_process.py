"""`studybot run discord` as a real process against the fake Discord, stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_chat import Person
from tests.fakes.discord_payloads import GUILD_ID


async def test_run_discord_serves_a_quiz_and_stops_cleanly_on_sigterm(fake: FakeDiscord, tmp_path: Path) -> None:
    fake.advertised_gateway = "ws://127.0.0.1:9/nowhere"  # STUDYBOT_DISCORD_GATEWAY_URL must win over this
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "TELEGRAM_", "DISCORD_"))}
    env |= {
        "DISCORD_BOT_TOKEN": fake.token,
        "STUDYBOT_DISCORD_API_BASE": fake.api_base,
        "STUDYBOT_DISCORD_GATEWAY_URL": fake.gateway_url,
        "STUDYBOT_DISCORD_GUILD_ID": GUILD_ID,
        "STUDYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "STUDYBOT_DECKS_DIR": str(REPO / "decks"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studybot", "run", "discord",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await asyncio.wait_for(fake.connected(), 60)
        ana = Person(fake, "ana")
        assert "Subscribed to" in (await ana.slash("subscribe", deck="gc-tricolor")).text
        question = await ana.slash("quiz")
        assert question.buttons
        if "Answer" in [button.label for button in question.buttons]:  # a typed card (beside its Hint button)
            answered = await ana.type_answer(question, "no idea")
        else:
            answered = await ana.click(question, question.buttons[0].label)
        assert "Rated" in answered.text or "How well did you recall it?" in answered.text
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)

    output = (stdout + stderr).decode()
    assert process.returncode == 0, output
    assert "Traceback" not in output
    assert fake.token not in output
    assert "discord: disconnected" in output
