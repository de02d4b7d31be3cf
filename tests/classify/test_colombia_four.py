"""Colombian narratives, fourth pass (docs/coder-journal.md, "Colombian narratives, fourth pass
(colombia-four)"): Spanish assault cues told by the weapon or the assailants, a robbery told by
its verb as ordinary crime, and the cue-pair rule kept from 0.25. Sentences written for these
tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify import senses
from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import CUE_PAIR_FROM
from civicspace.classify.schema import InputDoc
from tests.support.spanish import incident_flags, strong_keys


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


# (sentence, the strong cue key it must give): each cue added by colombia-four
FOURTH_PASS_CUES = [
    ("Le propinaron varias puñaladas en el pecho.", "violations:attack"),
    ("Recibió dos balazos frente a su casa.", "violations:attack"),
    ("Su cuerpo presentaba signos de tortura.", "violations:attack"),
    ("Fue abordado por hombres armados en la vía.", "violations:attack"),
    ("Fue interceptada por sicarios en una motocicleta.", "violations:attack"),
    ("Dos hombres le robaron la moto.", "context:crime"),
]


def test_each_fourth_pass_cue_is_read() -> None:
    missing = [(t, k) for t, k in FOURTH_PASS_CUES if k not in strong_keys(t)]
    assert not missing


def test_tiros_alone_is_no_act() -> None:
    # football: "dos tiros al arco" (the counted shots were tried and left out)
    assert not {"violations:killing", "violations:attack"} & strong_keys("Hizo dos tiros al arco.")


def test_the_rule_keeps_the_conjunction_from_a_quarter() -> None:
    pair = {"pair:violations:attack|targets:hrd": 1}
    assert CUE_PAIR_FROM == 0.25
    assert DEFAULT.keeps_cue_pair(0.26, pair)
    assert not DEFAULT.keeps_cue_pair(0.24, pair)
    assert DEFAULT.digest() != replace(DEFAULT, cue_pair_from=0.3).digest()


# the narrative's act and the victim's role on the caption line
NARRATIVES = [
    "Su cuerpo fue hallado con signos de tortura a orillas del río.\nLíder indígena del resguardo",
    "Fue abordado por hombres armados que le dispararon.\nPresidente de la Junta de Acción Comunal",
]


def test_a_narrative_told_with_the_new_cues_is_kept(coder: DefaultCoder) -> None:
    assert all(incident_flags(coder, NARRATIVES))


# ordinary Spanish news that the new cues occur in: no incident
NOT_INCIDENTS = [
    "Un hombre fue herido de varias puñaladas durante una riña en un bar del centro.",
    "La policía investiga el hallazgo de un cuerpo con signos de tortura; sería un ajuste de cuentas.",
    "El delantero recibió un balazo en la pierna durante un asalto para robarle la moto.",
    "El líder social del barrio fue abordado por hombres armados que le robaron el celular.",
    "Un soldado resultó herido de un balazo en combates con la guerrilla.",
    "El presidente de la junta de acción comunal inauguró el nuevo puente de la vereda.",
]


def test_ordinary_spanish_news_with_the_new_cues_is_not_kept(coder: DefaultCoder) -> None:
    assert not any(incident_flags(coder, NOT_INCIDENTS))


# a death told with its manner: the assault cues are the killing's manner, not an attack beside it
DEATHS = [
    "Le propinó varias puñaladas que le causaron la muerte.\nConcejal del municipio",
    "Fue asesinado de cuatro balazos frente a su casa.\nLíder social de la Junta de Acción Comunal",
    "El cuerpo fue hallado sin vida con signos de tortura.\nLíder indígena del resguardo",
]
# the same cues where the victim survives or no one is hurt: the attack stands
SURVIVED = [
    "Recibió dos balazos frente a su casa y resultó herido.\nLíder social de la Junta de Acción Comunal",
    "Sobrevivió a varias puñaladas que le propinaron en el pecho.\nConcejal del municipio",
    "Fue víctima de un intento de homicidio: le dispararon cuatro tiros.\nLíder indígena",
    "Hombres armados dispararon contra la sede del sindicato; no hubo víctimas.\nSindicato",
]


@pytest.mark.parametrize("text", DEATHS)
def test_a_death_told_with_its_manner_reads_as_killing(text: str) -> None:
    low = text.lower()
    assert senses.death_manner(low, "es")
    assert senses.manner_keys(low, "es") == {"violations:attack"}
    assert "violations:killing" in senses.event_keys(low, "es")


@pytest.mark.parametrize("text", SURVIVED)
def test_an_assault_survived_keeps_its_attack(text: str) -> None:
    low = text.lower()
    assert not senses.manner_keys(low, "es")
    assert "violations:killing" not in senses.event_keys(low, "es")


def test_the_manner_of_a_death_is_spanish_only() -> None:
    assert not senses.manner_keys("he was stabbed and died of his wounds.", "en")


def test_the_coder_labels_a_death_told_with_its_manner_killing(coder: DefaultCoder) -> None:
    docs = [InputDoc(id=str(i), text=t, lang="es") for i, t in enumerate(DEATHS)]
    for c in coder.code(docs):
        acts = {v.id for v in c.violations}
        assert "attack" not in acts
        assert not c.is_incident or "killing" in acts


def test_the_coder_keeps_the_attack_of_an_assault_survived(coder: DefaultCoder) -> None:
    docs = [InputDoc(id=str(i), text=t, lang="es") for i, t in enumerate(SURVIVED[:2])]
    for c in coder.code(docs):
        assert not c.is_incident or "attack" in {v.id for v in c.violations}


def test_the_manner_veto_is_in_the_rules_digest() -> None:
    assert DEFAULT.manner_vetoed == frozenset({"violations:attack"})
    assert DEFAULT.digest() != replace(DEFAULT, manner_vetoed=frozenset()).digest()
