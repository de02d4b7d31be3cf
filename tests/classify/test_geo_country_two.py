"""Country, second pass: place cues, lower-cased country names written as countries, a country's
own police, subdivisions named with their type (docs/coder-journal.md, "Country, second pass
(country-two)"). Sentences written for these tests."""

from __future__ import annotations

from civicspace.classify.geo import gazetteer


def test_a_cue_names_its_country_where_no_place_does() -> None:
    g = gazetteer()
    assert g.detect("ODM supporters were attacked during a political convoy.").country == "KE"
    text = "Activists of the Awami League attacked BNP men in Sadar upazila."
    assert g.detect(text).country == "BD"
    text = "Fue asesinado el presidente de la Junta de Acción Comunal de la vereda El Rosal."
    assert g.detect(text, lang="es").country == "CO"


def test_a_capitals_cue_must_be_written_so_but_in_lower_cased_text() -> None:
    g = gazetteer()
    assert g.detect("The odm of the plant said workers had protested.").country is None
    assert (
        g.detect("odm supporters clashed with police after the tallying of votes.").country == "KE"
    )


def test_a_lower_cased_common_word_country_written_as_a_country_counts() -> None:
    g = gazetteer()
    assert g.detect("students clashed with niger police on the campus on tuesday.").country == "NE"
    assert g.detect("protests against a plan to privatize panama s water system.").country == "PA"
    assert g.detect("crowds attacked a police station in northwestern china.").country == "CN"
    # alone, a common word still does not vote
    assert g.detect("the protesters wore panama hats and marched on tuesday.").country is None


def test_a_countrys_own_police_act_where_they_are() -> None:
    text = (
        "Saudi police fired rubber bullets to disperse demonstrators protesting the Israeli "
        "attack on Gaza."
    )
    assert gazetteer().detect(text).country == "SA"


def test_a_subdivision_named_with_its_type_counts_in_lower_cased_text() -> None:
    g = gazetteer()
    text = "violence erupted again in southern chiapas state as police fired on demonstrators."
    assert g.detect(text).country == "MX"
    # a compass name of many countries does not
    assert g.detect("clashes in the northern province between police and mobs.").country is None
