"""The act and the role told apart (docs/coder-journal.md, "Colombian narratives, fifth pass
(colombia-five)"): a Spanish killing told in one sentence and the victim's civic role in another
of the same paragraph, or in a closing role line of any length, makes the document a candidate
of the cue-pair rule from 0.1 (same judge, crime and accident guards on the whole text, and a
killing remembered: a homage, an anniversary, a decade long past), in a text of a paragraph and
its role line (the shape of every training narrative).
Sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civicspace.classify import senses
from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, NONE
from civicspace.classify.label_tables import CUE_PAIR_NEAR_FROM
from civicspace.classify.lexicon import lower_preserving, multilexicon, near_pair_keys
from civicspace.classify.schema import InputDoc
from tests.support.spanish import incident_flags


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def near(text: str) -> set[str]:
    low = lower_preserving(text)
    _lang, hits = multilexicon().find(low, "es")
    return near_pair_keys(low, hits)


KEY = "near:violations:killing|targets:hrd"

# a killing and a civic role told apart: other sentences of one paragraph, or a long role line
KEPT = [
    "La defensora de derechos humanos viajaba hacia la vereda con su esposo. "
    "Testigos dicen que hombres armados los acribillaron en la carretera.\nEnfermera",
    "Fue asesinado en la puerta de su casa por dos hombres que huyeron en una motocicleta.\n"
    "Presidente de la Junta de Acción Comunal de la vereda El Porvenir desde hace diez años, "
    "conocido en la región por su trabajo con las familias campesinas, por la defensa del agua "
    "y por haber impulsado la sustitución voluntaria de cultivos con sus vecinos del municipio.",
]
# no incident, each scored by the cue-only head within the rule's range (0.1 to its 0.5) with a
# killing and a civic role told apart: an accident, an illness, a march, a homage
NOT_KEPT = [
    "La Junta de Acción Comunal organizó un bazar. Ese mismo día murió ahogado un niño en el río.\n"
    "Junta de Acción Comunal",
    "La defensora de derechos humanos estuvo hospitalizada varios meses. Falleció tras una larga "
    "enfermedad.\nDefensora de derechos humanos",
    "Organizaciones sociales y defensores de derechos humanos marcharon este domingo por el "
    "centro de la ciudad. Exigieron justicia por el asesinato de un joven del barrio.\nMarcha",
    "El concejo rindió homenaje a los líderes sociales de la región. Recordaron a los asesinados "
    "en los años noventa.\nHomenaje",
]
# written non-incidents the cue-only head keeps alone (the rule changes nothing of these)
HEAD_KEPT = [
    "El líder comunal viajaba en su motocicleta. Murió en un accidente de tránsito en la vía.\n"
    "Presidente de la Junta de Acción Comunal",
    "Delincuentes asesinaron a un joven para robarle el celular. El líder comunal del barrio "
    "pidió más policía.\nLíder comunal",
]


def test_the_act_and_role_pair_within_a_line_or_with_the_closing_line() -> None:
    assert KEY in near("El líder comunal caminaba. Lo asesinaron.")
    assert KEY in near("Lo asesinaron ayer.\n" + "Líder comunal " + "y vecino " * 40)
    # another paragraph that is not the closing line: no pair
    assert KEY not in near("Lo asesinaron ayer.\nEl líder comunal habló.\nAgricultor")
    assert not near("El líder comunal habló de la paz.\nLíder comunal")


def test_the_candidate_needs_spanish_its_score_a_killing_and_no_guard() -> None:
    assert DEFAULT.keeps_near_pair(CUE_PAIR_NEAR_FROM, "es", {KEY})
    assert not DEFAULT.keeps_near_pair(CUE_PAIR_NEAR_FROM - 0.01, "es", {KEY})
    assert not DEFAULT.keeps_near_pair(0.4, "pt", {KEY})
    assert not DEFAULT.keeps_near_pair(0.4, "es", {"near:violations:attack|targets:hrd"})
    assert not DEFAULT.keeps_near_pair(0.4, "es", {KEY, "context:crime"})
    assert not DEFAULT.keeps_near_pair(0.4, "es", {KEY, "accident:accident"})
    assert not DEFAULT.keeps_near_pair(0.4, "es", {KEY, "remembered:killing"})
    assert not NONE.keeps_near_pair(0.4, "es", {KEY})


def test_the_candidate_is_in_the_rules_digest() -> None:
    assert DEFAULT.digest() != replace(DEFAULT, cue_pair_near_languages=()).digest()
    assert DEFAULT.digest() != replace(DEFAULT, cue_pair_near_from=0.2).digest()
    assert DEFAULT.digest() != replace(DEFAULT, cue_pair_near_not_with=()).digest()
    assert DEFAULT.digest() != replace(DEFAULT, cue_pair_near_lines=3).digest()


def test_only_a_narrative_and_its_role_line_are_read() -> None:
    assert DEFAULT.near_pair_read(0.2, "es", "Lo asesinaron.\nLíder comunal")
    assert DEFAULT.near_pair_read(0.2, "es", "Lo asesinaron.\n\nLíder comunal\n")
    assert not DEFAULT.near_pair_read(0.2, "es", "Lo asesinaron.\nOtra línea.\nLíder comunal")
    assert not DEFAULT.near_pair_read(0.05, "es", "Lo asesinaron.\nLíder comunal")
    assert not DEFAULT.near_pair_read(0.2, "en", "He was killed.\nCommunity leader")


def test_a_killing_remembered_is_read_in_spanish_only() -> None:
    assert senses.remembered_keys("un homenaje a los líderes asesinados", "es")
    assert senses.remembered_keys("fue asesinado en 1998 en la vereda", "es")
    assert not senses.remembered_keys("fue asesinado ayer en la vereda", "es")
    assert not senses.remembered_keys("a homenaje in 1998", "en")


def test_a_killing_and_a_role_told_apart_are_kept(coder: DefaultCoder) -> None:
    assert incident_flags(coder, KEPT) == [True, True]
    off = DefaultCoder()
    off.label_rules = replace(off.label_rules, cue_pair_near_languages=())
    assert incident_flags(off, KEPT) == [False, False]


def test_written_non_incidents_are_not_kept(coder: DefaultCoder) -> None:
    docs = [InputDoc(id=str(i), text=t, lang="es") for i, t in enumerate(NOT_KEPT)]
    scores = [c.score for c in coder.code(docs, full=False)]
    assert all(CUE_PAIR_NEAR_FROM <= s < 0.5 for s in scores), scores
    assert [KEY in near(t) for t in NOT_KEPT] == [True, False, True, True]  # "falleció": no act
    assert incident_flags(coder, NOT_KEPT) == [False] * len(NOT_KEPT)


def test_the_rule_adds_nothing_to_what_the_head_keeps(coder: DefaultCoder) -> None:
    off = DefaultCoder()
    off.label_rules = replace(off.label_rules, cue_pair_near_languages=())
    assert incident_flags(coder, HEAD_KEPT) == incident_flags(off, HEAD_KEPT)
