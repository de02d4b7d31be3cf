"""One guard for every outgoing connection (fetching and webhooks): addresses that embed a
private IPv4 address are refused, and the address checked is the address connected to."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime
from typing import Any

import pytest

from civicspace.errors import BlockedHost
from civicspace.notify import DeliveryError, Notice, send_webhook
from civicspace.settings import Settings
from civicspace.sources.fetch import Fetcher
from civicspace.sources.hosts import guarded_client, is_public_address, parse_ip
from tests.support.loopback import LoopbackServer

INTERNAL = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b:1::7f00:1",  # local-use NAT64
    "::127.0.0.1",  # IPv4-compatible
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "::ffff:0:7f00:1",  # IPv4-translated
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    "fec0::1",  # site-local
    "fd00::1",
    "fe80::1",
    "::1",
    "::",
    "100::1",
    "2001:db8::1",
    "127.0.0.1",
    "0.0.0.0",
    "100.64.0.1",
    "169.254.169.254",
    "240.0.0.1",
    "224.0.0.1",
]
PUBLIC = ["8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1"]


@pytest.mark.parametrize("text", INTERNAL)
def test_internal_addresses_are_not_public(text: str) -> None:
    address = parse_ip(text)
    assert address is not None
    assert not is_public_address(address)


@pytest.mark.parametrize("text", PUBLIC)
def test_public_addresses_are_public(text: str) -> None:
    address = parse_ip(text)
    assert address is not None and is_public_address(address)


@pytest.mark.parametrize("text", ["64:ff9b::7f00:1", "::127.0.0.1", "::ffff:127.0.0.1"])
def test_fetching_embedded_loopback_literals_is_refused(text: str) -> None:
    async def run() -> None:
        async with Fetcher(Settings(fetch_retries=1, fetch_respect_robots=False)) as fetcher:
            await fetcher.fetch(f"http://[{text}]:9/x")

    with pytest.raises(BlockedHost, match="CIVICSPACE_FETCH_ALLOW_PRIVATE"):
        asyncio.run(run())


@pytest.mark.parametrize("text", ["64:ff9b::7f00:1", "::127.0.0.1", "::ffff:127.0.0.1"])
def test_webhook_to_embedded_loopback_literals_is_refused(text: str) -> None:
    settings = Settings(webhook_secret="s" * 32)
    notice = Notice("test", "k", datetime.now(UTC), "subject", {})
    with guarded_client(settings) as client, pytest.raises(DeliveryError, match="private"):
        send_webhook(settings, f"http://[{text}]:9/hook", notice, client)


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``rebind.test`` resolves to a public address once, then to 127.0.0.1 (DNS rebinding)."""
    answers: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        address = "93.184.216.34" if not answers else "127.0.0.1"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 80)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_webhook_checks_the_address_it_connects_to(
    loopback: LoopbackServer, rebinding: list[str]
) -> None:
    loopback.add("/hook", b"ok")
    settings = Settings(webhook_secret="s" * 32)
    notice = Notice("test", "k", datetime.now(UTC), "subject", {})
    with guarded_client(settings) as client, pytest.raises(DeliveryError, match="private"):
        send_webhook(settings, f"http://rebind.test:{loopback.port}/hook", notice, client)
    assert rebinding[0] == "93.184.216.34"  # the pre-check saw a public address
    assert loopback.requests() == []  # and nothing reached the internal server


def test_fetch_checks_the_address_it_connects_to(
    loopback: LoopbackServer, rebinding: list[str]
) -> None:
    loopback.add("/page", b"<html>internal</html>")
    settings = Settings(fetch_retries=1, fetch_respect_robots=False)
    socket.getaddrinfo("rebind.test", loopback.port)  # someone saw a public address first

    async def run() -> None:
        async with Fetcher(settings) as fetcher:
            await fetcher.fetch(f"http://rebind.test:{loopback.port}/page")

    with pytest.raises(BlockedHost):
        asyncio.run(run())
    assert loopback.requests() == []


def test_guarded_client_reaches_loopback_when_private_is_allowed(loopback: LoopbackServer) -> None:
    loopback.add("/hook", b"ok")
    settings = Settings(webhook_secret="s" * 32, fetch_allow_private=True)
    with guarded_client(settings) as client:
        assert client.get(loopback.url("/hook")).status_code == 200
