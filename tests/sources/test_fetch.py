"""The fetcher against a real HTTP server on loopback: the ordinary behaviours."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import socket
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicspace.errors import BlockedHost, FetchError, RobotsDenied
from civicspace.settings import Settings
from civicspace.sources.fetch import Fetcher, FetchResult, parse_content_type, parse_retry_after
from civicspace.sources.hosts import is_public_address, parse_ip
from civicspace.sources.robots import Robots
from tests.support.loopback import LoopbackServer, loopback_settings, redirect

pytestmark = pytest.mark.usefixtures("loopback_only")

PAGE = b"<html><head><title>Hello</title></head><body><p>Civic space.</p></body></html>"


def fetch(settings: Settings, url: str, **kwargs: Any) -> FetchResult:
    async def run() -> FetchResult:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(run())


def fetch_many(settings: Settings, urls: list[str]) -> list[FetchResult | BaseException]:
    async def run() -> list[FetchResult | BaseException]:
        async with Fetcher(settings) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(u) for u in urls), return_exceptions=True)

    return asyncio.run(run())


def sequence(*steps: tuple[int, bytes, dict[str, str]]) -> Any:
    """A handler answering with each step in turn, then repeating the last."""
    calls = iter(range(10**6))

    def handle(request: BaseHTTPRequestHandler) -> None:
        status, body, headers = steps[min(next(calls), len(steps) - 1)]
        request.send_response(status)
        for key, value in headers.items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handle


# -- plain fetching --------------------------------------------------------------------------


def test_plain_fetch(loopback: LoopbackServer) -> None:
    loopback.add(
        "/page",
        PAGE,
        headers={"Content-Type": 'Text/HTML; Charset="UTF-8"', "X-Thing": "yes"},
    )
    result = fetch(loopback_settings(), loopback.url("/page"))
    assert result.status == 200
    assert result.body == PAGE
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.url == result.final_url == loopback.url("/page")
    assert result.headers["x-thing"] == "yes"
    assert not result.not_modified
    assert result.elapsed > 0
    (request,) = loopback.requests("/page")
    assert request.headers["user-agent"] == Settings().user_agent
    assert request.headers["accept-encoding"] == "gzip, deflate"
    assert "text/html" in request.headers["accept"]


def test_accept_header_is_passed(loopback: LoopbackServer) -> None:
    loopback.add("/feed", b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    result = fetch(loopback_settings(), loopback.url("/feed"), accept="application/rss+xml")
    assert result.content_type == "application/rss+xml"
    assert result.charset is None
    assert loopback.requests("/feed")[0].headers["accept"] == "application/rss+xml"


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send
        ("gzip", lambda b: gzip.compress(b[:10]) + gzip.compress(b[10:])),  # two members
        ("gzip, gzip", lambda b: gzip.compress(gzip.compress(b))),
        ("identity", lambda b: b),
    ],
)
def test_compressed_bodies_are_decoded(
    loopback: LoopbackServer, encoding: str, encode: Any
) -> None:
    body = PAGE * 2000
    loopback.add("/z", encode(body), headers={"Content-Encoding": encoding})
    assert fetch(loopback_settings(), loopback.url("/z")).body == body


def test_no_content_type(loopback: LoopbackServer) -> None:
    loopback.add("/bare", b"hello")
    result = fetch(loopback_settings(), loopback.url("/bare"))
    assert (result.content_type, result.charset) == (None, None)


# -- conditional GET ------------------------------------------------------------------------


def test_conditional_get_with_etag(loopback: LoopbackServer) -> None:
    loopback.add("/page", PAGE, headers={"ETag": '"v1"', "Content-Type": "text/html"})
    settings = loopback_settings()
    first = fetch(settings, loopback.url("/page"))
    assert first.etag == '"v1"'
    second = fetch(settings, loopback.url("/page"), etag=first.etag)
    assert second.not_modified
    assert second.status == 304
    assert second.body == b""
    assert second.etag == '"v1"'
    assert loopback.requests("/page")[1].headers["if-none-match"] == '"v1"'
    changed = fetch(settings, loopback.url("/page"), etag='"v0"')
    assert not changed.not_modified
    assert changed.body == PAGE


def test_conditional_get_with_last_modified(loopback: LoopbackServer) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    loopback.add("/page", PAGE, headers={"Last-Modified": stamp})
    settings = loopback_settings()
    first = fetch(settings, loopback.url("/page"))
    assert first.last_modified == stamp
    second = fetch(settings, loopback.url("/page"), last_modified=stamp)
    assert second.not_modified
    assert second.last_modified == stamp
    assert loopback.requests("/page")[1].headers["if-modified-since"] == stamp


def test_served_directory_answers_conditionally(loopback: LoopbackServer, tmp_path: Any) -> None:
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(PAGE + b"b"))
    loopback.serve_directory("/pages", tmp_path, gunzip=True)
    settings = loopback_settings()
    a = fetch(settings, loopback.url("/pages/a.html"))
    assert (a.body, a.content_type, a.charset) == (PAGE, "text/html", "utf-8")
    assert fetch(settings, loopback.url("/pages/b.html")).body == PAGE + b"b"
    assert fetch(settings, loopback.url("/pages/a.html"), etag=a.etag).not_modified
    with pytest.raises(FetchError, match="404"):
        fetch(settings, loopback.url("/pages/../a.html"))


# -- retries and final errors ----------------------------------------------------------------


def test_retries_503_then_succeeds(loopback: LoopbackServer) -> None:
    loopback.add(
        "/flaky",
        handler=sequence((503, b"busy", {}), (503, b"busy", {}), (200, PAGE, {})),
    )
    result = fetch(loopback_settings(fetch_retries=3), loopback.url("/flaky"))
    assert result.body == PAGE
    assert len(loopback.requests("/flaky")) == 3


def test_retries_give_up_with_retryable_error(loopback: LoopbackServer) -> None:
    loopback.add("/down", b"no", status=500)
    with pytest.raises(FetchError) as caught:
        fetch(loopback_settings(fetch_retries=2), loopback.url("/down"))
    assert type(caught.value) is FetchError
    assert caught.value.retryable
    assert "HTTP 500" in caught.value.reason
    assert caught.value.outcome == "fetch-error"
    assert len(loopback.requests("/down")) == 2


def test_404_is_final(loopback: LoopbackServer) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(loopback_settings(), loopback.url("/missing"))
    assert not caught.value.retryable
    assert "404" in caught.value.reason
    assert len(loopback.requests("/missing")) == 1


def test_410_and_403_are_final(loopback: LoopbackServer) -> None:
    loopback.add("/gone", status=410)
    loopback.add("/forbidden", status=403)
    for path, status in (("/gone", 410), ("/forbidden", 403)):
        with pytest.raises(FetchError, match=f"HTTP {status}") as caught:
            fetch(loopback_settings(), loopback.url(path))
        assert not caught.value.retryable
        assert len(loopback.requests(path)) == 1


def test_429_honours_retry_after(loopback: LoopbackServer) -> None:
    loopback.add(
        "/limited",
        handler=sequence((429, b"slow down", {"Retry-After": "1"}), (200, PAGE, {})),
    )
    started = time.monotonic()
    result = fetch(loopback_settings(), loopback.url("/limited"))
    assert result.body == PAGE
    first, second = loopback.requests("/limited")
    assert second.time - first.time >= 0.95
    assert time.monotonic() - started < 5


def test_retry_after_over_the_cap_gives_up_at_once(loopback: LoopbackServer) -> None:
    loopback.add("/later", status=503, headers={"Retry-After": "3600"})
    started = time.monotonic()
    with pytest.raises(FetchError, match="Retry-After") as caught:
        fetch(loopback_settings(), loopback.url("/later"))
    assert caught.value.retryable
    assert time.monotonic() - started < 2
    assert len(loopback.requests("/later")) == 1


def test_connection_refused_is_retryable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        fetch(loopback_settings(fetch_retries=2), f"http://127.0.0.1:{port}/")
    assert caught.value.retryable
    assert "ConnectError" in caught.value.reason


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 30) == 30
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0


def test_parse_content_type() -> None:
    assert parse_content_type("text/html") == ("text/html", None)
    assert parse_content_type("TEXT/HTML;charset=ISO-8859-1") == ("text/html", "iso-8859-1")
    assert parse_content_type("text/html; foo=bar; charset='utf-8'") == ("text/html", "utf-8")
    assert parse_content_type("; charset=") == (None, None)
    assert parse_content_type(None) == (None, None)


@given(st.text())
def test_parse_content_type_never_raises(value: str) -> None:
    mime, _charset = parse_content_type(value)
    assert mime is None or mime == mime.lower()


# -- redirects -------------------------------------------------------------------------------


def test_redirects_are_followed(loopback: LoopbackServer) -> None:
    loopback.add("/old", handler=redirect("/middle", 301))
    loopback.add("/middle", handler=redirect(loopback.url("/new#frag"), 307))
    loopback.add("/new", PAGE)
    result = fetch(loopback_settings(), loopback.url("/old"))
    assert result.final_url == loopback.url("/new")
    assert result.url == loopback.url("/old")
    assert result.redirects == 2
    assert result.body == PAGE


def test_redirect_cap(loopback: LoopbackServer) -> None:
    for i in range(5):
        loopback.add(f"/r{i}", handler=redirect(f"/r{i + 1}"))
    loopback.add("/r5", PAGE)
    assert fetch(loopback_settings(fetch_max_redirects=5), loopback.url("/r0")).redirects == 5
    with pytest.raises(FetchError, match="too many redirects") as caught:
        fetch(loopback_settings(fetch_max_redirects=4), loopback.url("/r0"))
    assert not caught.value.retryable


def test_redirect_without_location(loopback: LoopbackServer) -> None:
    loopback.add("/nowhere", status=302)
    with pytest.raises(FetchError, match="without Location"):
        fetch(loopback_settings(), loopback.url("/nowhere"))


# -- robots.txt ------------------------------------------------------------------------------

ROBOTS = b"""
User-agent: *
Disallow: /private
Allow: /private/press-releases

