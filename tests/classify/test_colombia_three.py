"""Colombian narratives, third pass (docs/coder-journal.md, "Colombian narratives, third pass
(colombia-three)"): Spanish role and act cues, the cue-pair rule held back by ordinary crime and
by a death by accident, and a woman defender read from the narrative's caption. Sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE
from civicspace.classify.lexicon import (
    derived_keys,
    feature_names,
    lower_preserving,
    multilexicon,
)
from civicspace.classify.schema import InputDoc
from tests.support.spanish import incident_flags, strong_keys


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def _keys(text: str) -> set[str]:
    return strong_keys(text)


# (sentence, the strong cue key it must give): each cue added by colombia-three
CUES = [
    ("Era sindicalista de la asociación de educadores.", "targets:trade_unionists"),
    ("Los dirigentes sindicales denunciaron el crimen.", "targets:trade_unionists"),
    ("Fue golpeado con arma contundente en la cabeza.", "violations:attack"),
]


@pytest.mark.parametrize(("text", "key"), CUES)
def test_the_spanish_cue_is_read(text: str, key: str) -> None:
    assert key in _keys(text)


def test_a_woman_defender_is_read_from_the_caption() -> None:
    def whrd(text: str, captions: bool = True) -> bool:
        low = lower_preserving(text)
        _lang, hits = multilexicon().find(low, "es")
        return "targets:whrd" in derived_keys(low, hits, captions)

    # the participle tells what was done to the victim; the caption names her role
    assert whrd("Fue asesinada de tres tiros cerca de su casa.\nLíder de la vereda El Carmen")
    assert whrd("Fue hallada sin vida en un potrero.\nPresidenta de la Junta de Acción Comunal")
    # someone else named by a female noun is not the victim; no caption, no pair
    assert not whrd("Lo asesinaron delante de su mujer y sus hijos.\nLíder de la vereda El Carmen")
    assert not whrd("Fue asesinada de tres tiros.\nLíder de la vereda El Carmen", captions=False)


# a killing in a robbery, a community leader as the victim: ordinary crime (codebook)
ROBBERY = (
    "Unos ladrones le dispararon al líder comunal para robarle la moto y le causaron la muerte."
    "\nLíder comunal de la vereda"
)


def test_the_rule_does_not_keep_a_killing_told_as_a_robbery(coder: DefaultCoder) -> None:
    doc = InputDoc(id="r", text=ROBBERY, lang="es")
    assert not coder.code([doc], full=False)[0].is_incident
    without = DefaultCoder()
    without.label_rules = replace(DEFAULT, cue_pair_not_with=())
    assert without.code([doc], full=False)[0].is_incident


# a social leader's death by accident: no incident (codebook: disasters are not incidents)
ACCIDENT = "El líder social del barrio murió en un accidente de tránsito en la vía a Neiva."


def test_the_rule_does_not_keep_a_death_told_as_an_accident(coder: DefaultCoder) -> None:
    doc = InputDoc(id="a", text=ACCIDENT, lang="es")
    assert "accident:accident" in _keys(ACCIDENT)
    assert not coder.code([doc], full=False)[0].is_incident
    without = DefaultCoder()
    without.label_rules = replace(DEFAULT, cue_pair_not_with=("context:crime",))
    assert without.code([doc], full=False)[0].is_incident


def test_the_accident_cues_are_neither_features_nor_language_votes() -> None:
    assert not any("accident" in name for name in feature_names())
    lang, _hits = multilexicon().find(lower_preserving("accidente de tránsito"), None)
    assert lang != "es"


def test_the_crime_guard_is_data_of_the_rules_and_of_the_version() -> None:
    pair = {"pair:violations:killing|targets:hrd": 1}
    assert DEFAULT.keeps_cue_pair(0.4, pair)
    assert not DEFAULT.keeps_cue_pair(0.4, pair | {"context:crime": 1})
    assert not DEFAULT.keeps_cue_pair(0.4, pair | {"accident:accident": 1})
    assert not NONE.cue_pair_not_with
    assert DEFAULT.digest() != replace(DEFAULT, cue_pair_not_with=()).digest()


# ordinary Spanish news that the new cues occur in: no incident
NOT_INCIDENTS = [
    "El sindicalista anunció que el gremio docente negociará los salarios la semana próxima.",
    "Un hombre fue agredido con un arma contundente durante una riña en un bar del centro.",
    "La líder de la región inauguró el nuevo puente sobre el río junto al gobernador.",
    "El líder regional del partido murió en un accidente de tránsito en la vía a Neiva.",
    "Los sindicalistas murieron cuando el bus en que viajaban cayó a un abismo.",
]


def test_ordinary_spanish_news_with_the_new_cues_is_not_kept(coder: DefaultCoder) -> None:
    assert not any(incident_flags(coder, NOT_INCIDENTS))
