"""Country, sixth pass: place cues mined from the training splits (docs/coder-journal.md, "Country, sixth
pass (country-six)"; ``scripts/mine_place_cues.py``): words only one country's training documents
write, voting like the hand-read ``place_names.CUES``. Sentences written for these tests."""

from __future__ import annotations

import json

import pytest

from civicspace.classify.geo import gazetteer, gazetteer_digest, mined_cues, place_cue_path
from civicspace.classify.place_names import CUES


def test_the_mined_cues_are_one_country_each_and_in_the_digest() -> None:
    data = json.loads(place_cue_path().read_text(encoding="utf-8"))
    assert "scripts/mine_place_cues.py" in data["about"]
    cues = mined_cues()
    assert len(cues) > 500
    assert all(len(countries) == 1 and len(countries[0]) == 2 for countries in cues.values())
    assert not set(cues) & set(CUES) or all(cues[w] == CUES[w] for w in set(cues) & set(CUES))
    assert len(gazetteer_digest()) == 16


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a university town, a refugee camp and a Nairobi constituency the cities lack
        ("Maseno University students rioted over fees; police fired tear gas.", "KE"),
        ("Refugees at Dadaab protested against cuts to their food rations.", "KE"),
        ("Traders in Embakasi blocked a road to protest their eviction.", "KE"),
        # a force and a town only one country's notes name
        ("CRPF personnel fired pellets at stone-pelting protesters after Friday prayers.", "IN"),
        ("Jade miners protested at Hpakant after a landslide killed dozens.", "MM"),
    ],
)
def test_a_mined_cue_places_a_note_that_names_nothing_else(text: str, country: str) -> None:
    assert gazetteer().detect(text, lang="en").country == country


def test_a_cue_written_as_a_name_needs_its_capital() -> None:
    # "Muse" (the Shan State border town) is mined capitalised: the common noun in lower case is
    # no cue
    assert "Muse" in mined_cues()
    result = gazetteer().detect("The poet's muse was arrested with two activists.", lang="en")
    assert result.votes.get("MM", 0.0) == 0.0


def test_an_acronym_cue_matches_as_written() -> None:
    assert "CRPF" in mined_cues()
    result = gazetteer().detect("The crpf said nothing about the protest.", lang="en")
    assert result.votes.get("IN", 0.0) == 0.0
