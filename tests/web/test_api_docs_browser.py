"""/api/docs renders the API reference in a real browser from the site's own assets: the
operations are listed, nothing is requested outside the site, and the CSP blocks nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import browser, shot
from tests.web.test_public_browser import page, site

__all__ = ["browser", "page", "site"]


@pytest.mark.slow
def test_api_docs_render_from_vendored_assets(page: Any, site: str) -> None:
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site + "/api/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = page.eval_on_selector_all(
        ".opblock-summary-path", "els => els.map(e => e.getAttribute('data-path'))"
    )
    assert "/api/v1/incidents" in paths and "/api/v1/incidents/{incident_id}" in paths
    assert page.locator(".opblock-tag").count() >= 3  # incidents, countries, codebook …
    assert all(u.startswith(site) for u in requested), requested
    assert not [m for m in console if "Content Security Policy" in m], console
    shot(page, "api-docs")
