"""Posts to social networks on a supporter's behalf: Mastodon (any instance) and Bluesky.

A poster publishes one text from one account and returns the post's public URL; it raises
:class:`~civicspace.notify.DeliveryError` with a one-line reason and nothing else. Subclasses say
what the caller should do: :class:`TokenRejected` (the token is expired or revoked: never retry),
:class:`RetryableDelivery` (network, 5xx, rate limit: retry after ``retry_after`` seconds).

Rate limits are kept per account by :class:`AccountLimiter`, a sliding window in this process:
Mastodon allows 300 posts per 3 hours per account, Bluesky 5,000 write points an hour with 3
points per post. The server's own 429 is honoured too (``RetryableDelivery.retry_after``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from civicspace.notify.notice import DeliveryError

MASTODON_WINDOW_S = 3 * 3600.0
MASTODON_POSTS_PER_WINDOW = 300
BLUESKY_WINDOW_S = 3600.0
BLUESKY_POINTS_PER_WINDOW = 5000
BLUESKY_POINTS_PER_POST = 3


class TokenRejected(DeliveryError):
    """The network refused the account's credentials (expired, revoked, wrong scope)."""


class RetryableDelivery(DeliveryError):
    """A failure that may pass on a later attempt (network, server error, rate limit)."""

    def __init__(self, reason: str, retry_after: float = 0.0) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Account:
    """Who posts: the network's base URL (instance or PDS), the handle and the secret."""

    instance: str
    handle: str
    token: str


class Poster(Protocol):
    """One network's way of publishing a text from an account."""

    network: str

    def post(self, account: Account, text: str, idempotency_key: str) -> str:
        """Publish ``text``; the URL of the post, or :class:`DeliveryError`."""
        ...


