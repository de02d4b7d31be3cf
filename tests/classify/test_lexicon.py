"""Cue lexicons: cues in eight languages, word boundaries, stems, and the language vote."""

from __future__ import annotations

from collections import Counter

import pytest

from civicspace.classify.lexicon import (
    LANGUAGES,
    caption_start,
    feature_names,
    lower_preserving,
    multilexicon,
    pair_keys,
)

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


def _pairs(text: str, captions: bool) -> set[str]:
    low = lower_preserving(text)
    _lang, hits = multilexicon().find(low, "es")
    return pair_keys(low, hits, captions)


NARRATIVE = (
    "Dos hombres armados lo sacaron de su vivienda y lo asesinaron.\n"
    "Presidente de la Junta de Acción Comunal de la vereda El Placer"
)


def test_spanish_social_leader_cues() -> None:
    low = lower_preserving(NARRATIVE)
    _lang, hits = multilexicon().find(low, "es")
    keys = {h.key for h in hits if not h.cue.weak}
    assert {"violations:killing", "targets:hrd"} <= keys
    low = lower_preserving("Gobernador indígena del resguardo; le propinaron cuatro tiros")
    keys = {h.key for h in multilexicon().find(low, "es")[1]}
    # the shots "propinaron" tells are the killing (colombia-four), not an attack beside it
    assert {"targets:environmental_defenders", "violations:killing"} <= keys
    low = lower_preserving("Le propinaron una golpiza frente a su casa")
    assert "violations:attack" in {h.key for h in multilexicon().find(low, "es")[1]}


def test_a_closing_caption_line_pairs_with_the_act_above_it() -> None:
    assert "pair:violations:killing|targets:hrd" not in _pairs(NARRATIVE, captions=False)
    assert "pair:violations:killing|targets:hrd" in _pairs(NARRATIVE, captions=True)


def test_only_a_short_closing_line_is_a_caption() -> None:
    assert caption_start("una sola línea sin salto") is None
    assert caption_start("\nlínea tras un salto inicial") is None
    long_tail = "Lo asesinaron.\n" + "Miembro de la junta de acción comunal " + "y más " * 60
    assert caption_start(long_tail) is None
    assert "pair:violations:killing|targets:hrd" not in _pairs(long_tail, captions=True)
    text = "Lo asesinaron.\nLíder social\n"
    assert caption_start(text) == text.index("Líder")


def _reference_find(low: str) -> list[tuple[int, int, str, str, str, bool]]:
    """Every cue of every language found in ``low`` one cue at a time (``str.find`` of its
    literal key, then the same boundary, pattern and dedupe rules): what the automaton's
    per-key fast path (window-speed) must reproduce, hit for hit and in order."""
    from civicspace.classify.lexicon import Hit, _dedupe

    hits: list[Hit] = []
    n = len(low)
    for cue in multilexicon().cues:
        key = cue.text.partition("*")[0] if cue.pattern is not None else cue.text
        at = low.find(key)
        while at >= 0:
            ok = cue.left_free or at == 0 or not low[at - 1].isalnum()
            end = at + len(key)
            if ok and cue.pattern is not None:
                m = cue.pattern.match(low, at)
                ok, end = m is not None, m.end() if m is not None else end
            if ok and not cue.right_free and end < n and low[end].isalnum():
                ok = False
            if ok and cue.right_free:
                while end < n and low[end].isalnum():
                    end += 1
            if ok:
                hits.append(Hit(at, end, cue))
            at = low.find(key, at + 1)
    return [_hit_row(h) for h in _dedupe(hits)]


def _hit_row(h: object) -> tuple[int, int, str, str, str, bool]:
    start, end, cue = h.start, h.end, h.cue  # type: ignore[attr-defined]
    return start, end, cue.lang, cue.key, cue.text, cue.weak


@pytest.mark.parametrize(
    "text",
    [text for _lang, text, _expected in CASES]
    + [
        NARRATIVE,
        "Upheld, re-arrested; (arrested) journalists'/protesters—killedx. Detenidos, l'avocat "
        "a été arrêté à Paris; e o a y de la en el: activists were beaten up and she was released.",
        "arrested",
        "x",
        "",
    ],
)
def test_the_automaton_finds_what_each_cue_alone_finds(text: str) -> None:
    low = lower_preserving(text)
    assert [_hit_row(h) for h in multilexicon().lexicon.find(low)] == _reference_find(low)


@pytest.mark.parametrize(
    "text",
    [text for _lang, text, _expected in CASES]
    + [NARRATIVE, "de la de el the of and: e o a y", "체포됐다 에서 경찰이 시위대를 체포했다", ""],
)
def test_scan_counts_the_function_words_find_would_make_hits(text: str) -> None:
    """scan (what the cheap pass reads) = find, with the plain function words counted per
    language instead of made hits (docs/coder.md, "Cue lexicons")."""
    from civicspace.classify.lexicon import COUNTED

    low = lower_preserving(text)
    lexicon = multilexicon().lexicon
    found = lexicon.find(low)
    hits, counted = lexicon.scan(low)
    every = Counter(h.cue.lang for h in found if h.cue.kind == COUNTED)
    assert counted + Counter(h.cue.lang for h in hits if h.cue.kind == COUNTED) == every
    assert [_hit_row(h) for h in hits] == [
        _hit_row(h) for h in found if h.cue.kind != COUNTED or not h.cue.plain
    ]
    if any(w in low.split() for w in ("the", "de")):
        assert counted  # the Latin function words are counted, not hits
