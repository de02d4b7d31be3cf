"""News sitemaps and sitemap indexes (ultimate-sitemap-parser, fed by our own fetcher)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from usp.objects.sitemap import AbstractIndexSitemap, InvalidSitemap
from usp.tree import sitemap_from_str

from civicspace.errors import ParseError
from civicspace.sources.feeds import refuse_entities


@dataclass(frozen=True)
class SitemapPage:
    url: str
    title: str | None = None
    published: datetime | None = None
    language: str | None = None


@dataclass(frozen=True)
class Sitemap:
    pages: list[SitemapPage]
    children: list[str]  # sub-sitemaps of an index, still to fetch


def _aware(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def parse_sitemap(body: bytes) -> Sitemap:
    refuse_entities(body)
    try:
        tree = sitemap_from_str(body.decode("utf-8", errors="replace"))
    except Exception as exc:  # usp raises several of its own and of the XML parser's
        raise ParseError(f"unreadable sitemap: {exc}") from exc
    if isinstance(tree, InvalidSitemap):
        raise ParseError(f"unreadable sitemap: {tree.reason}")
    if isinstance(tree, AbstractIndexSitemap):
        return Sitemap(pages=[], children=[s.url for s in tree.sub_sitemaps])
    pages = []
    for page in tree.all_pages():
        story = page.news_story
        pages.append(
            SitemapPage(
                url=page.url,
                title=story.title if story else None,
                published=_aware(story.publish_date if story else page.last_modified),
                language=story.publication_language if story else None,
            )
        )
    return Sitemap(pages=pages, children=[])