@dataclass
class AccountLimiter:
    """A sliding window of cost per account key: ``limit`` points per ``window_s`` seconds."""

    limit: int
    window_s: float
    _spent: dict[str, deque[tuple[float, int]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: str, cost: int = 1, now: float | None = None) -> None:
        """Spend ``cost`` for ``key``, or :class:`RetryableDelivery` with the wait needed."""
        now = time.monotonic() if now is None else now
        with self._lock:
            spent = self._spent.setdefault(key, deque())
            while spent and spent[0][0] <= now - self.window_s:
                spent.popleft()
            used = sum(c for _, c in spent)
            if used + cost > self.limit:
                wait = spent[0][0] + self.window_s - now
                raise RetryableDelivery(
                    f"rate limit of {key}: {used}/{self.limit} points in the window", wait
                )
            spent.append((now, cost))


def _base(url: str) -> str:
    url = url.strip().rstrip("/")
    return url if "://" in url else f"https://{url}"


class MastodonPoster:
    """Posts through the Mastodon API (Mastodon.py) with an access token (scope write:statuses).

    One pooled HTTP session per instance; ``Idempotency-Key`` makes a retried post land once.
    """

    network = "mastodon"

    def __init__(self, timeout: float = 20.0, pool: int = 16) -> None:
        self.timeout = timeout
        self.pool = pool
        self.limiter = AccountLimiter(MASTODON_POSTS_PER_WINDOW, MASTODON_WINDOW_S)
        self._sessions: dict[str, requests.Session] = {}
        self._lock = threading.Lock()

    def _session(self, base: str) -> requests.Session:
        with self._lock:
            session = self._sessions.get(base)
            if session is None:
                session = requests.Session()
                adapter = HTTPAdapter(pool_connections=1, pool_maxsize=self.pool)
                session.mount("http://", adapter)
                session.mount("https://", adapter)
                self._sessions[base] = session
            return session

    def post(self, account: Account, text: str, idempotency_key: str) -> str:
        from mastodon import Mastodon
        from mastodon.errors import (
            MastodonAPIError,
            MastodonError,
            MastodonNetworkError,
            MastodonRatelimitError,
            MastodonServerError,
            MastodonUnauthorizedError,
        )

        base = _base(account.instance)
        who = f"{account.handle}@{base}"
        self.limiter.take(f"mastodon:{who}")
        client = Mastodon(
            access_token=account.token,
            api_base_url=base,
            request_timeout=self.timeout,
            ratelimit_method="throw",
            version_check_mode="none",
            session=self._session(base),
        )
        try:
            status = client.status_post(text, visibility="public", idempotency_key=idempotency_key)
        except MastodonUnauthorizedError as exc:
            raise TokenRejected(f"mastodon {who}: token rejected ({_first_line(exc)})") from exc
        except MastodonRatelimitError as exc:
            raise RetryableDelivery(f"mastodon {who}: rate limited by the server", 60.0) from exc
        except (MastodonNetworkError, MastodonServerError) as exc:
            raise RetryableDelivery(f"mastodon {who}: {_first_line(exc)}") from exc
        except MastodonAPIError as exc:
            if "403" in str(exc.args[:2]):
                raise TokenRejected(f"mastodon {who}: forbidden ({_first_line(exc)})") from exc
            raise DeliveryError(f"mastodon {who}: {_first_line(exc)}") from exc
        except MastodonError as exc:
            raise DeliveryError(f"mastodon {who}: {_first_line(exc)}") from exc
        url = status.get("url") or status.get("uri")
        if not url:
            raise DeliveryError(f"mastodon {who}: the server answered without a post URL")
        return str(url)


class BlueskyPoster:
    """Posts to Bluesky (or any AT Protocol PDS) with an app password (``atproto``).

    Untested against a server here: the reference PDS (npm ``@atproto/dev-env``) is not started
    by the test suite yet (docs/campaigns.md).
    """

    network = "bluesky"

    def __init__(self) -> None:
        self.limiter = AccountLimiter(BLUESKY_POINTS_PER_WINDOW, BLUESKY_WINDOW_S)

    def post(self, account: Account, text: str, idempotency_key: str) -> str:
        from atproto import Client
        from atproto_client.exceptions import (
            NetworkError,
            RequestException,
            UnauthorizedError,
        )

        base = _base(account.instance)
        who = f"{account.handle}@{base}"
        self.limiter.take(f"bluesky:{who}", BLUESKY_POINTS_PER_POST)
        client = Client(base_url=base)
        try:
            client.login(account.handle, account.token, fetch_bsky_profile=False)
            created = client.send_post(text)
        except UnauthorizedError as exc:
            raise TokenRejected(f"bluesky {who}: app password rejected") from exc
        except NetworkError as exc:
            raise RetryableDelivery(f"bluesky {who}: {_first_line(exc)}") from exc
        except RequestException as exc:
            status = getattr(getattr(exc, "response", None), "status_code", 0) or 0
            if status == 429 or status >= 500:
                raise RetryableDelivery(f"bluesky {who}: HTTP {status}", 60.0) from exc
            raise DeliveryError(f"bluesky {who}: {_first_line(exc)}") from exc
        rkey = created.uri.rsplit("/", 1)[-1]
        return f"https://bsky.app/profile/{account.handle}/post/{rkey}"


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(a) for a in exc.args) or type(exc).__name__
    return text.splitlines()[0][:300]


def default_posters() -> dict[str, Poster]:
    """A poster per network, keyed by the network's name."""
    return {"mastodon": MastodonPoster(), "bluesky": BlueskyPoster()}


def mastodon_reach(status_url: str, timeout: float = 10.0) -> dict[str, int]:
    """What a Mastodon instance reports about a public post: favourites, boosts, replies.

    Read anonymously from ``GET /api/v1/statuses/<id>`` on the post's own instance (the post
    is public, no token is needed: the supporter's token was destroyed after sending).
    :class:`DeliveryError` with a one-line reason when the instance does not answer.
    """
    parts = urlsplit(status_url)
    status_id = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if parts.scheme not in ("http", "https") or not parts.netloc or not status_id.isdigit():
        raise DeliveryError(f"mastodon: {status_url!r} is not a status URL")
    api = f"{parts.scheme}://{parts.netloc}/api/v1/statuses/{status_id}"
    try:
        resp = requests.get(api, timeout=timeout, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise DeliveryError(f"mastodon {parts.netloc}: {_first_line(exc)}") from exc
    if resp.status_code != 200:
        raise DeliveryError(f"mastodon {parts.netloc}: HTTP {resp.status_code} for the post")
    try:
        doc = resp.json()
        return {
            "favourites": int(doc["favourites_count"]),
            "reblogs": int(doc["reblogs_count"]),
            "replies": int(doc["replies_count"]),
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise DeliveryError(f"mastodon {parts.netloc}: no counts in the answer") from exc
