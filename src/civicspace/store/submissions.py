"""Tables of secure submissions (docs/protect.md, "The data model").

Nothing private is stored in the clear: the sender's words, file names and face boxes are
envelopes (``civicspace.protect.sealing.Envelope`` as JSON) sealed to the organisation's keyring;
files live sealed in the vault and are named here by SHA-256 only. What is in the clear is what
the desk must sort by: consent, state, language, country, campaign, and the day (never the time)
a submission arrived. No column holds an address, a user agent or a time of day.

- ``Submission``: one sender's submission, found again by the argon2id hash of its receipt code;
  ``reply_salt`` and ``sender_public_key`` are the public half of the key pair derived from the
  receipt, to which the organisation's replies are sealed.
- ``SubmissionAttachment``: one file; for an image, also the sealed public-copy candidate (faces
  masked), the detector's boxes and the reviewer's extra masks (sealed), and who confirmed them.
- ``SubmissionMessage``: one message, from the sender or from the organisation, sealed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base, BigId, JsonType

CONSENTS = ("nothing", "text_only", "masked_photo")
SUBMISSION_STATES = ("new", "in_review", "published", "declined")
ATTACHMENT_KINDS = ("image", "document")
DIRECTIONS = ("sender", "organisation")
MESSAGE_KINDS = ("text", "support", "reply")


class Submission(Base):
    """One sender's submission: sealed content, consent, coarse facts, and the reply key."""

    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, 128 bits hex
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # the sender's key pair is derived from the receipt with this salt; only the public half kept
    reply_salt: Mapped[str] = mapped_column(String(64))
    sender_public_key: Mapped[str] = mapped_column(String(64))
    consent: Mapped[str] = mapped_column(String(16))
    may_become_incident: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    campaign: Mapped[str | None] = mapped_column(String(64), index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)  # the day only, UTC
    updated_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="new", index=True)
    # the incident this submission became on the desk, if any (set by the reviewer side)
    incident_id: Mapped[int | None] = mapped_column(Integer)


class SubmissionAttachment(Base):
    """One file of a submission: its sealed original, and for an image its public copy."""

    __tablename__ = "submission_attachments"
    __table_args__ = (Index("ix_submission_attachments_submission", "submission_id", "position"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # image | document
    mime: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))  # the sealed original in the vault
    # sealed JSON {"filename": ...}: the name the sender's device gave the file
    meta: Mapped[dict[str, Any]] = mapped_column(JsonType)
    # images: the public-copy candidate (sealed in the vault), its format, the detector's boxes
    # and the reviewer's extra masks (sealed JSON [[x, y, w, h, score], ...])
    public_sha256: Mapped[str | None] = mapped_column(String(64))
    public_format: Mapped[str | None] = mapped_column(String(8))
    faces: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    masks: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    masks_confirmed_by: Mapped[str | None] = mapped_column(String(128))
    masks_confirmed_on: Mapped[date | None] = mapped_column(Date)
    problem: Mapped[str | None] = mapped_column(Text)  # why no public copy could be made
    added_on: Mapped[date] = mapped_column(Date)


class SubmissionMessage(Base):
    """One message of the conversation, sealed: the sender's own words, or a reply to her."""

    __tablename__ = "submission_messages"
    __table_args__ = (Index("ix_submission_messages_submission", "submission_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(16))  # sender | organisation
    kind: Mapped[str] = mapped_column(String(16))  # text | support | reply
    envelope: Mapped[dict[str, Any]] = mapped_column(JsonType)
    author: Mapped[str | None] = mapped_column(String(128))  # the reviewer who replied
    created_on: Mapped[date] = mapped_column(Date)
