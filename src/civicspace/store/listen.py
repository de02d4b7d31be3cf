"""Tables of the listen area: syntheses of contributions into themes (docs/listen.md).

- ``ListenProject``: one synthesis ("Reimagining Democracy"), a draft until an editor
  publishes it.
- ``ListenContribution``: one interview, essay, dialogue or comment, with country, region,
  language, type and the contributor's consent and anonymity choice. An anonymous contribution
  has no author (a CHECK holds it), and its text was pseudonymised at intake.
- ``ListenClaim``: a span of a contribution (``text == contribution.text[start:end]``), the
  leaf theme it supports (NULL: none) and whether an analyst placed it there (``pinned``).
- ``ListenTheme``: a theme or, with a ``parent_id``, a sub-theme: the question it answers, its
  key point statement (a claim, the language model namer's ``label_by``, or an analyst's),
  position, the analyst's edits (``renamed``, ``edited``) and its codebook labels.
- ``ListenEdit``: the log of analysts' operations (rename, merge, split, move, codes).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
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

PROJECT_STATES = ("draft", "published")
CONTRIBUTION_TYPES = ("interview", "essay", "dialogue", "comment")
EDIT_OPS = ("rename", "merge", "split", "move", "codes", "recompute", "publish", "withdraw")


class ListenProject(Base):
    __tablename__ = "listen_projects"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ListenContribution(Base):
    __tablename__ = "listen_contributions"
    __table_args__ = (
        UniqueConstraint("project_id", "key"),
        CheckConstraint("consent", name="consent_given"),
        CheckConstraint("NOT anonymous OR author IS NULL", name="anonymous_unnamed"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("listen_projects.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(64))  # SHA-256 of the text as taken in
    type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    question: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(16))
    consent: Mapped[bool] = mapped_column(Boolean)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    author: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ListenTheme(Base):
    __tablename__ = "listen_themes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("listen_projects.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("listen_themes.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str | None] = mapped_column(Text)  # what its contributions answered
    label: Mapped[str] = mapped_column(Text)
    label_claim_id: Mapped[int | None] = mapped_column(BigId)  # the claim the label is, if any
    # the language model namer's version when the label is its (label_claim_id: the claim it
    # replaced); NULL: the label is that claim, or an analyst's (renamed)
    label_by: Mapped[str | None] = mapped_column(String(64))
    renamed: Mapped[bool] = mapped_column(Boolean, default=False)  # the label is an analyst's
    edited: Mapped[bool] = mapped_column(Boolean, default=False)  # any analyst edit
    position: Mapped[int] = mapped_column(Integer, default=0)
    violations: Mapped[list[str]] = mapped_column(JsonType, default=list)
    targets: Mapped[list[str]] = mapped_column(JsonType, default=list)
    codes_by: Mapped[str] = mapped_column(String(16), default="coder")  # coder | analyst
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ListenClaim(Base):
    __tablename__ = "listen_claims"
    __table_args__ = (
        UniqueConstraint("contribution_id", "start_offset"),
        Index("ix_listen_claims_project_theme", "project_id", "theme_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("listen_projects.id", ondelete="CASCADE"))
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("listen_contributions.id", ondelete="CASCADE")
    )
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("listen_themes.id", ondelete="SET NULL"), index=True
    )
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    centrality: Mapped[float] = mapped_column(Float, default=0.0)


class ListenEdit(Base):
    __tablename__ = "listen_edits"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("listen_projects.id", ondelete="CASCADE"), index=True
    )
    theme_id: Mapped[int | None] = mapped_column(BigId)  # the theme as it was (may be gone)
    op: Mapped[str] = mapped_column(String(16))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
