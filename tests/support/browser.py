"""Debian's Chromium through Playwright for every browser test: a skip with the reason when
either is missing (never a downloaded browser), a Chromium per test (``chromium``) or per module
(``browser``), screenshots in ``$CIVICSPACE_ARTIFACTS`` (default ``artifacts/``)."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("CIVICSPACE_ARTIFACTS") or ROOT / "artifacts")


def require_chromium() -> Any:
    """The playwright sync API, or a module-level skip."""
    api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Debian's Chromium is missing ({CHROMIUM})", allow_module_level=True)
    return api


@contextmanager
def launch() -> Iterator[Any]:
    """A headless Debian Chromium, closed afterwards."""
    api = require_chromium()
    with api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def chromium() -> Iterator[Any]:
    """A Chromium for one test."""
    with launch() as browser:
        yield browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for a test module (each test opens its own context)."""
    with launch() as chromium:
        yield chromium


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def artifact(name: str) -> Path:
    """Where a screenshot or download named ``name`` goes (the folder is made)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def shot(pg: Any, name: str) -> None:
    """A full-page screenshot ``name``.png of ``pg``."""
    pg.screenshot(path=str(artifact(f"{name}.png")), full_page=True)


def watch(page: Any, problems: list[str]) -> None:
    """Collect script errors, CSP violations and error responses of ``page``."""
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
