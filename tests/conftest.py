"""Shared fixtures: every store test runs on SQLite and, where configured, on PostgreSQL.

PostgreSQL: set ``CIVICSPACE_TEST_DATABASE_URL`` (``.ci/run`` sets it to the local server). Each
test gets its own schema on that server, so runs in parallel never see each other's rows.
Third-party data: tests that read ``../shared/data`` (or ``CIVICSPACE_DATA_DIR``) skip without it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from civicspace.settings import Settings, get_settings
from civicspace.store import dispose_engines, make_engine, upgrade
from tests.support.fixtures import *  # noqa: F403
from tests.support.loopback import loopback_settings

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("CIVICSPACE_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"]


def shared_data_dir() -> Path:
    return Path(os.environ.get("CIVICSPACE_DATA_DIR") or ROOT.parent / "shared" / "data")


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``, or a skip with the reason."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"third-party data not found at {path} (set CIVICSPACE_DATA_DIR)")
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a new schema on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'civicspace.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set CIVICSPACE_TEST_DATABASE_URL")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    dispose_engines()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database on each backend."""
    eng = make_engine(database_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for the test database that may fetch from loopback only."""
    return loopback_settings(database_url=database_url, import_workers=1)


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """Environment for CLI tests: the test database, loopback fetching, a clean settings cache."""
    monkeypatch.setenv("CIVICSPACE_DATABASE_URL", database_url)
    monkeypatch.setenv("CIVICSPACE_FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("CIVICSPACE_FETCH_ALLOWED_HOSTS", '["127.0.0.1"]')
    monkeypatch.setenv("CIVICSPACE_FETCH_DELAY", "0")
    monkeypatch.setenv("CIVICSPACE_FETCH_BACKOFF", "0.01")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()
    dispose_engines()
