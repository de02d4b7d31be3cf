"""The submission form in real headless Chromium against a real uvicorn on 127.0.0.1.

With JavaScript off (Tor Browser's safest mode) the whole journey works: form, files, consent,
receipt, return with the code, the support reply. With JavaScript on, any request that leaves the
site's origin fails the test. Neither what the server writes to its output nor any table may
hold the client's address (127.0.0.1) or the browser's user agent. The server is ``civicspace
serve`` itself, in a subprocess, so its real logging configuration is what is tested.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from civicspace.settings import Settings
from civicspace.store import make_engine, upgrade
from tests.support.browser import browser, free_port, require_chromium
from tests.support.submissions import (
    PLANTED_NAME,
    PLANTED_PHONE,
    ProtectFolder,
    jpeg_with_gps,
    png_bytes,
)
from tests.support.submit_site import all_text, submit_settings

AGENT = "PlantedBrowserAgent/1.0"

__all__ = ["browser"]

require_chromium()


@dataclass
class Site:
    url: str
    engine: Engine
    protect: ProtectFolder
    log: Path  # everything `civicspace serve` wrote to stdout and stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """`civicspace serve` itself, in a subprocess, as an organisation runs it."""
    folder = tmp_path_factory.mktemp("submit")
    url = f"sqlite:///{folder / 'site.db'}"
    engine = make_engine(url)
    upgrade(engine)
    settings, protect = submit_settings(Settings(database_url=url), folder / "protect")
    env = {
        **os.environ,
        "CIVICSPACE_DATABASE_URL": url,
        "CIVICSPACE_PROTECT_DIR": str(settings.protect_dir),
        "CIVICSPACE_PROTECT_KDF": settings.protect_kdf,
        "CIVICSPACE_SUBMIT_MAX_BYTES": str(settings.submit_max_bytes),
        "PYTHONUNBUFFERED": "1",
    }
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "civicspace.cli", "serve", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=folder,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(log.read_text("utf-8", "replace")) from None
            time.sleep(0.2)
    try:
        yield Site(base, engine, protect, log)
    finally:
        server.terminate()
        server.wait(timeout=20)
        engine.dispose()


def _page(browser: Any, site: Site, *, javascript: bool, outside: list[str]) -> tuple[Any, Any]:
    context = browser.new_context(java_script_enabled=javascript, user_agent=AGENT)
    page = context.new_page()

    def guard(route: Any) -> None:
        if route.request.url.startswith(site.url + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return context, page


def test_journey_with_javascript_off(browser: Any, site: Site, tmp_path: Path) -> None:
    outside: list[str] = []
    context, page = _page(browser, site, javascript=False, outside=outside)
    photo = tmp_path / "my photo.jpg"
    photo.write_bytes(jpeg_with_gps())
    shot = tmp_path / "screen.png"
    shot.write_bytes(png_bytes())
    page.goto(site.url + "/submit/country/SN?lang=fr")
    page.fill("#f-text", f"Ils ont arrêté mon frère. Appelez le {PLANTED_PHONE}.")
    page.set_input_files("#f-files", [str(photo), str(shot)])
    page.check("#f-consent-masked_photo")
    page.check("#f-incident")
    page.click("form.submit button[type=submit]")
    page.wait_for_selector("#receipt-code")
    code = page.inner_text("#receipt-code code")
    assert len(code.replace(" ", "")) == 24
    assert page.locator("html").get_attribute("lang") == "fr"

    page.goto(site.url + "/submit/return?lang=fr")
    page.fill("#f-code", code)
    page.click("form.submit button[type=submit]")
    page.wait_for_selector("#state")
    assert page.get_attribute("#state", "data-state") == "new"
    texts = page.locator("ol.messages li .text").all_inner_texts()
    assert texts[0].startswith("Ils ont arrêté mon frère")
    assert "Sécurité numérique" in texts[1]  # the support reply, in French
    assert page.locator("ul.files li").count() == 2

    page.fill("#f-text", "Un détail de plus.")
    page.click("form.submit button[type=submit]")
    page.wait_for_selector("p.notice")
    assert "Un détail de plus." in page.locator("ol.messages").inner_text()
    context.close()
    assert not outside, outside


def test_javascript_on_makes_no_request_outside_the_site(browser: Any, site: Site) -> None:
    outside: list[str] = []
    context, page = _page(browser, site, javascript=True, outside=outside)
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(site.url + "/submit?lang=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('form.submit')).direction") == "rtl"
    )
    page.fill("#f-text", "شهادة")
    page.check("#f-consent-text_only")
    page.click("form.submit button[type=submit]")
    page.wait_for_selector("#receipt-code")
    page.goto(site.url + "/submit/return")
    page.keyboard.press("Tab")  # the skip link comes first for keyboard users
    assert page.evaluate("document.activeElement.className") == "skip"
    context.close()
    assert seen and all(url.startswith(site.url + "/") for url in seen), seen
    assert not outside, outside


def test_too_large_shows_a_clear_error(browser: Any, site: Site, tmp_path: Path) -> None:
    outside: list[str] = []
    context, page = _page(browser, site, javascript=False, outside=outside)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 2_000_000)
    before = all_text(site.engine).count("\n")
    page.goto(site.url + "/submit")
    page.fill("#f-text", "too much")
    page.set_input_files("#f-files", str(big))
    page.click("form.submit button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert "larger than the limit" in page.inner_text(".error-summary")
    assert page.input_value("#f-text") == "too much"
    assert all_text(site.engine).count("\n") == before
    context.close()


def test_no_address_or_user_agent_reaches_logs_or_tables(site: Site) -> None:
    # runs after the journeys above (file order): they posted forms and files
    stored = all_text(site.engine)
    assert len(stored) > 1000  # the submissions are there, sealed
    logged = site.log.read_text("utf-8", "replace")
    assert "serving on" in logged  # the server's own output was captured, so this can fail
    for needle in (AGENT, "HeadlessChrome", PLANTED_PHONE, '"POST /submit'):
        assert needle not in stored, needle
        assert needle not in logged, needle
    assert "127.0.0.1" not in stored
    # the only address in the log is the server's own, in the line that says where it listens
    assert [line for line in logged.splitlines() if "127.0.0.1" in line] == [
        f"serving on {site.url}/  (Ctrl-C to stop)"
    ]
    database = Path(str(site.engine.url.database))
    files = [*database.parent.glob(database.name + "*"), *site.protect.folder.rglob("*")]
    assert database in files
    for path in files:
        if path.is_file():
            raw = path.read_bytes()
            assert b"127.0.0.1" not in raw and AGENT.encode() not in raw, path
            for planted in (PLANTED_PHONE, PLANTED_NAME, "PlantedCameraMaker"):
                assert planted.encode() not in raw, (planted, path)
