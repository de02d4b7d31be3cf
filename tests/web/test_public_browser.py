"""Browser journeys on the public site: a real uvicorn on 127.0.0.1 and Debian Chromium.

Screenshots go to ``$CIVICSPACE_ARTIFACTS`` (default ``artifacts/``). Skips cleanly without
Chromium or the playwright package.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from civicspace.settings import Settings
from civicspace.store import make_engine, upgrade
from civicspace.web.app import create_app
from civicspace.web.public.palette import palette
from tests.support.browser import browser, require_chromium, shot
from tests.support.desk_server import serve
from tests.support.publish_seed import seed

__all__ = ["browser"]

require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('site') / 'site.db'}"
    engine = make_engine(url)
    upgrade(engine)
    seed(engine)
    with serve(create_app(Settings(database_url=url), engine)) as base:
        yield base
    engine.dispose()


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    pg = context.new_page()
    outside: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(site):
            route.continue_()
        else:  # nothing may leave loopback, and the site must not ask for it
            outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not outside, f"requests outside the site: {outside}"
    assert not errors, f"script errors: {errors}"


def test_map_renders_countries_coloured_by_data(page: Any, site: str) -> None:
    page.goto(site + "/")
    page.wait_for_selector("#map[data-ready=true]", timeout=20_000)
    assert page.locator("path.country").count() > 200
    countries = page.request.get(site + "/api/v1/countries").json()
    colours = [b["colour"] for b in palette()["counts"]]
    fills = page.eval_on_selector_all(
        "path.country[data-code]", "ps => ps.map(p => [p.dataset.code, p.getAttribute('fill')])"
    )
    drawn = dict(fills)
    assert {c["code"] for c in countries} <= set(drawn)
    for c in countries:
        assert drawn[c["code"]] == colours[c["count_bucket"]], c
    # a country without incidents has the "none" colour
    empty = page.get_attribute('path.country[data-numeric="036"]', "fill")  # Australia
    assert empty == colours[0]
    # no rating yet: the rating view paints every country "no rating"
    page.click(".map-controls button[data-mode=band]")
    assert page.get_attribute('path.country[data-code="KE"]', "fill") == palette()["no_data"]
    page.click(".map-controls button[data-mode=count]")
    shot(page, "home-map")


def test_filter_narrows_the_list(page: Any, site: str) -> None:
    page.goto(site + "/incidents")
    before = page.locator("li.incident").count()
    assert before == 7
    page.select_option("#f-violation", "arrest_detention")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**violation=arrest_detention**")
    after = page.locator("li.incident").count()
    assert 0 < after < before
    page.fill("#f-q", "Paris")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**q=Paris**")
    assert page.locator("li.incident").count() == 1
    shot(page, "incidents-filtered")
    # the URL is shareable: opening it again gives the same list
    page.goto(page.url)
    assert page.locator("li.incident").count() == 1


def test_country_page_shows_its_chart(page: Any, site: str) -> None:
    page.goto(site + "/countries/KE")
    chart = page.locator("#figure-timeline svg")
    assert chart.is_visible()
    bars = page.locator("#figure-timeline svg rect[fill='#0b5cad']")
    assert bars.count() == 2  # January and February 2024
    assert page.locator("#figure-violations svg title").first.text_content()
    assert page.locator("#figure-timeline button.png").is_visible()
    with page.expect_download() as download:
        page.click("#figure-timeline button.png")
    assert download.value.suggested_filename == "timeline.png"
    shot(page, "country-KE")


def test_language_switch(page: Any, site: str) -> None:
    page.goto(site + "/countries/KE")
    assert page.locator("h1").inner_text() == "Kenya"
    page.click("a[data-lang=fr]")
    page.wait_for_url("**lang=fr**")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Incidents par mois" in page.locator("#figure-timeline h3").inner_text()
    # remembered: the next page is French without ?lang=
    page.goto(site + "/incidents")
    assert page.locator("h1").inner_text() == "Incidents"
    assert page.locator("label[for=f-country]").inner_text() == "Pays"
    page.click("a[data-lang=es]")
    page.wait_for_url("**lang=es**")
    assert page.locator("label[for=f-country]").inner_text() == "Países"
    shot(page, "incidents-es")


def test_phone_layout(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    pg = context.new_page()
    pg.goto(site + "/")
    pg.wait_for_selector("#map[data-ready=true]", timeout=20_000)
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.className") == "skip"
    shot(pg, "home-phone")
    context.close()
