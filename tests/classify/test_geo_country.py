"""The country of an incident: one vote per name, the place of the act before the names around it
(docs/coder-journal.md, "Country: what changed (country-acc)"). Sentences written for these tests."""

from __future__ import annotations

import pytest

from civicspace.classify.backends.default import geo_span
from civicspace.classify.evidence import Sentence
from civicspace.classify.geo import _demonym_forms, _is_mission, gazetteer


def test_a_name_spelt_alike_in_many_locales_votes_once() -> None:
    # "India" and "China" are spelt so in a dozen locales; each is still one name
    text = "Police arrested three dozen activists in Kathmandu protesting a deal between India and China."
    result = gazetteer().detect(text)
    assert result.country == "NP"
    assert result.votes["IN"] == pytest.approx(3.0)


def test_a_foreign_mission_is_not_where_the_protest_was() -> None:
    assert (
        gazetteer().detect("Refugees protested outside the Chinese embassy in New Delhi.").country
        == "IN"
    )
    low = "protesters gathered at the embassy of india in kathmandu"
    start = low.index("india")
    assert _is_mission(low, start, start + len("india"))
    assert not _is_mission("police in india arrested", 10, 15)


def test_a_state_named_like_a_country_is_the_state() -> None:
    result = gazetteer().detect("Gunmen kidnapped five schoolgirls in Niger State, police said.")
    assert result.country == "NG"


def test_places_written_after_a_place_share_its_weight() -> None:
    # Durgapur is a city of India in geonames; the districts after it are in Bangladesh
    text = "Supporters of two candidates clashed in Durgapur municipality (Netrakona, Mymensingh)."
    assert gazetteer().detect(text).country == "BD"


def test_a_town_after_a_place_word_names_its_country_when_nothing_else_does() -> None:
    g = gazetteer()
    # (Wundanyi: Maseno, the town first used here, is a mined place cue since country-six)
    assert g.detect("One protester was killed by police in Wundanyi.").country == "KE"
    # not capitalised, or not after a place word: no vote
    assert g.detect("One protester was killed by police in wundanyi.").country is None
    assert g.detect("Wundanyi students were killed by police.").country is None


def test_a_big_city_counts_in_lowercased_text_without_its_country() -> None:
    g = gazetteer()
    assert g.detect("riots broke out in niamey on tuesday as students protested.").country == "NE"
    assert g.detect("students rampaged through niamey on tuesday.").country == "NE"
    # a town, or a big city's name that is a word: no vote
    assert g.detect("riots broke out as wundanyi students protested on tuesday.").country is None
    assert g.detect("youths hurled molotov cocktails at the police on tuesday.").country is None


def test_a_dateline_outvotes_a_demonym() -> None:
    text = "NAIROBI (Reuters) - Police arrested three Ugandan activists on Monday."
    assert gazetteer().detect(text).country == "KE"
    # a name opening the text without a dateline's mark is no dateline
    assert gazetteer().detect("Полиция задержала активистов в Москве.").country == "RU"


def test_demonyms_in_the_plural() -> None:
    assert (
        gazetteer().detect("Hundreds of Yemenis protested and police fired tear gas.").country
        == "YE"
    )
    assert _demonym_forms("Kenyan") == {"Kenyan", "Kenyans"}
    assert _demonym_forms("colombiano") == {
        "colombiano",
        "colombiana",
        "colombianos",
        "colombianas",
    }
    assert _demonym_forms("Dutch") == {"Dutch"}


def test_the_incident_sentence_outvotes_the_background() -> None:
    # (not "Kenyan police": a country's own police vote as the place since country-two)
    text = "Germany condemned the arrests. Twelve Kenyan journalists were arrested."
    g = gazetteer()
    assert g.detect(text).country == "DE"
    assert g.detect(text, focus=(text.index("Twelve"), len(text))).country == "KE"


def test_geo_span_is_an_offset_in_title_and_text() -> None:
    title = "Journalists held"
    assert geo_span(title, Sentence("text", 4, 10, "police")) == (len(title) + 5, len(title) + 11)
    assert geo_span(title, Sentence("title", 0, 16, title)) == (0, 16)
    assert geo_span("", Sentence("text", 4, 10, "police")) == (4, 10)


def test_a_country_name_of_another_language_counts_less() -> None:
    # "Dania" is Denmark in Polish; in an English note it is a given name
    text = "Dania Akter and two students were injured, Chittagong police said."
    g = gazetteer()
    assert g.detect(text, lang="en").country == "BD"
    assert g.detect(text, lang="pl").country == "DK"
    # an unknown language leaves every name its weight
    assert g.detect("Police arrested 12 journalists in Dania.").country == "DK"


def test_norway_is_a_country_code_not_yaml_false() -> None:
    # a bare NO in aliases.yaml reads as false in YAML 1.1: Norwegian voted for no country
    result = gazetteer().detect("Norwegian police detained two climate activists blocking a road.")
    assert result.country == "NO"
    assert all(isinstance(code, str) for code in result.votes)
