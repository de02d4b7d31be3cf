"""Voices: testimony published on a sender's behalf, behind the privacy gate, and its Atom feed.

:func:`publish_voice` writes a :class:`~civicspace.store.voices.Voice` only while the privacy
gate (:mod:`civicspace.privacy`) finds nothing in its title and text: names, phone numbers,
e-mail and street addresses, ID numbers, coordinates and plates must be removed by the editor
first (:func:`redact_findings` replaces each with ``[kind]``). The image, if any, is the public
copy a reviewer confirmed; it is checked to be a JPEG with no metadata and stored as given.
Every public page, JSON answer and feed entry is built from :func:`public_record`.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.privacy import Finding, check_public, redact
from civicspace.publish.feeds import ATOM, _iso, _sub
from civicspace.store.base import utcnow
from civicspace.store.voices import VOICE_LANGUAGES, Voice

TITLE_CHARS = 200
BODY_CHARS = 20_000
IMAGE_FORMATS = ("JPEG",)  # public copies are written as JPEG


class VoiceBlocked(Conflict):
    """The privacy gate found something in a voice that must not go out."""

    def __init__(self, found: Sequence[Finding]) -> None:
        shown = "; ".join(f"{f.kind.value} {f.text!r} in {f.field}" for f in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        super().__init__(
            f"the privacy gate holds this voice back ({shown}{more}): remove or redact each"
        )
        self.findings = list(found)


def findings(title: str, body: str) -> list[Finding]:
    """What the gate finds in a voice's title and text (every finding blocks)."""
    return list(check_public({"title": title, "body": body}).blocking)


def redact_findings(title: str, body: str) -> tuple[str, str]:
    """Title and text with every finding replaced by ``[kind]``."""
    found = findings(title, body)
    return redact(title, found, field="title"), redact(body, found, field="body")


@dataclass(frozen=True)
class VoiceImage:
    data: bytes
    width: int
    height: int


def check_image(data: bytes) -> VoiceImage:
    """The size of a public copy; anything but a JPEG without metadata is refused."""
    try:
        with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
            width, height = image.size
            if image.getexif() or image.info.get("icc_profile") or image.info.get("xmp"):
                raise InvalidInput("the image still carries metadata: use the public copy")
    except (UnidentifiedImageError, OSError) as exc:
        raise InvalidInput(f"not a JPEG image: {exc}") from None
    return VoiceImage(data, width, height)


def publish_voice(
    session: Session,
    *,
    title: str,
    body: str,
    language: str,
    actor: str,
    image: bytes | None = None,
) -> Voice:
    """Write a published voice, or raise :class:`VoiceBlocked` (the gate) / InvalidInput."""
    title = " ".join(title.split())
    body = body.strip()
    if language not in VOICE_LANGUAGES:
        raise InvalidInput(f"a voice's language is one of {', '.join(VOICE_LANGUAGES)}")
    if not title or not body:
        raise InvalidInput("a voice needs a title and a text")
    if len(title) > TITLE_CHARS or len(body) > BODY_CHARS:
        raise InvalidInput(f"a title has at most {TITLE_CHARS} and a text {BODY_CHARS} characters")
    found = findings(title, body)
    if found:
        raise VoiceBlocked(found)
    checked = check_image(image) if image is not None else None
    now = utcnow()
    voice = Voice(
        language=language,
        title=title,
        body=body,
        image=checked.data if checked else None,
        image_width=checked.width if checked else None,
        image_height=checked.height if checked else None,
        published_by=actor,
        published_at=now,
        updated_at=now,
    )
    session.add(voice)
    session.flush()
    return voice


def withdraw_voice(session: Session, voice_id: int) -> Voice:
    voice = session.get(Voice, voice_id)
    if voice is None or voice.withdrawn_at is not None:
        raise NotFound(f"no published voice {voice_id}")
    voice.withdrawn_at = voice.updated_at = utcnow()
    session.flush()
    return voice


def public_record(voice: Voice, base_url: str = "") -> dict[str, Any]:
    """The one public shape of a voice (pages, JSON, feed)."""
    url = f"{base_url.rstrip('/')}/voices/{voice.id}"
    return {
        "id": voice.id,
        "url": url,
        "language": voice.language,
        "title": voice.title,
        "text": voice.body,
        "image": f"{url}/image" if voice.image is not None else None,
        "image_width": voice.image_width,
        "image_height": voice.image_height,
        "published_at": voice.published_at,
        "updated_at": voice.updated_at,
    }


def list_voices(session: Session, limit: int = 50) -> list[Voice]:
    """Published voices, newest first."""
    return list(
        session.scalars(
            select(Voice)
            .where(Voice.withdrawn_at.is_(None))
            .order_by(Voice.published_at.desc(), Voice.id.desc())
            .limit(limit)
        )
    )


def get_voice(session: Session, voice_id: int) -> Voice:
    voice = session.get(Voice, voice_id)
    if voice is None or voice.withdrawn_at is not None:
        raise NotFound(f"no published voice {voice_id}")
    return voice


def voices_feed(*, title: str, self_url: str, alternate_url: str, items: list[Voice]) -> bytes:
    """The Atom document of published voices (newest first), built from their public records."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", self_url)
    _sub(feed, "title", title)
    updated = max((v.updated_at for v in items), default=datetime(2000, 1, 1, tzinfo=UTC))
    _sub(feed, "updated", _iso(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate_url)
    _sub(_sub(feed, "author"), "name", "civicspace")
    _sub(feed, "generator", "civicspace")
    base = alternate_url.rsplit("/voices", 1)[0]
    for voice in items:
        record = public_record(voice, base)
        entry = _sub(feed, "entry")
        _sub(entry, "id", record["url"])
        _sub(entry, "title", record["title"])
        _sub(entry, "updated", _iso(record["updated_at"]))
        _sub(entry, "published", _iso(record["published_at"]))
        _sub(entry, "link", rel="alternate", type="text/html", href=record["url"])
        if record["image"]:
            _sub(entry, "link", rel="enclosure", type="image/jpeg", href=record["image"])
        content = _sub(entry, "content", record["text"], type="text")
        content.set("{http://www.w3.org/XML/1998/namespace}lang", record["language"])
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
