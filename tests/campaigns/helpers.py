"""Building campaigns and pledges for the campaign tests and the bench."""

from __future__ import annotations

import base64
import html
import re
from datetime import UTC, datetime, timedelta

from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.campaigns.model import CampaignSpec, Limits, Variant
from civicspace.campaigns.pledges import PledgeInput, create_campaign, pledge
from civicspace.settings import Settings

KEY = base64.b64encode(bytes(range(32))).decode()
NOW = datetime(2027, 3, 19, 12, 0, tzinfo=UTC)


def with_key(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"campaign_token_key": SecretStr(KEY), "campaign_backoff": 0.01}
    )


def make_campaign(engine: Engine, slug: str, threshold: int, max_note: int = 80) -> None:
    spec = CampaignSpec(
        slug=slug,
        title="Free the defenders",
        variants={
            "en": Variant("Free the defenders now.", "https://example.org/free", ("FreeThem",)),
            "fr": Variant("Libérez les défenseures.", "https://example.org/fr", ("LibérezLes",)),
        },
        threshold=threshold,
        deadline=NOW - timedelta(hours=1),
        send_at=NOW,
        send_zone="America/New_York",
        limits=Limits(max_note),
    )
    with Session(engine) as session, session.begin():
        create_campaign(session, spec)


def add_pledge(
    engine: Engine, settings: Settings, slug: str, data: PledgeInput, at: datetime | None = None
) -> int:
    with Session(engine) as session, session.begin():
        row = pledge(session, settings, slug, data, now=at or NOW - timedelta(days=1))
        session.flush()
        return row.id


def plain(content: str) -> str:
    """A status's HTML content as plain text."""
    text = re.sub(r"</p>\s*<p>", "\n\n", content)
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
