"""The Bluesky reference PDS (npm ``@atproto/dev-env``, ``TestNetworkNoAppView``) for tests.

Install once: ``cd tests/support/pds && npm install && npm install-scripts approve
better-sqlite3 sharp && npm rebuild`` (or point ``CIVICSPACE_TEST_PDS_DIR`` at a folder where
``@atproto/dev-env`` is installed). Without it the Bluesky tests skip with that reason.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

HERE = Path(__file__).with_name("pds")


@dataclass(frozen=True)
class PdsUser:
    did: str
    handle: str
    app_password: str


class Pds:
    def __init__(self, url: str) -> None:
        self.url = url
        self.client = httpx.Client(base_url=url, timeout=30)

    def new_user(self, name: str) -> PdsUser:
        handle = f"{name}.test"
        password = secrets.token_hex(8)
        r = self.client.post(
            "/xrpc/com.atproto.server.createAccount",
            json={"email": f"{name}@example.test", "handle": handle, "password": password},
        )
        r.raise_for_status()
        session = r.json()
        r = self.client.post(
            "/xrpc/com.atproto.server.createAppPassword",
            json={"name": "civicspace"},
            headers={"Authorization": f"Bearer {session['accessJwt']}"},
        )
        r.raise_for_status()
        return PdsUser(session["did"], handle, r.json()["password"])

    def posts(self, user: PdsUser) -> list[dict[str, Any]]:
        r = self.client.get(
            "/xrpc/com.atproto.repo.listRecords",
            params={"repo": user.did, "collection": "app.bsky.feed.post"},
        )
        r.raise_for_status()
        return list(r.json()["records"])


def _pds_dir() -> Path | None:
    given = os.environ.get("CIVICSPACE_TEST_PDS_DIR")
    folder = Path(given) if given else HERE
    return folder if (folder / "node_modules" / "@atproto" / "dev-env").is_dir() else None


@pytest.fixture(scope="session")
def bluesky_pds() -> Iterator[Pds]:
    """A running reference PDS (with its PLC directory) on 127.0.0.1."""
    folder = _pds_dir()
    if folder is None:
        pytest.skip("the reference PDS is not installed (tests/support/bluesky_pds.py)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    script = HERE / "pds.js"
    proc = subprocess.Popen(
        ["node", str(script), str(port)],
        cwd=folder,
        env={**os.environ, "NODE_PATH": str(folder / "node_modules")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 120
        line = b""
        while time.monotonic() < deadline and not line:
            line = proc.stdout.readline()
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise RuntimeError(f"the PDS exited: {err[-2000:]}")
        info = json.loads(line)
        yield Pds(info["pds"])
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
