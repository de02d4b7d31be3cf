"""Several worker hosts and one database host on this machine.

With root and ``ip``, each worker host is a network namespace joined to this one (the database
host) by a veth pair; a TCP relay here forwards its subnet's port to the local PostgreSQL, so
workers reach the database over a network link, as on separate machines. Without namespaces the
hosts are plain processes on loopback (``mode == "processes"``).
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import subprocess
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


class Relay:
    """Forwards TCP connections on ``(ip, port)`` pairs to ``target``, in a thread."""

    def __init__(self, binds: Sequence[str], port: int, target: tuple[str, int]) -> None:
        self.binds, self.port, self.target = binds, port, target
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        for ip in self.binds:
            self.loop.run_until_complete(asyncio.start_server(self._serve, ip, self.port))
        self.ready.set()
        self.loop.run_forever()

    def start(self) -> None:
        self.thread.start()
        assert self.ready.wait(10)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def namespaces_available() -> bool:
    return os.geteuid() == 0 and shutil.which("ip") is not None


class Hosts:
    """``n`` worker hosts; :meth:`url` is the database URL as seen from host ``i``."""

    def __init__(self, n: int, database_url: str, workdir: Path) -> None:
        self.n, self.database_url, self.workdir = n, database_url, workdir
        self.tag = uuid.uuid4().hex[:6]
        self.net = f"10.{random.randint(100, 250)}"
        self.port = random.randint(20000, 40000)
        self.namespaces: list[str] = []
        self.relay: Relay | None = None
        self.mode = "processes"
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[bytes]] = []

    def __enter__(self) -> Hosts:
        if namespaces_available():
            try:
                self._wire()
                self.mode = "namespaces"
            except (subprocess.CalledProcessError, OSError):
                self._unwire()
        return self

    def _wire(self) -> None:
        db = make_url(self.database_url)
        for i in range(self.n):
            ns, outer, inner = f"cs{self.tag}w{i}", f"cs{self.tag}{i}a", f"cs{self.tag}{i}b"
            _ip("netns", "add", ns)
            self.namespaces.append(ns)
            _ip("link", "add", outer, "type", "veth", "peer", "name", inner)
            _ip("link", "set", inner, "netns", ns)
            _ip("addr", "add", f"{self.net}.{i}.1/24", "dev", outer)
            _ip("link", "set", outer, "up")
            _ip("netns", "exec", ns, "ip", "addr", "add", f"{self.net}.{i}.2/24", "dev", inner)
            _ip("netns", "exec", ns, "ip", "link", "set", inner, "up")
            _ip("netns", "exec", ns, "ip", "link", "set", "lo", "up")
        binds = [f"{self.net}.{i}.1" for i in range(self.n)]
        self.relay = Relay(binds, self.port, (db.host or "127.0.0.1", db.port or 5432))
        self.relay.start()

    def url(self, i: int) -> str:
        if self.mode == "processes":
            return self.database_url
        url = make_url(self.database_url).set(host=f"{self.net}.{i}.1", port=self.port)
        return url.render_as_string(hide_password=False)

    def spawn(self, i: int, args: Sequence[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start ``args`` on host ``i`` with ``env`` (the database URL set for that host)."""
        prefix = ["ip", "netns", "exec", self.namespaces[i]] if self.mode == "namespaces" else []
        log = (self.workdir / f"host{i}-{len(self.procs)}.log").open("wb")
        self.logs.append(log)
        proc = subprocess.Popen(
            [*prefix, *args],
            env={**os.environ, **env, "CIVICSPACE_DATABASE_URL": self.url(i)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def _unwire(self) -> None:
        if self.relay is not None:
            self.relay.stop()
        for ns in self.namespaces:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=10)
        for i in range(self.n):  # the root ends of the veth pairs go with their peers
            subprocess.run(["ip", "link", "del", f"cs{self.tag}{i}a"], capture_output=True)
        self.namespaces = []

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        for log in self.logs:
            log.close()
        self._unwire()
