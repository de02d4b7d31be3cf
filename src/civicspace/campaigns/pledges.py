"""Create a campaign, pledge an account to it, revoke, list, and read the results."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from civicspace.campaigns.intents import check_networks, instance_host
from civicspace.campaigns.model import MAX_POST_CHARS, CampaignSpec, Limits, Variant
from civicspace.campaigns.tokens import seal, token_box
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.settings import Settings
from civicspace.store.campaigns import FALLBACK, NETWORKS, Campaign, Pledge

LIVE = ("pledged", "sending", "posted", "emailed", "failed", "token_expired")
UNCONFIRMED = "unconfirmed"  # an e-mail pledge counts once its address confirmed it
EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]+$")


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


def update_campaign(session: Session, spec: CampaignSpec) -> Campaign:
    """Change an open campaign. Its wording and limits are fixed once anyone has pledged (each
    pledge stores the post the supporter agreed to); threshold, dates and title stay editable."""
    campaign = get_campaign(session, spec.slug)
    if campaign.state != "open":
        raise Conflict(f"campaign {spec.slug!r} is {campaign.state}: it can no longer change")
    messages = {lang: v.as_dict() for lang, v in spec.variants.items()}
    pledged = session.scalar(select(Pledge.id).where(Pledge.campaign_id == campaign.id).limit(1))
    wording_changed = (
        _wording(messages) != _wording(campaign.messages)
        or spec.limits.as_dict() != Limits.from_dict(campaign.personalisation).as_dict()
    )
    if pledged is not None and wording_changed:
        raise Conflict(
            "supporters have pledged this wording: the messages and the personalisation limit "
            "can no longer change (image descriptions, title, threshold and dates can)"
        )
    campaign.title = spec.title
    campaign.messages = messages
    campaign.threshold = spec.threshold
    campaign.deadline = spec.deadline
    campaign.send_at = spec.send_at
    campaign.send_zone = spec.send_zone
    campaign.personalisation = spec.limits.as_dict()
    session.flush()
    return campaign


def _wording(messages: dict[str, Any]) -> dict[str, Any]:
    return {
        lang: {k: v for k, v in doc.items() if k != "image_alt"} for lang, doc in messages.items()
    }


def set_image(session: Session, slug: str, data: bytes | None, media_type: str | None) -> None:
    """Store (or, with ``None``, remove) the campaign image."""
    campaign = get_campaign(session, slug)
    campaign.image = data
    campaign.image_type = media_type if data is not None else None
    session.flush()


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


def pledge_with_link(
    session: Session, settings: Settings, slug: str, data: PledgeInput, now: datetime | None = None
) -> tuple[Pledge, str]:
    """:func:`pledge`, plus the supporter's private link secret (see :func:`new_link`)."""
    row = pledge(session, settings, slug, data, now)
    secret = new_link(row)
    session.flush()
    return row, secret


def link_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_link(row: Pledge) -> str:
    """A new private link secret for ``row``; only its SHA-256 is stored. The supporter sees
    and revokes the pledge at ``/campaigns/<slug>/pledges/<secret>``, without an account."""
    secret = secrets.token_urlsafe(24)
    row.secret_hash = link_hash(secret)
    return secret


def by_link(session: Session, slug: str, secret: str) -> Pledge:
    """The pledge behind a private link; :class:`NotFound` for any wrong or old link."""
    campaign = get_campaign(session, slug)
    row = None
    if 16 <= len(secret) <= 100:
        row = session.scalar(
            select(Pledge).where(
                Pledge.secret_hash == link_hash(secret), Pledge.campaign_id == campaign.id
            )
        )
    if row is None:
        raise NotFound("no pledge behind this link (check that it was copied whole)")
    return row


def revoke_by_link(session: Session, slug: str, secret: str) -> Pledge:
    """Revoke the pledge behind a private link (its token and e-mail address are destroyed)."""
    row = by_link(session, slug, secret)
    revoke(session, slug, row.id)
    session.refresh(row)
    return row


