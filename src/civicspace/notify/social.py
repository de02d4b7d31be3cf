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

import contextlib
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
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
            reset = getattr(client, "ratelimit_reset", None)  # X-RateLimit-Reset, clock-adjusted
            wait = max(1.0, float(reset) - time.time()) if reset else 60.0
            raise RetryableDelivery(
                f"mastodon {who}: rate limited by the server for {wait:.0f} s", wait
            ) from exc
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


BLUESKY_SESSION_PREFIX = "atproto-session:"
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_TOKEN_ERRORS = frozenset(
    {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown"}
)
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
_TAG = re.compile(r"(?:^|\s)(#[^\s#.,;:!?()\[\]]+)")


def bluesky_session_token(did: str, refresh_jwt: str) -> str:
    """The secret sealed for a Bluesky pledge: the session's refresh JWT, never the password."""
    return BLUESKY_SESSION_PREFIX + json.dumps({"did": did, "refreshJwt": refresh_jwt})


def tid(micros: int, clock: int = 0) -> str:
    """An AT Protocol record key (TID): 53 bits of microseconds, 10 of clock id, base32-sortable."""
    value = ((micros & ((1 << 53) - 1)) << 10) | (clock & 0x3FF)
    return "".join(_TID_ALPHABET[(value >> (5 * i)) & 31] for i in range(12, -1, -1))


def facets(text: str) -> list[dict[str, Any]]:
    """Link and hashtag facets (UTF-8 byte ranges), so links and tags are live on Bluesky."""
    out: list[dict[str, Any]] = []

    def span(start: int, end: int) -> dict[str, int]:
        return {
            "byteStart": len(text[:start].encode("utf-8")),
            "byteEnd": len(text[:end].encode("utf-8")),
        }

    for m in _URL.finditer(text):
        out.append(
            {
                "index": span(m.start(), m.end()),
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": m.group(0)}],
            }
        )
    for m in _TAG.finditer(text):
        tag = m.group(1)
        out.append(
            {
                "index": span(m.start(1), m.end(1)),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag[1:]}],
            }
        )
    return out


