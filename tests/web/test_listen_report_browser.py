"""The listen report in a real browser (Debian's Chromium through Playwright) against a real
server on loopback: an analyst logs in, renames and merges themes, follows a statement to its
quotes and a quote to its place in its contribution. Saves ``$CIVICSPACE_ARTIFACTS/listen-report.png``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.settings import Settings
from civicspace.store.listen import ListenClaim
from civicspace.web.app import create_app
from tests.support.desk_server import serve
from tests.support.listen_seed import SECRET_SPEAKER, seed_project, theme_of
from tests.support.review import PASSWORD, fast_hashes, make_users

__all__ = ["fast_hashes"]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(os.environ.get("CIVICSPACE_ARTIFACTS", "artifacts"))

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip(f"Debian's Chromium is missing ({CHROMIUM})", allow_module_level=True)


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def test_analyst_edits_themes_and_follows_statements_to_quotes_to_contributions(
    engine: Engine, settings: Settings, fast_hashes: None, browser: Any, loopback_only: None
) -> None:
    slug = seed_project(engine)
    make_users(engine)
    with Session(engine) as db:
        police = theme_of(db, slug, "Police fired tear gas").id
        internet = theme_of(db, slug, "The government shut down the internet").id
    app = create_app(settings, engine)
    problems: list[str] = []
    with serve(app) as base:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on(
            "response",
            lambda r: (
                problems.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico")
                else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(str(e)))

        page.goto(f"{base}/desk/listen/{slug}")
        assert "/desk/login" in page.url
        page.fill("input[name=username]", "researcher")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/desk/listen/{slug}")
        assert SECRET_SPEAKER.split()[0] not in page.content()

        # rename the police theme
        theme = page.locator(f"#edit-{police}")
        theme.locator("summary").click()
        theme.locator("form.rename input[name=label]").fill("Protests are met with force")
        theme.locator("form.rename button[type=submit]").click()
        page.wait_for_url(f"**/desk/listen/{slug}?done=rename#theme-{police}")
        statement = page.locator(f"#theme-{police} > h2 a.statement")
        assert statement.inner_text() == "Protests are met with force"

        # merge the internet theme into it
        theme = page.locator(f"#edit-{police}")
        theme.locator("summary").click()
        theme.locator("form.merge select[name=other]").select_option(str(internet))
        theme.locator("form.merge button[type=submit]").click()
        page.wait_for_url(f"**/desk/listen/{slug}?done=merge#theme-{police}")
        assert page.locator(f"#theme-{internet}").count() == 0
        merged = page.locator(f"#edit-{police} form.split label.claim")
        assert any("internet" in t for t in merged.all_text_contents()), merged.all_text_contents()
        page.screenshot(path=str(_artifact("listen-report.png")), full_page=False)

        # a statement leads to its quotes
        page.locator(f"#theme-{police} > h2 a.statement").click()
        page.wait_for_url(f"**#quotes-{police}")
        quotes = page.locator(f"#quotes-{police}")
        assert quotes.is_visible() and quotes.locator("blockquote").count() >= 2
        first_quote = quotes.locator("blockquote").first.inner_text().strip("“”")

        # a quote leads to its place in its contribution
        link = quotes.locator("a.quote-link").first
        target = (link.get_attribute("href") or "").lstrip("#")
        link.click()
        page.wait_for_url(f"**#{target}")
        mark = page.locator(f"mark#{target}")
        assert mark.is_visible() and mark.inner_text() == first_quote
        assert mark.evaluate("m => m.closest('article.contribution') !== null")
        assert page.evaluate("location.hash") == f"#{target}"
        claim_id = int(target.removeprefix("claim-"))
        with Session(engine) as db:
            claim = db.get(ListenClaim, claim_id)
            assert claim is not None and claim.text == first_quote
            contribution = mark.evaluate("m => m.closest('article.contribution').id")
            assert contribution == f"contribution-{claim.contribution_id}"
    assert problems == []


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
