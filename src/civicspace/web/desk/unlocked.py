"""The organisation's private keys a reviewer unlocked, in this process's memory only.

A reviewer unlocks with a passphrase (argon2id in :func:`civicspace.protect.rekey.unlock_all`);
the private keys are kept here, keyed by the SHA-256 of the login session's token (what the
sessions table keys on too), until the first of: the reviewer locks again, logs out, the login
session ends or idles out, or ``UNLOCK_MINUTES`` pass. They are never written to the database,
a file, a log or a cookie. A server restart forgets them all (reviewers unlock again), and a
desk served by several processes needs sticky sessions for these pages.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from fastapi import Request
from nacl.public import PrivateKey

from civicspace.web.auth import cookie_name, current_user, token_hash

UNLOCK_MINUTES = 60.0


@dataclass
class _Held:
    keys: dict[str, PrivateKey]
    user_id: int
    until: float


class KeyCache:
    """Private keys per login session, with a deadline; thread-safe."""

    def __init__(self) -> None:
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()

    def put(self, session: str, user_id: int, keys: dict[str, PrivateKey], ttl_s: float) -> None:
        with self._lock:
            self._sweep()
            self._held[session] = _Held(dict(keys), user_id, time.monotonic() + ttl_s)

    def get(self, session: str, user_id: int) -> dict[str, PrivateKey] | None:
        with self._lock:
            self._sweep()
            held = self._held.get(session)
            if held is None or held.user_id != user_id:
                return None
            return held.keys

    def drop(self, session: str) -> None:
        with self._lock:
            held = self._held.pop(session, None)
            if held is not None:
                held.keys.clear()

    def __len__(self) -> int:
        with self._lock:
            self._sweep()
            return len(self._held)

    def _sweep(self) -> None:
        now = time.monotonic()
        for session in [s for s, h in self._held.items() if h.until <= now]:
            self._held.pop(session).keys.clear()


def cache(request: Request) -> KeyCache:
    state = request.app.state
    if not hasattr(state, "protect_keys"):
        state.protect_keys = KeyCache()
    found: KeyCache = state.protect_keys
    return found


def _session(request: Request) -> str | None:
    token = request.cookies.get(cookie_name(request))
    return token_hash(token) if token and len(token) < 200 else None


def remember(request: Request, keys: dict[str, PrivateKey]) -> None:
    """Hold ``keys`` for the request's login session (a logged-in request)."""
    user = current_user(request)
    session = _session(request)
    if user is None or session is None:
        return
    cache(request).put(session, user.id, keys, UNLOCK_MINUTES * 60)


def keys_for(request: Request) -> dict[str, PrivateKey] | None:
    """The keys unlocked in this login session, or None; a session that ended has none."""
    user = current_user(request)  # None once the session expired, idled out or was ended
    session = _session(request)
    if user is None or session is None:
        if session is not None:
            cache(request).drop(session)
        return None
    return cache(request).get(session, user.id)


def forget(request: Request) -> None:
    """Drop the keys of the request's login session (lock, log out)."""
    session = _session(request)
    if session is not None:
        cache(request).drop(session)
