"""Spanish against English (docs/coder-journal.md, "Spanish killings told by their manner (es-parity)"):
a Spanish death told by the shots that hit the victim ("impactos de arma de fuego"), by the
verbs and weapons the Colombian training narratives tell it with ("le dispararon", "abaleada",
"arma corto punzante"), or with wounds that are the dead's own ("la gravedad de sus heridas") is
the killing, not an attack beside it; a survivor told anywhere still keeps the attack. And a
victim named as a union member ("Miembro del Sindicato ...") is a candidate of the cue-pair rule
from 0.2. Sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify import senses
from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE
from civicspace.classify.label_tables import CUE_PAIR_UNION_FROM, UNION_KEY
from civicspace.classify.schema import InputDoc
from tests.support.spanish import incident_flags


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


# each a death the colombia-four reading missed: no death word, the dead's wounds read as a
# survivor, or a manner it did not list
DEATHS = [
    "El líder fue atacado por desconocidos con múltiples impactos de arma de fuego.\nLíder comunal",
    "Lo atacaron con disparos y murió en la clínica por la gravedad de sus heridas.\nLíder social",
    "Encontraron a una persona herida con arma corto punzante; cuando llegaron ya había fallecido.",
    "Le dispararon en varias ocasiones y murió en el lugar.\nPresidente de la Junta de Acción Comunal",
    "Fue abaleada en un bus y murió camino al hospital.\nDefensora de derechos humanos",
    "Le propinaron seis balazos en la cabeza frente a su casa.\nLíder indígena del resguardo",
]
# a survivor, no victim, or the wounded told beside the dead: the attack stands
SURVIVED = [
    "Resultó herido de dos disparos y fue llevado al hospital, donde se recupera.\nLíder social",
    "Le propinaron cuatro tiros pero salió ileso.\nLíder comunal",
    "Dos personas murieron y tres resultaron heridas por disparos en la vereda.",
    "Hombres armados atacaron con disparos la sede del sindicato; no hubo víctimas.\nSindicato",
    "Fue atacado con múltiples impactos de arma de fuego y sobrevivió.\nLíder comunal",
]


@pytest.mark.parametrize("text", DEATHS)
def test_a_death_told_by_its_shots_or_its_wounds_reads_as_killing(text: str) -> None:
    low = text.lower()
    assert senses.death_manner(low, "es")
    assert senses.manner_keys(low, "es") == {"violations:attack"}
    assert "violations:killing" in senses.event_keys(low, "es")


@pytest.mark.parametrize("text", SURVIVED)
def test_a_survivor_keeps_the_attack(text: str) -> None:
    low = text.lower()
    assert not senses.death_manner(low, "es")
    assert not senses.manner_keys(low, "es")


def test_the_wounds_of_the_dead_are_not_a_survivor() -> None:
    assert not senses._survivor_told("murió por la gravedad de sus heridas")
    assert not senses._survivor_told("presentaba múltiples heridas causadas con machete")
    assert not senses._survivor_told("una persona herida de bala ya había fallecido")
    assert senses._survivor_told("resultó herido y fue dado de alta")
    assert senses._survivor_told("un muerto y dos heridos")


def test_the_reading_stays_spanish() -> None:
    assert not senses.death_manner("he was hit by several gunshots and died.", "en")
    assert not senses.manner_keys("attacked with multiple gunshot impacts.", "en")


def test_the_coder_labels_these_deaths_killing_without_attack(coder: DefaultCoder) -> None:
    docs = [InputDoc(id=str(i), text=t, lang="es") for i, t in enumerate(DEATHS)]
    for c in coder.code(docs):
        acts = {v.id for v in c.violations}
        assert "attack" not in acts
        assert not c.is_incident or "killing" in acts


# --- a victim named as a union member: the cue-pair rule's union candidates -----------------------
UNION_NOT_INCIDENTS = [
    "El sindicato de camioneros marchó para exigir justicia por la muerte de un joven en un robo.",
    "Un afiliado al sindicato murió en un accidente laboral en la planta.",
    "El sindicato docente denunció ataques verbales del ministro contra los maestros.",
    "El secretario general del sindicato murió ayer a los 80 años tras una larga enfermedad.",
    "Dirigentes sindicales recordaron el asesinato de Rucci en 1973 con un acto en la sede.",
    "La CGT y el sindicato de comercio lamentaron la muerte del expresidente.",
    "Un sindicalista murió al caer de un andamio en la obra.",
]


def test_a_union_is_named_by_its_name_in_spanish_only() -> None:
    assert senses.union_keys("miembro del sindicato de trabajadores", "es") == {
        "targets:trade_unionists"
    }
    assert senses.union_keys("dirigente sindical del magisterio", "es")
    assert not senses.union_keys("dos trabajadores murieron aplastados", "es")
    assert not senses.union_keys("member of the sindicato", "en")


def test_the_union_candidate_needs_the_act_its_score_and_no_guard() -> None:
    act = {UNION_KEY: 1, "violations:killing": 1}
    assert DEFAULT.keeps_cue_pair(CUE_PAIR_UNION_FROM, act)
    assert not DEFAULT.keeps_cue_pair(CUE_PAIR_UNION_FROM - 0.01, act)
    assert not DEFAULT.keeps_cue_pair(0.4, {UNION_KEY: 1, "violations:arrest_detention": 1})
    assert not DEFAULT.keeps_cue_pair(0.4, {"violations:killing": 1})
    assert not DEFAULT.keeps_cue_pair(0.4, {**act, "accident:accident": 1})
    assert not DEFAULT.keeps_cue_pair(0.4, {**act, "context:crime": 1})
    assert not NONE.keeps_cue_pair(0.4, act)
    # the pairs' own threshold is unchanged
    pair = {"pair:violations:killing|targets:hrd": 1}
    assert not DEFAULT.keeps_cue_pair(CUE_PAIR_UNION_FROM, pair)


def test_the_union_candidate_is_in_the_rules_digest() -> None:
    assert DEFAULT.digest() != replace(DEFAULT, cue_pair_union=()).digest()
    assert DEFAULT.digest() != replace(DEFAULT, cue_pair_union_from=0.25).digest()


def test_a_killed_union_member_is_kept(coder: DefaultCoder) -> None:
    text = (
        "Fue asesinado frente a su casa.\nMiembro del Sindicato de Trabajadores Agrícolas del Meta "
        "y de su junta directiva, que agrupa a campesinos de la región desde hace veinte años y "
        "trabaja con la Cumbre Agraria."
    )
    assert incident_flags(coder, [text]) == [True]


def test_ordinary_news_naming_a_union_is_not_kept(coder: DefaultCoder) -> None:
    assert not any(incident_flags(coder, UNION_NOT_INCIDENTS))


def test_the_cheap_pass_marks_a_union_named_in_the_lead(coder: DefaultCoder) -> None:
    texts = ["Fue asesinado.\nMiembro del Sindicato de Trabajadores", "Fue asesinado.\nAgricultor"]
    prepared = coder.model.prepare(texts, ["es", "es"])
    assert UNION_KEY in prepared.strong[0]
    assert UNION_KEY not in prepared.strong[1]
