"""The command line end to end on each backend (typer's runner, real store, real files)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from civicspace.cli import app
from civicspace.demo import corpus_path

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_sources_add_list_remove(cli_env: str, tmp_path: Path) -> None:
    invoke("sources", "add", "https://news.example/rss.xml", "--country", "ke", "--interval", "15")
    yaml_file = tmp_path / "sources.yaml"
    yaml_file.write_text(
        "sources:\n  - url: https://other.example/sitemap.xml\n    kind: sitemap\n"
    )
    invoke("sources", "load", str(yaml_file))
    rows = [json.loads(line) for line in invoke("sources", "list", "--json").splitlines()]
    assert [(r["url"], r["country"], r["interval_minutes"]) for r in rows] == [
        ("https://news.example/rss.xml", "KE", 15),
        ("https://other.example/sitemap.xml", None, 60),
    ]
    invoke("sources", "remove", "https://news.example/rss.xml")
    assert len(invoke("sources", "list", "--json").splitlines()) == 1


def test_duplicate_source_is_a_clear_error(cli_env: str) -> None:
    invoke("sources", "add", "https://news.example/rss.xml")
    result = runner.invoke(app, ["sources", "add", "https://news.example/rss.xml"])
    assert result.exit_code != 0
    assert "already registered" in str(result.exception)


def test_demo_import_and_export(cli_env: str, tmp_path: Path) -> None:
    invoke("demo")
    invoke("import", str(corpus_path()))  # a second import records nothing new
    out = tmp_path / "docs.csv"
    invoke("documents", "export", "--format", "csv", "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    outcomes = {r["outcome"] for r in rows}
    assert {"stored", "duplicate", "parse-error", "unsupported"} <= outcomes
    assert len(rows) == 14  # 9 pages + 3 briefs + 1 broken line + the README
    languages = {r["language"] for r in rows if r["outcome"] == "stored"}
    assert {"en", "es", "fr", "ko", "pt"} <= languages
    dup = next(r for r in rows if r["outcome"] == "duplicate")
    assert dup["duplicate_of"] and "near-duplicate" in dup["reason"]
    lines = invoke("documents", "export", "--format", "jsonl", "--outcome", "stored").splitlines()
    first = json.loads(lines[0])
    assert set(first) >= {
        "id",
        "url",
        "source",
        "title",
        "text",
        "language",
        "published",
        "fetched",
        "outcome",
        "duplicate_of",
    }


def test_db_upgrade_and_current(cli_env: str) -> None:
    invoke("db", "upgrade")
    lines = dict(line.split(":", 1) for line in invoke("db", "current").splitlines())
    assert lines["current"].strip() == lines["head"].strip() != "None"


def test_demo_serves_a_full_site_with_a_notice(cli_env: str) -> None:
    from fastapi.testclient import TestClient

    from civicspace.settings import get_settings
    from civicspace.store import get_engine
    from civicspace.web.app import create_app

    invoke("demo")
    invoke("demo")  # a rerun adds nothing
    settings = get_settings().model_copy(update={"site_notice": "Demo data: synthetic"})
    client = TestClient(create_app(settings, get_engine(settings.database_url)))
    home = client.get("/")
    assert home.status_code == 200 and "Demo data: synthetic" in home.text
    page = client.get("/api/v1/incidents", params={"limit": 5}).json()
    assert len(page["items"]) == 5
    assert all("Synthetic demo incident" in i["title"] for i in page["items"])
    ratings = client.get("/api/v1/ratings").json()
    assert len(ratings["items"] if isinstance(ratings, dict) else ratings) == 40
