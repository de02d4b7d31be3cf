"""``civicspace ingest`` end to end: real feeds and pages served by a real server on loopback.

Sources are registered in the store, crawled over HTTP through the real fetcher, and every
listed link must end as exactly one document with one outcome, on SQLite and PostgreSQL. The
real feeds keep their real news links, so their sources never fetch articles
(``fetch_articles=False``); the article tests serve feeds and sitemaps whose links point back to
the loopback server, which serves saved real pages from ``../shared/data``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import feedparser
import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from civicspace.extract.urls import url_key
from civicspace.ingest.crawl import CrawlReport, SourceRun, crawl
from civicspace.settings import Settings
from civicspace.sources.registry import SourceSpec, add_source
from civicspace.store.models import Document, RawBlob, Source
from tests.support.loopback import LoopbackServer, hang, redirect, stream

pytestmark = pytest.mark.usefixtures("loopback_only")

OUTCOMES = {
    "stored",
    "duplicate",
    "no-text",
    "not-html",
    "too-large",
    "fetch-error",
    "parse-error",
    "blocked",
    "robots-denied",
    "unsupported",
}
BENCH_PAGES = 6  # benchmark pages listed by the synthetic feed; as many again in the sitemaps
MULTILINGUAL = {  # saved real pages (trafilatura eval set) and the language each is written in
    "lastampa.it.temperature.html": "it",
    "elpais.com.ciencia.html": "es",
    "yle.fi.3-11212601.html": "fi",
    "sportowefakty.wp.pl.falubaz.html": "pl",
    "francais.radio.cz-ministre.html": "fr",
    "mindmegette.hu.levagott.html": "hu",
}
# An article written for this test (no canonical link), served under two URLs: a text duplicate.
ORIGINAL = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Volunteers reopen the river library</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Volunteers reopen the river library</h1>
<p>After three winters of closure, the small library beside the river opened its doors again on
Saturday morning, run entirely by volunteers from the neighbourhood association.</p>
<p>The association raised the money for a new roof through a series of concerts in the square,
and local carpenters rebuilt the shelves from timber donated by a sawmill up the valley.</p>
<p>Readers queued before nine o'clock. Many brought back books they had borrowed before the
closure, and the volunteers decided to waive every late fee for the first month.</p>
<p>The association plans reading hours for children on Wednesdays and a legal advice desk on the
first Monday of each month, staffed by retired lawyers who offered their time.</p>
</article><footer>Community news, illustrative page written for the civicspace tests.</footer>
</body></html>"""


def run_crawl(engine: Engine, settings: Settings, **kwargs: Any) -> CrawlReport:
    return asyncio.run(crawl(engine=engine, settings=settings, force=True, **kwargs))


def register(engine: Engine, *specs: SourceSpec) -> list[int]:
    with Session(engine) as session:
        ids = [add_source(session, spec).id for spec in specs]
        session.commit()
    return ids


def documents(engine: Engine) -> list[Document]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(Document).order_by(Document.id)))


def by_key(engine: Engine) -> dict[str, Document]:
    return {d.input_key: d for d in documents(engine)}


def sources(engine: Engine) -> dict[str, Source]:
    with Session(engine, expire_on_commit=False) as session:
        return {s.name: s for s in session.scalars(select(Source))}


def forget_validators(engine: Engine) -> None:
    """Drop stored ETags and Last-Modified dates, so that the next poll downloads everything."""
    with Session(engine) as session:
        session.execute(update(Source).values(etag=None, last_modified=None))
        session.commit()


def assert_one_outcome_each(docs: list[Document]) -> None:
    keys = [d.input_key for d in docs]
    assert len(keys) == len(set(keys))
    for doc in docs:
        assert doc.outcome in OUTCOMES, (doc.url, doc.outcome)
        if doc.outcome == "duplicate":
            assert doc.duplicate_of is not None and doc.duplicate_kind in ("url", "text", "near")
        else:
            assert doc.duplicate_of is None
        if doc.outcome == "stored":
            assert doc.text and doc.content_hash and doc.minhash
        elif doc.outcome != "duplicate":
            assert doc.reason, (doc.url, doc.outcome)


