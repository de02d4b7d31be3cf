"""Tables of the country ratings.

``rating_scores`` are computed (and recomputable) values; ``public_ratings`` are what was published
(a panel-approved band change, or a score refresh inside the public band): rows there are only
ever inserted, so a new methodology never rewrites published history.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base, BigId, JsonType, UTCDateTime, utcnow

BAND_CHANGE_STATES = ("proposed", "approved", "rejected", "superseded")
WATCHLIST_STATES = ("proposed", "published", "dismissed")


class RatingMethodology(Base):
    """A methodology version as it was used: its content and SHA-256, never changed."""

    __tablename__ = "rating_methodologies"

    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column(JsonType)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BaseInputValue(Base):
    """One structured input of a country's base score for one year (an assessment, an index)."""

    __tablename__ = "rating_base_inputs"
    __table_args__ = (UniqueConstraint("country", "year", "input"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    year: Mapped[int] = mapped_column(Integer)
    input: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AcledEvent(Base):
    """Every imported ACLED record and its outcome; non-incident records measure coverage."""

    __tablename__ = "acled_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    outcome: Mapped[str] = mapped_column(String(16))  # incident|not-incident|undecided|bad-row
    rule: Mapped[str | None] = mapped_column(Text)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))
    source_file: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RatingScore(Base):
    """A country's computed score on one day under one methodology version, explained."""

    __tablename__ = "rating_scores"
    __table_args__ = (UniqueConstraint("country", "as_of", "methodology_version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    methodology_version: Mapped[str] = mapped_column(
        ForeignKey("rating_methodologies.version"), index=True
    )
    base: Mapped[float] = mapped_column(Float)
    adjustment: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(32))
    incidents: Mapped[int] = mapped_column(Integer, default=0)
    coverage: Mapped[int] = mapped_column(Integer, default=0)
    explanation: Mapped[dict[str, Any]] = mapped_column(JsonType)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BandChange(Base):
    """A proposed change of a country's public band, and the panel's decision on it."""

    __tablename__ = "rating_band_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("rating_scores.id", ondelete="RESTRICT"))
    methodology_version: Mapped[str] = mapped_column(String(32))
    from_band: Mapped[str | None] = mapped_column(String(32))
    to_band: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)


class PublicRating(Base):
    """A published rating; inserted on approval or on a score refresh inside the public band."""

    __tablename__ = "public_ratings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    band: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    base: Mapped[float] = mapped_column(Float)
    adjustment: Mapped[float] = mapped_column(Float)
    methodology_version: Mapped[str] = mapped_column(String(32))
    basis: Mapped[str] = mapped_column(String(16))  # panel|same-band
    band_change_id: Mapped[int | None] = mapped_column(ForeignKey("rating_band_changes.id"))
    score_id: Mapped[int | None] = mapped_column(ForeignKey("rating_scores.id"))
    explanation: Mapped[dict[str, Any]] = mapped_column(JsonType)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


Index("ix_public_ratings_country_published", PublicRating.country, PublicRating.published_at)


class WatchlistEntry(Base):
    """A country on (or proposed for) the watchlist, with the short reason published."""

    __tablename__ = "watchlist_entries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    decline: Mapped[float] = mapped_column(Float)
    from_score: Mapped[float] = mapped_column(Float)
    to_score: Mapped[float] = mapped_column(Float)
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date)
    methodology_version: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    curated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    curated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Subscription(Base):
    """Someone who gets alerts (email or webhook) for the countries they follow (none: all)."""

    __tablename__ = "rating_subscriptions"
    __table_args__ = (UniqueConstraint("kind", "target"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # email|webhook
    target: Mapped[str] = mapped_column(Text)
    countries: Mapped[list[str]] = mapped_column(JsonType, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlertDelivery(Base):
    """One alert to one subscriber: attempts, outcome, last error."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "event_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("rating_subscriptions.id", ondelete="CASCADE"), index=True
    )
    event_key: Mapped[str] = mapped_column(String(64))
    country: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16))  # sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
