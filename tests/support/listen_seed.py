"""A listen project for the report tests: the theme fixture's contributions, one anonymous
dialogue whose speaker is named in the transcript, and one named essay."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.listen import synthesis
from civicspace.listen.intake import ContributionType, take_in
from civicspace.store.listen import ListenClaim, ListenProject, ListenTheme

FIXTURE = Path(__file__).parents[1] / "listen" / "fixtures" / "contributions.jsonl"
SECRET_SPEAKER = "Wanjiku Kamau"  # an anonymous contributor: never shown anywhere
NAMED_AUTHOR = "Grace Nakato"  # a contributor who chose to be named
DIALOGUE = (
    f"{SECRET_SPEAKER}: Police arrested and beat protesters at our peaceful march in Nairobi.\n"
    "Facilitator: What happened after that?\n"
    f"{SECRET_SPEAKER}: Wanjiku was held for two days; tear gas was fired at the crowd again."
)
ESSAY = "Donors abroad stopped funding our association after the foreign funding law passed."
NEW_TOPIC = [
    ("Floods destroyed our office and the river flooded the whole district.", "MZ"),
    ("The river flooded our office twice this year, floods destroyed the district.", "MW"),
    ("After the floods destroyed the district our river office had to close.", "MZ"),
]
PARAPHRASE = "The government shut down the internet during the last election."


def seed_project(engine: Engine, name: str = "Reimagining Democracy") -> str:
    """The project's slug; themes computed."""
    with Session(engine) as db:
        project = synthesis.ensure_project(db, name)
        for line in FIXTURE.read_text(encoding="utf-8").splitlines():
            raw = json.loads(line)
            sub = take_in(
                raw["text"],
                type=ContributionType.comment,
                consent=True,
                anonymous=True,
                country=raw.get("country") or "KE",
                language="en",
            )
            synthesis.add_submission(db, project, sub)
        dialogue = take_in(
            DIALOGUE, type=ContributionType.dialogue, consent=True, anonymous=True, country="KE"
        )
        synthesis.add_submission(db, project, dialogue)
        essay = take_in(
            ESSAY,
            type=ContributionType.essay,
            consent=True,
            anonymous=False,
            author=NAMED_AUTHOR,
            country="HU",
            language="en",
        )
        synthesis.add_submission(db, project, essay)
        synthesis.recompute(db, project)
        db.commit()
        return project.slug


def add_more(engine: Engine, slug: str) -> None:
    """New contributions: a paraphrase of an existing claim and a new topic (floods)."""
    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        for text, country in [(PARAPHRASE, "KE"), *NEW_TOPIC]:
            sub = take_in(
                text,
                type=ContributionType.comment,
                consent=True,
                anonymous=True,
                country=country,
                language="en",
            )
            synthesis.add_submission(db, project, sub)
        db.commit()


def theme_of(db: Session, slug: str, text: str) -> ListenTheme:
    """The top-level theme of the claim that starts with ``text``."""
    project = db.scalar(select(ListenProject).where(ListenProject.slug == slug))
    assert project is not None
    claim = db.scalar(
        select(ListenClaim)
        .where(ListenClaim.project_id == project.id)
        .where(ListenClaim.text.startswith(text))
    )
    assert claim is not None and claim.theme_id is not None, text
    theme = db.get(ListenTheme, claim.theme_id)
    assert theme is not None
    return db.get(ListenTheme, theme.parent_id) if theme.parent_id else theme  # type: ignore[return-value]
