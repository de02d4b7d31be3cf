"""Share intents: one-click pre-filled posts for supporters who do not connect an account.

Each network's own "share" address with the post in its query string, URL-encoded. Nothing here
makes a request: the links are e-mailed at send time (``send.py``) and opened by the supporter.
Facebook and LinkedIn take only a link (they fill the text from the page), so theirs carry the
campaign link.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from civicspace.errors import InvalidInput

SHARE_NETWORKS = ("mastodon", "bluesky", "x", "facebook", "linkedin", "whatsapp", "telegram")
NAMES = {
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "x": "X (Twitter)",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
}


@dataclass(frozen=True)
class Intent:
    network: str
    name: str
    url: str


def _q(text: str) -> str:
    return quote(text, safe="")


def check_networks(networks: list[str], mastodon_instance: str = "") -> list[str]:
    """The chosen networks in a stable order; :class:`InvalidInput` when none or unknown."""
    unknown = [n for n in networks if n not in SHARE_NETWORKS]
    if unknown:
        raise InvalidInput(f"unknown network {unknown[0]!r}: one of {', '.join(SHARE_NETWORKS)}")
    if not networks:
        raise InvalidInput("choose at least one network to receive a ready-made post for")
    if "mastodon" in networks and not instance_host(mastodon_instance):
        raise InvalidInput("Mastodon needs your server's address (like mastodon.social)")
    return [n for n in SHARE_NETWORKS if n in networks]


def instance_host(instance: str) -> str:
    """``https://Mastodon.Social/`` → ``mastodon.social``; empty when it is not a host name."""
    host = instance.strip().lower()
    for prefix in ("https://", "http://"):
        host = host.removeprefix(prefix)
    host = host.split("/", 1)[0].lstrip("@")
    if "@" in host:  # a handle like @me@example.social
        host = host.rsplit("@", 1)[1]
    allowed = set("abcdefghijklmnopqrstuvwxyz0123456789.-:")
    if not host or "." not in host or not set(host) <= allowed or len(host) > 253:
        return ""
    return host


def intents(
    networks: list[str], text: str, link: str | None, mastodon_instance: str = ""
) -> list[Intent]:
    """One share link per chosen network for the post ``text`` (which holds the link)."""
    page = link or ""
    out = []
    for network in networks:
        if network == "mastodon":
            host = instance_host(mastodon_instance)
            if not host:
                continue
            url = f"https://{host}/share?text={_q(text)}"
        elif network == "bluesky":
            url = f"https://bsky.app/intent/compose?text={_q(text)}"
        elif network == "x":
            url = f"https://x.com/intent/tweet?text={_q(text)}"
        elif network == "facebook":
            if not page:
                continue
            url = f"https://www.facebook.com/sharer/sharer.php?u={_q(page)}"
        elif network == "linkedin":
            if not page:
                continue
            url = f"https://www.linkedin.com/sharing/share-offsite/?url={_q(page)}"
        elif network == "whatsapp":
            url = f"https://wa.me/?text={_q(text)}"
        elif network == "telegram":
            url = f"https://t.me/share/url?url={_q(page)}&text={_q(text)}"
        else:
            continue
        out.append(Intent(network, NAMES[network], url))
    return out
