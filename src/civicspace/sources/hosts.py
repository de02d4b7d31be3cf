"""Which hosts civicspace may reach: the allow-list and SSRF protection, for every outgoing
connection (the fetcher's async client, and :func:`guarded_client` for webhooks).

Two checks, both raising :class:`~civicspace.errors.BlockedHost`:

* :meth:`HostPolicy.check_url` runs before every request and every redirect hop: scheme, the
  ``fetch_allowed_hosts`` allow-list, and IP literals such as ``http://127.0.0.1/``.
* :class:`GuardedBackend` (async) and :class:`GuardedSyncBackend` (sync) run when a TCP
  connection is opened: they resolve the name themselves,
  refuses private, loopback, link-local, reserved and multicast addresses, and connects to the
  address it checked. Checking at connect time (not just before the request) means a name that
  resolves to a public address once and to ``127.0.0.1`` the next time (DNS rebinding) still
  cannot reach an internal service.

An IPv6 address that carries an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible
``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``, Teredo) is judged by the IPv4 address
inside it, so ``[64:ff9b::7f00:1]`` is loopback. Refusals name the setting that lifts them
(``CIVICSPACE_FETCH_ALLOW_PRIVATE``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from civicspace.errors import BlockedHost
from civicspace.settings import Settings

SCHEMES = frozenset({"http", "https"})
ALLOW_PRIVATE = "CIVICSPACE_FETCH_ALLOW_PRIVATE=true allows it"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215 local use
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated; holds :: and ::1 too
IPV4_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")  # RFC 2765 (SIIT)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in NAT64 or address in IPV4_COMPATIBLE or address in IPV4_TRANSLATED:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def is_public_address(address: IPAddress) -> bool:
    """True for a globally routable unicast address; False for anything internal or special,
    including an IPv6 address that carries an internal IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        if (
            address in NAT64_LOCAL
            or address in IPV4_COMPATIBLE
            or address in IPV4_TRANSLATED
            or address.is_site_local
        ):
            return False
        embedded = embedded_ipv4(address)
        if embedded is not None:
            if not is_public_address(embedded):
                return False
            if address in NAT64 or address.ipv4_mapped is not None:
                return True  # a public IPv4 host reached over NAT64, or mapped
    # Python 3.11's is_global is True for some reserved ranges (fixed in 3.12.4): check both.
    return address.is_global and not address.is_multicast and not address.is_reserved


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
            raise BlockedHost(
                f"address {address} is private or reserved (SSRF protection; {ALLOW_PRIVATE})"
            )

    async def resolve(self, host: str, port: int) -> list[str]:
        """Public addresses for ``host``; BlockedHost if any address it resolves to is internal."""
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
        return self.checked(host, infos)

    def resolve_sync(self, host: str, port: int) -> list[str]:
        """:meth:`resolve` for synchronous clients."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
        return self.checked(host, infos)

    @staticmethod
    def checked(host: str, infos: Iterable[tuple[Any, ...]]) -> list[str]:
        """The addresses of ``getaddrinfo`` answers, all public, or BlockedHost."""
        addresses: list[str] = []
        for info in infos:
            text = str(info[4][0])
            address = parse_ip(text)
            if address is None or not is_public_address(address):
                # One internal answer is enough to refuse: never pick "the public one" of a mix.
                raise BlockedHost(
                    f"host {host!r} resolves to private or reserved address {text} "
                    f"(SSRF protection; {ALLOW_PRIVATE})"
                )
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


class GuardedSyncBackend(httpcore.NetworkBackend):
    """The synchronous twin of :class:`GuardedBackend` (webhooks use a sync client)."""

    def __init__(self, policy: HostPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        error: Exception | None = None
        for address in self._policy.resolve_sync(host, port):
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise BlockedHost("unix sockets are not reached")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guarded_client(settings: Settings, timeout: float | None = None) -> httpx.Client:
    """A synchronous httpx client whose every connection goes through the guard (unless
    ``fetch_allow_private``): no proxies from the environment, no redirects followed."""
    policy = HostPolicy(allow_private=settings.fetch_allow_private)
    transport = httpx.HTTPTransport(trust_env=False, retries=0)
    if not policy.allow_private:
        transport._pool = httpcore.ConnectionPool(  # same swap as make_transport's
            ssl_context=httpx.create_ssl_context(trust_env=False),
            http1=True,
            http2=False,
            retries=0,
            network_backend=GuardedSyncBackend(policy),
        )
    return httpx.Client(
        transport=transport,
        timeout=timeout if timeout is not None else settings.fetch_timeout,
        follow_redirects=False,
        trust_env=False,
    )
