"""Create a campaign, pledge an account to it, revoke, list, and read the results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from civicspace.campaigns.model import MAX_POST_CHARS, CampaignSpec, Limits, Variant
from civicspace.campaigns.tokens import seal, token_box
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.settings import Settings
from civicspace.store.campaigns import NETWORKS, Campaign, Pledge

LIVE = ("pledged", "sending", "posted", "failed", "token_expired")


def create_campaign(session: Session, spec: CampaignSpec) -> Campaign:
    """Store ``spec`` as an open campaign; :class:`Conflict` when the slug is taken."""
    if session.scalar(select(Campaign.id).where(Campaign.slug == spec.slug)) is not None:
        raise Conflict(f"campaign {spec.slug!r} exists already")
    campaign = Campaign(
        slug=spec.slug,
        title=spec.title,
        messages={lang: v.as_dict() for lang, v in spec.variants.items()},
        threshold=spec.threshold,
        deadline=spec.deadline,
        send_at=spec.send_at,
        send_zone=spec.send_zone,
        personalisation=spec.limits.as_dict(),
        state="open",
    )
    session.add(campaign)
    session.flush()
    return campaign


def get_campaign(session: Session, slug: str) -> Campaign:
    campaign = session.scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        raise NotFound(f"no campaign {slug!r}")
    return campaign


@dataclass(frozen=True)
class PledgeInput:
    """A supporter's pledge: the account, its token (or app password) and an optional note."""

    network: str
    instance: str
    handle: str
    token: str
    language: str
    note: str = ""
    email: str | None = None


def personalised_text(campaign: Campaign, language: str, note: str, network: str) -> str:
    """The supporter's post, within the organiser's limits; :class:`InvalidInput` otherwise."""
    if language not in campaign.messages:
        raise InvalidInput(
            f"campaign {campaign.slug!r} has no message in {language!r} "
            f"(has {', '.join(sorted(campaign.messages))})"
        )
    limits = Limits.from_dict(campaign.personalisation)
    note = note.strip()
    if len(note) > limits.max_note_chars:
        raise InvalidInput(
            f"personal note of {len(note)} characters; this campaign allows {limits.max_note_chars}"
        )
    text = Variant.from_dict(campaign.messages[language]).render(note)
    if len(text) > MAX_POST_CHARS[network]:
        raise InvalidInput(f"post of {len(text)} characters is over {network}'s limit")
    return text


def pledge(
    session: Session, settings: Settings, slug: str, data: PledgeInput, now: datetime | None = None
) -> Pledge:
    """Record a pledge with its token sealed; :class:`Conflict` when the account pledged already."""
    now = now or datetime.now(UTC)
    if data.network not in NETWORKS:
        raise InvalidInput(f"network {data.network!r}: one of {', '.join(NETWORKS)}")
    if not data.token.strip():
        raise InvalidInput("an access token (Mastodon) or app password (Bluesky) is needed")
    campaign = get_campaign(session, slug)
    if campaign.state != "open" or now > campaign.deadline:
        raise Conflict(f"campaign {slug!r} takes no more pledges (deadline passed)")
    text = personalised_text(campaign, data.language, data.note, data.network)
    row = Pledge(
        campaign_id=campaign.id,
        network=data.network,
        instance=data.instance.strip().rstrip("/"),
        handle=data.handle.strip(),
        language=data.language,
        text=text,
        token_box=seal(token_box(settings), data.token.strip()),
        email=data.email,
        status="pledged",
        attempts=0,
        pledged_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError as exc:
        raise Conflict(f"{data.handle} on {data.instance} pledged to {slug!r} already") from exc
    return row


def revoke(session: Session, slug: str, pledge_id: int) -> None:
    """Withdraw a pledge before it is sent; its token is destroyed at once."""
    campaign = get_campaign(session, slug)
    done = session.execute(
        update(Pledge)
        .where(Pledge.id == pledge_id, Pledge.campaign_id == campaign.id)
        .where(Pledge.status == "pledged")
        .values(status="revoked", token_box=None)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount == 0:  # type: ignore[attr-defined]
        current = session.scalar(
            select(Pledge.status).where(Pledge.id == pledge_id, Pledge.campaign_id == campaign.id)
        )
        if current is None:
            raise NotFound(f"no pledge {pledge_id} in campaign {slug!r}")
        if current != "revoked":
            raise Conflict(f"pledge {pledge_id} is {current}: too late to revoke")


def supporters(session: Session, campaign_id: int) -> int:
    """Pledges that count towards the threshold (every one not revoked)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Pledge)
            .where(Pledge.campaign_id == campaign_id, Pledge.status.in_(LIVE))
        )
        or 0
    )


def results(session: Session, slug: str) -> dict[str, Any]:
    """The organiser's view: state, counts per outcome and one line per supporter."""
    campaign = get_campaign(session, slug)
    rows = session.scalars(
        select(Pledge).where(Pledge.campaign_id == campaign.id).order_by(Pledge.id)
    ).all()
    return {
        "campaign": campaign.slug,
        "state": campaign.state,
        "threshold": campaign.threshold,
        "supporters": sum(1 for r in rows if r.status in LIVE),
        "outcomes": dict(Counter(r.status for r in rows)),
        "pledges": [
            {
                "id": r.id,
                "network": r.network,
                "instance": r.instance,
                "handle": r.handle,
                "status": r.status,
                "url": r.outcome_url,
                "reason": r.reason,
            }
            for r in rows
        ],
    }
