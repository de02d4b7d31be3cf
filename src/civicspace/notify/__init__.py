"""Outgoing delivery, in one place: e-mail over SMTP, HMAC-signed webhooks, and posts to social
networks (``social.py``: Mastodon, Bluesky). Callers (ratings alerts, campaigns) build a
:class:`Notice` (or a post) and hand it to a transport; a transport raises
:class:`DeliveryError` with a one-line reason, never anything else, so one bad recipient never
stops the others."""

from civicspace.notify.email import send_email
from civicspace.notify.notice import DeliveryError, Notice
from civicspace.notify.webhook import (
    EVENT_HEADER,
    SIGNATURE_HEADER,
    check_webhook_url,
    send_webhook,
    sign,
)

__all__ = [
    "EVENT_HEADER",
    "SIGNATURE_HEADER",
    "DeliveryError",
    "Notice",
    "check_webhook_url",
    "send_email",
    "send_webhook",
    "sign",
]
