"""A throwaway PostgreSQL cluster for the test session: initdb into a temp dir, postgres on loopback.

Absent PostgreSQL binaries are an error, not a skip: CI must install them (see .ci/run).
Set STUDYBOT_TEST_POSTGRES_URL to use an existing server instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise RuntimeError(
            f"PostgreSQL's {name} was not found: install PostgreSQL (apt-get install postgresql) "
            "or set STUDYBOT_TEST_POSTGRES_URL"
        )
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres_user(argv: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root; run them as the postgres account then."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


class Cluster:
    """A throwaway cluster that a test may stop and start again (same data, same port)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="studybot-pg-"))
        self.data, self.sockets = self.root / "data", self.root / "sock"
        self.sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sockets, "postgres")
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"
        self._server: subprocess.Popen[bytes] | None = None
        subprocess.run(
            _as_postgres_user(
                [_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        with (self.root / "postgres.log").open("ab") as log:
            self._server = subprocess.Popen(
                _as_postgres_user(
                    [
                        _pg_bin("postgres"),
                        "-D",
                        str(self.data),
                        "-p",
                        str(self.port),
                        "-k",
                        str(self.sockets),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "fsync=off",
                        "-c",
                        "max_connections=200",
                    ]
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _wait_ready(self.port, self._server, self.root / "postgres.log")

    def stop(self) -> None:
        """A fast shutdown, as `systemctl restart postgresql` does: sessions are ended, nothing committed is lost."""
        if self._server is None:
            return
        if self._server.poll() is None:  # pg_ctl waits until the postmaster is gone (runuser would not)
            subprocess.run(
                _as_postgres_user([_pg_bin("pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w"]),
                check=False,
                capture_output=True,
            )
        self._server.terminate()
        self._server.wait(timeout=30)
        self._server = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields a server URL (without database name) like postgresql+psycopg://postgres@127.0.0.1:PORT."""
    external = os.environ.get("STUDYBOT_TEST_POSTGRES_URL")
    if external:
        yield external.rstrip("/")
        return
    cluster = Cluster()
    try:
        cluster.start()
        yield cluster.url
    finally:
        cluster.remove()


def _wait_ready(port: int, server: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"postgres exited early: {log.read_text(errors='replace')[-2000:]}")
        try:  # a TCP connect is not enough: while starting up the server refuses logins
            psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            time.sleep(0.1)
    raise RuntimeError("postgres did not start within 30 s")
