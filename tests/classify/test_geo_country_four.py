"""Country, fourth pass: a smaller city after a place word in lower-cased text, the alternate
spellings of small cities and towns, "líder social" as a Colombian cue (docs/coder-journal.md, "Country,
fourth pass (country-four)"). Sentences written for these tests."""

from __future__ import annotations

from civicspace.classify.geo import gazetteer


def test_a_smaller_city_after_a_place_word_places_a_lower_cased_summary() -> None:
    g = gazetteer()
    text = "police arrested eight people for rioting and throwing stones at a police station in mpulungu."
    assert g.detect(text).country == "ZM"
    # without a place word before it, a lower-cased name is still not read as the city
    text = "police arrested eight people for rioting; mpulungu residents threw stones at them."
    assert g.detect(text).country is None


def test_an_alternate_spelling_of_a_small_city_counts() -> None:
    g = gazetteer()
    text = "Soldiers shot dead a student member of a students' conference in Zalingei."
    assert g.detect(text, lang="en").country == "SD"


def test_a_translation_of_a_town_name_does_not_count() -> None:
    g = gazetteer()
    # "Market" is an alternate name of Marquette (United States): not a spelling of it
    text = "Traders of the Central Market blocked a road before police dispersed them."
    assert g.detect(text, lang="en").country is None


def test_lider_social_is_a_colombian_cue() -> None:
    g = gazetteer()
    text = "Campesino de 40 años, fue asesinado con arma de fuego. Líder social"
    assert g.detect(text, lang="es").country == "CO"
