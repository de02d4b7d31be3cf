"""Nothing private reaches public output: planted names, phones, e-mails, addresses and ID
numbers (English, Spanish, Russian) go through the whole flow to publication with the CLI
verbs, then every public page, JSON twin, API answer, export and feed is crawled for them.

The same for an ACLED import told to publish.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civicspace.cli import app
from civicspace.settings import Settings
from civicspace.store import get_engine
from civicspace.store.incidents import Incident
from civicspace.web.app import create_app

runner = CliRunner()
PASSWORD = "correct horse battery staple 42"

# what must never be public, in every form it was written
PLANTED = {
    "en": [
        "Amina Okafor",
        "Okafor",
        "+254 722 123 456",
        "722 123 456",
        "amina.okafor@example.org",
        "14 Kenyatta Avenue",
        "A1234567",
    ],
    "es": [
        "María Fernanda Quispe",
        "Quispe",
        "+51 987 654 321",
        "987 654 321",
        "mfquispe@example.pe",
        "Calle Los Olivos 245",
        "45678912",
    ],
    "ru": [
        "Анна Петрова",
        "Петрова",
        "+7 916 123-45-67",
        "916 123-45-67",
        "petrova@example.ru",
        "ул. Ленина, д. 5",
        "4510 123456",
    ],
}

ARTICLES = {
    "en": (
        "Police arrest journalist Amina Okafor in Nairobi",
        "Police in Nairobi, Kenya, arrested the journalist Amina Okafor on 3 March 2026 after "
        "she reported on the eviction of street traders. Officers detained her at her home at "
        "14 Kenyatta Avenue and seized her laptop and phone. Colleagues said she was held "
        "without charge at Central police station. Her lawyer can be reached on "
        "+254 722 123 456 or at amina.okafor@example.org. Police recorded her passport number "
        "A1234567. Press freedom groups condemned the arrest of the journalist and called for "
        "her immediate release.",
    ),
    "es": (
        "Detienen a la periodista María Fernanda Quispe en Lima",
        "La policía de Lima, Perú, detuvo el 4 de marzo de 2026 a la periodista María Fernanda "
        "Quispe tras publicar una investigación sobre corrupción. Los agentes la arrestaron en "
        "su domicilio de la Calle Los Olivos 245 y confiscaron su teléfono. Su familia pide "
        "información al +51 987 654 321 y al correo mfquispe@example.pe. La policía anotó su "
        "DNI 45678912. Organizaciones de prensa denunciaron la detención arbitraria de la "
        "periodista y exigieron su liberación.",
    ),
    "ru": (
        "В Москве задержана журналистка Анна Петрова",
        "Полиция Москвы, Россия, задержала журналистку Анна Петрова 5 марта 2026 года после "
        "публикации расследования о коррупции. Сотрудники полиции провели обыск в её квартире "
        "по адресу ул. Ленина, д. 5 и изъяли телефон. Родственники просят звонить по номеру "
        "+7 916 123-45-67 или писать на petrova@example.ru. Полиция записала её паспорт "
        "4510 123456. Правозащитники осудили арест журналистки и потребовали её освобождения.",
    ),
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _page(title: str, body: str, lang: str) -> str:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="date" content="2026-03-06"></head><body><article><h1>{title}</h1>'
        f"{paragraphs}</article></body></html>"
    )


def _crawl(client: TestClient, starts: list[str], limit: int = 400) -> Iterator[tuple[str, str]]:
    """Every public URL reachable from ``starts`` on this site: (url, body)."""
    seen: set[str] = set()
    queue = list(starts)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith(("/desk", "/static")):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.text
        yield url, body
        if "html" in response.headers.get("content-type", ""):
            for link in re.findall(r'href="(/[^"#]*)"', body):
                queue.append(link.replace("&amp;", "&"))


def _public_texts(client: TestClient, incident_ids: list[int]) -> Iterator[tuple[str, str]]:
    starts = [
        "/",
        "/incidents",
        "/incidents.json",
        "/index.json",
        "/incidents.atom",
        "/api/v1/incidents",
        "/api/v1/countries",
        "/api/v1/home",
        "/api/v1/changes",
        "/api/v1/openapi.json",
        "/api/v1/exports/incidents.csv",
        "/api/v1/exports/incidents-acled.csv",
        "/api/v1/exports/incidents.geojson",
        "/api/v1/exports/incidents.jsonl",
        "/no-such-page",
    ]
    for i in incident_ids:
        starts += [f"/incidents/{i}", f"/incidents/{i}.json", f"/api/v1/incidents/{i}"]
    for code in ("KE", "PE", "RU"):
        starts += [f"/countries/{code}", f"/countries/{code}.json", f"/countries/{code}.atom"]
        starts += [f"/api/v1/countries/{code}"]
    yield from _crawl(client, starts)


def _assert_nothing_leaks(engine_url: str, incident_ids: list[int], planted: list[str]) -> int:
    app_ = create_app(Settings(database_url=engine_url), get_engine())
    pages = 0
    with TestClient(app_) as client:
        for word in ("Okafor", "Quispe", "Петрова", "Kenyatta", "Olivos"):
            # a search for a private word finds nothing (the page itself echoes the query)
            assert client.get("/api/v1/incidents", params={"q": word}).json()["items"] == []
        for url, body in _public_texts(client, incident_ids):
            if "q=" in url:
                continue
            pages += 1
            folded = _fold(body)
            for secret in planted:
                assert _fold(secret) not in folded, f"{secret!r} leaked at {url}"
    return pages


def _editor(cli_env: str) -> None:
    result = runner.invoke(
        app,
        ["users", "add", "ed", "--role", "editor", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_planted_private_data_never_reaches_public_output(cli_env: str, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for lang, (title, body) in ARTICLES.items():
        (folder / f"{lang}.html").write_text(_page(title, body, lang), "utf-8")
    for command in (["import", str(folder)], ["classify"], ["incidents", "build"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
    _editor(cli_env)
    with Session(get_engine()) as session:
        ids = list(session.scalars(select(Incident.id).order_by(Incident.id)))
    assert len(ids) >= 2, "the coder should find the English and Spanish arrests"

    blocked = 0
    for incident_id in ids:
        for verb in ("accept", "publish"):
            result = runner.invoke(app, ["review", verb, str(incident_id), "--as", "ed"])
            if verb == "publish" and result.exit_code != 0:
                blocked += 1
                assert "privacy gate" in f"{result.output}{result.exception}"
                found = runner.invoke(app, ["review", "findings", str(incident_id), "--json"])
                for f in json.loads(found.stdout):
                    assert f["field"] in ("title", "summary", "place"), f
                    r = runner.invoke(
                        app,
                        [
                            *("review", "redact", str(incident_id), f["field"], f["text"]),
                            *("--kind", f["kind"], "--as", "ed"),
                        ],
                    )
                    assert r.exit_code == 0, r.output
                for again in ("accept", "publish"):
                    r = runner.invoke(app, ["review", again, str(incident_id), "--as", "ed"])
                    assert r.exit_code == 0, r.output
            else:
                assert result.exit_code == 0, (verb, result.output)
    assert blocked >= 2, "the gate must have held back the planted data"

    with Session(get_engine()) as session:
        published = list(session.scalars(select(Incident.id).where(Incident.state == "published")))
    assert len(published) >= 2
    planted = [s for values in PLANTED.values() for s in values]
    pages = _assert_nothing_leaks(cli_env, published, planted)
    assert pages > 20


@pytest.mark.slow
def test_acled_import_told_to_publish_leaks_nothing(cli_env: str, tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,location,"
        "notes,fatalities\n"
        "KEN9001,2026-03-03,Violence against civilians,Attack,Unidentified Armed Group (Kenya),"
        'Journalists (Kenya),Kenya,Nairobi,"Unidentified men attacked journalist Amina Okafor '
        "at 14 Kenyatta Avenue; her lawyer (+254 722 123 456, amina.okafor@example.org) "
        'said her passport A1234567 was taken.",0\n'
        "PER9002,2026-03-04,Strategic developments,Arrests,Police Forces of Peru (2021-),"
        'Journalists (Peru),Peru,Lima,"La policía detuvo a la periodista María Fernanda '
        'Quispe en la Calle Los Olivos 245 (DNI 45678912, +51 987 654 321).",0\n',
        "utf-8",
    )
    result = runner.invoke(
        app, ["incidents", "import", str(path), "--format", "acled", "--state", "published"]
    )
    assert result.exit_code == 0, result.output
    with Session(get_engine()) as session:
        rows = session.scalars(select(Incident)).all()
        assert len(rows) == 2
        published = [i.id for i in rows if i.state == "published"]
    planted = PLANTED["en"] + PLANTED["es"]
    assert _assert_nothing_leaks(cli_env, published, planted) > 10
