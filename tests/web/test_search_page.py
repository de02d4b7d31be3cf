"""The search page: several countries survive the form, and it says how many incidents match."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.support.publish_seed import seed


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    seed(engine)
    with TestClient(create_app(Settings(database_url=str(engine.url)), engine)) as c:
        yield c


def test_two_countries_stay_chosen_and_the_count_is_shown(client: TestClient) -> None:
    one = client.get("/incidents", params={"country": "KE"}).text
    both = client.get("/incidents", params=[("country", "KE"), ("country", "BR")]).text
    assert len(re.findall(r'<option value="(?:KE|BR)" selected', both)) == 2
    count = lambda html: int(re.search(r'class="count">(?:about )?(\d+) incident', html)[1])  # noqa: E731
    api = client.get("/api/v1/incidents", params=[("country", "KE"), ("country", "BR")]).json()
    assert count(both) == api["total"] > count(one) > 0
