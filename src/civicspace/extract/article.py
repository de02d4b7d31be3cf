"""Main text and metadata of a news page, with trafilatura."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from trafilatura import bare_extraction

from civicspace.errors import NoText, ParseError

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Article:
    """What extraction found on one page."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    canonical_url: str | None = None
    sitename: str | None = None
    description: str | None = None
    page_language: str | None = None


def parse_date(value: str | None) -> datetime | None:
    """An ISO date or datetime from metadata, as an aware UTC datetime."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def extract_article(
    html: str, url: str | None = None, *, min_chars: int = 200, max_chars: int = 1_000_000
) -> Article:
    """Extract the article of ``html``; raises ``NoText`` when there is too little text."""
    try:
        doc = bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except (ValueError, TypeError, RecursionError) as exc:
        raise ParseError(f"extraction failed: {type(exc).__name__}: {exc}") from exc
    if doc is None or isinstance(doc, dict):  # dict only with as_dict=True, which we never ask
        raise NoText("no main text found")
    text = (doc.text or "").strip()
    if len(text) < min_chars:
        raise NoText(f"main text has {len(text)} characters (minimum {min_chars})")
    return Article(
        text=text[:max_chars],
        title=(doc.title or None),
        author=(doc.author or None),
        published=parse_date(doc.date),
        canonical_url=(doc.url or None),
        sitename=(doc.sitename or None),
        description=(doc.description or None),
        page_language=(doc.language or None),
    )
