"""What a release promises: the environment is the locked one, the version is printed, the systemd unit is sound."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.conftest import REPO

UNIT = REPO / "deploy" / "studybot.service"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, set[str]]:
    """Name → locked versions (uv locks one per Python range where the newest release drops an old Python)."""
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    versions: dict[str, set[str]] = {}
    for package in lock["package"]:
        versions.setdefault(_norm(package["name"]), set()).add(package["version"])
    return versions


def _wanted(extras: set[str]) -> set[str]:
    """Every distribution studybot (with these extras) needs on this interpreter, followed through the tree."""
    seen: set[str] = set()
    todo = [("studybot", extras)]
    while todo:
        name, wanted_extras = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in metadata.requires(name) or []:
            req = Requirement(line)
            marker_ok = req.marker is None or any(
                req.marker.evaluate({"extra": extra}) for extra in (wanted_extras or {""})
            )
            if marker_ok:
                todo.append((_norm(req.name), set(req.extras)))
    return seen


@pytest.mark.skipif(os.environ.get("STUDYBOT_UNLOCKED") == "1", reason="make test-latest runs the newest versions")
def test_the_environment_holds_exactly_the_locked_versions() -> None:
    locked = _locked()
    needed = _wanted({"test"})
    assert "pyyaml" in needed
    assert "pytest" in needed
    installed = {_norm(d.metadata["Name"]): d.version for d in metadata.distributions()}
    missing = sorted(n for n in needed if n not in locked)
    assert missing == [], f"needed but not in uv.lock: {missing}"
    differ = {n: (installed.get(n), locked[n]) for n in needed if installed.get(n) not in locked[n]}
    assert differ == {}, f"installed != locked (installed, locked): {differ}"


def test_the_lock_covers_every_declared_dependency() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    locked = _locked()
    for line in declared:
        req = Requirement(line)
        assert _norm(req.name) in locked, line
        for version in locked[_norm(req.name)]:
            assert req.specifier.contains(version, prereleases=True), (line, version)
    assert locked["studybot"] == {project["version"]}


def test_version_is_printed() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "studybot", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert done.stdout.strip() == f"studybot {version}"
    assert f"## [{version}]" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    unit.read_string(UNIT.read_text(encoding="utf-8"))
    return unit


def test_the_systemd_unit_runs_the_bot_as_its_own_user_with_its_data_directory() -> None:
    service = _unit()["Service"]
    assert service["User"] == "studybot"
    assert service["User"] != "root"
    assert service["ExecStart"].split()[1:] == ["run"]
    assert service["ExecStart"].split()[0].endswith("/studybot")
    assert service["StateDirectory"] == "studybot"
    assert service["WorkingDirectory"] == "/var/lib/studybot"
    assert service["Environment"].startswith("XDG_DATA_HOME=/var/lib/studybot")  # platformdirs puts the db there
    assert service["KillSignal"] == "SIGTERM"
    assert service["RestartPreventExitStatus"] == "2"  # bad configuration: a restart would repeat it
    assert service["ProtectSystem"] == "strict"
    assert _unit()["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    studybot = Path(sys.executable).parent / "studybot"
    unit = tmp_path / "studybot.service"
    unit.write_text(UNIT.read_text(encoding="utf-8").replace("/opt/studybot/bin/studybot", str(studybot)))
    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
