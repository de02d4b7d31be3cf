"""Form tokens against cross-site posts, and rate limits that keep no address.

**Form tokens.** The form pages set a random ``cs_form`` cookie (HttpOnly, SameSite=Strict, path
``/submit``, for the browser session) and put ``<time>.<HMAC(key, cookie.time)>`` in a hidden
field; a post is accepted only with both, matching, and younger than ``TOKEN_HOURS``. Nothing is
tied to the sender's address and nothing is kept on the server: the key lives in memory and is
new at each start (a form left open across a restart is shown again, text kept, to send again).

**Rate limits.** Counts per hour in memory, keyed by ``HMAC(hour key, address)`` truncated to
16 bytes; the hour key is random, held in memory only, and replaced (with every count) when the
hour changes. So no address, and nothing from which one could be recovered once the hour has
passed, is ever written or kept. Behind a proxy or a Tor onion service every visitor shares the
proxy's address, and the limit applies to all of them together (docs/protect.md).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable

COOKIE = "cs_form"
FIELD = "form_token"
TOKEN_HOURS = 6


class FormTokens:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._key = secrets.token_bytes(32)
        self._clock = clock

    @staticmethod
    def new_cookie() -> str:
        return secrets.token_urlsafe(24)

    def _mac(self, cookie: str, issued: int) -> str:
        message = f"{cookie}.{issued}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:40]

    def token(self, cookie: str) -> str:
        issued = int(self._clock())
        return f"{issued}.{self._mac(cookie, issued)}"

    def check(self, cookie: str | None, token: str | None) -> bool:
        if not cookie or not token or "." not in token:
            return False
        issued_text, _, mac = token.partition(".")
        try:
            issued = int(issued_text)
        except ValueError:
            return False
        age = self._clock() - issued
        if age < -60 or age > TOKEN_HOURS * 3600:
            return False
        return hmac.compare_digest(mac, self._mac(cookie, issued))


class RateLimiter:
    """At most ``per_hour`` hits per address per clock hour; addresses are never stored."""

    def __init__(self, per_hour: int, clock: Callable[[], float] = time.time) -> None:
        self.per_hour = per_hour
        self._clock = clock
        self._lock = threading.Lock()
        self._hour = -1
        self._key = b""
        self._counts: dict[bytes, int] = {}

    def allow(self, address: str | None) -> bool:
        """Count one hit for ``address``; False once it has had ``per_hour`` this hour."""
        with self._lock:
            hour = int(self._clock() // 3600)
            if hour != self._hour:  # a new hour: a new key, and every count forgotten
                self._hour = hour
                self._key = secrets.token_bytes(32)
                self._counts = {}
            slot = hmac.new(self._key, (address or "").encode(), hashlib.sha256).digest()[:16]
            used = self._counts.get(slot, 0)
            if used >= self.per_hour:
                return False
            self._counts[slot] = used + 1
            return True

    def slots(self) -> list[bytes]:
        """The keys held now (for tests: none of them is an address)."""
        with self._lock:
            return list(self._counts)
