"""The multilingual backend: heads over multilingual sentence vectors on top of the default coder.

The first tests give the coder a small deterministic encoder (word lists in several languages,
standing in for the sentence model) to test what the backend does with vectors: the blend, the
rescue of non-English documents (never English ones), labels, the expensive pass. The last ones use the packaged heads
with the real model of ``civicspace.textvec.multilingual`` and skip when its package is absent.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.backends.multilingual import (
    MultilingualCoder,
    heads_version,
    load_heads,
    reading_window,
)
from civicspace.classify.schema import InputDoc
from civicspace.textvec import multilingual as textvec
from civicspace.training.train import label_names
from civicspace.training.vector_cache import VectorCache

PROBE = Path(__file__).parent / "fixtures" / "multilingual_probe.jsonl"
# two "dimensions": an arrest of a civic target, and sport
ARREST = ("detenid", "detuv", "arrest", "periodista", "journalist", "gözaltı")
SPORT = ("partido", "gol", "match", "goal")

# an arrest of a journalist, in Spanish (the cue-only heads' language)
ES_ARREST = InputDoc(
    id="es",
    title="Caracas",
    text="Agentes detuvieron el martes en Caracas, Venezuela, a la periodista Ana Pérez.",
    lang="es",
    published="2024-05-09",
)


def fake_encode(texts: Sequence[str]) -> NDArray[np.float32]:
    rows = []
    for t in texts:
        low = t.lower()
        v = np.array(
            [sum(w in low for w in ARREST), sum(w in low for w in SPORT), 0.1], dtype=np.float32
        )
        rows.append(v / np.linalg.norm(v))
    return np.stack(rows)


def toy_heads(rescue_low: float = 0.0) -> dict[str, object]:
    names = label_names()
    w = np.zeros((3, len(names)), np.float32)
    b = np.full(len(names), -30.0, np.float32)
    trained = np.zeros(len(names), bool)
    j = names.index("violations:arrest_detention")
    w[0, j], b[j], trained[j] = 12.0, -4.0, True
    state: dict[str, object] = {
        "model": "toy",
        "incident": {"w": np.array([12.0, -12.0, 0.0], np.float32), "b": -3.0},
        "threshold": 0.5,
        "blend": {"trained": 0.5, "other": 0.2},
        "rescue_low": rescue_low,
        "labels": {
            "names": names,
            "w": w,
            "b": b,
            "thresholds": np.full(len(names), 0.5),
            "trained": trained,
        },
    }
    state["version"] = heads_version(state)
    return state


def test_reading_window_is_the_one_that_tells_the_incident() -> None:
    filler = "The weather was mild and the markets were calm that week. " * 30
    text = filler + "Police arrested three journalists and beat a human rights defender. " + filler
    window = reading_window("A week in the capital", text, "en")
    assert "arrested three journalists" in window
    assert window.startswith("A week in the capital")
    short = reading_window("Title", "A short text.", "en")
    assert short.startswith("Title") and "A short text." in short


def test_rescues_a_spanish_incident_the_cue_head_misses() -> None:
    calls: list[int] = []

    def encode(texts: Sequence[str]) -> NDArray[np.float32]:
        calls.append(len(texts))
        return fake_encode(texts)

    coder = MultilingualCoder(DefaultCoder(), toy_heads(rescue_low=0.1), encode)
    docs = [
        ES_ARREST,
        InputDoc(
            id="sport", text="El equipo ganó el partido con un gol en el último minuto.", lang="es"
        ),
        InputDoc(id="en", text="Shares rose after strong quarterly profits.", lang="en"),
    ]
    es, sport, en = coder.code(docs)
    # the two documents the cheap pass scores below rescue_low are never embedded
    assert sum(calls) == 1
    assert es.is_incident and es.coder == "civicspace-multilingual"
    assert "arrest_detention" in es.ids("violations")
    # no vector head for targets in these heads: the default coder's cue-backed label stays
    assert "journalists" in es.ids("targets")
    assert es.country == "VE" and "is_incident" in es.evidence  # the expensive pass ran
    assert not sport.is_incident and sport.violations == [] and sport.score < 0.1
    assert not en.is_incident and en.score < 0.5
    assert coder.version.endswith("+ml4-" + str(toy_heads(rescue_low=0.1)["version"]))


def test_labels_are_decided_by_the_default_coders_label_rules() -> None:
    """The blended label probabilities go through ``label_rules.decide`` (rules 4): attack needs
    a violence cue, whrd brings hrd, and the target gate makes an arrest of no civic target no
    incident, however high the blended score (rules 3 coded it, and attack beside the arrest)."""
    coder = MultilingualCoder(DefaultCoder(), toy_heads(rescue_low=0.0), fake_encode)
    docs = [
        InputDoc(
            id="crime",
            title="Caracas",
            text="La policía detuvo el martes en Caracas a un hombre acusado de robar un banco.",
            lang="es",
        ),
        ES_ARREST,
    ]
    crime, press = coder.code(docs)
    assert press.id == ES_ARREST.id
    assert crime.score >= 0.5 and not crime.is_incident and crime.violations == []
    assert press.is_incident and press.ids("violations") == ["arrest_detention"]
    assert {"journalists", "whrd", "hrd"} <= set(press.ids("targets"))


def test_english_documents_the_ngram_heads_drop_are_not_rescued() -> None:
    embedded: list[str] = []

    def encode(texts: Sequence[str]) -> NDArray[np.float32]:
        embedded.extend(texts)
        return fake_encode(texts)

    # rescue_low 0: every document the cheap pass drops is rescuable by its score alone
    coder = MultilingualCoder(DefaultCoder(), toy_heads(rescue_low=0.0), encode)
    docs = [
        InputDoc(
            id="en", text="Shares rose after the journalist's arrest was reported.", lang="en"
        ),
        InputDoc(id="es", text="El equipo ganó el partido con un gol.", lang="es"),
    ]
    base = DefaultCoder().code(docs)
    assert not any(c.is_incident for c in base)
    en, es = coder.code(docs)
    # English has n-gram heads: what they drop stays dropped, never embedded (rules 3)
    assert len(embedded) == 1 and "partido" in embedded[0]
    assert en.score == base[0].score and not en.is_incident
    assert not es.is_incident and es.score != base[1].score  # embedded and blended


def test_blend_weighs_the_cheap_pass_by_language() -> None:
    heads = toy_heads(rescue_low=1.1)  # nothing rescued: only kept documents are embedded
    coder = MultilingualCoder(DefaultCoder(), heads, fake_encode)
    doc = InputDoc(
        id="en", title="Journalists arrested", text="Police arrested two journalists.", lang="en"
    )
    base = DefaultCoder().code([doc])[0]
    got = coder.code([doc])[0]
    assert base.is_incident
    p_vec = 1 / (1 + np.exp(-(12.0 * fake_encode([doc.title + doc.text])[0][0] - 3.0)))
    assert got.score == pytest.approx(0.5 * base.score + 0.5 * p_vec, abs=0.02)


def test_vector_cache_embeds_each_text_once(tmp_path: Path) -> None:
    seen: list[str] = []

    def encode(texts: Sequence[str]) -> NDArray[np.float32]:
        seen.extend(texts)
        return fake_encode(texts)

    cache = VectorCache(tmp_path / "v.sqlite", "toy", encode)
    a = cache.vectors(["una periodista detenida", "un partido", "una periodista detenida"])
    b = cache.vectors(["un partido", "una periodista detenida"])
    cache.close()
    assert sorted(seen) == ["un partido", "una periodista detenida"]
    np.testing.assert_array_equal(a[1], b[0])
    other = VectorCache(tmp_path / "v.sqlite", "another-model", encode)
    other.vectors(["un partido"])
    other.close()
    assert len(seen) == 3  # another model never reads these vectors


needs_model = pytest.mark.skipif(
    not textvec.available(),
    reason="the multilingual sentence model's PyPI package is not installed (civicspace.textvec)",
)


@needs_model
def test_packaged_heads_match_the_installed_model() -> None:
    heads = load_heads()
    assert heads is not None, "artifacts/multilingual_heads.joblib is missing"
    assert heads["model"] == textvec.model_id()
    assert heads["version"] == heads_version(heads)


@needs_model
def test_multilingual_backend_on_the_probe() -> None:
    from civicspace.classify.coder import get_coder

    lines = [json.loads(line) for line in PROBE.read_text().splitlines() if line.strip()]
    docs = [InputDoc.model_validate(line) for line in lines]
    coder = get_coder("multilingual")
    codings = coder.code(docs)
    assert all(c.coder == "civicspace-multilingual" for c in codings)
    false_alarms = [
        c.id for c, g in zip(codings, lines, strict=True) if c.is_incident and not g["is_incident"]
    ]
    found = [
        c.id for c, g in zip(codings, lines, strict=True) if c.is_incident and g["is_incident"]
    ]
    assert len(false_alarms) <= 2, false_alarms
    assert len(found) >= 20, found  # of 24 incidents in eight languages


def test_refuses_heads_trained_on_another_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from civicspace.classify.backends import multilingual
    from civicspace.errors import ConfigError
    from civicspace.settings import get_settings

    monkeypatch.setattr(multilingual.textvec, "available", lambda: True)
    monkeypatch.setattr(multilingual, "load_heads", lambda path=None: toy_heads())
    with pytest.raises(ConfigError, match="trained on toy"):
        MultilingualCoder.from_settings(get_settings())
    monkeypatch.setattr(multilingual.textvec, "available", lambda: False)
    with pytest.raises(ConfigError, match="not installed"):
        MultilingualCoder.from_settings(get_settings())
