"""Voices: testimony an editor published on a sender's behalf (docs/protect.md, "Voices").

A voice holds only what the public reads: the title and text an editor cleared through the
privacy gate, and at most one image, the public copy whose masks a reviewer confirmed (decoded,
masked and re-encoded; no metadata). Nothing else about the sender is kept here: no link to the
submission, no country, no date of the sender's; only when an editor published it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base, BigId, UTCDateTime, utcnow

VOICE_LANGUAGES = ("en", "fr", "es")


class Voice(Base):
    """One published voice: public title, text and (optionally) one masked image."""

    __tablename__ = "voices"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    image: Mapped[bytes | None] = mapped_column(LargeBinary)  # JPEG, faces masked, no metadata
    image_width: Mapped[int | None] = mapped_column(Integer)
    image_height: Mapped[int | None] = mapped_column(Integer)
    published_by: Mapped[str] = mapped_column(String(64))  # the editor: user:<id>
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
