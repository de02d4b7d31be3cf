"""The JSON API and the public site's data on both backends: published only, filters, cursors,
changes, exports, feeds, persons never public unless the registry says so."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from civicspace.publish.cache import clear
from civicspace.settings import Settings
from civicspace.store.incidents import Incident, Person
from civicspace.web.app import create_app
from tests.support.publish_seed import PUBLISHED, SECRET_PERSON, T0, seed


@pytest.fixture
def seeded(engine: Engine) -> dict[str, int]:
    clear()
    return seed(engine)


@pytest.fixture
def client(engine: Engine, seeded: dict[str, int]) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=str(engine.url)), engine)
    with TestClient(app) as c:
        yield c


def ids(page: dict[str, Any]) -> list[int]:
    return [i["id"] for i in page["items"]]


def test_lists_only_published_newest_first(client: TestClient, seeded: dict[str, int]) -> None:
    page = client.get("/api/v1/incidents").json()
    assert ids(page) == [seeded[f"p{n}"] for n in reversed(range(len(PUBLISHED)))]
    assert seeded["withdrawn"] not in ids(page) and seeded["proposed"] not in ids(page)
    assert page["next"] is None
    text = json.dumps(page)
    assert "reviewer only" not in text and SECRET_PERSON not in text


def test_cursor_pagination_walks_every_item_once(client: TestClient) -> None:
    for sort in ("-published_at", "published_at", "-start_date", "start_date", "-id", "id"):
        seen: list[int] = []
        url: str | None = f"/api/v1/incidents?limit=2&sort={sort}"
        while url:
            page = client.get(url).json()
            seen += ids(page)
            url = page["next"]
        assert len(seen) == len(set(seen)) == len(PUBLISHED), sort
    dates = [
        i["start_date"] for i in client.get("/api/v1/incidents?sort=start_date").json()["items"]
    ]
    assert dates == sorted(dates)


FILTER_CASES = [
    ("country=KE", 3),
    ("country=KEN", 3),
    ("country=KE,FR", 4),
    ("violation=arrest_detention", 2),
    ("violation=arrest_detention&country=FR", 1),
    ("target=whrd", 2),
    ("perpetrator=police", 3),
    ("gendered=true", 2),
    ("verification=verified", 4),
    ("since=2024-01-01&until=2024-01-31", 2),
    ("q=TEAR%20gas", 1),
    ("q=journalist", 2),  # title or summary, any case
    ("q=arr%C3%AAt%C3%A9e", 1),
    ("q=100%25", 0),  # LIKE wildcards are escaped
    ("q=_", 0),
]


def test_filters(client: TestClient) -> None:
    for query, titles in FILTER_CASES:
        response = client.get(f"/api/v1/incidents?{query}")
        assert response.status_code == 200, response.text
        assert len(response.json()["items"]) == titles, query


@pytest.mark.parametrize(
    "query",
    [
        "violation=nope",
        "country=ZZ",
        "sort=title",
        "cursor=abc",
        "since=2024-02-01&until=2024-01-01",
    ],
)
def test_bad_input_is_422(client: TestClient, query: str) -> None:
    response = client.get(f"/api/v1/incidents?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/json")


def test_incident_detail(client: TestClient, seeded: dict[str, int], engine: Engine) -> None:
    item = client.get(f"/api/v1/incidents/{seeded['p0']}").json()
    assert item["sources"] == [
        {
            "title": "news.example.org",  # a source title is private: the outlet only
            "url": "https://news.example.org/a",
            "outlet": "news.example.org",
            "published": "2024-02-28T12:00:00Z",
        }
    ]
    assert item["persons"] == []
    assert client.get(f"/api/v1/incidents/{seeded['withdrawn']}").status_code == 410
    assert client.get(f"/api/v1/incidents/{seeded['proposed']}").status_code == 404
    assert client.get("/api/v1/incidents/999999").status_code == 404
    # a person marked public with a basis appears; public without a basis does not
    with Session(engine) as s:
        s.execute(update(Person).values(public=True))
        s.commit()
    assert client.get(f"/api/v1/incidents/{seeded['p0']}").json()["persons"] == []
    with Session(engine) as s:
        s.execute(update(Person).values(public_basis="public_figure"))
        s.commit()
    persons = client.get(f"/api/v1/incidents/{seeded['p0']}").json()["persons"]
    assert [p["name"] for p in persons] == [SECRET_PERSON]
    # lists and exports never carry persons
    assert SECRET_PERSON not in client.get("/api/v1/exports/incidents.jsonl").text


def test_countries_and_country_page(client: TestClient) -> None:
    countries = {c["code"]: c for c in client.get("/api/v1/countries").json()}
    assert {k: v["incidents"] for k, v in countries.items()} == {"BR": 2, "FR": 1, "HU": 1, "KE": 3}
    assert countries["KE"]["numeric"] == "404" and countries["KE"]["rating"] is None
    assert countries["KE"]["count_bucket"] == 1
    ke = client.get("/api/v1/countries/KE").json()
    assert ke["incidents"] == 3
    assert ke["timeline"] == [{"month": "2024-01", "count": 1}, {"month": "2024-02", "count": 2}]
    assert ke["perpetrators"][0] == {"id": "police", "label": "Police", "count": 2}
    assert ke["gender"]["against_whrds"] == 1 and ke["gender"]["gendered"] == 1
    assert ke["latest"][0]["title"] == "Protest dispersed with tear gas"
    assert client.get("/api/v1/countries/XX").status_code == 422
    # the HTML page's JSON twin is the same data
    assert client.get("/countries/KE.json").json() == ke


def test_aggregates_follow_changes(
    client: TestClient, engine: Engine, seeded: dict[str, int]
) -> None:
    assert client.get("/api/v1/countries/KE").json()["incidents"] == 3
    with Session(engine) as s:
        inc = s.get(Incident, seeded["p0"])
        assert inc is not None
        inc.state, inc.withdrawn_at = "withdrawn", T0
        inc.updated_at = T0.replace(year=2025)
        s.commit()
    assert client.get("/api/v1/countries/KE").json()["incidents"] == 2
    changes = client.get("/api/v1/changes?since=2024-12-31T00:00:00Z").json()["items"]
    assert changes == [
        {"change": "withdrawn", "id": seeded["p0"], "at": "2025-03-01T12:00:00Z", "incident": None}
    ]


def test_changes_feed(client: TestClient, seeded: dict[str, int]) -> None:
    items: list[dict[str, Any]] = []
    url: str | None = "/api/v1/changes?since=2024-03-03T00:00:00Z&limit=2"
    while url:
        page = client.get(url).json()
        items += page["items"]
        url = page["next"]
    kinds = [(i["id"], i["change"]) for i in items]
    assert kinds == [
        (seeded["p2"], "created"),
        (seeded["p3"], "created"),
        (seeded["p4"], "created"),
        (seeded["p5"], "created"),
        (seeded["p6"], "created"),
        (seeded["withdrawn"], "withdrawn"),
    ]
    assert items[-1]["incident"] is None
    assert "fabricated" not in json.dumps(items)
    # updated: published before `since`, changed after
    older = client.get("/api/v1/changes?since=2024-03-01T00:00:00Z").json()["items"]
    assert older[0]["change"] == "created"
    assert client.get("/api/v1/changes?since=bad").status_code == 422


def test_codebook(client: TestClient) -> None:
    cb = client.get("/api/v1/codebook").json()
    assert "killing" in [v["id"] for v in cb["violations"]]


def test_exports(client: TestClient, seeded: dict[str, int]) -> None:
    response = client.get("/api/v1/exports/incidents.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(PUBLISHED)
    first = next(r for r in rows if r["id"] == str(seeded["p0"]))
    assert first["sources"] == "https://news.example.org/a"
    assert first["url"].endswith(f"/incidents/{seeded['p0']}")
    formula = next(r for r in rows if r["country"] == "BR" and "cmd" in r["title"])
    assert formula["title"].startswith("'=")
    acled = list(
        csv.DictReader(io.StringIO(client.get("/api/v1/exports/incidents-acled.csv").text))
    )
    assert {r["event_type"] for r in acled} >= {"Violence against civilians", "Protests"}
    killing = next(r for r in acled if "killed" in r["notes"])
    assert (
        killing["fatalities"] == "1" and killing["iso"] == "76" and killing["country"] == "Brazil"
    )
    geo = client.get("/api/v1/exports/incidents.geojson?country=KE").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 3
    assert geo["features"][0]["geometry"]["type"] == "Point"
    lines = client.get("/api/v1/exports/incidents.jsonl?gendered=true").text.splitlines()
    assert len(lines) == 2 and all(json.loads(x)["gendered"] for x in lines)
    assert client.get("/api/v1/exports/incidents.csv?violation=nope").status_code == 422


@pytest.mark.parametrize(
    ("path", "entries"),
    [
        ("/feeds/incidents.atom", 7),
        ("/feeds/countries/KE.atom", 3),
        ("/feeds/violations/arrest_detention.atom", 2),
        ("/feeds/targets/whrd.atom", 2),
    ],
)
def test_atom_feeds_are_valid(client: TestClient, path: str, entries: int) -> None:
    response = client.get(path)
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert len(feed.entries) == entries
    entry = feed.entries[0]
    assert entry.link.startswith("http://127.0.0.1:8000/incidents/")  # CIVICSPACE_SITE_URL
    assert entry.id and entry.updated_parsed and entry.published_parsed
    assert feed.feed.title.startswith("civicspace")
    assert client.get("/feeds/violations/nope.atom").status_code == 404


def test_html_pages_and_twins(client: TestClient, seeded: dict[str, int]) -> None:
    home = client.get("/")
    assert home.status_code == 200 and 'id="map"' in home.text
    assert 'href="/index.json"' in home.text
    assert client.get("/index.json").json()["headline"]["incidents"] == len(PUBLISHED)
    page = client.get("/incidents?violation=arrest_detention&gendered=")
    assert page.text.count('class="incident"') == 2
    assert "/api/v1/exports/incidents.csv?violation=arrest_detention" in page.text
    twin = client.get("/incidents.json?violation=arrest_detention").json()
    assert len(twin["items"]) == 2
    detail = client.get(f"/incidents/{seeded['p0']}")
    assert "https://news.example.org/a" in detail.text and SECRET_PERSON not in detail.text
    assert client.get(f"/incidents/{seeded['withdrawn']}").status_code == 410
    assert client.get("/incidents/nope").status_code == 404
    svg = client.get("/countries/KE/charts/timeline.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and "<svg" in svg.text
    assert client.get("/countries/KE/charts/violations.csv").text.startswith("violation,incidents")
    assert client.get("/countries/KE/charts/nope.svg").status_code == 404


def test_language_negotiation(client: TestClient) -> None:
    assert 'lang="fr"' in client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9"}).text
    response = client.get("/incidents?lang=es")
    assert 'lang="es"' in response.text and "Buscar" in response.text
    assert response.cookies.get("lang") == "es"
    # the cookie is remembered over Accept-Language
    again = client.get("/incidents", headers={"Accept-Language": "fr"})
    assert 'lang="es"' in again.text
    assert "Incidents par mois" in client.get("/countries/KE?lang=fr").text


def test_no_third_party_assets(client: TestClient) -> None:
    for path in ("/", "/incidents", "/countries/KE"):
        text = client.get(path).text
        assert "http://" not in text.replace("http://testserver", "").replace(
            'xmlns="http://www.w3.org/2000/svg"', ""
        )
        assert "https://" not in text
