"""`pip install .` into a fresh virtual environment, then `studybot chat` from an empty directory.

Fast but real: the package is built from a copy of the repository and installed (no editable link to
the source tree); its dependencies come from the project's environment through a .pth file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import REPO

COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "*.db", "__pycache__", ".*cache")


def run(args: list[str], cwd: Path, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=300, check=False)


def test_an_installed_studybot_chats_from_an_empty_directory(tmp_path: Path) -> None:
    source, venv, home, empty = (tmp_path / name for name in ("source", "venv", "home", "empty"))
    shutil.copytree(REPO, source, ignore=COPY_IGNORE)
    empty.mkdir()
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path, dict(os.environ)
        ).stdout.strip()
    )
    (site / "project_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "PYTHON", "VIRTUAL_ENV"))}
    env |= {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "PIP_NO_INDEX": "1"}

    install = run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(source)], tmp_path, env
    )
    assert install.returncode == 0, install.stdout + install.stderr
    where = run([str(python), "-c", "import studybot._decks as d; print(d.__file__)"], empty, env)
    assert where.stdout.startswith(str(site / "studybot" / "_decks")), where.stdout + where.stderr

    chat = run([str(venv / "bin" / "studybot"), "chat", "--user", "ana"], empty, env, "/decks\n/quiz\n1\n")

    assert chat.returncode == 0, chat.stderr
    assert "You are subscribed to 14 decks." in chat.stdout
    assert "* xgboost — " in chat.stdout
    assert "Source: " in chat.stdout
    assert list(empty.iterdir()) == []  # nothing left where it ran
    assert (home / "data" / "studybot" / "studybot.db").is_file()  # progress kept in the user's data directory
