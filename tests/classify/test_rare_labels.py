"""The two rare labels the heads never reached: WHRDs (a derived rule: a woman and a civic role
in one sentence) and restriction of association (strong cues, so the rare-label rule fires)."""

from __future__ import annotations

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.lexicon import derived_keys, lower_preserving, multilexicon
from civicspace.classify.model import DERIVED_RULES
from civicspace.classify.schema import InputDoc


def _derived(text: str, lang: str) -> set[str]:
    low = lower_preserving(text)
    _, hits = multilexicon().find(low, lang)
    return derived_keys(low, hits)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "Police arrested human rights activist Jane Doe in Harare after she spoke at a rally.",
        ),
        ("en", "Gunmen shot dead a woman journalist outside her home in Veracruz."),
        ("es", "La lideresa social María Pérez fue asesinada por hombres armados en Cauca."),
        ("es", "La periodista Ana Gómez fue detenida por la policía en Managua."),
    ],
)
def test_a_woman_in_a_civic_role_derives_whrd(lang: str, text: str) -> None:
    assert _derived(text, lang) == {"targets:whrd"}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # a woman, no civic role
        ("en", "Police arrested a man for robbery; his wife said she was shocked."),
        # a civic role, no woman
        ("en", "Police arrested three journalists covering the protest in Nairobi."),
        # both, but in different sentences: nothing ties them together
        ("en", "The journalist was arrested on Monday. His mother said she was not told why."),
        # a woman protester is not, by that alone, a defender (codebook: whrd)
        ("en", "Women and children were among the protesters dispersed by police in Lagos."),
        ("es", "El periodista fue detenido. Su esposa dijo que ella no sabía nada."),
    ],
)
def test_whrd_needs_a_woman_and_a_civic_role_in_one_sentence(lang: str, text: str) -> None:
    assert _derived(text, lang) == set()


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def _doc(i: str, text: str, lang: str, title: str = "") -> InputDoc:
    return InputDoc(id=i, title=title, text=text, lang=lang)


WHRD_DOCS = [
    _doc(
        "en",
        "Police in Harare arrested human rights activist Joanah Mamombe on Tuesday after "
        "she joined a protest against corruption.",
        "en",
    ),
    _doc(
        "es",
        "La lideresa social María Pérez fue asesinada por hombres armados en Cauca, "
        "denunció la Defensoría del Pueblo.",
        "es",
    ),
]
ASSOCIATION_DOCS = [
    _doc(
        "en",
        "Police raided the offices of the Daily Mirror newspaper in Nairobi on Monday and "
        "arrested two journalists, the Kenya Union of Journalists said.",
        "en",
        title="Police raid newspaper, arrest journalists",
    ),
    _doc(
        "es",
        "Agentes de la policía allanaron las oficinas del periódico El Faro en San Salvador "
        "y detuvieron a dos periodistas.",
        "es",
    ),
]


@pytest.mark.parametrize("doc", WHRD_DOCS, ids=lambda d: d.id)
def test_coder_codes_whrd_with_probability_and_evidence(coder: DefaultCoder, doc: InputDoc) -> None:
    c = coder.code([doc])[0]
    assert c.is_incident
    whrd = [t for t in c.targets if t.id == "whrd"]
    assert whrd and whrd[0].p >= DERIVED_RULES["targets:whrd"]
    ev = c.evidence["targets:whrd"]
    assert doc.text[ev.start : ev.end] == ev.quote


@pytest.mark.parametrize("doc", ASSOCIATION_DOCS, ids=lambda d: d.id)
def test_coder_codes_association_restriction_on_raids(coder: DefaultCoder, doc: InputDoc) -> None:
    c = coder.code([doc])[0]
    assert c.is_incident
    assert "association_restriction" in c.ids("violations")


def test_raids_on_businesses_and_sport_are_not_coded(coder: DefaultCoder) -> None:
    docs = [
        _doc(
            "b1",
            "Prosecutors raided the offices of Samsung Electronics in Seoul on Wednesday over a "
            "bribery scandal.",
            "en",
        ),
        _doc(
            "b2",
            "Tax inspectors raided the headquarters of the mining company over alleged fraud.",
            "en",
        ),
        _doc("s1", "The club shut down the stadium after fans rioted during the derby.", "en"),
        _doc(
            "b3",
            "La fiscalía allanó las oficinas de la constructora por presunta corrupción.",
            "es",
        ),
    ]
    for c in coder.code(docs):
        assert "association_restriction" not in c.ids("violations"), c.id
        assert "whrd" not in c.ids("targets"), c.id
