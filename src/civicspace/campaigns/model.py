"""What an organiser gives: message variants, threshold, deadline, send time in a named zone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from civicspace.errors import InvalidInput

MAX_POST_CHARS = {"mastodon": 500, "bluesky": 300}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
HASHTAG = re.compile(r"^#?\w+$")


@dataclass(frozen=True)
class Variant:
    """The message in one language: text, link and hashtags (joined when posted)."""

    text: str
    link: str | None = None
    hashtags: tuple[str, ...] = ()
    image_alt: str = ""  # the campaign image described in this language (its alt text)

    def render(self, note: str = "") -> str:
        """The post: the supporter's note, the text, the link, then the hashtags."""
        tags = " ".join(t if t.startswith("#") else f"#{t}" for t in self.hashtags)
        parts = [note.strip(), self.text.strip(), self.link or "", tags]
        return "\n\n".join(p for p in parts if p)

    def as_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "text": self.text,
            "link": self.link,
            "hashtags": list(self.hashtags),
        }
        if self.image_alt:
            doc["image_alt"] = self.image_alt
        return doc

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Variant:
        return cls(
            str(doc["text"]),
            doc.get("link"),
            tuple(doc.get("hashtags") or ()),
            str(doc.get("image_alt") or ""),
        )


@dataclass(frozen=True)
class Limits:
    """How far a supporter may personalise: a note of at most ``max_note_chars`` (0: none)."""

    max_note_chars: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"max_note_chars": self.max_note_chars}

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Limits:
        return cls(int(doc.get("max_note_chars", 0)))


@dataclass(frozen=True)
class CampaignSpec:
    """A new campaign, checked: the send time is an aware UTC instant plus the zone it was in."""

    slug: str
    title: str
    variants: dict[str, Variant]
    threshold: int
    deadline: datetime
    send_at: datetime
    send_zone: str
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        if not SLUG.match(self.slug):
            raise InvalidInput(f"campaign slug {self.slug!r}: lower-case letters, digits, '-'")
        if not self.variants:
            raise InvalidInput("a campaign needs at least one message variant")
        if self.threshold < 1:
            raise InvalidInput("the supporter threshold must be at least 1")
        if self.deadline.tzinfo is None or self.send_at.tzinfo is None:
            raise InvalidInput("deadline and send time must be aware instants")
        if self.send_at < self.deadline:
            raise InvalidInput("the send time cannot come before the pledge deadline")
        for lang, variant in self.variants.items():
            for tag in variant.hashtags:
                if not HASHTAG.match(tag):
                    raise InvalidInput(f"message {lang}: hashtag {tag!r} is not one word")
            longest = variant.render("x" * self.limits.max_note_chars)
            if len(longest) > min(MAX_POST_CHARS.values()):
                raise InvalidInput(
                    f"message {lang}: {len(longest)} characters with the longest note allowed, "
                    f"over {min(MAX_POST_CHARS.values())} (Bluesky's limit)"
                )


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; :class:`InvalidInput` when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"unknown time zone {name!r} (an IANA name like America/New_York)"
        ) from exc


def local_instant(text: str, zone_name: str) -> datetime:
    """``2027-03-19 08:00`` in ``America/New_York`` → the aware UTC instant."""
    try:
        naive = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"time {text!r}: expected YYYY-MM-DD HH:MM") from exc
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    return naive.replace(tzinfo=zone(zone_name)).astimezone(UTC)


def shown_in(instant: datetime, zone_name: str) -> str:
    """``instant`` as a supporter in ``zone_name`` reads it (``2027-03-19 13:00 CET``)."""
    return instant.astimezone(zone(zone_name)).strftime("%Y-%m-%d %H:%M %Z")
