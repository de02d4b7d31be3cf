"""Reports of one event in two languages meet by meaning (multilingual sentence vectors), only
when they are placed in the same country; same-language pairs keep the word comparison.

The reports below are written for this test (illustrative, not third-party text); they share no
name, so words alone keep them apart.
"""

from __future__ import annotations

from datetime import date

import pytest

from civicspace.incidents import features
from civicspace.incidents.cluster import (
    Clusterer,
    crosses_languages,
    sentence_similarity,
    similarity,
)
from civicspace.incidents.features import DocFeatures, document_features, primary_language
from civicspace.textvec import multilingual

DAY = date(2024, 3, 8)
EN = (
    "Police detain twelve protesters at women's rights march",
    "Police detained twelve protesters on Friday during a women's rights march in the city "
    "centre, organisers said. Thousands marched against violence towards women.",
)
ES = (
    "La policía detuvo a doce manifestantes en la marcha por los derechos de las mujeres",
    "La policía detuvo el viernes a doce manifestantes durante una marcha por los derechos de "
    "las mujeres en el centro de la ciudad, dijeron los organizadores. Miles marcharon contra "
    "la violencia hacia las mujeres.",
)
ES_OTHER = (
    "El municipio aprobó el presupuesto para reparar calles del puerto",
    "El concejo municipal aprobó el viernes el presupuesto anual para reparar las calles de la "
    "zona del puerto y mejorar el alumbrado público.",
)

needs_model = pytest.mark.skipif(
    not multilingual.available(), reason="the multilingual sentence model is not installed"
)


def _doc(n: int, report: tuple[str, str], language: str | None, country: str = "AR") -> DocFeatures:
    title, text = report
    return document_features(
        n, title=title, text=text, country=country, day=DAY, published=DAY, language=language
    )


def test_only_reports_in_different_languages_of_one_country_are_compared_by_meaning() -> None:
    en, es = _doc(1, EN, "en"), _doc(2, ES, "es")
    assert crosses_languages(en, es)
    assert not crosses_languages(en, _doc(3, EN, "en"))  # same language: words only
    assert not crosses_languages(_doc(4, ES, "es-AR"), es)  # a variety of one language
    assert not crosses_languages(en, _doc(5, ES, "es", country="UY"))  # another country
    assert not crosses_languages(en, _doc(6, ES, None))  # language unknown
    assert not crosses_languages(_doc(7, EN, "en", country=""), _doc(8, ES, "es", country=""))
    assert primary_language("pt_BR") == "pt" and primary_language("") is None


def test_same_language_pairs_never_compute_a_sentence_vector() -> None:
    a, b = _doc(1, EN, "en"), _doc(2, EN, "en")
    assert similarity(a, b) > 0.9
    assert a.sentence is None and b.sentence is None


def test_without_the_model_nothing_crosses_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "sentences_available", lambda: False)
    en, es = _doc(1, EN, "en"), _doc(2, ES, "es")
    assert sentence_similarity(en, es) == 0.0
    assert similarity(en, es) < 0.2  # words seldom cross a language
    clusterer = Clusterer()
    clusterer.assign(en)
    assert clusterer.assign(es).opened


@needs_model
def test_one_event_reported_in_english_and_spanish_forms_one_incident() -> None:
    en, es = _doc(1, EN, "en"), _doc(2, ES, "es")
    assert sentence_similarity(en, es) > sentence_similarity(en, _doc(3, ES_OTHER, "es"))
    clusterer = Clusterer()
    first = clusterer.assign(en)
    second = clusterer.assign(es)
    assert not second.opened and second.cluster is first.cluster
    assert en.sentence is not None and es.sentence is not None  # computed once, kept


@needs_model
def test_another_event_or_another_country_stays_apart() -> None:
    clusterer = Clusterer()
    clusterer.assign(_doc(1, EN, "en"))
    # the same day and country, another event
    assert clusterer.assign(_doc(2, ES_OTHER, "es")).opened
    # the same story placed in another country: no meaning comparison, and words do not cross
    assert clusterer.assign(_doc(3, ES, "es", country="CL")).opened