def confirm_by_link(
    session: Session, slug: str, secret: str, now: datetime | None = None
) -> Pledge:
    """Confirm an e-mail pledge from its private link (which only its address received): from
    now on it counts. Confirming twice is harmless; after the deadline it is too late."""
    now = now or datetime.now(UTC)
    row = by_link(session, slug, secret)
    if row.status == UNCONFIRMED:
        campaign = get_campaign(session, slug)
        if campaign.state != "open" or now > campaign.deadline:
            raise Conflict(f"campaign {slug!r} takes no more pledges (deadline passed)")
        row.status = "pledged"
        row.pledged_at = now
        session.flush()
    elif row.status != "pledged":
        raise Conflict(f"this pledge is {row.status}: nothing to confirm")
    return row


@dataclass(frozen=True)
class FallbackInput:
    """A supporter who connects no account: at send time they are e-mailed ready-made posts."""

    email: str
    networks: list[str] = field(default_factory=list)
    language: str = "en"
    note: str = ""
    mastodon_instance: str = ""


def check_email(address: str) -> str:
    address = address.strip()
    if len(address) > 254 or not EMAIL.match(address):
        raise InvalidInput(f"{address!r} is not an e-mail address")
    return address


def pledge_fallback(
    session: Session, slug: str, data: FallbackInput, now: datetime | None = None
) -> tuple[Pledge, str]:
    """Pledge by e-mail: the post and the share links are e-mailed at the send time, if the
    threshold is met. The pledge starts ``unconfirmed`` and counts towards the threshold like an
    account once confirmed from its private link, which is sent to the address only (so nobody
    can fill a campaign with made-up addresses). Returns the pledge and its link's secret. One
    pledge per address and campaign (a revoked or unconfirmed one is replaced).
    """
    now = now or datetime.now(UTC)
    address = check_email(data.email)
    networks = check_networks(list(data.networks), data.mastodon_instance)
    campaign = get_campaign(session, slug)
    if campaign.state != "open" or now > campaign.deadline:
        raise Conflict(f"campaign {slug!r} takes no more pledges (deadline passed)")
    # the tightest limit of the networks that limit length (Bluesky 300): fits everywhere
    text = personalised_text(campaign, data.language, data.note, "bluesky")
    handle = "email:" + link_hash(address.lower())[:32]
    session.execute(
        delete(Pledge)
        .where(Pledge.campaign_id == campaign.id, Pledge.network == FALLBACK)
        .where(Pledge.handle == handle, Pledge.status.in_(("revoked", UNCONFIRMED)))
        .execution_options(synchronize_session=False)
    )
    row = Pledge(
        campaign_id=campaign.id,
        network=FALLBACK,
        instance=instance_host(data.mastodon_instance) if "mastodon" in networks else "",
        handle=handle,
        language=data.language,
        text=text,
        token_box=None,
        email=address,
        share_networks=networks,
        status=UNCONFIRMED,
        attempts=0,
        pledged_at=now,
    )
    secret = new_link(row)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError as exc:
        raise Conflict(
            "this e-mail address has pledged to this campaign already: "
            "use the private link you were given to see or revoke it"
        ) from exc
    return row, secret


def revoke(session: Session, slug: str, pledge_id: int) -> None:
    """Withdraw a pledge before it is sent; its token is destroyed at once."""
    campaign = get_campaign(session, slug)
    done = session.execute(
        update(Pledge)
        .where(Pledge.id == pledge_id, Pledge.campaign_id == campaign.id)
        .where(Pledge.status.in_(("pledged", UNCONFIRMED)))
        .values(status="revoked", token_box=None, email=None, share_networks=None)
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
                "handle": "(e-mail)" if r.network == FALLBACK else r.handle,
                "status": r.status,
                "url": r.outcome_url,
                "reason": r.reason,
                "reach": r.reach,
            }
            for r in rows
        ],
    }
