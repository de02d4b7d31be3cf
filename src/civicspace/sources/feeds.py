"""RSS 0.9x/1.0/2.0, Atom (feedparser) and JSON Feed, parsed without trusting the XML."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import struct_time
from typing import Any

import feedparser

from civicspace.errors import ParseError

# Entity declarations (billion laughs, external entities) are refused before any XML parser runs.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|channel)[\s>]", re.I)
_SITEMAP_ROOT = re.compile(rb"<(urlset|sitemapindex)[\s>]", re.I)


@dataclass(frozen=True)
class FeedEntry:
    link: str | None
    title: str | None = None
    summary: str | None = None  # HTML allowed, sanitised by feedparser
    content: str | None = None
    published: datetime | None = None
    guid: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    title: str | None
    language: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str | None = None  # set for a malformed feed that was still read


def sniff_kind(body: bytes, content_type: str | None = None) -> str:
    """``feed``, ``sitemap``, ``html`` or ``text``: what a response holds, by its head."""
    head = body[:4096].lstrip()
    if head.startswith(b"{") and b'"version"' in head and b"jsonfeed" in head:
        return "feed"
    if _SITEMAP_ROOT.search(head):
        return "sitemap"
    if _FEED_ROOT.search(head):
        return "feed"
    ctype = (content_type or "").lower()
    if "rss" in ctype or "atom" in ctype or ctype == "application/feed+json":
        return "feed"
    if head[:100].lower().startswith((b"<!doctype html", b"<html")) or b"<html" in head.lower():
        return "html"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    return "text"


def refuse_entities(body: bytes) -> None:
    """Raise ``ParseError`` for XML that declares entities (expansion and XXE attacks)."""
    if _ENTITY_DECL.search(body[:65536]):
        raise ParseError("XML declares entities (<!ENTITY): refused to guard against expansion")


def _when(parsed: struct_time | None) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def parse_json_feed(body: bytes) -> Feed:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError(f"invalid JSON Feed: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ParseError("JSON Feed without an items list")
    entries = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        author = item.get("author") or (item.get("authors") or [{}])[0]
        entries.append(
            FeedEntry(
                link=item.get("url") or item.get("external_url"),
                title=item.get("title"),
                summary=item.get("summary"),
                content=item.get("content_html") or item.get("content_text"),
                published=_iso(item.get("date_published")),
                guid=str(item["id"]) if item.get("id") is not None else None,
                author=author.get("name") if isinstance(author, dict) else None,
                tags=tuple(str(t) for t in item.get("tags") or ()),
            )
        )
    return Feed(title=data.get("title"), language=data.get("language"), entries=entries)


def parse_feed(body: bytes) -> Feed:
    """Parse any supported feed; a malformed but readable feed comes back with a ``warning``."""
    if body[:4096].lstrip().startswith(b"{"):
        return parse_json_feed(body)
    refuse_entities(body)
    parsed = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries and parsed.get("bozo"):
        raise ParseError(f"unreadable feed: {parsed.get('bozo_exception')}")
    if not parsed.entries and not parsed.get("version"):
        raise ParseError("not a feed: no RSS, Atom or RDF channel and no entries")
    entries = []
    for e in parsed.entries:
        content = e.get("content")
        entries.append(
            FeedEntry(
                link=e.get("link"),
                title=e.get("title"),
                summary=e.get("summary"),
                content=content[0].get("value") if content else None,
                published=_when(e.get("published_parsed") or e.get("updated_parsed")),
                guid=e.get("id"),
                author=e.get("author"),
                tags=tuple(t.get("term", "") for t in e.get("tags", []) if t.get("term")),
            )
        )
    warning = (
        f"malformed feed read leniently: {parsed.get('bozo_exception')}"
        if parsed.get("bozo")
        else None
    )
    return Feed(
        title=parsed.feed.get("title"),
        language=parsed.feed.get("language"),
        entries=entries,
        warning=warning,
    )