User-agent: SomeOtherBot
Disallow: /
"""


def test_robots_disallow(loopback: LoopbackServer) -> None:
    loopback.add("/robots.txt", ROBOTS, headers={"Content-Type": "text/plain"})
    loopback.add("/private/page", PAGE)
    loopback.add("/private/press-releases/1", PAGE)
    loopback.add("/public", PAGE)

    async def run() -> None:
        async with Fetcher(loopback_settings()) as fetcher:
            with pytest.raises(RobotsDenied) as caught:
                await fetcher.fetch(loopback.url("/private/page"))
            assert caught.value.outcome == "robots-denied"
            assert not caught.value.retryable
            assert (await fetcher.fetch(loopback.url("/public"))).body == PAGE
            await fetcher.fetch(loopback.url("/private/press-releases/1"))

    asyncio.run(run())
    assert loopback.requests("/private/page") == []
    assert len(loopback.requests("/robots.txt")) == 1  # cached for the Fetcher's life
    assert len(loopback.requests("/public")) == 1


def test_robots_group_for_our_agent(loopback: LoopbackServer) -> None:
    loopback.add("/robots.txt", b"User-agent: *\nAllow: /\n\nUser-agent: civicspace\nDisallow: /\n")
    loopback.add("/page", PAGE)
    with pytest.raises(RobotsDenied):
        fetch(loopback_settings(), loopback.url("/page"))


def test_robots_checked_on_every_redirect_hop(loopback: LoopbackServer) -> None:
    loopback.add("/robots.txt", ROBOTS)
    loopback.add("/start", handler=redirect("/private/page"))
    loopback.add("/private/page", PAGE)
    with pytest.raises(RobotsDenied):
        fetch(loopback_settings(), loopback.url("/start"))
    assert loopback.requests("/private/page") == []


def test_robots_redirecting_to_a_blocked_host_counts_as_unreachable(
    loopback: LoopbackServer,
) -> None:
    loopback.add("/robots.txt", handler=redirect("http://10.0.0.1/robots.txt"))
    loopback.add("/page", PAGE)
    assert fetch(loopback_settings(), loopback.url("/page")).body == PAGE


def test_robots_ignored_when_not_respected(loopback: LoopbackServer) -> None:
    loopback.add("/robots.txt", b"User-agent: *\nDisallow: /\n")
    loopback.add("/page", PAGE)
    assert fetch(loopback_settings(fetch_respect_robots=False), loopback.url("/page")).body == PAGE
    assert loopback.requests("/robots.txt") == []


@pytest.mark.parametrize("status", [404, 401, 500, 503])
def test_robots_missing_or_failing_allows(loopback: LoopbackServer, status: int) -> None:
    loopback.add("/robots.txt", b"User-agent: *\nDisallow: /\n", status=status)
    loopback.add("/page", PAGE)
    assert fetch(loopback_settings(), loopback.url("/page")).body == PAGE
    assert len(loopback.requests("/robots.txt")) == 1  # one attempt, no retries


def test_robots_crawl_delay_slows_requests(loopback: LoopbackServer) -> None:
    loopback.add("/robots.txt", b"User-agent: *\nCrawl-delay: 0.3\n")
    loopback.add("/page", PAGE)
    fetch_many(loopback_settings(fetch_per_host=4), [loopback.url("/page")] * 3)
    times = [r.time for r in loopback.requests("/page")]
    assert len(times) == 3
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.25


# -- host policy -----------------------------------------------------------------------------


def test_allowed_hosts_only(loopback: LoopbackServer) -> None:
    loopback.add("/page", PAGE)
    with pytest.raises(BlockedHost, match="fetch_allowed_hosts") as caught:
        fetch(loopback_settings(), loopback.url("/page", host="localhost"))
    assert caught.value.outcome == "blocked"
    assert not caught.value.retryable
    assert loopback.requests() == []


def test_redirect_to_a_host_off_the_list_is_blocked(loopback: LoopbackServer) -> None:
    # 10.0.0.1 is never contacted: the allow-list refuses it before any connection.
    loopback.add("/out", handler=redirect("http://10.0.0.1/admin"))
    with pytest.raises(BlockedHost, match=r"10\.0\.0\.1"):
        fetch(loopback_settings(), loopback.url("/out"))


def test_redirect_to_another_scheme_is_blocked(loopback: LoopbackServer) -> None:
    loopback.add("/file", handler=redirect("file:///etc/passwd"))
    with pytest.raises(BlockedHost, match="scheme"):
        fetch(loopback_settings(), loopback.url("/file"))


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd", "javascript:alert(1)"])
def test_other_schemes_are_blocked(url: str) -> None:
    with pytest.raises(BlockedHost):
        fetch(loopback_settings(), url)


def test_invalid_url_is_a_fetch_error() -> None:
    with pytest.raises(FetchError):
        fetch(loopback_settings(fetch_allowed_hosts=[]), "http://[::1/")


def test_private_addresses_blocked_without_allow_private(loopback: LoopbackServer) -> None:
    loopback.add("/page", PAGE)
    settings = loopback_settings(fetch_allow_private=False, fetch_allowed_hosts=[])
    for url in (
        loopback.url("/page"),
        f"http://[::1]:{loopback.port}/page",
        f"http://[::ffff:127.0.0.1]:{loopback.port}/page",
        f"http://0.0.0.0:{loopback.port}/page",
        f"http://127.1.2.3:{loopback.port}/page",
    ):
        with pytest.raises(BlockedHost, match="private or reserved"):
            fetch(settings, url)
    assert loopback.requests() == []


def test_names_resolving_to_private_addresses_are_blocked(loopback: LoopbackServer) -> None:
    # "localhost" passes the pre-check (it is a name) and is refused when the connection is
    # opened, after resolution: the same check that stops DNS rebinding.
    loopback.add("/page", PAGE)
    settings = loopback_settings(fetch_allow_private=False, fetch_allowed_hosts=[])
    with pytest.raises(BlockedHost, match="resolves to private"):
        fetch(settings, loopback.url("/page", host="localhost"))
    assert loopback.requests() == []


def test_allow_private_reaches_localhost_by_name(loopback: LoopbackServer) -> None:
    loopback.add("/page", PAGE)
    settings = loopback_settings(fetch_allowed_hosts=["LOCALHOST."])
    assert fetch(settings, loopback.url("/page", host="localhost")).body == PAGE


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 wrapping 127.0.0.1
        ("ff02::1", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    ip = parse_ip(address)
    assert ip is not None
    assert is_public_address(ip) is public


# -- politeness and concurrency --------------------------------------------------------------


class InFlight:
    """A handler that holds each request ``hold`` seconds and records peak concurrency."""

    def __init__(self, hold: float = 0.15) -> None:
        self.hold = hold
        self.now = 0
        self.peak = 0
        self.lock = threading.Lock()

    def __call__(self, request: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(self.hold)
        with self.lock:
            self.now -= 1
        request.send_response(200)
        request.send_header("Content-Length", str(len(PAGE)))
        request.end_headers()
        request.wfile.write(PAGE)


def test_per_host_concurrency(loopback: LoopbackServer) -> None:
    counter = InFlight()
    loopback.add("/slow", handler=counter)
    urls = [loopback.url(f"/slow?n={i}") for i in range(6)]
    results = fetch_many(loopback_settings(fetch_per_host=2, fetch_concurrency=16), urls)
    assert all(isinstance(r, FetchResult) for r in results)
    assert counter.peak == 2


def test_global_concurrency(loopback: LoopbackServer) -> None:
    counter = InFlight()
    loopback.add("/slow", handler=counter)
    urls = [
        loopback.url(f"/slow?n={i}", host=h) for i in range(2) for h in ("127.0.0.1", "localhost")
    ]
    settings = loopback_settings(
        fetch_per_host=2, fetch_concurrency=1, fetch_allowed_hosts=["127.0.0.1", "localhost"]
    )
    results = fetch_many(settings, urls)
    assert all(isinstance(r, FetchResult) for r in results)
    assert counter.peak == 1


def test_politeness_delay_between_request_starts(loopback: LoopbackServer) -> None:
    loopback.add("/page", PAGE)
    fetch_many(loopback_settings(fetch_delay=0.2, fetch_per_host=3), [loopback.url("/page")] * 3)
    times = sorted(r.time for r in loopback.requests("/page"))
    assert len(times) == 3
    # arrival times at the server jitter under load; without the delay the gaps are ~0
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.12


def test_fetcher_without_context_manager(loopback: LoopbackServer) -> None:
    loopback.add("/page", PAGE)

    async def run() -> bytes:
        fetcher = Fetcher(loopback_settings())
        try:
            return (await fetcher.fetch(loopback.url("/page"))).body
        finally:
            await fetcher.aclose()
            await fetcher.aclose()  # idempotent

    assert asyncio.run(run()) == PAGE


# -- the robots.txt parser -------------------------------------------------------------------


def test_robots_parser_rfc9309() -> None:
    text = """
    # comment
    User-agent: Googlebot
    User-agent: CivicSpace   # we share this group
    Disallow: /search
    Allow: /search/about
    Disallow: /*.pdf$
    Disallow: /*?print=
    Allow: /tie
    Disallow: /tie
    Crawl-delay: 2.5

    User-agent: *
    Disallow: /

    User-agent: civicspace
    Disallow: /caf%C3%A9

    Sitemap: https://example.org/sitemap.xml
    """
    robots = Robots.parse(text, "civicspace/0.1 (+https://example.org)")
    assert robots.allowed("https://example.org/")
    assert robots.allowed("/news/1")
    assert not robots.allowed("/search?q=x")
    assert robots.allowed("/search/about")  # longer Allow wins
    assert not robots.allowed("/files/report.pdf")
    assert robots.allowed("/files/report.pdf.html")  # "$" anchors
    assert not robots.allowed("/story?print=1")
    assert robots.allowed("/story?id=1&print=1")  # "?print=" is not "?…&print="
    assert robots.allowed("/tie")  # equal length: Allow wins
    assert not robots.allowed("/café")  # groups for our agent merge; percent-encoding compared
    assert robots.allowed("/robots.txt")
    assert robots.crawl_delay == 2.5
    assert robots.sitemaps == ("https://example.org/sitemap.xml",)
    other = Robots.parse(text, "OtherBot/1.0")
    assert not other.allowed("/news/1")
    assert other.allowed("/robots.txt")


def test_robots_parser_edge_cases() -> None:
    assert Robots.parse("", "civicspace").allowed("/x")
    assert Robots.parse("Disallow: /\n", "civicspace").allowed("/x")  # rule outside any group
    assert Robots.parse("User-agent: *\nDisallow:\n", "civicspace").allowed("/x")
    assert not Robots.disallow_all().allowed("/x")
    assert Robots.parse("User-agent: *\nCrawl-delay: nan\n", "c").crawl_delay is None


@given(st.text(max_size=2000), st.text(max_size=200))
def test_robots_parser_never_raises(text: str, path: str) -> None:
    Robots.parse(text, "civicspace/0.1").allowed("/" + path)