# -- the real feeds ---------------------------------------------------------------------------


def feed_links(path: Path) -> list[str]:
    """The entry links of a saved feed, read independently of civicspace (feedparser, json)."""
    if path.suffix == ".json":
        items = json.loads(path.read_bytes())["items"]
        links = [i.get("url") or i.get("external_url") for i in items]
    else:
        links = [e.get("link") for e in feedparser.parse(path.read_bytes()).entries]
    return [link for link in links if link and link.startswith(("http://", "https://"))]


def test_real_feeds(
    engine: Engine, settings: Settings, loopback: LoopbackServer, shared_data: Path
) -> None:
    folder = shared_data / "rss_feeds_real"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".xml", ".json"))
    assert len(files) >= 20
    loopback.serve_directory("/feeds/", folder)
    register(
        engine,
        *(
            SourceSpec(url=loopback.url(f"/feeds/{p.name}"), name=p.stem, fetch_articles=False)
            for p in files
        ),
    )
    seen: list[SourceRun] = []
    report = run_crawl(engine, settings, on_source=seen.append)

    # Every source was polled once and has a health record: ok, or the reason it failed.
    assert len(seen) == len(report.sources) == len(files)
    health = sources(engine)
    failed = {name for name, s in health.items() if s.error_streak}
    assert failed == {"lavanguardia"}  # NewsML: not a feed format we read
    assert "parse-error" in (health["lavanguardia"].last_error or "")
    for name, source in health.items():
        assert source.last_attempt_at is not None and source.next_due_at is not None
        if name in failed:
            assert source.error_streak == 1 and source.last_success_at is None
        else:
            assert source.last_error is None and source.last_success_at is not None, name
    # The malformed, the mojibake and the JSON feeds were all read.
    for name in ("elpais", "europapress", "eldiario", "npr_technology_jsonfeed"):
        assert health[name].items_last_run > 0, name

    # Every distinct link of every feed is exactly one document (a link listed by two feeds
    # belongs to whichever source recorded it first), each with one outcome.
    links = {p.stem: feed_links(p) for p in files}
    expected = {
        url_key(link) for stem, found in links.items() if stem not in failed for link in found
    }
    docs = documents(engine)
    assert {d.input_key for d in docs} == expected
    assert_one_outcome_each(docs)
    assert report.as_dict()["recorded"] == len(docs)
    assert sum(s.items_last_run for s in health.values()) == len(docs)
    outcomes = Counter(d.outcome for d in docs)
    assert outcomes["stored"] > 0.9 * len(docs)
    assert set(outcomes) <= {"stored", "duplicate", "no-text"}
    assert all(d.origin == "feed" and d.source_id is not None for d in docs)
    # Feed text is stored without fetching the articles; Spanish feeds come out Spanish.
    spanish = [d for d in docs if d.source_id == health["20minutos"].id and d.outcome == "stored"]
    assert sum(d.language == "es" for d in spanish) > 0.9 * len(spanish)
    assert all(r.path.startswith(("/feeds/", "/robots.txt")) for r in loopback.requests())

    # A second poll asks conditionally, is answered 304 and records nothing.
    loopback.clear()
    report = run_crawl(engine, settings)
    assert report.as_dict()["recorded"] == 0
    polled = [r for r in loopback.requests() if r.path.startswith("/feeds/")]
    assert len(polled) == len(files)
    ok = {health[n].url for n in health if n not in failed}
    for request in polled:
        if loopback.url(request.path) in ok:
            assert "if-none-match" in request.headers, request.path
    assert {r.url for r in report.sources if r.not_modified} == ok
    health = sources(engine)
    assert health["lavanguardia"].error_streak == 2  # still broken: a 304 must not hide that
    assert health["bbc"].error_streak == 0 and health["bbc"].items_last_run == 0

    # Without validators every feed is downloaded again: every entry is known, nothing new.
    forget_validators(engine)
    report = run_crawl(engine, settings)
    assert report.as_dict()["recorded"] == 0
    assert report.skipped == sum(len(v) for k, v in links.items() if k not in failed)
    assert len(documents(engine)) == len(docs)


