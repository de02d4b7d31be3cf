"""Country, ninth pass (docs/coder.md, "Country, ninth pass (country-nine)"): five Indian and
one Kenyan party or union acronym are place cues, in capitals only; a text that names no place
still has no country (the outlet's country as a fallback was measured and left out). Sentences
written for these tests."""

from __future__ import annotations

import pytest

from civicspace.classify.geo import gazetteer

NO_PLACE = "Fue abaleada cuando viajaba en un bus de transporte público. Defensora de derechos."


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


def test_a_text_naming_no_place_has_no_country_even_with_an_outlet() -> None:
    # the outlet's country for such a text split same-event pairs of the clustering gold set
    # (tests/incidents/test_gold.py): a BBC summary of the Pope's summit is not about Britain
    assert gazetteer().detect(NO_PLACE, "", "CO", lang="es").country is None
