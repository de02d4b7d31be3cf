"""Country charts stay readable on a 375 px phone (no 6 px labels), and a country with no
published incident says so instead of drawing empty charts."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from civicspace.publish.cache import clear
from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.support.publish_seed import seed
from tests.web.test_public_browser import browser, site

__all__ = ["browser", "site"]

MIN_PX = 10.0
FONT_PX = """() => [...document.querySelectorAll('svg.chart-svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [svg.closest('figure').id || svg.id, parseFloat(svg.getAttribute('font-size')) * scale];
})"""


def test_empty_country_says_so(engine: Engine) -> None:
    clear()
    seed(engine)
    client = TestClient(create_app(Settings(database_url=str(engine.url)), engine))
    empty = client.get("/countries/AU")
    assert empty.status_code == 200
    assert "No published incidents yet" in empty.text
    assert "chart-svg" not in empty.text and "<svg" not in empty.text
    full = client.get("/countries/KE")
    assert "No published incidents yet" not in full.text and "chart-svg" in full.text


@pytest.mark.slow
def test_chart_labels_are_readable_on_a_phone(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(site + "/countries/KE")
    sizes = page.evaluate(FONT_PX)
    assert len(sizes) == 5
    small = [(name, round(px, 1)) for name, px in sizes if px < MIN_PX]
    assert not small, f"labels under {MIN_PX}px: {small}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
