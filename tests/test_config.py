from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest

from studybot.bootstrap import make_engine
from studybot.config import Settings
from studybot.storage.db import Database


def test_defaults_and_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("STUDYBOT_ADMINS", "telegram:42, discord:7")
    monkeypatch.setenv("STUDYBOT_PUSH_TIME", "07:30")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:hunter2")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path}/studybot/studybot.db"  # the user's data dir
    assert settings.decks_dir is None  # the decks shipped inside the package
    assert settings.push_time == time(7, 30)
    assert settings.is_admin("telegram", "42")
    assert not settings.is_admin("telegram", "7")
    assert "hunter2" not in repr(settings)
    assert "hunter2" not in str(settings.model_dump())


@pytest.mark.parametrize(("name", "value"), [("STUDYBOT_ADMINS", "42"), ("STUDYBOT_DEFAULT_TIMEZONE", "Mars/Olympus")])
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_empty_values_in_env_file_mean_unset(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    env = tmp_path / ".env"
    env.write_text("STUDYBOT_DISCORD_GUILD_ID=\nDISCORD_BOT_TOKEN=\n")
    settings = Settings(_env_file=env)  # type: ignore[call-arg]
    assert settings.discord_guild_id is None
    assert settings.discord_bot_token is None


@pytest.mark.parametrize(
    ("value", "grace"), [("2h", timedelta(hours=2)), ("90m", timedelta(minutes=90)), ("600", timedelta(minutes=10))]
)
def test_push_grace_reads_short_durations(monkeypatch: pytest.MonkeyPatch, value: str, grace: timedelta) -> None:
    monkeypatch.setenv("STUDYBOT_PUSH_GRACE", value)
    assert Settings(_env_file=None).push_grace == grace  # type: ignore[call-arg]


def test_a_bad_push_grace_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYBOT_PUSH_GRACE", "soon")
    with pytest.raises(ValueError, match="STUDYBOT_PUSH_GRACE"):
        Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.mark.parametrize(("value", "fits"), [("auto", True), ("off", False), (None, True)])
def test_optimize_turns_background_fitting_on_or_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str | None, fits: bool
) -> None:
    if value is not None:
        monkeypatch.setenv("STUDYBOT_OPTIMIZE", value)
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    try:
        assert (make_engine(Settings(_env_file=None), db).fits is not None) == fits  # type: ignore[call-arg]
    finally:
        db.close_blocking()


def test_a_bad_optimize_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYBOT_OPTIMIZE", "sometimes")
    with pytest.raises(ValueError, match="STUDYBOT_OPTIMIZE"):
        Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("url", "base", "accepted"),
    [
        ("https://bot.example.org/hook", None, True),
        ("https://bot.example.org:8443/hook", None, True),
        ("http://bot.example.org/hook", None, False),  # Telegram posts to HTTPS only
        ("https://bot.example.org:8080/hook", None, False),  # nor to any port but 443, 80, 88, 8443
        ("http://127.0.0.1:8080/hook", "http://127.0.0.1:8081/bot", True),  # a local Bot API server posts anywhere
        ("bot.example.org/hook", None, False),  # no scheme: not even a URL Telegram could post to
        ("bot.example.org:8443/hook", None, False),
        ("127.0.0.1:8080/hook", "http://127.0.0.1:8081/bot", False),
    ],
)
def test_a_webhook_telegram_cannot_post_to_is_refused_at_startup(
    monkeypatch: pytest.MonkeyPatch, url: str, base: str | None, accepted: bool
) -> None:
    monkeypatch.setenv("STUDYBOT_TELEGRAM_WEBHOOK_URL", url)
    monkeypatch.setenv("STUDYBOT_TELEGRAM_WEBHOOK_SECRET", "s3cret")
    if base is not None:
        monkeypatch.setenv("STUDYBOT_TELEGRAM_BASE_URL", base)
    if accepted:
        assert Settings(_env_file=None).telegram_webhook_url == url  # type: ignore[call-arg]
    else:
        with pytest.raises(ValueError, match="STUDYBOT_TELEGRAM_WEBHOOK_URL must be "):
            Settings(_env_file=None)  # type: ignore[call-arg]


async def test_a_sqlite_path_under_the_home_folder_is_the_home_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "here"
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(elsewhere)
    db = Database("sqlite:///~/notes/study.db")
    try:
        await db.upgrade()
    finally:
        await db.close()
    assert (home / "notes" / "study.db").is_file()
    assert not (elsewhere / "~").exists()  # not a folder named "~" where the command was run
