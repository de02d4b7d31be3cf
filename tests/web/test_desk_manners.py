"""What a new user met on the desk: Accept says which incident it accepted, reject needs a
reason, no publishing without a country, history ignores reordering and reads plainly, and
the desk fits a 375 px phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput
from civicspace.incidents.revisions import apply_changes
from civicspace.review import actions
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.incidents import Incident, IncidentRevision
from civicspace.web.app import create_app
from tests.support.desk_client import login
from tests.support.desk_server import serve
from tests.support.review import PASSWORD, fast_hashes, make_users, seed_incidents

__all__ = ["fast_hashes"]


@pytest.fixture
def world(engine: Engine, settings: Settings, fast_hashes: None) -> dict[str, Any]:
    ids = seed_incidents(engine)
    users = make_users(engine)
    return {"ids": ids, "users": users, "app": create_app(settings, engine)}


def _user(s: Session, world: dict[str, Any], role: str) -> User:
    found = s.get(User, world["users"][role])
    assert found is not None
    return found


def test_accept_says_which_incident_and_links_back(engine: Engine, world: dict[str, Any]) -> None:
    app: FastAPI = world["app"]
    client, token = login(app, "editor")
    a = world["ids"][0]
    response = client.post(f"/desk/incidents/{a}/accept", data={"csrf_token": token})
    assert response.status_code == 303
    target = response.headers["location"]
    assert not target.startswith(f"/desk/incidents/{a}?")  # on to the next one …
    page = client.get(target).text
    with Session(engine) as s:
        title = s.get(Incident, a).title  # type: ignore[union-attr]
    assert f"Accepted #{a}" in page  # … saying which one was accepted
    assert f'href="/desk/incidents/{a}"' in page and title in page


def test_reject_needs_a_reason(engine: Engine, world: dict[str, Any]) -> None:
    client, token = login(world["app"], "researcher")
    a = world["ids"][0]
    refused = client.post(f"/desk/incidents/{a}/reject", data={"csrf_token": token, "reason": " "})
    assert refused.status_code == 422
    assert "reason" in refused.text and "required" in refused.text
    with Session(engine) as s:
        assert s.get(Incident, a).state != "rejected"  # type: ignore[union-attr]
        with pytest.raises(InvalidInput, match="reason"):
            actions.reject(s, a, _user(s, world, "researcher"))
    ok = client.post(
        f"/desk/incidents/{a}/reject", data={"csrf_token": token, "reason": "not an incident"}
    )
    assert ok.status_code == 303


def test_no_publishing_without_a_country(engine: Engine, world: dict[str, Any]) -> None:
    a = world["ids"][0]
    with Session(engine) as s:
        editor = _user(s, world, "editor")
        actions.edit(s, a, editor, {"country": ""})
        actions.accept(s, a, editor)
        s.commit()
        with pytest.raises(InvalidInput, match="country"):
            actions.publish(s, a, editor)
        s.rollback()
    client, token = login(world["app"], "editor")
    refused = client.post(f"/desk/incidents/{a}/publish", data={"csrf_token": token})
    assert refused.status_code == 422 and "country" in refused.text


def test_reordering_a_list_is_not_a_change(engine: Engine, world: dict[str, Any]) -> None:
    a = world["ids"][0]
    with Session(engine) as s:
        incident = s.get(Incident, a)
        assert incident is not None and len(incident.violations) == 2
        editor = _user(s, world, "editor")
        assert actions.edit(s, a, editor, {"violations": incident.violations[::-1]}) is None
        revision = apply_changes(
            s,
            incident,
            {"violations": incident.violations[::-1], "targets": incident.targets[::-1]},
            actor="machine",
            action="rebuilt",
        )
        assert revision is not None and revision.changes == {}
        s.commit()


def test_history_reads_plainly(engine: Engine, world: dict[str, Any]) -> None:
    a = world["ids"][0]
    with Session(engine) as s:
        incident = s.get(Incident, a)
        assert incident is not None
        apply_changes(
            s,
            incident,
            {
                "extra": {"suggested_merge": {"incident_id": 7, "similarity": 0.81}},
                "violations": ["arrest_detention", "killing"],
            },
            actor="machine",
            action="rebuilt",
        )
        s.commit()
        assert s.scalar(select(IncidentRevision).where(IncidentRevision.action == "rebuilt"))
    client, _ = login(world["app"], "viewer")
    page = client.get(f"/desk/incidents/{a}/history").text
    assert "{&#39;" not in page and "{'" not in page and "[&#39;" not in page
    assert "suggested merge: " in page  # JSONB may reorder the keys inside
    assert "incident 7" in page and "similarity 0.81" in page
    assert "added: Killing" in page and "removed: Excessive force" in page


sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no /usr/bin/chromium")
def test_the_desk_fits_a_phone(world: dict[str, Any], loopback_only: None) -> None:
    a = world["ids"][0]
    with serve(world["app"]) as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
        page = context.new_page()
        page.goto(f"{base}/desk/login")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/desk/queue")
        wide = {}
        for path in ("/desk/queue", f"/desk/incidents/{a}", f"/desk/incidents/{a}/history",
                     "/desk/users", "/desk/login"):  # fmt: skip
            page.goto(base + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 375:
                wide[path] = width
        browser.close()
    assert not wide, f"wider than the phone: {wide}"
