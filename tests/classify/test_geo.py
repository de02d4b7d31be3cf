"""Countries in many languages, cities only with corroboration, common words left alone."""

from __future__ import annotations

import pytest

from civicspace.classify.geo import country_code, gazetteer, is_lowercased


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kenyan police arrested 12 protesters in Nairobi on Tuesday.", "KE"),
        ("La policía reprimió una marcha en Argentina.", "AR"),
        ("Полиция задержала активистов в Москве.", "RU"),
        ("경찰이 서울에서 시위대를 해산했다.", "KR"),
        ("Les manifestants ont été dispersés au Sénégal.", "SN"),
        ("Türkiye'de gazeteciler gözaltına alındı.", "TR"),
    ],
)
def test_country_in_many_languages(text: str, code: str) -> None:
    assert gazetteer().detect(text).country == code


def test_lowercase_words_are_not_places() -> None:
    assert gazetteer().detect("we ate turkey and chad was there in march").country is None


def test_city_needs_corroboration() -> None:
    g = gazetteer()
    alone = g.detect("Protesters gathered in Mombasa.")
    assert alone.country == "KE"
    named = g.detect("Protesters gathered in Mombasa, Kenya.")
    assert named.place == "Mombasa"
    by_source = g.detect("Protesters gathered in Mombasa.", source_country="KE")
    assert by_source.place == "Mombasa"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Democratic Republic of Congo", "CD"),
        ("Ivory Coast", "CI"),
        ("Russia", "RU"),
        ("KEN", "KE"),
        ("ke", "KE"),
        ("Kosovo", "XK"),
    ],
)
def test_country_codes(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "police in nairobi fired tear gas at students protesting fee increases; "
            "kenyan officials said 12 were arrested.",
            "KE",
        ),
        ("thousands marched in caracas against the government of venezuela on sunday.", "VE"),
        ("opposition supporters were beaten by riot police outside parliament in ghana.", "GH"),
        # a common-word name counts with a place word before it, or with another name
        ("hundreds protested fuel prices in chad and police arrested dozens of them.", "TD"),
        ("chadian police dispersed the march; chad's government banned further protests.", "TD"),
        ("riot police in ankara detained students protesting across turkey this week.", "TR"),
    ],
)
def test_lowercased_text_names_its_country(text: str, code: str) -> None:
    assert gazetteer().detect(text).country == code


@pytest.mark.parametrize(
    "text",
    [
        "chad and jordan served turkey on the good china at the guinea fowl dinner.",
        "a grenade was thrown near the island ferry during the family reunion.",
        "protesters in reading and nice were told to disperse by the mobile unit.",
    ],
)
def test_lowercased_common_words_are_not_countries(text: str) -> None:
    assert gazetteer().detect(text).country is None


def test_lowercased_city_counts_only_with_its_country() -> None:
    # a city under 100,000 people (Kericho); a bigger one counts alone (test_geo_country.py)
    g = gazetteer()
    assert g.detect("students marched through kericho demanding lower fees.").country is None
    named = g.detect("students marched through kericho, kenya, demanding lower fees.")
    assert (named.country, named.place) == ("KE", "kericho")
    named = g.detect("students marched through nairobi, kenya, demanding lower fees.")
    assert (named.country, named.place) == ("KE", "nairobi")


def test_capitalised_text_keeps_the_case_rule() -> None:
    g = gazetteer()
    text = "Police said protesters from kenya gathered in the square on Tuesday."
    assert not is_lowercased(text)
    assert g.detect(text).country is None
    assert is_lowercased(text.lower())


def test_latin_link_in_other_script_is_not_lowercased_text() -> None:
    text = "경찰이 서울에서 시위대를 해산했다. 기자들이 현장에서 취재했다. 자세한 내용: www.example.com/news/protest"
    assert not is_lowercased(text)
    assert is_lowercased("protesters marched in nairobi, kenya, on tuesday.")
