"""The fetcher against hostile servers: each case ends in the right error, fast, in bounded memory.

Memory is measured with tracemalloc around the fetch (the server runs in a thread of this
process, so its allocations count too; it streams, so they stay small).
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import random
import time
import tracemalloc
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any, TypeVar

import pytest

from civicspace.errors import FetchError, TooLarge
from civicspace.settings import Settings
from civicspace.sources.decoding import CHUNK, BoundedDecoder
from civicspace.sources.fetch import Fetcher, FetchResult
from civicspace.sources.robots import Robots
from tests.support.loopback import (
    LoopbackServer,
    gzip_bomb,
    hang,
    loopback_settings,
    redirect,
    stream,
    trickle,
    zeros,
)

pytestmark = pytest.mark.usefixtures("loopback_only")

MB = 1_000_000
CAP = 10 * MB
T = TypeVar("T")


def fetch(settings: Settings, url: str, **kwargs: Any) -> FetchResult:
    async def run() -> FetchResult:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(run())


def measured(call: Callable[[], T]) -> tuple[T | BaseException, float, int]:
    """Run ``call``; return its result or exception, the seconds taken, and peak bytes traced."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        outcome: T | BaseException = call()
    except BaseException as exc:
        outcome = exc
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return outcome, elapsed, peak


@functools.cache
def bomb() -> bytes:
    return gzip_bomb(1 << 30)  # ~1 MB of gzip, 1 GiB inflated


def settings(**overrides: Any) -> Settings:
    return loopback_settings(**{"fetch_max_bytes": CAP, "fetch_retries": 1, **overrides})


# -- size --------------------------------------------------------------------------------------


def test_50mb_with_content_length_is_refused_up_front(loopback: LoopbackServer) -> None:
    size = 50 * MB
    loopback.add("/big", handler=stream(zeros(size), content_length=size))
    outcome, elapsed, peak = measured(lambda: fetch(settings(), loopback.url("/big")))
    assert isinstance(outcome, TooLarge), outcome
    assert "Content-Length" in outcome.reason
    assert outcome.outcome == "too-large"
    assert elapsed < 2
    assert peak < 5 * MB


def test_50mb_streamed_without_content_length(loopback: LoopbackServer) -> None:
    loopback.add("/big", handler=stream(zeros(50 * MB), headers={"Content-Type": "text/html"}))
    outcome, elapsed, peak = measured(lambda: fetch(settings(), loopback.url("/big")))
    assert isinstance(outcome, TooLarge), outcome
    assert "cap" in outcome.reason
    assert elapsed < 5
    assert peak < 2 * CAP


def test_gzip_bomb(loopback: LoopbackServer) -> None:
    payload = bomb()
    assert len(payload) < 1.1 * MB
    loopback.add(
        "/bomb",
        payload,
        headers={"Content-Encoding": "gzip", "Content-Type": "text/html"},
    )
    outcome, elapsed, peak = measured(lambda: fetch(settings(), loopback.url("/bomb")))
    assert isinstance(outcome, TooLarge), outcome
    assert "decompression" in outcome.reason
    assert elapsed < 5
    assert peak < 2 * CAP


def test_nested_gzip_bomb(loopback: LoopbackServer) -> None:
    # ~2 KB on the wire, 1 GiB after two rounds of gunzip; httpx's own decoder would inflate
    # the inner layer in a single call.
    payload = gzip.compress(bomb(), compresslevel=9)
    assert len(payload) < 10_000
    loopback.add("/bomb2", payload, headers={"Content-Encoding": "gzip, gzip"})
    outcome, elapsed, peak = measured(lambda: fetch(settings(), loopback.url("/bomb2")))
    assert isinstance(outcome, TooLarge), outcome
    assert elapsed < 5
    assert peak < 2 * CAP


def test_decoder_output_is_bounded_per_piece() -> None:
    decoder = BoundedDecoder("gzip, gzip")
    payload = gzip.compress(bomb()[:200_000], compresslevel=9)
    sizes = []
    for piece in decoder.feed(payload):
        sizes.append(len(piece))
        if sum(sizes) > 20 * MB:
            break
    assert max(sizes) <= CHUNK
    assert sum(sizes) > 20 * MB


def test_corrupt_gzip_is_a_final_error(loopback: LoopbackServer) -> None:
    loopback.add("/bad", b"\x1f\x8b\x08\x00garbage" * 100, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="cannot decode gzip") as caught:
        fetch(settings(), loopback.url("/bad"))
    assert not caught.value.retryable


