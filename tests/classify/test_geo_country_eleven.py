"""Country, eleventh pass: another city's alternate name (a big city's old or foreign name in
geonames) competes with a city whose own name it is at ``_ALT_NAME_SHARE`` of its population
("Islamabad", an old name of Chattogram, is Pakistan's capital) (docs/coder-journal.md, "Country,
eleventh pass (country-eleven)"). Sentences written for these tests."""

from __future__ import annotations

import pytest

from civicspace.classify import geo
from civicspace.classify.geo import _reading_shares, gazetteer


def test_an_alternate_name_counts_a_share_of_its_population_beside_an_own_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Chattogram (3.9 M, "Islamabad" an old name of it) against Islamabad (0.6 M, its own name)
    places = [("BD", 3_900_000, False), ("PK", 600_000, True)]
    shares = _reading_shares(places)
    assert geo._ALT_NAME_SHARE < 1.0
    alt = 3_900_000 * geo._ALT_NAME_SHARE
    assert shares["PK"] == pytest.approx(600_000 / (600_000 + alt))
    assert shares["BD"] == pytest.approx(alt / (600_000 + alt))
    monkeypatch.setattr(geo, "_ALT_NAME_SHARE", 1.0)  # before: by population alone
    assert _reading_shares(places)["PK"] == pytest.approx(600_000 / 4_500_000)


def test_an_alternate_name_alone_keeps_its_population_shares() -> None:
    # no city has the name as its own: the readings share by population, as before
    shares = _reading_shares([("CN", 900, False), ("US", 100, False)])
    assert shares == {"CN": pytest.approx(0.9), "US": pytest.approx(0.1)}
    # several cities of one country: the biggest counts, every reading is in the total
    shares = _reading_shares([("IN", 300, True), ("IN", 100, True), ("PK", 100, True)])
    assert shares == {"IN": pytest.approx(0.6), "PK": pytest.approx(0.2)}


def test_the_share_is_in_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    before = geo.gazetteer_digest.__wrapped__()
    monkeypatch.setattr(geo, "_ALT_NAME_SHARE", 1.0)
    assert geo.gazetteer_digest.__wrapped__() != before


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a capital's own name over a bigger city's old name
        ("Journalists staged a sit-in in front of the Parliament House in Islamabad.", "PK"),
        ("Members of a weavers' cooperative protested in Salem against the new lease.", "IN"),
        # a big city's alternate name still wins over small towns of that name
        ("Thousands of workers marched through Calcutta demanding higher wages.", "IN"),
    ],
)
def test_detect(text: str, country: str) -> None:
    assert gazetteer().detect(text).country == country
