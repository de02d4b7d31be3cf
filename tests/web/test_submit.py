"""The submission form and the return flow over HTTP: tokens, limits, languages, no address kept."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.protect import inbox
from civicspace.settings import Settings
from civicspace.store.campaigns import Campaign
from civicspace.store.submissions import Submission
from civicspace.web.app import create_app
from tests.support.submissions import (
    PLANTED_NAME,
    PLANTED_PHONE,
    ProtectFolder,
    jpeg_with_gps,
)
from tests.support.submit_site import all_text, form_token, receipt_code, submit_settings

ADDRESS = "127.0.0.1"
AGENT = "PlantedAgent/9.9 (X11; Linux) Chromium"


@pytest.fixture
def site(engine: Engine, settings: Settings, tmp_path: Path) -> tuple[TestClient, ProtectFolder]:
    configured, protect = submit_settings(settings, tmp_path / "protect")
    app = create_app(configured, engine)
    client = TestClient(app, client=(ADDRESS, 50123), headers={"User-Agent": AGENT})
    return client, protect


def _send(
    client: TestClient, text: str, files: Sequence[tuple[str, bytes]] = (), **fields: str
) -> Response:
    page = client.get("/submit")
    data = {
        "form_token": form_token(page.text),
        "lang": "en",
        "text": text,
        "consent": "masked_photo",
        **fields,
    }
    upload = [("files", (name, body, "application/octet-stream")) for name, body in files]
    return client.post("/submit", data=data, files=upload or [("files", ("", b"", "x"))])


def test_form_works_without_script_and_in_four_languages(
    site: tuple[TestClient, ProtectFolder],
) -> None:
    client, _ = site
    page = client.get("/submit")
    assert page.status_code == 200
    assert "<script" not in page.text and "@font-face" not in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert '<fieldset class="field">' in page.text and "<legend>" in page.text
    assert (
        "cs_form" in page.headers["set-cookie"] and "SameSite=strict" in page.headers["set-cookie"]
    )
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for lang, words in {"fr": "Envoyez-nous", "es": "Envíenos", "ar": "أرسل"}.items():
        translated = client.get(f"/submit?lang={lang}")
        assert f'lang="{lang}"' in translated.text and words in translated.text, lang
    arabic = client.get("/submit", headers={"Accept-Language": "ar,en;q=0.5"})
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert '<html lang="en" dir="ltr">' in page.text
    assert client.get("/submit/country/SN").status_code == 200
    assert "Senegal" in client.get("/submit/country/sen").text
    assert client.get("/submit/country/XQ").status_code == 404
    assert client.get("/submit/campaign/no-such-campaign").status_code == 404


def test_round_trip_receipt_return_and_reply(
    site: tuple[TestClient, ProtectFolder], engine: Engine
) -> None:
    client, protect = site
    sent = _send(
        client,
        f"{PLANTED_NAME} was arrested",
        [("me.jpg", jpeg_with_gps())],
        country="SN",
        may_become_incident="yes",
    )
    assert sent.status_code == 200, sent.text
    assert "no-store" in sent.headers["cache-control"]
    code = receipt_code(sent.text)
    with Session(engine) as session:
        listed = inbox.list_submissions(session)
        assert len(listed) == 1 and listed[0].country == "SN" and listed[0].may_become_incident
        inbox.reply(session, protect.intake.ring, listed[0].id, "We are with you.", "rev")
        session.commit()
    back = client.get("/submit/return")
    opened = client.post(
        "/submit/return",
        data={"form_token": form_token(back.text), "code": code.replace(" ", "-"), "lang": "en"},
        files=[("files", ("", b"", "x"))],
    )
    assert opened.status_code == 200
    assert "no-store" in opened.headers["cache-control"]
    assert f"{PLANTED_NAME} was arrested" in opened.text
    assert "Access Now Digital Security Helpline" in opened.text  # the support reply
    assert "We are with you." in opened.text and "me.jpg" in opened.text
    added = client.post(
        "/submit/return",
        data={
            "form_token": form_token(opened.text),
            "code": code,
            "adding": "yes",
            "text": "one more detail",
            "lang": "en",
        },
        files=[("files", ("", b"", "x"))],
    )
    assert added.status_code == 200 and "one more detail" in added.text
    wrong = client.post(
        "/submit/return",
        data={"form_token": form_token(back.text), "code": "1" * 24},
        files=[("files", ("", b"", "x"))],
    )
    assert wrong.status_code == 404 and "No submission has this receipt code" in wrong.text
    short = client.post(
        "/submit/return",
        data={"form_token": form_token(back.text), "code": "1234"},
        files=[("files", ("", b"", "x"))],
    )
    assert short.status_code == 422 and "A receipt code has 24 digits." in short.text


def test_support_reply_in_the_senders_language(site: tuple[TestClient, ProtectFolder]) -> None:
    client, _ = site
    page = client.get("/submit?lang=ar")
    sent = client.post(
        "/submit",
        data={
            "form_token": form_token(page.text),
            "lang": "ar",
            "text": "نص",
            "consent": "nothing",
        },
        files=[("files", ("", b"", "x"))],
    )
    code = receipt_code(sent.text)
    back = client.post(
        "/submit/return",
        data={"form_token": form_token(page.text), "code": code, "lang": "ar"},
        files=[("files", ("", b"", "x"))],
    )
    assert 'dir="rtl"' in back.text
    assert "الأمن الرقمي" in back.text  # the heading "digital security" in Arabic


def test_too_large_is_refused_clearly_and_nothing_stored(
    site: tuple[TestClient, ProtectFolder], engine: Engine
) -> None:
    client, protect = site
    big = b"%PDF-1.4\n" + b"0" * 400_000
    refused = _send(client, "too big", [("big.pdf", big)])
    assert refused.status_code == 413
    assert "larger than the limit of 292 KB" in refused.text
    assert "too big" in refused.text  # the text is kept for her
    just_over = _send(
        client, "x", [("a.pdf", b"%PDF-" + b"1" * 200_000), ("b.pdf", b"%PDF-" + b"2" * 120_000)]
    )
    assert just_over.status_code == 413
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 0
    assert not (protect.folder / "vault").exists()


def test_form_token_and_rate_limit(site: tuple[TestClient, ProtectFolder], engine: Engine) -> None:
    client, _ = site
    client.get("/submit")
    no_token = client.post(
        "/submit", data={"text": "x", "consent": "nothing"}, files=[("files", ("", b"", "x"))]
    )
    assert no_token.status_code == 403 and "expired" in no_token.text
    other = TestClient(client.app)
    token = form_token(client.get("/submit").text)
    stolen = other.post(
        "/submit",
        data={"form_token": token, "text": "x", "consent": "nothing"},
        files=[("files", ("", b"", "x"))],
    )
    assert stolen.status_code == 403  # the token is bound to the first browser's cookie
    page = client.get("/submit")
    for forged in ({"Origin": "https://attacker.example"}, {"Sec-Fetch-Site": "cross-site"}):
        cross = client.post(
            "/submit",
            data={"form_token": form_token(page.text), "text": "x", "consent": "nothing"},
            files=[("files", ("", b"", "x"))],
            headers=forged,
        )
        assert cross.status_code == 403, forged
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 0
    # the token and limiter themselves: tests/web/test_anonymous.py


def test_rate_limit_answers_429(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    configured, _ = submit_settings(settings, tmp_path / "p", submit_rate_per_hour=1)
    client = TestClient(create_app(configured, engine), client=(ADDRESS, 1))
    assert _send(client, "first").status_code == 200
    second = _send(client, "second")
    assert second.status_code == 429
    assert "Too many attempts" in second.text


def test_no_address_or_agent_in_any_table_or_log(
    site: tuple[TestClient, ProtectFolder], engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    client, protect = site
    photo = jpeg_with_gps()
    caplog.set_level(logging.DEBUG)
    sent = _send(client, f"call {PLANTED_PHONE}", [("p.jpg", photo)])
    code = receipt_code(sent.text)
    token = form_token(client.get("/submit/return").text)
    back = client.post(
        "/submit/return",
        data={"form_token": token, "code": code},
        files=[("files", ("", b"", "x"))],
    )
    assert back.status_code == 200
    stored = all_text(engine)
    assert len(stored) > 1000  # the rows are there (sealed)
    assert caplog.records  # the server did log (at DEBUG), so the check below can fail
    for needle in (ADDRESS, "PlantedAgent", PLANTED_PHONE, PLANTED_NAME, "PlantedCameraMaker"):
        assert needle not in stored, needle
        for record in caplog.records:
            assert needle not in record.getMessage(), (needle, record.getMessage())
    for path in protect.folder.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            assert ADDRESS.encode() not in raw and b"PlantedAgent" not in raw, path
    day = sorted(p for p in protect.folder.rglob("*.sealed"))[0].stat().st_mtime
    assert day % 86400 == 0  # the sealed file's time is midnight: no time of day


def test_closed_without_a_keyring(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    client = TestClient(
        create_app(settings.model_copy(update={"protect_dir": tmp_path / "none"}), engine)
    )
    page = client.get("/submit")
    assert page.status_code == 503 and "closed" in page.text
    # a closed form is not advertised: no public page links to it
    for url in ("/incidents", "/countries/BY", "/letters"):
        listed = client.get(url)
        assert listed.status_code == 200 and 'href="/submit' not in listed.text, url


def test_campaign_form_and_a_refused_addition(
    site: tuple[TestClient, ProtectFolder], engine: Engine
) -> None:
    client, _ = site
    with Session(engine) as session:
        when = datetime(2030, 1, 1, tzinfo=UTC)
        session.add(
            Campaign(
                slug="free-the-press", title="Free the press", messages={}, threshold=1,
                deadline=when, send_at=when, send_zone="UTC", personalisation={},
            )
        )  # fmt: skip
        session.commit()
    page = client.get("/submit/campaign/free-the-press")
    assert page.status_code == 200 and "<h1>Free the press</h1>" in page.text
    sent = client.post(
        "/submit",
        data={"form_token": form_token(page.text), "campaign": "free-the-press",
              "text": "for the campaign", "consent": "text_only"},
        files=[("files", ("", b"", "x"))],
    )  # fmt: skip
    code = receipt_code(sent.text)
    with Session(engine) as session:
        assert session.scalars(select(Submission.campaign)).all() == ["free-the-press"]
    token = form_token(client.get("/submit/return").text)
    refused = client.post(
        "/submit/return",
        data={"form_token": token, "code": code, "adding": "yes", "text": "and this"},
        files=[("files", ("tool.exe", b"MZ\x90\x00" * 50, "application/octet-stream"))],
    )
    assert refused.status_code == 422
    assert "A file is not accepted" in refused.text
    assert "for the campaign" in refused.text  # the conversation is shown again
    assert "and this" not in refused.text  # and nothing of the refused addition was kept


def test_public_pages_lead_to_the_form(site: tuple[TestClient, ProtectFolder]) -> None:
    client, _ = site
    home = client.get("/incidents")
    assert home.status_code == 200 and 'href="/submit"' in home.text
    country = client.get("/countries/BY")
    assert country.status_code == 200
    assert 'href="/submit/country/BY"' in country.text and "/letters?country=BY" in country.text
    french = client.get("/countries/BY?lang=fr")
    assert "Envoyer un témoignage ou des photos en sécurité" in french.text
    form = client.get("/submit/country/BY")
    assert form.status_code == 200
