"""Polite, bounded async HTTP fetching. See docs/fetching.md.

:class:`Fetcher` turns one URL into a :class:`FetchResult` or one of the item errors from
:mod:`civicspace.errors` (``FetchError``, ``BlockedHost``, ``RobotsDenied``, ``TooLarge``); no
httpx exception ever leaves :meth:`Fetcher.fetch`. Every limit comes from
:class:`~civicspace.settings.Settings`.

One fetch, in order: the URL is checked against the host policy (scheme, allow-list, IP
literals); robots.txt of its origin is consulted (fetched once per Fetcher); the request waits for
a per-host slot, the per-host politeness delay and a global slot; the answer is streamed under a
whole-response deadline and a size cap on the *decoded* body; a redirect repeats all of this for
the next hop; a transient failure is retried with exponential backoff and jitter.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType

import httpx

from civicspace.errors import CivicspaceError, FetchError, RobotsDenied, TooLarge
from civicspace.settings import Settings, get_settings
from civicspace.sources.decoding import ACCEPT_ENCODING, BoundedDecoder
from civicspace.sources.hosts import HostPolicy, make_transport, normalise_host
from civicspace.sources.robots import Robots

__all__ = ["FetchResult", "Fetcher", "parse_content_type"]

DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({408, 429})  # and every 5xx
RETRY_AFTER_CAP = 60.0  # seconds; a longer Retry-After ends the fetch (retryable) instead
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
CRAWL_DELAY_CAP = 30.0  # a robots.txt Crawl-delay raises the politeness delay up to this


@dataclass(frozen=True)
class FetchResult:
    """One HTTP response, already decompressed and size-checked."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None = None  # the MIME type alone, lower case: "text/html"
    charset: str | None = None  # from the Content-Type header, if any
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a 304 answer to a conditional GET
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-cased names
    elapsed: float = 0.0
    redirects: int = 0  # redirect hops followed to reach final_url


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``'Text/HTML; charset="UTF-8"'`` → ``("text/html", "utf-8")``; never raises."""
    if not value:
        return None, None
    mime, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").strip().lower() or None
    mime = mime.strip().lower()
    return (mime or None), charset


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = datetime.now(UTC).timestamp() if now is None else now
    return max(0.0, when.timestamp() - current)


class _Transient(Exception):
    """A failure worth retrying (internal; becomes FetchError(retryable=True) at the end)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass
class _Answer:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes = b""


