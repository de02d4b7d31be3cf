"""``/letters`` in Chromium with JavaScript off: a supporter writes to a government in Arabic and
in Korean, lists the missions of a country, and downloads the PDF and the share image. A real
uvicorn on 127.0.0.1; skips without Chromium, the playwright package or the fonts."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from civicspace.letters.fonts import FontsMissing, faces
from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.conftest import shared_data_dir
from tests.support.browser import launch, require_chromium
from tests.support.desk_server import serve
from tests.support.pdf_checks import page_sizes, squash, text

require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for lang in ("ar", "ko"):
        try:
            faces(lang)
        except FontsMissing as exc:
            pytest.skip(f"fonts not installed: {exc}")
    db = tmp_path_factory.mktemp("letters") / "site.db"
    app = create_app(Settings(database_url=f"sqlite:///{db}", data_dir=shared_data_dir()))
    with serve(app) as base:
        yield base


@pytest.fixture(scope="module")
def page(site: str) -> Iterator[Any]:
    with launch() as browser:
        context = browser.new_context(java_script_enabled=False, accept_downloads=True)
        yield context.new_page()


def test_an_arabic_letter_without_javascript(site: str, page: Any) -> None:
    page.goto(f"{site}/letters?lang=ar")
    assert page.locator("div.letters").get_attribute("dir") == "rtl"
    page.select_option("#l-kind", "letter")
    page.select_option("#l-paper", "letter")
    page.select_option("#l-country", "EG")
    page.select_option("#l-recipient", "ministry")
    page.select_option("#l-ministry", "justice")
    page.fill("#l-words", "أطلقوا سراح المدافعات عن حقوق الإنسان")
    page.fill("#l-name", "ليلى")
    with page.expect_download() as caught:
        page.click("button[value=pdf]")
    download = caught.value
    assert download.suggested_filename == "letter-eg-ar-letter.pdf"
    data = Path(download.path()).read_bytes()
    assert page_sizes(data)[0] == (pytest.approx(612, abs=0.05), pytest.approx(792, abs=0.05))
    found = squash(text(data))
    for part in ("إلى معالي وزير العدل في مصر", "أطلقوا سراح المدافعات عن حقوق الإنسان", "ليلى"):
        assert squash(part) in found


def test_a_korean_share_image_to_a_mission(site: str, page: Any) -> None:
    if not (shared_data_dir() / "government_contacts").is_dir():
        pytest.skip(f"government_contacts not found in {shared_data_dir()}")
    page.goto(f"{site}/letters?lang=ko")
    page.select_option("#l-country", "JP")
    page.select_option("#l-recipient", "mission")
    page.select_option("#l-host", "US")
    page.fill("#l-words", "인권 옹호자를 석방하라")
    page.click("button[formaction='/letters']")  # the missions, listed by the server
    assert page.locator("#l-words").input_value() == "인권 옹호자를 석방하라"  # kept
    options = page.locator("#l-mission option").all_inner_texts()
    assert options[1].startswith("대사관")  # embassies first
    page.select_option("#l-mission", index=1)
    with page.expect_download() as caught:
        page.click("button[value=png]")
    image = Image.open(io.BytesIO(Path(caught.value.path()).read_bytes()))
    assert image.format == "PNG" and image.size == (1080, 1080)
