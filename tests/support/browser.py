"""Debian's Chromium through Playwright for the listen area's browser tests (the pattern of
tests/web/test_desk_browser.py): a skip with the reason when either is missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def require_chromium() -> Any:
    """The playwright sync API, or a module-level skip."""
    api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Debian's Chromium is missing ({CHROMIUM})", allow_module_level=True)
    return api


@pytest.fixture
def chromium() -> Iterator[Any]:
    api = require_chromium()
    with api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


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
