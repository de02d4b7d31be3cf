"""``civicspace ingest``: poll due sources over HTTP and record every item they list.

Per source: a conditional GET of the source URL; a feed's entries, a sitemap's pages (an index's
children fetched too) or the page itself become items; article pages not yet recorded are fetched
concurrently (the fetcher bounds hosts and politeness); items are processed and recorded in a worker
thread, one source at a time on the store; the source's health is updated whatever happened.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.errors import FetchError, ItemError, ParseError
from civicspace.ingest.items import Item, url_item
from civicspace.ingest.process import Limits
from civicspace.ingest.recorder import pending_keys
from civicspace.ingest.runner import OnRecord, RunReport, run_items
from civicspace.settings import Settings, get_settings
from civicspace.sources.feeds import parse_feed, sniff_kind
from civicspace.sources.fetch import Fetcher, FetchResult
from civicspace.sources.registry import due_sources
from civicspace.sources.sitemaps import parse_sitemap
from civicspace.store.db import get_engine
from civicspace.store.models import Source

log = logging.getLogger(__name__)
MAX_SITEMAP_CHILDREN = 50
MAX_PAGES_PER_RUN = 1000
ARTICLE_BATCH = 50


@dataclass
class SourceRun:
    source_id: int
    url: str
    ok: bool
    items: int = 0
    error: str | None = None
    not_modified: bool = False


@dataclass
class CrawlReport:
    sources: list[SourceRun] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    skipped: int = 0

    def add(self, run: RunReport) -> None:
        self.counts.update(run.counts)
        self.skipped += run.skipped

    def as_dict(self) -> dict[str, object]:
        return {
            "sources": len(self.sources),
            "failed_sources": sum(1 for s in self.sources if not s.ok),
            "recorded": sum(self.counts.values()),
            "skipped": self.skipped,
            "outcomes": dict(self.counts),
        }


def _as_item(result: FetchResult, item: Item) -> Item:
    item.http_status = result.status
    item.content_type = result.content_type
    item.charset = result.charset
    if result.final_url != result.url:
        item.meta["final_url"] = result.final_url
    kind = sniff_kind(result.body, result.content_type)
    if kind not in ("html", "text") or (
        result.content_type
        and "html" not in result.content_type
        and not result.content_type.startswith("text/")
    ):
        item.error = ("not-html", f"content type {result.content_type or 'unknown'} ({kind})")
    else:
        item.raw = result.body
    return item


async def _fetch_article(fetcher: Fetcher, item: Item) -> Item:
    assert item.url is not None
    try:
        return _as_item(await fetcher.fetch(item.url), item)
    except ItemError as exc:
        item.error = (exc.outcome, exc.reason)
        if isinstance(exc, FetchError) and not exc.retryable:
            item.meta["retryable"] = False  # a 404 or a redirect loop is not tried again
        return item


class SourceCrawler:
    """Crawls one source with a shared fetcher; records through ``record`` (thread-safe)."""

    def __init__(
        self,
        fetcher: Fetcher,
        engine: Engine,
        settings: Settings,
        lock: asyncio.Lock,
        on_record: OnRecord | None,
    ) -> None:
        self.fetcher = fetcher
        self.engine = engine
        self.settings = settings
        self.lock = lock
        self.on_record = on_record

    def _record_sync(self, items: list[Item]) -> RunReport:
        with Session(self.engine, expire_on_commit=False) as session:
            return run_items(
                session,
                items,
                limits=Limits(self.settings.min_text_chars, self.settings.max_text_chars),
                near_threshold=self.settings.near_duplicate_threshold,
                workers=1,
                on_record=self.on_record,
            )

    def _pending(self, items: list[Item]) -> list[Item]:
        with Session(self.engine) as session:
            todo = pending_keys(session, (i.input_key for i in items))
        return [i for i in items if i.input_key in todo]

    async def record(self, items: list[Item]) -> RunReport:
        async with self.lock:
            return await asyncio.to_thread(self._record_sync, items)

    async def articles(self, items: list[Item], report: CrawlReport) -> int:
        """Fetch the pending ones of ``items`` and record them in batches; returns the count."""
        pending = await asyncio.to_thread(self._pending, items)
        report.skipped += len(items) - len(pending)
        done = 0
        for start in range(0, len(pending), ARTICLE_BATCH):
            batch = pending[start : start + ARTICLE_BATCH]
            fetched = await asyncio.gather(*(_fetch_article(self.fetcher, i) for i in batch))
            run = await self.record(list(fetched))
            report.add(run)
            done += run.recorded
        return done

    async def feed(self, source: Source, body: bytes, report: CrawlReport) -> int:
        feed = parse_feed(body)
        items = []
        for entry in feed.entries:
            if not entry.link or not entry.link.startswith(("http://", "https://")):
                continue
            item = url_item(
                entry.link,
                "feed",
                source_id=source.id,
                title=entry.title,
                published=entry.published,
                language=source.language or feed.language,
                meta={"feed_title": feed.title} if feed.title else {},
            )
            if not source.fetch_articles:
                item.text = entry.content or entry.summary or ""
            items.append(item)
        if source.fetch_articles:
            return await self.articles(items, report)
        run = await self.record(items)
        report.add(run)
        return run.recorded

    async def sitemap(
        self, source: Source, body: bytes, report: CrawlReport, depth: int = 0
    ) -> int:
        sitemap = parse_sitemap(body)
        count = 0
        if sitemap.children and depth < 2:
            for child in sitemap.children[:MAX_SITEMAP_CHILDREN]:
                try:
                    result = await self.fetcher.fetch(child)
                    count += await self.sitemap(source, result.body, report, depth + 1)
                except ItemError as exc:
                    log.warning("sitemap %s: %s", child, exc.reason)
        newest = sorted(
            sitemap.pages,
            key=lambda p: p.published or datetime.min.replace(tzinfo=UTC),
            reverse=True,
        )[:MAX_PAGES_PER_RUN]
        items = [
            url_item(
                p.url,
                "sitemap",
                source_id=source.id,
                title=p.title,
                published=p.published,
                language=p.language or source.language,
            )
            for p in newest
        ]
        return count + await self.articles(items, report)

    async def crawl(self, source: Source, report: CrawlReport) -> SourceRun:
        run = SourceRun(source_id=source.id, url=source.url, ok=True)
        try:
            result = await self.fetcher.fetch(
                source.url, etag=source.etag, last_modified=source.last_modified
            )
            if result.not_modified:
                run.not_modified = True
                return run
            kind = (
                source.kind
                if source.kind != "auto"
                else sniff_kind(result.body, result.content_type)
            )
            if kind == "feed":
                run.items = await self.feed(source, result.body, report)
            elif kind == "sitemap":
                run.items = await self.sitemap(source, result.body, report)
            elif kind in ("html", "page"):
                item = _as_item(
                    result,
                    url_item(source.url, "page", source_id=source.id, language=source.language),
                )
                rep = await self.record(await asyncio.to_thread(self._pending, [item]))
                report.add(rep)
                run.items = rep.recorded
            else:
                raise ParseError(f"neither feed, sitemap nor HTML ({result.content_type})")
            # Validators are kept only for a response that was read: a 304 to a broken one
            # would otherwise report the source healthy while it is still broken.
            source.etag, source.last_modified = result.etag, result.last_modified
        except ItemError as exc:
            run.ok, run.error = False, f"{exc.outcome}: {exc.reason}"
        return run


def _update_health(session: Session, run: SourceRun, source: Source, now: datetime) -> None:
    row = session.get(Source, run.source_id)
    if row is None:  # removed meanwhile
        return
    row.last_attempt_at = now
    row.next_due_at = now + timedelta(minutes=row.interval_minutes)
    row.etag, row.last_modified = source.etag, source.last_modified
    if run.ok:
        row.last_success_at = now
        row.error_streak = 0
        row.last_error = None
        row.items_last_run = run.items
    else:
        row.error_streak += 1
        row.last_error = run.error
        row.items_last_run = 0


async def crawl(
    *,
    engine: Engine | None = None,
    settings: Settings | None = None,
    source_ids: list[int] | None = None,
    force: bool = False,
    on_record: OnRecord | None = None,
    on_source: Callable[[SourceRun], None] | None = None,
) -> CrawlReport:
    """Crawl every due source once (or ``source_ids``, or all with ``force``)."""
    engine = engine or get_engine()
    settings = settings or get_settings()
    now = datetime.now(UTC)
    with Session(engine, expire_on_commit=False) as session:
        if source_ids:
            sources = list(session.scalars(select(Source).where(Source.id.in_(source_ids))))
        elif force:
            sources = list(session.scalars(select(Source).where(Source.enabled.is_(True))))
        else:
            sources = due_sources(session, now)
        session.expunge_all()
    report = CrawlReport()
    lock = asyncio.Lock()
    async with Fetcher(settings) as fetcher:
        crawler = SourceCrawler(fetcher, engine, settings, lock, on_record)
        slots = asyncio.Semaphore(max(1, settings.fetch_concurrency // 2))

        async def one(source: Source) -> None:
            async with slots:
                run = await crawler.crawl(source, report)
            report.sources.append(run)
            with Session(engine) as session:
                _update_health(session, run, source, now)
                session.commit()
            if on_source is not None:
                on_source(run)

        await asyncio.gather(*(one(s) for s in sources))
    return report


def next_due(engine: Engine | None = None) -> datetime | None:
    with Session(engine or get_engine()) as session:
        return session.scalar(
            select(Source.next_due_at)
            .where(Source.enabled.is_(True))
            .order_by(Source.next_due_at)
            .limit(1)
        )
