"""Two rated countries with a history, for the ratings pages: Kenya and Uganda are rated
narrowed by the panel; then incidents push both down, the panel rejects Kenya's change
("Wait for the court ruling.") and approves Uganda's (its latest change: declined)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.accounts import create_user
from civicspace.ratings import panel
from civicspace.ratings.base import import_base_csv
from civicspace.ratings.compute import compute_all
from civicspace.ratings.method import load_method
from civicspace.store.accounts import User
from civicspace.store.incidents import Incident
from civicspace.store.ratings import BandChange
from tests.support.review import PASSWORD

METHOD = load_method("1")
TITLES = {"KE": "Reporter shot dead in Mombasa", "UG": "Editor killed in Kampala"}


def _incident(country: str, title: str, day: date, violation: str) -> Incident:
    return Incident(
        title=title,
        public_title=title,
        country=country,
        start_date=day,
        violations=[violation],
        targets=["journalists"],
        verification="verified",
        state="published",
    )


def seed_ratings(engine: Engine, folder: Path) -> None:
    base = folder / "base.csv"
    base.write_text(
        "country,year,input,value\nKE,2025,partner_assessment,70\nUG,2025,partner_assessment,70\n"
    )
    with Session(engine) as session:
        import_base_csv(base, session, METHOD)
        for country, title in TITLES.items():
            session.add(_incident(country, title, date(2025, 6, 1), "killing"))
        create_user(session, "panelist", PASSWORD, "editor", ["panel"])
        member = session.query(User).filter_by(username="panelist").one()
        for change in compute_all(session, METHOD, date(2025, 6, 30)).proposed:
            panel.decide(session, change, member, True, "Matches our partners' monitoring.")
        for country in TITLES:
            for _ in range(3):
                session.add(
                    _incident(country, "Protest crushed", date(2025, 9, 1), "excessive_force")
                )
        second = compute_all(session, METHOD, date(2025, 9, 1)).proposed
        assert len(second) == 2, "the new incidents should propose two band changes"
        for change_id in second:
            change = session.get(BandChange, change_id)
            assert change is not None
            if change.country == "KE":
                panel.decide(session, change_id, member, False, "Wait for the court ruling.")
            else:
                panel.decide(session, change_id, member, True, "Protests crushed in September.")
        session.commit()
