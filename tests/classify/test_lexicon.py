"""Cue lexicons: cues in eight languages, word boundaries, stems, and the language vote."""

from __future__ import annotations

import pytest

from civicspace.classify.lexicon import LANGUAGES, feature_names, lower_preserving, multilexicon

CASES = [
    (
        "en",
        "Police arrested three journalists",
        {"violations:arrest_detention", "targets:journalists"},
    ),
    (
        "es",
        "La policía detuvo a tres periodistas y reprimió la marcha",
        {"violations:arrest_detention", "targets:journalists", "violations:excessive_force"},
    ),
    (
        "fr",
        "La police a arrêté trois journalistes",
        {"violations:arrest_detention", "targets:journalists"},
    ),
    (
        "pt",
        "A polícia prendeu três jornalistas",
        {"violations:arrest_detention", "targets:journalists"},
    ),
    ("ar", "اعتقلت الشرطة ثلاثة صحفيين", {"violations:arrest_detention", "targets:journalists"}),
    (
        "ru",
        "Полиция задержала трёх журналистов",
        {"violations:arrest_detention", "targets:journalists"},
    ),
    (
        "tr",
        "Polis üç gazeteciyi gözaltına aldı",
        {"violations:arrest_detention", "targets:journalists"},
    ),
    ("ko", "경찰이 기자 세 명을 체포했다", {"violations:arrest_detention", "targets:journalists"}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_cues_in_every_language(lang: str, text: str, expected: set[str]) -> None:
    found_lang, hits = multilexicon().find(lower_preserving(text), lang)
    assert found_lang == lang
    assert expected <= {h.key for h in hits}


def test_whole_words_only() -> None:
    _, hits = multilexicon().find(lower_preserving("The court upheld a killedx verdict"), "en")
    keys = {h.key for h in hits}
    assert "violations:arrest_detention" not in keys  # "?held" inside "upheld"
    assert "violations:killing" not in keys


def test_stems_match_inflections() -> None:
    _, hits = multilexicon().find(lower_preserving("Fueron detenidos dos manifestantes"), "es")
    assert "violations:arrest_detention" in {h.key for h in hits}


def test_language_vote() -> None:
    ml = multilexicon()
    assert (
        ml.find(lower_preserving("La policía detuvo a los manifestantes en la plaza del pueblo"))[0]
        == "es"
    )
    assert (
        ml.find(lower_preserving("A polícia prendeu os manifestantes na praça da cidade, não foi"))[
            0
        ]
        == "pt"
    )
    assert ml.find(lower_preserving("Полиция задержала активистов на митинге"))[0] == "ru"


def test_feature_names_cover_every_language() -> None:
    names = feature_names()
    assert "cue:violations:arrest_detention" in names
    assert "strong:targets:journalists" in names
    assert len(LANGUAGES) >= 8


def test_lower_preserving_keeps_offsets() -> None:
    text = "İstanbul'da gözaltı"
    assert len(lower_preserving(text)) == len(text)