# -- articles from a feed, a news sitemap and a sitemap index ---------------------------------


def rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link>"
        f"<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item>"
        for t, u in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Loopback news</title><link>http://127.0.0.1/</link>{entries}</channel></rss>"
    ).encode()


def news_sitemap(urls: list[str], language: str = "en") -> bytes:
    entries = "".join(
        f"<url><loc>{escape(u)}</loc><news:news><news:publication><news:name>Loopback"
        f"</news:name><news:language>{language}</news:language></news:publication>"
        f"<news:publication_date>2024-05-0{1 + n % 9}T08:00:00Z</news:publication_date>"
        f"<news:title>Story {n}</news:title></news:news></url>"
        for n, u in enumerate(urls)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{entries}</urlset>"
    ).encode()


def sitemap_index(urls: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    ).encode()


def serve_xml(
    server: LoopbackServer, path: str, body: bytes, ctype: str = "application/xml"
) -> None:
    """A feed or sitemap route with an ETag, so that it answers conditional GETs."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    server.add(path, body, headers={"Content-Type": ctype, "ETag": etag})


def test_articles_from_feed_and_sitemaps(
    engine: Engine, settings: Settings, loopback: LoopbackServer, shared_data: Path
) -> None:
    bench_dir = shared_data / "article_extraction_benchmark_html" / "html"
    multi_dir = shared_data / "trafilatura_eval_multilingual_html" / "html"
    pages = sorted(p.name.removesuffix(".gz") for p in bench_dir.glob("*.html.gz"))
    loopback.serve_directory("/bench/", bench_dir, gunzip=True)
    loopback.serve_directory("/mirror/", bench_dir, gunzip=True)  # the same pages, other URLs
    loopback.serve_directory("/multi/", multi_dir)
    url = loopback.url

    # Hostile and broken pages, each listed by the feed.
    loopback.add("/pages/original", ORIGINAL, headers={"Content-Type": "text/html"})
    loopback.add("/pages/copy", ORIGINAL, headers={"Content-Type": "text/html; charset=utf-8"})
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    loopback.add("/pages/binary.html", png, headers={"Content-Type": "text/html"})

    def fifty_mb() -> Any:
        yield b"<!doctype html><html><body><p>"
        block = b"civic space " * 5000
        for _ in range(50_000_000 // len(block)):
            yield block

    loopback.add(
        "/pages/huge.html", handler=stream(fifty_mb, headers={"Content-Type": "text/html"})
    )
    loopback.add("/pages/loop-a", handler=redirect("/pages/loop-b"))
    loopback.add("/pages/loop-b", handler=redirect("/pages/loop-a"))
    loopback.add("/pages/hang", handler=hang())
    broken = {
        url("/pages/missing.html"): ("fetch-error", "404"),
        url("/pages/binary.html"): ("not-html", "binary"),
        url("/pages/huge.html"): ("too-large", "cap"),
        url("/pages/loop-a"): ("fetch-error", "redirect loop"),
        url("/pages/hang"): ("fetch-error", "timeout"),
    }

    feed_pages = [url(f"/bench/{p}") for p in pages[:BENCH_PAGES]]
    multi_pages = {url(f"/multi/{name}"): lang for name, lang in MULTILINGUAL.items()}
    copies = {url(f"/mirror/{pages[0]}"): feed_pages[0], url("/pages/copy"): url("/pages/original")}
    feed_links = [
        *feed_pages,
        *list(multi_pages)[:3],
        url("/pages/original"),
        *broken,
    ]
    entries = [(f"Entry {n}", u) for n, u in enumerate(feed_links)]
    serve_xml(loopback, "/feed.xml", rss(entries), "application/rss+xml")
    news_pages = [url(f"/bench/{p}") for p in pages[BENCH_PAGES : 2 * BENCH_PAGES]]
    serve_xml(loopback, "/news-sitemap.xml", news_sitemap([*news_pages, feed_pages[1]]))
    index_a = [url(f"/bench/{p}") for p in pages[2 * BENCH_PAGES : 2 * BENCH_PAGES + 3]]
    index_b = list(multi_pages)[3:]
    serve_xml(loopback, "/sitemaps/a.xml", news_sitemap(index_a))
    serve_xml(loopback, "/sitemaps/b.xml", news_sitemap([*index_b, *copies]))
    children = [url("/sitemaps/a.xml"), url("/sitemaps/b.xml"), url("/sitemaps/gone.xml")]
    serve_xml(loopback, "/sitemap-index.xml", sitemap_index(children))
    register(
        engine,
        SourceSpec(url=url("/feed.xml"), name="feed"),
        SourceSpec(url=url("/news-sitemap.xml"), name="news", kind="sitemap"),
        SourceSpec(url=url("/sitemap-index.xml"), name="index"),
    )
    fast = settings.model_copy(
        update={"fetch_timeout": 0.5, "fetch_total_timeout": 2.0, "fetch_retries": 2}
    )
    report = run_crawl(engine, fast)

    listed = {*feed_links, *news_pages, *index_a, *index_b, *copies}
    # The run went on past every broken page: all three sources are healthy.
    health = sources(engine)
    for name in ("feed", "news", "index"):
        assert health[name].error_streak == 0 and health[name].last_error is None, name
    # A page listed by two sources is recorded by whichever gets there first.
    assert sum(health[n].items_last_run for n in ("feed", "news", "index")) == len(listed)

    docs = by_key(engine)
    assert set(docs) == {url_key(u) for u in listed}
    assert_one_outcome_each(list(docs.values()))
    assert report.as_dict()["recorded"] == len(listed)

    for link, (outcome, reason) in broken.items():
        doc = docs[url_key(link)]
        assert (doc.outcome, doc.url) == (outcome, link)
        assert reason in (doc.reason or ""), (link, doc.reason)
        assert doc.text is None

    for link in [*feed_pages[1:], *news_pages, *index_a]:
        doc = docs[url_key(link)]
        assert doc.outcome == "stored", (link, doc.outcome, doc.reason)
        assert doc.title and len(doc.text or "") >= fast.min_text_chars
        assert doc.language and doc.http_status == 200  # the benchmark is mostly, not all, English
        assert doc.raw_sha256 is not None
    for link, language in multi_pages.items():
        doc = docs[url_key(link)]
        assert (doc.outcome, doc.language) == ("stored", language), link
        assert doc.title
    # One page under two URLs (listed by different sources, so either may come first): the
    # saved page names its canonical URL (a URL duplicate), the page written here names none
    # (a text duplicate).
    for (copy, page), kind in zip(copies.items(), ("url", "text"), strict=True):
        duplicate, stored = sorted(
            (docs[url_key(u)] for u in (copy, page)), key=lambda d: d.outcome
        )
        assert (duplicate.outcome, stored.outcome) == ("duplicate", "stored"), (copy, page)
        assert (duplicate.duplicate_kind, duplicate.duplicate_of) == (kind, stored.id)
        assert duplicate.text is None or duplicate.content_hash == stored.content_hash
        if kind == "text":
            assert stored.title == "Volunteers reopen the river library"
            assert stored.published is not None  # from the feed entry or the sitemap
    # Sitemap pages carry the news sitemap's date.
    assert docs[url_key(index_a[0])].published is not None
    assert len(loopback.requests("/robots.txt")) == 1
    with Session(engine) as session:
        blobs = session.scalar(select(func.count()).select_from(RawBlob))
    assert blobs == len({d.raw_sha256 for d in docs.values() if d.raw_sha256})

    # Polling again: every source answers 304 and nothing is fetched or recorded.
    loopback.clear()
    report = run_crawl(engine, fast)
    assert report.as_dict()["recorded"] == 0
    assert all(r.not_modified for r in report.sources)
    assert not [r for r in loopback.requests() if r.path.startswith(("/bench/", "/multi/"))]

    # Without validators: stored pages are skipped; transient fetch failures (the hang) are
    # retried in the same rows, final ones (404, redirect loop) are not.
    forget_validators(engine)
    loopback.clear()
    report = run_crawl(engine, fast)
    assert not [r for r in loopback.requests() if r.path.startswith(("/bench/", "/multi/"))]
    retried = {
        u for u, (outcome, _) in broken.items() if outcome == "fetch-error" and u.endswith("/hang")
    }
    assert len(retried) == 1
    assert not [
        r for r in loopback.requests() if r.path in ("/pages/missing.html", "/pages/loop-a")
    ]
    assert report.as_dict()["recorded"] == len(retried)
    after = by_key(engine)
    assert set(after) == set(docs)
    for key, doc in after.items():
        assert doc.id == docs[key].id and doc.outcome == docs[key].outcome
        assert doc.attempts == (2 if doc.url in retried else 1), doc.url


# -- source health ----------------------------------------------------------------------------


def test_source_health_after_failures(
    engine: Engine, settings: Settings, loopback: LoopbackServer
) -> None:
    fast = settings.model_copy(
        update={"fetch_timeout": 0.3, "fetch_total_timeout": 1.0, "fetch_retries": 1}
    )
    loopback.add("/hang.xml", handler=hang())
    loopback.add(
        "/not-a-feed", b"\x00\x01binary", headers={"Content-Type": "application/octet-stream"}
    )
    gone, hanging, _junk = register(
        engine,
        SourceSpec(url=loopback.url("/later.xml"), name="later"),
        SourceSpec(url=loopback.url("/hang.xml"), name="hang"),
        SourceSpec(url=loopback.url("/not-a-feed"), name="junk"),
    )
    for streak in (1, 2):
        report = run_crawl(engine, fast)
        assert report.as_dict()["failed_sources"] == 3
        health = sources(engine)
        for name, reason in (
            ("later", "fetch-error: HTTP 404"),
            ("hang", "timeout"),
            ("junk", "parse-error"),
        ):
            source = health[name]
            assert source.error_streak == streak, name
            assert reason in (source.last_error or ""), (name, source.last_error)
            assert source.last_success_at is None and source.items_last_run == 0
            assert source.next_due_at is not None and source.last_attempt_at is not None
    assert not documents(engine)

    # Not due yet: a plain (not forced) run polls nothing.
    assert not asyncio.run(crawl(engine=engine, settings=fast)).sources

    # The feed appears: that source recovers, the others keep failing.
    loopback.add(
        "/later.xml",
        rss([("Recovered", loopback.url("/article"))]),
        headers={"Content-Type": "application/rss+xml"},
    )
    loopback.add("/article", ORIGINAL, headers={"Content-Type": "text/html"})
    report = run_crawl(engine, fast, source_ids=[gone, hanging])
    assert {r.source_id: r.ok for r in report.sources} == {gone: True, hanging: False}
    health = sources(engine)
    assert health["later"].error_streak == 0 and health["later"].last_error is None
    assert health["later"].last_success_at is not None and health["later"].items_last_run == 1
    assert health["hang"].error_streak == 3
    assert health["junk"].error_streak == 2  # not polled this time
    (doc,) = documents(engine)
    assert (doc.outcome, doc.source_id, doc.origin) == ("stored", gone, "feed")
