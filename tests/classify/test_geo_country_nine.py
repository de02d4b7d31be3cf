"""Country, ninth pass (docs/coder.md, "Country, ninth pass (country-nine)"): a text that names no
place at all is placed in its outlet's country where that is known, the Colombian register's
narratives carry their publisher's country as ACEP's do, and five Indian and one Kenyan acronym
are place cues. Sentences written for these tests."""

from __future__ import annotations

import pytest

from civicspace.classify.geo import gazetteer
from civicspace.training.devset import PUBLISHER_COUNTRY, gold_line
from civicspace.training.example import Example

NO_PLACE = "Fue abaleada cuando viajaba en un bus de transporte público. Defensora de derechos."


def test_a_text_naming_no_place_takes_its_outlets_country() -> None:
    r = gazetteer().detect(NO_PLACE, "", "CO", lang="es")
    assert r.country == "CO"
    assert r.place is None and r.country_mention is None


def test_without_an_outlet_country_a_text_naming_no_place_has_none() -> None:
    assert gazetteer().detect(NO_PLACE, "", None, lang="es").country is None


def test_a_named_place_still_outvotes_the_outlet() -> None:
    text = "Police arrested ten protesters in Nairobi, Kenya, on Sunday."
    assert gazetteer().detect(text, "", "CO", lang="en").country == "KE"


def test_the_colombian_register_carries_its_publishers_country() -> None:
    e = Example(id="colombia:1", text=NO_PLACE, source="colombia", group="colombia", split="dev")
    assert gold_line(e)["source_country"] == "CO"
    assert PUBLISHER_COUNTRY["acep"] == "AR"
    other = Example(id="ml4p:1", text=NO_PLACE, source="ml4p", group="ml4p", split="dev")
    assert "source_country" not in gold_line(other)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("SFI activists protested outside the college; police detained twelve.", "IN"),
        ("TDP workers staged a sit-in demanding the release of their leader.", "IN"),
        ("SAD supporters blocked the highway in protest against the arrests.", "IN"),
        ("YSR Congress members were detained while protesting the fare hike.", "IN"),
        ("BSP members held a protest demanding scholarships; police arrested several.", "IN"),
        ("MRC supporters were dispersed by police with tear gas.", "KE"),
    ],
)
def test_party_acronyms_of_one_country_vote_for_it(text: str, country: str) -> None:
    assert gazetteer().detect(text, "", None, lang="en").country == country


def test_an_acronym_cue_must_be_written_in_capitals() -> None:
    text = "The sad news spread quickly and people gathered to protest."
    assert gazetteer().detect(text, "", None, lang="en").country is None
