"""Browser journeys on a campaign page: a real uvicorn on 127.0.0.1 and Debian Chromium.

A supporter personalises, pledges by e-mail (the fallback), watches the live counter go up in
another tab, then revokes with the private link and watches it go down; and browsing the page
(Arabic, a chosen zone, step 2) makes no request outside the site's origin.
Skips cleanly without Chromium or the playwright package.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.campaigns.pledges import set_image
from civicspace.settings import Settings
from civicspace.store import make_engine, upgrade
from civicspace.store.campaigns import Pledge
from civicspace.web.app import create_app
from tests.campaigns.helpers import make_campaign, with_key
from tests.support.browser import browser, free_port, require_chromium, shot
from tests.support.desk_server import serve
from tests.support.smtp_inbox import Inbox, smtp_server
from tests.web.test_campaign_pages import PNG

__all__ = ["browser"]

expect = require_chromium().expect


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, Inbox]]:
    with smtp_server() as (inbox, smtp_port):
        for url, engine in _serve(tmp_path_factory, smtp_port):
            yield url, engine, inbox


def _serve(tmp_path_factory: pytest.TempPathFactory, smtp_port: int) -> Iterator[tuple[str, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('campaign') / 'site.db'}"
    engine = make_engine(url)
    upgrade(engine)
    make_campaign(engine, "free", threshold=3, max_note=40)
    with Session(engine) as session, session.begin():
        set_image(session, "free", PNG, "image/png")
    port = free_port()
    settings = Settings(
        database_url=url,
        site_url=f"http://127.0.0.1:{port}",
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
    )
    with serve(create_app(with_key(settings), engine), port) as base:
        yield base, engine
    engine.dispose()


class Guarded:
    """A browser context whose pages may reach the site only; every request is recorded."""

    def __init__(self, browser: Any, site: str, **options: Any) -> None:
        self.site = site
        self.context = browser.new_context(viewport={"width": 1100, "height": 900}, **options)
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._guard)

    def _guard(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.site + "/"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def page(self) -> Any:
        pg = self.context.new_page()
        pg.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return pg

    def close(self) -> None:
        self.context.close()
        assert not self.outside, f"requests outside the site: {self.outside}"
        assert not self.errors, f"script errors: {self.errors}"


UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden' && e.type !== 'checkbox' && !(e.labels && e.labels.length)
               && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
  .map(e => e.outerHTML)"""


def _unlabelled(pg: Any) -> list[str]:
    """Form fields that a screen reader would announce without a name."""
    found: list[str] = pg.evaluate(UNLABELLED)
    checkboxes: list[str] = pg.evaluate(
        "() => [...document.querySelectorAll('input[type=checkbox]')]"
        ".filter(e => !e.closest('label')).map(e => e.outerHTML)"
    )
    return found + checkboxes


def _count(pg: Any) -> str:
    return str(pg.locator("#count").inner_text())


