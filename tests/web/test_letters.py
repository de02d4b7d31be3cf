"""``/letters``: the no-JS form in the letter's language (Arabic right to left), its JSON twin,
and the files it hands back, with their bounds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from civicspace.letters.fonts import FontsMissing, faces
from civicspace.letters.model import MAX_WORDS
from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.conftest import shared_data_dir
from tests.support.pdf_checks import page_sizes, squash, text

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    protect = tmp_path / "protect"  # a keyring file: the site takes submissions, so it links
    protect.mkdir()
    (protect / "keyring.json").write_text("{}", encoding="utf-8")
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/x.db", data_dir=shared_data_dir(), protect_dir=protect
    )
    return TestClient(create_app(settings), follow_redirects=False)


@pytest.fixture
def fonts_ready() -> None:
    for lang in ("en", "ar", "ko"):
        try:
            faces(lang)
        except FontsMissing as exc:
            pytest.skip(f"fonts not installed: {exc}")


def test_page_in_english_links_to_the_photo_form(client: TestClient) -> None:
    page = client.get("/letters", headers=BROWSER)
    assert page.status_code == 200
    body = page.text
    assert "Letters and posters to governments" in body
    assert 'action="/letters/make"' in body and 'method="get"' in body
    assert 'href="/submit"' in body
    assert f'maxlength="{MAX_WORDS}"' in body
    assert 'dir="ltr"' in body


@pytest.mark.parametrize(
    ("lang", "title", "direction"),
    [
        ("fr", "Lettres et affiches aux gouvernements", "ltr"),
        ("es", "Cartas y carteles a los gobiernos", "ltr"),
        ("ar", "رسائل وملصقات إلى الحكومات", "rtl"),
        ("ko", "정부에 보내는 편지와 포스터", "ltr"),
    ],
)
def test_page_speaks_the_letter_language(
    client: TestClient, lang: str, title: str, direction: str
) -> None:
    body = client.get(f"/letters?lang={lang}", headers=BROWSER).text
    assert title in body
    assert f'lang="{lang}" dir="{direction}"' in body
    assert f'<option value="{lang}" lang="{lang}" selected>' in body


def test_form_keeps_what_was_typed_escaped(client: TestClient) -> None:
    body = client.get(
        "/letters", params={"words": "<script>x</script>", "name": '"Ana"'}, headers=BROWSER
    ).text
    assert "&lt;script&gt;x&lt;/script&gt;" in body
    assert "<script>x" not in body
    assert 'value="&#34;Ana&#34;"' in body


def test_json_twin_lists_the_choices(client: TestClient) -> None:
    data = client.get("/letters.json?lang=es").json()
    assert list(data["languages"]) == ["en", "fr", "es", "ar", "ko"]
    assert data["recipients"] == ["general", "head_of_state", "ministry", "mission"]
    assert data["ministries"]["justice"] == "Ministro/a de Justicia"
    assert data["missions"] is None


def test_missions_are_listed_without_javascript(client: TestClient) -> None:
    if not (shared_data_dir() / "government_contacts").is_dir():
        pytest.skip(f"government_contacts not found in {shared_data_dir()}")
    query = {"lang": "fr", "recipient": "mission", "country": "KE", "host": "FR"}
    data = client.get("/letters.json", params=query).json()
    assert data["missions"] and data["missions"][0]["label"] == "Ambassade — Paris"
    body = client.get("/letters", params=query, headers=BROWSER).text
    assert f'<option value="{data["missions"][0]["id"]}"' in body
    none = client.get("/letters", params={**query, "host": "AQ"}, headers=BROWSER).text
    assert "Aucune mission de ce pays n" in none


@pytest.mark.usefixtures("fonts_ready")
def test_make_hands_back_a_pdf(client: TestClient) -> None:
    query = {
        "lang": "ar",
        "kind": "letter",
        "paper": "letter",
        "recipient": "ministry",
        "ministry": "justice",
        "country": "MA",
        "words": "الحرية للمدافعات",
        "format": "pdf",
    }
    answer = client.get("/letters/make", params=query)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == 'attachment; filename="letter-ma-ar-letter.pdf"'
    assert answer.headers["cache-control"] == "no-store"
    assert page_sizes(answer.content)[0] == pytest.approx((612, 792), abs=0.05)
    found = squash(text(answer.content))
    assert squash("الحرية للمدافعات") in found and squash("وزير العدل") in found


@pytest.mark.usefixtures("fonts_ready")
def test_make_hands_back_a_share_image(client: TestClient) -> None:
    query = {"lang": "ko", "recipient": "head_of_state", "country": "KP", "format": "png"}
    answer = client.get("/letters/make", params=query)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(answer.content)).size == (1080, 1080)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"words": "x" * (MAX_WORDS + 1)}, "at most"),
        ({"words": "x" * 50_000}, "at most"),
        ({"lang": "de"}, "language"),
        ({"format": "docx"}, "format must be pdf or png"),
        ({"recipient": "head_of_state"}, "needs a country"),
        ({"country": "ZZ"}, "unknown country code"),
        ({"hashtag": "#a b"}, "hashtag"),
    ],
)
def test_bad_requests_answer_422(client: TestClient, query: dict[str, str], message: str) -> None:
    answer = client.get("/letters/make", params=query, headers={"Accept": "application/json"})
    assert answer.status_code == 422
    assert message in answer.json()["error"]
