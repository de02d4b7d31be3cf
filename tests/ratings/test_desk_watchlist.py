"""Watchlist curation in the desk: editors publish proposed entries with a reason or dismiss
them; CSRF, roles and the JSON twin as for the ratings panel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.accounts import create_user
from civicspace.ratings import watchlist
from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.support.desk_client import BASE, login
from tests.support.ratings_seed import METHOD, seed_ratings
from tests.support.review import PASSWORD

JSON = {"accept": "application/json"}


def test_editors_publish_and_dismiss_watchlist_proposals(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    seed_ratings(engine, tmp_path)
    with Session(engine) as session:
        proposed = watchlist.propose(session, METHOD, date(2025, 9, 1))
        assert {e.country for e in proposed} == {"KE", "UG"}
        ids = {e.country: e.id for e in proposed}
        create_user(session, "editor", PASSWORD, "editor", [])
        create_user(session, "researcher", PASSWORD, "researcher", [])
        session.commit()
    app = create_app(Settings(database_url=database_url), engine)

    anonymous = TestClient(app, base_url=BASE, follow_redirects=False)
    assert anonymous.get("/desk/watchlist", headers=JSON).status_code == 401
    researcher, _ = login(app, "researcher")
    assert researcher.get("/desk/watchlist", headers=JSON).status_code == 403
    assert 'href="/desk/watchlist"' not in researcher.get("/desk/queue").text

    client, token = login(app, "editor")
    assert 'href="/desk/watchlist"' in client.get("/desk/queue").text  # the desk nav
    page = client.get("/desk/watchlist")
    assert page.status_code == 200 and "Publish with this reason" in page.text
    twin = client.get("/desk/watchlist", headers=JSON).json()
    assert sorted(e["country"] for e in twin["proposed"]) == ["KE", "UG"]
    assert twin["published"] == [] and twin["proposed"][0]["decline"] > 0

    ke = ids["KE"]
    no_csrf = client.post(f"/desk/watchlist/{ke}", data={"decision": "publish", "reason": "x"})
    assert no_csrf.status_code == 403
    researcher_post = researcher.post(
        f"/desk/watchlist/{ke}", data={"decision": "publish", "reason": "x", "csrf_token": token}
    )
    assert researcher_post.status_code == 403
    empty = client.post(
        f"/desk/watchlist/{ke}", data={"decision": "publish", "reason": " ", "csrf_token": token}
    )
    assert empty.status_code == 422 and "reason is required" in empty.text
    bad = client.post(f"/desk/watchlist/{ke}", data={"decision": "maybe", "csrf_token": token})
    assert bad.status_code == 422
    ok = client.post(
        f"/desk/watchlist/{ke}",
        data={"decision": "publish", "reason": "Protests crushed in Kenya.", "csrf_token": token},
    )
    assert ok.status_code == 303 and ok.headers["location"] == f"/desk/watchlist?done={ke}"
    again = client.post(
        f"/desk/watchlist/{ke}",
        data={"decision": "publish", "reason": "twice", "csrf_token": token},
        headers=JSON,
    )
    assert again.status_code == 409 and "published" in again.json()["error"]
    dismissed = client.post(
        f"/desk/watchlist/{ids['UG']}",
        data={"decision": "dismiss", "csrf_token": token},
        headers=JSON,
    )
    assert dismissed.json() == {"id": ids["UG"], "status": "dismissed"}

    public = TestClient(app, base_url=BASE)
    assert [(w["country"], w["reason"]) for w in public.get("/ratings/watchlist.json").json()] == [
        ("KE", "Protests crushed in Kenya.")
    ]
    assert "Protests crushed in Kenya." in public.get("/ratings/watchlist?lang=fr").text
    after = client.get("/desk/watchlist", headers=JSON).json()
    assert after["proposed"] == [] and [e["id"] for e in after["published"]] == [ke]
    off = client.post(
        f"/desk/watchlist/{ke}", data={"decision": "dismiss", "csrf_token": token}, headers=JSON
    )
    assert off.json()["status"] == "dismissed"
    assert public.get("/ratings/watchlist.json").json() == []
