"""Two browsers on a real server: a question approved by a moderator in one appears on the
public page of the other without a reload (server-sent events); a browser without JavaScript
gets the page that reloads itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from civicspace.web.app import create_app
from tests.support.browser import chromium, require_chromium, watch
from tests.support.desk_server import serve
from tests.support.loopback import loopback_settings
from tests.support.questions import make_event, make_moderator
from tests.support.review import PASSWORD, fast_hashes

__all__ = ["chromium", "fast_hashes"]
require_chromium()

QUESTION = "Which protections exist for activists who speak from abroad?"


def test_approved_question_appears_live_in_another_browser(
    engine: Engine, database_url: str, chromium: Any, fast_hashes: None, loopback_only: None
) -> None:
    event_id = make_event(engine)
    make_moderator(engine)
    settings = loopback_settings(
        database_url=database_url, questions_poll_seconds=0.2, questions_refresh_seconds=2
    )
    app = create_app(settings, engine)
    problems: list[str] = []
    with serve(app) as base:
        # the attendee: asks a question, which waits for a moderator
        attendee = chromium.new_context(locale="en-GB").new_page()
        watch(attendee, problems)
        attendee.goto(f"{base}/events/csw-dialogue")
        attendee.fill("#question-text", QUESTION)
        attendee.click("form.ask button[type=submit]")
        attendee.wait_for_selector("text=your question will appear here")
        assert QUESTION not in attendee.inner_text("#question-list")
        attendee.wait_for_selector("text=This list updates by itself.")  # the stream is open
        attendee.evaluate("window.__notReloaded = true")

        # a browser without JavaScript: the refresh fallback
        nojs = chromium.new_context(java_script_enabled=False).new_page()
        nojs.goto(f"{base}/events/csw-dialogue")
        refresh = nojs.locator('noscript meta[http-equiv="refresh"]')
        assert refresh.count() == 1 and refresh.get_attribute("content") == "2"
        assert nojs.locator("a.refresh").count() == 1

        # the moderator, in another browser, approves it on the desk
        desk = chromium.new_context().new_page()
        watch(desk, problems)
        desk.goto(f"{base}/desk/events/{event_id}")
        desk.fill("input[name=username]", "moder")
        desk.fill("input[name=password]", PASSWORD)
        desk.click("button[type=submit]")
        desk.wait_for_url(f"{base}/desk/events/{event_id}")
        desk.click("section.moderate button[value=approve]")
        desk.wait_for_selector("text=Done: approved.")

        # the attendee's page shows it, without a reload
        attendee.wait_for_selector(f"#question-list >> text={QUESTION}", timeout=10_000)
        assert attendee.evaluate("window.__notReloaded") is True
        # voting from the live list: counted once, the button says so
        attendee.click("#question-list form.vote button")
        attendee.wait_for_selector("#question-list >> text=1 vote", timeout=10_000)
        attendee.wait_for_selector("#question-list button[aria-pressed=true]")
        assert attendee.evaluate("window.__notReloaded") is True

        # the moderator answers: the answer appears live too
        desk.fill("section.moderate textarea[name=answer]", "The speakers listed three.")
        desk.click("section.moderate button[value=answer]")
        desk.wait_for_selector("text=Done: answered.")
        attendee.wait_for_selector("#question-list >> text=The speakers listed three.")

        # the page without JavaScript reloads by itself and shows the question too
        nojs.wait_for_selector(f"text={QUESTION}", timeout=10_000)
        nojs.wait_for_selector("text=The speakers listed three.", timeout=10_000)
        for page in (attendee, nojs, desk):  # streams end with their pages
            page.context.close()
    assert not problems, problems
