"""Machine codings of documents: immutable, one row per (document, coder, coder version).

A new coder version adds new rows and never overwrites an earlier coding, nor anything a
reviewer built on it; rows are only ever inserted (``INSERT … ON CONFLICT DO NOTHING``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base, BigId, JsonType, UTCDateTime, utcnow


class Coding(Base):
    """What one coder version proposed for one stored document, with its evidence."""

    __tablename__ = "codings"
    __table_args__ = (
        UniqueConstraint("document_id", "coder", "coder_version"),
        Index("ix_codings_coder_version", "coder", "coder_version"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    coder: Mapped[str] = mapped_column(String(64))
    coder_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_incident: Mapped[bool] = mapped_column(Boolean, index=True)
    score: Mapped[float] = mapped_column(Float)
    labels: Mapped[dict[str, Any]] = mapped_column(JsonType)  # violations, targets, … with p
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    place: Mapped[str | None] = mapped_column(Text)
    gendered: Mapped[bool] = mapped_column(Boolean, default=False)
    event_date: Mapped[date | None] = mapped_column(Date)
    persons: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    evidence: Mapped[dict[str, Any]] = mapped_column(JsonType)
    # the judged act and civic target with their sentences and p (classify/pairing.py)
    pair: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)
    language: Mapped[str | None] = mapped_column(String(16))
