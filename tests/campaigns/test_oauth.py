"""Instance names a supporter types, and the sealed pledge in progress (no network)."""

from __future__ import annotations

import pytest

from civicspace.campaigns.oauth import (
    ConnectRefused,
    PendingPledge,
    instance_url,
    open_pending,
    seal_pending,
    split_account,
)
from civicspace.errors import InvalidInput
from civicspace.settings import Settings
from tests.campaigns.helpers import with_key

PRODUCTION = Settings(campaign_allow_loopback=False, fetch_allow_private=False)


@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("mastodon.social", "https://mastodon.social"),
        ("https://Mastodon.Social/", "https://mastodon.social"),
        ("écologie.example", "https://xn--cologie-9xa.example"),
    ],
)
def test_a_host_name_becomes_an_https_base(typed: str, base: str) -> None:
    assert instance_url(typed, PRODUCTION) == base


@pytest.mark.parametrize(
    "typed",
    [
        "http://mastodon.social",  # https only
        "mastodon.social:8443",  # no port
        "mastodon.social/@ana",  # no path
        "ana:pw@mastodon.social",  # no user
        "10.1.2.3",  # private address
        "93.184.216.34",  # an address, not a name
        "127.0.0.1:8000",
        "http://localhost:3000",  # loopback only with campaign_allow_loopback
        "printer.local",
        "localhost",
        "",
        "a b.org",
    ],
)
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        instance_url(typed, PRODUCTION)


def test_loopback_only_when_allowed() -> None:
    tests = Settings(campaign_allow_loopback=True)
    assert instance_url("http://127.0.0.1:8123", tests) == "http://127.0.0.1:8123"
    assert instance_url("http://localhost:8123/", tests) == "http://localhost:8123"
    with pytest.raises(InvalidInput):
        instance_url("http://10.0.0.1:8123", tests)


def test_account_or_instance() -> None:
    assert split_account("@ana@mastodon.social") == ("ana", "mastodon.social")
    assert split_account("mastodon.social") == ("", "mastodon.social")
    assert split_account("http://127.0.0.1:9") == ("", "http://127.0.0.1:9")


def test_pending_pledge_is_sealed_and_tamper_proof() -> None:
    settings = with_key(Settings())
    pending = PendingPledge("free", "https://m.example", "ana", "en", "", None, "s" * 43, "v", 1.0)
    cookie = seal_pending(settings, pending)
    assert "ana" not in cookie and "free" not in cookie
    assert open_pending(settings, cookie) == pending
    broken = cookie[:-4] + ("AAAA" if not cookie.endswith("AAAA") else "BBBB")
    with pytest.raises(ConnectRefused):
        open_pending(settings, broken)
    with pytest.raises(ConnectRefused):
        open_pending(settings, "not-base64!")
