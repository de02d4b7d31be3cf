"""The directory's privacy choices in real browsers on a real server: a member hides their
e-mail and country from the public on their profile page; the anonymous directory (page and
JSON) stops showing them, and a field for members shows only to a logged-in member."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.support.browser import chromium, require_chromium, watch
from tests.support.desk_server import serve
from tests.support.members import MEMBER_PASSWORD, make_member
from tests.support.review import fast_hashes

__all__ = ["chromium", "fast_hashes"]
require_chromium()

PUBLIC = {f: "public" for f in ("name", "kind", "country", "languages", "issues", "about", "email")}


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/members/login")
    page.fill("#l-username", username)
    page.fill("#l-password", MEMBER_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{base}/members/me")


def test_a_member_hides_fields_from_the_public(
    engine: Engine, settings: Settings, chromium: Any, fast_hashes: None, loopback_only: None
) -> None:
    make_member(
        engine, "delta-voices", name="Delta Voices", country="NG", email="hello@delta.example",
        about="Community radio in the delta.", visibility=PUBLIC,
    )  # fmt: skip
    make_member(engine, "peer-org", name="Peer Org", visibility={"name": "members"})
    app = create_app(settings, engine)
    problems: list[str] = []
    with serve(app) as base:
        visitor = chromium.new_context(locale="en-GB").new_page()
        watch(visitor, problems)
        visitor.goto(f"{base}/members")
        card = visitor.locator("li.member", has_text="Delta Voices")
        assert card.locator(".member-email").inner_text() == "hello@delta.example"
        assert card.locator(".member-country").inner_text() == "Nigeria"
        assert visitor.locator("text=Peer Org").count() == 0  # for members only

        # the member chooses: e-mail for nobody, country for members only
        member = chromium.new_context().new_page()
        watch(member, problems)
        _log_in(member, base, "delta-voices")
        member.check("#vis-email input[value=nobody]")
        member.check("#vis-country input[value=members]")
        member.click("form.stack button[type=submit]")
        member.wait_for_selector("text=Saved.")

        visitor.reload()
        card = visitor.locator("li.member", has_text="Delta Voices")
        assert card.count() == 1 and "Community radio in the delta." in card.inner_text()
        assert card.locator(".member-email").count() == 0
        assert card.locator(".member-country").count() == 0
        page_text = visitor.content()
        assert "hello@delta.example" not in page_text and "Nigeria" not in page_text
        twin = visitor.request.get(f"{base}/members.json").json()["members"]
        assert twin and all("email" not in m and "country" not in m for m in twin)
        assert "hello@delta.example" not in str(twin) and "NG" not in str(twin)

        # another member, logged in, sees the country (members) but never the e-mail (nobody)
        peer = chromium.new_context().new_page()
        watch(peer, problems)
        _log_in(peer, base, "peer-org")
        peer.goto(f"{base}/members")
        card = peer.locator("li.member", has_text="Delta Voices")
        assert card.locator(".member-country").inner_text() == "Nigeria"
        assert card.locator(".member-email").count() == 0
        assert "hello@delta.example" not in peer.content()
    assert not problems, problems
