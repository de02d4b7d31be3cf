"""Sending against three real Mastodon API servers (mastodon_mock subprocesses)."""

from __future__ import annotations

import secrets
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from civicspace.campaigns.pledges import PledgeInput, results, revoke
from civicspace.campaigns.send import INTERRUPTED, send_campaign, send_due
from civicspace.errors import ConfigError, Conflict, InvalidInput
from civicspace.notify.social import MastodonPoster
from civicspace.settings import Settings
from civicspace.store.campaigns import Campaign, Pledge
from tests.campaigns.helpers import NOW, add_pledge, make_campaign, plain, with_key
from tests.support.mastodon_servers import MastodonInstance, MockUser


def _supporters(
    engine: Engine,
    settings: Settings,
    slug: str,
    instances: list[MastodonInstance],
    per_instance: int,
) -> list[tuple[MastodonInstance, MockUser, int, str]]:
    out = []
    for i, inst in enumerate(instances):
        for j in range(per_instance):
            user = inst.new_user(f"{slug.replace('-', '_')}_{i}_{j}_{secrets.token_hex(3)}")
            note = f"Note from {user.username}"
            pid = add_pledge(
                engine,
                settings,
                slug,
                PledgeInput("mastodon", inst.url, user.username, user.token, "en", note),
            )
            out.append((inst, user, pid, note))
    return out


def test_threshold_met_posts_once_on_every_instance(
    engine: Engine, settings: Settings, mastodon_instances: list[MastodonInstance]
) -> None:
    settings = with_key(settings)
    make_campaign(engine, "met", threshold=5)
    people = _supporters(engine, settings, "met", mastodon_instances, 2)
    revoked_id = people[-1][2]
    with Session(engine) as session, session.begin():
        revoke(session, "met", revoked_id)

    poster = MastodonPoster()
    report = send_campaign(engine, settings, "met", {"mastodon": poster}, NOW)
    assert report.state == "sent"
    assert report.outcomes == {"posted": 5}

    for inst, user, pid, note in people:
        statuses = inst.statuses(user)
        if pid == revoked_id:
            assert statuses == []  # a revoked pledge never posts
            continue
        assert len(statuses) == 1, user.username
        text = plain(statuses[0]["content"])
        assert text.startswith(note)  # the personalised text landed
        assert "Free the defenders now." in text and "#FreeThem" in text

    with Session(engine) as session:
        rows = session.scalars(select(Pledge).order_by(Pledge.id)).all()
        assert all(r.token_box is None for r in rows)  # tokens destroyed after sending
        posted = [r for r in rows if r.status == "posted"]
        assert len(posted) == 5 and all(r.outcome_url for r in posted)
        assert {r.status for r in rows} == {"posted", "revoked"}

    # a rerun (the job firing again, or the CLI) posts nothing twice
    assert send_due(engine, settings, {"mastodon": poster}, NOW + timedelta(minutes=1)) == []
    again = send_campaign(engine, settings, "met", {"mastodon": poster}, NOW)
    assert again.outcomes == {}
    assert all(len(inst.statuses(user)) <= 1 for inst, user, _, _ in people)


def test_threshold_missed_posts_nothing(
    engine: Engine, settings: Settings, mastodon_instances: list[MastodonInstance]
) -> None:
    settings = with_key(settings)
    make_campaign(engine, "missed", threshold=10)
    people = _supporters(engine, settings, "missed", mastodon_instances, 2)
    report = send_campaign(engine, settings, "missed", {"mastodon": MastodonPoster()}, NOW)
    assert report.state == "missed"
    assert sum(len(inst.statuses(user)) for inst, user, _, _ in people) == 0
    with Session(engine) as session:
        rows = session.scalars(select(Pledge)).all()
        assert {r.status for r in rows} == {"missed"}
        assert all(r.token_box is None for r in rows)
    assert results_state(engine, "missed") == "missed"


def results_state(engine: Engine, slug: str) -> str:
    with Session(engine) as session:
        return str(results(session, slug)["state"])


