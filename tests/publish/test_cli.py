"""``civicspace publish export|feed`` (registered by the lead in cli/__init__.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from civicspace.cli.publish import app as publish_app
from tests.support.publish_seed import PUBLISHED, seed


@pytest.fixture
def runner_app(cli_env: str, engine: Engine) -> typer.Typer:
    seed(engine)
    root = typer.Typer()
    root.add_typer(publish_app, name="publish")
    return root


def test_export_formats(runner_app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(runner_app, ["publish", "export", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == len(PUBLISHED)
    out = tmp_path / "ke.geojson"
    result = runner.invoke(
        runner_app, ["publish", "export", "--format", "geojson", "--country", "KE", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text())["features"]) == 3
    bad = runner.invoke(runner_app, ["publish", "export", "--format", "xml"])
    assert bad.exit_code != 0


def test_feed(runner_app: typer.Typer) -> None:
    result = CliRunner().invoke(runner_app, ["publish", "feed", "--violation", "killing"])
    assert result.exit_code == 0, result.output
    feed = feedparser.parse(result.stdout_bytes)
    assert not feed.bozo and len(feed.entries) == 1
