"""The posters' own rules: per-account rate limits and one-line errors."""

from __future__ import annotations

import secrets
import time

import pytest

from civicspace.notify import DeliveryError
from civicspace.notify.social import (
    BLUESKY_POINTS_PER_POST,
    BLUESKY_POINTS_PER_WINDOW,
    Account,
    AccountLimiter,
    MastodonPoster,
    RetryableDelivery,
)
from tests.support.mastodon_servers import MastodonInstance


def test_mastodon_limit_is_300_posts_per_three_hours_per_account() -> None:
    limiter = MastodonPoster().limiter
    for i in range(300):
        limiter.take("a", now=float(i))
    with pytest.raises(RetryableDelivery) as caught:
        limiter.take("a", now=300.0)
    assert caught.value.retry_after == pytest.approx(3 * 3600 - 300)
    limiter.take("b", now=300.0)  # another account is not held back
    limiter.take("a", now=3 * 3600.0 + 1)  # the window moved on


def test_bluesky_limit_counts_write_points() -> None:
    limiter = AccountLimiter(BLUESKY_POINTS_PER_WINDOW, 3600.0)
    posts = BLUESKY_POINTS_PER_WINDOW // BLUESKY_POINTS_PER_POST
    for i in range(posts):
        limiter.take("b", BLUESKY_POINTS_PER_POST, now=float(i))
    with pytest.raises(RetryableDelivery):
        limiter.take("b", BLUESKY_POINTS_PER_POST, now=float(posts))


def test_mastodon_errors_are_one_line(mastodon_instances: list[MastodonInstance]) -> None:
    poster = MastodonPoster(timeout=2)
    inst = mastodon_instances[0]
    with pytest.raises(DeliveryError) as caught:
        poster.post(Account(inst.url, "nobody", "not-a-token"), "hello", "k-1")
    assert "token rejected" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(RetryableDelivery):  # nothing listens there
        poster.post(Account("http://127.0.0.1:9", "x", "t"), "hello", "k-2")


def _rate_limit_next_post(inst: MastodonInstance, reset_in: int) -> None:
    r = inst.client.post(
        "/api/v1/_mock/faults",
        json={
            "match": {"methods": ["POST"], "path": "/api/v1/statuses"},
            "effect": {
                "type": "ratelimit",
                "headers": {"X-RateLimit-Reset": str(int(time.time()) + reset_in)},
            },
            "count": 1,
        },
    )
    r.raise_for_status()


def test_a_server_429_is_waited_out_when_short_and_recorded_when_long(
    mastodon_instances: list[MastodonInstance],
) -> None:
    inst = mastodon_instances[0]
    poster = MastodonPoster(timeout=5)
    user = inst.new_user(f"rl{secrets.token_hex(3)}")
    _rate_limit_next_post(inst, 3)
    with pytest.raises(RetryableDelivery) as caught:
        poster.post(Account(inst.url, user.username, user.token), "first try", "k-rl-1")
    assert 1.0 <= caught.value.retry_after <= 4.0  # the server's reset, not a fixed guess
    _rate_limit_next_post(inst, 600)
    with pytest.raises(RetryableDelivery) as caught:
        poster.post(Account(inst.url, user.username, user.token), "second try", "k-rl-2")
    assert caught.value.retry_after > 500  # longer than the sender waits: recorded as failed
    poster.post(Account(inst.url, user.username, user.token), "third try", "k-rl-3")
    assert [s["content"] for s in inst.statuses(user)] == ["<p>third try</p>"]
