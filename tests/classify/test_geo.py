"""Countries in many languages, cities only with corroboration, common words left alone."""

from __future__ import annotations

import pytest

from civicspace.classify.geo import country_code, gazetteer


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
