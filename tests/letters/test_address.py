"""The wording: forms of address per language, missions addressed as missions, the bounds."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from civicspace.letters import LANGUAGES, LetterRequest
from civicspace.letters.address import compose, forms
from civicspace.letters.contacts import Mission
from civicspace.letters.model import MAX_WORDS

EXCELLENCY = {
    "en": "Your Excellency,",
    "fr": "Excellence,",
    "es": "Excelentísimo/a señor/a:",
    "ar": "صاحب الفخامة،",
    "ko": "존경하는 각하,",
}


def test_every_language_has_the_same_fields() -> None:
    data = forms()
    assert set(data) == set(LANGUAGES)

    def shape(value: object) -> object:
        return {k: shape(v) for k, v in value.items()} if isinstance(value, dict) else None

    reference = shape(data["en"])
    for lang in LANGUAGES:
        assert shape(data[lang]) == reference, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_head_of_state_is_your_excellency(lang: str) -> None:
    wording = compose(
        LetterRequest(lang=lang, recipient="head_of_state", country="KE", day=date(2026, 3, 19))
    )
    assert wording.salutation == EXCELLENCY[lang]
    kenya = {"en": "Kenya", "fr": "Kenya", "es": "Kenia", "ar": "كينيا", "ko": "케냐"}[lang]
    assert kenya in wording.to
    assert "2026" in wording.dated
    assert wording.dir == ("rtl" if lang == "ar" else "ltr")


def test_a_ministry_is_named_in_the_language() -> None:
    wording = compose(
        LetterRequest(lang="fr", recipient="ministry", ministry="justice", country="SN")
    )
    assert wording.to == "À Son Excellence le ministre de la Justice, Sénégal"


def test_a_mission_is_addressed_to_the_mission() -> None:
    mission = Mission(
        qid="Q1",
        sender="KE",
        host="KR",
        type="embassy",
        city="Seoul",
        email="kenya@example.org",
        address={"en": "38 Hannam-daero, Seoul", "ko": "서울특별시 한남대로 38"},
    )
    request = LetterRequest(lang="ko", recipient="mission", country="KE", host="KR")
    wording = compose(request, mission)
    assert wording.to == "주대한민국 케냐 대사관 귀중"
    assert wording.address == ("서울특별시 한남대로 38", "대한민국", "kenya@example.org")
    english = compose(request.model_copy(update={"lang": "en"}), mission)
    assert english.to == "To the Embassy of Kenya in South Korea"
    assert english.salutation == "Excellency,"
    assert english.address[0] == "38 Hannam-daero, Seoul"
    consulate = Mission(qid="Q2", sender="KE", host="AE", type="consulate general", city="Dubai")
    arabic = compose(request.model_copy(update={"lang": "ar", "host": "AE"}), consulate)
    assert arabic.to == "إلى القنصلية العامة لدولة كينيا"
    assert arabic.address == ("Dubai", "الإمارات العربية المتحدة")


def test_the_general_version_names_no_country() -> None:
    for lang in LANGUAGES:
        wording = compose(LetterRequest(lang=lang))
        assert wording.to == forms()[lang]["recipients"]["general"]["to"]
        assert "{" not in wording.to


def test_paragraphs_of_the_supporter_are_kept() -> None:
    wording = compose(LetterRequest(words="First.\r\n\r\nSecond\x00 line.\n\n\n"))
    assert wording.words == ("First.", "Second line.")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lang": "de"}, "language must be one of"),
        ({"paper": "share"}, "paper must be a4 or letter"),
        ({"paper": "legal"}, "paper"),
        ({"words": "x" * (MAX_WORDS + 1)}, "at most"),
        ({"name": "n" * 121}, "at most"),
        ({"hashtag": "two words"}, "hashtag"),
        ({"recipient": "head_of_state"}, "needs a country"),
        ({"recipient": "mission", "country": "KE"}, "host"),
        ({"recipient": "ministry", "country": "KE", "ministry": "war"}, "ministry must be"),
        ({"country": "Narnia"}, "unknown country code"),
        ({"recipient": "mission", "country": "KE", "mission": "1; drop"}, "Wikidata"),
    ],
)
def test_bad_requests_are_refused(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        LetterRequest.model_validate(fields)


def test_a_hashtag_gains_its_hash() -> None:
    assert LetterRequest(hashtag="FreeThemAll").hashtag == "#FreeThemAll"
