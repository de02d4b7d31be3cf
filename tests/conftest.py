"""Shared fixtures: every store test runs on SQLite and, where configured, on PostgreSQL.

PostgreSQL: set ``CIVICSPACE_TEST_DATABASE_URL`` (``.ci/run`` sets it to the local server). Each
test gets its own schema there, made by replaying the SQL of one schema migrated once per run
(on SQLite, a copy of one migrated file): no test migrates, and runs never see each other's rows.
Third-party data: tests that read ``../shared/data`` (or ``CIVICSPACE_DATA_DIR``) skip without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url

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


def _schema_url(schema: str) -> str:
    sep = "&" if "?" in str(PG_URL) else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def _run_sql(sql: str) -> None:
    admin = make_engine(str(PG_URL))
    with admin.begin() as conn:  # a test schema need not wait for the disk at commit
        conn.exec_driver_sql("SET LOCAL synchronous_commit = off; " + sql)
    admin.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to the head, once per run; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "civicspace.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    dispose_engines()
    return path


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str]:
    """One PostgreSQL schema migrated to the head, once per run, dumped as SQL (``pg_dump``):
    each test's schema is that script replayed under a new name, not a migration."""
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set CIVICSPACE_TEST_DATABASE_URL")
    name = f"cs_tmpl_{uuid.uuid4().hex[:12]}"
    _run_sql(f'CREATE SCHEMA "{name}"')
    engine = make_engine(_schema_url(name))
    upgrade(engine)
    engine.dispose()
    dispose_engines()
    url = make_url(str(PG_URL))
    dump = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", "-n", name,
         "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
         "-U", url.username or "postgres", url.database or "test"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rows = make_engine(_schema_url(name))
    with rows.connect() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    rows.dispose()
    _run_sql(f'DROP SCHEMA "{name}" CASCADE')
    script = "\n".join(line for line in dump.splitlines() if not line.startswith(("--", "\\")))
    yield script.replace(name, "{schema}") + (
        f"\nINSERT INTO {{schema}}.alembic_version VALUES ('{version}');"
    )


def _pg_schema(script: str | None) -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    if script is None:
        _run_sql(f'CREATE SCHEMA "{schema}"')
    else:
        _run_sql(script.replace("{schema}", schema))
    yield _schema_url(schema)
    dispose_engines()
    _run_sql(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database with no tables at all (for migration tests), on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'civicspace.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set CIVICSPACE_TEST_DATABASE_URL")
    yield from _pg_schema(None)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database migrated to the head: a copy of the SQLite template file, or a new
    PostgreSQL schema made by replaying the template's SQL. Every test sees only its own rows."""
    if request.param == "sqlite":
        path = tmp_path / "civicspace.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    yield from _pg_schema(request.getfixturevalue("_pg_template"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database on each backend."""
    eng = make_engine(database_url)
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
