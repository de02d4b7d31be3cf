"""Tables of collective posting campaigns (docs/campaigns.md).

A ``Campaign`` carries its message variants (one per language, with link and hashtags), a
supporter threshold, a deadline and the send time: an aware UTC instant plus the IANA zone the
organiser named it in. A ``Pledge`` is one supporter's account on one network; its access token
is stored encrypted (``token_box``, a NaCl SecretBox) and set to NULL once the campaign is sent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base, BigId, JsonType, UTCDateTime, utcnow

CAMPAIGN_STATES = ("open", "sending", "sent", "missed")
PLEDGE_STATES = (
    "unconfirmed",  # an e-mail pledge whose address has not confirmed it yet: not counted
    "pledged",
    "revoked",
    "sending",
    "posted",
    "emailed",
    "failed",
    "token_expired",
    "missed",
)
NETWORKS = ("mastodon", "bluesky")
FALLBACK = "email"  # a supporter e-mailed a pre-filled post at send time, no account connected


class Campaign(Base):
    """One message sent from every supporter's account at one moment, if enough pledge."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    # {"en": {"text": ..., "link": ..., "hashtags": [...]}, "fr": {...}}
    messages: Mapped[dict[str, Any]] = mapped_column(JsonType)
    threshold: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    send_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    send_zone: Mapped[str] = mapped_column(String(64))
    # how much of the text a supporter may change: {"max_chars": int, "keep_hashtags": bool}
    personalisation: Mapped[dict[str, Any]] = mapped_column(JsonType)
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    # the campaign image (PNG, JPEG, WebP or GIF), served at /campaigns/<slug>/image
    image: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    image_type: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Pledge(Base):
    """One supporter's account pledged to a campaign, and the one outcome of its post."""

    __tablename__ = "campaign_pledges"
    __table_args__ = (
        UniqueConstraint("campaign_id", "network", "instance", "handle"),
        Index("ix_campaign_pledges_campaign_status", "campaign_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    network: Mapped[str] = mapped_column(String(16))  # mastodon, bluesky or email (FALLBACK)
    instance: Mapped[str] = mapped_column(Text)  # Mastodon instance or Bluesky PDS base URL
    handle: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)  # the personalised post, link and hashtags included
    token_box: Mapped[bytes | None] = mapped_column(LargeBinary)
    email: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pledged")
    outcome_url: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    pledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # sha256 of the supporter's private link secret (the link itself is never stored)
    secret_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    # e-mail fallback: the networks the supporter chose for the pre-filled posts
    share_networks: Mapped[list[str] | None] = mapped_column(JsonType)
    # what the network reports about the post ({"favourites": 3, "reblogs": 1, "replies": 0})
    reach: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    reach_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OAuthApp(Base):
    """The OAuth application registered once on one instance (per redirect URI).

    ``client_box`` is the client id and secret as JSON, sealed like pledge tokens (SecretBox
    under ``CIVICSPACE_CAMPAIGN_TOKEN_KEY``); ``scopes`` is what was asked for
    (``write:statuses``).
    """

    __tablename__ = "campaign_oauth_apps"
    __table_args__ = (UniqueConstraint("network", "instance", "redirect_uri"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    network: Mapped[str] = mapped_column(String(16))
    instance: Mapped[str] = mapped_column(Text)  # the instance's base URL
    redirect_uri: Mapped[str] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(Text)
    client_box: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
