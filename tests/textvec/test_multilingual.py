"""The packaged multilingual sentence encoder: unit float32 rows, translations close together."""

from __future__ import annotations

import numpy as np
import pytest

from civicspace.textvec import multilingual

pytestmark = pytest.mark.skipif(
    not multilingual.available(),
    reason=f"the {multilingual.PACKAGE} package (multilingual sentence vectors) is not installed",
)

TEXTS = [
    "The police used tear gas to break up a peaceful march.",
    "Die Polizei setzte Tränengas ein, um einen friedlichen Marsch aufzulösen.",
    "警察使用催泪瓦斯驱散和平游行。",
    "La policía usó gas lacrimógeno para disolver una marcha pacífica.",
    "Our school has no heating and the classrooms are freezing in winter.",
    "Unsere Schule hat keine Heizung, im Winter sind die Klassenzimmer eiskalt.",
]


def test_unit_float32_rows_of_the_model_width() -> None:
    vectors = multilingual.embed(TEXTS)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(TEXTS), multilingual.DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert multilingual.embed([]).shape == (0, multilingual.DIM)


def test_a_translation_is_closer_than_another_topic_in_the_same_language() -> None:
    v = multilingual.embed(TEXTS)
    sim = v @ v.T
    for i in (1, 2, 3):  # German, Chinese, Spanish for the English protest sentence
        assert sim[0, i] > sim[0, 4] + 0.2
    assert sim[4, 5] > sim[1, 5] + 0.2  # German school sentence: its English twin, not protest


def test_same_text_same_vector_in_any_batch() -> None:
    alone = multilingual.embed([TEXTS[2]])[0]
    batched = multilingual.embed(TEXTS)[2]
    assert float(alone @ batched) > 0.999


def test_model_id_names_model_and_version() -> None:
    assert multilingual.model_id().startswith(multilingual.MODEL + "@" + multilingual.PACKAGE)
    assert "missing" not in multilingual.model_id()
