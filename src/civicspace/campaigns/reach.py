"""Reach after sending: what each network reports about the posts, recorded per pledge.

Mastodon reports favourites, boosts and replies of a public post to anyone
(:func:`civicspace.notify.social.mastodon_reach`); the Bluesky PDS does not count likes (that is
the AppView's job), so Bluesky reach is "not reported". The counts are read when the organiser
asks (results page button, ``civicspace campaigns reach``), never in the background.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from civicspace.campaigns.pledges import get_campaign
from civicspace.notify import DeliveryError
from civicspace.notify.social import mastodon_reach
from civicspace.store.campaigns import Pledge

Fetch = Callable[[str], dict[str, int]]
REPORTED: dict[str, Fetch] = {"mastodon": mastodon_reach}


@dataclass
class ReachReport:
    campaign: str
    read: int = 0
    not_reported: int = 0
    errors: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "campaign": self.campaign,
            "read": self.read,
            "not_reported": self.not_reported,
            "errors": self.errors,
            "totals": self.totals,
        }


def refresh_reach(
    engine: Engine, slug: str, fetchers: dict[str, Fetch] | None = None
) -> ReachReport:
    """Read the reach of every posted pledge of ``slug`` and record it (``reach``, ``reach_at``)."""
    readers: dict[str, Fetch] = REPORTED if fetchers is None else fetchers
    report = ReachReport(slug)
    with Session(engine) as session:
        campaign = get_campaign(session, slug)
        rows = session.execute(
            select(Pledge.id, Pledge.network, Pledge.outcome_url).where(
                Pledge.campaign_id == campaign.id, Pledge.status == "posted"
            )
        ).all()
    for pid, network, url in rows:
        fetch = readers.get(network)
        if fetch is None or not url:
            report.not_reported += 1
            continue
        try:
            counts = fetch(url)
        except DeliveryError as exc:
            report.errors.append(str(exc))
            continue
        report.read += 1
        for key, value in counts.items():
            report.totals[key] = report.totals.get(key, 0) + value
        with Session(engine) as session, session.begin():
            session.execute(
                update(Pledge)
                .where(Pledge.id == pid)
                .values(reach=counts, reach_at=datetime.now(UTC))
                .execution_options(synchronize_session=False)
            )
    return report