def test_expired_token_and_interrupted_claim_are_recorded_once(
    engine: Engine, settings: Settings, mastodon_instances: list[MastodonInstance]
) -> None:
    settings = with_key(settings)
    make_campaign(engine, "mixed", threshold=3)
    people = _supporters(engine, settings, "mixed", mastodon_instances[:1], 3)
    inst, expired_user, expired_id, _ = people[0]
    inst.revoke_token(expired_user.token)
    _, crashed_user, crashed_id, _ = people[1]
    # a run that crashed after claiming this pledge (long ago): it must not be posted again
    with Session(engine) as session, session.begin():
        session.execute(
            update(Pledge)
            .where(Pledge.id == crashed_id)
            .values(status="sending", claimed_at=datetime.now(UTC) - timedelta(hours=1))
        )
        session.execute(update(Campaign).values(state="sending"))

    report = send_campaign(engine, settings, "mixed", {"mastodon": MastodonPoster()}, NOW)
    assert report.state == "sent"
    with Session(engine) as session:
        by_id = {r.id: r for r in session.scalars(select(Pledge))}
    assert by_id[expired_id].status == "token_expired"
    assert "token rejected" in (by_id[expired_id].reason or "")
    assert by_id[crashed_id].status == "failed" and by_id[crashed_id].reason == INTERRUPTED
    assert inst.statuses(crashed_user) == []
    assert by_id[people[2][2]].status == "posted"


def test_pledge_rules(engine: Engine, settings: Settings) -> None:
    keyed = with_key(settings)
    make_campaign(engine, "rules", threshold=1, max_note=10)
    data = PledgeInput("mastodon", "http://127.0.0.1:9", "ana", "tok", "en", "short")
    add_pledge(engine, keyed, "rules", data)
    with pytest.raises(Conflict, match="already"):
        add_pledge(engine, keyed, "rules", data)
    with pytest.raises(InvalidInput, match="allows 10"):
        add_pledge(engine, keyed, "rules", PledgeInput("mastodon", "x", "b", "t", "en", "x" * 11))
    with pytest.raises(InvalidInput, match="no message in 'de'"):
        add_pledge(engine, keyed, "rules", PledgeInput("mastodon", "x", "c", "t", "de"))
    with pytest.raises(Conflict, match="deadline"):
        add_pledge(engine, keyed, "rules", PledgeInput("mastodon", "x", "d", "t", "en"), at=NOW)
    with pytest.raises(ConfigError):
        send_due(engine, settings.model_copy(update={"campaign_token_key": None}), {}, NOW)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def test_missed_supporters_with_an_address_are_told(engine: Engine, settings: Settings) -> None:
    inbox = _Inbox()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = with_key(settings).model_copy(
            update={"smtp_host": "127.0.0.1", "smtp_port": port}
        )
        make_campaign(engine, "told", threshold=3)
        for handle, email in (("a", "a@example.org"), ("b", None)):
            data = PledgeInput("mastodon", "http://127.0.0.1:9", handle, "t", "en", email=email)
            add_pledge(engine, settings, "told", data)
        report = send_campaign(engine, settings, "told", {}, NOW)
    finally:
        controller.stop()
    assert report.state == "missed"
    assert [to for to, _ in inbox.messages] == [["a@example.org"]]
    assert b"nothing was posted" in inbox.messages[0][1]


def test_a_short_server_rate_limit_is_waited_out(
    engine: Engine, settings: Settings, mastodon_instances: list[MastodonInstance]
) -> None:
    settings = with_key(settings)
    make_campaign(engine, "paced", threshold=2)
    inst = mastodon_instances[1]
    people = _supporters(engine, settings, "paced", [inst], 2)
    fault = {
        "match": {"methods": ["POST"], "path": "/api/v1/statuses"},
        "effect": {
            "type": "ratelimit",
            "headers": {"X-RateLimit-Reset": str(int(datetime.now(UTC).timestamp()) + 2)},
        },
        "count": 1,
    }
    inst.client.post("/api/v1/_mock/faults", json=fault).raise_for_status()
    report = send_campaign(engine, settings, "paced", {"mastodon": MastodonPoster()}, NOW)
    assert report.outcomes == {"posted": 2}
    with Session(engine) as session:
        attempts = sorted(r.attempts for r in session.scalars(select(Pledge)))
    assert attempts == [1, 2]  # the limited post waited for the server's reset, then landed
    assert all(len(inst.statuses(user)) == 1 for _, user, _, _ in people)
