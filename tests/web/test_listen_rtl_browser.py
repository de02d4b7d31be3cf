"""The public report of a project whose contributions are in Arabic, in a real browser (Debian's
Chromium through Playwright) against a real server on loopback: the page reads right to left,
every quote and contribution takes its own direction (an English one stays left to right), and
a statement leads to its quotes, a quote to its place in its contribution. Saves
``$CIVICSPACE_ARTIFACTS/listen-report-rtl.png``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.settings import Settings
from civicspace.store.listen import ListenClaim
from civicspace.web.app import create_app
from tests.support.browser import chromium, require_chromium, watch
from tests.support.desk_server import serve
from tests.support.listen_arabic import CONTRIBUTIONS, QUESTION, TITLE, seed_arabic_project

__all__ = ["chromium"]
require_chromium()

ARTIFACTS = Path(os.environ.get("CIVICSPACE_ARTIFACTS", "artifacts"))
ENGLISH = next(text for text, _country, lang in CONTRIBUTIONS if lang == "en")


def _direction(locator: Any) -> str:
    return str(locator.evaluate("e => getComputedStyle(e).direction"))


def test_arabic_report_reads_right_to_left_and_links_statement_quotes_contribution(
    engine: Engine, settings: Settings, chromium: Any, loopback_only: None
) -> None:
    slug = seed_arabic_project(engine)
    app = create_app(settings, engine)
    problems: list[str] = []
    with serve(app) as base:
        page = chromium.new_context(
            locale="en-GB", viewport={"width": 1100, "height": 900}
        ).new_page()
        watch(page, problems)
        page.goto(f"{base}/listen/{slug}")
        assert page.locator("h1").first.inner_text() == TITLE
        # the page takes the direction of its contributions' language; the interface stays English
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.lang") == "en"
        assert _direction(page.locator("main")) == "rtl"
        section = page.locator("section.question").first
        assert section.locator("h2").inner_text() == QUESTION
        assert _direction(section.locator("h2")) == "rtl"

        # every quote takes its own direction (dir=auto): Arabic ones read right to left
        theme = page.locator("section.theme").first
        quotes = theme.locator("blockquote")
        assert quotes.count() >= 2
        for i in range(quotes.count()):
            quote = quotes.nth(i)
            assert quote.get_attribute("dir") == "auto"
            assert _direction(quote) == "rtl", quote.inner_text()
        # the contributions too: the English one stays left to right inside the RTL page
        texts = page.locator("article.contribution p.text")
        assert texts.count() == len(CONTRIBUTIONS)
        english = page.locator("article.contribution p.text", has_text=ENGLISH)
        assert _direction(english) == "ltr" and english.get_attribute("lang") == "en"
        arabic = texts.first
        assert _direction(arabic) == "rtl" and arabic.get_attribute("lang") == "ar"
        # the statement is right to left and leads to its quotes
        statement = theme.locator("a.statement").first
        assert _direction(statement) == "rtl"
        theme_id = theme.get_attribute("data-theme")
        statement.click()
        page.wait_for_url(f"**#quotes-{theme_id}")
        assert page.locator(f"#quotes-{theme_id}").is_visible()
        page.screenshot(path=str(_artifact("listen-report-rtl.png")), full_page=False)

        # a quote leads to its place in its contribution
        first_quote = quotes.first.inner_text().strip("“”")
        link = theme.locator("a.quote-link").first
        target = (link.get_attribute("href") or "").lstrip("#")
        link.click()
        page.wait_for_url(f"**#{target}")
        mark = page.locator(f"mark#{target}")
        assert mark.is_visible() and mark.inner_text() == first_quote
        assert _direction(mark) == "rtl"
        contribution = mark.evaluate("m => m.closest('article.contribution').id")
        with Session(engine) as db:
            claim = db.get(ListenClaim, int(target.removeprefix("claim-")))
            assert claim is not None and claim.text == first_quote
            assert contribution == f"contribution-{claim.contribution_id}"
        # the JSON twin carries the report's language
        twin = page.request.get(f"{base}/listen/{slug}.json").json()
        assert twin["language"] == "ar" and twin["questions"][0]["question"] == QUESTION
    assert problems == []


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
