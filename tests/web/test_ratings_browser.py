"""The ratings pages in Debian Chromium on a real uvicorn: French on a 375 px phone (no
horizontal scroll, translated title and menu) and the map of bands and latest changes.

Skips cleanly without Chromium or the playwright package.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from civicspace.settings import Settings
from civicspace.store import make_engine, upgrade
from civicspace.web.app import create_app
from civicspace.web.public.palette import BANDS, CHANGES
from tests.support.browser import browser, require_chromium, shot
from tests.support.desk_server import serve
from tests.support.ratings_seed import seed_ratings

__all__ = ["browser"]

require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("ratings-site")
    url = f"sqlite:///{folder / 'site.db'}"
    engine = make_engine(url)
    upgrade(engine)
    seed_ratings(engine, folder)
    with serve(create_app(Settings(database_url=url, publish_scores=True), engine)) as base:
        yield base
    engine.dispose()


def _page(browser: Any, site: str, width: int, locale: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=locale)
    pg = context.new_page()
    problems: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(site):
            route.continue_()
        else:
            problems.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("pageerror", lambda exc: problems.append(str(exc)))
    return context, pg, problems


def _no_horizontal_scroll(pg: Any) -> None:
    widths = pg.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth, "
        "Math.max(...[...document.querySelectorAll('main *')]"
        ".filter(e => !e.closest('.table-scroll')).map(e => e.getBoundingClientRect().right))]"
    )
    scroll, inner, right = widths
    assert scroll <= inner, f"page scrolls sideways: {scroll} > {inner}"
    assert right <= inner + 1, f"an element pokes out: right edge {right} > {inner}"
    for box in pg.eval_on_selector_all(
        ".table-scroll", "ds => ds.map(d => d.getBoundingClientRect().right)"
    ):
        assert box <= inner + 1, "a table's scroll box is wider than the screen"


def test_country_page_in_french_on_a_phone(browser: Any, site: str) -> None:
    context, pg, problems = _page(browser, site, 375, "fr-FR")
    pg.goto(site + "/ratings/KE?lang=fr")
    assert pg.title() == "Kenya : notation de l’espace civique · civicspace"
    assert pg.locator("h1").inner_text() == "Kenya : notation de l’espace civique"
    menu = pg.locator("header.site ul.menu a").all_inner_texts()
    assert "Notations" in menu and "Carte" in menu
    assert pg.locator("svg.trend-svg").is_visible()
    assert "Wait for the court ruling." in pg.locator("blockquote.reason").inner_text()
    _no_horizontal_scroll(pg)
    shot(pg, "ratings-country-fr-375")
    pg.goto(site + "/ratings?lang=fr")  # the list, with its wide table and map
    pg.wait_for_selector("#ratings-map[data-ready=true]", timeout=20_000)
    assert pg.title().startswith("Notations de l'espace civique")
    _no_horizontal_scroll(pg)
    shot(pg, "ratings-list-fr-375")
    context.close()
    assert not problems, problems


def test_map_colours_bands_then_latest_change(browser: Any, site: str) -> None:
    context, pg, problems = _page(browser, site, 1200, "en-GB")
    pg.goto(site + "/ratings")
    pg.wait_for_selector("#ratings-map[data-ready=true]", timeout=20_000)
    assert pg.locator("path.country").count() > 200

    def fill(code: str) -> str:
        return str(pg.get_attribute(f'path.country[data-code="{code}"]', "fill"))

    ke_band = (
        pg.locator("table.ratings tr", has_text="Kenya").locator("td.band").get_attribute("class")
    )
    assert ke_band is not None
    assert fill("KE") == BANDS[ke_band.split("band-")[-1].strip()]
    pg.click(".ratings-map-controls button[data-mode=change]")
    assert fill("UG") == CHANGES["declined"] and fill("KE") == CHANGES["unchanged"]
    assert pg.locator("[data-ratings-legend=change]").is_visible()
    shot(pg, "ratings-map-change")
    context.close()
    assert not problems, problems
