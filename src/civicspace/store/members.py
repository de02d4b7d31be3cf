"""Tables of member networking (docs/listen.md, "Member networking").

A ``Member`` is an organisation or a person with their own login (separate from desk accounts:
an argon2id hash, the desk's password policy), a profile, and a visibility per field
(``public`` / ``members`` / ``nobody``). A new member is ``pending`` until a desk user with the
``members`` right approves them. ``MemberSession`` keeps only the SHA-256 of the login cookie.
A ``MemberMessage`` is one message relayed between members: the platform delivers it (inbox,
and an e-mail from the site's own address), so neither address is ever shown to the other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base, BigId, JsonType, UTCDateTime, utcnow

MEMBER_KINDS = ("organisation", "person")
MEMBER_STATES = ("pending", "active", "disabled")
VISIBILITY = ("public", "members", "nobody")


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id
    email: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    languages: Mapped[list[str]] = mapped_column(JsonType, default=list)
    issues: Mapped[list[str]] = mapped_column(JsonType, default=list)  # "violations:censorship"
    about: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(32))
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MemberSession(Base):
    """A member's login session; the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "member_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MemberMessage(Base):
    """One message from a member to another, relayed by the platform."""

    __tablename__ = "member_messages"
    __table_args__ = (
        Index("ix_member_messages_recipient", "recipient_id", "created_at"),
        Index("ix_member_messages_sender", "sender_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    reply_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("member_messages.id", ondelete="SET NULL")
    )
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivery: Mapped[str] = mapped_column(String(16), default="pending")  # emailed | failed
    delivery_error: Mapped[str | None] = mapped_column(Text)
