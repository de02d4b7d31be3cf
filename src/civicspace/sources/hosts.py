"""Which hosts the fetcher may reach: the allow-list and SSRF protection.

Two checks, both raising :class:`~civicspace.errors.BlockedHost`:

* :meth:`HostPolicy.check_url` runs before every request and every redirect hop: scheme, the
  ``fetch_allowed_hosts`` allow-list, and IP literals such as ``http://127.0.0.1/``.
* :class:`GuardedBackend` runs when a TCP connection is opened: it resolves the name itself,
  refuses private, loopback, link-local, reserved and multicast addresses, and connects to the
  address it checked. Checking at connect time (not just before the request) means a name that
  resolves to a public address once and to ``127.0.0.1`` the next time (DNS rebinding) still
  cannot reach an internal service.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

import httpcore
import httpx

from civicspace.errors import BlockedHost

SCHEMES = frozenset({"http", "https"})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public_address(address: IPAddress) -> bool:
    """True for a globally routable unicast address; False for anything internal or special."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None and not is_public_address(embedded):
            return False
    return address.is_global and not address.is_multicast


def parse_ip(host: str) -> IPAddress | None:
    """The address if ``host`` is an IP literal (brackets and zone allowed), else None."""
    text = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def normalise_host(host: str) -> str:
    return host.strip().rstrip(".").lower()


class HostPolicy:
    """The rules from settings: an optional allow-list, and whether private addresses are OK."""

    def __init__(self, allowed_hosts: Iterable[str] = (), *, allow_private: bool = False) -> None:
        self.allowed = frozenset(normalise_host(h) for h in allowed_hosts if h.strip())
        self.allow_private = allow_private

    def check_url(self, url: httpx.URL) -> None:
        """Refuse a URL on scheme, allow-list or IP literal, before any connection is made."""
        if url.scheme not in SCHEMES:
            raise BlockedHost(f"scheme {url.scheme or '(none)'!r} is not fetched: {url}")
        host = normalise_host(url.host)
        if not host:
            raise BlockedHost(f"no host in URL: {url}")
        if url.port is not None and not 0 < url.port < 65536:
            raise BlockedHost(f"port {url.port} is out of range: {url}")
        if self.allowed and host not in self.allowed:
            raise BlockedHost(f"host {host!r} is not in fetch_allowed_hosts")
        address = parse_ip(host)
        if address is not None and not self.allow_private and not is_public_address(address):
            raise BlockedHost(f"address {address} is private or reserved (SSRF protection)")

    async def resolve(self, host: str, port: int) -> list[str]:
        """Public addresses for ``host``; BlockedHost if any address it resolves to is internal."""
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
        addresses: list[str] = []
        for _family, _type, _proto, _canon, sockaddr in infos:
            text = str(sockaddr[0])
            address = parse_ip(text)
            if address is None or not is_public_address(address):
                # One internal answer is enough to refuse: never pick "the public one" of a mix.
                raise BlockedHost(f"host {host!r} resolves to private or reserved address {text}")
            if text not in addresses:
                addresses.append(text)
        if not addresses:
            raise httpcore.ConnectError(f"no address for {host!r}")
        return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that only connects to addresses the policy accepts."""

    def __init__(self, policy: HostPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._policy.resolve(host, port)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedHost("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def make_transport(policy: HostPolicy, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """An httpx transport that ignores proxy variables and, unless private addresses are
    allowed, opens connections only through :class:`GuardedBackend`."""
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False, retries=0)
    if not policy.allow_private:
        # httpx 0.28 offers no public hook for the network backend, so swap the connection
        # pool it built for an identical one that uses ours (handle_async_request only uses it).
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,
            network_backend=GuardedBackend(policy),
        )
    return transport
