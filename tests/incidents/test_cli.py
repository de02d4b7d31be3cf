"""``civicspace incidents build | export | show | history`` on both backends."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civicspace.cli import app
from civicspace.store import get_engine, upgrade
from tests.incidents.test_build import ARREST, ARREST_2, ARREST_2_TEXT, ARREST_TEXT, add_report

runner = CliRunner()


def test_build_export_show_history(cli_env: str, tmp_path: Path) -> None:
    engine = get_engine(cli_env)
    upgrade(engine)
    with Session(engine) as s:
        add_report(
            s,
            title=ARREST,
            text=ARREST_TEXT,
            url="https://www.bbc.co.uk/a",
            day=date(2024, 5, 2),
            persons=[{"name": "Ana María Pérez", "role": "victim", "kind": "person"}],
        )
        add_report(
            s,
            title=ARREST_2,
            text=ARREST_2_TEXT,
            url="https://www.theguardian.com/b",
            day=date(2024, 5, 3),
        )
        s.commit()
    result = runner.invoke(app, ["incidents", "build"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["opened"] == 1 and counts["joined"] == 1

    out = tmp_path / "incidents.jsonl"
    result = runner.invoke(app, ["incidents", "export", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record["verification"] == "corroborated"
    assert [s["url"] for s in record["sources"]] == [
        "https://www.bbc.co.uk/a",
        "https://www.theguardian.com/b",
    ]
    assert record["persons"] == []

    result = runner.invoke(app, ["incidents", "export", "--format", "csv", "--state", "proposed"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1 and rows[0]["source_count"] == "2"
    assert rows[0]["source_urls"] == "https://www.bbc.co.uk/a https://www.theguardian.com/b"
    assert "Ana" not in rows[0]["persons"]

    result = runner.invoke(app, ["incidents", "export", "--state", "nonsense"])
    assert result.exit_code != 0

    result = runner.invoke(app, ["incidents", "show", str(record["id"])])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == ARREST

    result = runner.invoke(app, ["incidents", "history", str(record["id"])])
    assert result.exit_code == 0, result.output
    revisions = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["action"] for r in revisions] == ["created"]

    result = runner.invoke(app, ["incidents", "export", "--deletions"])
    assert result.exit_code == 0 and result.stdout == ""

    result = runner.invoke(app, ["incidents", "show", "999999"])
    assert result.exit_code != 0
