"""Webhooks: a JSON POST signed with HMAC-SHA256, to public addresses only.

Signature: ``X-Civicspace-Signature: sha256=<hex HMAC-SHA256 of the raw body>`` keyed with
``CIVICSPACE_WEBHOOK_SECRET``; receivers compare it in constant time. Nothing is sent unsigned.
"""

from __future__ import annotations

import hashlib
import hmac
import socket

import httpx

from civicspace.errors import BlockedHost
from civicspace.notify.notice import DeliveryError, Notice
from civicspace.settings import Settings
from civicspace.sources.hosts import HostPolicy, parse_ip

SIGNATURE_HEADER = "X-Civicspace-Signature"
EVENT_HEADER = "X-Civicspace-Event"


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def check_webhook_url(settings: Settings, url: str) -> None:
    """Refuse a webhook that points inside the network (SSRF), as the fetcher does.

    Scheme, port and IP literals are checked, then every address the host resolves to; private,
    loopback and link-local addresses pass only with ``CIVICSPACE_FETCH_ALLOW_PRIVATE``. This is
    the early, readable refusal; the binding check is made again on the address actually
    connected to, by the client of :func:`~civicspace.sources.hosts.guarded_client`.
    """
    policy = HostPolicy(allow_private=settings.fetch_allow_private)
    try:
        parsed = httpx.URL(url)
        policy.check_url(parsed)
        if settings.fetch_allow_private or parse_ip(parsed.host) is not None:
            return
        infos = socket.getaddrinfo(parsed.host, parsed.port or 443, type=socket.SOCK_STREAM)
        HostPolicy.checked(parsed.host, infos)
    except (BlockedHost, OSError, UnicodeError, httpx.InvalidURL) as exc:
        raise DeliveryError(f"webhook {url}: {exc}") from exc


def send_webhook(settings: Settings, url: str, notice: Notice, client: httpx.Client) -> None:
    """POST ``notice`` to ``url`` with ``client`` (from
    :func:`~civicspace.sources.hosts.guarded_client`); :class:`DeliveryError` unless it
    answers 2xx."""
    if settings.webhook_secret is None:
        raise DeliveryError("CIVICSPACE_WEBHOOK_SECRET is not set: webhooks are not sent unsigned")
    check_webhook_url(settings, url)
    body = notice.json_body()
    headers = {
        "Content-Type": "application/json",
        EVENT_HEADER: notice.kind,
        SIGNATURE_HEADER: sign(body, settings.webhook_secret.get_secret_value()),
        "User-Agent": settings.user_agent,
    }
    try:
        response = client.post(url, content=body, headers=headers)
    except (httpx.HTTPError, httpx.InvalidURL, BlockedHost) as exc:
        raise DeliveryError(f"webhook {url}: {exc}") from exc
    if not response.is_success:
        raise DeliveryError(f"webhook {url}: HTTP {response.status_code}")
