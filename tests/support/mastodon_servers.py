"""Real Mastodon API servers for tests and the campaign bench: ``mastodon_mock`` (PyPI), a
FastAPI server on in-memory SQLite, one subprocess per instance on 127.0.0.1.

    with MastodonServers(3) as servers:
        user = servers[0].new_user("ana")          # account + access token
        ...
        servers[0].statuses(user)                  # what landed on that instance
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx
import pytest


@dataclass(frozen=True)
class MockUser:
    id: str
    username: str
    token: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MastodonInstance:
    """One ``mastodon_mock serve --in-memory`` process."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.client = httpx.Client(base_url=self.url, timeout=30)

    def start(self) -> None:
        cmd = [sys.executable, "-m", "mastodon_mock", "serve", "--in-memory"]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"mastodon_mock exited: {err[-2000:]}")
            try:
                if self.client.get("/api/v1/instance").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"mastodon_mock on {self.url} did not start in {timeout}s")

    def stop(self) -> None:
        self.client.close()
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def new_user(self, username: str) -> MockUser:
        r = self.client.post("/api/v1/_mock/dev_user", json={"username": username})
        r.raise_for_status()
        doc = r.json()
        return MockUser(str(doc["id"]), doc["username"], doc["access_token"])

    def statuses(self, user: MockUser) -> list[dict[str, Any]]:
        """Every status of ``user`` on this instance, newest first."""
        out: list[dict[str, Any]] = []
        max_id: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 40}
            if max_id:
                params["max_id"] = max_id
            r = self.client.get(f"/api/v1/accounts/{user.id}/statuses", params=params)
            r.raise_for_status()
            page = r.json()
            if not page:
                return out
            out.extend(page)
            if len(page) < 40:
                return out
            max_id = page[-1]["id"]

    def revoke_token(self, token: str) -> None:
        """Make ``token`` invalid on the server, as a supporter revoking the app would."""
        r = self.client.post("/oauth/revoke", data={"token": token})
        r.raise_for_status()


class MastodonServers:
    """``n`` instances started together (in parallel) and stopped together."""

    def __init__(self, n: int = 3) -> None:
        self.instances = [MastodonInstance() for _ in range(n)]

    def __enter__(self) -> list[MastodonInstance]:
        try:
            for inst in self.instances:
                inst.start()
            for inst in self.instances:
                inst.wait_ready()
        except BaseException:
            self.close()
            raise
        return self.instances

    def close(self) -> None:
        for inst in self.instances:
            inst.stop()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


@pytest.fixture(scope="session")
def mastodon_instances() -> Iterator[list[MastodonInstance]]:
    """Three real Mastodon API servers (mastodon_mock) for the whole test session."""
    with MastodonServers(3) as instances:
        yield instances
