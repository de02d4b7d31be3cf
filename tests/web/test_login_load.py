"""Login under load: the argon2 work is bounded (a global limit and a bounded queue), excess
logins are answered at once, and an unknown username costs what a known one costs."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.accounts import users as accounts
from civicspace.accounts.hashing import HashSlots, ServerBusy
from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.support.desk_client import BASE, csrf_of
from tests.support.review import PASSWORD, make_users


class CountingHasher(PasswordHasher):
    """A cheap argon2id hasher that records how many verifications run at once."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=64, parallelism=1)
        self.active = 0
        self.peak = 0
        self.calls = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.active += 1
            self.calls += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(0.05)  # stands in for 64 MiB of argon2 work
            return super().verify(hash, password)
        finally:
            with self._lock:
                self.active -= 1


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(accounts, "HASHER", counting)
    return counting


def test_slots_bound_concurrency_and_refuse_beyond_the_queue() -> None:
    slots = HashSlots(limit=2, queue=3, wait_s=5.0)
    active = peak = 0
    lock = threading.Lock()
    refused = 0

    def work() -> None:
        nonlocal active, peak, refused
        try:
            with slots.slot():
                with lock:
                    active += 1
                    peak = max(peak, active)
                time.sleep(0.05)
                with lock:
                    active -= 1
        except ServerBusy:
            with lock:
                refused += 1

    with ThreadPoolExecutor(20) as pool:
        list(pool.map(lambda _: work(), range(20)))
    assert peak <= 2
    assert refused > 0  # beyond limit + queue, answered at once


def test_parallel_logins_keep_hashing_within_the_limit(
    engine: Engine, settings: Settings, hasher: CountingHasher
) -> None:
    make_users(engine)
    limited = settings.model_copy(update={"desk_login_concurrency": 2, "desk_login_queue": 4})
    app: FastAPI = create_app(limited, engine)
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    token = csrf_of(client.get("/desk/login").text)
    cookies = dict(client.cookies)

    def attempt(i: int) -> tuple[int, float]:
        own = TestClient(app, base_url=BASE, follow_redirects=False, cookies=cookies)
        start = time.monotonic()
        response = own.post(
            "/desk/login",
            data={"username": f"made-up-{i}", "password": "x" * 20, "csrf_token": token},
        )
        return response.status_code, time.monotonic() - start

    with ThreadPoolExecutor(40) as pool:
        results = list(pool.map(attempt, range(40)))
    assert hasher.peak <= 2, f"{hasher.peak} hashes at once"
    codes = {code for code, _ in results}
    assert codes <= {401, 503}, codes
    assert 503 in codes  # the flood beyond the queue is refused, not queued without bound
    refused = sorted(took for code, took in results if code == 503)
    assert refused[0] < 2.0, refused  # the overflow is answered at once, not after hashing


def test_unknown_usernames_cost_what_known_ones_cost(engine: Engine) -> None:
    """Real argon2id parameters: an unknown username does the same hashing work."""
    with Session(engine) as s:
        accounts.create_user(s, "known", PASSWORD, "viewer")
        s.commit()
        slots = HashSlots(limit=1, queue=4, wait_s=30.0)

        def timed(name: str) -> float:
            start = time.perf_counter()
            assert accounts.authenticate(s, name, "wrong password!!", slots) is None
            return time.perf_counter() - start

        timed("known")  # warm the dummy hash
        timed("nobody")
        known = statistics.median(timed("known") for _ in range(3))
        unknown = statistics.median(timed("nobody") for _ in range(3))
    assert 0.5 < unknown / known < 2.0, (known, unknown)
