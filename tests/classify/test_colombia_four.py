"""Colombian narratives, fourth pass (docs/coder.md, "Colombian narratives, fourth pass
(colombia-four)"): Spanish assault cues told by the weapon or the assailants, a robbery told by
its verb as ordinary crime, and the cue-pair rule kept from 0.25. Sentences written for these
tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import CUE_PAIR_FROM, DEFAULT
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
