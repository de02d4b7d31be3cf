"""Incidents (many reports of one event), their revisions, and the private registry of persons.

An incident's id never changes; every change bumps ``updated_at`` and writes an
``IncidentRevision`` (who, when, what changed, why). A withdrawn incident stays as a tombstone.
Machine codings stay immutable in ``codings``; what a reviewer decides lives here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Computed,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base, BigId, JsonType, UTCDateTime, utcnow

# the review desk's state machine (docs/review-desk.md): only ``accepted`` can be published
STATES = ("proposed", "in_review", "accepted", "published", "rejected", "withdrawn")
VERIFICATION = ("reported", "corroborated", "verified", "disputed")
ROLES = ("victim", "alleged_perpetrator")
LEGAL_STATUS = ("alleged", "charged", "convicted", "acquitted", "unknown")


class Incident(Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    # provenance of title and summary: the document they were taken from
    summary_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    place: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    violations: Mapped[list[str]] = mapped_column(JsonType, default=list)
    targets: Mapped[list[str]] = mapped_column(JsonType, default=list)
    perpetrators: Mapped[list[str]] = mapped_column(JsonType, default=list)
    freedoms: Mapped[list[str]] = mapped_column(JsonType, default=list)
    gendered: Mapped[bool] = mapped_column(Boolean, default=False)
    verification: Mapped[str] = mapped_column(String(16), default="reported")
    confidence: Mapped[float] = mapped_column(Float, default=0.0)  # 0–1, machine or reviewer
    confidence_grade: Mapped[str] = mapped_column(String(8), default="low")  # low|medium|high
    state: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    # a reviewer touched membership or fields: clustering never changes it again
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(16))
    provenance: Mapped[str] = mapped_column(String(32), default="coder")  # coder|acled|manual|…
    extra: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    # the public version of title and summary, written when an editor publishes and the privacy
    # gate is clear: the only text of an incident that public output reads
    public_title: Mapped[str | None] = mapped_column(Text)
    public_summary: Mapped[str | None] = mapped_column(Text)
    # the incident date as an index can order it: undated incidents sort as 0001-01-01 (0006)
    sort_date: Mapped[date] = mapped_column(
        Date, Computed("coalesce(start_date, '0001-01-01')"), nullable=True
    )


Index("ix_incidents_state_updated", Incident.state, Incident.updated_at)
# Keyset pages of published incidents, overall and per country (docs/publish.md measures them).
Index("ix_incidents_state_published", Incident.state, Incident.published_at, Incident.id)
Index(
    "ix_incidents_country_state_published",
    Incident.country,
    Incident.state,
    Incident.published_at,
    Incident.id,
)
Index(
    "ix_incidents_country_state_start",
    Incident.country,
    Incident.state,
    Incident.start_date,
    Incident.id,
)
# Published incidents by incident date, overall and per country (0006).
Index("ix_incidents_state_sort_date", Incident.state, Incident.sort_date, Incident.id)
Index(
    "ix_incidents_country_state_sort_date",
    Incident.country,
    Incident.state,
    Incident.sort_date,
    Incident.id,
)


class IncidentDocument(Base):
    """A source document of an incident; each document belongs to at most one incident."""

    __tablename__ = "incident_documents"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, unique=True
    )
    coding_id: Mapped[int | None] = mapped_column(ForeignKey("codings.id", ondelete="SET NULL"))
    added_by: Mapped[str] = mapped_column(String(64), default="machine")  # machine|user:<id>
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)  # a reviewer put it here
    similarity: Mapped[float | None] = mapped_column(Float)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IncidentRevision(Base):
    """One change to an incident: who, when, what (field → [old, new]), why."""

    __tablename__ = "incident_revisions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))  # machine|user:<id>
    action: Mapped[str] = mapped_column(String(32))  # created|edited|merged|split|accepted|…
    changes: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)


class Person(Base):
    """A person or organisation named in incidents. Private unless an editor publishes it."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(200), index=True)  # normalised for matching
    kind: Mapped[str] = mapped_column(String(16), default="person")  # person|organisation
    legal_status: Mapped[str] = mapped_column(String(16), default="unknown")
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    public_basis: Mapped[str | None] = mapped_column(String(32))  # public_figure|consent
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PersonAlias(Base):
    __tablename__ = "person_aliases"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    alias_key: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)
    alias: Mapped[str] = mapped_column(Text)


class IncidentPerson(Base):
    """A person's role in an incident, tied to the source document that names them."""

    __tablename__ = "incident_persons"
    __table_args__ = (UniqueConstraint("incident_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(24))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))


class PrivacyOverride(Base):
    """An editor let one privacy finding of an incident out, with a reason (public figure,
    consent): the finding's fingerprint (kind and folded text), who, when, why."""

    __tablename__ = "privacy_overrides"
    __table_args__ = (UniqueConstraint("incident_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    fingerprint: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