class BlueskyPoster:
    """Posts to Bluesky (or any AT Protocol PDS) through plain XRPC over httpx.

    The sealed secret is either a session (:func:`bluesky_session_token`: the refresh JWT from
    ``createSession``, what the connect form stores) or an app password (the command line's
    ``pledge``). A session is refreshed once (``refreshSession``) and its access JWT used for one
    ``createRecord``. The record key is chosen before the first attempt and kept across retries;
    a retry first asks the PDS for that record (``getRecord``), so a post whose first attempt
    landed (its answer lost) is not doubled.
    A revoked app password revokes its sessions: the refresh is refused, ``token_expired``. After
    the post the session is ended at the PDS (``deleteSession``), so it cannot be used again.
    """

    network = "bluesky"

    def __init__(self, timeout: float = 20.0, pool: int = 16) -> None:
        self.timeout = timeout
        self.pool = pool
        self.limiter = AccountLimiter(BLUESKY_POINTS_PER_WINDOW, BLUESKY_WINDOW_S)
        self._clients: dict[str, httpx.Client] = {}
        self._rkeys: dict[str, str] = {}
        self._clock = 0
        self._lock = threading.Lock()

    def _client(self, base: str) -> httpx.Client:
        with self._lock:
            client = self._clients.get(base)
            if client is None:
                client = httpx.Client(
                    base_url=base,
                    timeout=self.timeout,
                    trust_env=False,
                    follow_redirects=False,
                    limits=httpx.Limits(max_connections=self.pool),
                )
                self._clients[base] = client
            return client

    def _rkey(self, idempotency_key: str) -> tuple[str, bool]:
        """The record key for this post, and whether an earlier attempt used it already."""
        with self._lock:
            key = self._rkeys.get(idempotency_key)
            if key is not None:
                return key, True
            self._clock = (self._clock + 1) % 1024
            key = tid(time.time_ns() // 1000, self._clock)
            self._rkeys[idempotency_key] = key
            return key, False

    def _landed(self, client: httpx.Client, did: str, rkey: str) -> bool:
        try:
            r = client.get(
                "/xrpc/com.atproto.repo.getRecord",
                params={"repo": did, "collection": "app.bsky.feed.post", "rkey": rkey},
            )
        except httpx.HTTPError:
            return False
        return r.status_code == 200

    def _xrpc(
        self,
        client: httpx.Client,
        who: str,
        method: str,
        body: dict[str, Any] | None,
        bearer: str = "",
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        try:
            r = client.post(f"/xrpc/{method}", json=body, headers=headers)  # None: no body
        except httpx.HTTPError as exc:
            raise RetryableDelivery(f"bluesky {who}: {_first_line(exc)}") from exc
        if r.status_code == 200:
            data: dict[str, Any] = r.json()
            return data
        try:
            error = r.json()
        except ValueError:
            error = {}
        name = str(error.get("error") or f"HTTP {r.status_code}")
        message = str(error.get("message") or "")[:200]
        if r.status_code == 401 or name in _TOKEN_ERRORS:
            raise TokenRejected(f"bluesky {who}: {method}: {name} {message}".strip())
        if r.status_code == 429 or r.status_code >= 500:
            reset = r.headers.get("ratelimit-reset")
            wait = max(float(reset) - time.time(), 1.0) if reset and reset.isdigit() else 60.0
            raise RetryableDelivery(f"bluesky {who}: {method}: {name}", wait)
        raise DeliveryError(f"bluesky {who}: {method}: {name} {message}".strip())

    def _session(self, client: httpx.Client, account: Account, who: str) -> tuple[str, str, str]:
        """The access JWT, DID and refresh JWT for ``account``: its session refreshed, or a new
        login."""
        if account.token.startswith(BLUESKY_SESSION_PREFIX):
            stored = json.loads(account.token[len(BLUESKY_SESSION_PREFIX) :])
            fresh = self._xrpc(
                client, who, "com.atproto.server.refreshSession", None, stored["refreshJwt"]
            )
        else:
            fresh = self._xrpc(
                client,
                who,
                "com.atproto.server.createSession",
                {"identifier": account.handle, "password": account.token},
            )
        return str(fresh["accessJwt"]), str(fresh["did"]), str(fresh.get("refreshJwt") or "")

    def post(self, account: Account, text: str, idempotency_key: str) -> str:
        base = _base(account.instance)
        who = f"{account.handle}@{base}"
        self.limiter.take(f"bluesky:{who}", BLUESKY_POINTS_PER_POST)
        client = self._client(base)
        rkey, retried = self._rkey(idempotency_key)
        access, did, refresh = self._session(client, account, who)
        url = f"https://bsky.app/profile/{account.handle}/post/{rkey}"
        if retried and self._landed(client, did, rkey):
            return url  # the earlier attempt landed though its answer was lost
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": datetime.now(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
        }
        found = facets(text)
        if found:
            record["facets"] = found
        body = {"repo": did, "collection": "app.bsky.feed.post", "rkey": rkey, "record": record}
        self._xrpc(client, who, "com.atproto.repo.createRecord", body, access)
        self._end_session(client, refresh, _stored_refresh(account.token))
        return url

    def _end_session(self, client: httpx.Client, *refresh: str) -> None:
        """Used once: the session ends at the PDS (``deleteSession``, with the refresh JWT it
        rotated to and the one it was given, which a PDS honours for a grace period after the
        rotation); best effort."""
        for jwt in refresh:
            if jwt:
                with contextlib.suppress(httpx.HTTPError):
                    client.post(
                        "/xrpc/com.atproto.server.deleteSession",
                        headers={"Authorization": f"Bearer {jwt}"},
                    )


def _stored_refresh(token: str) -> str:
    if not token.startswith(BLUESKY_SESSION_PREFIX):
        return ""
    return str(json.loads(token[len(BLUESKY_SESSION_PREFIX) :]).get("refreshJwt") or "")


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