class Fetcher:
    """Fetches URLs politely within the limits of ``settings``. Use as an async context
    manager, or call :meth:`aclose` when done; one Fetcher per run, shared by all tasks."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        s = self.settings
        self.policy = HostPolicy(s.fetch_allowed_hosts, allow_private=s.fetch_allow_private)
        self._client: httpx.AsyncClient | None = None
        self._global = asyncio.Semaphore(max(1, s.fetch_concurrency))
        self._per_host: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._crawl_delay: dict[str, float] = {}

    async def __aenter__(self) -> Fetcher:
        self._get_client()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    def _get_client(self) -> httpx.AsyncClient:
        if self._client is None:
            s = self.settings
            limits = httpx.Limits(
                max_connections=max(1, s.fetch_concurrency),
                max_keepalive_connections=max(1, s.fetch_concurrency),
            )
            self._client = httpx.AsyncClient(
                transport=make_transport(self.policy, limits),
                timeout=httpx.Timeout(s.fetch_timeout),
                follow_redirects=False,
                trust_env=False,
                headers={"User-Agent": s.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            )
        return self._client

    # -- the public call -------------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET ``url``. Raises FetchError (or a subclass) or TooLarge; nothing else on purpose."""
        started = time.monotonic()
        headers = {"Accept": accept or DEFAULT_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            answer, hops = await self._follow(
                url, headers, max_bytes=self.settings.fetch_max_bytes, robots=True
            )
        except CivicspaceError:
            raise
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}", retryable=False) from exc
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}", retryable=False) from exc
        content_type, charset = parse_content_type(answer.headers.get("content-type"))
        not_modified = answer.status == 304
        return FetchResult(
            url=url,
            final_url=answer.url,
            status=answer.status,
            body=b"" if not_modified else answer.body,
            content_type=content_type,
            charset=charset,
            etag=answer.headers.get("etag") or (etag if not_modified else None),
            last_modified=answer.headers.get("last-modified")
            or (last_modified if not_modified else None),
            not_modified=not_modified,
            headers=dict(answer.headers.items()),
            elapsed=time.monotonic() - started,
            redirects=hops,
        )

    # -- redirects, policy and robots ------------------------------------------------------

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        *,
        max_bytes: int,
        robots: bool,
        truncate: bool = False,
        attempts: int | None = None,
    ) -> tuple[_Answer, int]:
        """Request ``url`` and follow redirects, checking every hop. Returns the final answer."""
        current = httpx.URL(url)
        seen: set[str] = set()
        limit = self.settings.fetch_max_redirects
        for hop in range(limit + 1):
            current = current.copy_with(fragment=None)
            seen.add(str(current))
            self.policy.check_url(current)
            if robots and self.settings.fetch_respect_robots:
                await self._check_robots(current)
            answer = await self._get(
                current, headers, max_bytes=max_bytes, truncate=truncate, attempts=attempts
            )
            if answer.status not in REDIRECTS:
                return answer, hop
            location = answer.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {answer.status} redirect without Location", retryable=False)
            target = current.join(location.strip()).copy_with(fragment=None)
            if str(target) in seen:
                raise FetchError(f"redirect loop: {current} → {target}", retryable=False)
            current = target
        raise FetchError(
            f"too many redirects: more than {limit} (fetch_max_redirects) from {url}",
            retryable=False,
        )

    async def _check_robots(self, url: httpx.URL) -> None:
        rules = await self._robots_for(url)
        if not rules.allowed(str(url)):
            raise RobotsDenied(f"robots.txt of {url.host} disallows {url.raw_path.decode()}")

    async def _robots_for(self, url: httpx.URL) -> Robots:
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        cached = self._robots.get(origin)
        if cached is not None:
            return cached
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._robots.get(origin)
            if cached is None:
                cached = await self._load_robots(origin)
                self._robots[origin] = cached
                if cached.crawl_delay:
                    host = normalise_host(url.host)
                    delay = min(cached.crawl_delay, CRAWL_DELAY_CAP)
                    self._crawl_delay[host] = max(self._crawl_delay.get(host, 0.0), delay)
        return cached

    async def _load_robots(self, origin: str) -> Robots:
        """robots.txt for one origin. Missing (4xx) → allow all. Server error, timeout or
        unreachable → also allow: a broken robots.txt should not silence a news site, and the
        page fetch that follows fails on its own if the site is really down. A robots.txt that
        redirects to a blocked host counts as unreachable; if the origin itself is blocked, the
        page fetch that follows is refused with BlockedHost."""
        try:
            answer, _ = await self._follow(
                f"{origin}/robots.txt",
                {"Accept": "text/plain,*/*;q=0.5"},
                max_bytes=ROBOTS_MAX_BYTES,
                robots=False,
                truncate=True,
                attempts=1,
            )
        except FetchError:
            return Robots.allow_all()
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError):
            return Robots.allow_all()
        if not 200 <= answer.status < 300:
            return Robots.allow_all()
        text = answer.body.decode("utf-8", errors="replace")
        return Robots.parse(text, self.settings.user_agent)

    # -- one URL, with retries -------------------------------------------------------------

    async def _get(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        *,
        max_bytes: int,
        truncate: bool,
        attempts: int | None,
    ) -> _Answer:
        tries = max(1, self.settings.fetch_retries if attempts is None else attempts)
        for attempt in range(1, tries + 1):
            try:
                return await self._attempt(url, headers, max_bytes=max_bytes, truncate=truncate)
            except _Transient as failure:
                if attempt >= tries:
                    raise FetchError(
                        f"{failure.reason} (after {tries} attempt{'s' if tries > 1 else ''})"
                    ) from None
                delay = self._backoff(attempt)
                if failure.retry_after is not None:
                    if failure.retry_after > RETRY_AFTER_CAP:
                        raise FetchError(
                            f"{failure.reason}; Retry-After {failure.retry_after:.0f}s is over "
                            f"the {RETRY_AFTER_CAP:.0f}s cap"
                        ) from None
                    delay = max(delay, failure.retry_after)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: base·2^(n-1), plus up to as much again at random."""
        base = max(0.0, self.settings.fetch_backoff) * 2 ** (attempt - 1)
        return base + random.uniform(0, base)

    @asynccontextmanager
    async def _slot(self, host: str) -> AsyncIterator[None]:
        """Per-host slot, then the politeness delay between request starts, then a global slot."""
        semaphore = self._per_host.get(host)
        if semaphore is None:
            semaphore = self._per_host[host] = asyncio.Semaphore(
                max(1, self.settings.fetch_per_host)
            )
        async with semaphore:
            delay = max(self.settings.fetch_delay, self._crawl_delay.get(host, 0.0))
            if delay > 0:
                loop = asyncio.get_running_loop()
                now = loop.time()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + delay  # reserved before awaiting: no race
                if start > now:
                    await asyncio.sleep(start - now)
            async with self._global:
                yield

    async def _attempt(
        self, url: httpx.URL, headers: dict[str, str], *, max_bytes: int, truncate: bool
    ) -> _Answer:
        client = self._get_client()
        total = self.settings.fetch_total_timeout
        async with self._slot(normalise_host(url.host)):
            try:
                async with asyncio.timeout(total if total > 0 else None):
                    request = client.build_request("GET", url, headers=headers)
                    response = await client.send(request, stream=True)
                    try:
                        return await self._answer(response, url, max_bytes, truncate)
                    finally:
                        await response.aclose()
            except TimeoutError:
                raise _Transient(f"timeout: no complete response within {total:g}s") from None
            except httpx.TimeoutException as exc:
                kind = type(exc).__name__.removesuffix("Timeout").lower() or "network"
                raise _Transient(
                    f"timeout ({kind}) after {self.settings.fetch_timeout:g}s"
                ) from None
            except httpx.TransportError as exc:
                raise _Transient(f"{type(exc).__name__}: {exc or 'connection failed'}") from None

    async def _answer(
        self, response: httpx.Response, url: httpx.URL, max_bytes: int, truncate: bool
    ) -> _Answer:
        status = response.status_code
        answer = _Answer(str(url), status, response.headers)
        if status == 304 or status in REDIRECTS:
            return answer
        if status in RETRY_STATUSES or status >= 500:
            raise _Transient(
                f"HTTP {status} {response.reason_phrase}".rstrip(),
                retry_after=parse_retry_after(response.headers.get("retry-after")),
            )
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status} {response.reason_phrase}".rstrip(), retryable=False)
        answer.body = await self._read_body(response, max_bytes, truncate)
        return answer

    async def _read_body(self, response: httpx.Response, max_bytes: int, truncate: bool) -> bytes:
        """The decoded body, at most ``max_bytes``; TooLarge past that unless ``truncate``."""
        declared = response.headers.get("content-length", "").strip()
        if not truncate and declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(f"Content-Length {int(declared):,} is over the {max_bytes:,}-byte cap")
        decoder = BoundedDecoder(response.headers.get("content-encoding"))
        body = bytearray()

        def add(piece: bytes) -> bool:
            body.extend(piece)
            if len(body) <= max_bytes:
                return True
            if truncate:
                del body[max_bytes:]
                return False
            raise TooLarge(f"body is over the {max_bytes:,}-byte cap (after decompression)")

        async for raw in response.aiter_raw():
            for piece in decoder.feed(raw):
                if not add(piece):
                    return bytes(body)
        for piece in decoder.flush():
            if not add(piece):
                break
        return bytes(body)
