"""Member networking: what each member chose to show and to whom (pages, JSON, filters),
registration and approval, suggestions with their reasons, and the message relay through a real
SMTP server on loopback (aiosmtpd) without either address reaching the other member."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.listen import member_suggestions
from civicspace.settings import Settings
from civicspace.store.members import Member, MemberMessage
from civicspace.web.app import create_app
from tests.support.desk_client import login as desk_login
from tests.support.loopback import loopback_settings
from tests.support.members import MEMBER_PASSWORD, make_member
from tests.support.questions import form_token
from tests.support.review import fast_hashes

__all__ = ["fast_hashes"]
BASE = "http://127.0.0.1"


def _client(app: Any) -> TestClient:
    return TestClient(app, base_url=BASE, follow_redirects=False)


def member_login(app: Any, username: str) -> tuple[TestClient, str]:
    client = _client(app)
    token = form_token(client.get("/members/login").text)
    r = client.post(
        "/members/login",
        data={"username": username, "password": MEMBER_PASSWORD, "csrf_token": token},
    )
    assert r.status_code == 303, r.text
    return client, form_token(client.get("/members/me").text)


def test_each_field_shown_only_as_chosen(
    engine: Engine, settings: Settings, fast_hashes: None
) -> None:
    open_id = make_member(
        engine, "opengov", name="Open Government Kenya", country="KE", languages=["en", "sw"],
        issues=["freedoms:association"], about="We train associations on registration law.",
        email="contact@opengov.example",
        visibility={"name": "public", "country": "nobody", "email": "nobody",
                    "about": "public", "languages": "members", "issues": "public"},
    )  # fmt: skip
    hidden_id = make_member(engine, "quietgroup", name="Quiet Group", country="KE")  # defaults
    pending_id = make_member(
        engine, "newcomer", approve=False, name="Newcomer", visibility={"name": "public"}
    )
    app = create_app(settings, engine)
    anon = _client(app)

    page = anon.get("/members").text
    assert "Open Government Kenya" in page
    assert "We train associations" in page
    assert "contact@opengov.example" not in page
    assert "Kenya</dd>" not in page and 'class="member-country"' not in page
    assert "Swahili" not in page  # languages: members only
    assert "Quiet Group" not in page  # name visible to members only
    assert "Newcomer" not in page  # not approved yet
    data = anon.get("/members.json").json()["members"]
    assert [m["id"] for m in data] == [open_id]
    assert data[0] == {  # kind and languages are for members (the default), the rest hidden
        "id": open_id,
        "name": "Open Government Kenya",
        "issues": ["freedoms:association"],
        "about": "We train associations on registration law.",
    }
    # filters match only what the visitor may see: a hidden country finds nobody
    assert anon.get("/members.json?country=KE").json()["members"] == []
    assert [
        m["id"] for m in anon.get("/members.json?issue=freedoms:association").json()["members"]
    ] == [open_id]
    assert anon.get(f"/members/{hidden_id}").status_code == 404
    assert anon.get(f"/members/{hidden_id}.json").status_code == 404
    assert anon.get(f"/members/{pending_id}.json").status_code == 404
    assert anon.get(f"/members/{open_id}.json").json()["member"]["name"] == "Open Government Kenya"

    # an approved member sees members-only fields, never what is for nobody
    member, _csrf = member_login(app, "quietgroup")
    seen = {m["id"]: m for m in member.get("/members.json").json()["members"]}
    assert set(seen) == {open_id}  # one's own entry is not in the directory
    assert seen[open_id]["languages"] == ["en", "sw"]
    assert "country" not in seen[open_id] and "email" not in seen[open_id]
    assert "Swahili" in member.get(f"/members/{open_id}").text
    assert [m["id"] for m in member.get("/members.json?language=sw").json()["members"]] == [open_id]
    # a pending member sees no more than the public
    newcomer, _ = member_login(app, "newcomer")
    seen = newcomer.get("/members.json").json()["members"]
    assert [m["id"] for m in seen] == [open_id] and "languages" not in seen[0]
    # everyone else now sees the approved quietgroup (name: members) but the public does not
    other, _ = member_login(app, "opengov")
    assert [m["id"] for m in other.get("/members.json").json()["members"]] == [hidden_id]
    assert [m["id"] for m in anon.get("/members.json").json()["members"]] == [open_id]

    # members preview their own profile as the public, and members, see it
    public_view = other.get(f"/members/{open_id}?as=public").text
    assert "Preview: what the public sees of you." in public_view
    assert "contact@opengov.example" not in public_view and "Swahili" not in public_view
    assert "Swahili" in other.get(f"/members/{open_id}?as=members").text
    assert "contact@opengov.example" in other.get(f"/members/{open_id}").text  # their own
    quiet_public = member.get(f"/members/{hidden_id}?as=public").text
    assert "You are not in this directory" in quiet_public
    # nobody previews someone else
    assert anon.get(f"/members/{hidden_id}?as=members").status_code == 404
    assert "contact@opengov.example" not in member.get(f"/members/{open_id}?as=members").text


def test_register_then_approval(engine: Engine, settings: Settings, fast_hashes: None) -> None:
    from civicspace.accounts import users as accounts
    from tests.support.review import PASSWORD

    with Session(engine) as db:
        accounts.create_user(db, "approver", PASSWORD, "viewer", ["members"])
        db.commit()
    app = create_app(settings, engine)
    visitor = _client(app)
    token = form_token(visitor.get("/members/register").text)
    form = {
        "csrf_token": token, "username": "harbour-rights", "password": "short",
        "name": "Harbour Rights Collective", "kind": "organisation",
        "email": "desk@harbour.example", "country": "KEN", "languages": "en, sw",
        "issues": ["violations:arrest_detention", "targets:journalists"],
        "about": "Legal aid for journalists detained at protests.",
        "vis_name": "public", "vis_country": "public", "vis_email": "nobody",
    }  # fmt: skip
    r = visitor.post("/members/register", data=form)
    assert r.status_code == 422 and "password too short" in r.text
    r = visitor.post("/members/register", data={**form, "password": "tidal basin lantern 42"})
    assert r.status_code == 303
    assert r.headers["location"] == "/members/me?registered=1"
    me = visitor.get("/members/me")
    assert "awaits a moderator" in me.text
    with Session(engine) as db:
        member = db.scalar(select(Member).where(Member.username == "harbour-rights"))
        assert member is not None and member.status == "pending" and member.country == "KE"
        assert member.password_hash.startswith("$argon2id$")
        member_id = member.id
    anon = _client(app)
    assert anon.get("/members.json").json()["members"] == []
    # a desk user with the members right approves; then the public sees what was chosen public
    desk, csrf = desk_login(app, "approver")
    assert "Harbour Rights Collective" in desk.get("/desk/members").text
    r = desk.post(f"/desk/members/{member_id}", data={"csrf_token": csrf, "status": "active"})
    assert r.status_code == 303
    shown = anon.get("/members.json").json()["members"]
    assert shown == [{"id": member_id, "name": "Harbour Rights Collective", "country": "KE"}]
    # a cross-site registration is refused
    r = visitor.post(
        "/members/register",
        data={**form, "username": "other", "password": "tidal basin lantern 42"},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403


def test_suggestions_are_sensible_and_explained(engine: Engine, fast_hashes: None) -> None:
    everything = {f: "members" for f in ("name", "kind", "country", "languages", "issues", "about")}
    me_id = make_member(
        engine, "kenya-press", name="Kenya Press Defence", country="KE", languages=["en", "sw"],
        issues=["violations:arrest_detention", "targets:journalists", "freedoms:expression"],
        about="We defend journalists detained for reporting on land grabs and evictions.",
        visibility=everything,
    )  # fmt: skip
    close_id = make_member(
        engine, "nairobi-media", name="Nairobi Media Watch", country="KE", languages=["sw"],
        issues=["violations:arrest_detention", "targets:journalists"],
        about="Legal support for journalists detained while covering evictions.",
        visibility=everything,
    )  # fmt: skip
    far_id = make_member(
        engine, "lima-press", name="Prensa Libre Lima", country="PE", languages=["es"],
        issues=["targets:journalists", "freedoms:expression"],
        about="Periodistas y libertad de prensa en el Perú.",
        visibility=everything,
    )  # fmt: skip
    unrelated_id = make_member(
        engine, "ke-unions", name="Coast Unions", country="KE", languages=["en"],
        issues=["freedoms:association"], about="Trade union organising in ports.",
        visibility=everything,
    )  # fmt: skip
    secret_id = make_member(
        engine, "secretive", name="Secretive Defenders", country="KE",
        issues=["violations:arrest_detention", "targets:journalists"],
        about="Journalists detained for land grab reporting and evictions.",
        visibility={**everything, "issues": "nobody", "country": "nobody"},
    )  # fmt: skip
    with Session(engine) as db:
        me = db.get(Member, me_id)
        assert me is not None
        found = member_suggestions.suggest(db, me)
    ids = [s.member["id"] for s in found]
    assert ids[0] == close_id, [(s.member["name"], s.score) for s in found]
    assert unrelated_id not in ids  # a country alone is not the same thing
    assert far_id in ids and ids.index(far_id) > ids.index(close_id)
    best = found[0]
    assert best.shared_issues == ["targets:journalists", "violations:arrest_detention"]
    assert best.same_country == "KE"
    assert best.shared_languages == ["sw"]
    assert "detained" in best.shared_words or "journalists" in best.shared_words
    # a member's hidden fields never explain (or reveal through) a suggestion
    secret = next(s for s in found if s.member["id"] == secret_id)
    assert secret.shared_issues == [] and secret.same_country is None
    assert "issues" not in secret.member and "country" not in secret.member


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_Inbox, int]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_contact_relay_hides_both_addresses(
    engine: Engine, database_url: str, smtp: tuple[_Inbox, int], fast_hashes: None
) -> None:
    inbox, port = smtp
    settings = loopback_settings(
        database_url=database_url, smtp_host="127.0.0.1", smtp_port=port,
        smtp_from="relay@civicspace.example", site_url="https://civic.example",
    )  # fmt: skip
    shown = {"name": "members", "about": "members", "email": "members"}
    alice_id = make_member(
        engine,
        "alice-org",
        name="Alice Org",
        email="alice@secret.example",
        visibility={**shown, "email": "nobody"},
    )
    bob_id = make_member(
        engine,
        "bob-org",
        name="Bob Org",
        email="bob@hidden.example",
        visibility={**shown, "email": "nobody"},
    )
    app = create_app(settings, engine)
    alice, alice_csrf = member_login(app, "alice-org")
    page = alice.get(f"/members/{bob_id}/contact")
    assert page.status_code == 200 and "bob@hidden.example" not in page.text
    r = alice.post(
        f"/members/{bob_id}/contact",
        data={"csrf_token": alice_csrf, "subject": "Joint statement",
              "body": "Shall we draft a joint statement on the detentions?"},
    )  # fmt: skip
    assert r.status_code == 303

    ((mail_from, rcpt, raw),) = inbox.messages
    mail = message_from_bytes(raw, policy=policy.default)
    text = raw.decode("utf-8", "replace")
    assert rcpt == ["bob@hidden.example"]
    assert mail_from == "relay@civicspace.example" and mail["From"] == "relay@civicspace.example"
    assert "alice@secret.example" not in text  # the sender's address never reaches Bob
    assert "Alice Org" in str(mail["Subject"])
    assert "Shall we draft a joint statement" in mail.get_content()
    with Session(engine) as db:
        message = db.scalar(select(MemberMessage))
        assert message is not None and message.delivery == "emailed"
        message_id = message.id
    assert f"https://civic.example/members/messages/{message_id}" in mail.get_content()

    # Bob reads it on the platform and replies there; Alice's address is nowhere on his pages
    bob, bob_csrf = member_login(app, "bob-org")
    read = bob.get(f"/members/messages/{message_id}").text
    assert "Shall we draft" in read and "alice@secret.example" not in read
    assert "alice@secret.example" not in bob.get(f"/members/{alice_id}").text
    r = bob.post(
        f"/members/{alice_id}/contact",
        data={"csrf_token": bob_csrf, "subject": "Re: Joint statement",
              "body": "Yes, send me a draft.", "reply_to": str(message_id)},
    )  # fmt: skip
    assert r.status_code == 303
    (_from, rcpt, raw) = inbox.messages[1]
    assert rcpt == ["alice@secret.example"]
    assert b"bob@hidden.example" not in raw
    assert "bob@hidden.example" not in alice.get("/members/messages").text
    assert "Yes, send me a draft." in alice.get(f"/members/messages/{message_id + 1}").text
    # nobody reads another pair's messages; a pending member writes to nobody
    make_member(engine, "carol-org", name="Carol", approve=False)
    carol, carol_csrf = member_login(app, "carol-org")
    assert carol.get(f"/members/messages/{message_id}").status_code == 404
    r = carol.post(
        f"/members/{bob_id}/contact",
        data={"csrf_token": carol_csrf, "subject": "Hi", "body": "Hello"},
    )
    assert r.status_code == 403
    # a message needs the member's CSRF token
    r = alice.post(f"/members/{bob_id}/contact", data={"subject": "x", "body": "y"})
    assert r.status_code == 403
    assert len(inbox.messages) == 2


def test_password_change_and_account_deletion(
    engine: Engine, settings: Settings, fast_hashes: None
) -> None:
    from civicspace.store.members import MemberSession

    gone_id = make_member(engine, "leaving-org", name="Leaving Org", visibility={"name": "public"})
    peer_id = make_member(engine, "staying-org", name="Staying Org")
    with Session(engine) as db:
        db.add(MemberMessage(sender_id=peer_id, recipient_id=gone_id, subject="Hi", body="Hello",
                             delivery="emailed"))  # fmt: skip
        db.commit()
    app = create_app(settings, engine)
    client, csrf = member_login(app, "leaving-org")
    other_device, _ = member_login(app, "leaving-org")
    r = client.post(
        "/members/me/password",
        data={"csrf_token": csrf, "current": "wrong one entirely", "new": "new tidal lantern 77"},
    )
    assert r.status_code == 422 and "current password: wrong" in r.text
    r = client.post(
        "/members/me/password",
        data={"csrf_token": csrf, "current": MEMBER_PASSWORD, "new": "new tidal lantern 77"},
    )
    assert r.status_code == 303
    assert other_device.get("/members/me").status_code == 303  # logged out everywhere else
    csrf = form_token(client.get("/members/me").text)  # this browser got a new session
    assert "Leaving Org" in _client(app).get("/members").text
    r = client.post("/members/me/delete", data={"csrf_token": csrf, "password": "nope"})
    assert r.status_code == 422
    r = client.post(
        "/members/me/delete", data={"csrf_token": csrf, "password": "new tidal lantern 77"}
    )
    assert r.status_code == 303
    with Session(engine) as db:
        assert db.get(Member, gone_id) is None
        assert db.scalar(select(MemberMessage)) is None
        assert db.scalar(select(MemberSession).where(MemberSession.member_id == gone_id)) is None
    assert "Leaving Org" not in _client(app).get("/members").text
