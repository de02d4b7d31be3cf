"""A bound on password-hashing work: at most ``limit`` argon2 verifications at once.

Each argon2id verification takes 64 MiB and most of a core for a tenth of a second or more, so
a flood of logins (with made-up usernames: they cost the same on purpose) could take a server
from 200 MB to gigabytes. :class:`HashSlots` lets ``limit`` run, ``queue`` more wait (at most
``wait_s``), and refuses the rest at once with :class:`ServerBusy` (HTTP 503), so memory stays
near ``limit`` × 64 MiB whatever arrives. Per-username throttling stays in the web layer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from civicspace.errors import CivicspaceError

__all__ = ["HashSlots", "ServerBusy"]


class ServerBusy(CivicspaceError):
    """Too many logins in progress: try again in a moment."""

    status_code = 503


class HashSlots:
    """A global limit with a bounded queue for password hashing (thread-safe)."""

    def __init__(self, limit: int, queue: int, wait_s: float) -> None:
        if limit < 1 or queue < 0:
            raise ValueError("limit must be at least 1 and queue at least 0")
        self.limit = limit
        self.queue = queue
        self.wait_s = wait_s
        self._running = threading.BoundedSemaphore(limit)
        self._admitted = 0
        self._lock = threading.Lock()

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one hashing slot; raise :class:`ServerBusy` when the queue is full or the wait
        is too long."""
        with self._lock:
            if self._admitted >= self.limit + self.queue:
                raise ServerBusy("too many logins at once: try again in a few seconds")
            self._admitted += 1
        try:
            if not self._running.acquire(timeout=self.wait_s):
                raise ServerBusy("too many logins at once: try again in a few seconds")
            try:
                yield
            finally:
                self._running.release()
        finally:
            with self._lock:
                self._admitted -= 1
