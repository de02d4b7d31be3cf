"""``civicspace campaigns …`` end to end: create, pledge, revoke, list, send-due, results."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from civicspace.cli import app
from civicspace.store import make_engine
from civicspace.store.campaigns import Campaign
from tests.campaigns.helpers import KEY
from tests.support.mastodon_servers import MastodonInstance

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_campaign_from_the_command_line(
    cli_env: str, monkeypatch: pytest.MonkeyPatch, mastodon_instances: list[MastodonInstance]
) -> None:
    monkeypatch.setenv("CIVICSPACE_CAMPAIGN_TOKEN_KEY", KEY)
    invoke(
        "campaigns", "create", "wd", "--title", "Women defenders",
        "--message", "en=Stand with women defenders.", "--message", "es=Con las defensoras.",
        "--link", "https://example.org/wd", "--hashtag", "WHRD", "--threshold", "2",
        "--deadline", "2099-03-18 23:00", "--send-at", "2099-03-19 08:00",
        "--zone", "America/New_York", "--max-note", "40",
    )  # fmt: skip
    listed = invoke("campaigns", "list", "--zone", "Europe/Paris")
    assert "wd\topen\t0/2\t2099-03-19 13:00 CET" in listed  # 8am New York is 1pm in Paris

    inst = mastodon_instances[1]
    users = [inst.new_user(f"cli_{i}_{secrets.token_hex(3)}") for i in range(3)]
    ids = []
    for user, lang in zip(users, ("en", "es", "en"), strict=True):
        monkeypatch.setenv("CIVICSPACE_PLEDGE_TOKEN", user.token)
        out = invoke(
            "campaigns", "pledge", "wd", "--network", "mastodon", "--instance", inst.url,
            "--handle", user.username, "--language", lang, "--note", f"Yo, {user.username}",
        )  # fmt: skip
        ids.append(out.strip())
    invoke("campaigns", "revoke", "wd", ids[2])
    bad = runner.invoke(app, ["campaigns", "revoke", "wd", "999"])
    assert bad.exit_code != 0 and "no pledge 999" in str(bad.exception)

    engine = make_engine(cli_env)  # the send time comes (moved into the past)
    with engine.begin() as conn:
        past = datetime.now(UTC) - timedelta(minutes=1)
        conn.execute(update(Campaign).values(deadline=past, send_at=past))
    engine.dispose()
    line = json.loads(invoke("campaigns", "send-due").strip())
    assert line["state"] == "sent" and line["outcomes"] == {"posted": 2}
    assert invoke("campaigns", "send-due").strip() == ""  # nothing due any more

    results = json.loads(invoke("campaigns", "results", "wd"))
    assert results["outcomes"] == {"posted": 2, "revoked": 1}
    es = inst.statuses(users[1])
    assert len(es) == 1 and "Con las defensoras." in es[0]["content"]
    assert inst.statuses(users[2]) == []
    reach = json.loads(invoke("campaigns", "reach", "wd"))
    assert reach["read"] == 2 and reach["errors"] == []
    assert reach["totals"] == {"favourites": 0, "reblogs": 0, "replies": 0}