def test_unsupported_content_encoding(loopback: LoopbackServer) -> None:
    loopback.add("/br", b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        fetch(settings(), loopback.url("/br"))


def test_oversized_robots_txt_is_truncated_not_fatal(loopback: LoopbackServer) -> None:
    def robots() -> Iterator[bytes]:
        yield b"User-agent: *\nDisallow: /private\n"
        yield from zeros(50 * MB)()

    loopback.add("/robots.txt", handler=stream(robots))
    loopback.add("/page", b"ok")
    loopback.add("/private", b"secret")

    async def run() -> None:
        async with Fetcher(settings(fetch_respect_robots=True)) as fetcher:
            assert (await fetcher.fetch(loopback.url("/page"))).body == b"ok"
            with pytest.raises(FetchError):
                await fetcher.fetch(loopback.url("/private"))

    outcome, elapsed, peak = measured(lambda: asyncio.run(run()))
    assert outcome is None, outcome
    assert elapsed < 5
    assert peak < 5 * MB


# -- redirects ---------------------------------------------------------------------------------


def test_redirect_loop(loopback: LoopbackServer) -> None:
    loopback.add("/a", handler=redirect("/b"))
    loopback.add("/b", handler=redirect(loopback.url("/a")))
    started = time.monotonic()
    with pytest.raises(FetchError, match="redirect loop") as caught:
        fetch(settings(), loopback.url("/a"))
    assert not caught.value.retryable
    assert time.monotonic() - started < 2
    assert len(loopback.requests("/a")) == 1


def test_endless_redirect_chain(loopback: LoopbackServer) -> None:
    def onwards(request: BaseHTTPRequestHandler) -> None:
        n = int(request.path.rsplit("/", 1)[1])
        redirect(f"/chain/{n + 1}")(request)

    loopback.add("/chain/0", handler=onwards)
    for n in range(1, 50):
        loopback.add(f"/chain/{n}", handler=onwards)
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(settings(fetch_max_redirects=5), loopback.url("/chain/0"))
    assert len(loopback.requests()) == 6 + 1  # six hops and /robots.txt


# -- time --------------------------------------------------------------------------------------


def test_server_that_never_answers(loopback: LoopbackServer) -> None:
    loopback.add("/hang", handler=hang())
    started = time.monotonic()
    with pytest.raises(FetchError, match="timeout") as caught:
        fetch(settings(fetch_timeout=0.5, fetch_total_timeout=1.0), loopback.url("/hang"))
    assert caught.value.retryable
    assert time.monotonic() - started < 2


def test_server_that_trickles_one_byte_per_second(loopback: LoopbackServer) -> None:
    # Each byte arrives well within the read timeout; only the whole-response deadline ends it.
    loopback.add("/trickle", handler=trickle(b"<html>" + b"x" * 1000, interval=1.0))
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no complete response within 1\.5s"):
        fetch(settings(fetch_timeout=3.0, fetch_total_timeout=1.5), loopback.url("/trickle"))
    assert time.monotonic() - started < 3


def test_hanging_robots_txt_allows_after_timeout(loopback: LoopbackServer) -> None:
    loopback.add("/robots.txt", handler=hang())
    loopback.add("/page", b"ok")
    result = fetch(settings(fetch_timeout=0.3, fetch_total_timeout=0.5), loopback.url("/page"))
    assert result.body == b"ok"


# -- malformed answers -------------------------------------------------------------------------


def raw(data: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(request: BaseHTTPRequestHandler) -> None:
        request.wfile.write(data)
        request.wfile.flush()
        request.close_connection = True

    return handle


@pytest.mark.parametrize(
    "data",
    [
        b"this is not HTTP at all\r\n\r\n",
        b"",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
    ],
    ids=["not-http", "empty", "short-body", "huge-header", "bad-chunk", "negative-length"],
)
def test_malformed_responses_are_fetch_errors(loopback: LoopbackServer, data: bytes) -> None:
    loopback.add("/raw", handler=raw(data))
    with pytest.raises(FetchError):
        fetch(settings(fetch_retries=2), loopback.url("/raw"))


def test_binary_served_as_html_is_returned(loopback: LoopbackServer) -> None:
    body = random.Random(7).randbytes(200_000)
    loopback.add("/photo", body, headers={"Content-Type": "text/html; charset=utf-8"})
    result = fetch(settings(), loopback.url("/photo"))
    assert result.body == body
    assert (result.content_type, result.charset) == ("text/html", "utf-8")


def test_invalid_utf8_is_returned_untouched(loopback: LoopbackServer) -> None:
    body = b"<html><body>caf\xe9 \xff\xfe \xc3\x28 \xed\xa0\x80 ok</body></html>"
    loopback.add("/bad-utf8", body, headers={"Content-Type": "text/html; charset=UTF-8"})
    assert fetch(settings(), loopback.url("/bad-utf8")).body == body


def test_nonsense_content_type_and_headers(loopback: LoopbackServer) -> None:
    loopback.add(
        "/odd",
        b"x",
        headers={"Content-Type": ";;;charset", "ETag": "", "Retry-After": "never"},
    )
    result = fetch(settings(), loopback.url("/odd"))
    assert (result.content_type, result.charset) == (None, None)


def test_hostile_robots_txt_patterns_are_fast() -> None:
    text = "User-agent: *\n" + "".join(f"Disallow: /{'*a' * 40}{i}$\n" for i in range(200))
    rules = Robots.parse(text, "civicspace/0.1")
    started = time.monotonic()
    assert rules.allowed("/" + "a" * 2000 + "b")
    assert time.monotonic() - started < 2