def test_personalise_pledge_by_email_watch_the_counter_then_revoke(
    browser: Any, site: tuple[str, Any, Inbox]
) -> None:
    url, engine, inbox = site
    watcher = Guarded(browser, url, locale="en-GB")
    supporter = Guarded(browser, url, locale="en-GB")
    try:
        board = watcher.page()
        board.goto(url + "/campaigns/free")
        assert _count(board) == "0"

        pg = supporter.page()
        pg.goto(url + "/campaigns/free")
        # too long a note: a clear error, the text kept, the field marked
        pg.fill("#note", "x" * 41)
        assert "⚠" in pg.locator("#note-left").inner_text()  # the script counts as they type
        pg.click("#personalise button[type=submit]")
        alert = pg.locator("#form-error")
        assert "personal note of 41 characters; this campaign allows 40" in alert.inner_text()
        assert pg.get_attribute("#note", "aria-invalid") == "true"
        # within the limit: step 2 shows the post as it will go out
        pg.fill("#note", "In my own words")
        pg.click("#personalise button[type=submit]")
        preview = pg.locator("#post-preview").inner_text()
        assert preview.startswith("In my own words\n\nFree the defenders now.")
        # the fallback: an address and the networks to get ready-made posts for
        pg.fill("#email", "me@example.org")
        pg.check("input[name=networks][value=bluesky]")
        pg.check("input[name=networks][value=whatsapp]")
        pg.click("#by-email button[type=submit]")
        pg.wait_for_url("**/campaigns/free?sent=1")
        assert pg.locator("#sent").is_visible()
        assert _count(pg) == "0"  # not counted before the address confirms
        # the private link arrives by e-mail; opening it and confirming counts the pledge
        link = inbox.link("me@example.org", rf"{url}/campaigns/free/pledges/[A-Za-z0-9_-]{{32}}")
        pg.goto(link)
        assert pg.locator("#pledge-status").get_attribute("data-status") == "unconfirmed"
        pg.click("#confirm button[type=submit]")
        pg.wait_for_url("**confirmed=1")
        assert pg.locator("#pledge-status").get_attribute("data-status") == "pledged"
        shot(pg, "campaign-pledged")

        # the other tab's counter goes up without a reload
        expect(board.locator("#count")).to_have_text("1", timeout=15_000)
        assert board.locator("#count-bar").get_attribute("value") == "1"

        # later, from the private link alone (a fresh browser): see and revoke
        later = Guarded(browser, url, locale="en-GB")
        try:
            again = later.page()
            again.goto(link)
            assert "In my own words" in again.locator("pre.post").inner_text()
            again.click("#revoke button[type=submit]")
            again.wait_for_load_state()
            assert again.locator("#pledge-status").get_attribute("data-status") == "revoked"
            assert again.locator("#revoke").count() == 0
        finally:
            later.close()
        expect(board.locator("#count")).to_have_text("0", timeout=15_000)
        with Session(engine) as session:
            row = session.scalars(select(Pledge)).one()
            assert row.status == "revoked" and row.email is None
    finally:
        watcher.close()
        supporter.close()


def test_browsing_the_campaign_stays_on_the_site(
    browser: Any, site: tuple[str, Any, Inbox]
) -> None:
    url = site[0]
    visitor = Guarded(browser, url, locale="ar", timezone_id="Asia/Tokyo")
    try:
        pg = visitor.page()
        pg.goto(url + "/campaigns/free?lang=ar")
        assert pg.locator("html").get_attribute("dir") == "rtl"
        assert pg.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert pg.evaluate("document.documentElement.scrollWidth") <= 1100  # nothing sticks out
        assert pg.locator("h2#count-h").inner_text() == "المؤيدون"
        pg.wait_for_load_state("load")
        assert pg.locator("img.campaign-image").evaluate("i => i.naturalWidth") == 1
        # the device's zone, by script and without a request; the picker is preset to it
        device = pg.locator("#send-device")
        assert device.is_visible() and "Asia/Tokyo" in device.inner_text()
        assert pg.locator("#zone").input_value() == "Asia/Tokyo"
        pg.click("form.zone button[type=submit]")
        pg.wait_for_url("**zone=Asia%2FTokyo**")
        assert "2027-03-19 21:00 JST" in pg.locator("#send-yours").inner_text()
        pg.wait_for_timeout(6_000)  # at least one counter poll
        assert _unlabelled(pg) == []
        pg.click("#personalise button[type=submit]")
        pg.wait_for_selector("#by-email")
        assert _unlabelled(pg) == []
        shot(pg, "campaign-step2-ar")
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.className") == "skip"
    finally:
        visitor.close()
    own = [u for u in visitor.requests if u.startswith(url + "/")]
    assert own == visitor.requests and any(u.endswith("/count.json") for u in own)
    assert any(u.endswith("/campaigns/free/image") for u in own)
