"""The whole review flow in a real browser (Debian's Chromium through Playwright) against a
real server on loopback: log in, open the queue, edit, merge, accept, publish. Saves a
screenshot of the desk to ``$CIVICSPACE_ARTIFACTS/desk.png`` (default ``artifacts/``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.settings import Settings
from civicspace.store.incidents import Incident, IncidentRevision
from civicspace.web.app import create_app
from tests.support.browser import artifact, browser, require_chromium
from tests.support.desk_server import serve
from tests.support.review import PASSWORD, fast_hashes, make_users, seed_incidents

__all__ = ["browser", "fast_hashes"]

require_chromium()


def test_review_flow_in_a_browser(
    engine: Engine, settings: Settings, fast_hashes: None, browser: Any, loopback_only: None
) -> None:
    a, b, c, d = seed_incidents(engine)
    make_users(engine)
    app = create_app(settings, engine)
    problems: list[str] = []
    with serve(app) as base:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if _bad_console(m) else None)
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if _bad_response(r) else None,
        )
        page.on("pageerror", lambda e: problems.append(str(e)))

        # log in: the desk sends us to the login page and back
        page.goto(f"{base}/desk/queue")
        assert "/desk/login" in page.url
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/desk/queue")

        # the queue: newest day first, then most confident; keyboard moves and opens
        rows = page.locator("#queue tr.row")
        assert rows.count() == 4
        assert rows.nth(0).get_attribute("data-href") == f"/desk/incidents/{a}"  # 0.93
        assert rows.nth(1).get_attribute("data-href") == f"/desk/incidents/{d}"  # 0.88
        page.screenshot(path=str(artifact("desk-queue.png")))
        page.keyboard.press("j")
        assert "selected" in (rows.nth(1).get_attribute("class") or "")
        page.keyboard.press("k")
        page.keyboard.press("o")
        page.wait_for_url(f"{base}/desk/incidents/{a}")

        # edit a field against the codebook, with a reason
        page.keyboard.press("e")
        assert page.evaluate("document.activeElement.name") == "title"
        page.keyboard.press("Escape")
        page.check("input[name=targets][value=hrd]")
        page.fill("input[name=place]", "Harbourtown")
        page.fill("#edit input[name=reason]", "the students run a rights club")
        page.click("#edit button[type=submit]")
        page.wait_for_selector("text=Saved.")
        assert page.is_checked("input[name=targets][value=hrd]")

        # merge the second report of the same sit-in into this one (m, number, Enter)
        page.keyboard.press("m")
        page.keyboard.type(str(b))
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Merged.")
        assert page.locator("article.source").count() == 2
        assert page.locator("article.source mark").count() >= 3  # supporting sentences
        page.screenshot(path=str(artifact("desk.png")), full_page=True)

        # accept (a): on to the next incident in the queue
        page.keyboard.press("a")
        page.wait_for_selector("text=Accepted")
        assert page.url != f"{base}/desk/incidents/{a}"

        # publish (p) the accepted incident
        page.goto(f"{base}/desk/incidents/{a}")
        page.keyboard.press("p")
        page.wait_for_selector("text=Published.")

        # the history shows every decision beside the machine's codings
        page.keyboard.press("h")
        page.wait_for_url(f"{base}/desk/incidents/{a}/history")
        actions = page.locator("table.history td span.action").all_inner_texts()
        assert actions == ["created", "edited", "merged", "accepted", "published"]
        assert page.locator("table.codings tbody tr").count() == 2
        context.close()

    assert not problems, problems  # no CSP violation, no script error
    with Session(engine) as s:
        incident = s.get(Incident, a)
        assert incident is not None and incident.state == "published"
        assert incident.place == "Harbourtown" and "hrd" in incident.targets
        merged = s.get(Incident, b)
        assert merged is not None and merged.merged_into == a
        actors = set(
            s.scalars(select(IncidentRevision.actor).where(IncidentRevision.incident_id == a))
        )
        assert actors == {"machine", "user:2"}
    assert c


def _bad_console(message: Any) -> bool:
    # a 404 is reported by the response hook with its URL (the browser asks for a favicon)
    return bool(message.type == "error" and "Failed to load resource" not in message.text)


def _bad_response(response: Any) -> bool:
    return bool(response.status >= 400 and not response.url.endswith("/favicon.ico"))
