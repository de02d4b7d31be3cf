"""Pytest fixtures shared by the test suite; ``tests/conftest.py`` star-imports this module."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.bluesky_pds import bluesky_pds
from tests.support.loopback import LoopbackServer
from tests.support.mastodon_servers import mastodon_instances

# Session fixtures defined here once (root conftest), so every test directory shares one
# reference PDS and one set of three Mastodon servers per session.
__all__ = ["bluesky_pds", "loopback", "loopback_only", "mastodon_instances"]


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A started LoopbackServer on 127.0.0.1 (random port), stopped after the test."""
    with LoopbackServer() as server:
        yield server


def _is_loopback(host: object) -> bool:
    if host is None:
        return True
    text = (host.decode() if isinstance(host, bytes) else str(host)).lower().rstrip(".")
    if text == "localhost":
        return True
    try:
        return ipaddress.ip_address(text.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test loudly if anything resolves a non-loopback name or connects to a
    non-loopback address: tests must never send traffic off this machine (not even DNS)."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host):
            raise RuntimeError(f"test tried to resolve {host!r}: only loopback is allowed")
        return real_getaddrinfo(host, *args, **kwargs)

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise RuntimeError(f"test tried to connect to {address!r}: only loopback is allowed")

    def connect(sock: socket.socket, address: Any) -> None:
        check(sock, address)
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        check(sock, address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
