"""Colombian narratives, second pass (docs/coder-journal.md, "Colombian narratives, second pass
(colombia-two)"): the conjunction kept in a language without trained heads, and country names
that are Spanish given names or local places. Sentences written for these tests."""

from __future__ import annotations

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.geo import gazetteer
from civicspace.classify.label_rules import DEFAULT, NONE
from civicspace.classify.schema import InputDoc


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def _kept(coder: DefaultCoder, texts: list[str]) -> list[bool]:
    docs = [InputDoc(id=str(i), text=t, lang="es") for i, t in enumerate(texts)]
    return [c.is_incident for c in coder.code(docs, full=False)]


NARRATIVES = [
    "Lo asesinaron con arma de fuego\nLíder social",
    "Hombres armados lo interceptaron y le propinaron doce tiros.\nDefensor de derechos humanos",
    "Su cadáver fue encontrado con signos de tortura.\nLíder campesino de la Asociación Campesina",
]
# ordinary Spanish news: crime, accidents, a group denouncing a killing it did not suffer
NOT_INCIDENTS = [
    "Un hombre de 45 años fue asesinado a balazos en un intento de robo en el barrio San Martín.",
    "Dos trabajadores murieron aplastados por un muro en una obra en construcción de Rosario.",
    "Sicarios asesinaron a un comerciante en Cali; las autoridades investigan un ajuste de cuentas.",
    "Hallaron el cadáver de un turista que se ahogó en el río Paraná el fin de semana.",
    "La defensora del pueblo condenó el asesinato de un joven en un asalto en Quilmes.",
    "Un policía mató a un ladrón que intentó asaltar un kiosco en La Matanza.",
    "Le dispararon a un hincha de fútbol a la salida del estadio tras el partido de Boca.",
    "Activistas denunciaron el ataque de un perro a una niña en la plaza.",
    "Organizaciones sociales marcharon para exigir justicia por el asesinato de un joven en un robo.",
    "Murió el reconocido líder social del barrio tras una larga enfermedad, informó su familia.",
    "Un periodista deportivo murió en un accidente de tránsito cuando viajaba a cubrir el partido.",
    "Falleció el presidente de la junta de acción comunal tras un accidente de tránsito.",
]


def test_a_killing_paired_with_a_social_leader_is_kept(coder: DefaultCoder) -> None:
    assert _kept(coder, NARRATIVES) == [True] * len(NARRATIVES)


def test_ordinary_spanish_news_is_not_kept(coder: DefaultCoder) -> None:
    assert _kept(coder, NOT_INCIDENTS) == [False] * len(NOT_INCIDENTS)


def test_the_rule_is_data_of_the_rules_and_of_the_version() -> None:
    assert "pair:violations:killing|targets:hrd" in DEFAULT.cue_pair_keeps
    assert not NONE.cue_pair_keeps
    assert not NONE.keeps_cue_pair(0.9, {"pair:violations:killing|targets:hrd": 1})
    assert DEFAULT.keeps_cue_pair(0.4, {"pair:violations:killing|targets:hrd": 1})
    assert not DEFAULT.keeps_cue_pair(0.2, {"pair:violations:killing|targets:hrd": 1})
    assert not DEFAULT.keeps_cue_pair(0.4, {"pair:violations:killing|targets:trade_unionists": 1})


def test_an_english_document_is_left_to_its_trained_heads(coder: DefaultCoder) -> None:
    doc = InputDoc(id="en", text="He died of illness.\nSocial leader", lang="en")
    assert not coder.code([doc], full=False)[0].is_incident


# (text, language, country): given names, local places, the victims' tables; and the country,
# still, where it is written as one
COUNTRIES = [
    ("Tres tiros en la cabeza le propinó a Mauricio.", "es", None),
    ("Mauricio Pérez Gómez fue asesinado en Tumaco, Nariño.", "es", "CO"),
    ("Israel Gómez, presidente de la junta, fue asesinado en Toribío, Cauca.", "es", "CO"),
    ("Los turistas viajaron a la isla Mauricio.", "es", "MU"),
    ("El gobierno de Israel anunció nuevas medidas.", "es", "IL"),
    ("The Israel Defense Forces said the strike hit a building.", "en", "IL"),
    ("Fue asesinado en el barrio Panamá de Tumaco, Nariño.", "es", "CO"),
    ("Lo asesinaron en el municipio de Argelia, en el sur del Cauca.", "es", "CO"),
    ("Fue asesinado en Argelia, Cauca.", "es", "CO"),
    ("Fue asesinado en Argelia.", "es", "DZ"),
    ("Miembro de la Mesa Municipal de Víctimas de Chiriguaná.", "es", "CO"),
]


@pytest.mark.parametrize(("text", "lang", "country"), COUNTRIES)
def test_given_names_and_local_places_vote_for_no_country(
    text: str, lang: str, country: str | None
) -> None:
    assert gazetteer().detect(text, lang=lang).country == country
