"""The public country ratings page in three languages: band, panel decision, trend, incidents."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from civicspace.settings import Settings
from civicspace.web.app import create_app
from civicspace.web.public.rating_trend import trend_svg
from tests.support.desk_client import BASE
from tests.support.ratings_seed import seed_ratings


def test_country_page_says_why_in_french_spanish_and_english(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    seed_ratings(engine, tmp_path)
    app = create_app(Settings(database_url=database_url, publish_scores=True), engine)
    client = TestClient(app, base_url=BASE)

    fr = client.get("/ratings/KE?lang=fr")
    assert fr.status_code == 200 and fr.headers["content-language"] == "fr"
    text = fr.text
    assert "<h1>Kenya : notation de l’espace civique</h1>" in text
    assert '<a href="/ratings">Notations</a>' in text  # the site's menu, translated
    assert "Restreint" in text  # the band, translated
    assert "Dernière décision du panel" in text and "a rejeté" in text
    assert "Wait for the court ruling." in text
    assert 'class="chart-svg trend-svg"' in text and '<title id="trend-t">Évolution' in text
    assert "Les incidents qui ont fait bouger la notation" in text
    assert "Reporter shot dead in Mombasa" in text and "Meurtre" in text

    es = client.get("/ratings/KEN?lang=es").text
    assert "Kenia: calificación del espacio cívico" in es and "Calificaciones" in es
    en = client.get("/ratings/KE?lang=en").text
    assert "Kenya: civic space rating" in en and "Last panel decision" in en

    twin = client.get("/ratings/KE.json").json()
    decision = twin["panel_decision"]
    assert decision["status"] == "rejected" and decision["reason"] == "Wait for the court ruling."
    assert "decided_by" not in decision
    assert [h["band"] for h in twin["history"]] == ["narrowed"]
    ug = client.get("/ratings/UG.json").json()
    assert [h["band"] for h in ug["history"]][-1] != "narrowed"
    assert ug["panel_decision"]["reason"] == "Protests crushed in September."


def test_ratings_list_and_map_data_show_the_latest_change(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    import json

    seed_ratings(engine, tmp_path)
    client = TestClient(create_app(Settings(database_url=database_url), engine), base_url=BASE)
    page = client.get("/ratings?lang=fr").text
    assert '<a href="/ratings">Notations</a>' in page and "Carte des catégories" in page
    assert "/static/public/ratings_map.js" in page and "cdn" not in page.lower()
    raw = page.split('id="ratings-map-data">')[1].split("</script>")[0]
    data = {c["country"]: c for c in json.loads(raw)["countries"]}
    assert data["UG"]["change"] == "declined" and data["UG"]["change_label"] == "en recul"
    assert data["KE"]["change"] == "unchanged"  # the panel rejected its change
    assert data["KE"]["numeric"] == "404" and data["KE"]["name"] == "Kenya"
    assert 'class="change change-declined">en recul' in page
    assert 'band-narrowed">restreint' in page  # the band as the rest of the site names it


def test_trend_svg_steps_through_the_bands() -> None:
    history = [
        {"as_of": "2025-01-01", "band": "open", "score": 85.0},
        {"as_of": "2025-07-01", "band": "obstructed", "score": 50.0},
    ]
    labels = {"open": "Ouvert", "obstructed": "Entravé"}
    svg = trend_svg(history, labels, lambda s: s)
    assert svg.count('class="trend-score"') == 2
    assert "2025-01-01: Ouvert (85)" in svg and "2025-07-01: Entravé (50)" in svg
    # a step: horizontal to the second date, then down to the obstructed stripe
    path = svg.split('class="trend-band"')[0].rsplit('d="', 1)[1].split('"')[0]
    assert path.startswith("M90.0 ") and " V" in path
    assert 'viewBox="0 0 480 190"' in svg
    assert trend_svg([], labels, lambda s: s).count("<circle") == 0
