"""The public country ratings page in three languages: band, panel decision, trend, incidents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.accounts import create_user
from civicspace.ratings import panel
from civicspace.ratings.base import import_base_csv
from civicspace.ratings.compute import compute_all
from civicspace.ratings.method import load_method
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.incidents import Incident
from civicspace.web.app import create_app
from civicspace.web.public.rating_trend import trend_svg
from tests.support.desk_client import BASE
from tests.support.review import PASSWORD

METHOD = load_method("1")


def _seed(engine: Engine, tmp_path: Path) -> None:
    base = tmp_path / "base.csv"
    base.write_text("country,year,input,value\nKE,2025,partner_assessment,70\n")
    with Session(engine) as session:
        import_base_csv(base, session, METHOD)
        session.add(
            Incident(
                title="Reporter shot dead in Mombasa",
                public_title="Reporter shot dead in Mombasa",
                country="KE",
                start_date=date(2025, 6, 1),
                violations=["killing"],
                targets=["journalists"],
                verification="verified",
                state="published",
            )
        )
        create_user(session, "panelist", PASSWORD, "editor", ["panel"])
        first = compute_all(session, METHOD, date(2025, 6, 30)).proposed[0]
        member = session.query(User).filter_by(username="panelist").one()
        panel.decide(session, first, member, True, "Matches our partners' monitoring.")
        for _ in range(3):
            session.add(
                Incident(
                    title="Protest crushed",
                    country="KE",
                    start_date=date(2025, 9, 1),
                    violations=["excessive_force"],
                    verification="verified",
                    state="published",
                )
            )
        second = compute_all(session, METHOD, date(2025, 9, 1)).proposed
        assert second, "the new incidents should propose a band change"
        panel.decide(session, second[0], member, False, "Wait for the court ruling.")
        session.commit()


def test_country_page_says_why_in_french_spanish_and_english(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    _seed(engine, tmp_path)
    app = create_app(Settings(database_url=database_url, publish_scores=True), engine)
    client = TestClient(app, base_url=BASE)

    fr = client.get("/ratings/KE?lang=fr")
    assert fr.status_code == 200 and fr.headers["content-language"] == "fr"
    text = fr.text
    assert "<h1>Kenya : notation de l’espace civique</h1>" in text
    assert '<a href="/ratings">Notations</a>' in text  # the site's menu, translated
    assert "Restreint" in text  # the band, translated
    assert "Dernière décision du panel" in text and "a rejeté" in text
    assert "Wait for the court ruling." in text
    assert 'class="chart-svg trend-svg"' in text and "<title id=\"trend-t\">Évolution" in text
    assert "Les incidents qui ont fait bouger la notation" in text
    assert "Reporter shot dead in Mombasa" in text and "Meurtre" in text

    es = client.get("/ratings/KEN?lang=es").text
    assert "Kenia: calificación del espacio cívico" in es and "Calificaciones" in es
    en = client.get("/ratings/KE?lang=en").text
    assert "Kenya: civic space rating" in en and "Last panel decision" in en

    twin = client.get("/ratings/KE.json").json()
    decision = twin["panel_decision"]
    assert decision["status"] == "rejected" and decision["reason"] == "Wait for the court ruling."
    assert "decided_by" not in decision
    assert [h["band"] for h in twin["history"]] == ["narrowed"]


def test_trend_svg_steps_through_the_bands() -> None:
    history = [
        {"as_of": "2025-01-01", "band": "open", "score": 85.0},
        {"as_of": "2025-07-01", "band": "obstructed", "score": 50.0},
    ]
    labels = {"open": "Ouvert", "obstructed": "Entravé"}
    svg = trend_svg(history, labels, lambda s: s)
    assert svg.count('class="trend-score"') == 2
    assert "2025-01-01: Ouvert (85)" in svg and "2025-07-01: Entravé (50)" in svg
    # a step: horizontal to the second date, then down to the obstructed stripe
    path = svg.split('class="trend-band"')[0].rsplit('d="', 1)[1].split('"')[0]
    assert path.startswith("M96.0 ") and " V" in path
    assert 'viewBox="0 0 640 200"' in svg
    assert trend_svg([], labels, lambda s: s).count("<circle") == 0
