"""What one input is: its stable key, where it came from, and its payload."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from civicspace.extract.urls import normalise_url, url_key


@dataclass
class Item:
    """One input item. Exactly one of ``raw`` (HTML bytes) or ``text`` is the payload;
    ``error`` instead records an input that failed before it had one (``(outcome, reason)``)."""

    input_key: str
    origin: str  # feed|sitemap|page|import
    url: str | None = None
    source_id: int | None = None
    raw: bytes | None = None
    charset: str | None = None
    text: str | None = None
    title: str | None = None
    published: datetime | None = None
    language: str | None = None
    content_type: str | None = None
    http_status: int | None = None
    error: tuple[str, str] | None = None
    retry: bool = False  # a retryable failure recorded before: its row is updated
    meta: dict[str, Any] = field(default_factory=dict)


def key_for_url(url: str) -> str:
    return url_key(url)


def key_for_bytes(data: bytes) -> str:
    """Key of an input without a URL: the SHA-256 of its bytes (the same bytes are one input)."""
    return hashlib.sha256(b"raw:" + data).hexdigest()


def url_item(url: str, origin: str, **kwargs: Any) -> Item:
    return Item(input_key=key_for_url(url), origin=origin, url=normalise_url(url), **kwargs)
