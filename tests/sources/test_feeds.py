"""Feed and sitemap parsing: real feeds (malformed ones too), JSON Feed, hostile XML."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from civicspace.errors import ParseError
from civicspace.sources.feeds import parse_feed, sniff_kind
from civicspace.sources.sitemaps import parse_sitemap

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>x</title><link>http://127.0.0.1/a</link></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><title>&xxe;</title><link>http://127.0.0.1/a</link></item></channel></rss>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_declarations_are_refused_fast(payload: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(ParseError, match="entities"):
        parse_feed(payload)
    with pytest.raises(ParseError, match="entities"):
        parse_sitemap(payload.replace(b"<rss", b"<urlset"))
    assert time.perf_counter() - started < 1.0


def test_every_real_feed_parses_or_fails_clearly(shared_data: Path) -> None:
    folder = shared_data / "rss_feeds_real"
    results = {}
    for path in sorted(folder.iterdir()):
        try:
            feed = parse_feed(path.read_bytes())
            results[path.name] = (len(feed.entries), feed.warning)
        except ParseError as exc:
            results[path.name] = (0, str(exc))
    # The malformed feeds are read leniently, with a warning.
    assert results["elpais.xml"][0] > 50 and results["elpais.xml"][1]
    assert results["europapress.xml"][0] == 10 and results["europapress.xml"][1]
    assert results["npr_technology_jsonfeed.json"][0] == 25
    # NewsML is not a feed format we read: a clear error, not a crash.
    assert results["lavanguardia.xml"][1].startswith("not a feed")
    readable = [name for name, (n, _) in results.items() if n > 0]
    assert len(readable) == len(results) - 1


def test_json_feed_fields(shared_data: Path) -> None:
    feed = parse_feed(
        (shared_data / "rss_feeds_real" / "npr_technology_jsonfeed.json").read_bytes()
    )
    entry = feed.entries[0]
    assert feed.title == "Technology"
    assert entry.link and entry.link.startswith("https://www.npr.org/")
    assert entry.title and entry.published and entry.published.tzinfo is not None
    assert entry.content and "<p>" in entry.content


def test_rss_dates_and_links(shared_data: Path) -> None:
    feed = parse_feed((shared_data / "rss_feeds_real" / "bbc.xml").read_bytes())
    assert all(e.link and e.link.startswith("https://www.bbc.co.uk/") for e in feed.entries)
    assert all(e.published is not None for e in feed.entries)


def test_sniff_kind() -> None:
    assert sniff_kind(b"<?xml version='1.0'?><rss version='2.0'>") == "feed"
    assert sniff_kind(b"<feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert sniff_kind(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>") == "sitemap"
    assert sniff_kind(b"<sitemapindex>") == "sitemap"
    assert sniff_kind(b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert sniff_kind(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}') == "feed"


def test_news_sitemap_and_index() -> None:
    pages = parse_sitemap(
        b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://127.0.0.1/a</loc><news:news><news:publication><news:name>X</news:name>
<news:language>sw</news:language></news:publication>
<news:publication_date>2026-01-02T10:00:00Z</news:publication_date>
<news:title>Waandishi wakamatwa</news:title></news:news></url>
<url><loc>http://127.0.0.1/b</loc><lastmod>2026-01-01</lastmod></url></urlset>"""
    )
    assert [(p.url, p.title, p.language) for p in pages.pages] == [
        ("http://127.0.0.1/a", "Waandishi wakamatwa", "sw"),
        ("http://127.0.0.1/b", None, None),
    ]
    assert pages.pages[0].published and pages.pages[0].published.tzinfo is not None
    index = parse_sitemap(
        b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://127.0.0.1/s1.xml</loc></sitemap><sitemap><loc>http://127.0.0.1/s2.xml</loc>
</sitemap></sitemapindex>"""
    )
    assert index.children == ["http://127.0.0.1/s1.xml", "http://127.0.0.1/s2.xml"]
    assert index.pages == []


def test_garbage_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_feed(b"\x00\x01 not xml at all")
    with pytest.raises(ParseError):
        parse_feed(b"{not json")
