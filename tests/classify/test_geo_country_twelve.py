"""Country, twelfth pass: demonyms the alias list lacked ("South Korean", "Macedonian",
"Azeri", "Ivorian" …) name their country as the others do, in cased and in lower-cased text
(docs/coder-journal.md, "Country, twelfth pass (country-twelve)"). Sentences written for these
tests."""

from __future__ import annotations

import pytest

from civicspace.classify.geo import gazetteer
from civicspace.countries import aliases


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("South Korean students fought riot police with firebombs on Monday.", "KR"),
        ("riot police clashed with students in the south korean capital yesterday.", "KR"),
        ("Two men were killed in clashes with Macedonian police on Friday.", "MK"),
        ("they protested against radio programmes in azeri being stopped by the ministry.", "AZ"),
        ("Ivorian police fired tear gas at opposition marchers on Friday.", "CI"),
        ("thousands of ecuadorans clashed with soldiers outside government headquarters.", "EC"),
        ("Gambian security forces arrested dozens of protesting students.", "GM"),
    ],
)
def test_a_demonym_the_list_lacked_names_its_country(text: str, country: str) -> None:
    assert gazetteer().detect(text).country == country


def test_korean_alone_is_south_korea_s_and_north_korean_north_korea_s() -> None:
    text = "a hunger strike by the federation of korean university councils at a cathedral."
    assert gazetteer().detect(text).country == "KR"
    assert gazetteer().detect("North Korean soldiers fired shots in the air.").country == "KP"


def test_a_demonym_inside_a_longer_one_gives_way() -> None:
    # "Equatorial Guinean" is Equatorial Guinea's, not Guinea's ("Guinean")
    assert "Equatorial Guinean" in aliases()["demonyms"]["GQ"]
    text = "Equatorial Guinean police detained opposition activists on Monday."
    assert gazetteer().detect(text).country == "GQ"
