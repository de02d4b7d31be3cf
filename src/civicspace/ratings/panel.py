"""The expert panel decides on proposed band changes; only an approved change becomes public.

Deciding needs the ``panel`` right and a reason, approve or reject; a change is decided once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.accounts.roles import Forbidden, has_right
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.ratings.compute import publish_score
from civicspace.store.accounts import User
from civicspace.store.base import utcnow
from civicspace.store.ratings import BandChange, PublicRating, RatingScore


@dataclass(frozen=True)
class Decision:
    change: BandChange
    public: PublicRating | None


def queue(session: Session) -> list[BandChange]:
    """Open proposals, oldest first."""
    return list(
        session.scalars(
            select(BandChange).where(BandChange.status == "proposed").order_by(BandChange.id)
        )
    )


def decide(session: Session, change_id: int, user: User, approve: bool, reason: str) -> Decision:
    """Approve (publish) or reject the proposal ``change_id``; ``reason`` is required."""
    if not has_right(user, "panel"):
        raise Forbidden(f"user {user.username!r} lacks the 'panel' right")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("a reason is required to approve or reject a band change")
    change = session.get(BandChange, change_id, with_for_update=True)
    if change is None:
        raise NotFound(f"no band change {change_id}")
    if change.status != "proposed":
        raise Conflict(f"band change {change_id} is already {change.status}")
    change.status = "approved" if approve else "rejected"
    change.decided_by = user.id
    change.decided_at = utcnow()
    change.reason = reason
    public = None
    if approve:
        score = session.get(RatingScore, change.score_id)
        if score is None:  # pragma: no cover - RESTRICT foreign key
            raise NotFound(f"score {change.score_id} of band change {change_id} is gone")
        public = publish_score(session, score, "panel", change.id)
        public.band = change.to_band
    session.flush()
    return Decision(change, public)
