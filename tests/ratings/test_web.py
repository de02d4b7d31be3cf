"""The ratings on the web: the panel queue in the desk, public pages and their JSON twins, API."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.accounts import create_user
from civicspace.ratings import watchlist
from civicspace.ratings.base import import_base_csv
from civicspace.ratings.compute import compute_all
from civicspace.ratings.method import load_method
from civicspace.settings import Settings
from civicspace.store.incidents import Incident
from civicspace.web.app import create_app
from tests.support.desk_client import BASE, login
from tests.support.review import PASSWORD

METHOD = load_method("1")


@pytest.fixture
def rated(engine: Engine, tmp_path: Path) -> Engine:
    base = tmp_path / "base.csv"
    base.write_text("country,year,input,value,source\nKE,2025,partner_assessment,70,Partner\n")
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
        session.add(
            Incident(
                title="Secret withdrawn case",
                country="KE",
                start_date=date(2025, 6, 2),
                violations=["attack"],
                verification="verified",
                state="published",
            )
        )
        create_user(session, "panelist", PASSWORD, "editor", ["panel"])
        create_user(session, "editor", PASSWORD, "editor", [])
        compute_all(session, METHOD, date(2025, 6, 30))
        # the second incident is withdrawn after the score was computed
        withdrawn = session.query(Incident).filter_by(title="Secret withdrawn case").one()
        withdrawn.state = "withdrawn"
        session.commit()
    return engine


def _app(engine: Engine, url: str, publish_scores: bool = False) -> TestClient:
    app = create_app(Settings(database_url=url, publish_scores=publish_scores), engine)
    return app


def test_panel_queue_approve_publishes(rated: Engine, database_url: str) -> None:
    app = _app(rated, database_url)
    public = TestClient(app, base_url=BASE)
    assert public.get("/api/v1/ratings").json() == []  # nothing before the panel

    outsider, token = login(app, "editor")
    assert outsider.get("/desk/panel", headers={"accept": "application/json"}).status_code == 403

    client, token = login(app, "panelist")
    page = client.get("/desk/panel")
    assert page.status_code == 200
    assert "KE: unrated → narrowed" in page.text and "Reporter shot dead" in page.text
    queue = client.get("/desk/panel", headers={"accept": "application/json"}).json()["queue"]
    change = queue[0]
    assert change["explanation"]["methodology"]["version"] == "1"
    # no CSRF token: refused; no reason: refused
    assert (
        client.post(
            f"/desk/panel/{change['id']}", data={"decision": "approve", "reason": "x"}
        ).status_code
        == 403
    )
    missing = client.post(
        f"/desk/panel/{change['id']}",
        data={"decision": "approve", "reason": "", "csrf_token": token},
    )
    assert missing.status_code == 422
    ok = client.post(
        f"/desk/panel/{change['id']}",
        data={"decision": "approve", "reason": "Matches partner monitoring", "csrf_token": token},
    )
    assert ok.status_code == 303

    ratings = public.get("/api/v1/ratings").json()
    assert [(r["country"], r["band"]) for r in ratings] == [("KE", "narrowed")]
    assert "score" not in ratings[0]
    detail = public.get("/api/v1/ratings/KEN").json()
    assert [i["title"] for i in detail["incidents"]] == ["Reporter shot dead in Mombasa"]
    assert detail["withheld_incidents"] == 1 and "value" not in detail["incidents"][0]
    assert len(public.get("/api/v1/ratings/KE/history").json()) == 1
    html = public.get("/ratings/KE")
    assert (
        html.status_code == 200 and "narrowed" in html.text and "Secret withdrawn" not in html.text
    )
    assert public.get("/ratings/KE.json").json()["band"] == "narrowed"
    assert public.get("/ratings").status_code == 200
    assert public.get("/api/v1/ratings/ZZZ").status_code == 404


def test_public_scores_methodology_and_watchlist(rated: Engine, database_url: str) -> None:
    with Session(rated) as session:
        from civicspace.ratings import panel
        from civicspace.store.accounts import User

        member = session.query(User).filter_by(username="panelist").one()
        panel.decide(session, 1, member, True, "ok")
        for _ in range(4):
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
        compute_all(session, METHOD, date(2025, 9, 1))
        entry = watchlist.propose(session, METHOD, date(2025, 9, 1))[0]
        editor = session.query(User).filter_by(username="editor").one()
        watchlist.curate(session, entry.id, editor, True, "Protests crushed in August.")
        session.commit()
    public = TestClient(_app(rated, database_url, publish_scores=True), base_url=BASE)
    detail = public.get("/api/v1/ratings/KE").json()
    assert detail["score"] > 0 and detail["incidents"][0]["value"] > 0
    assert detail["explanation"]["base"]["inputs"][0]["source"] == "Partner"
    page = public.get("/ratings/KE")
    assert "Base inputs" in page.text and "Contribution" in page.text
    assert public.get("/api/v1/watchlist").json()[0]["reason"] == "Protests crushed in August."
    assert "Protests crushed in August." in public.get("/ratings/watchlist").text
    methods = public.get("/api/v1/methodology").json()
    assert methods["latest"] == "2"
    v1 = public.get("/api/v1/methodology/1").json()
    assert v1["severity"]["killing"] == 10 and v1["hysteresis"] == 2
    page = public.get("/ratings/methodology")
    assert (
        page.status_code == 200
        and "halves every 180.0 days" in page.text
        and "Killing" in page.text
    )
    assert public.get("/ratings/methodology.json").json()["versions"][0]["version"] == "2"


def test_country_page_says_why_from_structural_inputs(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    from civicspace.ratings import panel
    from civicspace.ratings.indices.store import import_index
    from civicspace.store.accounts import User
    from tests.ratings.test_v2 import FIW, RSF, VDEM

    with Session(engine) as session:
        for source, name, text in (
            ("vdem", "vdem_v14.csv", VDEM),
            ("fiw", "fiw.csv", FIW),
            ("rsf", "rsf.csv", RSF),
        ):
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            import_index(session, source, path)
        create_user(session, "panelist", PASSWORD, "editor", ["panel"])
        report = compute_all(session, load_method("2"), date(2024, 6, 15))
        member = session.query(User).filter_by(username="panelist").one()
        panel.decide(session, report.proposed[0], member, True, "structural base checked")
        session.commit()
    public = TestClient(_app(engine, database_url, publish_scores=True), base_url=BASE)
    page = public.get("/ratings/KE")
    assert page.status_code == 200 and "Structural inputs" in page.text
    assert "Structural score 48.89" in page.text
    for text in ("vdem v14", "fiw 2024", "rsf 2024", "2024-03-31", "peaceful assembly (53.2)"):
        assert text in page.text, text
    assert "Freedom in the World 2024" in page.text and "CC BY-SA 4.0" in page.text
    fr = public.get("/ratings/KE?lang=fr").text
    assert "Données structurelles" in fr and "Score structurel 48.89" in fr
    hidden = TestClient(_app(engine, database_url), base_url=BASE).get("/ratings/KE")
    assert "obstructed" in hidden.text and "Structural score" not in hidden.text


def test_ratings_list_names_regions_sorting_in_three_languages(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    from civicspace.ratings import panel
    from civicspace.store.accounts import User

    base = tmp_path / "base.csv"
    base.write_text(
        "country,year,input,value\nKE,2025,partner_assessment,50\n"
        "DE,2025,partner_assessment,90\nEG,2025,partner_assessment,10\n"
    )
    with Session(engine) as session:
        import_base_csv(base, session, METHOD)
        create_user(session, "panelist", PASSWORD, "editor", ["panel"])
        report = compute_all(session, METHOD, date(2025, 6, 30))
        member = session.query(User).filter_by(username="panelist").one()
        for change in report.proposed:
            panel.decide(session, change, member, True, "checked")
        session.commit()
    client = TestClient(_app(engine, database_url, publish_scores=True), base_url=BASE)

    def rows(query: str) -> list[str]:
        page = client.get(f"/ratings?{query}")
        assert page.status_code == 200
        body = page.text.split("<tbody>")[1]
        return [cell.split("</a>")[0].split(">")[-1] for cell in body.split("<tr><td>")[1:]]

    assert rows("lang=en&sort=name") == ["Egypt", "Germany", "Kenya"]
    assert rows("lang=fr&sort=name") == ["Allemagne", "Égypte", "Kenya"]
    assert rows("lang=es&sort=band") == ["Alemania", "Kenia", "Egipto"]  # open … closed
    assert rows("lang=en&sort=score") == ["Germany", "Kenya", "Egypt"]
    fr = client.get("/ratings?lang=fr&sort=region").text
    assert "Afrique" in fr and "Europe" in fr and "fermé" in fr and "Dernier changement" in fr
    assert "2025-06-30" in fr  # the panel-approved change
    assert rows("lang=en&sort=nonsense") == ["Egypt", "Germany", "Kenya"]
