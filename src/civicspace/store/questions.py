"""Tables of live questions to speakers (docs/listen.md, "Live questions").

A ``QaEvent`` is one event (title, speakers, start time) moving ``open`` → ``live`` →
``archived``; its ``revision`` goes up with every change a reader would see, so a live page
knows when to redraw. A ``Question`` is sent by anyone, with no account: nothing about the
sender is kept but the text and an optional display name. A ``QuestionVote`` holds the SHA-256
of a random per-browser cookie, never an address. A merged question points to its survivor.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base, BigId, JsonType, UTCDateTime, utcnow

EVENT_STATES = ("open", "live", "archived")
QUESTION_STATES = ("pending", "approved", "rejected", "merged")


class QaEvent(Base):
    """An event that takes questions before and during it; its archive stays published."""

    __tablename__ = "qa_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    speakers: Mapped[list[str]] = mapped_column(JsonType, default=list)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Question(Base):
    """One question to the speakers; ``answer`` is set when it is marked answered."""

    __tablename__ = "qa_questions"
    __table_args__ = (Index("ix_qa_questions_event_status", "event_id", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("qa_events.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(String(80))  # optional display name
    status: Mapped[str] = mapped_column(String(16), default="pending")
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("qa_questions.id", ondelete="SET NULL")
    )
    answer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by: Mapped[str | None] = mapped_column(String(32))  # "user:<id>"
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class QuestionVote(Base):
    """One browser's upvote: ``voter`` is the SHA-256 of its random cookie id."""

    __tablename__ = "qa_votes"
    __table_args__ = (UniqueConstraint("question_id", "voter"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("qa_questions.id", ondelete="CASCADE"), index=True
    )
    voter: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
